"""A hand-built month of enforcement work (created directly with the ORM) for the tables.

The reporting month is May 2023; the campaign (强安2023) starts in April 2023, so the cumulative
period is 2023-04-01 … 2023-05-31. Records in March and June lie outside both periods; a draft
inspection is never counted. Expected values are computed by hand in the tests.
"""

from datetime import date, datetime
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.utils import timezone

from anjian.accounts.models import Role
from anjian.conftest import make_user
from anjian.enforcement.models import (
    Case,
    CaseParty,
    Document,
    Exposure,
    Sanction,
    Transfer,
)
from anjian.hazards.models import Disposal, Hazard, OnSiteMeasure, Supervision
from anjian.inspections.models import Finding, Inspection, TeamMember


def at(y, m, d, hh=10, mm=0):
    return datetime(y, m, d, hh, mm, tzinfo=timezone.get_current_timezone())


def build_scenario(w):
    s = SimpleNamespace(world=w)
    cert = {"cert_no": "川执0002", "cert_expiry": date(2030, 1, 1)}
    yjj2 = make_user("yjj2", Role.INSPECTOR, department=w.yjj, region=w.county, **cert)
    zjw2 = make_user("zjw2", Role.INSPECTOR, department=w.zjw, region=w.county, **cert)
    s.yjj2, s.zjw2 = yjj2, zjw2

    def insp(dept, ent, day, team, status="submitted", joint=()):
        i = Inspection.objects.create(
            enterprise=ent,
            department=dept,
            inspected_on=day,
            status=status,
            region_code=ent.region_id,
            created_by=w.inspector,
        )
        for user, role in team:
            TeamMember.objects.create(inspection=i, user=user, role=role)
        if joint:
            i.joint_departments.set(joint)
        return i

    INS, EXP = "inspector", "expert"
    s.i1 = insp(
        w.yjj, w.chem, date(2023, 5, 10), [(w.inspector, INS), (w.leader, INS), (w.expert, EXP)]
    )
    s.i2 = insp(w.yjj, w.chem, date(2023, 5, 20), [(w.inspector, INS), (yjj2, INS)])
    s.i3 = insp(
        w.yjj, w.food, date(2023, 4, 15), [(w.inspector, INS), (w.leader, INS), (w.expert, EXP)]
    )
    s.i4 = insp(
        w.zjw,
        w.build,
        date(2023, 5, 5),
        [(w.builder, INS), (zjw2, INS), (w.expert, EXP)],
        joint=[w.yjj],
    )
    s.i5 = insp(w.yjj, w.food, date(2023, 5, 25), [(w.inspector, INS), (yjj2, INS)], status="draft")
    s.i6 = insp(w.yjj, w.chem, date(2023, 6, 2), [(w.inspector, INS), (yjj2, INS)])
    s.i7 = insp(w.yjj, w.chem, date(2023, 3, 30), [(w.inspector, INS), (yjj2, INS)])

    def hazard(ent, dept, source, level, found, closed=None):
        return Hazard.objects.create(
            enterprise=ent,
            department=dept,
            source=source,
            level=level,
            description=f"{ent.name} {level} {source}",
            found_at=found,
            status="closed" if closed else "pending",
            closed_at=closed,
            region_code=ent.region_id,
        )

    s.h1 = hazard(w.chem, w.yjj, "inspection", "major", at(2023, 5, 10), at(2023, 5, 28))
    s.h2 = hazard(w.chem, w.yjj, "inspection", "general", at(2023, 5, 10))
    s.h3 = hazard(w.food, w.yjj, "inspection", "general", at(2023, 4, 15), at(2023, 5, 3))
    s.h4 = hazard(w.food, w.yjj, "self", "major", at(2023, 5, 2), at(2023, 5, 20))
    s.h5 = hazard(w.build, w.zjw, "inspection", "major", at(2023, 5, 5))
    s.h6 = hazard(w.build, w.zjw, "tip", "general", at(2023, 5, 31, 23, 30), at(2023, 6, 1, 9))
    s.h7 = hazard(w.chem, w.yjj, "inspection", "general", at(2023, 6, 1, 0, 0))
    s.h8 = hazard(w.food, w.yjj, "self", "major", at(2023, 4, 20))
    s.h9 = hazard(w.chem, w.yjj, "inspection", "major", at(2023, 4, 5), at(2023, 4, 25))
    s.h10 = hazard(w.build, w.zjw, "assigned", "major", at(2023, 5, 6))  # not 执法 found

    def sup(h, day):
        return Supervision.objects.create(
            hazard=h,
            level="district",
            issuing_unit="区安委会",
            number=f"安居安委督〔2023〕{h.pk}号",
            issued_on=day,
            deadline=date(2023, 8, 1),
            created_by=w.awb,
        )

    sup(s.h5, date(2023, 5, 15))
    sup(s.h9, date(2023, 4, 10))

    def disp(h, option, when, by):
        return Disposal.objects.create(hazard=h, option=option, decided_by=by, decided_at=when)

    disp(s.h2, "emergency", at(2023, 5, 11), w.inspector)
    disp(s.h1, "emergency", at(2023, 5, 12), w.inspector)
    disp(s.h5, "deadline", at(2023, 5, 6), w.builder)

    def measure(ent, hazard, kind, when, by):
        return OnSiteMeasure.objects.create(
            enterprise=ent, hazard=hazard, kind=kind, decided_by=by, decided_at=when
        )

    measure(w.food, s.h3, "suspend", at(2023, 5, 3), w.inspector)
    measure(w.build, None, "stop_construction", at(2023, 5, 6), w.builder)
    measure(w.chem, s.h9, "seize_licence", at(2023, 4, 10), w.inspector)

    def case(dept, ent, filed, decided=None, parties=()):
        c = Case.objects.create(
            department=dept,
            enterprise=ent,
            region_code=ent.region_id,
            title=f"{ent.name}案",
            filed_on=filed,
            decided_on=decided,
            created_by=w.inspector,
        )
        for kind, fine, day in parties:
            CaseParty.objects.create(
                case=c,
                kind=kind,
                name=ent.name if kind == "enterprise" else "张某",
                fine=fine,
                decided_on=day,
            )
        return c

    s.c1 = case(
        w.yjj,
        w.chem,
        date(2023, 5, 8),
        date(2023, 5, 20),
        [("enterprise", Decimal("30000"), None), ("person", Decimal("8000"), None)],
    )
    s.c2 = case(
        w.yjj,
        w.food,
        date(2023, 4, 20),
        date(2023, 5, 5),
        [("enterprise", Decimal("12345.67"), date(2023, 5, 5))],
    )
    s.c3 = case(w.zjw, w.build, date(2023, 5, 15), None, [("enterprise", None, None)])
    s.c4 = case(
        w.yjj,
        w.chem,
        date(2023, 3, 1),
        date(2023, 4, 10),
        [("enterprise", Decimal("5000"), None), ("person", Decimal("2000"), None)],
    )

    def sanction(kind, dept, ent, day):
        return Sanction.objects.create(
            kind=kind,
            department=dept,
            enterprise=ent,
            region_code=ent.region_id,
            decided_on=day,
            created_by=w.leader,
        )

    sanction("closure", w.yjj, w.chem, date(2023, 5, 21))
    sanction("closure", w.yjj, w.chem, date(2023, 5, 22))
    sanction("revocation", w.yjj, w.chem, date(2023, 5, 21))
    sanction("revocation", w.yjj, w.food, date(2023, 5, 23))
    sanction("suspension", w.zjw, w.build, date(2023, 5, 10))
    sanction("suspension", w.yjj, w.food, date(2023, 4, 11))
    sanction("industry_ban", w.yjj, w.chem, date(2023, 5, 24))

    def doc(dept, ent, day, seq):
        return Document.objects.create(
            kind="rectification_order",
            department=dept,
            region_code=ent.region_id,
            year=day.year,
            seq=seq,
            number=f"{dept.code}〔{day.year}〕{seq}号",
            enterprise=ent,
            issued_on=day,
            issued_by=w.inspector,
        )

    doc(w.yjj, w.chem, date(2023, 5, 10), 2)
    doc(w.yjj, w.food, date(2023, 5, 11), 3)
    doc(w.zjw, w.build, date(2023, 5, 12), 1)
    doc(w.yjj, w.chem, date(2023, 4, 1), 1)

    for dept, day in ((w.yjj, date(2023, 5, 15)), (w.zjw, date(2023, 4, 20))):
        Exposure.objects.create(
            department=dept,
            region_code=dept.region.code,
            channel="区融媒体中心",
            title=f"{dept.short_name}曝光典型案例",
            published_on=day,
            created_by=w.inspector,
        )

    def transfer(kind, dept, ent, day):
        return Transfer.objects.create(
            kind=kind,
            department=dept,
            enterprise=ent,
            region_code=ent.region_id,
            issued_on=day,
            created_by=w.inspector,
        )

    transfer("general", w.yjj, w.chem, date(2023, 5, 16))
    transfer("judicial", w.yjj, w.food, date(2023, 5, 18))
    transfer("general", w.zjw, w.build, date(2023, 4, 2))

    def finding(i, code):
        return Finding.objects.create(
            inspection=i, kind="violation", description=code, violation_code=code,
            recorded_by=w.inspector,
        )  # fmt: skip

    finding(s.i1, "SPL-94-P1")
    finding(s.i4, "SPL-97-7")
    finding(s.i2, "SPL-94-P1")
    finding(s.i3, "SPL-103-P2")
    finding(s.i5, "SPL-97-1")  # draft: not counted
    return s


@pytest.fixture
def scenario(world):
    return build_scenario(world)


@pytest.fixture(autouse=True)
def _default_language():
    """Services speak the default language here, whatever an earlier test's request in this
    worker left active (LocaleMiddleware activates a request's language and keeps it)."""
    from django.conf import settings
    from django.utils import translation

    with translation.override(settings.LANGUAGE_CODE):
        yield


@pytest.fixture(autouse=True)
def _rollup_consistent(request):
    """After every test on the scenario, `stats-check` finds no difference between the rollup
    and a recomputation from the raw rows (the evidence for reading the rollup by default)."""
    if "scenario" not in request.fixturenames:
        yield
        return
    request.getfixturevalue("scenario")  # set up before this fixture, torn down after it
    yield
    from anjian.stats import rollup

    assert rollup.check() == []
