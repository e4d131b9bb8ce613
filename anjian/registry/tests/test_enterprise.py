"""R1: creating and editing enterprises through pages, API and services."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from anjian.accounts.models import ApiToken, Sector
from anjian.audit.models import AuditEntry
from anjian.conftest import make_code
from anjian.core.services import ConflictError
from anjian.registry import services
from anjian.registry.models import Enterprise


def form_data(world, **over):
    data = {
        "credit_code": make_code(99),
        "name": "安居新建食品有限公司",
        "address": "白马镇工业路1号",
        "region": "510904101201",
        "primary_sector": Sector.objects.get(name="工贸").pk,
        "employees": 12,
        "major_hazard_level": 0,
        "status": "normal",
    }
    data.update(over)
    return data


def test_bad_credit_code_refused_in_page_naming_field(world):
    c = Client()
    c.force_login(world.inspector)
    resp = c.post("/enterprises/new/", form_data(world, credit_code="91510904MA00000990"))
    html = resp.content.decode()
    assert resp.status_code == 200
    assert "统一社会信用代码：统一社会信用代码校验码错误" in html
    assert not Enterprise.objects.filter(name="安居新建食品有限公司").exists()


def test_create_via_page_audited_and_classified(world):
    c = Client(REMOTE_ADDR="192.0.2.7")
    c.force_login(world.inspector)
    resp = c.post("/enterprises/new/", form_data(world))
    assert resp.status_code == 302
    ent = Enterprise.objects.get(name="安居新建食品有限公司")
    entry = AuditEntry.objects.get(action="enterprise.create", object_id=str(ent.pk))
    assert entry.username == "yjj1" and entry.ip == "192.0.2.7"
    assert entry.after["credit_code"] == ent.credit_code
    assert ent.tiers.filter(department=world.yjj).exists()


def test_department_cannot_register_outside_its_sectors(world):
    with pytest.raises(ValidationError) as exc:
        services.create_enterprise(
            world.builder,
            credit_code=make_code(98),
            name="越权登记",
            region_id="510904101201",
            primary_sector=Sector.objects.get(name="工贸"),
        )
    assert "sectors" in exc.value.message_dict


def test_bad_credit_code_refused_in_api_naming_field(world):
    _, raw = ApiToken.issue(world.awb)
    c = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
    payload = {
        "credit_code": "91510904MA00000990",
        "name": "API企业",
        "region_code": "510904101201",
        "primary_sector": "工贸",
    }
    resp = c.post("/api/enterprises", payload, content_type="application/json")
    assert resp.status_code == 422
    assert "credit_code" in resp.json()["errors"]
    assert "校验码" in resp.json()["errors"]["credit_code"][0]
    payload["credit_code"] = make_code(97)
    resp = c.post("/api/enterprises", payload, content_type="application/json")
    assert resp.status_code == 201, resp.content
    assert resp.json()["small"] is True


def test_duplicate_credit_code_refused(world):
    with pytest.raises(ValidationError) as exc:
        services.create_enterprise(
            world.awb,
            credit_code=world.chem.credit_code,
            name="重复",
            region_id="510904101201",
            primary_sector=Sector.objects.get(name="工贸"),
        )
    assert "已登记" in exc.value.message_dict["credit_code"][0]


def test_concurrent_edit_conflict(world):
    """Two users edit the same enterprise: the second, stale write is refused, not merged."""
    a = Enterprise.objects.get(pk=world.food.pk)
    b = Enterprise.objects.get(pk=world.food.pk)
    services.update_enterprise(world.inspector, a, expected_version=a.version, employees=25)
    with pytest.raises(ConflictError):
        services.update_enterprise(world.town, b, expected_version=b.version, employees=99)
    assert Enterprise.objects.get(pk=world.food.pk).employees == 25


def test_concurrent_edit_conflict_page_and_api(world):
    c = Client()
    c.force_login(world.town)
    stale = world.food.version
    services.update_enterprise(world.inspector, world.food, expected_version=stale, employees=26)
    data = form_data(world, credit_code=world.food.credit_code, name=world.food.name, version=stale)
    resp = c.post(f"/enterprises/{world.food.pk}/edit/", data)
    assert resp.status_code == 200 and "已被他人修改" in resp.content.decode()
    _, raw = ApiToken.issue(world.awb)
    api = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
    resp = api.patch(
        f"/api/enterprises/{world.food.pk}",
        {"version": stale, "employees": 3},
        content_type="application/json",
    )
    assert resp.status_code == 409
    assert Enterprise.objects.get(pk=world.food.pk).employees == 26


def test_update_records_before_and_after(world):
    services.update_enterprise(world.awb, world.chem, expected_version=1, employees=81)
    entry = AuditEntry.objects.get(action="enterprise.update")
    assert entry.before["employees"] == 80 and entry.after["employees"] == 81


def test_list_filters(world):
    c = Client()
    c.force_login(world.awb)

    def names(**params):
        html = c.get("/enterprises/", params).content.decode()
        return {e.name for e in (world.chem, world.food, world.build) if e.name in html}

    assert names(town="510904101000") == {world.food.name, world.build.name}
    assert names(sector=Sector.objects.get(name="建筑施工").pk) == {world.build.name}
    assert names(risk="ammonia_refrigeration") == {world.food.name}
    assert names(q="鑫源") == {world.chem.name}  # partial Chinese name
    assert names(q="食品") == {world.food.name}
    assert names(tier="key") == {world.chem.name, world.food.name, world.build.name} & names(
        tier="key"
    )
    assert world.chem.name in names(tier="key")  # 危险化学品 is a high-risk sector


def test_expiring_lists(world):
    from datetime import date, timedelta

    services.add_licence(
        world.awb,
        world.chem,
        kind="安全生产许可证",
        number="WH-1",
        valid_until=date.today() - timedelta(days=1),
    )
    services.add_licence(
        world.awb,
        world.chem,
        kind="危险化学品经营许可证",
        number="WH-2",
        valid_until=date.today() + timedelta(days=10),
    )
    services.add_licence(
        world.awb,
        world.chem,
        kind="其他",
        number="FAR",
        valid_until=date.today() + timedelta(days=300),
    )
    services.add_person(
        world.awb,
        world.chem,
        role="special_worker",
        name="赵焊工",
        operation="焊接与热切割作业",
        cert_no="T1",
        cert_expiry=date.today() + timedelta(days=5),
    )
    c = Client()
    c.force_login(world.awb)
    html = c.get("/enterprises/expiring/").content.decode()
    assert "WH-1" in html and "已过期" in html and "WH-2" in html and "即将到期" in html
    assert "FAR" not in html and "赵焊工" in html
    # the workbench's 过期证照 counts expired licences and certificates and opens just those
    services.add_person(
        world.awb,
        world.chem,
        role="special_worker",
        name="钱电工",
        operation="电工作业",
        cert_no="T2",
        cert_expiry=date.today() - timedelta(days=2),
    )
    home = c.get("/").content.decode()
    assert re.search(r'href="/enterprises/expiring/\?expired=1"><span class="n">2</span>', home)
    expired = c.get("/enterprises/expiring/?expired=1").content.decode()
    assert "已过期的证照、证书" in expired
    assert "WH-1" in expired and "钱电工" in expired
    assert "WH-2" not in expired and "赵焊工" not in expired
