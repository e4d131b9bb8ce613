"""Issue 19 point 4: a table recomputed as of a past instant (what had been recorded by then, in
the states it had then) equals the table frozen at that instant, whatever was added or closed
afterwards."""

from datetime import date, timedelta
from decimal import Decimal

from django.test import Client
from django.utils import timezone

from anjian.enforcement.models import Case, CaseParty, Document, Sanction
from anjian.hazards.models import Disposal, Hazard, Supervision
from anjian.inspections.models import Finding, Inspection, TeamMember
from anjian.stats import services
from anjian.stats.drift import submission_period, submission_unit
from anjian.stats.figures import Period, Unit, compute

from .conftest import at

APRIL = date(2023, 4, 1)


def client(user):
    c = Client()
    c.force_login(user)
    return c


def _submit(w, table, year, month, start):
    return services.submit(w.inspector, table, Unit(department=w.yjj), year, month, start=start,
                           filler_name="张三")  # fmt: skip


def _as_submitted(sub) -> dict:
    period = submission_period(sub).at(sub.submitted_at)
    return compute(sub.table, submission_unit(sub), period).as_dict()


def _add_late_records(w, s, day, found_at):
    """Records of the period registered after the submission (补录), and state changes."""
    i = Inspection.objects.create(
        enterprise=w.food, department=w.yjj, inspected_on=day, status="submitted",
        submitted_at=timezone.now(), region_code=w.food.region_id, created_by=w.inspector,
    )  # fmt: skip
    TeamMember.objects.create(inspection=i, user=w.inspector, role="inspector")
    Finding.objects.create(inspection=i, kind="violation", description="补录",
                           violation_code="SPL-97-7", recorded_by=w.inspector)  # fmt: skip
    h = Hazard.objects.create(
        enterprise=w.food, department=w.yjj, source="inspection", level="major",
        description="补录隐患", found_at=found_at, region_code=w.food.region_id,
    )  # fmt: skip
    Disposal.objects.create(hazard=h, option="suspend", decided_by=w.inspector,
                            decided_at=timezone.now())  # fmt: skip
    Supervision.objects.create(hazard=h, level="district", issuing_unit="区安委会",
                               number=f"补录{h.pk}", issued_on=day, deadline=day + timedelta(30),
                               created_by=w.awb)  # fmt: skip
    c = Case.objects.create(department=w.yjj, enterprise=w.food, region_code=w.food.region_id,
                            title="补录案", filed_on=day, decided_on=day, created_by=w.inspector)  # fmt: skip
    CaseParty.objects.create(case=c, kind="enterprise", name="企业", fine=Decimal("9000"))
    Sanction.objects.create(kind="suspension", department=w.yjj, enterprise=w.chem,
                            region_code=w.chem.region_id, decided_on=day, created_by=w.leader)  # fmt: skip
    return h


def test_as_of_the_submission_equals_the_frozen_table_after_late_records(scenario):
    w, s = scenario.world, scenario
    subs = [_submit(w, "s1", 2023, 5, APRIL), _submit(w, "s2", 2023, 5, APRIL)]
    _add_late_records(w, s, date(2023, 5, 12), at(2023, 5, 12))
    for sub in subs:
        now = compute(sub.table, submission_unit(sub), submission_period(sub)).as_dict()
        assert now["total"] != sub.figures["total"]  # the late records changed the figures
        assert _as_submitted(sub) == sub.figures


def test_as_of_the_submission_equals_the_frozen_table_after_closing_in_the_running_month(
    scenario,
):
    """In the running month: hazards closed, supervised and registered after the submission."""
    w, s = scenario.world, scenario
    today = timezone.localdate()
    first = date(today.year, today.month, 1)
    open_h = [
        Hazard.objects.create(
            enterprise=w.chem,
            department=w.yjj,
            source=src,
            level="major",
            description=f"本月隐患{k}",
            found_at=timezone.now(),
            region_code=w.chem.region_id,
        )  # fmt: skip
        for k, src in enumerate(("inspection", "self", "inspection"))
    ]
    Supervision.objects.create(hazard=open_h[0], level="district", issuing_unit="区安委会",
                               number="本月督办", issued_on=today, deadline=today + timedelta(30),
                               created_by=w.awb)  # fmt: skip
    subs = [_submit(w, t, today.year, today.month, first) for t in ("s1", "s2")]
    for h in open_h[:2]:  # closed (销号) after the submission
        h.status, h.closed_at = "closed", timezone.now()
        h.save()
    _add_late_records(w, s, today, timezone.now())
    for sub in subs:
        now = compute(sub.table, submission_unit(sub), submission_period(sub)).as_dict()
        assert now["total"] != sub.figures["total"]
        assert _as_submitted(sub) == sub.figures
    # before anything was recorded in the running month, its figures were nought
    empty = Period.month(today.year, today.month).at(subs[0].submitted_at - timedelta(days=40))
    assert not any(compute("s1", Unit(department=w.yjj), empty).total.values.values())


def test_documents_exposures_transfers_count_by_their_day(scenario):
    """Sources that keep no recording time are bounded by their own date: a document issued
    after the as-of day is not counted."""
    w = scenario.world
    unit = Unit(department=w.yjj)
    may = Period.month(2023, 5)
    mid = at(2023, 5, 10, 23, 59)
    docs = Document.objects.filter(
        department=w.yjj, issued_on__range=(date(2023, 5, 1), mid.date())
    )
    assert compute("s1", unit, may.at(mid)).total.values["documents"] == docs.count() == 1


def test_table_page_recomputes_as_submitted_and_as_of_a_day(scenario):
    w, s = scenario.world, scenario
    sub = _submit(w, "s1", 2023, 5, APRIL)
    _add_late_records(w, s, date(2023, 5, 12), at(2023, 5, 12))
    c = client(w.inspector)
    base = "/stats/?month=2023-05&mode=cum&start=2023-04"
    html = c.get(base).content.decode()
    assert 'id="as-submitted"' in html
    frozen = sub.figures["total"]["found"]
    page = c.get(base + "&as_of=submitted").content.decode()
    assert 'id="as-of"' in page and "本表按" in page
    cell = 'data-row="合  计" data-fig="found"><a href="'
    after = page[page.index(cell) :]
    assert after[after.index(">", len(cell)) + 1 :].startswith(f"{frozen}<")
    # drill-down links carry the instant, so the records listed are those counted then
    assert "as_of=" in after[: after.index("</a>")]
    # a day before anything in the scenario was recorded: nothing
    before = (sub.submitted_at - timedelta(days=1)).date().isoformat()
    assert c.get(base + f"&as_of={before}").status_code == 200
    bad = c.get(base + "&as_of=yesterday")
    assert bad.status_code == 400 and "重算时点" in bad.content.decode()


def test_as_submitted_without_a_submission_is_a_clear_error(scenario):
    w = scenario.world
    r = client(w.inspector).get("/stats/?month=2023-05&as_of=submitted")
    assert r.status_code == 400 and "尚未报送" in r.content.decode()
