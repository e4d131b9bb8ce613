"""Shared fixtures: a small world with two counties, departments, one user per role."""

from datetime import date, timedelta

import pytest

from anjian.accounts.basedata import load_reference_data
from anjian.accounts.models import Department, Region, Role, Sector, User
from anjian.registry import creditcode
from anjian.registry.models import Enterprise, EnterpriseSector

PASSWORD = "Test@Passw0rd!"


class World:
    pass


def make_code(n: int, division: str = "510904") -> str:
    first17 = f"91{division}MA{n:07d}"
    first17 = first17.replace("I", "J")
    return first17 + creditcode.check_char(first17)


def make_enterprise(name, region_code, sector_name, n, **kw):
    sector = Sector.objects.get(name=sector_name)
    ent = Enterprise.objects.create(
        credit_code=make_code(n, region_code[:6]),
        name=name,
        region_id=region_code,
        primary_sector=sector,
        **kw,
    )
    EnterpriseSector.objects.create(enterprise=ent, sector=sector, is_primary=True)
    return ent


def make_user(username, role, **kw):
    user = User(username=username, role=role, must_change_password=False, **kw)
    user.set_password(PASSWORD)
    user.save()
    return user


@pytest.fixture
def world(db):
    return build_world()


def build_world() -> World:
    w = World()
    w.county = load_reference_data(villages_per_town=2)
    # A neighbouring county that no user of 安居区 may see.
    w.other_county = Region.objects.create(
        code="510903000000", name="遂宁市船山区", level="county", kind="county"
    )
    w.other_town = Region.objects.create(
        code="510903100000", name="永兴镇", level="town", kind="town", parent=w.other_county
    )
    w.rougang = Region.objects.get(code="510904001000")
    w.baima = Region.objects.get(code="510904101000")
    w.yjj = Department.objects.get(code="yjj")
    w.zjw = Department.objects.get(code="zjw")
    today = date.today()
    w.chem = make_enterprise("遂宁鑫源化工有限公司", "510904001201", "危险化学品", 1, employees=80)
    w.food = make_enterprise(
        "遂宁XX食品有限公司", "510904101201", "工贸", 2, employees=20, ammonia_refrigeration=True
    )
    w.build = make_enterprise("安居宏达建设有限公司", "510904101202", "建筑施工", 3, employees=200)
    w.other = make_enterprise("船山永兴化工有限公司", "510903100000", "危险化学品", 4)
    cert = {"cert_no": "川执0001", "cert_expiry": today + timedelta(days=365)}
    w.awb = make_user("awb", Role.AWB, region=w.county, is_leader=True)
    w.inspector = make_user("yjj1", Role.INSPECTOR, department=w.yjj, region=w.county, **cert)
    w.leader = make_user("yjjlead", Role.DEPT_LEADER, department=w.yjj, region=w.county, **cert)
    w.builder = make_user("zjw1", Role.INSPECTOR, department=w.zjw, region=w.county, **cert)
    w.town = make_user("baima", Role.TOWN, region=w.baima)
    w.expert = make_user("expert", Role.EXPERT, region=w.county)
    w.ent_user = make_user("qiye", Role.ENTERPRISE, enterprise=w.food, region=w.baima)
    from anjian.registry.services import classify

    classify()
    return w
