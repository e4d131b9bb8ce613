"""三个责任人: phone numbers validated, officials of the enterprise's town or of a supervising
department only; bad query parameters are 4xx naming them; pages on the generic views."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from anjian.accounts.models import Role
from anjian.conftest import PASSWORD, make_user
from anjian.duty import services
from anjian.duty.models import ResponsiblePerson


def client(username):
    c = Client()
    assert c.login(username=username, password=PASSWORD)
    return c


def test_phone_is_validated_by_the_service(world):
    w = world
    with pytest.raises(ValidationError) as e:
        services.set_responsible(
            w.awb, w.food, kind="enterprise", name="王总", position="总经理", phone="12-34"
        )
    assert set(e.value.message_dict) == {"phone"}
    with pytest.raises(ValidationError) as e:
        services.set_responsible(
            w.awb, w.food, kind="enterprise", name="王" * 33, position="总经理", phone="13900000003"
        )
    assert set(e.value.message_dict) == {"name"}


def test_official_must_be_of_the_town_or_a_supervising_department(world):
    w = world
    rougang_user = make_user("rougang1", Role.TOWN, region=w.rougang)
    # food is in 白马镇, a 工贸 enterprise: a 柔刚街道 official and 住建委 staff are refused
    with pytest.raises(ValidationError) as e:
        services.set_responsible(
            w.awb, w.food, kind="admin", name="陈", position="副主任", phone="13900000001",
            user=rougang_user,
        )  # fmt: skip
    msg = e.value.message_dict["user"][0]
    assert "白马镇" in msg and "区应急局" in msg
    with pytest.raises(ValidationError) as e:
        services.set_responsible(
            w.awb, w.food, kind="industry", name="住建", position="科长", phone="13900000002",
            user=w.builder,
        )  # fmt: skip
    assert "监管该企业的部门" in e.value.message_dict["user"][0]
    with pytest.raises(ValidationError) as e:
        services.set_responsible(
            w.awb, w.food, kind="industry", name="张", position="科长", phone="13900000002",
            user=w.inspector, department=w.zjw,
        )  # fmt: skip
    assert "不监管该企业" in e.value.message_dict["department"][0]
    # the town's own official and the supervising department's inspector are accepted
    services.set_responsible(
        w.awb, w.food, kind="admin", name="白马", position="副镇长", phone="13900000001",
        user=w.town,
    )  # fmt: skip
    rp = services.set_responsible(
        w.awb, w.food, kind="industry", name="张", position="科长", phone="0825-1234567",
        user=w.inspector,
    )  # fmt: skip
    assert rp.department == w.yjj


def test_enterprise_page_form_shows_the_refusal(world):
    w = world
    c = client("awb")
    resp = c.post(
        f"/duty/enterprise/{w.food.pk}/",
        {"kind": "industry", "industry-name": "住建", "industry-position": "科长",
         "industry-phone": "abc", "industry-user": w.builder.pk},
    )  # fmt: skip
    assert resp.status_code == 400
    page = resp.content.decode()
    assert "电话号码格式不正确" in page and "监管该企业的部门" in page
    assert not ResponsiblePerson.objects.filter(enterprise=w.food).exists()
    assert c.post(f"/duty/enterprise/{w.food.pk}/", {"kind": "boss"}).status_code == 400
    resp = c.post(
        f"/duty/enterprise/{w.food.pk}/",
        {"kind": "enterprise", "enterprise-name": "王总", "enterprise-position": "总经理",
         "enterprise-phone": "13900000003"},
    )  # fmt: skip
    assert resp.status_code == 302
    assert ResponsiblePerson.objects.get(enterprise=w.food, kind="enterprise").name == "王总"


def test_official_lookup_offers_the_county_officials_only(world):
    w = world
    from anjian.core.lookups import results

    names = {r["id"] for r in results("duty-official", w.awb, "yjj")}
    assert w.inspector.pk in names and w.leader.pk in names
    assert results("duty-official", w.ent_user, "yjj") == []
    outsider = make_user("yjj_other", Role.TOWN, region=w.other_town)
    assert outsider.pk not in {r["id"] for r in results("duty-official", w.awb, "yjj")}


def test_bad_month_is_a_400_naming_it(world):
    c = client("awb")
    for url in ("/duty/shortfall/?month=abc", "/duty/activities/?month=2023-13"):
        resp = c.get(url)
        assert resp.status_code == 400, url
    resp = c.get("/api/duty/shortfall?month=abc")
    assert resp.status_code == 422 and "month" in resp.json()["errors"]
    assert c.get("/api/duty/shortfall?month=2023-05").status_code == 200


def test_lists_on_the_generic_views(world):
    w = world
    services.set_responsible(
        w.awb, w.food, kind="enterprise", name="王总", position="总经理", phone="13900000003"
    )
    c = client("awb")
    page = c.get("/duty/").content.decode()
    assert 'id="signs"' in page and "王总" in page and w.chem.name not in page
    assert w.chem.name in c.get("/duty/?show=all").content.decode()
    assert c.get("/duty/?show=nonsense").status_code == 400
    cards = c.get("/duty/cards/?missing=on").content.decode()
    assert w.food.name in cards and w.build.name not in cards


def test_activity_enterprise_lookup_offers_the_listed_enterprises_only(world):
    w = world
    from anjian.core.lookups import results

    services.set_responsible(
        w.awb, w.food, kind="industry", name="张", position="科长", phone="13900000002",
        user=w.inspector,
    )  # fmt: skip
    assert [r["id"] for r in results("duty-listed", w.inspector, "遂宁")] == [w.food.pk]
    assert results("duty-listed", w.leader, "遂宁") == []
