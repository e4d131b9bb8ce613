"""Pages of 查封扣押 and of the evidence records: the forms, the transitions, the case page's
证据清单, scope (404), and the pages in English."""

from datetime import date

import pytest
from django.urls import reverse

from anjian.enforcement.measures_models import EvidenceRecord, Seizure
from anjian.testing import ID_NUMBER

from .conftest import PNG
from .helpers import chinese_ui, filed

ITEMS = "液氨充装设备｜YA-200｜1｜套｜二号车间\n未经检验的压力容器||2|台|"


@pytest.fixture(autouse=True)
def _no_av_rule():
    """These tests are of the measure itself; the 全过程记录 rule a 查封扣押 also obeys (its
    audio-video record) is the records app's, tested there (records/tests)."""
    from anjian.enforcement.services import measures

    saved = list(measures.AUDIO_VIDEO_CHECKS)
    measures.AUDIO_VIDEO_CHECKS[:] = [
        c for c in saved if not c.__module__.startswith("anjian.records")
    ]
    yield
    measures.AUDIO_VIDEO_CHECKS[:] = saved


def _seizure_via_pages(client, world, finding):
    client.force_login(world.inspector)
    url = reverse("enforcement:seizure_new") + f"?inspection={finding.inspection.pk}"
    r = client.get(url)
    assert r.status_code == 200 and "液氨" not in r.content.decode()
    # one officer only: refused with the rule, nothing written
    data = {
        "kind": "seal", "facts": "二号车间存在重大事故隐患", "place": "二号车间",
        "planned_on": date.today().isoformat(), "party_present": "on", "party_name": "王厂长",
        "items": ITEMS, "officers": [world.inspector.pk],
    }  # fmt: skip
    r = client.post(url, data)
    assert r.status_code == 200 and "两名以上" in r.content.decode()
    assert not Seizure.objects.exists()
    r = client.post(url, {**data, "officers": [world.inspector.pk, world.leader.pk]})
    s = Seizure.objects.get()
    assert r.status_code == 302 and r["Location"] == s.get_absolute_url()
    assert s.inspection == finding.inspection and s.items.count() == 2
    return s


def _act(client, s, action, data=None):
    return client.post(reverse("enforcement:seizure_action", args=[s.pk, action]), data or {})


def test_seizure_through_its_pages(client, world, finding):
    s = _seizure_via_pages(client, world, finding)
    detail = s.get_absolute_url()
    # the inspector may not approve; the page shows the refusal
    r = _act(client, s, "approve", {"version": s.version})
    assert r.status_code in (302, 403)
    s.refresh_from_db()
    assert s.status == "draft"
    client.force_login(world.leader)
    r = _act(client, s, "approve", {"version": s.version, "note": "同意"})
    assert r.status_code == 302
    s.refresh_from_db()
    assert s.status == "approved"
    for officer in (world.leader, world.inspector):
        client.force_login(officer)
        assert _act(client, s, "sign", {"signer": officer.pk}).status_code == 302
    import base64

    png = "data:image/png;base64," + base64.b64encode(PNG).decode()
    r = _act(client, s, "sign", {"name": "王厂长", "id_number": ID_NUMBER, "png": png})
    assert r.status_code == 302
    r = _act(client, s, "issue", {"version": Seizure.objects.get().version,
                                   "on": date.today().isoformat()})  # fmt: skip
    assert r.status_code == 302, r.content.decode()[:2000]
    s.refresh_from_db()
    assert s.status == "active" and s.decision_document is not None
    body = client.get(detail).content.decode()
    assert s.decision_document.number in body and "解除" in body
    r = _act(client, s, "lift", {"version": s.version, "reason": "decided",
                                  "on": date.today().isoformat()})  # fmt: skip
    assert r.status_code == 302
    s.refresh_from_db()
    assert s.status == "lifted" and s.lift_document is not None
    assert client.get(reverse("enforcement:seizure_list")).status_code == 200
    # another department does not see it
    client.force_login(world.builder)
    assert client.get(detail).status_code == 404


def test_evidence_from_the_case_page(client, world, finding):
    case = filed(world, finding)
    client.force_login(world.inspector)
    page = reverse("enforcement:case_detail", args=[case.pk])
    body = client.get(page).content.decode()
    assert "证据清单" in body and "?case=" in body
    url = reverse("enforcement:evidence_new") + f"?case={case.pk}&kind=inquiry"
    assert client.get(url).status_code == 200
    r = client.post(url, {
        "kind": "inquiry", "on": date.today().isoformat(), "place": "会议室",
        "officers": [world.inspector.pk, world.leader.pk], "recorder": world.leader.pk,
        "subject_name": "王五", "subject_id_number": ID_NUMBER, "content": "问：姓名？\n答：王五。",
    })  # fmt: skip
    assert r.status_code == 302, r.content.decode()[:3000]
    rec = EvidenceRecord.objects.get()
    assert rec.document.kind == "inquiry_record" and rec.notice_document.kind == "inquiry_notice"
    body = client.get(page).content.decode()
    assert rec.document.number in body
    detail = client.get(rec.get_absolute_url()).content.decode()
    assert "王五" in detail
    # a file that is not what its name says is refused, naming the file
    from django.core.files.uploadedfile import SimpleUploadedFile

    bad = SimpleUploadedFile("photo.jpg", b"<html>not a photo</html>")
    r = client.post(reverse("enforcement:evidence_action", args=[rec.pk, "files"]), {"files": bad})
    assert rec.files.count() == 0
    good = SimpleUploadedFile("sig.png", PNG)
    r = client.post(reverse("enforcement:evidence_action", args=[rec.pk, "files"]),
                    {"files": good})  # fmt: skip
    assert r.status_code == 302 and rec.files.count() == 1
    f = rec.files.get()
    r = client.get(reverse("enforcement:evidence_file", args=[f.pk]))
    assert r.status_code == 200 and r["Content-Type"] == "image/png"
    client.force_login(world.builder)
    assert client.get(reverse("enforcement:evidence_file", args=[f.pk])).status_code == 404


@pytest.fixture
def english(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def test_pages_in_english(english, world, finding):
    from anjian.enforcement import services

    case = filed(world, finding)
    s = services.create_seizure(
        world.inspector, enterprise=world.chem, facts="隐患", place="二号车间",
        officers=[world.inspector, world.leader], party_name="王厂长",
        items=[{"name": "设备", "quantity": "1"}], case=case,
    )  # fmt: skip
    rec = services.create_evidence(
        world.inspector, case, kind="site", place="二号车间", content="勘验情况",
        officers=[world.inspector, world.leader],
    )  # fmt: skip
    english.force_login(world.leader)
    urls = [
        s.get_absolute_url(), rec.get_absolute_url(), reverse("enforcement:seizure_list"),
        reverse("enforcement:evidence_list"),
        reverse("enforcement:seizure_new") + f"?case={case.pk}",
        reverse("enforcement:evidence_new") + f"?case={case.pk}",
        reverse("enforcement:case_detail", args=[case.pk]),
    ]  # fmt: skip
    left = {}
    for url in urls:
        r = english.get(url)
        assert r.status_code == 200, url
        if found := chinese_ui(r.content.decode()):
            left[url] = found
    assert left == {}, left
