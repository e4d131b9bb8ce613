"""Browser tests: Playwright for Python driving Debian's chromium against a live server.

Never downloads a browser: the executable is /usr/bin/chromium (override with ANJIAN_CHROMIUM).
"""

import os
import shutil

import pytest

from anjian.conftest import PASSWORD, load_world

os.environ.setdefault(
    "DJANGO_ALLOW_ASYNC_UNSAFE", "true"
)  # Playwright's sync API runs an event loop

CHROMIUM = os.environ.get("ANJIAN_CHROMIUM", "/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM) and not os.path.exists(CHROMIUM):
        if os.environ.get("CI"):
            pytest.fail(f"chromium not found at {CHROMIUM}; .ci/run installs Debian's chromium")
        pytest.skip(
            f"browser tests need Debian's chromium at {CHROMIUM} (apt-get install chromium)"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture
def e2e_world(transactional_db):
    return load_world()


@pytest.fixture
def new_page(browser, live_server):
    """Factory: a fresh page (own cookies) with the given viewport, at the live server."""
    contexts, violations = [], []

    def watch(msg):
        if "Content Security Policy" in msg.text or "Refused to" in msg.text:
            violations.append(msg.text)

    def make(width=1280, height=900, **options):
        ctx = browser.new_context(
            viewport={"width": width, "height": height}, base_url=live_server.url,
            locale="zh-CN", **options,
        )  # fmt: skip
        ctx.set_default_timeout(15000)
        contexts.append(ctx)
        page = ctx.new_page()
        page.on("console", watch)
        return page

    yield make
    for ctx in contexts:
        ctx.close()
    # every page a browser test opened passed the site's Content-Security-Policy (issue 14)
    assert violations == [], violations


def login(page, username, password=PASSWORD):
    page.goto("/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    # The shell also holds the language switch's submit button; press the login form's own.
    page.press("input[name=password]", "Enter")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def wait_js(page, expression: str, timeout: float = 15.0):
    """Wait until a JavaScript expression is truthy on the page. Playwright's
    wait_for_function compiles its predicate in the page, which the site's CSP (no eval)
    refuses; page.evaluate runs through the debugging protocol, outside the CSP."""
    import time

    deadline = time.monotonic() + timeout
    while True:
        value = page.evaluate(expression)
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {expression!r}")
        page.wait_for_timeout(100)
