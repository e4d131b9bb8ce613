"""Issue 19 point 3: pre-aggregated monthly figures equal the raw computation for every unit and
period, stay equal while records change (marked in the same transaction), and `stats-check`
reports every difference."""

import random
from datetime import date, timedelta
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from anjian.accounts.models import Department, Sector
from anjian.enforcement.models import Case, CaseParty, Document
from anjian.hazards import services as hazard_services
from anjian.hazards.models import Disposal, Hazard
from anjian.stats import rollup
from anjian.stats.figures import Period, Unit, compute
from anjian.stats.models import DirtyMonth, MonthlyFigure

from .conftest import at

PERIODS = [
    Period.month(2023, 4),
    Period.month(2023, 5),
    Period.month(2023, 6),
    Period.to_month(2023, 5, date(2023, 4, 1)),
    Period.to_month(2023, 6, date(2023, 3, 1)),
]


def units(w):
    gaj = Department.objects.get(code="gaj")
    return [
        Unit(department=w.yjj), Unit(department=w.zjw), Unit(department=gaj),
        Unit(region=w.county), Unit(region=w.rougang), Unit(region=w.baima),
    ]  # fmt: skip


def assert_same(w, periods=PERIODS, few=False):
    for unit in units(w)[::2] if few else units(w):
        for p in periods:
            for table in ("s1", "s2"):
                raw = compute(table, unit, p, rollup=False)
                rolled = compute(table, unit, p, rollup=True)
                assert [(r.label, r.values) for r in rolled.rows] == [
                    (r.label, r.values) for r in raw.rows
                ], (table, unit.label, p.label)


def test_rollup_equals_raw_for_every_unit_and_period(scenario):
    w = scenario.world
    assert rollup.rebuild_all() >= 4  # 2023-03 … 2023-06
    assert_same(w)
    assert rollup.check() == []


def test_changes_mark_their_months_and_stay_equal(scenario):
    w, s = scenario.world, scenario
    rollup.rebuild_all()
    assert not DirtyMonth.objects.exists()
    s.h9.level = "general"  # April hazard corrected
    s.h9.save()
    assert set(DirtyMonth.objects.values_list("month", flat=True)) >= {date(2023, 4, 1)}
    Hazard.objects.create(
        enterprise=w.chem, department=w.yjj, source="inspection", level="major",
        description="补录", found_at=at(2023, 6, 3), region_code=w.chem.region_id,
    )  # fmt: skip
    CaseParty.objects.filter(case=s.c2).update(fine=Decimal("1"))  # bypasses signals …
    Case.objects.get(pk=s.c2.pk).save()  # … the case's own save marks its months
    Disposal.objects.create(hazard=s.h2, option="suspend", decided_by=w.inspector,
                            decided_at=at(2023, 6, 5))  # fmt: skip
    assert_same(w)
    # an enterprise moved to another sector changes its rows in every month
    w.food.primary_sector = Sector.objects.get(name="建筑施工")
    w.food.save()
    assert DirtyMonth.objects.filter(month=rollup.ALL).exists()
    assert_same(w)
    assert rollup.check() == []


def test_stats_check_reports_every_difference(scenario):
    rollup.rebuild_all()
    out = StringIO()
    call_command("stats-check", stdout=out)
    assert "一致" in out.getvalue()
    MonthlyFigure.objects.filter(key="teams").update(value=99)
    county = Unit(region=scenario.world.county)
    may = Period.month(2023, 5)
    assert (
        compute("s1", county, may, rollup=True).total.values["teams"]
        != (compute("s1", county, may, rollup=False).total.values["teams"])
    )
    with pytest.raises(CommandError):
        call_command("stats-check", stdout=StringIO())
    diffs = rollup.check()
    assert diffs and all("teams" in d for d in diffs)
    call_command("stats-rebuild", stdout=StringIO())
    assert rollup.check() == []


def _png():
    from django.core.files.uploadedfile import SimpleUploadedFile

    from anjian.inspections.tests.conftest import png_bytes

    return SimpleUploadedFile("整改.png", png_bytes(), content_type="image/png")


@pytest.mark.parametrize("seed", [1, 2])
def test_random_service_sequences_keep_the_rollup_equal_to_a_recomputation(scenario, seed):
    """Property: whatever sequence of changes — hazards reported, closed on the spot, supervised
    and corrected through the hazard services; cases, fines, documents and disposals created,
    amended and deleted — the rollup read equals the raw computation and `stats-check` finds no
    difference."""
    w = scenario.world
    rnd = random.Random(seed)
    rollup.rebuild_all()
    today = date.today()
    periods = PERIODS + [
        Period.month(today.year, today.month),
        Period.to_month(today.year, today.month, date(2023, 3, 1)),
    ]
    ents = [(w.chem, w.yjj), (w.food, w.yjj), (w.build, w.zjw)]
    seq = [100]

    def when():
        return at(2023, rnd.choice([4, 5, 6]), rnd.randint(1, 28), rnd.randint(0, 23))

    def report():
        ent, dept = rnd.choice(ents)
        found = when()
        return hazard_services.report_hazard(
            w.inspector if dept == w.yjj else w.builder, enterprise=ent, department=dept,
            source=rnd.choice(["inspection", "self", "tip"]), level="general",
            description=f"随机隐患{rnd.random():.6f}", found_at=found,
            deadline=found.date() + timedelta(days=10),
        )  # fmt: skip

    def close():
        # 即查即改销号 is for general hazards only (安全生产法第四十一条: a major one closes
        # through 五落实 → 整改 → 复查 → 销号)
        open_ = list(Hazard.objects.filter(status="pending", department=w.yjj, level="general"))
        if open_:
            h = rnd.choice(open_)
            hazard_services.close_immediately(w.inspector, h, note="现场整改", files=[_png()])

    def correct_level():
        h = rnd.choice(list(Hazard.objects.all()))
        h.level = "major" if h.level == "general" else "general"
        h.save()

    def supervise():
        majors = [
            h for h in Hazard.objects.filter(level="major").exclude(status="closed")
            if not h.supervisions.filter(lifted_at__isnull=True).exists()
        ]  # fmt: skip
        if majors:
            h = rnd.choice(majors)
            day = when().date()
            seq[0] += 1
            hazard_services.supervise(
                w.awb, h, level="district", issuing_unit="区安委会", number=f"督{seq[0]}号",
                issued_on=day, deadline=day + timedelta(days=30),
            )  # fmt: skip

    def new_case():
        ent, dept = rnd.choice(ents)
        filed = when().date()
        decided = filed + timedelta(days=rnd.randint(0, 40))
        c = Case.objects.create(
            department=dept, enterprise=ent, region_code=ent.region_id, title="随机案件",
            procedure=rnd.choice(["general", "simple"]), filed_on=filed, decided_on=decided,
            created_by=w.inspector,
        )  # fmt: skip
        for kind in rnd.sample(["enterprise", "person"], rnd.randint(1, 2)):
            CaseParty.objects.create(case=c, kind=kind, name="当事人",
                                     fine=Decimal(rnd.randint(1, 50000)))  # fmt: skip

    def amend_fine():
        p = rnd.choice(list(CaseParty.objects.all()))
        p.fine = Decimal(rnd.randint(0, 90000))
        p.decided_on = rnd.choice([None, when().date()])
        p.save()

    def delete_party():
        parties = list(CaseParty.objects.all())
        if len(parties) > 2:
            rnd.choice(parties).delete()

    def move_case():
        c = rnd.choice(list(Case.objects.all()))
        c.filed_on = when().date()
        c.save()

    def document():
        ent, dept = rnd.choice(ents)
        seq[0] += 1
        Document.objects.create(
            kind=rnd.choice(["rectification_order", "filing_approval", "penalty_decision"]),
            department=dept, region_code=ent.region_id, year=2023, seq=seq[0],
            number=f"随机{seq[0]}", enterprise=ent, issued_on=when().date(),
            issued_by=w.inspector,
        )  # fmt: skip

    def disposal():
        h = rnd.choice(list(Hazard.objects.all()))
        Disposal.objects.create(hazard=h, option=rnd.choice(["emergency", "suspend", "deadline"]),
                                decided_by=w.inspector, decided_at=when())  # fmt: skip

    def delete_disposal():
        d = Disposal.objects.order_by("?").first()
        if d:
            d.delete()

    ops = [report, report, close, correct_level, supervise, new_case, amend_fine, delete_party,
           move_case, document, disposal, delete_disposal]  # fmt: skip
    for step in range(20):
        rnd.choice(ops)()
        if step % 10 == 9:
            assert_same(w, periods[1::2], few=True)
    assert_same(w, periods, few=True)
    assert rollup.check() == []
