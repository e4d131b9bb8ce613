"""执法全过程记录 (行政处罚法第四十七条): chunked upload that resumes, SHA-256 verified and in the
audit trail, content checked, scoped playback with byte ranges, the steps that need a record."""

import hashlib
from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from anjian.audit.models import AuditEntry
from anjian.core.records import missing_av_record, require_av_record
from anjian.core.services import ConflictError
from anjian.enforcement import services as enf
from anjian.enforcement.tests.conftest import make_finding
from anjian.enforcement.tests.helpers import decided
from anjian.records import services
from anjian.records.models import ChunkedUpload, MediaRecord

# an ISO BMFF header (what a phone's or a body camera's MP4 begins with), then payload
MP4 = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + bytes(range(256)) * 400


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.ANJIAN_RECORDS_CHUNK_BYTES = 32 * 1024
    return settings.MEDIA_ROOT


def upload_all(by, case, data=MP4, step="seizure", name="seizure.mp4", chunk=32 * 1024):
    up = services.start_upload(
        by, case, step=step, filename=name, size=len(data),
        captured_at=timezone.now() - timedelta(hours=1), device="执法记录仪 DSJ-001",
    )  # fmt: skip
    for off in range(0, len(data), chunk):
        up = services.put_chunk(by, up, offset=off, data=data[off : off + chunk])
    return services.finish_upload(by, up, sha256=hashlib.sha256(data).hexdigest())


@pytest.fixture
def case(world):
    return decided(world, make_finding(world))


def test_seizure_cannot_be_completed_without_an_av_record(world, case):
    with pytest.raises(ValidationError) as exc:
        require_av_record(case, "seizure")
    msg = exc.value.message_dict["media"][0]
    assert "第四十七条" in msg and "行政强制法" in msg
    # a photo is not an audio-video record
    photo = SimpleUploadedFile("p.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    services.attach(world.inspector, case, step="seizure", file=photo,
                    captured_at=timezone.now(), device="手机")  # fmt: skip
    assert missing_av_record(case, "seizure")
    upload_all(world.inspector, case)
    require_av_record(case, "seizure")  # no longer refused


def test_interrupted_chunked_upload_resumes_and_hash_goes_into_the_audit_trail(world, case):
    data = MP4
    up = services.start_upload(
        world.inspector, case, step="seizure", filename="现场.mp4", size=len(data),
        captured_at=timezone.now(), device="DSJ-001",
    )  # fmt: skip
    services.put_chunk(world.inspector, up, offset=0, data=data[:32768])
    services.put_chunk(world.inspector, up, offset=32768, data=data[32768:65536])
    # the connection dropped: the client asks where to continue
    up = ChunkedUpload.objects.get(pk=up.pk)
    assert up.received == 65536
    # a chunk sent again (its answer was lost) changes nothing; a gap is refused with the offset
    services.put_chunk(world.inspector, up, offset=32768, data=data[32768:65536])
    with pytest.raises(ConflictError) as exc:
        services.put_chunk(world.inspector, up, offset=98304, data=data[98304:])
    assert "65536" in str(exc.value)
    with pytest.raises(ValidationError) as exc:  # not finished yet
        services.finish_upload(world.inspector, up, sha256=hashlib.sha256(data).hexdigest())
    assert "upload" in exc.value.message_dict
    services.put_chunk(world.inspector, up, offset=65536, data=data[65536:98304])
    services.put_chunk(world.inspector, up, offset=98304, data=data[98304:])
    rec = services.finish_upload(world.inspector, up, sha256=hashlib.sha256(data).hexdigest())
    assert rec.sha256 == hashlib.sha256(data).hexdigest() and rec.kind == "video"
    assert rec.file.read() == data
    entry = AuditEntry.objects.filter(action="records.attach").get()
    assert entry.after["sha256"] == rec.sha256 and entry.after["step"] == "seizure"
    assert entry.object_id == str(case.pk) or str(entry.object_id) == str(case.pk)
    # finishing again answers the same record
    again = services.finish_upload(world.inspector, up, sha256=rec.sha256)
    assert again.pk == rec.pk and MediaRecord.objects.count() == 1


def test_a_wrong_hash_or_content_is_refused_and_nothing_is_stored(world, case):
    up = services.start_upload(world.inspector, case, step="seizure", filename="a.mp4",
                               size=len(MP4), captured_at=timezone.now(), device="D")  # fmt: skip
    for off in range(0, len(MP4), 32768):
        services.put_chunk(world.inspector, up, offset=off, data=MP4[off : off + 32768])
    with pytest.raises(ValidationError) as exc:
        services.finish_upload(world.inspector, up, sha256="0" * 64)
    assert "校验失败" in exc.value.message_dict["sha256"][0]
    assert not MediaRecord.objects.exists()
    fake = b"MZ\x90\x00" + b"\x00" * 1000  # an executable named .mp4
    up = services.start_upload(world.inspector, case, step="seizure", filename="x.mp4",
                               size=len(fake), captured_at=timezone.now(), device="D")  # fmt: skip
    with pytest.raises(ValidationError) as exc:
        services.put_chunk(world.inspector, up, offset=0, data=fake)
    assert "按文件内容检查" in exc.value.message_dict["filename"][0]


def test_start_validates_every_field(world, case):
    with pytest.raises(ValidationError) as exc:
        services.start_upload(world.inspector, case, step="seizure", filename="a.exe", size=0,
                              captured_at=timezone.now() + timedelta(days=1), device="")  # fmt: skip
    assert {"filename", "size", "captured_at", "device"} <= set(exc.value.message_dict)
    with pytest.raises(ValidationError) as exc:  # a case has no 现场检查 step
        services.start_upload(world.inspector, case, step="inspection", filename="a.mp4",
                              size=10, captured_at=timezone.now(), device="D")  # fmt: skip
    assert "step" in exc.value.message_dict
    with pytest.raises(PermissionDenied):  # another department
        services.start_upload(world.builder, case, step="seizure", filename="a.mp4", size=10,
                              captured_at=timezone.now(), device="D")  # fmt: skip


def test_department_list_adds_steps_service_refused_without_record(world):
    case = decided(world, make_finding(world))
    with pytest.raises(PermissionDenied):
        services.set_required_steps(world.inspector, world.yjj, ["service"])
    services.set_required_steps(world.leader, world.yjj, ["service"], source="本局全过程记录清单")
    with pytest.raises(ValidationError) as exc:
        enf.serve(world.inspector, case)
    assert "第四十七条" in exc.value.message_dict["media"][0]
    case.refresh_from_db()
    assert case.stage == "decided"
    upload_all(world.inspector, case, step="service", name="送达.mp4")
    assert enf.serve(world.inspector, case).stage == "served"


def test_playback_scoped_with_ranges(world, case, client):
    rec = upload_all(world.inspector, case)
    client.force_login(world.inspector)
    page = client.get(case.get_absolute_url()).content.decode()
    assert f'<video controls preload="metadata" src="/records/{rec.pk}/file"' in page
    assert rec.sha256 in page
    full = client.get(f"/records/{rec.pk}/file")
    assert full.status_code == 200 and full["Content-Type"] == "video/mp4"
    assert b"".join(full.streaming_content) == MP4
    part = client.get(f"/records/{rec.pk}/file", HTTP_RANGE="bytes=10-19")
    assert part.status_code == 206 and part["Content-Range"] == f"bytes 10-19/{len(MP4)}"
    assert b"".join(part.streaming_content) == MP4[10:20]
    assert client.get(f"/records/{rec.pk}/file", HTTP_RANGE=f"bytes={len(MP4)}-").status_code == 416
    client.force_login(world.builder)  # another department: not found
    assert client.get(f"/records/{rec.pk}/file").status_code == 404


def test_upload_endpoints(world, case, client):
    client.force_login(world.inspector)
    url = f"/records/enforcement.case/{case.pk}/uploads/"
    bad = client.post(url, {"step": "seizure", "filename": "a.mp4", "size": "x"})
    assert bad.status_code == 400 and "size" in bad.json()["errors"]
    r = client.post(url, {"step": "seizure", "filename": "a.mp4", "size": len(MP4),
                          "captured_at": "2026-01-02T09:30", "device": "DSJ-1",
                          "officer": world.inspector.pk})  # fmt: skip
    assert r.status_code == 201
    uid = r.json()["id"]
    put = client.put(f"/records/uploads/{uid}/?offset=0", MP4[:32768],
                     content_type="application/octet-stream")  # fmt: skip
    assert put.json()["received"] == 32768
    gap = client.put(f"/records/uploads/{uid}/?offset=65536", MP4[65536:98304],
                     content_type="application/octet-stream")  # fmt: skip
    assert gap.status_code == 409 and gap.json()["received"] == 32768
    assert client.get(f"/records/uploads/{uid}/").json()["received"] == 32768
    for off in range(32768, len(MP4), 32768):
        client.put(f"/records/uploads/{uid}/?offset={off}", MP4[off : off + 32768],
                   content_type="application/octet-stream")  # fmt: skip
    done = client.post(f"/records/uploads/{uid}/finish/",
                       {"sha256": hashlib.sha256(MP4).hexdigest()})  # fmt: skip
    assert done.status_code == 201
    client.force_login(world.leader)  # only the uploader continues an upload
    assert client.get(f"/records/uploads/{uid}/").status_code == 404


def test_inspection_page_has_the_panel(world, client):
    f = make_finding(world, sign=False)
    insp = f.inspection
    services.set_required_steps(world.leader, world.yjj, ["inspection"])
    from anjian.inspections.services import missing_for_submit

    assert any("第四十七条" in m for m in missing_for_submit(insp))
    client.force_login(world.inspector)
    page = client.get(f"/inspections/{insp.pk}/").content.decode()
    assert 'id="av-records"' in page and "data-chunked-upload" in page
    assert ContentType.objects.get_for_model(insp)  # the record's target type exists


def test_a_seizure_is_carried_out_only_with_its_av_record(world, client):
    """查封扣押 (行政强制法第十八条): `issue_seizure` refuses until the measure has a video or
    audio record; the measure's page offers the upload."""
    from datetime import date

    from anjian.enforcement import services as enforcement
    from anjian.enforcement.tests.test_measures import _proposed, _signed

    s = _proposed(world)
    s = enforcement.approve_seizure(world.leader, s)
    _signed(world, s)
    with pytest.raises(ValidationError) as exc:
        enforcement.issue_seizure(world.inspector, s, on=date(2025, 9, 5))
    assert "行政强制法" in exc.value.message_dict["media"][0]
    client.force_login(world.inspector)
    page = client.get(s.get_absolute_url()).content.decode()
    assert "records/uploader.js" in page  # the 全过程记录 section with its uploader
    upload_all(world.inspector, s)
    s = enforcement.issue_seizure(world.inspector, s, on=date(2025, 9, 5))
    assert s.status == "active" and s.decision_document is not None
