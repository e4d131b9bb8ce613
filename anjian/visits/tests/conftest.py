"""A world where two departments (应急局, 住建委) both supervise 遂宁鑫源化工 and each has two
certified inspectors; checklists sharing one item."""

from datetime import date, timedelta

import pytest

from anjian.accounts.models import Role, Sector
from anjian.checklists.models import ChecklistItem, ChecklistTemplate
from anjian.conftest import make_user
from anjian.registry.models import EnterpriseSector
from anjian.visits import services


@pytest.fixture(autouse=True)
def media_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def checklist(code, title, items):
    t = ChecklistTemplate.objects.create(code=code, title=title, status="draft")
    for n, (item, content) in enumerate(items, start=1):
        ChecklistItem.objects.create(
            template=t, row=n, seq=n, subject="企业", item=item, content=content,
            basis="《安全生产法》第二十一条",
        )  # fmt: skip
    ChecklistTemplate.objects.filter(pk=t.pk).update(status="published")
    t.refresh_from_db()
    return t


@pytest.fixture
def vw(world):
    w = world
    today = date.today()
    cert = {"cert_no": "川执0102", "cert_expiry": today + timedelta(days=365)}
    w.inspector2 = make_user("yjj2", Role.INSPECTOR, department=w.yjj, region=w.county, **cert)
    cert = {"cert_no": "川执0201", "cert_expiry": today + timedelta(days=365)}
    w.builder2 = make_user("zjw2", Role.INSPECTOR, department=w.zjw, region=w.county, **cert)
    w.zjw_leader = make_user(
        "zjwlead", Role.DEPT_LEADER, department=w.zjw, region=w.county, cert_no="川执0202",
        cert_expiry=today + timedelta(days=365),
    )  # fmt: skip
    EnterpriseSector.objects.create(
        enterprise=w.chem, sector=Sector.objects.get(name="建筑施工"), is_primary=False
    )
    w.list_a = checklist(
        "t-a", "危化品企业检查表",
        [("安全管理机构", "是否设置安全管理机构"), ("教育培训", "是否开展全员培训"),
         ("应急预案", "是否编制应急预案")],
    )  # fmt: skip
    w.list_b = checklist(
        "t-b", "建筑施工检查表",
        [("教育培训", "是否开展全员培训。"), ("脚手架", "脚手架是否验收"),
         ("临时用电", "是否三级配电两级保护")],
    )  # fmt: skip
    w.tier = services.tier_of(w.chem)
    return w


@pytest.fixture
def publish(vw):
    def pub(per_year=2, window_days=30, year=None):
        return services.publish_limit(
            vw.awb, year=year or date.today().year, tier=vw.tier, per_year=per_year,
            window_days=window_days, source="安居安委办〔2025〕3号",
        )  # fmt: skip

    return pub
