"""Exports, logs and error reports never contain the reporter's identity (T1 protection)."""

import logging

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.views.debug import ExceptionReporter

from anjian.accounts.models import ApiToken
from anjian.conftest import PASSWORD
from anjian.tips import services

from .conftest import NAME, PHONE, public_tip
from .test_views import _post_tip


def _assert_clean(text: str, where: str):
    assert NAME not in text, where
    assert PHONE not in text, where
    assert NAME.encode("unicode_escape").decode() not in text, where


def test_logs_and_sql_never_carry_the_identity(client, world, caplog):
    caplog.set_level(logging.DEBUG)
    with CaptureQueriesContext(connection) as queries:
        resp = _post_tip(client, world, identity="named", reporter_name=NAME,
                         reporter_phone=PHONE)  # fmt: skip
        assert "举报已提交" in resp.content.decode()
        tip = services.Tip.objects.get()
        services.triage(world.awb, tip, accept=True)
        services.assign(world.awb, tip, department=world.yjj, handler=world.inspector)
        staff = Client()
        staff.login(username="yjj1", password=PASSWORD)
        shown = staff.post(reverse("tips:reveal", args=[tip.pk])).content.decode()
        assert NAME in shown  # the reveal itself works …
        _, raw = ApiToken.issue(world.awb)
        api = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
        assert api.post(f"/api/tips/{tip.pk}/reveal", {"reason": "核实"},
                        content_type="application/json").json()["phone"] == PHONE  # fmt: skip
        export = staff.get(reverse("tips:export")).content.decode("utf-8-sig")
        assert tip.code in export
        _assert_clean(export, "export")
        _assert_clean(api.get("/api/tips/").content.decode(), "api list")
        _assert_clean(api.get(f"/api/tips/{tip.pk}").content.decode(), "api detail")
    assert queries.captured_queries  # … and the statements were captured
    _assert_clean(caplog.text, "log")
    for q in queries.captured_queries:
        _assert_clean(q["sql"], "sql")


@pytest.mark.parametrize("where", ["public", "hotline"])
def test_error_reports_hide_the_identity(client, world, monkeypatch, caplog, where):
    """A crash while saving a named tip: the logged error report (as mailed to ADMINS) has
    neither the POST fields nor the local variables holding the identity."""
    real = services.submit_tip

    def crash(**kw):
        identity = {"name": kw["reporter_name"], "phone": kw["reporter_phone"]}  # noqa: F841
        real(**kw)
        raise RuntimeError("disk full")

    monkeypatch.setattr(services, "submit_tip", crash)
    client.raise_request_exception = False
    caplog.set_level(logging.ERROR, logger="django.request")
    if where == "public":
        resp = _post_tip(client, world, identity="named", reporter_name=NAME,
                         reporter_phone=PHONE)  # fmt: skip
    else:
        client.login(username="awb", password=PASSWORD)
        resp = client.post(reverse("tips:new"), {
            "channel": "hotline", "category": "illegal", "enterprise_name": world.chem.name,
            "description": "工地夜间无证施工，塔吊司机无特种作业操作证。", "identity": "named",
            "reporter_name": NAME, "reporter_phone": PHONE,
            "received_at": "2024-05-01T09:00",
        })  # fmt: skip
    assert resp.status_code == 500
    record = next(r for r in caplog.records if getattr(r, "request", None) is not None)
    report = ExceptionReporter(record.request, *record.exc_info).get_traceback_text()
    assert "disk full" in report and "reporter_name" in report  # the report is complete …
    _assert_clean(report, "error report")  # … but the values are masked
    _assert_clean(caplog.text, "log")


def test_same_department_inspector_who_is_not_the_handler_sees_no_identity(client, world):
    tip, _ = public_tip(world.chem, named=True)
    services.triage(world.awb, tip, accept=True)
    services.assign(world.awb, tip, department=world.yjj, handler=world.leader)
    client.login(username="yjj1", password=PASSWORD)
    resp = client.get(reverse("tips:detail", args=[tip.pk]))
    html = resp.content.decode()
    assert resp.status_code == 200 and "实名举报（信息已加密）" in html
    assert 'id="reveal"' not in html and "仅承办人和安委办负责人可查看" in html
    _assert_clean(html, "detail page")
    resp = client.post(reverse("tips:reveal", args=[tip.pk]))
    assert resp.status_code == 403
    _assert_clean(resp.content.decode(), "refused reveal")
    from anjian.audit.models import AuditEntry

    assert not AuditEntry.objects.filter(action="tip.reveal").exists()
    client.login(username="yjjlead", password=PASSWORD)
    assert NAME in client.post(reverse("tips:reveal", args=[tip.pk])).content.decode()
    assert AuditEntry.objects.filter(action="tip.reveal", username="yjjlead").count() == 1
