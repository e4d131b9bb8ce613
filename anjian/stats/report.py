"""S4 work-report draft (.docx): 总体情况, 主要做法, 存在问题, 下一步工作建议, figures filled in."""

from __future__ import annotations

from io import BytesIO

from django.utils import timezone
from docx import Document as Docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from . import dashboard
from .figures import Period, Unit, compute, format_value


def _n(v) -> str:
    return str(v) if isinstance(v, int) else format_value(v, "万元")


def report_text(unit: Unit, month: Period, cum: Period) -> dict[str, list[str]]:
    """The paragraphs of the draft, by section (also used by the tests and the API)."""
    m = compute("s1", unit, month).total.values
    c = compute("s1", unit, cum).total.values
    s2 = compute("s2", unit, cum).total.values
    dash = dashboard.build(unit, month)
    rate = round(100 * c["fixed"] / c["found"], 1) if c["found"] else None
    overall = [
        f"{cum.label}，{unit.label}累计派出检查小组{c['teams']}个，出动执法人员{c['inspectors']}人次，"
        f"聘用安全专家{c['experts']}人次，检查企业{c['checked']}家；发现隐患{c['found']}项（其中重大事故隐患"
        f"{c['found_major']}项、一般事故隐患{c['found_general']}项），已整改隐患{c['fixed']}项"
        + (f"，整改率{rate}%" if rate is not None else "")
        + "。",
        f"行政处罚立案{c['cases']}起，罚款{_n(c['fines'])}万元，一案双罚、一案多罚{c['double']}起，"
        f"提请关闭{c['closure']}家，吊销许可证{c['revocation']}个，责令停产停业{c['suspension']}家；"
        f"现场紧急处置{c['emergency']}家，下达执法文书{c['documents']}份，进行曝光{c['exposures']}次，"
        f"一般移交{c['transfer_general']}起，涉及行刑衔接{c['transfer_judicial']}起。",
        f"其中{month.label}派出检查小组{m['teams']}个，检查企业{m['checked']}家，发现隐患{m['found']}项，"
        f"立案{m['cases']}起，罚款{_n(m['fines'])}万元。",
        f"重大事故隐患方面，企业自查发现{s2['self_major']}个、已整改{s2['self_major_fixed']}个；"
        f"执法检查发现{s2['insp_major']}个、已整改{s2['insp_major_fixed']}个；挂牌督办{s2['supervised']}个、"
        f"已整改{s2['supervised_fixed']}个。",
    ]
    practices = [
        "坚持“四不两直”、暗查暗访、“双随机、一公开”和异地互查，全面使用“互联网+执法”系统，"
        "检查事项清单、执法流程、执法文书、数据统计实现全流程上线入网。",
        f"聘用安全专家{c['experts']}人次参与执法检查，实行“执法+专家”模式，提高检查的专业性。",
        f"严格落实一案双罚、一案多罚，累计{c['double']}起；对典型案例曝光{c['exposures']}次，"
        f"移交案件{c['transfer_general'] + c['transfer_judicial']}起。",
    ]
    problems = []
    if dash["overdue_count"]:
        problems.append(f"仍有{dash['overdue_count']}项隐患超过整改期限未销号，闭环管理有待加强。")
    if rate is not None and rate < 100:
        problems.append(f"隐患整改率为{rate}%，部分隐患尚未整改到位。")
    if dash["ypdg_count"]:
        problems.append(
            f"{dash['ypdg_count']}项隐患或违法行为作出行政处罚后未开展整改复查，存在以罚代管现象。"
        )
    zero = dash.get("zero")
    if zero:
        if zero["departments"]["no_inspection"]:
            problems.append(
                f"{month.label}{'、'.join(zero['departments']['no_inspection'])}未开展执法检查（零执法）。"
            )
        if zero["departments"]["no_penalty"]:
            problems.append(
                f"{month.label}{'、'.join(zero['departments']['no_penalty'])}未立案处罚（零处罚）。"
            )
    if s2["insp_major"] > s2["self_major"]:
        problems.append(
            "执法检查发现的重大事故隐患多于企业自查发现的，企业自查自改不深入、不彻底。"
        )
    if not problems:
        problems.append("（请结合本单位实际补充。）")
    next_steps = [
        "持续保持执法高压态势，对重点检查企业名录库企业实现全覆盖检查，对一般检查企业实施“双随机”抽查。",
        "紧盯重大事故隐患闭环管理，对逾期未整改隐患逐项督办，落实整改复查，杜绝以罚代管。",
        "强化精准执法，严格落实一案双罚，对屡查屡犯企业依法提请关闭并实施行业禁入。",
        "加强典型案例曝光和行刑衔接，按月报送统计汇总表，确保数据真实准确。",
    ]
    return {
        "总体情况": overall,
        "主要做法": practices,
        "存在问题": problems,
        "下一步工作建议": next_steps,
    }


def report_docx(unit: Unit, month: Period, cum: Period, title: str | None = None) -> bytes:
    doc = Docx()
    style = doc.styles["Normal"]
    style.font.name = "仿宋"
    style.font.size = Pt(14)
    head = doc.add_paragraph()
    head.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = head.add_run(title or f"{unit.label}安全生产监管执法工作情况报告（{month.label}）")
    run.bold = True
    run.font.size = Pt(20)
    sub = doc.add_paragraph("（初稿，由安监执法系统根据执法记录自动生成，请审核修改）")
    sub.alignment = WD_ALIGN_PARAGRAPH.CENTER
    numerals = ["一", "二", "三", "四"]
    for n, (section, paras) in enumerate(report_text(unit, month, cum).items()):
        h = doc.add_paragraph()
        r = h.add_run(f"{numerals[n]}、{section}")
        r.bold = True
        for i, p in enumerate(paras, start=1):
            text = f"（{i}）{p}" if section in ("主要做法", "下一步工作建议") else p
            doc.add_paragraph(text).paragraph_format.first_line_indent = Pt(28)
    doc.add_paragraph()
    end = doc.add_paragraph(f"{unit.label}\n{timezone.localdate():%Y年%m月%d日}")
    end.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    buf = BytesIO()
    doc.save(buf)
    return buf.getvalue()
