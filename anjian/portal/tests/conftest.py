"""Fixtures for the portal: decided cases built through the enforcement services."""

from datetime import date, timedelta

import pytest
from django.utils import translation

from anjian.enforcement.tests.conftest import make_finding
from anjian.enforcement.tests.helpers import filed


@pytest.fixture(autouse=True)
def default_language():
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


PERSON = "王小明"
ID_NUMBER = "510904198001011234"
FACTS = (
    f"经查，当事人主要负责人{PERSON}（身份证号{ID_NUMBER}，住址：安居区柔刚街道幸福路8号，"
    "电话13812345678）未组织新入职操作工进行安全生产教育和培训即安排上岗作业。"
)


def decided_case(world, on: date | None = None, person=PERSON, facts=FACTS):
    f = make_finding(world)
    case = filed(world, f, on=on, persons=[{"name": person, "position": "主要负责人"}])
    case.facts = facts
    case.save(update_fields=["facts"])
    return _decide(world, case, on)


def _decide(world, case, on):
    from anjian.enforcement import services

    parties = list(case.parties.all())
    rows = [{"id": p.pk, "fine": 50000 if p.kind == "enterprise" else 0} for p in parties]
    case = services.propose_decision(world.inspector, case, parties=rows)
    case = services.issue_notice(world.inspector, case, on=on, hearing=False)
    case = services.record_statement(world.inspector, case, statement="", waived=True)
    return services.approve_decision(world.leader, case, approve=True, decided_on=on)


def noticed_case(world):
    from anjian.enforcement import services

    f = make_finding(world)
    case = filed(world, f, persons=[{"name": PERSON, "position": "主要负责人"}])
    rows = [
        {"id": p.pk, "fine": 50000 if p.kind == "enterprise" else 0} for p in case.parties.all()
    ]
    case = services.propose_decision(world.inspector, case, parties=rows)
    return services.issue_notice(world.inspector, case, hearing=False)


@pytest.fixture
def case(world):
    return decided_case(world)


def days_ago(n):
    return date.today() - timedelta(days=n)
