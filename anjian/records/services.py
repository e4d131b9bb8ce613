"""执法全过程记录: attach audio, video and photos to the step they record, in chunks that resume.

Every file is checked by its content (core.uploads), hashed (SHA-256) and the hash written into
the audit trail on the record of the step, in the transaction that stores it. A chunked upload
is `start_upload` → `put_chunk` at the offset received so far (a resumed upload asks
`upload.received`) → `finish_upload`, which verifies the SHA-256 the client declares against
the bytes received before the file becomes a record.
"""

import hashlib
import os
import re
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from anjian.accounts.models import Role
from anjian.audit.services import record
from anjian.core import uploads
from anjian.core.records import ALWAYS_REQUIRED, STEPS, require_av_record
from anjian.core.services import ConflictError, require

from .models import AV_KINDS, TARGETS, ChunkedUpload, MediaRecord, RequiredStep

ART_47 = "《行政处罚法》第四十七条"
ART_COERCION = "《行政强制法》第十八条"
KIND_OF = {"video": "video", "audio": "audio", "image": "photo"}
SHA_RE = re.compile(r"^[0-9a-f]{64}$")


def max_bytes() -> int:
    return int(getattr(settings, "ANJIAN_RECORDS_MAX_BYTES", 4 * 1024**3))


def max_chunk() -> int:
    return int(getattr(settings, "ANJIAN_RECORDS_CHUNK_BYTES", 8 * 1024**2))


def partial_dir() -> Path:
    d = Path(getattr(settings, "ANJIAN_RECORDS_PARTIAL_DIR", "") or settings.MEDIA_ROOT / "partial")
    d.mkdir(parents=True, exist_ok=True)
    return d


def _label(obj) -> str:
    return f"{obj._meta.app_label}.{obj._meta.model_name}"


def _department(obj):
    return obj.department


def _region(obj) -> str:
    return getattr(obj, "region_code", None) or obj.enterprise.region_id


def step_label(step: str) -> str:
    return _(dict(STEPS)[step])


# ------------------------------------------------------------------- who may record what


def may_record(user, obj) -> bool:
    """The department's staff who may change the record (its inspectors, its case handlers)."""
    if not user.is_authenticated or user.role in (Role.ENTERPRISE, Role.EXPERT, Role.TOWN):
        return bool(user.is_superuser)
    return type(obj).objects.restrict(user, "change").filter(pk=obj.pk).exists()


def _check_target(by, obj, step: str) -> None:
    require(may_record(by, obj), _("您无权为该记录上传执法全过程记录"))
    steps = TARGETS.get(_label(obj))
    if steps is None or step not in steps:
        raise ValidationError(
            {"step": _("该记录不能附加“%(step)s”环节的记录") % {"step": step_label(step)}
             if step in dict(STEPS) else _("请选择执法环节")}
        )  # fmt: skip


def _check_meta(by, *, captured_at, device, officer, field_prefix="") -> dict:
    errors = {}
    if captured_at is None:
        errors["captured_at"] = _("请填写拍摄/录制时间")
    elif captured_at > timezone.now() + timedelta(minutes=5):
        errors["captured_at"] = _("拍摄/录制时间不能晚于现在")
    if not (device or "").strip():
        errors["device"] = _("请填写拍摄/录制设备（如执法记录仪编号）")
    elif len(device.strip()) > 128:
        errors["device"] = _("设备名称不能超过128个字符")
    if officer is None:
        errors["officer"] = _("请选择记录人")
    elif officer.role not in (Role.INSPECTOR, Role.DEPT_LEADER) and not officer.is_superuser:
        errors["officer"] = _("记录人须为执法人员")
    return errors


def _kind_by_name(filename: str) -> str | None:
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    return next((k for k in ("video", "audio", "image") if ext in uploads.EXTENSIONS[k]), None)


# ------------------------------------------------------------------------ chunked upload


def start_upload(
    by, obj, *, step: str, filename: str, size, captured_at, device: str, officer=None,
    note: str = "",
) -> ChunkedUpload:  # fmt: skip
    """Open an upload of one file of `size` bytes for `step` of `obj`."""
    _check_target(by, obj, step)
    officer = officer or by
    errors = _check_meta(by, captured_at=captured_at, device=device, officer=officer)
    filename = os.path.basename((filename or "").replace("\\", "/")).strip()[:255]
    if not filename:
        errors["filename"] = _("请选择文件")
    elif _kind_by_name(filename) is None:
        errors["filename"] = _("文件“%(name)s”类型不支持（可上传：%(kinds)s）") % {
            "name": filename,
            "kinds": "、".join(_(uploads.LABELS[k]) for k in ("video", "audio", "image")),
        }
    try:
        size = int(size)
    except (TypeError, ValueError):
        size = -1
    if size <= 0:
        errors["size"] = _("文件大小无效")
    elif size > max_bytes():
        errors["size"] = _("文件超过 %(mb)d MB") % {"mb": max_bytes() // uploads.MB}
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        up = ChunkedUpload.objects.create(
            target_type=ContentType.objects.get_for_model(obj), target_id=obj.pk, step=step,
            filename=filename, size=size, captured_at=captured_at, device=device.strip(),
            officer=officer, note=(note or "").strip()[:200], created_by=by,
        )  # fmt: skip
        _partial(up).write_bytes(b"")
        return up


def _partial(up: ChunkedUpload) -> Path:
    return partial_dir() / f"{up.pk}.part"


def _open_upload(by, upload: ChunkedUpload) -> ChunkedUpload:
    up = ChunkedUpload.objects.select_for_update().get(pk=upload.pk)
    require(up.created_by_id == by.pk, _("只有上传人可以继续该上传"))
    return up


def put_chunk(by, upload: ChunkedUpload, *, offset, data: bytes) -> ChunkedUpload:
    """Append `data` at `offset`, which must be what the server has received so far; a chunk
    sent again after an interruption (already received in full) changes nothing. Another
    offset is a ConflictError that names the received offset, where the client resumes."""
    try:
        offset = int(offset)
    except (TypeError, ValueError):
        raise ValidationError({"offset": _("请提供分片的起始位置（offset）")}) from None
    if not data:
        raise ValidationError({"chunk": _("分片为空")})
    if len(data) > max_chunk():
        raise ValidationError({"chunk": _("分片不能超过 %(n)d 字节") % {"n": max_chunk()}})
    with transaction.atomic():
        up = _open_upload(by, upload)
        if up.status != "open":
            raise ValidationError({"upload": _("该上传已完成")})
        if offset + len(data) <= up.received and offset >= 0:
            return up  # a repeat of a chunk already stored
        if offset != up.received:
            raise ConflictError(
                up,
                _("分片位置不符：服务器已接收 %(n)d 字节，请从该位置继续上传") % {"n": up.received},
            )
        if offset + len(data) > up.size:
            raise ValidationError({"chunk": _("分片超出声明的文件大小")})
        if offset == 0 and not _content_ok(up.filename, data):
            raise ValidationError({"filename": _content_message(up.filename)})
        path = _partial(up)
        with open(path, "r+b" if path.exists() else "wb") as f:
            f.seek(offset)
            f.write(data)
            f.truncate()
        up.received = offset + len(data)
        up.save(update_fields=["received", "updated_at"])
        return up


def _content_types(filename: str, head: bytes) -> set[str]:
    kind = _kind_by_name(filename)
    return uploads.sniff(head) & uploads.KINDS[kind] if kind else set()


def _content_ok(filename: str, head: bytes) -> bool:
    return bool(_content_types(filename, head[: uploads.HEAD]))


def _content_message(filename: str) -> str:
    kind = _kind_by_name(filename) or "video"
    return _("文件“%(name)s”的内容不是%(kind)s（按文件内容检查，与扩展名不符）") % {
        "name": filename,
        "kind": _(uploads.LABELS[kind]),
    }


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1024 * 1024), b""):
            h.update(block)
    return h.hexdigest()


def finish_upload(by, upload: ChunkedUpload, *, sha256: str) -> MediaRecord:
    """Verify the received bytes against the declared SHA-256 and store them as the step's
    record (its hash in the audit trail). Finishing twice answers the same record."""
    sha256 = (sha256 or "").strip().lower()
    if not SHA_RE.match(sha256):
        raise ValidationError({"sha256": _("请提供文件的 SHA-256（64位十六进制）")})
    with transaction.atomic():
        up = _open_upload(by, upload)
        if up.status == "done":
            return up.record
        if up.received != up.size:
            raise ValidationError(
                {"upload": _("文件尚未传完（已接收 %(n)d / %(size)d 字节）")
                 % {"n": up.received, "size": up.size}}
            )  # fmt: skip
        path = _partial(up)
        actual = _sha256(path)
        if actual != sha256:
            raise ValidationError(
                {"sha256": _("文件校验失败：收到的内容的 SHA-256 为 %(got)s，与声明的 %(want)s 不符，"
                             "请重新上传") % {"got": actual, "want": sha256}}
            )  # fmt: skip
        with open(path, "rb") as f:
            rec = _store(by, up.target, step=up.step, fileobj=File(f, name=up.filename),
                         sha256=actual, size=up.size, captured_at=up.captured_at,
                         device=up.device, officer=up.officer, note=up.note)  # fmt: skip
        up.status = "done"
        up.record = rec
        up.save(update_fields=["status", "record", "updated_at"])
        transaction.on_commit(lambda: path.unlink(missing_ok=True))
        return rec


def attach(
    by, obj, *, step: str, file, captured_at, device: str, officer=None, note: str = ""
) -> MediaRecord:  # fmt: skip
    """One file in a single request (a photo from the form, a short clip): the same checks."""
    _check_target(by, obj, step)
    officer = officer or by
    errors = _check_meta(by, captured_at=captured_at, device=device, officer=officer)
    if file is None:
        errors["file"] = _("请选择文件")
    if errors:
        raise ValidationError(errors)
    uploads.check_uploads([file], ("video", "audio", "image"), field="file", max_bytes=max_bytes())
    h = hashlib.sha256()
    file.seek(0)
    for block in iter(lambda: file.read(1024 * 1024), b""):
        h.update(block)
    file.seek(0)
    with transaction.atomic():
        return _store(by, obj, step=step, fileobj=file, sha256=h.hexdigest(), size=file.size,
                      captured_at=captured_at, device=device.strip(), officer=officer,
                      note=(note or "").strip()[:200])  # fmt: skip


def _store(by, obj, *, step, fileobj, sha256, size, captured_at, device, officer, note):
    """Check the content, save to the records storage, write the record and its audit entry
    (the hash on the audit trail of the step's record)."""
    fileobj.seek(0)
    head = fileobj.read(uploads.HEAD)
    fileobj.seek(0)
    name = os.path.basename(fileobj.name)
    types = _content_types(name, head)
    if not types:
        raise ValidationError({"file": _content_message(name)})
    content_type = sorted(types)[0]
    kind = KIND_OF[_kind_by_name(name)]
    rec = MediaRecord(
        target_type=ContentType.objects.get_for_model(obj), target_id=obj.pk, step=step,
        kind=kind, original_name=name[:255], content_type=content_type, size=size,
        sha256=sha256, captured_at=captured_at, device=device, officer=officer, note=note,
        region_code=_region(obj), department=_department(obj), uploaded_by=by,
    )  # fmt: skip
    ext = name.rsplit(".", 1)[-1].lower()
    rec.file.save(f"{sha256[:16]}-{timezone.now():%Y%m%d%H%M%S}.{ext}", fileobj, save=False)
    rec.save()
    record(
        by, "records.attach", obj, note=f"{step_label(step)}：{name}",
        after={"media": rec.pk, "step": step, "kind": kind, "sha256": sha256, "size": size,
               "captured_at": captured_at.isoformat(), "device": device,
               "officer": officer.pk, "file": rec.file.name},
    )  # fmt: skip
    return rec


# ------------------------------------------------------------- steps that need a record


def required_steps(department) -> set[str]:
    listed = set()
    if department is not None:
        listed = set(
            RequiredStep.objects.filter(department=department).values_list("step", flat=True)
        )
    return set(ALWAYS_REQUIRED) | listed


def has_av_record(obj, step: str) -> bool:
    targets = [obj]
    if _label(obj) != "enforcement.case" and getattr(obj, "case", None) is not None:
        targets.append(obj.case)  # a 查封扣押 of a case: the case's media of the step count too
    for t in targets:
        if MediaRecord.objects.filter(
            target_type=ContentType.objects.get_for_model(t), target_id=t.pk, step=step,
            kind__in=AV_KINDS,
        ).exists():  # fmt: skip
            return True
    return False


def measures_check(by, obj, step: str) -> None:
    """enforcement's hook before a measure is completed: a 查封扣押 is carried out only with its
    audio-video record (step "seizure.issue")."""
    if step == "seizure.issue":
        require_av_record(obj, "seizure")


def check_av_record(obj, step: str) -> str | None:
    """core.records' check: why `step` cannot be completed without an audio-video record."""
    department = getattr(obj, "department", None)
    if step not in required_steps(department):
        return None
    if has_av_record(obj, step):
        return None
    if step == "seizure":
        basis = _("依据%(a)s、%(b)s，查封扣押应当全程音像记录") % {"a": ART_47, "b": ART_COERCION}
    else:
        basis = _("依据%(a)s及本部门全过程记录清单，“%(step)s”环节须有音像记录") % {
            "a": ART_47,
            "step": step_label(step),
        }
    return _("%(basis)s：请先上传该环节的录像或录音") % {"basis": basis}


def set_required_steps(by, department, steps, *, source: str = "") -> list[str]:
    """The department head publishes which steps need an audio-video record."""
    require(
        by.is_superuser or (by.role == Role.DEPT_LEADER and by.department_id == department.pk),
        _("只有本部门负责人可以设置须音像记录的执法环节"),
    )
    steps = set(steps or ())
    unknown = steps - set(dict(STEPS))
    if unknown:
        raise ValidationError({"steps": _("执法环节无效")})
    with transaction.atomic():
        before = sorted(
            RequiredStep.objects.filter(department=department).values_list("step", flat=True)
        )
        RequiredStep.objects.filter(department=department).exclude(step__in=steps).delete()
        for s in steps - set(before):
            RequiredStep.objects.create(department=department, step=s, set_by=by,
                                        source=(source or "").strip()[:200])  # fmt: skip
        after = sorted(steps)
        record(by, "records.required_steps", department, before={"steps": before},
               after={"steps": after, "source": source})  # fmt: skip
        return after


def records_of(user, obj):
    """The records attached to `obj` that the user may see, by step and capture time."""
    return (
        MediaRecord.objects.restrict(user, "view")
        .filter(target_type=ContentType.objects.get_for_model(obj), target_id=obj.pk)
        .select_related("officer")
        .order_by("step", "captured_at", "id")
    )
