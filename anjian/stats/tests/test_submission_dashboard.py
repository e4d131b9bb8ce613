"""Submission (报送) snapshots, the 安委办's status view, the dashboard and the report draft."""

from datetime import date, datetime
from io import BytesIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.utils import timezone
from docx import Document as Docx

from anjian.audit.models import AuditEntry
from anjian.core.services import ConflictError
from anjian.hazards.models import HazardEvent
from anjian.inspections.models import Inspection
from anjian.stats import dashboard, services
from anjian.stats.figures import Period, Unit
from anjian.stats.models import Submission
from anjian.stats.report import report_text

APRIL = date(2023, 4, 1)


def client(user):
    c = Client()
    c.force_login(user)
    return c


def test_submit_freezes_a_snapshot(scenario):
    w = scenario.world
    unit = Unit(department=w.yjj)
    sub = services.submit(w.inspector, "s1", unit, 2023, 5, start=APRIL, filler_name="张三",
                          phone="0825-1234567", leader_name="李局长")  # fmt: skip
    assert sub.figures["total"]["teams"] == 3 and sub.figures["period"] == "2023年4月至5月"
    assert AuditEntry.objects.filter(action="stats.submit", object_id=str(sub.pk)).exists()
    Inspection.objects.create(
        enterprise=w.chem, department=w.yjj, inspected_on=date(2023, 5, 30), status="submitted",
        region_code=w.chem.region_id, created_by=w.inspector,
    )  # fmt: skip
    sub.refresh_from_db()
    assert sub.figures["total"]["teams"] == 3  # frozen
    with pytest.raises(ConflictError):
        services.submit(w.inspector, "s1", unit, 2023, 5, start=APRIL, filler_name="张三",
                        expected_version=0)  # fmt: skip
    again = services.submit(w.leader, "s1", unit, 2023, 5, start=APRIL, filler_name="张三",
                            expected_version=1)  # fmt: skip
    assert again.pk == sub.pk and again.version == 2 and again.figures["total"]["teams"] == 4
    assert AuditEntry.objects.filter(action="stats.resubmit").count() == 1


def test_submit_rules(scenario):
    w = scenario.world
    with pytest.raises(PermissionDenied):
        services.submit(w.builder, "s1", Unit(department=w.yjj), 2023, 5, filler_name="x")
    with pytest.raises(PermissionDenied):
        services.submit(w.awb, "s1", Unit(region=w.county), 2023, 5, filler_name="x")
    with pytest.raises(ValidationError) as e:
        services.submit(w.inspector, "s1", Unit(department=w.yjj), 2023, 5, filler_name=" ")
    assert "filler_name" in e.value.message_dict
    future = timezone.localdate().year + 1
    with pytest.raises(ValidationError) as e:
        services.submit(w.inspector, "s2", Unit(department=w.yjj), future, 1, filler_name="x")
    assert "month" in e.value.message_dict
    # The town submits its own table.
    s = services.submit(w.town, "s2", Unit(region=w.baima), 2023, 5, start=APRIL, filler_name="王")
    assert s.region == w.baima and s.figures["total"]["insp_major"] == 1


def test_submission_via_page_and_awb_status(scenario):
    w = scenario.world
    c = client(w.inspector)
    resp = c.post("/stats/s1/submit/?month=2023-05&mode=cum&start=2023-04",
                  {"filler_name": "张三", "phone": "13800000000", "leader_name": "李局长"})  # fmt: skip
    assert resp.status_code == 302
    sub = Submission.objects.get(table="s1", unit_key=f"dept:{w.yjj.pk}", year=2023, month=5)
    Submission.objects.filter(pk=sub.pk).update(
        submitted_at=datetime(2023, 6, 20, 9, tzinfo=timezone.get_current_timezone())
    )
    page = c.get("/stats/?month=2023-05&mode=cum&start=2023-04").content.decode()
    assert "已于 2023-06-20" in page and "重新报送" in page
    st = services.submission_status(w.awb, "s1", 2023, 5)
    assert st["deadline"] == date(2023, 6, 23)
    assert st["submitted"] == 1 and w.zjw.name in [u.label for u in st["missing"]]
    line = next(ln for ln in st["lines"] if ln.unit.key == f"dept:{w.yjj.pk}")
    assert line.on_time is True
    assert st["submitted_total"]["teams"] == 3 and st["submitted_total"]["fines"] == 5.7346
    html = client(w.awb).get("/stats/submissions/?table=s1&month=2023-05").content.decode()
    assert "按时报送" in html and "未报送" in html and '<strong id="submitted">1</strong>' in html
    with pytest.raises(PermissionDenied):
        services.submission_status(w.inspector, "s1", 2023, 5)
    # Another department cannot read yjj's snapshot.
    assert not Submission.objects.restrict(w.builder).exists()
    assert Submission.objects.restrict(w.awb).count() == 1


def test_dashboard_ranking_zero_and_overdue(scenario):
    w, s = scenario.world, scenario
    county = Unit(region=w.county)
    may = Period.month(2023, 5)
    rank = dashboard.ranking(county, may)
    top = rank["departments"][:2]
    # yjj: 2 inspections + 2 hazards + 5×1 case + 2 documents = 11; zjw: 1 + 2 + 5 + 1 = 9.
    assert [(r["label"], r["score"]) for r in top] == [(w.yjj.name, 11), (w.zjw.name, 9)]
    assert str(top[0]["fines"]) == "5.0346"
    towns = {r["label"]: r for r in rank["towns"]}
    assert towns["白马镇"]["inspections"] == 1 and towns["柔刚街道"]["inspections"] == 2
    zero = dashboard.zero_units(rank)
    assert w.yjj.name not in zero["departments"]["no_inspection"]
    assert "区交通局" in zero["departments"]["no_inspection"]
    assert "区交通局" in zero["departments"]["no_penalty"]
    s.h2.deadline = date(2023, 5, 20)
    s.h2.save()
    count, rows = dashboard.overdue(county)
    assert s.h2 in rows and s.h1 not in rows  # h1 is closed
    trends = dashboard.trends(county, 2023, 5)
    i = trends["labels"].index("2023-05")
    assert trends["inspections"][i] == 3 and trends["hazards"][i] == 6  # h1 h2 h4 h5 h6 h10
    assert trends["rate"][i] == 50.0  # h1, h4, h6 closed by now


def test_penalty_without_review(scenario):
    w, s = scenario.world, scenario
    county = Unit(region=w.county)
    s.c1.hazards.add(s.h2)
    s.c2.hazards.add(s.h3)
    HazardEvent.objects.create(hazard=s.h3, kind="review_pass",
                               at=datetime(2023, 5, 6, tzinfo=timezone.get_current_timezone()))  # fmt: skip
    count, rows = dashboard.penalty_without_review(county, date(2023, 5, 31))
    assert count == 1 and [r.obj for r in rows] == [s.h2]
    HazardEvent.objects.create(hazard=s.h2, kind="review_fail",
                               at=datetime(2023, 5, 25, tzinfo=timezone.get_current_timezone()))  # fmt: skip
    assert dashboard.penalty_without_review(county, date(2023, 5, 31))[0] == 0
    html = client(w.awb).get("/stats/dashboard/?month=2023-05").content.decode()
    assert "stats/chart.umd.min.js" in html and 'id="chart-data"' in html and "执法力度排名" in html


def test_report_draft_has_sections_and_figures(scenario):
    w = scenario.world
    county = Unit(region=w.county)
    may = Period.month(2023, 5)
    cum = Period.to_month(2023, 5, APRIL)
    text = report_text(county, may, cum)
    assert list(text) == ["总体情况", "主要做法", "存在问题", "下一步工作建议"]
    assert "累计派出检查小组4个，出动执法人员8人次" in text["总体情况"][0]
    assert "罚款5.7346万元，一案双罚、一案多罚2起" in text["总体情况"][1]
    assert any("零执法" in p for p in text["存在问题"])
    resp = client(w.awb).get("/stats/report.docx?month=2023-05&start=2023-04")
    doc = Docx(BytesIO(resp.content))
    body = "\n".join(p.text for p in doc.paragraphs)
    assert "一、总体情况" in body and "二、主要做法" in body and "三、存在问题" in body
    assert "四、下一步工作建议" in body and "累计派出检查小组4个" in body


def test_demo_is_idempotent(world):
    from anjian.accounts.models import Role
    from anjian.conftest import make_user
    from anjian.stats import demo

    make_user("yjj_zhang", Role.INSPECTOR, department=world.yjj, region=world.county)
    demo.build({})
    demo.build({})
    assert Submission.objects.filter(unit_key=f"dept:{world.yjj.pk}").count() == 1


def test_ranking_counts_cases_as_the_table_does(scenario):
    """A case awaiting 立案 approval is not a filed case in the ranking either (as in S1)."""
    w, s = scenario.world, scenario
    may = Period.month(2023, 5)
    before = {
        r["label"]: r["cases"] for r in dashboard.ranking(Unit(region=w.county), may)["departments"]
    }
    pending = type(s.c1).objects.get(pk=s.c1.pk)
    pending.pk, pending.stage, pending.number = None, "proposed", ""
    pending.save()
    after = {
        r["label"]: r["cases"] for r in dashboard.ranking(Unit(region=w.county), may)["departments"]
    }
    assert after == before
