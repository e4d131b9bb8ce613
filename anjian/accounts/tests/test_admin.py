"""安委办 manages departments (their sectors) and accounts of its region."""

import re

from django.test import Client

from anjian.accounts.models import Department, Region, Role, Sector, User
from anjian.conftest import make_user
from anjian.registry.models import Enterprise


def test_awb_creates_user_with_initial_password_forced_change(world):
    c = Client()
    c.force_login(world.awb)
    resp = c.post(
        "/accounts/users/new/",
        {
            "username": "newinsp",
            "full_name": "新执法员",
            "role": "inspector",
            "department": world.yjj.pk,
            "cert_no": "川执9",
            "is_active": "on",
        },
    )
    html = resp.content.decode()
    password = re.search(r'id="initial-password"[^>]*>([^<]+)<', html).group(1)
    user = User.objects.get(username="newinsp")
    assert user.must_change_password and user.check_password(password)
    fresh = Client()
    fresh.post("/accounts/login/", {"username": "newinsp", "password": password})
    assert fresh.get("/enterprises/")["Location"] == "/accounts/password/"


def test_inspector_needs_department(world):
    c = Client()
    c.force_login(world.awb)
    resp = c.post(
        "/accounts/users/new/", {"username": "x1", "role": "inspector", "is_active": "on"}
    )
    assert "执法人员和部门负责人必须选择所属部门" in resp.content.decode()
    assert not User.objects.filter(username="x1").exists()


def test_user_admin_scoped(world):
    other_awb = make_user("awb2", Role.AWB, region=world.other_county)
    c = Client()
    c.force_login(other_awb)
    assert c.get(f"/accounts/users/{world.inspector.pk}/edit/").status_code == 404
    c.force_login(world.inspector)
    assert c.get("/accounts/users/").status_code == 403
    assert c.get("/accounts/departments/").status_code == 403


def test_reset_unlocks_and_forces_change(world):
    """Issue 14: the system administrator asks, a security administrator approves and sees
    the new initial password once."""
    from django.utils import timezone

    from anjian.accounts.models import PrivilegeRequest

    User.objects.filter(pk=world.inspector.pk).update(
        locked_until=timezone.now() + timezone.timedelta(minutes=9)
    )
    c = Client()
    c.force_login(world.awb)
    c.post(f"/accounts/users/{world.inspector.pk}/reset/", {"reason": "遗忘密码"})
    req = PrivilegeRequest.objects.get(target=world.inspector, kind="reset_password")
    assert User.objects.get(pk=world.inspector.pk).is_locked()  # nothing happens before approval
    c.force_login(world.secadmin)
    html = c.post(f"/accounts/privileges/{req.pk}/decide/", {"approve": "1"}).content.decode()
    password = re.search(r'id="initial-password"[^>]*>([^<]+)<', html).group(1)
    u = User.objects.get(pk=world.inspector.pk)
    assert not u.is_locked() and u.must_change_password and u.check_password(password)


def test_department_sectors_editable_and_scope_follows(world):
    zjw = Department.objects.get(code="zjw")
    assert not Enterprise.objects.restrict(world.builder).filter(pk=world.food.pk).exists()
    c = Client()
    c.force_login(world.awb)
    sectors = [s.pk for s in zjw.sectors.all()] + [Sector.objects.get(name="工贸").pk]
    resp = c.post(
        f"/accounts/departments/{zjw.pk}/edit/",
        {
            "name": zjw.name,
            "short_name": zjw.short_name,
            "doc_prefix": "安居住建",
            "sectors": sectors,
        },
    )
    assert resp.status_code == 302
    builder = User.objects.get(pk=world.builder.pk)
    assert Enterprise.objects.restrict(builder).filter(pk=world.food.pk).exists()
    assert world.food.tiers.filter(department=zjw).exists()


def test_region_tree_codes(world):
    town = Region.objects.get(code="510904101000")
    assert town.parent == world.county and town.prefix == "510904101"
    village = town.children.first()
    assert village.level == "village" and village.code.startswith(town.prefix)
