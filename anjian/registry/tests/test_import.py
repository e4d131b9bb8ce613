"""R3 import: every bad row reported with row, column and message; all-or-nothing."""

import io
import random

from django.test import Client
from openpyxl import Workbook

from anjian.audit.models import AuditEntry
from anjian.registry import creditcode
from anjian.registry.excel import COLUMNS, import_enterprises
from anjian.registry.models import Enterprise

HEADER = [label for _, label, _ in COLUMNS]


def workbook(rows) -> io.BytesIO:
    wb = Workbook()
    ws = wb.active
    ws.append(HEADER)
    for r in rows:
        ws.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    buf.seek(0)
    buf.name = "import.xlsx"
    return buf


def good_rows(n, seed=7):
    rng = random.Random(seed)
    towns = ["柔刚街道", "白马镇", "510904102201"]
    rows = []
    for i in range(n):
        rows.append(
            [
                creditcode.generate(rng),
                f"导入测试企业{i:04d}有限公司",
                f"测试路{i}号",
                towns[i % 3],
                "工贸",
                "",
                10 + i % 50,
                "否",
                "有限空间" if i % 7 == 0 else "",
                "无",
                "正常",
                "张三",
                "13800000000",
            ]
        )
    return rows


def test_thousand_rows_with_three_bad_imports_nothing(world):
    rows = good_rows(1000)
    rows[9][0] = rows[9][0][:-1] + (
        "0" if rows[9][0][-1] != "0" else "1"
    )  # row 11: wrong check char
    rows[499][4] = "造船业"  # row 501: unknown sector
    rows[997][6] = "很多"  # row 999: not a number
    before = Enterprise.objects.count()
    result = import_enterprises(world.awb, workbook(rows))
    assert not result.ok
    assert [(e.row, e.column) for e in result.errors] == [
        (11, "统一社会信用代码"),
        (501, "主行业领域"),
        (999, "从业人员数"),
    ]
    assert "校验码" in result.errors[0].message
    assert Enterprise.objects.count() == before
    assert not AuditEntry.objects.filter(action="enterprise.import").exists()


def test_valid_file_imports_all_in_scope(world):
    result = import_enterprises(world.awb, workbook(good_rows(120)))
    assert result.ok and result.created == 120
    e = Enterprise.objects.get(name="导入测试企业0007有限公司")
    assert e.region_id == "510904101000" and e.confined_space
    assert AuditEntry.objects.filter(action="enterprise.import").count() == 120
    assert e.tiers.exists()


def test_duplicates_in_file_and_registry(world):
    rows = good_rows(5)
    rows[3][0] = rows[1][0]
    rows[4][0] = world.chem.credit_code
    result = import_enterprises(world.awb, workbook(rows))
    msgs = {(e.row, e.message) for e in result.errors}
    assert (5, "与第 3 行重复") in msgs
    assert (6, "该代码已登记（系统中已存在）") in msgs
    assert Enterprise.objects.filter(name__startswith="导入测试").count() == 0


def test_region_outside_scope_refused(world):
    rows = good_rows(2)
    rows[1][3] = "永兴镇"  # a town of another county
    result = import_enterprises(world.awb, workbook(rows))
    assert [(e.row, e.column) for e in result.errors] == [(3, "所在区划")]


def test_missing_column_and_not_excel(world):
    wb = Workbook()
    wb.active.append(["企业名称"])
    buf = io.BytesIO()
    wb.save(buf)
    buf.seek(0)
    result = import_enterprises(world.awb, buf)
    assert {e.column for e in result.errors} >= {"统一社会信用代码", "所在区划", "主行业领域"}
    result = import_enterprises(world.awb, io.BytesIO(b"not a spreadsheet"))
    assert result.errors[0].message.startswith("无法读取")


def test_import_page_shows_error_report(world):
    rows = good_rows(3)
    rows[2][1] = ""
    c = Client()
    c.force_login(world.awb)
    resp = c.post("/enterprises/import/", {"file": workbook(rows)})
    html = resp.content.decode()
    assert "第 4 行" in html and "企业名称" in html and "必填项为空" in html
    assert "未导入任何企业" in html
