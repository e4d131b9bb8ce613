"""Test plugin: a small world with two counties, departments, one user per role.

The world is built once per test database (once per xdist worker), committed, and every test
runs inside a transaction that is rolled back, so each test sees the same fresh world without
rebuilding it. `world` hands each test new instances read from the database. A transactional
test (``transaction=True`` or the browser tests) flushes the tables when it ends; the world is
rebuilt after it. Passwords are hashed with MD5 in tests only: PBKDF2's deliberate cost for
seven users per test was most of the suite's time.
"""

from datetime import date, timedelta

import pytest

from anjian.accounts.basedata import load_reference_data
from anjian.accounts.models import Department, Region, Role, Sector, User
from anjian.registry import creditcode
from anjian.registry.models import Enterprise, EnterpriseSector

PASSWORD = "Test@Passw0rd!"
# A 居民身份证号码 with a valid GB 11643 checksum (the standard's own example), for signatures
ID_NUMBER = "11010519491231002X"


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


FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# attribute of World -> (model, pk) of the world committed in this worker's test database
_WORLD: dict[str, tuple[type, object]] = {}


# Keys of the test databases only (production refuses to start without its own: core/keys.py).
TEST_KEYS = {
    "ANJIAN_SECRET_KEY": "test-only-secret-key-Ah7vQ2mX9pL4kR8sT1wZ6nB3cF5gJ0dE-not-for-production",
    "ANJIAN_TIP_KEY": "dGVzdC10aXAta2V5LW9mLTMyLWJ5dGVzLWZvci10c3Q=",
    "ANJIAN_AUDIT_KEY": "dGVzdC1hdWRpdC1rZXktMzItYnl0ZXMtZm9yLXRlc3Q=",
}


def pytest_configure(config):
    import os

    from django.conf import settings

    settings.PASSWORD_HASHERS = FAST_HASHERS
    # documents are signed with keys of a demo CA made in this run's own folder
    import tempfile

    settings.ANJIAN_SIGNING_DIR = tempfile.mkdtemp(prefix="anjian-signing-")
    settings.ANJIAN_SIGNING_DEMO = True
    if not hasattr(config, "workerinput"):
        # the PDFs' font is made once per machine (about a minute the first time): here, in
        # the controlling process, before the xdist workers start, not once in each of them
        from anjian.core.cjkfont import WEIGHTS, instance_path

        for name in WEIGHTS:
            instance_path(name)
    for name, value in TEST_KEYS.items():
        os.environ.setdefault(name, value)
        if name != "ANJIAN_SECRET_KEY":  # Django's own key is read once, at settings load
            setattr(settings, name, getattr(settings, name, None) or value)


def _commit_world() -> None:
    """Build the world (and the migrations' reference data a flush removed) and remember it."""
    from anjian.checklists.seed import load_annex1
    from anjian.hazards.standards import ensure_standards

    load_annex1()
    ensure_standards()
    w = build_world()
    _WORLD.clear()
    _WORLD.update({k: (type(v), v.pk) for k, v in vars(w).items()})


def load_world() -> World:
    """Fresh instances of the committed world (a test may change its objects freely)."""
    w = World()
    for name, (model, pk) in _WORLD.items():
        setattr(w, name, model._default_manager.get(pk=pk))
    return w


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        _commit_world()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """A transactional test flushed every table when it ended: commit the world again."""
    yield
    if nextitem is None:  # the session's last test: its test database is already gone
        return
    if "transactional_db" in getattr(item, "fixturenames", ()) or any(
        m.kwargs.get("transaction") for m in item.iter_markers("django_db")
    ):
        blocker = item.session.config.stash.get(_blocker_key, None)
        if blocker is not None:
            with blocker.unblock():
                _commit_world()


_blocker_key = pytest.StashKey()


@pytest.fixture(scope="session", autouse=True)
def _remember_blocker(request, django_db_blocker):
    request.config.stash[_blocker_key] = django_db_blocker


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the default language: a request with the English cookie leaves
    English active in the thread (the middleware activates per request), which would reach
    the next test's direct service calls."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def world(db):
    return load_world()


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
    # 三员分立: the 安委办 leader is the system administrator and may see reporters' identities
    w.awb = make_user(
        "awb", Role.AWB, region=w.county, is_leader=True, admin_duty="system",
        may_reveal_reporters=True,
    )  # fmt: skip
    w.secadmin = make_user("awbsec", Role.AWB, region=w.county, admin_duty="security")
    w.auditor = make_user("awbaudit", Role.AWB, region=w.county, admin_duty="audit")
    w.inspector = make_user("yjj1", Role.INSPECTOR, department=w.yjj, region=w.county, **cert)
    w.leader = make_user("yjjlead", Role.DEPT_LEADER, department=w.yjj, region=w.county, **cert)
    w.builder = make_user("zjw1", Role.INSPECTOR, department=w.zjw, region=w.county, **cert)
    w.town = make_user("baima", Role.TOWN, region=w.baima)
    w.expert = make_user("expert", Role.EXPERT, region=w.county)
    w.ent_user = make_user("qiye", Role.ENTERPRISE, enterprise=w.food, region=w.baima)
    from anjian.registry.services import classify

    classify()
    return w
