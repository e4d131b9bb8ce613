"""Render an enforcement document's content to .docx (python-docx) and PDF (reportlab).

Both renderers read the same `Content`, so the Word file and the PDF say the same thing.
The PDF embeds its CJK font (`core.cjkfont`: Noto Sans SC from the PyPI package
justmytype-intl-cjk, SIL OFL 1.1), subset to the characters used, so its text is extractable
and it renders the same on a machine without Chinese fonts.
"""

import io
import re
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

KV = "kv"
PARA = "p"
HEADING = "h"
TABLE = "table"
SIGN = "sign"
SIGNATURE = "signature"  # (text line, PNG bytes or b"") of one signature


@dataclass
class Content:
    title: str
    number: str
    org: str
    blocks: list = field(default_factory=list)  # (kind, payload)
    landscape: bool = False
    header_rows: int = 1  # for TABLE blocks: how many leading rows are headers
    spans: list = field(default_factory=list)  # [((col0,row0),(col1,row1))] for TABLE blocks
    col_weights: list | None = None  # relative column widths for TABLE blocks (PDF)

    def text(self) -> str:
        """Plain text of everything (for tests and search)."""
        out = [self.org, self.title, self.number]
        for kind, payload in self.blocks:
            if kind == KV:
                out += [f"{k}：{v}" for k, v in payload]
            elif kind == TABLE:
                out += ["\t".join(str(c) for c in row) for row in payload]
            elif kind == SIGN:
                out += list(payload)
            elif kind == SIGNATURE:
                out.append(payload[0])
            else:
                out.append(str(payload))
        return "\n".join(out)


# ------------------------------------------------------------------------------ docx

# A cell that is one amount (50,000.00元, ¥30,000.00, 100,000元以下): kept on one line.
AMOUNT = re.compile(r"^[¥￥]?[\d,]+(\.\d+)?(元(以下)?)?$")


def column_weights(rows: list, ncols: int, given: list | None = None) -> list:
    """Relative column widths: the given ones, else from the longest text of each column
    (clamped so that one long cell does not starve the others); an amount column is at least
    as wide as its longest amount, so the amount never wraps."""
    if given and len(given) == ncols:
        return list(given)
    weights = []
    for j in range(ncols):
        cells = [str(r[j]) for r in rows if j < len(r)]
        longest = max((len(x) for x in cells), default=1)
        amounts = [len(x) for x in cells if AMOUNT.match(x)]
        header = len(cells[0]) if cells else 1
        # text columns wrap (capped), a header of up to four characters stays on one line
        w = max(min(longest, 10), min(header, 4) + 1, 2)
        if amounts:
            w = max(w, max(amounts) + 1)  # with the cell padding, an amount never wraps
        weights.append(w)
    return weights


def to_docx(c: Content) -> bytes:
    from docx import Document as Docx
    from docx.enum.section import WD_ORIENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    d = Docx()
    style = d.styles["Normal"]
    style.font.name = "SimSun"
    style.font.size = Pt(11)
    style.paragraph_format.space_after = Pt(3)
    style.paragraph_format.space_before = Pt(0)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "宋体")
    if c.landscape:
        sec = d.sections[0]
        sec.orientation = WD_ORIENT.LANDSCAPE
        sec.page_width, sec.page_height = sec.page_height, sec.page_width
    p = d.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    r = p.add_run(c.org)
    r.font.size = Pt(14)
    p = d.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    r = p.add_run(c.title)
    r.bold = True
    r.font.size = Pt(18)
    p = d.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.add_run(c.number)
    for kind, payload in c.blocks:
        if kind == HEADING:
            p = d.add_paragraph()
            p.add_run(payload).bold = True
        elif kind == PARA:
            d.add_paragraph(payload)
        elif kind == KV:
            for k, v in payload:
                p = d.add_paragraph()
                p.add_run(f"{k}：").bold = True
                p.add_run(str(v))
        elif kind == TABLE:
            ncols = max(len(r) for r in payload)
            t = d.add_table(rows=len(payload), cols=ncols)
            t.style = "Table Grid"
            t.autofit = False
            sec = d.sections[-1]
            usable = sec.page_width - sec.left_margin - sec.right_margin
            weights = column_weights(payload, ncols, c.col_weights)
            widths = [int(usable * w / sum(weights)) for w in weights]
            layout = OxmlElement("w:tblLayout")
            layout.set(qn("w:type"), "fixed")
            t._tbl.tblPr.append(layout)
            for j, col in enumerate(t.columns):
                col.width = widths[j]
            for i, row in enumerate(payload):
                for j in range(ncols):
                    cell = t.cell(i, j)
                    cell.width = widths[j]
                    text = str(row[j]) if j < len(row) else ""
                    cell.text = text
                    for para in cell.paragraphs:
                        for run in para.runs:
                            run.font.size = Pt(9.5)
                    if AMOUNT.match(text):
                        no_wrap = OxmlElement("w:noWrap")
                        cell._tc.get_or_add_tcPr().append(no_wrap)
            for (c0, r0), (c1, r1) in c.spans:
                a, b = t.cell(r0, c0), t.cell(r1, c1)
                text = a.text
                merged = a.merge(b)
                merged.text = text
        elif kind == SIGN:
            d.add_paragraph("")
            for line in payload:
                p = d.add_paragraph(line)
                p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        elif kind == SIGNATURE:
            line, png = payload
            p = d.add_paragraph()
            if png:
                p.add_run().add_picture(io.BytesIO(png), height=Pt(28))
                p.add_run(" ")
            r = p.add_run(line)
            r.font.size = Pt(9)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


# ------------------------------------------------------------------------------- pdf


def _font() -> str:
    from anjian.core.cjkfont import register

    return register()


def to_pdf(c: Content) -> bytes:
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_CENTER, TA_RIGHT
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    font = _font()
    size = landscape(A4) if c.landscape else A4
    org = ParagraphStyle("o", fontName=font, fontSize=14, leading=20, alignment=TA_CENTER)
    title = ParagraphStyle("t", fontName=font, fontSize=18, leading=26, alignment=TA_CENTER)
    num = ParagraphStyle("n", fontName=font, fontSize=11, leading=16, alignment=TA_CENTER)
    body = ParagraphStyle("b", fontName=font, fontSize=11, leading=17, wordWrap="CJK")
    cell = ParagraphStyle("c", fontName=font, fontSize=8.5, leading=11, wordWrap="CJK")
    right = ParagraphStyle("r", fontName=font, fontSize=11, leading=17, alignment=TA_RIGHT)
    small = ParagraphStyle("s", fontName=font, fontSize=8, leading=11, wordWrap="CJK")
    story = [
        Paragraph(escape(c.org), org),
        Paragraph(f"<b>{escape(c.title)}</b>", title),
        Paragraph(escape(c.number), num),
        Spacer(1, 4 * mm),
    ]
    width = size[0] - 36 * mm
    for kind, payload in c.blocks:
        if kind == HEADING:
            story.append(Paragraph(f"<b>{escape(payload)}</b>", body))
        elif kind == PARA:
            story.append(Paragraph(escape(payload).replace("\n", "<br/>"), body))
        elif kind == KV:
            for k, v in payload:
                story.append(
                    Paragraph(f"<b>{escape(k)}：</b>{escape(str(v))}".replace("\n", "<br/>"), body)
                )
        elif kind == TABLE:
            ncols = max(len(r) for r in payload)
            rows = [
                [Paragraph(escape(str(x)), cell) for x in r] + [""] * (ncols - len(r))
                for r in payload
            ]
            weights = c.col_weights if c.col_weights and len(c.col_weights) == ncols else None
            widths = (
                [width * w / sum(weights) for w in weights] if weights else [width / ncols] * ncols
            )
            # splitInRow: a row taller than a page (long legal text) continues on the next page.
            t = Table(rows, colWidths=widths, repeatRows=c.header_rows, splitInRow=1)
            style = [
                ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ]
            style += [("SPAN", a, b) for a, b in c.spans]
            t.setStyle(TableStyle(style))
            story.append(t)
        elif kind == SIGN:
            story.append(Spacer(1, 8 * mm))
            story += [Paragraph(escape(line), right) for line in payload]
        elif kind == SIGNATURE:
            line, png = payload
            text = Paragraph(escape(line), small)
            if png:
                from reportlab.platypus import Image

                img = Image(io.BytesIO(png), width=30 * mm, height=10 * mm, kind="proportional")
                t = Table([[img, text]], colWidths=[32 * mm, width - 32 * mm])
                t.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "MIDDLE")]))
                story.append(t)
            else:
                story.append(text)
        story.append(Spacer(1, 2 * mm))
    buf = io.BytesIO()
    SimpleDocTemplate(
        buf,
        pagesize=size,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=16 * mm,
        bottomMargin=16 * mm,
        title=f"{c.title} {c.number}",
    ).build(story)
    return buf.getvalue()
