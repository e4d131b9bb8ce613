"""Issue 19 point 4: a submission freezes its figures and the records behind each; later changes
show as drift on the table page and on the 安委办's submissions page."""

from datetime import date
from decimal import Decimal

from django.test import Client

from anjian.enforcement.models import CaseParty
from anjian.hazards.models import Hazard
from anjian.stats import services
from anjian.stats.drift import drift
from anjian.stats.figures import Unit

from .conftest import at

APRIL = date(2023, 4, 1)


def client(user):
    c = Client()
    c.force_login(user)
    return c


def _submit(w):
    return services.submit(w.inspector, "s1", Unit(department=w.yjj), 2023, 5, start=APRIL,
                           filler_name="张三")  # fmt: skip


def test_submission_freezes_the_records_of_each_figure(scenario):
    w, s = scenario.world, scenario
    sub = _submit(w)
    assert sorted(sub.records["found"]) == sorted([s.h1.pk, s.h2.pk, s.h3.pk, s.h9.pk])
    assert sub.records["checked"] == sorted([w.chem.pk, w.food.pk])
    assert set(sub.records["fines"]) == {
        str(p.pk) for p in CaseParty.objects.filter(case__in=[s.c1, s.c2, s.c4])
    }
    assert drift(sub) == []


def test_later_changes_show_which_figures_drifted_and_why(scenario):
    w, s = scenario.world, scenario
    sub = _submit(w)
    frozen_total = dict(sub.figures["total"])
    new = [
        Hazard.objects.create(
            enterprise=w.chem,
            department=w.yjj,
            source="inspection",
            level="general",
            description=f"补录隐患{k}",
            found_at=at(2023, 5, 12),
            region_code=w.chem.region_id,
        )  # fmt: skip
        for k in (1, 2)
    ]
    s.h9.level = "general"  # a correction: the major hazard of April was a general one
    s.h9.save()
    party = CaseParty.objects.filter(case=s.c2).first()
    party.fine = Decimal("22345.67")
    party.save()
    d = {x.figure.key: x for x in drift(sub)}
    found = d["found"]
    assert (found.frozen, found.current, found.n_added, found.n_removed) == ("4", "6", 2, 0)
    assert {r["pk"] for r in found.added} == {h.pk for h in new}
    assert all(r["url"] == f"/hazards/{r['pk']}/" for r in found.added)
    major, general = d["found_major"], d["found_general"]
    assert (major.frozen, major.current, major.n_removed) == ("2", "1", 1)
    assert major.removed[0]["pk"] == s.h9.pk
    assert (general.n_added, general.current) == (3, "5")
    assert "teams" not in d and "cases" not in d
    fines = d["fines"]
    assert fines.n_changed == 1 and fines.frozen == "5.7346" and fines.current == "6.7346"
    # the snapshot itself does not change
    sub.refresh_from_db()
    assert sub.figures["total"] == frozen_total
    # the table page of the unit shows the drift with links to the added hazards
    html = client(w.inspector).get("/stats/?month=2023-05&mode=cum&start=2023-04").content.decode()
    box = html[html.index('id="drift"') :]
    assert 'data-fig="found"' in box and "+2 隐患" in box and "−1 隐患" in box
    assert f'href="/hazards/{new[0].pk}/"' in box
    # the 安委办 sees the drifted submission
    page = client(w.awb).get("/stats/submissions/?table=s1&month=2023-05").content.decode()
    assert 'id="drifted"' in page and w.yjj.name in page[page.index('id="drifted"') :][:300]
    st = services.submission_status(w.awb, "s1", 2023, 5)
    line = next(ln for ln in st["lines"] if ln.unit.key == f"dept:{w.yjj.pk}")
    assert line.drifted >= 3


def test_resubmitting_clears_the_drift(scenario):
    w = scenario.world
    sub = _submit(w)
    Hazard.objects.create(
        enterprise=w.chem, department=w.yjj, source="inspection", level="major",
        description="补录", found_at=at(2023, 5, 12), region_code=w.chem.region_id,
    )  # fmt: skip
    assert drift(sub)
    sub = services.submit(w.inspector, "s1", Unit(department=w.yjj), 2023, 5, start=APRIL,
                          filler_name="张三", expected_version=sub.version)  # fmt: skip
    assert drift(sub) == []
    html = client(w.inspector).get("/stats/?month=2023-05&mode=cum&start=2023-04").content.decode()
    assert 'id="no-drift"' in html


def test_a_submission_whose_months_did_not_change_is_not_recomputed(scenario, monkeypatch):
    """The table page of a submitted month reads the drift without going to the raw rows when no
    record of the period changed after the submission; after a change it recomputes once and
    keeps the result until the next change."""
    from anjian.stats import drift as drift_mod

    w = scenario.world
    sub = _submit(w)
    calls = []
    real = drift_mod.freeze
    monkeypatch.setattr(drift_mod, "freeze", lambda *a: calls.append(a) or real(*a))
    assert drift(sub) == [] and calls == []
    # a change outside the submission's months (April–May) does not count
    Hazard.objects.create(
        enterprise=w.chem, department=w.yjj, source="inspection", level="general",
        description="七月隐患", found_at=at(2023, 7, 3), region_code=w.chem.region_id,
    )  # fmt: skip
    assert drift(sub) == [] and calls == []
    h = Hazard.objects.create(
        enterprise=w.chem, department=w.yjj, source="inspection", level="general",
        description="补录", found_at=at(2023, 5, 12), region_code=w.chem.region_id,
    )  # fmt: skip
    sub.refresh_from_db()
    first = {d.figure.key: d.n_added for d in drift(sub)}
    assert first["found"] == 1 and len(calls) == 1
    sub.refresh_from_db()
    assert {d.figure.key: d.n_added for d in drift(sub)} == first and len(calls) == 1
    found = next(d for d in drift(sub) if d.figure.key == "found")
    assert [r["pk"] for r in found.added] == [h.pk] and len(calls) == 1
    h.delete()  # a second change: recomputed, and the drift is gone again
    sub.refresh_from_db()
    assert drift(sub) == [] and len(calls) == 2
