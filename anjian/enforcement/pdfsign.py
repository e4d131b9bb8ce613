"""PAdES signatures of the issuing department on every stored PDF (pyHanko), and their check.

Keys live outside the database, in ``ANJIAN_SIGNING_DIR`` (default ``<data dir>/signing``),
one folder per department named ``<区划代码>-<部门代码>``::

    <signing dir>/510904-yjj/key.pem     the department's private key (PEM, unencrypted, 0600)
    <signing dir>/510904-yjj/cert.pem    its certificate
    <signing dir>/510904-yjj/chain.pem   the issuing CA certificate(s), root last: the trust
                                         root the verification page checks against

Outside the demo there is no default: a department without its key cannot issue documents
(`SigningUnavailable`, a ValidationError naming the folder) and `anjian check --deploy`
lists it. With ``ANJIAN_SIGNING_DEMO=1`` (set by `anjian demo` and by the test plugin only) a
missing department key is issued on first use by a demo CA kept in ``<signing dir>/demo-ca``;
such certificates say 演示 in their names and `check --deploy` refuses them. Rotation: see
docs/security.md「文书签章密钥」.
"""

import datetime
import hashlib
import io
import os
import threading
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

KEY, CERT, CHAIN, RETIRED = "key.pem", "cert.pem", "chain.pem", "retired"
DEMO_CA = "demo-ca"
FIELD = "Signature1"
_lock = threading.Lock()


class SigningUnavailable(ValidationError):
    pass


def signing_dir() -> Path:
    configured = getattr(settings, "ANJIAN_SIGNING_DIR", None)
    return Path(configured) if configured else Path(settings.DATA_DIR) / "signing"


def demo_mode() -> bool:
    return bool(getattr(settings, "ANJIAN_SIGNING_DEMO", False))


def folder_name(department) -> str:
    return f"{department.region_id}-{department.code}"


def department_dir(department) -> Path:
    return signing_dir() / folder_name(department)


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# --------------------------------------------------------------------------- key material


def _write(path: Path, data: bytes, mode: int) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
    with os.fdopen(fd, "wb") as f:
        f.write(data)
    os.chmod(path, mode)


def _name(common: str, org: str):
    from cryptography.x509 import Name, NameAttribute
    from cryptography.x509.oid import NameOID

    return Name(
        [
            NameAttribute(NameOID.COUNTRY_NAME, "CN"),
            NameAttribute(NameOID.ORGANIZATION_NAME, org),
            NameAttribute(NameOID.COMMON_NAME, common),
        ]
    )


def _cert(subject, issuer, public_key, signing_key, *, ca: bool, years: int):
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes

    now = datetime.datetime.now(datetime.UTC) - datetime.timedelta(minutes=5)
    b = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer)
        .public_key(public_key)
        .serial_number(x509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(now + datetime.timedelta(days=365 * years))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=0 if ca else None), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public_key), critical=False)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=not ca,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=ca,
                crl_sign=ca,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
    )
    return b.sign(signing_key, hashes.SHA256())


def _pem_key(key) -> bytes:
    from cryptography.hazmat.primitives import serialization

    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )


def _pem_cert(cert) -> bytes:
    from cryptography.hazmat.primitives import serialization

    return cert.public_bytes(serialization.Encoding.PEM)


def demo_ca():
    """The demo CA (made on first use): (key, certificate)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec

    folder = signing_dir() / DEMO_CA
    if (folder / KEY).exists() and (folder / CERT).exists():
        key = serialization.load_pem_private_key((folder / KEY).read_bytes(), None)
        return key, x509.load_pem_x509_certificate((folder / CERT).read_bytes())
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    key = ec.generate_private_key(ec.SECP256R1())
    name = _name("安监演示根证书（仅供演示）", "安监演示 CA")
    cert = _cert(name, name, key.public_key(), key, ca=True, years=20)
    _write(folder / KEY, _pem_key(key), 0o600)
    _write(folder / CERT, _pem_cert(cert), 0o644)
    return key, cert


def issue_demo(department) -> Path:
    """A demo key and certificate for one department, issued by the demo CA."""
    from cryptography.hazmat.primitives.asymmetric import ec

    ca_key, ca_cert = demo_ca()
    folder = department_dir(department)
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    key = ec.generate_private_key(ec.SECP256R1())
    org = department.name
    cert = _cert(
        _name(f"{org}（演示签章）", org), ca_cert.subject, key.public_key(), ca_key,
        ca=False, years=10,
    )  # fmt: skip
    _write(folder / KEY, _pem_key(key), 0o600)
    _write(folder / CERT, _pem_cert(cert), 0o644)
    _write(folder / CHAIN, _pem_cert(ca_cert), 0o644)
    return folder


def key_problem(department) -> str | None:
    """Why this department cannot sign (None: it can)."""
    folder = department_dir(department)
    missing = [n for n in (KEY, CERT, CHAIN) if not (folder / n).exists()]
    if missing:
        return _("部门“%(dept)s”没有文书签章密钥（缺少 %(files)s，应在 %(dir)s）") % {
            "dept": department.name,
            "files": "、".join(missing),
            "dir": folder,
        }
    mode = (folder / KEY).stat().st_mode & 0o077
    if mode:
        return _("部门“%(dept)s”的签章私钥 %(path)s 可被其他用户读取（应为 0600）") % {
            "dept": department.name,
            "path": folder / KEY,
        }
    return None


def _signer(department):
    from pyhanko.sign import signers

    with _lock:
        problem = key_problem(department)
        if problem and demo_mode() and not (department_dir(department) / KEY).exists():
            issue_demo(department)
            problem = key_problem(department)
    if problem:
        raise SigningUnavailable(
            {"pdf": _("%(problem)s，拒绝制发未签章的文书。见 docs/security.md「文书签章密钥」。")
             % {"problem": problem}}
        )  # fmt: skip
    folder = department_dir(department)
    signer = signers.SimpleSigner.load(
        str(folder / KEY), str(folder / CERT), ca_chain_files=(str(folder / CHAIN),)
    )
    if signer is None:
        raise SigningUnavailable({"pdf": _("签章密钥或证书无法读取：%(dir)s") % {"dir": folder}})
    return signer


# ------------------------------------------------------------------------------- signing


def sign(pdf: bytes, department, *, reason: str = "", location: str = "") -> bytes:
    """The PDF with a PAdES (B-B) signature of the department appended (incremental update)."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    signer = _signer(department)
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    meta = signers.PdfSignatureMetadata(
        field_name=FIELD,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        reason=reason or None,
        location=location or None,
        name=department.name,
    )
    out = io.BytesIO()
    _outside_event_loop(signers.sign_pdf, writer, meta, signer=signer, output=out)
    return out.getvalue()


def _outside_event_loop(fn, *args, **kwargs):
    """pyHanko's synchronous API runs its own event loop (asyncio.run), which cannot start in a
    thread whose loop is running (an async caller, Playwright's sync API in browser tests):
    there it runs in a worker thread of its own."""
    import asyncio

    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return fn(*args, **kwargs)
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(fn, *args, **kwargs).result()


def sign_document(doc, pdf: bytes) -> bytes:
    from .documents import KIND_LABELS

    return sign(
        pdf,
        doc.department,
        reason=f"{KIND_LABELS.get(doc.kind, doc.kind)} {doc.number}",
        location=doc.department.region.name,
    )


# ---------------------------------------------------------------------------- verifying


@dataclass
class Verification:
    signed: bool = False  # it carries a signature at all
    intact: bool = False  # the signed bytes hash to the signature's digest
    trusted: bool = False  # the signer's certificate chains to the department's CA
    department: bool = False  # and is the department's own (current or retired) certificate
    whole_file: bool = False  # the signature covers the whole file (nothing appended)
    signer: str = ""
    signed_at: str = ""
    problems: list = field(default_factory=list)

    @property
    def valid(self) -> bool:
        return self.signed and self.intact and self.trusted and self.department and self.whole_file


def department_certificates(department) -> set[bytes]:
    """DER of the department's certificate and of its retired ones (``retired/*.pem``, kept
    on rotation so that documents signed before still verify)."""
    from pyhanko.keys import load_certs_from_pemder

    folder = department_dir(department)
    paths = [folder / CERT, *sorted((folder / RETIRED).glob("*.pem"))]
    paths = [str(p) for p in paths if p.exists()]
    return {c.dump() for c in load_certs_from_pemder(paths)} if paths else set()


def trust_roots(department) -> list:
    from pyhanko.keys import load_certs_from_pemder

    path = department_dir(department) / CHAIN
    return list(load_certs_from_pemder([str(path)])) if path.exists() else []


def verify(pdf: bytes, department) -> Verification:
    """Check the PDF's signature with pyHanko's validator, trusting only the department's CA."""
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.status import SignatureCoverageLevel
    from pyhanko_certvalidator import ValidationContext

    v = Verification()
    try:
        reader = PdfFileReader(io.BytesIO(pdf), strict=False)
        sigs = reader.embedded_signatures
    except Exception:  # noqa: BLE001 (any unreadable file is simply not a valid signed PDF)
        v.problems.append(_("文件无法按 PDF 读取"))
        return v
    if not sigs:
        v.problems.append(_("文件没有电子签章"))
        return v
    v.signed = True
    roots = trust_roots(department)
    if not roots:
        v.problems.append(_("本系统没有该部门的签章证书"))
        return v
    try:
        status = _outside_event_loop(
            validate_pdf_signature,
            sigs[-1],
            ValidationContext(trust_roots=roots, allow_fetching=False),
        )
    except Exception as e:  # noqa: BLE001 (a damaged signature is a failed check, not a 500)
        v.problems.append(_("签章无法验证：%(error)s") % {"error": type(e).__name__})
        return v
    v.intact = bool(status.intact and status.valid)
    v.trusted = bool(status.trusted)
    v.whole_file = status.coverage == SignatureCoverageLevel.ENTIRE_FILE
    v.department = bool(status.signing_cert) and (
        status.signing_cert.dump() in department_certificates(department)
    )
    v.signer = status.signing_cert.subject.human_friendly if status.signing_cert else ""
    v.signed_at = status.signer_reported_dt.isoformat() if status.signer_reported_dt else ""
    if not v.intact:
        v.problems.append(_("签章所覆盖的内容已被改动"))
    if not v.trusted:
        v.problems.append(_("签章证书不是由该部门的证书机构签发"))
    if not v.department:
        v.problems.append(_("签章证书不是该部门的证书"))
    if not v.whole_file:
        v.problems.append(_("签章之后文件又被追加了内容"))
    return v


# ------------------------------------------------------------- the public verification page

MAX_UPLOAD = 20 * 1024 * 1024


@dataclass
class DocumentCheck:
    number: str
    found: bool = False
    document: object = None
    sha256: str = ""
    current: bool = False  # the hash is that of the document's stored PDF
    earlier: bool = False  # the hash is that of an earlier signed version (superseded)
    signature: Verification | None = None

    @property
    def ok(self) -> bool:
        return (
            self.found
            and (self.current or self.earlier)
            and bool(self.signature and self.signature.valid)
        )


def check_document(number: str, upload) -> DocumentCheck:
    """Anyone's check of a downloaded PDF against the document of that 文号: its SHA-256 and
    its signature (pyHanko's validator, the department's CA as the only trust root)."""
    from anjian.core.uploads import check_uploads

    from .models import Document, IssuedPdf

    number = (number or "").strip()
    errors = {}
    if not number:
        errors["number"] = _("请填写文号")
    elif len(number) > 64:
        errors["number"] = _("文号过长")
    if upload is None:
        errors["file"] = _("请选择下载的 PDF 文件")
    else:
        try:
            check_uploads([upload], ("pdf",), field="file", max_bytes=MAX_UPLOAD)
        except ValidationError as exc:
            errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    upload.seek(0)
    data = upload.read(MAX_UPLOAD + 1)
    result = DocumentCheck(number=number, sha256=sha256(data))
    doc = Document.objects.select_related("department").filter(number=number).first()
    if doc is None:
        return result
    result.found, result.document = True, doc
    result.current = bool(doc.pdf_sha256) and doc.pdf_sha256 == result.sha256
    result.earlier = (
        not result.current and IssuedPdf.objects.filter(document=doc, sha256=result.sha256).exists()
    )
    result.signature = verify(data, doc.department)
    return result


def is_demo_certificate(pem_text: str) -> bool:
    """Whether a certificate (PEM) was issued by the demo CA (its name says 演示)."""
    from cryptography import x509

    try:
        certs = x509.load_pem_x509_certificates(pem_text.encode())
    except ValueError:
        return False
    return any("演示" in c.subject.rfc4514_string() or "演示" in c.issuer.rfc4514_string()
               for c in certs)  # fmt: skip
