"""The printed layouts of seed 000 附件2 and seed 002 附件2, shared by the web page and Excel."""

from __future__ import annotations

from dataclasses import dataclass

from .figures import S2_OVERALL, S2_SPOT, Table


@dataclass(frozen=True)
class HeadCell:
    row: int  # 0-based header row (0..2)
    col: int  # 0-based column
    text: str
    rowspan: int = 1
    colspan: int = 1


# seed 000 附件2: 3 header rows, 22 leaf columns (column 0 = 行业领域).
S1_HEAD = [
    HeadCell(0, 0, "行业领域", 3),
    HeadCell(0, 1, "派出检查小组", 3),
    HeadCell(0, 2, "出动执法人员", 3),
    HeadCell(0, 3, "聘用安全专家", 3),
    HeadCell(0, 4, "检查企业数量", 3),
    HeadCell(0, 5, "发现隐患数量", 1, 3),
    HeadCell(1, 5, "总计", 2),
    HeadCell(1, 6, "重大事故隐患", 2),
    HeadCell(1, 7, "一般事故隐患", 2),
    HeadCell(0, 8, "已整改隐患数量", 1, 3),
    HeadCell(1, 8, "总计", 2),
    HeadCell(1, 9, "重大事故隐患", 2),
    HeadCell(1, 10, "一般事故隐患", 2),
    HeadCell(0, 11, "现场紧急处置"),
    HeadCell(
        1,
        11,
        "含暂扣许可证、暂时停产停业、暂时停止建设（使用设备）、停止供电、停止使用民爆物品等处置措施",
        2,
    ),
    HeadCell(0, 12, "行政处罚", 1, 6),
    HeadCell(1, 12, "立案", 2),
    HeadCell(1, 13, "罚款", 2),
    HeadCell(1, 14, "一案双罚、一案多罚", 2),
    HeadCell(1, 15, "提请关闭", 2),
    HeadCell(1, 16, "吊销许可证", 2),
    HeadCell(1, 17, "责令停产停业", 2),
    HeadCell(0, 18, "下达执法文书", 3),
    HeadCell(0, 19, "进行曝光（附曝光报道记录）", 3),
    HeadCell(0, 20, "移交案件", 2, 2),
    HeadCell(2, 20, "一般移交"),
    HeadCell(2, 21, "涉及行刑衔接"),
]


def s1_head_rows() -> list[list[HeadCell]]:
    rows: list[list[HeadCell]] = [[], [], []]
    for c in S1_HEAD:
        rows[c.row].append(c)
    return rows


def s1_title(campaign_title: str | None) -> str:
    # seed: 全区安全生产“强安2023”监管执法专项行动统计汇总表
    if campaign_title:
        return f"全区{campaign_title}统计汇总表"
    return "全区安全生产监管执法专项行动统计汇总表"


def s2_title(campaign_title: str | None) -> str:
    # seed: 正阳工业园区重大事故隐患专项排查整治2023行动进展情况月度调度表
    if campaign_title:
        return f"{campaign_title}进展情况月度调度表"
    return "重大事故隐患专项排查整治行动进展情况月度调度表"


S2_SECTIONS = [("总体情况", S2_OVERALL), ("对企业自查自改进行抽查检查情况", S2_SPOT)]
S2_NOTE = [
    "注：1．调度表自6月份开始上报，每月底前上报截至本月末的累计情况。",
    "2．调度表内容应围绕专项行动并对照方案具体要求如实填报，特别是对企业自查情况进行抽查检查时，"
    "要深挖细查，查出问题。如：电焊等人员无证上岗作业，既要通过现场检查发现问题，也要通过对企业动火等"
    "特种作业存单进行检查核实来发现问题；外包外租管理混乱，是指符合以下情形之一的：承包承租方不具备安全"
    "生产条件、未取得相应资质，双方未签订安全生产协议，安全生产管理职责不清，未纳入本企业统一管理。",
]


def s2_rows(table: Table) -> list[dict]:
    """Rows of seed 002 附件2: [section, (no, figure, value), (no, figure, value) or None]."""
    values = table.total.values
    out = []
    for section, figs in S2_SECTIONS:
        pairs = [figs[i : i + 2] for i in range(0, len(figs), 2)]
        for n, pair in enumerate(pairs):
            cells = []
            for j, f in enumerate(pair):
                cells.append(
                    {"no": n * 2 + j + 1, "fig": f, "label": f"{f.label}（{f.unit}）",
                     "value": values[f.key]}
                )  # fmt: skip
            out.append({"section": section if n == 0 else None, "span": len(pairs), "cells": cells})
    return out
