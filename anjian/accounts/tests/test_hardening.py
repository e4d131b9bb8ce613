"""等保三级 account hardening: complexity, lockout, idle expiry, forced change, login audit."""

import time

import pytest
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import Client

from anjian.accounts.models import Role, User
from anjian.audit.models import AuditEntry
from anjian.conftest import PASSWORD, make_user


def login(c, username, password):
    return c.post("/accounts/login/", {"username": username, "password": password})


@pytest.mark.parametrize(
    "weak", ["short1!A", "alllowercaseletters", "ALLUPPER12345", "1234567890123"]
)
def test_weak_passwords_refused(weak):
    with pytest.raises(ValidationError):
        validate_password(weak)


def test_strong_password_accepted():
    validate_password("Str0ng&Secure#2023")


def test_lockout_after_repeated_failures(world):
    c = Client()
    for _ in range(settings.ANJIAN_LOCKOUT_THRESHOLD):
        resp = login(c, "yjj1", "wrong-password")
        assert resp.status_code == 200
    user = User.objects.get(username="yjj1")
    assert user.is_locked()
    # Even the right password is refused while locked, with a message saying so.
    resp = login(c, "yjj1", PASSWORD)
    assert "锁定" in resp.content.decode()
    assert "_auth_user_id" not in c.session


def test_success_resets_failure_count(world):
    c = Client()
    for _ in range(settings.ANJIAN_LOCKOUT_THRESHOLD - 1):
        login(c, "yjj1", "wrong")
    resp = login(c, "yjj1", PASSWORD)
    assert resp.status_code == 302
    assert User.objects.get(username="yjj1").failed_logins == 0


def test_login_success_and_failure_audited(world):
    c = Client(REMOTE_ADDR="10.1.2.3")
    login(c, "yjj1", "wrong")
    login(c, "nobody", "wrong")
    login(c, "yjj1", PASSWORD)
    failures = AuditEntry.objects.filter(action="login.failure")
    assert {e.username for e in failures} == {"yjj1", "nobody"}
    ok = AuditEntry.objects.get(action="login.success")
    assert ok.username == "yjj1" and ok.ip == "10.1.2.3"


def test_initial_password_must_be_changed(world):
    user = make_user("fresh", Role.AWB, region=world.county)
    user.must_change_password = True
    user.save()
    c = Client()
    assert login(c, "fresh", PASSWORD).status_code == 302
    resp = c.get("/enterprises/")
    assert resp.status_code == 302 and resp["Location"] == "/accounts/password/"
    resp = c.post(
        "/accounts/password/",
        {
            "old_password": PASSWORD,
            "new_password1": "weakweakweak",
            "new_password2": "weakweakweak",
        },
    )
    assert resp.status_code == 200 and "新密码" in resp.content.decode()
    new = "N3w&Better#Pass"
    resp = c.post(
        "/accounts/password/",
        {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
    )
    assert resp.status_code == 302
    assert c.get("/enterprises/").status_code == 200
    assert AuditEntry.objects.filter(action="user.password_change", username="fresh").exists()


def test_session_idle_expiry_configured():
    assert settings.SESSION_COOKIE_AGE <= 30 * 60
    assert settings.SESSION_TOUCH_SECONDS < settings.SESSION_COOKIE_AGE / 10


def test_activity_pushes_the_session_expiry_at_most_once_a_minute(world, monkeypatch):
    from django.contrib.sessions.models import Session

    c = Client()
    login(c, "yjj1", PASSWORD)
    key = c.session.session_key
    now = [time.time()]
    monkeypatch.setattr("anjian.accounts.middleware.time.time", lambda: now[0])
    c.get("/enterprises/")
    first = Session.objects.get(pk=key).expire_date
    now[0] += 30
    c.get("/enterprises/")
    assert Session.objects.get(pk=key).expire_date == first  # no write within the minute
    now[0] += 31
    c.get("/enterprises/")
    assert Session.objects.get(pk=key).expire_date > first  # activity extends the idle limit


def test_idle_session_expires(world):
    c = Client()
    login(c, "yjj1", PASSWORD)
    session = c.session
    session.set_expiry(-1)  # simulate inactivity beyond the idle limit
    session.save()
    resp = c.get("/enterprises/")
    assert resp.status_code == 302 and "/accounts/login/" in resp["Location"]


def test_createtoken_command(world, capsys):
    call_command("createtoken", "awb")
    raw = capsys.readouterr().out.strip()
    resp = Client(HTTP_AUTHORIZATION=f"Bearer {raw}").get("/api/enterprises")
    assert resp.status_code == 200 and resp.json()["count"] == 3
