"""Each role sees exactly its scope — in lists and by id, in pages and in the API."""

import pytest
from django.test import Client

from anjian.accounts.models import ApiToken
from anjian.registry.models import Enterprise

EXPECTED = {
    # role fixture -> enterprises it may see
    "awb": {"chem", "food", "build"},
    "inspector": {"chem", "food"},  # 应急局: 危险化学品 + 工贸 in 安居区
    "leader": {"chem", "food"},
    "builder": {"build"},  # 住建委: 建筑施工
    "town": {"food", "build"},  # 白马镇 territory
    "expert": set(),  # experts see only the inspections they are assigned to
    "ent_user": {"food"},  # its own enterprise only
}


@pytest.mark.parametrize("who", sorted(EXPECTED))
def test_restrict_queryset(world, who):
    user = getattr(world, who)
    seen = set(Enterprise.objects.restrict(user).values_list("name", flat=True))
    expected = {getattr(world, n).name for n in EXPECTED[who]}
    assert seen == expected


@pytest.mark.parametrize("who", sorted(EXPECTED))
def test_pages_list_and_by_id(world, who):
    user = getattr(world, who)
    c = Client()
    c.force_login(user)
    page = c.get("/enterprises/").content.decode()
    for name in ("chem", "food", "build", "other"):
        ent = getattr(world, name)
        visible = name in EXPECTED[who]
        assert (ent.name in page) is visible, (who, name)
        resp = c.get(f"/enterprises/{ent.pk}/")
        assert resp.status_code == (200 if visible else 404), (who, name)


@pytest.mark.parametrize("who", sorted(EXPECTED))
def test_api_list_and_by_id(world, who):
    user = getattr(world, who)
    _, raw = ApiToken.issue(user)
    c = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
    items = c.get("/api/enterprises").json()["items"]
    assert {i["name"] for i in items} == {getattr(world, n).name for n in EXPECTED[who]}
    for name in ("chem", "food", "build", "other"):
        ent = getattr(world, name)
        resp = c.get(f"/api/enterprises/{ent.pk}")
        assert resp.status_code == (200 if name in EXPECTED[who] else 404), (who, name)


def test_enterprise_user_cannot_edit(world):
    c = Client()
    c.force_login(world.ent_user)
    assert c.get(f"/enterprises/{world.food.pk}/edit/").status_code == 404


def test_town_cannot_edit_outside_territory(world):
    c = Client()
    c.force_login(world.town)
    assert c.get(f"/enterprises/{world.chem.pk}/edit/").status_code == 404
    assert c.get(f"/enterprises/{world.food.pk}/edit/").status_code == 200


def test_api_requires_auth(world):
    assert Client().get("/api/enterprises").status_code == 401
    bad = Client(HTTP_AUTHORIZATION="Bearer aj_wrong")
    assert bad.get("/api/enterprises").status_code == 401


def test_anonymous_page_redirects_to_login(world):
    resp = Client().get("/enterprises/")
    assert resp.status_code == 302 and "/accounts/login/" in resp["Location"]
