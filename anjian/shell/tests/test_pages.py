"""Every page a user can reach, walked as each demo role: no 500, and in English no UI text left
in Chinese (data such as names and descriptions is Chinese and stays so).

The demo is built once (its own database content, replacing the test world for this module)
and a breadth-first walk follows every same-site link from the home page, at most
`PER_PATTERN` pages per URL shape (digits become `N`) and `MAX_PAGES` per role.
"""

import re
from collections import deque
from urllib.parse import urljoin, urlsplit

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import models
from django.test import Client

from anjian.testing import _commit_world

pytestmark = [pytest.mark.xdist_group("demo-site"), pytest.mark.django_db]

CJK = re.compile(r"[\u4e00-\u9fff][\u3000-\u303f\u4e00-\u9fff\uff00-\uffef0-9A-Za-z·\-—]*")
CJK_CHAR = re.compile(r"[\u4e00-\u9fff]")
PUNCT = re.compile(r"[\u3000-\u303f\uff00-\uffef·\-—]+")
HREF = re.compile(r'href="([^"#]+)"')
SKIP = re.compile(
    r"/accounts/logout|\.xlsx|\.docx|\.pdf|\.csv|/media/|/static/|/api/|/i18n/|/export|"
    r"/download|/evidence/|/file/|/attachment|/photo|/print|\?page=\d{2,}"
)
PER_PATTERN = 3
MAX_PAGES = 400
ROLES = ["awb", "yjj_zhang", "yjj_leader", "zjw_chen", "town_baima", "expert_he", "qiye"]

# Every page is in English when English is chosen (issue 13): the walk fails on Chinese UI text
# anywhere (data such as names, addresses and descriptions excepted).
TRANSLATED = ["/"]


@pytest.fixture(scope="module")
def demo_site(django_db_setup, django_db_blocker):
    from anjian.accounts.basedata import load_reference_data
    from anjian.accounts.demo import create_demo_users
    from anjian.checklists.seed import load_annex1
    from anjian.hazards.standards import ensure_standards
    from anjian.registry.services import classify
    from anjian.registry.synthetic import generate
    from anjian.shell.demo import build_demo, demo_enterprise

    with django_db_blocker.unblock():
        call_command("flush", interactive=False, verbosity=0)
        load_annex1()
        ensure_standards()
        load_reference_data()
        generate(400, seed=2023)
        classify()
        ent = demo_enterprise()
        create_demo_users(ent)
        build_demo(ent)
        data = _data_text()
    yield data
    with django_db_blocker.unblock():
        call_command("flush", interactive=False, verbosity=0)
        _commit_world()


def _data_text() -> str:
    """Every text value stored in the database, joined: Chinese found in it is data."""
    chunks = []
    for model in apps.get_models():
        fields = [
            f.attname
            for f in model._meta.concrete_fields
            if isinstance(f, (models.CharField, models.TextField, models.JSONField))
        ]
        if not fields:
            continue
        for row in model._default_manager.values_list(*fields).iterator():
            chunks.extend(str(v) for v in row if v)
    return "\x00".join(chunks)


def pattern(path: str) -> str:
    return re.sub(r"\d+", "N", path)


def walk(client: Client, start="/"):
    seen_patterns: dict[str, int] = {}
    queue, visited = deque([start]), set()
    while queue and len(visited) < MAX_PAGES:
        url = queue.popleft()
        if url in visited:
            continue
        visited.add(url)
        resp = client.get(url)
        yield url, resp
        if resp.status_code != 200 or "text/html" not in resp.get("Content-Type", ""):
            continue
        for href in HREF.findall(resp.content.decode()):
            href = href.replace("&amp;", "&")
            target = urljoin(url, href)
            parts = urlsplit(target)
            if parts.netloc and parts.netloc != "testserver":
                continue
            full = parts.path + (f"?{parts.query}" if parts.query else "")
            if SKIP.search(full) or full in visited:
                continue
            key = pattern(parts.path)
            if seen_patterns.get(key, 0) >= PER_PATTERN:
                continue
            seen_patterns[key] = seen_patterns.get(key, 0) + 1
            queue.append(full)


def leftover_chinese(html: str, data: str) -> list[str]:
    body = html.split("<body", 1)[-1]
    body = re.sub(r"<script.*?</script>", "", body, flags=re.S)
    body = body.replace(">中文<", "><")  # the switch back to Chinese
    found = []
    for text in re.findall(r">([^<]+)<", body) + re.findall(
        r'(?:title|placeholder|aria-label)="([^"]+)"', body
    ):
        for run in CJK.findall(text):
            # names joined by 、 or followed by （code）: each piece is checked on its own
            for piece in PUNCT.split(run):
                if CJK_CHAR.search(piece) and piece not in data:
                    found.append(piece)
    return found


@pytest.mark.parametrize("username", ROLES)
def test_every_reachable_page_answers_without_server_error(demo_site, username):
    client = Client(raise_request_exception=False)
    client.force_login(_user(username))
    errors = [(url, r.status_code) for url, r in walk(client) if r.status_code >= 500]
    assert errors == []


@pytest.mark.parametrize("username", ROLES)
def test_every_translated_page_is_english(demo_site, username):
    client = Client(raise_request_exception=False)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(_user(username))
    problems = {}
    for url, resp in walk(client):
        if resp.status_code != 200 or not any(url.startswith(p) for p in TRANSLATED):
            continue
        left = leftover_chinese(resp.content.decode(), demo_site)
        if left:
            problems[url] = sorted(set(left))[:12]
    assert problems == {}


def _user(username):
    from anjian.accounts.models import User

    return User.objects.get(username=username)


# ------------------------------------------------------------------ every form, over its limits

from html.parser import HTMLParser  # noqa: E402

SKIP_FORMS = re.compile(r"/accounts/logout|/i18n/|/accounts/password|/verify/|/tokens/new")
FUZZ_ROLES = ["awb", "yjj_zhang", "yjj_leader", "town_baima", "qiye"]


class FormParser(HTMLParser):
    """The POST forms of a page: action and fields (name, type, maxlength, value, options)."""

    def __init__(self):
        super().__init__()
        self.forms, self._form, self._select = [], None, None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and (a.get("method") or "get").lower() == "post":
            self._form = {"action": a.get("action") or "", "fields": []}
        elif self._form is None:
            return
        elif tag in ("input", "textarea") and a.get("name"):
            self._form["fields"].append({"tag": tag, **a})
        elif tag == "select" and a.get("name"):
            self._select = {"tag": "select", "name": a["name"], "options": []}
            self._form["fields"].append(self._select)
        elif tag == "option" and self._select is not None and a.get("value"):
            self._select["options"].append(a["value"])
        elif tag == "button" and a.get("name") and a.get("value"):
            self._form["fields"].append({"tag": "button", **a})

    def handle_endtag(self, tag):
        if tag == "form" and self._form is not None:
            self.forms.append(self._form)
            self._form = None
        elif tag == "select":
            self._select = None


def oversized(form) -> dict:
    """Every field one past what the page says it takes (maxlength + 1, a 20-digit number,
    a date that is none); hidden fields (CSRF, version) as they are."""
    data = {}
    for f in form["fields"]:
        name, kind = f["name"], f.get("type", f["tag"])
        if kind in ("hidden", "button", "submit"):
            data.setdefault(name, f.get("value", ""))
        elif kind == "select":
            if f["options"]:
                data[name] = f["options"][-1]
        elif kind in ("checkbox", "radio"):
            data.setdefault(name, f.get("value", "on"))
        elif kind == "number":
            data[name] = "1" + "0" * 20
        elif kind == "date":
            data[name] = "2026/13/45"
        elif kind == "file":
            continue
        else:
            n = int(f.get("maxlength") or 4000)
            data[name] = "超" * (n + 1)
    return data


@pytest.mark.parametrize("username", FUZZ_ROLES)
def test_every_form_over_its_limits_answers_without_server_error(demo_site, username):
    """Issue 13/14: each form a role sees, sent with every field past its limit, gets an answer
    (a message naming the field, a refusal, a redirect), never a 500."""
    client = Client(raise_request_exception=False)
    client.force_login(_user(username))
    seen, errors = set(), []
    for url, resp in walk(client):
        if resp.status_code != 200 or "text/html" not in resp.get("Content-Type", ""):
            continue
        parser = FormParser()
        parser.feed(resp.content.decode())
        for form in parser.forms:
            action = urljoin(url, form["action"] or url)
            key = pattern(urlsplit(action).path)
            if SKIP_FORMS.search(action) or key in seen:
                continue
            seen.add(key)
            answer = client.post(action, oversized(form))
            if answer.status_code >= 500:
                errors.append((url, action, answer.status_code))
    assert errors == []
