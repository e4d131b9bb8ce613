"""S1/S2 as .xlsx in the seeds' layouts (merged header cells, units row, 合计 row)."""

from __future__ import annotations

from datetime import date

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from .figures import S1, Table
from .layout import S1_HEAD, S2_NOTE, s1_title, s2_rows, s2_title

THIN = Side(style="thin", color="000000")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)

S1_FIRST_DATA_ROW = 8  # 1 title, 2 period, 3 填报单位, 4-6 header, 7 units


def _cn_date(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def _box(ws, r1, c1, r2, c2):
    for r in range(r1, r2 + 1):
        for c in range(c1, c2 + 1):
            ws.cell(r, c).border = BOX


def s1_workbook(t: Table, meta: dict) -> Workbook:
    wb = Workbook()
    ws = wb.active
    ws.title = "统计汇总表"
    n = 1 + len(S1)  # 22 columns
    last = get_column_letter(n)
    ws.merge_cells(f"A1:{last}1")
    ws["A1"] = s1_title(meta.get("campaign"))
    ws["A1"].font = Font(size=16, bold=True)
    ws["A1"].alignment = CENTER
    ws.merge_cells(f"A2:{last}2")
    ws["A2"] = f"（{t.period.label}）"
    ws["A2"].alignment = CENTER
    ws.merge_cells("A3:K3")
    ws["A3"] = f"填报单位：{t.unit.label}"
    ws.merge_cells(f"L3:{last}3")
    ws["L3"] = f"填报时间：{_cn_date(meta['filled_on'])}"
    ws["L3"].alignment = Alignment(horizontal="right")
    for c in S1_HEAD:
        r, col = 4 + c.row, 1 + c.col
        ws.cell(r, col, c.text).alignment = CENTER
        ws.cell(r, col).font = Font(bold=True)
        if c.rowspan > 1 or c.colspan > 1:
            ws.merge_cells(
                start_row=r, start_column=col, end_row=r + c.rowspan - 1,
                end_column=col + c.colspan - 1,
            )  # fmt: skip
    for i, f in enumerate(S1, start=2):
        ws.cell(7, i, f.unit).alignment = CENTER
    row = S1_FIRST_DATA_ROW
    for r in [*t.rows, t.total]:
        ws.cell(row, 1, r.label).alignment = CENTER
        for i, f in enumerate(S1, start=2):
            v = r.values[f.key]
            cell = ws.cell(row, i, float(v) if f.unit == "万元" else v)
            cell.alignment = CENTER
            if f.unit == "万元":
                cell.number_format = "0.0000"
        row += 1
    _box(ws, 4, 1, row - 1, n)
    foot = row + 1
    ws.cell(foot, 1, f"负责人：{meta.get('leader', '')}")
    ws.merge_cells(start_row=foot, start_column=1, end_row=foot, end_column=7)
    ws.cell(foot, 8, f"填报人：{meta.get('filler', '')}")
    ws.merge_cells(start_row=foot, start_column=8, end_row=foot, end_column=14)
    ws.cell(foot, 15, f"联系电话：{meta.get('phone', '')}")
    ws.merge_cells(start_row=foot, start_column=15, end_row=foot, end_column=n)
    ws.column_dimensions["A"].width = 12
    for i in range(2, n + 1):
        ws.column_dimensions[get_column_letter(i)].width = 9
    ws.column_dimensions["L"].width = 22
    ws.row_dimensions[5].height = 60
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = "4:7"
    return wb


def s2_workbook(t: Table, meta: dict) -> Workbook:
    wb = Workbook()
    ws = wb.active
    ws.title = "月度调度表"
    ws.merge_cells("A1:G1")
    ws["A1"] = s2_title(meta.get("campaign"))
    ws["A1"].font = Font(size=14, bold=True)
    ws["A1"].alignment = CENTER
    ws.merge_cells("A2:D2")
    ws["A2"] = f"（单位名称）：{t.unit.label}"
    ws.merge_cells("E2:G2")
    ws["E2"] = f"时间：{_cn_date(meta['filled_on'])}"
    ws["E2"].alignment = Alignment(horizontal="right")
    r = 3
    for line in s2_rows(t):
        if line["section"]:
            ws.cell(r, 1, line["section"]).alignment = CENTER
            if line["span"] > 1:
                ws.merge_cells(start_row=r, start_column=1, end_row=r + line["span"] - 1,
                               end_column=1)  # fmt: skip
        for j, cell in enumerate(line["cells"]):
            c0 = 2 + 3 * j
            ws.cell(r, c0, cell["no"]).alignment = CENTER
            ws.cell(r, c0 + 1, cell["label"]).alignment = LEFT
            ws.cell(r, c0 + 2, cell["value"]).alignment = CENTER
        r += 1
    ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=7)
    ws.cell(r, 1, "\n".join(S2_NOTE)).alignment = LEFT
    ws.row_dimensions[r].height = 90
    _box(ws, 3, 1, r, 7)
    ws.cell(r + 1, 1, f"填报人：{meta.get('filler', '')}")
    ws.merge_cells(start_row=r + 1, start_column=1, end_row=r + 1, end_column=4)
    ws.cell(r + 1, 5, f"联系电话：{meta.get('phone', '')}")
    ws.merge_cells(start_row=r + 1, start_column=5, end_row=r + 1, end_column=7)
    widths = {"A": 10, "B": 5, "C": 36, "D": 8, "E": 5, "F": 36, "G": 8}
    for k, v in widths.items():
        ws.column_dimensions[k].width = v
    ws.page_setup.orientation = "landscape"
    return wb
