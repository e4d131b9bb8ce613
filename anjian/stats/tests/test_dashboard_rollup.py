"""Issue 19 point 5: the dashboard read from the rollup (and capped counts) equals the dashboard
computed from the raw rows, block by block, for every unit and month of the scenario and after
further changes; 以罚代管 is two grouped queries, not a subquery per hazard."""

from datetime import date, datetime

from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from anjian.hazards.models import OPEN_STATUSES, Hazard, HazardEvent
from anjian.stats import dashboard, rollup
from anjian.stats.figures import Period, Unit

from .conftest import at
from .test_rollup import units

MONTHS = [Period.month(2023, 4), Period.month(2023, 5), Period.month(2023, 6)]


def _build(unit, period, flag):
    with override_settings(ANJIAN_STATS_ROLLUP=flag):
        d = dashboard.build(unit, period)
    d["ypdg"] = [(r.kind, r.pk, r.penalised_on) for r in d["ypdg"]]
    d["overdue"] = [h.pk for h in d["overdue"]]
    return d


def _assert_same(w):
    for unit in units(w):
        for p in MONTHS:
            raw, rolled = _build(unit, p, False), _build(unit, p, True)
            for block in raw:
                assert rolled[block] == raw[block], (block, unit.label, p.label)


def _links(s):
    tz = timezone.get_current_timezone()
    s.c1.hazards.add(s.h2, s.h1)
    s.c2.hazards.add(s.h3)
    s.c4.hazards.add(s.h9)
    HazardEvent.objects.create(hazard=s.h3, kind="review_pass", at=datetime(2023, 5, 6, tzinfo=tz))
    HazardEvent.objects.create(hazard=s.h9, kind="review_pass", at=datetime(2023, 4, 1, tzinfo=tz))


def test_dashboard_from_the_rollup_equals_the_raw_dashboard(scenario):
    w, s = scenario.world, scenario
    _links(s)
    s.h2.deadline = date(2023, 5, 20)
    s.h2.save()
    rollup.rebuild_all()
    _assert_same(w)
    county = _build(Unit(region=w.county), Period.month(2023, 5), True)
    # the blocks are not empty: the comparison compares something
    assert county["ypdg_count"] == 3  # h1, h2 (c1) and h9 (reviewed before c4's decision)
    assert sum(county["trends"]["hazards"]) and county["by_sector"] and county["ranking"]
    assert any(r["inspections"] for r in county["by_town"]) and county["overdue_count"] == 1
    # and after changes through the models (marked dirty, refreshed on read)
    Hazard.objects.create(enterprise=w.build, department=w.zjw, source="self", level="major",
                          description="新增", found_at=at(2023, 5, 9), region_code=w.build.region_id)  # fmt: skip
    s.h2.status, s.h2.closed_at = "closed", at(2023, 6, 3)
    s.h2.save()
    s.c3.decided_on = date(2023, 5, 30)
    s.c3.save()
    _assert_same(w)
    assert rollup.check() == []


def test_penalty_without_review_is_not_a_query_per_hazard(scenario):
    w, s = scenario.world, scenario
    _links(s)
    county = Unit(region=w.county)
    rollup.refresh()  # the months the changes marked (a read recomputes them first)
    with CaptureQueriesContext(connection) as few:
        dashboard._hazards_without_review(county, date(2023, 5, 31), 50)
    for k in range(30):  # many more penalised hazards: the same number of queries
        h = Hazard.objects.create(enterprise=w.chem, department=w.yjj, source="inspection",
                                  level="general", description=f"罚{k}", found_at=at(2023, 5, 9),
                                  region_code=w.chem.region_id)  # fmt: skip
        s.c1.hazards.add(h)
    with CaptureQueriesContext(connection) as many:
        rows, n = dashboard._hazards_without_review(county, date(2023, 5, 31), 50)
    assert n == 33 and len(many.captured_queries) == len(few.captured_queries) <= 3


def test_overdue_count_is_capped(scenario, monkeypatch):
    w, s = scenario.world, scenario
    for h in (s.h2, s.h5):
        h.deadline = date(2023, 5, 20)
        h.save()
    monkeypatch.setattr(dashboard, "OVERDUE_CAP", 1)
    count, rows = dashboard.overdue(Unit(region=w.county))
    assert count == "1+" and len(rows) == 2


def test_open_hazards_per_town_are_tallied_by_the_changes_themselves(scenario):
    """未整改/逾期 per town come from the OpenHazard tally, kept by every change of a hazard
    (created, status, deadline, 区划, deleted) without a rebuild, and read without touching the
    ledger."""
    w, s = scenario.world, scenario
    assert rollup._open_raw() == rollup._open_stored() != {}
    h = Hazard.objects.create(enterprise=w.build, department=w.zjw, source="self", level="general",
                              description="新增", found_at=at(2023, 5, 9), deadline=date(2023, 5, 19),
                              region_code=w.build.region_id)  # fmt: skip
    h.deadline = date(2099, 1, 1)
    h.save()
    assert rollup._open_raw() == rollup._open_stored()
    s.h2.status, s.h2.closed_at = "closed", at(2023, 6, 3)
    s.h2.save()
    s.h1.region_code = w.build.region_id
    s.h1.save()
    h.delete()
    assert rollup._open_raw() == rollup._open_stored()
    county = Unit(region=w.county)
    rollup.refresh()  # the months the changes marked (a read recomputes them first)
    with CaptureQueriesContext(connection) as q, override_settings(ANJIAN_STATS_ROLLUP=True):
        rows = dashboard.by_town(county, Period.month(2023, 5))
    assert not [x for x in q.captured_queries if "hazards_hazard" in x["sql"]]
    with override_settings(ANJIAN_STATS_ROLLUP=False):
        raw = dashboard.by_town(county, Period.month(2023, 5))
    assert [(r["open"], r["overdue"]) for r in rows] == [(r["open"], r["overdue"]) for r in raw]
    assert sum(r["open"] for r in rows) == Hazard.objects.filter(status__in=OPEN_STATUSES).count()
    assert rollup.check() == []
