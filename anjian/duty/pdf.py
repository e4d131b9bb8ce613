"""安全风险明白卡 as an A4 PDF (reportlab, built-in CJK CID font STSong-Light: no font file)."""

import io
from xml.sax.saxutils import escape

from django.utils import timezone
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

FONT = "STSong-Light"


def _font() -> str:
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    return FONT


def risk_card_pdf(card) -> bytes:
    font = _font()
    ent = card.enterprise
    title = ParagraphStyle("t", fontName=font, fontSize=22, leading=30, alignment=TA_CENTER)
    sub = ParagraphStyle("s", fontName=font, fontSize=11, leading=16, alignment=TA_CENTER)
    head = ParagraphStyle("h", fontName=font, fontSize=14, leading=20, textColor=colors.white)
    body = ParagraphStyle("b", fontName=font, fontSize=11.5, leading=17)
    small = ParagraphStyle("sm", fontName=font, fontSize=9, leading=13, textColor=colors.grey)

    def section(label, items, color):
        rows = [[Paragraph(escape(label), head)]]
        rows += [[Paragraph(f"{i}. {escape(t)}", body)] for i, t in enumerate(items, start=1)]
        t = Table(rows, colWidths=[180 * mm])
        t.setStyle(
            TableStyle(
                [
                    ("BACKGROUND", (0, 0), (-1, 0), color),
                    ("BOX", (0, 0), (-1, -1), 0.8, color),
                    ("LEFTPADDING", (0, 0), (-1, -1), 6),
                    ("TOPPADDING", (0, 0), (-1, -1), 3),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
                ]
            )
        )
        return t

    story = [
        Paragraph("安全风险明白卡", title),
        Spacer(1, 2 * mm),
        Paragraph(escape(ent.name), sub),
        Paragraph(
            escape(
                f"地址：{ent.address or '—'}　行业领域：{ent.primary_sector.name}　"
                f"从业人员：{ent.employees}人"
            ),
            sub,
        ),
        Spacer(1, 5 * mm),
        section("主要安全风险", card.lines(card.main_risks), colors.HexColor("#c0392b")),
        Spacer(1, 4 * mm),
        section("关键管控措施", card.lines(card.key_controls), colors.HexColor("#1f5f8b")),
        Spacer(1, 4 * mm),
        section("应急处置措施", card.lines(card.emergency_measures), colors.HexColor("#d68910")),
        Spacer(1, 4 * mm),
    ]
    rows = [[Paragraph(x, head) for x in ("应急联系", "姓名", "联系电话")]]
    for c in card.contacts:
        rows.append([Paragraph(escape(c.get(k, "")), body) for k in ("role", "name", "phone")])
    t = Table(rows, colWidths=[60 * mm, 50 * mm, 70 * mm])
    t.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#27ae60")),
                ("GRID", (0, 0), (-1, -1), 0.6, colors.HexColor("#27ae60")),
                ("LEFTPADDING", (0, 0), (-1, -1), 6),
            ]
        )
    )
    story += [
        t,
        Spacer(1, 6 * mm),
        Paragraph(
            escape(
                f"更新日期：{timezone.localtime(card.updated_at):%Y年%m月%d日}　"
                "请张贴于醒目位置，全体员工应知应会。"
            ),
            small,
        ),
    ]
    buf = io.BytesIO()
    doc = SimpleDocTemplate(
        buf,
        pagesize=A4,
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=15 * mm,
        bottomMargin=15 * mm,
        title=f"安全风险明白卡 {ent.name}",
        author="安监",
    )
    doc.build(story)
    return buf.getvalue()
