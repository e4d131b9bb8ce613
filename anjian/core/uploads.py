"""Uploads checked by what they are, not by what they are called, and served safely.

`check_uploads(files, kinds, field=…)` reads the first bytes of every file and identifies them
by their magic numbers (puremagic, a pure-Python signature database); a file whose content is
none of the allowed kinds is refused with a message naming the field and the file, whatever
its extension says. `file_response(...)` serves a stored file with the type its content has,
`X-Content-Type-Options: nosniff`, and `Content-Disposition: attachment` unless it is an image
(or a video or sound the case page plays), so an uploaded HTML or SVG is never rendered by the
browser as a page of this site.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

MB = 1024 * 1024
HEAD = 8192

KINDS: dict[str, set[str]] = {
    "image": {"image/jpeg", "image/png", "image/webp"},
    "pdf": {"application/pdf"},
    # .docx/.xlsx/.pptx and .ofd are zip containers; legacy .doc/.xls are OLE compound files
    "office": {
        "application/zip",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "application/msword",
        "application/vnd.ms-excel",
        "application/x-ole-storage",
    },
    "video": {"video/mp4", "video/quicktime", "video/webm", "video/x-matroska", "video/3gpp"},
    "audio": {
        "audio/mpeg",
        "audio/mp4",
        "audio/wave",
        "audio/wav",
        "audio/x-wav",
        "audio/ogg",
        "audio/aac",
        "audio/amr",
        "audio/webm",
    },  # fmt: skip
}
EXTENSIONS: dict[str, set[str]] = {
    "image": {"jpg", "jpeg", "png", "webp"},
    "pdf": {"pdf"},
    "office": {"doc", "docx", "xls", "xlsx", "ppt", "pptx", "ofd", "zip", "wps", "et"},
    "video": {"mp4", "mov", "webm", "mkv", "3gp"},
    "audio": {"mp3", "m4a", "wav", "ogg", "amr", "aac"},
}
INLINE = KINDS["image"] | KINDS["video"] | KINDS["audio"]
LABELS = {
    "image": gettext_noop("照片（JPG/PNG/WebP）"),
    "pdf": "PDF",
    "office": "Word/Excel/OFD/ZIP",
    "video": gettext_noop("视频（MP4/MOV/WebM）"),
    "audio": gettext_noop("录音（MP3/M4A/WAV/OGG/AMR）"),
}

# signatures puremagic does not answer for (or answers ambiguously), checked first
_OWN = [
    (0, b"\xff\xd8\xff", "image/jpeg"),
    (0, b"\x89PNG\r\n\x1a\n", "image/png"),
    (0, b"%PDF-", "application/pdf"),
    (0, b"ID3", "audio/mpeg"),
    (0, b"\xff\xfb", "audio/mpeg"),
    (0, b"\xff\xf3", "audio/mpeg"),
    (0, b"#!AMR", "audio/amr"),
    (0, b"OggS", "audio/ogg"),
    (0, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "application/x-ole-storage"),
    (0, b"PK\x03\x04", "application/zip"),
]


def sniff(head: bytes) -> set[str]:
    """Every content type the bytes can be (empty: unrecognised)."""
    found = {mime for offset, magic, mime in _OWN if head[offset:].startswith(magic)}
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        found.add("image/webp")
    if head[:4] == b"RIFF" and head[8:12] == b"WAVE":
        found.add("audio/wave")
    if head[4:8] == b"ftyp":
        brand = head[8:12]
        found.add("video/quicktime" if brand == b"qt  " else "audio/mp4" if brand == b"M4A "
                  else "video/3gpp" if brand.startswith(b"3g") else "video/mp4")  # fmt: skip
    if head[:4] == b"\x1a\x45\xdf\xa3":
        found.add("video/webm")
    if not found:
        import puremagic

        try:
            found = {m.mime_type for m in puremagic.magic_string(head) if m.mime_type}
        except puremagic.PureError:
            found = set()
    return found


@dataclass
class Checked:
    file: object
    content_type: str
    size: int


def _head(f) -> bytes:
    pos = f.tell() if hasattr(f, "tell") else 0
    f.seek(0)
    head = f.read(HEAD)
    f.seek(pos)
    return head


def check_uploads(
    files, kinds=("image", "pdf"), *, field="files", max_bytes=20 * MB, max_count=None
) -> list[Checked]:
    """Every file's name and content agree with one of the allowed kinds (a PNG named .exe is
    refused, so is an executable named .png), within size and count; refused otherwise, with
    every problem at once, naming the field and each file."""
    files = [f for f in (files or []) if f]
    errors, out = [], []
    if max_count is not None and len(files) > max_count:
        errors.append(_("最多上传 %(max)d 个文件（已选 %(n)d 个）") % {"max": max_count,
                                                                     "n": len(files)})  # fmt: skip
    for f in files:
        name = getattr(f, "name", "") or _("文件")
        size = getattr(f, "size", None) or 0
        if size > max_bytes:
            errors.append(_("文件“%(name)s”超过 %(mb)d MB") % {"name": name, "mb": max_bytes // MB})
            continue
        ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
        kind_of_ext = next((k for k in kinds if ext in EXTENSIONS[k]), None)
        if kind_of_ext is None:
            errors.append(
                _("文件“%(name)s”类型不支持（可上传：%(kinds)s）")
                % {"name": name, "kinds": "、".join(_(LABELS[k]) for k in kinds)}
            )
            continue
        types = sniff(_head(f)) & KINDS[kind_of_ext]
        if not types:
            errors.append(
                _("文件“%(name)s”的内容不是%(kind)s（按文件内容检查，与扩展名不符）")
                % {"name": name, "kind": _(LABELS[kind_of_ext])}
            )
            continue
        out.append(Checked(f, sorted(types)[0], size))
    if errors:
        raise ValidationError({field: errors})
    return out


def file_response(fieldfile, *, filename=None, content_type=None) -> FileResponse:
    """A stored upload: typed by its content, attachment unless the browser may show it."""
    f = fieldfile.open("rb")
    if content_type is None:
        types = sniff(_head(f)) & set().union(*KINDS.values())
        content_type = sorted(types)[0] if types else "application/octet-stream"
    name = filename or fieldfile.name.rsplit("/", 1)[-1]
    resp = FileResponse(f, content_type=content_type, as_attachment=content_type not in INLINE,
                        filename=name)  # fmt: skip
    resp["X-Content-Type-Options"] = "nosniff"
    return resp
