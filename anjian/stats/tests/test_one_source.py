"""Issue 19 point 2: one source of truth. Each test takes a pair of places that used to contradict
each other and checks that they now read the same status or figure."""

from datetime import date, datetime
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone

from anjian.accounts.models import Region
from anjian.enforcement.models import Case, CaseParty, Document
from anjian.inspections.models import Inspection
from anjian.stats import dashboard, services
from anjian.stats.figures import Period, Unit, format_value
from anjian.stats.models import Submission
from anjian.tasks import services as tasks_services
from anjian.tasks.models import Unit as TaskUnit
from anjian.tasks.sources import task_reminders
from anjian.testing import make_enterprise

MAY = Period.month(2023, 5)


def client(user):
    c = Client()
    c.force_login(user)
    return c


@pytest.fixture
def linked(scenario):
    """yjj submits its May 2023 统计汇总表 on 10 June (on time); zjw does not submit. The 安委办's
    obligation “统计汇总表” (每月23日前) asks both for the table (stats_table s1)."""
    w = scenario.world
    sub = services.submit(w.inspector, "s1", Unit(department=w.yjj), 2023, 5,
                          start=date(2023, 4, 1), filler_name="张三")  # fmt: skip
    tz = timezone.get_current_timezone()
    Submission.objects.filter(pk=sub.pk).update(submitted_at=datetime(2023, 6, 10, 9, tzinfo=tz))
    yjj, zjw = TaskUnit.of_department(w.yjj), TaskUnit.of_department(w.zjw)
    ob = tasks_services.create_obligation(
        w.awb, title="统计汇总表", day_of_month=23, start=date(2023, 5, 1),
        end=date(2023, 12, 31), units=[yjj, zjw], stats_table="s1",
    )  # fmt: skip
    return ob, yjj, zjw


def _stats_lines(w, today):
    st = services.submission_status(w.awb, "s1", 2023, 5)
    return {ln.unit.key: ln for ln in st["lines"]}, st


def _ob_row(ob, today, key="2023-05"):
    period, row = next(
        (p, r) for p, r in tasks_services.obligation_status(ob, today) if p.key == key
    )
    return period, {u.pk: st for u, _s, st in row}


def test_submission_status_is_the_same_on_stats_and_on_the_obligation(scenario, linked):
    w = scenario.world
    ob, yjj, zjw = linked
    period, row = _ob_row(ob, date(2023, 6, 12))
    # the table of May is due on 23 June (每月23日前上报 the previous month's table), on both sides
    assert period.due == services.deadline(2023, 5) == date(2023, 6, 23)
    assert row[yjj.pk] == "done" and row[zjw.pk] == "pending"
    assert services.report_status("s1", Unit(department=w.yjj), 2023, 5).status == "done"
    assert (
        services.report_status(
            "s1", Unit(department=w.zjw), 2023, 5, today=date(2023, 6, 12)
        ).status
        == "pending"
    )
    # after the deadline zjw is 逾期未报 everywhere, yjj still 按时报送
    _p, row = _ob_row(ob, date(2023, 6, 24))
    assert row == {yjj.pk: "done", zjw.pk: "overdue"}
    lines, _st = _stats_lines(w, None)  # the real today is long after 23 June 2023
    assert lines[f"dept:{w.yjj.pk}"].status == "done"
    assert lines[f"dept:{w.zjw.pk}"].status == "overdue"
    # the pages say the same
    html = client(w.awb).get("/stats/submissions/?table=s1&month=2023-05").content.decode()
    assert 'data-status="done"' in html and "按时报送" in html and "逾期未报" in html
    page = client(w.awb).get(f"/tasks/obligations/{ob.pk}/").content.decode()
    assert 'id="stats-linked"' in page
    section = page[page.index("2023年5月") :]
    section = section[: section.index("</section>")]
    assert "06-23" in section and "已报送" in section and "逾期未报" in section
    # a file upload on the obligation cannot create a second, contradicting status
    with pytest.raises(Exception) as exc:
        tasks_services.submit(w.inspector, ob, period_key="2023-05", note="已报")
    assert "统计报表" in str(exc.value)


def test_reminders_read_the_same_status(scenario, linked):
    ob, yjj, zjw = linked

    def keys(today):
        return {c.key: c for c in task_reminders(today) if f":obligation:{ob.pk}:" in c.key}

    soon = keys(date(2023, 6, 21))
    assert not any(f":{yjj.pk}:2023-05" in k for k in soon)  # submitted: no reminder
    due = [c for k, c in soon.items() if f":{zjw.pk}:2023-05" in k]
    assert due and all(c.kind == "report_due" for c in due)
    assert "2023年06月23日" in due[0].body
    late = keys(date(2023, 6, 24))
    assert not any(f":{yjj.pk}:2023-05" in k for k in late)
    assert any(c.kind == "report_overdue" for k, c in late.items() if f":{zjw.pk}:2023-05" in k)


def _quiet_town(w):
    """A town of the county with no record of the scenario, and an enterprise in it."""
    town = (
        Region.objects.filter(level="town", code__startswith=w.county.prefix)
        .exclude(pk__in=[w.rougang.pk, w.baima.pk])
        .order_by("code")
        .first()
    )
    village = Region.objects.filter(parent=town).order_by("code").first()
    ent = make_enterprise("安居某机械有限公司", village.code, "工贸", 21)
    return town, ent


def test_a_town_with_a_fine_is_neither_zero_enforcement_nor_zero_penalty(scenario):
    w = scenario.world
    town, ent = _quiet_town(w)
    county = Unit(region=w.county)
    before = dashboard.zero_units(dashboard.ranking(county, MAY))
    assert town.name in before["towns"]["no_inspection"]
    c = Case.objects.create(
        department=w.yjj, enterprise=ent, region_code=ent.region_id, title="机械案",
        filed_on=date(2023, 4, 20), decided_on=date(2023, 5, 12), created_by=w.inspector,
    )  # fmt: skip
    CaseParty.objects.create(case=c, kind="enterprise", name=ent.name, fine=Decimal("147000"))
    rank = dashboard.ranking(county, MAY)
    row = next(r for r in rank["towns"] if r["label"] == town.name)
    assert row["fines_text"] == "14.7" and row["cases"] == 0  # filed in April
    zero = dashboard.zero_units(rank)
    assert town.name not in zero["towns"]["no_inspection"]
    assert town.name not in zero["towns"]["no_penalty"]
    html = client(w.awb).get("/stats/dashboard/?month=2023-05").content.decode()
    zero_html = html[html.index('id="zero"') :]
    zero_html = zero_html[: zero_html.index("</section>")]
    assert town.name not in zero_html
    assert "14.7000" not in html and ">14.7<" in html


def test_penalty_without_review_covers_violation_cases(scenario):
    w = scenario.world
    _town, ent = _quiet_town(w)
    county = Unit(region=w.county)
    n0, _rows = dashboard.penalty_without_review(county, MAY.end)
    c = Case.objects.create(
        department=w.yjj, enterprise=ent, region_code=ent.region_id, title="未设置安全管理机构",
        filed_on=date(2023, 5, 2), decided_on=date(2023, 5, 8), stage="closed",
        created_by=w.inspector,
    )  # fmt: skip
    n, rows = dashboard.penalty_without_review(county, MAY.end)
    assert n == n0 + 1 and any(r.kind == "case" and r.obj == c for r in rows)
    html = client(w.awb).get("/stats/dashboard/?month=2023-05").content.decode()
    assert 'data-kind="case"' in html and "未设置安全管理机构" in html
    # a later inspection of the enterprise by the case's department is a 复查
    i = Inspection.objects.create(
        enterprise=ent, department=w.yjj, inspected_on=date(2023, 5, 20), status="submitted",
        region_code=ent.region_id, created_by=w.inspector,
    )  # fmt: skip
    assert dashboard.penalty_without_review(county, MAY.end)[0] == n0
    i.delete()
    Document.objects.create(
        kind="review_opinion", department=w.yjj, region_code=ent.region_id, year=2023, seq=90,
        number="复查-90", enterprise=ent, case=c, issued_on=date(2023, 5, 15),
        issued_by=w.inspector,
    )  # fmt: skip
    assert dashboard.penalty_without_review(county, MAY.end)[0] == n0


def test_amounts_are_written_in_wan_yuan_as_a_clerk_writes_them(scenario):
    assert format_value(Decimal("14.7000"), "万元") == "14.7"
    assert format_value(Decimal("1.234567"), "万元") == "1.2346"
    assert format_value(Decimal("0"), "万元") == "0"
    assert format_value(Decimal("10.0000"), "万元") == "10"
    assert format_value(14.7, "万元") == "14.7"
    assert format_value(3, "家") == "3"
    w = scenario.world
    services.submit(w.inspector, "s1", Unit(department=w.yjj), 2023, 5, start=date(2023, 4, 1),
                    filler_name="张三")  # fmt: skip
    html = client(w.awb).get("/stats/submissions/?table=s1&month=2023-05").content.decode()
    totals = html[html.index('id="totals"') :]
    assert "5.7346" in totals and ".0000" not in totals
    s1 = client(w.inspector).get("/stats/?month=2023-05").content.decode()
    assert "5.0346" in s1 and ".0000<" not in s1


def test_s2_as_of_date_is_today_for_the_running_month(scenario):
    w = scenario.world
    today = timezone.localdate()
    html = client(w.awb).get(f"/stats/s2/?month={today:%Y-%m}").content.decode()
    assert f"截至 {today.year}年{today.month}月{today.day}日" in html
    html = client(w.awb).get("/stats/s2/?month=2023-05").content.decode()
    assert "截至 2023年5月31日" in html
