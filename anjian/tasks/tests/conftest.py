"""Fixtures: the seed 002 park departments and the seed 004 party offices as units."""

import io

import pytest
from openpyxl import Workbook

from anjian.accounts.models import Department, Region, Role
from anjian.conftest import make_user


@pytest.fixture
def units_world(world):
    w = world
    w.park = Region.objects.get(code="510904400000")  # 安居经济技术开发区
    # Seed 002: the park 管委会's offices (责任部室).
    for code, name in (("aqscb", "安全生产部"), ("ghjsb", "规划建设部"), ("dzb", "党政办")):
        Department.objects.create(
            region=w.park, code=code, name=name, short_name=name, doc_prefix="园区"
        )
    # Seed 004: district party offices named as 责任单位.
    for code, name, short in (
        ("qwb", "区委办公室", "区委办"),
        ("zzb", "区委组织部", "组织部"),
        ("xcb", "区委宣传部", "宣传部"),
        ("dx", "区委党校", "党校"),
    ):
        Department.objects.create(region=w.county, code=code, name=name, short_name=short)
    w.aqscb = Department.objects.get(code="aqscb")
    w.ghjsb = Department.objects.get(code="ghjsb")
    w.aqscb_user = make_user(
        "aqscb1", Role.INSPECTOR, department=w.aqscb, region=w.county, email="aq@example.cn"
    )
    w.ghjsb_user = make_user("ghjsb1", Role.INSPECTOR, department=w.ghjsb, region=w.county)
    w.awb.email = "awb@example.cn"
    w.awb.save()
    return w


def xlsx(rows, merges=()) -> io.BytesIO:
    wb = Workbook()
    ws = wb.active
    for r in rows:
        ws.append(r)
    for m in merges:
        ws.merge_cells(m)
    buf = io.BytesIO()
    wb.save(buf)
    buf.seek(0)
    buf.name = "tasks.xlsx"
    return buf


@pytest.fixture(autouse=True)
def _default_language():
    """Services speak the default language here, whatever an earlier test's request in this
    worker left active (LocaleMiddleware activates a request's language and keeps it)."""
    from django.conf import settings
    from django.utils import translation

    with translation.override(settings.LANGUAGE_CODE):
        yield
