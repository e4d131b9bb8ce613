"""The web tables, their exports, scope, drill-down pages and the API."""

import csv
import os
import re
import shutil
import subprocess
from decimal import Decimal
from io import BytesIO

import pytest
from django.test import Client
from openpyxl import load_workbook

from anjian.stats.excel import S1_FIRST_DATA_ROW
from anjian.stats.figures import S1, S2, Period, Unit, compute

CELL = re.compile(
    r'<td class="num" data-row="([^"]*)" data-fig="(\w+)"><a href="([^"]+)">([^<]*)</a>'
)
S2CELL = re.compile(r'<td class="num" data-fig="(\w+)"><a href="([^"]+)">([^<]*)</a>')


def client(user):
    c = Client()
    c.force_login(user)
    return c


def web_s1(c, query):
    html = c.get("/stats/?" + query).content.decode()
    return {(row, key): value for row, key, _url, value in CELL.findall(html)}, html


def num(v):
    return Decimal(str(v)).normalize() if v not in (None, "") else Decimal(0)


@pytest.mark.parametrize("query", ["month=2023-05", "month=2023-05&mode=cum&start=2023-04"])
def test_xlsx_equals_web_table(scenario, query):
    c = client(scenario.world.awb)
    web, html = web_s1(c, query)
    assert "全区安全生产监管执法专项行动统计汇总表" in html and "填报单位：遂宁市安居区" in html
    assert "负责人：" in html and "联系电话：" in html
    assert len(web) == 7 * len(S1)  # six printed rows + 合计
    resp = c.get("/stats/s1.xlsx?" + query)
    ws = load_workbook(BytesIO(resp.content)).active
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert {"A4:A6", "F4:H4", "I4:K4", "M4:R4", "U4:V5", "L5:L6"} <= merged
    assert [ws.cell(7, i).value for i in range(2, 24)] == [f.unit for f in S1] + [None]
    assert ws.cell(4, 12).value == "现场紧急处置" and ws.cell(6, 21).value == "一般移交"
    xl = {}
    r = S1_FIRST_DATA_ROW
    while ws.cell(r, 1).value:
        label = ws.cell(r, 1).value
        for i, f in enumerate(S1, start=2):
            xl[(label, f.key)] = ws.cell(r, i).value
        r += 1
    assert set(xl) == set(web)
    for k, v in web.items():
        assert num(xl[k]) == num(v), k
    assert xl[("合  计", "teams")] == (3 if "cum" not in query else 4)


def test_s2_page_and_xlsx(scenario):
    c = client(scenario.world.awb)
    html = c.get("/stats/s2/?month=2023-05&start=2023-04").content.decode()
    web = {k: int(v) for k, _u, v in S2CELL.findall(html)}
    assert web["self_major"] == 2 and web["insp_major"] == 3 and web["spot_total"] == 3
    assert "企业自查发现的重大事故隐患（个）" in html and "注：1．调度表自6月份开始上报" in html
    ws = load_workbook(BytesIO(c.get("/stats/s2.xlsx?month=2023-05&start=2023-04").content)).active
    xl = {}
    for row in ws.iter_rows(min_row=3, values_only=True):
        for j in (2, 5):
            if isinstance(row[j], str) and "（" in row[j]:
                xl[row[j]] = row[j + 1]
    labels = {f"{f.label}（{f.unit}）": f.key for f in S2}
    assert set(xl) == set(labels)
    assert all(xl[label] == web[key] for label, key in labels.items())
    assert "A3:A5" in {str(r) for r in ws.merged_cells.ranges}  # 总体情况 over its 3 rows


def _soffice(component: str) -> str:
    """soffice with the given component (calc/writer); fail under CI when absent, else skip."""
    soffice = shutil.which("soffice") or "/usr/bin/soffice"
    libs = {"calc": "libsclo.so", "writer": "libswlo.so"}
    program = os.path.realpath(os.path.dirname(os.path.realpath(soffice)))
    if not os.path.exists(soffice) or not os.path.exists(os.path.join(program, libs[component])):
        reason = f"LibreOffice {component} (soffice) is not installed"
        if os.environ.get("CI"):
            pytest.fail(reason + " (required under CI)")
        pytest.skip(reason)
    return soffice


def _convert(soffice, src, fmt, tmp_path):
    subprocess.run(
        [soffice, "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to",
         fmt, "--outdir", str(tmp_path), str(src)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip


def test_xlsx_opens_in_libreoffice(scenario, tmp_path):
    soffice = _soffice("calc")
    c = client(scenario.world.awb)
    src = tmp_path / "s1.xlsx"
    src.write_bytes(c.get("/stats/s1.xlsx?month=2023-05").content)
    _convert(soffice, src, "csv:Text - txt - csv (StarCalc):44,34,76", tmp_path)
    rows = list(csv.reader((tmp_path / "s1.csv").open(encoding="utf-8")))
    total = next(r for r in rows if r and r[0] == "合  计")
    assert total[1] == "3" and total[13].startswith("5.0346")


def test_report_docx_opens_in_libreoffice(scenario, tmp_path):
    soffice = _soffice("writer")
    src = tmp_path / "report.docx"
    src.write_bytes(client(scenario.world.awb).get("/stats/report.docx?month=2023-05").content)
    _convert(soffice, src, "txt:Text (encoded):UTF8", tmp_path)
    text = (tmp_path / "report.txt").read_text(encoding="utf-8-sig")
    assert "一、总体情况" in text and "四、下一步工作建议" in text


def test_drilldown_page_lists_that_many(scenario):
    c = client(scenario.world.awb)
    web, _ = web_s1(c, "month=2023-05&mode=cum&start=2023-04")
    html = c.get("/stats/?month=2023-05&mode=cum&start=2023-04").content.decode()
    urls = {(row, key): url for row, key, url, _v in CELL.findall(html)}
    for cell in [("应急管理", "teams"), ("应急管理", "found"), ("合  计", "checked"),
                 ("建筑施工", "emergency"), ("合  计", "double"), ("应急管理", "exposures")]:  # fmt: skip
        page = c.get(urls[cell].replace("&amp;", "&")).content.decode()
        assert f'<strong id="total">{web[cell]}</strong>' in page, cell
    page = c.get(urls[("应急管理", "teams")].replace("&amp;", "&")).content.decode()
    assert (
        f"/inspections/{scenario.i1.pk}/" in page and f"/inspections/{scenario.i6.pk}/" not in page
    )


def test_scope(scenario):
    w = scenario.world
    yjj = client(w.inspector)
    assert "区应急局" in yjj.get("/stats/?month=2023-05").content.decode()
    assert yjj.get(f"/stats/?unit=dept:{w.zjw.pk}&month=2023-05").status_code == 404
    assert yjj.get("/stats/?unit=region:510904000000").status_code == 404
    assert yjj.get(f"/stats/drill/?table=s1&fig=teams&unit=dept:{w.zjw.pk}").status_code == 404
    assert yjj.get(f"/api/stats/tables/s1?unit=dept:{w.zjw.pk}").status_code == 404
    town = client(w.town)
    assert "填报单位：白马镇" in town.get("/stats/?month=2023-05").content.decode()
    assert town.get("/stats/?unit=region:510904001000").status_code == 404
    assert client(w.expert).get("/stats/").status_code == 403
    assert client(w.ent_user).get("/stats/dashboard/").status_code == 403
    assert client(w.awb).get(f"/stats/?unit=dept:{w.zjw.pk}").status_code == 200
    assert client(w.awb).get("/stats/?unit=region:510903000000").status_code == 404
    assert client(w.inspector).get("/stats/submissions/").status_code == 403


def test_bad_month_is_a_clear_message(scenario):
    resp = client(scenario.world.awb).get("/stats/?month=2023-13")
    assert resp.status_code == 400 and "月份格式应为 YYYY-MM" in resp.content.decode()


def test_api_tables_and_records(scenario):
    w = scenario.world
    c = client(w.awb)
    data = c.get("/api/stats/tables/s1?month=2023-05&mode=cum&start=2023-04").json()
    expected = compute(
        "s1", Unit(region=w.county), Period.to_month(2023, 5, Period.month(2023, 4).start)
    )
    assert data["total"]["teams"] == expected.total.values["teams"] == 4
    assert data["total"]["fines"] == pytest.approx(5.7346)
    assert data["columns"][12] == {
        "key": "fines",
        "label": "罚款",
        "group": "行政处罚",
        "unit": "万元",
    }
    recs = c.get("/api/stats/tables/s1/found_major/records?month=2023-05&row=应急管理").json()
    assert recs["count"] == 1 and recs["items"][0]["id"] == scenario.h1.pk
    s2 = c.get("/api/stats/tables/s2?month=2023-05&start=2023-04").json()
    assert s2["total"]["supervised"] == 2
    assert c.get("/api/stats/tables/s9").status_code == 404
