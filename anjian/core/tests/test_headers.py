"""Issue 14: security headers, a CSP the pages pass, HTTPS settings, Swagger UI offline."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

TEMPLATES = sorted(Path(settings.BASE_DIR, "anjian").glob("**/templates/**/*.html"))
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.I)
HANDLER = re.compile(r"\son[a-z]+\s*=\s*[\"']", re.I)
JS_URL = re.compile(r"href=[\"']javascript:", re.I)


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: str(p.relative_to(settings.BASE_DIR)))
def test_no_template_needs_unsafe_inline_script(path):
    """The CSP allows scripts from the app's own files only: no inline code or handlers."""
    text = path.read_text(encoding="utf-8")
    assert not INLINE_SCRIPT.search(text), "inline <script>: move it to a static .js file"
    assert not HANDLER.search(text), "on…= handler: use data-confirm / data-print or a .js file"
    assert not JS_URL.search(text)


def test_pages_carry_the_security_headers(world):
    c = Client()
    c.force_login(world.awb)
    resp = c.get("/enterprises/")
    csp = resp["Content-Security-Policy"]
    assert (
        "script-src 'self'" in csp
        and "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
    )
    assert "frame-ancestors 'none'" in csp and "object-src 'none'" in csp
    assert resp["X-Frame-Options"] == "DENY"
    assert resp["X-Content-Type-Options"] == "nosniff"
    assert resp["Referrer-Policy"] == "same-origin"


def test_login_page_has_the_headers_too():
    resp = Client().get("/accounts/login/")
    assert "Content-Security-Policy" in resp and resp["X-Frame-Options"] == "DENY"


def test_swagger_ui_is_served_from_the_apps_own_static_files(world):
    c = Client()
    c.force_login(world.awb)
    html = c.get("/api/docs").content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in html
    assert "cdn." not in html and "https://" not in html.split("<body")[1]


def test_https_mode_sets_secure_cookies_and_hsts():
    import os
    import subprocess
    import sys

    env = {**os.environ, "ANJIAN_HTTPS": "1"}
    code = (
        "import django,os;os.environ['DJANGO_SETTINGS_MODULE']='anjian.settings';django.setup();"
        "from django.conf import settings as s;"
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS>=31536000,"
        " s.SECURE_SSL_REDIRECT)"
    )
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert out.stdout.split() == ["True", "True", "True", "True"]


def test_check_deploy_is_clean_in_https_mode():
    import os
    import subprocess
    import sys

    from anjian.core.keys import new_key

    env = {
        **{
            k: v
            for k, v in os.environ.items()
            if not k.startswith("ANJIAN_") and k != "DJANGO_ALLOW_ASYNC_UNSAFE"  # browser tests'
        },
        "ANJIAN_HTTPS": "1",
        "ANJIAN_ALLOWED_HOSTS": "anjian.example.cn",
        "ANJIAN_SECRET_KEY": "Zq" + new_key() + new_key(),
        "ANJIAN_TIP_KEY": new_key(),
        "ANJIAN_AUDIT_KEY": new_key(),
        "ANJIAN_DATA_DIR": "/tmp/anjian-check-deploy",
    }
    out = subprocess.run(
        [sys.executable, "-m", "anjian.cli", "check", "--deploy", "--fail-level", "WARNING"],
        env=env, capture_output=True, text=True,
    )  # fmt: skip
    assert out.returncode == 0, out.stdout + out.stderr
    env["ANJIAN_AUDIT_KEY"] = ""
    out = subprocess.run(
        [sys.executable, "-m", "anjian.cli", "check", "--deploy"], env=env, capture_output=True,
        text=True,
    )  # fmt: skip
    assert out.returncode != 0 and "anjian.E001" in out.stdout + out.stderr
