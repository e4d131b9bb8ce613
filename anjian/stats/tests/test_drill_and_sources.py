"""Drill-down lists the counted records themselves; the 抽查检查 deficiency mapping; tips and
accidents on the dashboard."""

import re
from datetime import date

from django.test import Client

from anjian.accidents.models import Accident
from anjian.checklists.models import ChecklistItem, ChecklistTemplate
from anjian.enforcement.models import Case, Document, Transfer
from anjian.inspections.models import Finding
from anjian.stats.dashboard import tips_accidents, trends
from anjian.stats.figures import Period, Unit, compute, records
from anjian.tips.models import Tip

from .conftest import at

MAY = Period.month(2023, 5)
CUM = Period.to_month(2023, 5, date(2023, 4, 1))
ROW = re.compile(r'<tr data-model="(\w+)"[^>]*>.*?<td class="record">(?:<a href="([^"]*)">)?', re.S)


def client(user):
    c = Client()
    c.force_login(user)
    return c


def drill(c, fig, **extra):
    q = {"table": "s1", "fig": fig, "month": "2023-05", "mode": "cum", "start": "2023-04", **extra}
    html = c.get("/stats/drill/", q).content.decode()
    return html, ROW.findall(html)


def test_cases_documents_transfers_open_the_records_themselves(scenario):
    w = scenario.world
    c = client(w.awb)
    cases = records("s1", "cases", Unit(region=w.county), CUM)
    html, rows = drill(c, "cases")
    assert rows and len(rows) == cases.count()
    assert {m for m, _ in rows} == {"case"}
    assert {u for _, u in rows} == {f"/enforcement/{k.pk}/" for k in cases}
    assert "<th>案件</th>" in html

    doc = Document.objects.filter(issued_on__month=5).order_by("pk").first()
    doc.case = Case.objects.filter(enterprise=doc.enterprise).first()
    doc.save()
    html, rows = drill(c, "documents")
    assert {m for m, _ in rows} == {"document"}
    assert len(rows) == records("s1", "documents", Unit(region=w.county), CUM).count() == 4
    # A document without a file opens its case; none of the lines is only its enterprise.
    assert f"/enforcement/{doc.case_id}/" in {u for _, u in rows}
    assert not any(u.startswith("/enterprises/") for _, u in rows)

    transfers = Transfer.objects.filter(
        pk__in=records("s1", "transfer_general", Unit(region=w.county), CUM)
    )
    html, rows = drill(c, "transfer_general")
    assert {u for _, u in rows} == {f"/enforcement/transfers/{t.pk}/" for t in transfers}


def test_drilldown_links_only_what_the_user_may_open(scenario):
    """A department inspector opens its own cases; an enterprise outside its sectors (a 应急局
    case at a building firm) is named without a link to a page it may not open."""
    w = scenario.world
    mine = list(records("s1", "cases", Unit(department=w.yjj), CUM).order_by("pk"))
    assert len(mine) >= 2
    Case.objects.filter(pk=mine[0].pk).update(enterprise=w.build)
    html, rows = drill(client(w.inspector), "cases", unit=f"dept:{w.yjj.pk}")
    assert [u for _m, u in rows] == [f"/enforcement/{k.pk}/" for k in mine]
    assert w.build.name in html
    assert f"/enterprises/{w.build.pk}/" not in html
    assert f"/enterprises/{mine[1].enterprise_id}/" in html


def _items():
    tpl = ChecklistTemplate.objects.create(code="annex1", title="企业全员安全生产履职合法性检查表")

    def item(subject, seq, row):
        return ChecklistItem.objects.create(template=tpl, row=row, subject=subject, seq=seq,
                                            item=f"{subject}{seq}")  # fmt: skip

    return {
        "lead7": item("主要负责人", 7, 1),
        "lead3": item("主要负责人", 3, 2),
        "lead6": item("主要负责人", 6, 3),
    }


def test_deficiency_mapping_follows_the_seed_wording(scenario):
    """Seed 002 附件2: 外包外租管理混乱 = the four situations of its note (第一百零三条), not 第一百零
    四条 (交叉作业); 员工不熟悉逃生出口 is not a blocked exit (第一百零五条第二项); 主要负责人未带队检查
    is not any 第九十四条 finding recorded against another duty of the 主要负责人."""
    s, w = scenario, scenario.world
    unit = Unit(department=w.yjj)
    before = compute("s2", unit, CUM).total.values
    items = _items()

    def finding(i, code="", item=None):
        Finding.objects.create(inspection=i, kind="violation", description="问题", violation_code=code,
                               checklist_item=item, recorded_by=w.inspector)  # fmt: skip

    finding(s.i1, "SPL-104")  # 交叉作业: not 外包外租
    finding(s.i3, "SPL-105-2")  # blocked exits (at another enterprise): not 应急演练
    finding(s.i2, item=items["lead7"])  # 主要负责人 7: 应急救援预案 and 演练
    after = compute("s2", unit, CUM).total.values
    assert after["outsourcing"] == before["outsourcing"]
    assert after["no_drill"] == before["no_drill"] + 1
    assert set(records("s2", "no_drill", unit, CUM)) == {w.chem}

    # i1 and i2 (both at w.chem) carry SPL-94-P1 without a checklist item: 1 家. A 第九十四条
    # finding on 主要负责人 3 (规章制度) is not 未带队检查; on 主要负责人 6 (督促、检查) it is.
    assert after["no_lead"] == 1
    finding(s.i4, "SPL-94-P1", items["lead3"])
    assert compute("s2", Unit(region=w.county), CUM).total.values["no_lead"] == 1
    finding(s.i4, "SPL-94-P1", items["lead6"])
    assert compute("s2", Unit(region=w.county), CUM).total.values["no_lead"] == 2


def _tip(w, n, received, *, dept, status="new", result=""):
    return Tip.objects.create(
        code=f"T{n}", secret_hash="x", category="major_hazard", enterprise=w.chem,
        enterprise_name=w.chem.name, region_id=w.chem.region_id, description="举报",
        received_at=received, stage_started_at=received, status=status, result=result,
        department=dept,
    )  # fmt: skip


def _accident(w, ent, when, deaths=0):
    return Accident.objects.create(
        enterprise=ent, region_code=ent.region_id, occurred_at=when, place="车间", kind="触电",
        grade="一般", deaths=deaths, investigation_due=date(2023, 7, 1), created_by=w.inspector,
    )  # fmt: skip


def test_tips_and_accidents_feed_the_dashboard(scenario):
    w = scenario.world
    _tip(w, 1, at(2023, 5, 3), dept=w.yjj, status="concluded", result="true")
    _tip(w, 2, at(2023, 5, 9), dept=w.yjj)
    _tip(w, 3, at(2023, 5, 9), dept=w.yjj, status="rejected")  # 不予受理: not counted
    _tip(w, 4, at(2023, 4, 30, 23, 59), dept=w.zjw)  # April
    _accident(w, w.chem, at(2023, 5, 2), deaths=1)  # 危险化学品 → 应急局
    _accident(w, w.build, at(2023, 5, 6))  # 建筑施工 → 住建委
    _accident(w, w.chem, at(2023, 6, 1, 0, 0))  # June
    county, yjj = Unit(region=w.county), Unit(department=w.yjj)
    sig = tips_accidents(county, MAY)
    assert sig["tips"] == {"received": 2, "verified": 1, "open": 1}
    assert sig["accidents"] == {"n": 2, "deaths": 1, "injuries": 0}
    assert tips_accidents(yjj, MAY)["accidents"]["n"] == 1
    assert tips_accidents(Unit(department=w.zjw), MAY)["tips"]["received"] == 0
    t = trends(county, 2023, 6, n=3)
    assert t["labels"] == ["2023-04", "2023-05", "2023-06"]
    assert t["tips"] == [1, 2, 0] and t["accidents"] == [0, 2, 1]
    html = client(w.awb).get("/stats/dashboard/?month=2023-05").content.decode()
    assert '<span class="n" id="tips-count">2</span>' in html
    assert '<span class="n" id="accidents-count">2</span>' in html


def test_hazards_found_and_closed_are_counted_by_two_index_friendly_queries():
    """S1 hazard figures split into one query per period arm (found in / closed in the period),
    so neither WHERE clause is an OR that PostgreSQL can only answer from the table pages."""
    from anjian.stats.figures import TABLES, _split_by_arm

    figs = [f for f in TABLES["s1"] if f.source == "hazard"]
    unit = Unit()
    groups = _split_by_arm(figs, [f.when(MAY, unit) for f in figs])
    keys = sorted(sorted(f.key for f in fs) for _, fs in groups)
    assert keys == [
        ["fixed", "fixed_general", "fixed_major"],
        ["found", "found_general", "found_major"],
    ]
    for arm, _ in groups:
        assert " OR " not in str(arm)


def test_enterprise_figures_list_enterprises_with_their_town(scenario):
    w = scenario.world
    html, rows = drill(client(w.awb), "checked")
    assert "<th>所在镇街（园区）</th>" in html and "<th>日期</th>" not in html
    assert rows and all(model == "enterprise" and url for model, url in rows)
