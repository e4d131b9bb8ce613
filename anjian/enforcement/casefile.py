"""电子卷宗: a case's file as ONE PDF in the standard order, archived once and hashed.

Order: the 卷内目录 (序号, 文书名称, 文号, 日期, 页码) first, then the case's documents and
evidence by stage (`STAGES`: 立案 → 调查取证 → 告知/听证 → 审核/决定 → 送达 → 执行 → 结案),
within a stage by date and then by the order they were made. A document kind's stage comes
from `KIND_STAGES`; a kind not listed there (added by another module later) is placed by the
words in its name (`HINTS`), else in `DEFAULT_STAGE`, so every document lands in the file.
Other modules add their evidence with `register_evidence(source)`: `source(case)` yields
`Item`s. Every page carries its number (第 N 页 共 M 页) and the case number; the whole file
is signed by the department (pdfsign) like its documents.

Archiving (`archive`) stores the file once: its SHA-256 is recorded on the `CaseFile` and in
the audit trail; a second archive is refused, and the stored file is what is downloaded from
then on. Before archiving, a closed case's file is assembled on each download.
Everything printed in the file is Chinese whatever the user's language (an official record,
like the documents); the messages of the services are translated.
"""

import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from xml.sax.saxutils import escape

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from anjian.audit.services import record

from . import pdfsign

STAGES = [
    ("filing", "立案"),
    ("investigation", "调查取证"),
    ("notice", "告知/听证"),
    ("decision", "审核/决定"),
    ("service", "送达"),
    ("execution", "执行"),
    ("closing", "结案"),
]
STAGE_ORDER = {key: i for i, (key, _label) in enumerate(STAGES)}
KIND_STAGES = {
    "filing_approval": "filing",
    "inspection_record": "investigation",
    "onsite_measure": "investigation",
    "rectification_order": "investigation",
    "review_opinion": "investigation",
    "penalty_notice": "notice",
    "hearing_notice": "notice",
    "penalty_decision": "decision",
    "transfer_form": "execution",
    "closing_approval": "closing",
}
# (word in a kind's identifier, stage), first match wins, for kinds not in KIND_STAGES
HINTS = [
    ("closing", "closing"),
    ("filing", "filing"),
    ("hearing", "notice"),
    ("notice", "notice"),
    ("inform", "notice"),
    ("receipt", "service"),
    ("service", "service"),
    ("serve", "service"),
    ("deliver", "service"),
    ("reminder", "execution"),
    ("enforce", "execution"),
    ("payment", "execution"),
    ("instalment", "execution"),
    ("installment", "execution"),
    ("deferral", "execution"),
    ("court", "execution"),
    ("judicial", "execution"),
    ("decision", "decision"),
    ("approval", "decision"),
    ("review", "decision"),
    ("inquiry", "investigation"),
    ("interview", "investigation"),
    ("record", "investigation"),
    ("sampl", "investigation"),
    ("evidence", "investigation"),
    ("seiz", "investigation"),
    ("inspect", "investigation"),
    ("apprais", "investigation"),
    ("measure", "investigation"),
]
DEFAULT_STAGE = "decision"


def stage_of(kind: str) -> str:
    if kind in KIND_STAGES:
        return KIND_STAGES[kind]
    for word, stage in HINTS:
        if word in kind:
            return stage
    return DEFAULT_STAGE


@dataclass
class Item:
    """One entry of the file: a document or a piece of evidence, as PDF bytes."""

    stage: str
    title: str
    number: str
    on: date | None
    pdf: bytes
    order: tuple = ()
    kind: str = ""  # the document kind, or "evidence"
    ref: str = ""  # document id or file name, for tests and the audit
    pages: int = 0
    first_page: int = 0


EVIDENCE_SOURCES: list[Callable] = []


def register_evidence(source: Callable[..., Iterable[Item]]) -> None:
    if source not in EVIDENCE_SOURCES:
        EVIDENCE_SOURCES.append(source)


# ------------------------------------------------------------------------------ content


def case_documents(case):
    from .models import Document

    q = Q(case=case)
    if case.inspection_id:
        q |= Q(case__isnull=True, inspection_id=case.inspection_id)
    return Document.objects.filter(q).order_by("issued_on", "id")


def _document_items(case) -> list[Item]:
    from .documents import KIND_LABELS

    out = []
    for doc in case_documents(case):
        if not doc.pdf:
            continue
        with doc.pdf.open("rb") as f:
            data = f.read()
        out.append(
            Item(
                stage=stage_of(doc.kind), title=KIND_LABELS.get(doc.kind, doc.kind),
                number=doc.number, on=doc.issued_on, pdf=data, order=(doc.issued_on, 0, doc.pk),
                kind=doc.kind, ref=str(doc.pk),
            )
        )  # fmt: skip
    return out


def _file_page(title: str, on, name: str, data: bytes, content_type: str) -> bytes:
    """One evidence file as PDF: a PDF as it is, an image on a captioned page, anything else
    (video, sound) as a page naming the file and its SHA-256 (the file itself stays stored)."""
    if content_type == "application/pdf" or data[:5] == b"%PDF-":
        return data
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    from anjian.core.cjkfont import register

    font = register()
    buf = io.BytesIO()
    cv = canvas.Canvas(buf, pagesize=A4)
    w, h = A4
    cv.setFont(font, 14)
    cv.drawCentredString(w / 2, h - 20 * mm, title)
    cv.setFont(font, 9)
    cv.drawCentredString(w / 2, h - 27 * mm, f"{name}　{on or ''}")
    cv.drawCentredString(w / 2, h - 32 * mm, f"SHA-256: {pdfsign.sha256(data)}")
    drawn = False
    if content_type.startswith("image/"):
        try:
            img = ImageReader(io.BytesIO(data))
            iw, ih = img.getSize()
            box_w, box_h = w - 40 * mm, h - 70 * mm
            scale = min(box_w / iw, box_h / ih)
            dw, dh = iw * scale, ih * scale
            cv.drawImage(img, (w - dw) / 2, h - 40 * mm - dh, dw, dh)
            drawn = True
        except Exception:  # noqa: BLE001 (an unreadable image is listed, not drawn)
            drawn = False
    if not drawn:
        cv.setFont(font, 11)
        cv.drawCentredString(w / 2, h / 2, "（该证据为视听资料或其他文件，原件另行存储）")
    cv.showPage()
    cv.save()
    return buf.getvalue()


def _sniffed(data: bytes) -> str:
    from anjian.core.uploads import sniff

    types = sniff(data[:8192])
    return sorted(types)[0] if types else "application/octet-stream"


def _inspection_day(inspection):
    for name in ("inspected_on", "created_at"):
        value = getattr(inspection, name, None)
        if value:
            return value.date() if hasattr(value, "date") else value
    return None


def _builtin_evidence(case) -> Iterable[Item]:
    """The photos of the case's inspection findings and the evidence files of its hazards."""
    n = 0
    for finding in case.findings.all().order_by("id"):
        for photo in finding.photos.all().order_by("id"):
            with photo.file.open("rb") as f:
                data = f.read()
            n += 1
            on = _inspection_day(finding.inspection)
            yield Item(
                stage="investigation", title="现场照片", number="", on=on,
                pdf=_file_page("现场照片", on, photo.file.name.rsplit("/", 1)[-1], data,
                               photo.content_type or _sniffed(data)),
                order=(on or date.min, 1, n), kind="evidence", ref=photo.file.name,
            )  # fmt: skip
    for hazard in case.hazards.all().order_by("id"):
        for ev in hazard.evidence.all().order_by("id"):
            with ev.file.open("rb") as f:
                data = f.read()
            n += 1
            on = ev.uploaded_at.date() if ev.uploaded_at else None
            yield Item(
                stage="investigation", title="隐患证据", number="", on=on,
                pdf=_file_page("隐患证据", on, ev.file.name.rsplit("/", 1)[-1], data,
                               _sniffed(data)),
                order=(on or date.min, 1, n), kind="evidence", ref=ev.file.name,
            )  # fmt: skip


def items(case) -> list[Item]:
    """Every entry of the file in the standard order."""
    found = _document_items(case) + list(_builtin_evidence(case))
    for source in EVIDENCE_SOURCES:
        found += list(source(case))
    found.sort(key=lambda i: (STAGE_ORDER.get(i.stage, len(STAGES)), i.order or (date.min,)))
    return found


# ----------------------------------------------------------------------------- assembly


def _toc_pdf(case, entries: list[Item], total_pages: int) -> bytes:
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_CENTER
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    from anjian.core.cjkfont import register

    font = register()
    title = ParagraphStyle("t", fontName=font, fontSize=18, leading=26, alignment=TA_CENTER)
    body = ParagraphStyle("b", fontName=font, fontSize=10.5, leading=16, wordWrap="CJK")
    cell = ParagraphStyle("c", fontName=font, fontSize=9, leading=12, wordWrap="CJK")
    head = ParagraphStyle("h", parent=cell, alignment=TA_CENTER)
    parties = "、".join(p.name for p in case.parties.all()) or case.enterprise.name
    story = [
        Paragraph(escape(case.department.full_name or case.department.name), title),
        Paragraph("<b>卷内目录</b>", title),
        Spacer(1, 3 * mm),
    ]
    for k, v in (
        ("案号", case.number),
        ("案由", case.title),
        ("当事人", parties),
        ("立案日期", case.filed_on.isoformat() if case.filed_on else ""),
        ("结案日期", case.closed_on.isoformat() if case.closed_on else ""),
        ("本卷共", f"{total_pages} 页"),
    ):
        story.append(Paragraph(f"<b>{escape(k)}：</b>{escape(str(v))}", body))
    story.append(Spacer(1, 3 * mm))
    rows = [[Paragraph(escape(x), head) for x in
             ("序号", "文书名称", "文号", "日期", "页码")]]  # fmt: skip
    stage_labels = dict(STAGES)
    for i, e in enumerate(entries, 1):
        pages = (
            str(e.first_page) if e.pages <= 1 else f"{e.first_page}–{e.first_page + e.pages - 1}"
        )
        rows.append(
            [Paragraph(str(i), cell),
             Paragraph(f"{escape(e.title)}<br/><font size=7>{escape(stage_labels.get(e.stage, ''))}</font>", cell),  # noqa: E501
             Paragraph(escape(e.number or "—"), cell),
             Paragraph(e.on.isoformat() if e.on else "", cell),
             Paragraph(pages, cell)]
        )  # fmt: skip
    width = A4[0] - 36 * mm
    t = Table(rows, colWidths=[w * width for w in (0.08, 0.34, 0.32, 0.14, 0.12)], repeatRows=1)
    t.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ]
        )
    )
    story.append(t)
    buf = io.BytesIO()
    SimpleDocTemplate(
        buf, pagesize=A4, leftMargin=18 * mm, rightMargin=18 * mm, topMargin=16 * mm,
        bottomMargin=18 * mm, title=f"{'电子卷宗'} {case.number}",
    ).build(story)  # fmt: skip
    return buf.getvalue()


def _stamp(width: float, height: float, n: int, total: int, case_number: str) -> bytes:
    from reportlab.lib.units import mm
    from reportlab.pdfgen import canvas

    from anjian.core.cjkfont import register

    font = register()
    buf = io.BytesIO()
    cv = canvas.Canvas(buf, pagesize=(width, height))
    cv.setFont(font, 9)
    cv.drawCentredString(width / 2, 7 * mm, f"第 {n} 页 共 {total} 页")
    cv.setFont(font, 7)
    cv.drawRightString(width - 12 * mm, 7 * mm, case_number)
    cv.showPage()
    cv.save()
    return buf.getvalue()


@dataclass
class Built:
    pdf: bytes
    entries: list
    pages: int

    def toc(self) -> list[dict]:
        return [
            {"seq": i, "stage": e.stage, "title": e.title, "number": e.number,
             "date": e.on.isoformat() if e.on else "", "first_page": e.first_page,
             "pages": e.pages, "kind": e.kind, "ref": e.ref}
            for i, e in enumerate(self.entries, 1)
        ]  # fmt: skip


def build(case) -> Built:
    """Assemble the file: 卷内目录, then every entry, page numbers stamped, signed."""
    from pypdf import PdfReader, PdfWriter

    entries = items(case)
    readers = []
    for e in entries:
        r = PdfReader(io.BytesIO(e.pdf))
        e.pages = len(r.pages)
        readers.append(r)
    body = sum(e.pages for e in entries)
    # the 目录's own length moves every page number: lay it out until it stops changing
    toc_pages, toc = 1, b""
    for _round in range(5):
        start = toc_pages + 1
        for e in entries:
            e.first_page = start
            start += e.pages
        toc = _toc_pdf(case, entries, toc_pages + body)
        n = len(PdfReader(io.BytesIO(toc)).pages)
        if n == toc_pages:
            break
        toc_pages = n
    total = toc_pages + body
    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(toc)), import_outline=False)
    writer.add_outline_item("卷内目录", 0)
    for e, r in zip(entries, readers, strict=True):
        first = len(writer.pages)
        # the documents' own signature fields are left out: the file carries its own signature
        writer.append(r, import_outline=False, excluded_fields=["/Annots", "/B"])
        writer.add_outline_item(f"{e.title} {e.number}".strip(), first)
    if "/AcroForm" in writer._root_object:
        del writer._root_object["/AcroForm"]
    for i, page in enumerate(writer.pages, 1):
        w, h = float(page.mediabox.width), float(page.mediabox.height)
        page.merge_page(PdfReader(io.BytesIO(_stamp(w, h, i, total, case.number))).pages[0])
    writer.add_metadata({"/Title": f"{'电子卷宗'} {case.number} {case.title}"})
    buf = io.BytesIO()
    writer.write(buf)
    signed = pdfsign.sign(
        buf.getvalue(), case.department, reason=f"{'电子卷宗'} {case.number}",
        location=case.department.region.name,
    )  # fmt: skip
    return Built(signed, entries, total)


# ------------------------------------------------------------------------------ service


def require_closed(case) -> None:
    if case.stage != "closed":
        raise ValidationError({"stage": _("案件结案后方可生成电子卷宗")})


def archive(by, case, *, expected_version=None):
    """归档: store the file once, its SHA-256 on the CaseFile and in the audit trail."""
    from .models import CaseFile
    from .services.common import lock_case, require_case

    require_case(by, case, "change")
    with transaction.atomic():
        c = lock_case(case, expected_version)
        require_closed(c)
        if CaseFile.objects.filter(case=c).exists():
            raise ValidationError({"casefile": _("该案电子卷宗已归档，归档后不可更改或重新生成")})
        built = build(c)
        digest = pdfsign.sha256(built.pdf)
        cf = CaseFile(
            case=c, department=c.department, region_code=c.region_code, sha256=digest,
            pages=built.pages, toc=built.toc(), archived_by=by,
        )  # fmt: skip
        cf.pdf.save(f"casefile-{c.pk}.pdf", ContentFile(built.pdf), save=False)
        cf.save()
        record(
            by, "case.archive_file", c,
            after={"sha256": digest, "pages": built.pages, "entries": len(built.entries),
                   "casefile": cf.pk},
            note=f"电子卷宗归档，SHA-256 {digest}",
        )  # fmt: skip
    return cf


def pdf_for_download(by, case) -> tuple[bytes, str]:
    """The archived file, else (a closed case not yet archived) the file assembled now."""
    from .models import CaseFile
    from .services.common import require_case

    require_case(by, case, "view")
    require_closed(case)
    cf = CaseFile.objects.filter(case=case).first()
    if cf is not None:
        with cf.pdf.open("rb") as f:
            data = f.read()
        if pdfsign.sha256(data) != cf.sha256:
            raise ValidationError({"casefile": _("归档的电子卷宗文件与登记的 SHA-256 不符")})
        return data, cf.sha256
    built = build(case)
    return built.pdf, pdfsign.sha256(built.pdf)
