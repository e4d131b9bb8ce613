"""Issue #2: Chinese by default, English available (catalog anjian/locale/en)."""

import ast
import gettext
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation

from anjian.accounts.models import Department, Region, Sector, User
from anjian.conftest import PASSWORD
from anjian.core.i18n import DISPLAY_VALUES
from anjian.registry import creditcode
from anjian.registry.models import RISK_TAGS, Enterprise, Licence, Person
from anjian.registry.services import credit_code_message

CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")
CATALOG = Path(settings.BASE_DIR) / "anjian" / "locale" / "en" / "LC_MESSAGES"


def english_client(user=None) -> Client:
    c = Client()
    c.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    if user is not None:
        c.force_login(user)
    return c


def section(html: str, pattern: str) -> str:
    m = re.search(pattern, html, re.S)
    assert m, pattern
    return m.group(0)


def without_data(html: str) -> str:
    """Drop what is data, not UI: names of regions, sectors, departments, enterprises, users,
    and the switch back to Chinese (labelled 中文 in every language)."""
    values = [
        *Region.objects.values_list("name", flat=True),
        *Sector.objects.values_list("name", flat=True),
        *Department.objects.values_list("name", flat=True),
        *Department.objects.values_list("short_name", flat=True),
        *Enterprise.objects.values_list("name", flat=True),
        *Enterprise.objects.values_list("address", flat=True),
        *User.objects.values_list("full_name", flat=True),
    ]
    for v in sorted((v for v in values if v), key=len, reverse=True):
        html = html.replace(v, "")
    return html.replace(">中文<", "><")


def leftover_chinese(html: str) -> list[str]:
    return [m.group(0) for m in re.finditer(r".{0,30}" + CJK.pattern + r".{0,30}", html)]


# --- pages -----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_login_page_defaults_to_chinese():
    html = Client().get("/accounts/login/").content.decode()
    assert '<html lang="zh-hans">' in html
    assert "用户登录" in html and "User login" not in html
    assert 'name="language" value="en"' in html  # the switch offers English


@pytest.mark.django_db
def test_browser_language_alone_does_not_switch_to_english():
    html = Client(HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").get("/accounts/login/").content.decode()
    assert '<html lang="zh-hans">' in html and "用户登录" in html


@pytest.mark.django_db
def test_login_page_in_english_has_no_chinese():
    c = english_client()
    html = c.get("/accounts/login/").content.decode()
    assert '<html lang="en">' in html
    for text in ("User login", "Username", "Password", "Log in", "Hotline 12350"):
        assert text in html
    assert 'name="language" value="zh-hans"' in html
    assert leftover_chinese(without_data(html)) == []


@pytest.mark.django_db
def test_login_error_in_english():
    resp = english_client().post("/accounts/login/", {"username": "nobody", "password": "x"})
    assert "Wrong username or password." in resp.content.decode()


@pytest.mark.parametrize("who", ["awb", "inspector", "town", "expert", "ent_user"])
def test_navigation_in_english_for_every_role(world, who):
    user = getattr(world, who)
    c = english_client(user)
    html = c.get("/").content.decode()
    nav = section(html, r'<nav class="mainnav".*?</nav>')
    assert nav.count("<a ") >= 1
    assert leftover_chinese(nav) == []
    for url in re.findall(r'href="([^"]+)"', nav)[1:]:  # each section's own menu, too
        sub = section(c.get(url).content.decode(), r'<nav class="subnav".*?</nav>')
        assert leftover_chinese(sub) == [], url
    main = section(html, r"<main>.*?</main>")
    assert leftover_chinese(without_data(main)) == []
    assert leftover_chinese(section(html, r"<title>.*?</title>")) == []


def test_awb_navigation_terms(world):
    c = english_client(world.awb)
    html = c.get("/").content.decode()
    nav = section(html, r'<nav class="mainnav".*?</nav>')
    for label in ("Home", "Registry", "Hazards", "Statistics", "System"):
        assert f">{label}</a>" in nav
    sub = section(c.get("/enterprises/").content.decode(), r'<nav class="subnav".*?</nav>')
    for label in ("Enterprises", "Key/general lists"):
        assert f">{label}</a>" in sub
    sub = section(c.get("/accounts/users/").content.decode(), r'<nav class="subnav".*?</nav>')
    assert ">Users</a>" in sub
    # 三员分立 (issue 14): the audit log is the audit administrator's page
    audit = english_client(world.auditor).get("/audit/").content.decode()
    assert ">Audit log</a>" in section(audit, r'<nav class="subnav".*?</nav>')
    assert "Work Safety Committee Office" in html  # role of the user in the shell
    assert "Dashboard" in html


def test_shell_defaults_to_chinese(world):
    c = Client()
    c.force_login(world.awb)
    html = c.get("/").content.decode()
    assert '<html lang="zh-hans">' in html
    nav = section(html, r'<nav class="mainnav".*?</nav>')
    assert ">企业</a>" in nav and ">系统</a>" in nav
    assert "Registry" not in nav
    assert "安委办" in html


def test_enterprise_list_in_english(world):
    html = english_client(world.awb).get("/enterprises/").content.decode()
    for text in (
        "<h1>Enterprises</h1>",
        "<th>Unified social credit code</th>",
        "<th>Main sector</th>",
        '<strong id="total">3</strong> enterprises',
        "Ammonia refrigeration",  # the food company's risk tag
        ">Operating<",
        ">Key inspection</option>",
    ):
        assert text in html, text
    assert leftover_chinese(without_data(section(html, r"<main>.*?</main>"))) == []


def test_enterprise_detail_in_english(world):
    Licence.objects.create(
        enterprise=world.food, kind="安全生产许可证", number="X1", valid_until="2030-01-01"
    )
    Person.objects.create(enterprise=world.food, role="principal", name="张三")
    html = english_client(world.awb).get(f"/enterprises/{world.food.pk}/").content.decode()
    for text in (
        "Unified social credit code",
        "20 employees (small or micro enterprise)",
        "Key/general inspection lists",
        "Work safety licence",
        "Principal person in charge",
    ):
        assert text in html, text
    tiers = section(html, r'<table class="list" id="tiers">.*?</table>')
    assert re.search(r'<strong class="tier-(key|general)">(Key|General)</strong>', tiers)


def test_language_switch_sets_cookie_and_returns(world):
    c = Client()
    c.force_login(world.awb)
    resp = c.post("/i18n/setlang/", {"language": "en", "next": "/enterprises/"})
    assert resp.status_code == 302 and resp["Location"] == "/enterprises/"
    assert c.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    assert "<h1>Enterprises</h1>" in c.get("/enterprises/").content.decode()
    c.post("/i18n/setlang/", {"language": "zh-hans", "next": "/"})
    assert "<h1>企业名录</h1>" in c.get("/enterprises/").content.decode()


def test_language_switch_allowed_before_changing_initial_password(world):
    world.awb.must_change_password = True
    world.awb.save()
    c = Client()
    assert c.login(username="awb", password=PASSWORD)
    resp = c.post("/i18n/setlang/", {"language": "en", "next": "/accounts/password/"})
    assert resp["Location"] == "/accounts/password/"
    html = c.get("/accounts/password/").content.decode()
    assert "please change your initial password first" in html


def test_bad_credit_code_named_in_english(world):
    from anjian.registry.tests.test_enterprise import form_data

    c = english_client(world.inspector)
    resp = c.post("/enterprises/new/", form_data(world, credit_code="91510904MA00000990"))
    html = resp.content.decode()
    assert "Unified social credit code: Unified social credit code: wrong check character" in html
    assert "Number of employees" in html


@pytest.mark.parametrize(
    "code",
    ["", "123", "91510904MA0000099I", "91ABCDEFMA00000990", "91510904MA00000990"],
)
def test_credit_code_message_matches_the_validator(code):
    """Chinese wording equals creditcode.problem's; English is the translated case."""
    problem = creditcode.problem(code)
    assert problem
    with translation.override("zh-hans"):
        assert credit_code_message(code) == "统一社会信用代码" + problem
    with translation.override("en"):
        english = credit_code_message(code)
    assert english.startswith("Unified social credit code") and not CJK.search(english)


# --- catalog -----------------------------------------------------------------------------------


def parse_po(path: Path) -> dict:
    """{(msgctxt, msgid): [msgstr, ...]} of a .po file (header excluded)."""
    entries, cur, key = {}, {}, None

    def flush():
        if cur.get("msgid"):
            strs = [v for k, v in sorted(cur.items()) if k.startswith("msgstr")]
            entries[(cur.get("msgctxt"), cur["msgid"])] = strs
        cur.clear()

    for line in path.read_text(encoding="utf-8").splitlines() + [""]:
        line = line.strip()
        if not line:
            flush()
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            cur[key] += ast.literal_eval(line)
        else:
            key, value = line.split(" ", 1)
            cur[key] = ast.literal_eval(value)
    return entries


CATALOGS = sorted(
    p.parent
    for p in (Path(settings.BASE_DIR) / "anjian").glob("**/locale/en/LC_MESSAGES/django.po")
)


def test_the_project_catalog_is_the_largest():
    assert CATALOG in CATALOGS and len(parse_po(CATALOG / "django.po")) > 250


@pytest.mark.parametrize("catalog", CATALOGS, ids=lambda p: str(p.parents[2].name))
def test_every_msgid_translated_and_mo_up_to_date(catalog):
    """Each catalog (the project's and each app's own) is complete and compiled."""
    po = parse_po(catalog / "django.po")
    with open(catalog / "django.mo", "rb") as f:
        mo = gettext.GNUTranslations(f)
    catalog = {k: v for k, v in mo._catalog.items() if k != ""}
    expected = {}
    for (ctx, msgid), strs in po.items():
        assert strs and all(s.strip() for s in strs), (ctx, msgid)
        key = f"{ctx}\x04{msgid}" if ctx else msgid
        if len(strs) == 1:
            expected[key] = strs[0]
        else:
            for i, s in enumerate(strs):
                expected[(key, i)] = s
    assert catalog == expected


def test_display_values_cover_the_model_labels():
    labels = {label for _, label in RISK_TAGS}
    labels |= {label for _, label in Enterprise.STATUS}
    labels |= {label for _, label in Enterprise.MHS_LEVELS}
    labels |= {f"{label}重大危险源" for v, label in Enterprise.MHS_LEVELS if v}
    labels |= {label for _, label in Person.ROLES}
    labels |= set(Licence.KINDS)
    assert labels <= set(DISPLAY_VALUES)
    with translation.override("en"):
        for label in labels:
            assert not CJK.search(translation.gettext(label)), label
