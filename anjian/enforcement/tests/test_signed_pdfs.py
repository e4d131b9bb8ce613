"""Signed PDFs: an embedded CJK font with extractable text, the department's PAdES signature
(pyHanko's validator), keys outside the database, and the public verification page."""

import io
import os
import stat

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfReader

from anjian.enforcement import pdfsign, services
from anjian.enforcement.models import Document, IssuedPdf

from .helpers import decided


@pytest.fixture
def decision(world, finding):
    case = decided(world, finding)
    return case.documents.get(kind="penalty_decision")


def _bytes(doc) -> bytes:
    with doc.pdf.open("rb") as f:
        return f.read()


def _embedded_fonts(reader) -> set[str]:
    names = set()
    for page in reader.pages:
        fonts = page["/Resources"].get_object().get("/Font", {})
        for ref in fonts.values():
            font = ref.get_object()
            desc = font.get("/FontDescriptor")
            if desc is not None and "/FontFile2" in desc.get_object():
                names.add(str(font["/BaseFont"]))
    return names


def test_pdf_text_is_extractable_chinese_in_an_embedded_subset_font(decision):
    reader = PdfReader(io.BytesIO(_bytes(decision)))
    text = "".join(p.extract_text() for p in reader.pages)
    assert "行政处罚决定书" in text and decision.number in text
    assert decision.department.full_name in text  # the issuing authority, in full
    fonts = _embedded_fonts(reader)
    # a subset (the ABCDEF+ prefix) of Noto Sans SC, as a TrueType font program (FontFile2)
    assert any(f.endswith("+NotoSansSC-Regular") and f[7] == "+" for f in fonts), fonts
    assert "STSong-Light" not in str(reader.pages[0]["/Resources"]["/Font"])


def test_pdf_carries_a_pades_signature_of_the_department_that_validates(decision):
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    data = _bytes(decision)
    assert decision.pdf_sha256 == pdfsign.sha256(data)
    assert IssuedPdf.objects.filter(document=decision, sha256=decision.pdf_sha256).exists()
    sig = PdfFileReader(io.BytesIO(data)).embedded_signatures[0]
    assert "/ETSI.CAdES.detached" in str(sig.sig_object["/SubFilter"])
    roots = pdfsign.trust_roots(decision.department)
    status = validate_pdf_signature(sig, ValidationContext(trust_roots=roots))
    assert status.bottom_line and status.intact and status.trusted
    assert decision.department.name in status.signing_cert.subject.human_friendly
    # another department's CA does not vouch for it
    from anjian.accounts.models import Department

    other = Department.objects.exclude(pk=decision.department_id).first()
    pdfsign.issue_demo(other)
    assert not pdfsign.verify(data, other).valid
    assert pdfsign.verify(data, decision.department).valid


def test_keys_live_outside_the_database_readable_by_the_owner_only(decision):
    folder = pdfsign.department_dir(decision.department)
    assert folder.parent == pdfsign.signing_dir()
    mode = stat.S_IMODE(os.stat(folder / pdfsign.KEY).st_mode)
    assert mode == 0o600


def test_without_a_key_outside_the_demo_no_document_is_issued(world, finding, settings, tmp_path):
    settings.ANJIAN_SIGNING_DIR = str(tmp_path / "empty")
    settings.ANJIAN_SIGNING_DEMO = False
    before = Document.objects.count()
    with pytest.raises(ValidationError) as exc:
        services.issue_document(
            world.inspector, "inspection_record", enterprise=world.chem,
            inspection=finding.inspection,
        )  # fmt: skip
    assert "签章密钥" in str(exc.value) and str(tmp_path / "empty") in str(exc.value)
    assert Document.objects.count() == before  # nothing half-written, no number taken
    # the deployment check names the department
    from anjian.enforcement.checks import signing_check

    assert any(world.yjj.name in e.msg for e in signing_check(None))


def test_check_deploy_refuses_the_demo_signing_mode(db, settings):
    from anjian.enforcement.checks import signing_check

    settings.ANJIAN_SIGNING_DEMO = True
    assert any(e.id == "anjian.E010" for e in signing_check(None))


def _post(client, number, data, name="doc.pdf"):
    upload = SimpleUploadedFile(name, data, content_type="application/pdf")
    return client.post("/public/verify/", {"number": number, "file": upload})


def test_public_page_verifies_a_downloaded_pdf_and_a_changed_byte_fails(decision, client):
    data = _bytes(decision)
    page = client.get("/public/verify/")
    assert page.status_code == 200 and "verify-form" in page.content.decode()
    ok = _post(client, decision.number, data).content.decode()
    assert 'id="verify-verdict"' in ok and "验证通过" in ok and decision.pdf_sha256 in ok
    # one byte changed inside the signed content (the page text): hash and signature fail
    at = data.index(b"stream") + 40
    changed = data[:at] + bytes([data[at] ^ 0x01]) + data[at + 1 :]
    bad = _post(client, decision.number, changed).content.decode()
    assert "验证未通过" in bad
    assert 'id="verify-hash">否' in bad and 'id="verify-signature">无效' in bad
    # a byte appended after the signature: the hash fails, the signature no longer covers all
    tail = _post(client, decision.number, data + b"\n% appended\n").content.decode()
    assert "验证未通过" in tail
    # another document's 文号
    other = _post(client, "（安居）应急罚〔1999〕1号", data).content.decode()
    assert "未查到该文号" in other


def test_public_page_checks_the_upload_by_content_and_size(decision, client, monkeypatch):
    resp = _post(client, decision.number, b"<html>not a pdf</html>", name="x.pdf")
    assert resp.status_code == 400 and "内容不是PDF" in resp.content.decode()
    monkeypatch.setattr(pdfsign, "MAX_UPLOAD", 1024)
    resp = _post(client, decision.number, _bytes(decision))
    assert resp.status_code == 400 and "超过" in resp.content.decode()
    resp = client.post("/public/verify/", {"number": ""})
    assert resp.status_code == 400 and "请填写文号" in resp.content.decode()


def test_an_earlier_version_is_recognised_after_the_party_signed(decision, client):
    from anjian.enforcement import documents

    first = _bytes(decision)
    documents.attach_files(decision)  # re-rendered (as after the party's receipt signature)
    decision.refresh_from_db()
    assert decision.pdf_sha256 != pdfsign.sha256(first)
    html = _post(client, decision.number, first).content.decode()
    assert "较早的一版" in html and "验证通过" in html
