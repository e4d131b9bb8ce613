"""执法全过程记录 in chromium: a video recorded in the page (MediaRecorder, WebM) is uploaded in
chunks by records/uploader.js, verified by its SHA-256, and plays on the case page."""

import hashlib

from anjian.audit.models import AuditEntry
from anjian.enforcement.tests.conftest import make_finding
from anjian.enforcement.tests.helpers import decided
from anjian.records.models import MediaRecord

from .conftest import login, wait_js

RECORD = """async () => {
  const c = document.createElement('canvas'); c.width = 160; c.height = 120;
  const g = c.getContext('2d'); const stream = c.captureStream(25);
  const rec = new MediaRecorder(stream, {mimeType: 'video/webm'}); const parts = [];
  rec.ondataavailable = e => parts.push(e.data);
  let i = 0; const t = setInterval(() => { g.fillStyle = i++ % 2 ? '#c00' : '#06c';
    g.fillRect(0, 0, 160, 120); }, 40);
  rec.start(100); await new Promise(r => setTimeout(r, 1200)); rec.stop();
  await new Promise(r => rec.onstop = r); clearInterval(t);
  const file = new File(parts, 'seizure.webm', {type: 'video/webm'});
  const dt = new DataTransfer(); dt.items.add(file);
  document.querySelector('#av-file').files = dt.files;
  return file.size;
}"""


def test_video_uploads_in_chunks_and_plays_on_the_case_page(
    e2e_world, new_page, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.ANJIAN_RECORDS_CHUNK_BYTES = 16 * 1024  # several chunks even for a short clip
    case = decided(e2e_world, make_finding(e2e_world))
    page = new_page()
    login(page, e2e_world.inspector.username)
    page.goto(f"/enforcement/{case.pk}/")
    size = page.evaluate(RECORD)
    assert size > 0
    page.select_option("#av-step", "seizure")
    page.fill("#av-device", "执法记录仪 DSJ-001")
    page.click("form[data-chunked-upload] button[type=submit]")
    page.wait_for_selector("#av-records video", timeout=60000)  # the page reloads when done
    rec = MediaRecord.objects.get()
    data = rec.file.read()
    assert len(data) == size and hashlib.sha256(data).hexdigest() == rec.sha256
    assert AuditEntry.objects.filter(action="records.attach", after__sha256=rec.sha256).exists()
    assert rec.sha256 in page.content()
    # the player loads the video through the scoped view and plays it
    wait_js(page, "document.querySelector('#av-records video').readyState >= 1", timeout=20)
    page.evaluate("document.querySelector('#av-records video').play()")
    wait_js(page, "document.querySelector('#av-records video').currentTime > 0", timeout=20)
    page.screenshot(path=str(tmp_path / "case-video.png"), full_page=True)
    import shutil

    shutil.copy(tmp_path / "case-video.png", "/tmp/i17-case-video.png")
