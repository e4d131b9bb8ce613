"""Fixtures for inspections: a small checklist, a campaign, more inspectors, 一般 list enterprises."""

import base64
import struct
import zlib
from datetime import date, timedelta

import pytest

from anjian.accounts.models import Role
from anjian.campaigns.models import Campaign
from anjian.checklists.models import ChecklistItem, ChecklistTemplate
from anjian.conftest import make_enterprise, make_user
from anjian.registry.services import classify


def png_bytes(width=4, height=2, rgb=(20, 20, 20)) -> bytes:
    """A tiny valid PNG (no imaging library needed)."""

    def chunk(kind, data):
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    row = b"\x00" + bytes(rgb) * width
    raw = zlib.compress(row * height)
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", raw) + chunk(b"IEND", b"")


def png_data_url() -> str:
    return "data:image/png;base64," + base64.b64encode(png_bytes()).decode()


@pytest.fixture
def checklist(db):
    t = ChecklistTemplate.objects.create(
        code="test-annex1", title="企业全员安全生产履职合法性检查表", status="draft"
    )
    items = [
        ChecklistItem.objects.create(
            template=t,
            row=i,
            subject="主要负责人",
            seq=i,
            item=f"检查项目{i}",
            content=f"检查内容{i}",
            basis="《安全生产法》第二十一条",
        )
        for i in range(1, 4)
    ]
    ChecklistTemplate.objects.filter(pk=t.pk).update(status="published")
    t.refresh_from_db()
    return t, items


@pytest.fixture
def iw(world, checklist):
    """The shared world plus what inspections need."""
    w = world
    today = date.today()
    w.template, w.items = checklist
    w.campaign = Campaign.objects.create(
        title="“强安2023”监管执法专项行动",
        region=w.county,
        start=today - timedelta(days=30),
        end=today + timedelta(days=60),
    )
    w.campaign.departments.add(w.yjj)
    w.campaign.checklists.add(w.template)
    cert = {"cert_no": "川执0002", "cert_expiry": today + timedelta(days=365)}
    w.inspector2 = make_user("yjj2", Role.INSPECTOR, department=w.yjj, region=w.county, **cert)
    w.expired = make_user(
        "yjj_old",
        Role.INSPECTOR,
        department=w.yjj,
        region=w.county,
        cert_no="川执0003",
        cert_expiry=today - timedelta(days=1),
    )
    w.builder2 = make_user("zjw2", Role.INSPECTOR, department=w.zjw, region=w.county, **cert)
    w.expert2 = make_user("expert2", Role.EXPERT, region=w.county)
    # 一般检查 enterprises of 应急局 (工贸, no risk tags) in two towns.
    w.general = [
        make_enterprise(f"白马机械厂{i}", "510904101201", "工贸", 100 + i, employees=10)
        for i in range(3)
    ] + [
        make_enterprise(f"柔刚五金厂{i}", "510904001201", "工贸", 200 + i, employees=10)
        for i in range(3)
    ]
    classify()
    return w


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Uploaded photos go to a temporary folder, not the data directory."""
    settings.MEDIA_ROOT = tmp_path / "media"


def finish_drawn(draw):
    """The drawn inspections done (submitted), so the draw's result may be published."""
    from django.utils import timezone

    draw.inspections.update(status="submitted", submitted_at=timezone.now())
