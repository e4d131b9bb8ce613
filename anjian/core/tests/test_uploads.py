"""Issue 14: uploads checked by content, served as attachments unless they are images."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from anjian.core.uploads import check_uploads, sniff

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.4\n" + b"0" * 64
EXE = b"MZ\x90\x00" + b"\x00" * 64
HTML = b"<html><script>alert(1)</script></html>"
MP4 = b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 64


def up(name, data):
    return SimpleUploadedFile(name, data)


def test_content_decides_not_the_name():
    ok = check_uploads([up("a.png", PNG), up("b.pdf", PDF)], ("image", "pdf"))
    assert [c.content_type for c in ok] == ["image/png", "application/pdf"]
    for bad in (up("evil.png", EXE), up("page.pdf", HTML), up("x.png", PDF)):
        with pytest.raises(ValidationError) as exc:
            check_uploads([bad], ("image", "pdf"), field="photos")
        assert "photos" in exc.value.message_dict
        assert bad.name in exc.value.message_dict["photos"][0]


def test_a_wrong_extension_is_refused_even_with_good_content():
    with pytest.raises(ValidationError) as exc:
        check_uploads([up("virus.exe", PNG)], ("image",))
    assert "类型不支持" in exc.value.message_dict["files"][0]


def test_size_and_count_limits_report_everything_at_once():
    big = up("big.png", PNG + b"\x00" * 2048)
    with pytest.raises(ValidationError) as exc:
        check_uploads([big, up("a.png", PNG), up("e.png", EXE)], ("image",), max_bytes=1024,
                      max_count=2)  # fmt: skip
    assert len(exc.value.message_dict["files"]) == 3


def test_video_and_audio_are_recognised():
    assert "video/mp4" in sniff(MP4)
    assert "audio/mpeg" in sniff(b"ID3\x03" + b"\x00" * 32)
    assert check_uploads([up("clip.mp4", MP4)], ("video",))[0].content_type == "video/mp4"


def test_served_files_are_attachments_unless_images(world, tmp_path, settings):
    from django.core.files.storage import FileSystemStorage

    from anjian.core.uploads import file_response

    storage = FileSystemStorage(location=tmp_path)

    class F:
        def __init__(self, name):
            self.name = name

        def open(self, mode):
            return storage.open(self.name, mode)

    for name, data in (("a.png", PNG), ("b.pdf", PDF), ("c.html", HTML)):
        storage.save(name, __import__("io").BytesIO(data))
    png, pdf, html = (file_response(F(n)) for n in ("a.png", "b.pdf", "c.html"))
    assert png["Content-Type"] == "image/png" and "attachment" not in png.get(
        "Content-Disposition", ""
    )
    assert pdf["Content-Type"] == "application/pdf" and "attachment" in pdf["Content-Disposition"]
    assert html["Content-Type"] == "application/octet-stream"
    assert "attachment" in html["Content-Disposition"]
    assert all(r["X-Content-Type-Options"] == "nosniff" for r in (png, pdf, html))
