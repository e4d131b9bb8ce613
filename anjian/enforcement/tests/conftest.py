"""Fixtures for enforcement: an inspection with a violation finding, media in a temp dir."""

from datetime import date, timedelta

import pytest
from django.utils import timezone, translation

from anjian.hazards.models import Disposal, Hazard
from anjian.inspections.demo import scribble_png
from anjian.inspections.models import Finding, Inspection, TeamMember
from anjian.inspections.services import sign_as_record
from anjian.testing import ID_NUMBER

PNG = scribble_png(1)  # a real PNG: the documents embed the drawn signatures


@pytest.fixture(autouse=True)
def default_language():
    """A page requested in English leaves English active in the thread (LocaleMiddleware does
    not deactivate it); later tests calling services directly expect the default language."""
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def signed(insp, inspector, partners=()):
    """Submit `insp` as the signed record a case may rest on: the inspector and the
    enterprise's representative have signed (seed 003 谁检查、谁签名、谁负责)."""
    sign_as_record(insp, [inspector, *partners], png=PNG, name="王厂长", id_number=ID_NUMBER)
    insp.status, insp.submitted_at, insp.submitted_by = "submitted", timezone.now(), inspector
    insp.save()
    return insp


def make_finding(
    world, ent=None, code="SPL-97-3", description="未按照规定对从业人员进行安全生产教育和培训",
    sign=True, partners=(),
):  # fmt: skip
    ent = ent or world.chem
    insp = Inspection.objects.create(
        enterprise=ent,
        department=world.yjj,
        inspected_on=date.today() - timedelta(days=1),
        region_code=ent.region_id,
        created_by=world.inspector,
        summary="对企业安全生产教育培训情况进行检查",
    )
    TeamMember.objects.create(
        inspection=insp, user=world.inspector, role="inspector", cert_no="川执0001"
    )
    for user in partners:
        TeamMember.objects.create(inspection=insp, user=user, role="inspector")
    f = Finding.objects.create(
        inspection=insp,
        kind="violation",
        description=description,
        violation_code=code,
        recorded_by=world.inspector,
    )
    if sign:
        signed(insp, world.inspector, partners)
    return f


def make_hazard(world, ent=None, level="major", disposal=None):
    ent = ent or world.chem
    h = Hazard.objects.create(
        enterprise=ent,
        source="inspection",
        level=level,
        description="液氨储罐区可燃气体报警装置失效",
        found_at=timezone.now(),
        department=world.yjj,
        region_code=ent.region_id,
    )
    if disposal:
        Disposal.objects.create(hazard=h, option=disposal, decided_by=world.inspector)
    return h


@pytest.fixture
def finding(world):
    return make_finding(world)
