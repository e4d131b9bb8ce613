"""扫码入企 (signed, revocable token), the enterprise's visits and anonymous rating, and the
pages through the generic views."""

from datetime import date

import pytest
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError

from anjian.accounts.models import User
from anjian.audit.models import AuditEntry
from anjian.inspections import services as insp_services
from anjian.inspections.models import Inspection
from anjian.visits import services
from anjian.visits.models import VisitRating


def visit(w, ent=None, submitted=True, by=None):
    by = by or w.inspector
    insp = insp_services.create_inspection(
        by, enterprise=ent or w.food, inspected_on=date.today(),
        inspectors=[w.inspector, w.inspector2],
    )  # fmt: skip
    if submitted:  # the submission itself is the inspections app's (tested there)
        Inspection.objects.filter(pk=insp.pk).update(status="submitted")
        insp.refresh_from_db()
    return insp


# ---------------------------------------------------------------- the QR token


def test_token_names_the_enterprise_only_when_signed_and_current(vw):
    token = services.qr_token(vw.food)
    assert str(vw.food.pk) not in token.split(":")[0] or len(token) > 20
    assert services.enterprise_from_token(token) == vw.food
    assert services.qr_token(vw.food) == token  # the printed code stays valid
    forged = signing.dumps([vw.chem.pk, services.qr_of(vw.food).nonce], salt="other")
    assert services.enterprise_from_token(forged) is None
    guessed = signing.dumps([vw.chem.pk, "0" * 32], salt=services.QR_SALT, compress=True)
    assert services.enterprise_from_token(guessed) is None  # a valid signature, no such code
    assert services.enterprise_from_token(token[:-2] + "xx") is None
    assert services.enterprise_from_token(str(vw.food.pk)) is None
    services.renew_qr(vw.awb, vw.food)
    assert services.enterprise_from_token(token) is None  # revoked
    assert services.enterprise_from_token(services.qr_token(vw.food)) == vw.food
    with pytest.raises(PermissionDenied):
        services.renew_qr(vw.ent_user, vw.food)


def test_scanning_opens_the_start_of_a_visit_for_an_inspector(vw, client):
    token = services.qr_token(vw.food)
    client.force_login(vw.inspector)
    resp = client.get(f"/visits/q/{token}/")
    body = resp.content.decode()
    assert resp.status_code == 200 and vw.food.name in body
    assert f"/inspections/new/?enterprise={vw.food.pk}" in body
    assert client.get(f"/visits/q/{token}x/").status_code == 404
    assert client.get(f"/visits/q/{vw.food.pk}/").status_code == 404
    client.force_login(vw.builder)  # 住建委 does not supervise the food plant
    assert client.get(f"/visits/q/{token}/").status_code == 404
    client.force_login(vw.ent_user)
    assert client.get(f"/visits/q/{token}/")["Location"] == "/visits/mine/"
    client.logout()
    assert client.get(f"/visits/q/{token}/").status_code == 302  # to the login page


def test_scan_asks_for_an_approval_when_the_published_limit_is_reached(vw, client, publish):
    services.publish_limit(vw.awb, year=date.today().year, tier=services.tier_of(vw.food),
                           per_year=1, window_days=30, source="安居安委办〔2025〕3号")  # fmt: skip
    visit(vw, submitted=False)
    client.force_login(vw.inspector)
    body = client.get(f"/visits/q/{services.qr_token(vw.food)}/").content.decode()
    assert 'id="need-approval"' in body and "上限 1 次" in body


def test_qr_page_shows_an_svg_with_the_signed_link(vw, client):
    client.force_login(vw.ent_user)
    body = client.get(f"/visits/enterprises/{vw.food.pk}/qr/").content.decode()
    assert "<svg" in body
    client.force_login(vw.ent_user)
    assert client.get(f"/visits/enterprises/{vw.chem.pk}/qr/").status_code == 404


# ---------------------------------------------------------------- anonymous rating


def test_the_enterprise_sees_its_visits_with_inspectors_and_rates_anonymously(vw, client):
    insp = visit(vw)
    client.force_login(vw.ent_user)
    body = client.get("/visits/mine/").content.decode()
    assert vw.inspector.display_name in body and "川执0001" in body and vw.yjj.name in body
    last = AuditEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0
    resp = client.post(
        "/visits/rate/", {"inspection": insp.pk, "score": "2", "comment": "态度生硬"}
    )
    assert resp.status_code == 302
    r = VisitRating.objects.get(inspection=insp)
    assert r.score == 2 and r.month == insp.inspected_on.replace(day=1)
    # no user link: no field refers to a user, and nothing in the audit names the rater's act
    assert not [
        f for f in VisitRating._meta.get_fields() if getattr(f, "related_model", None) is User
    ]
    assert not AuditEntry.objects.filter(id__gt=last, user=vw.ent_user).exists()
    assert not AuditEntry.objects.filter(model__icontains="rating").exists()
    body = client.get("/visits/mine/").content.decode()
    assert "已评价" in body
    resp = client.post("/visits/rate/", {"inspection": insp.pk, "score": "5"})
    assert VisitRating.objects.filter(inspection=insp).count() == 1


def test_only_the_inspected_enterprise_rates_a_submitted_visit(vw):
    draft = visit(vw, submitted=False)
    with pytest.raises(ValidationError):
        services.rate_visit(vw.ent_user, draft, score=5)
    other = visit(vw, ent=vw.chem)
    with pytest.raises(PermissionDenied):
        services.rate_visit(vw.ent_user, other, score=5)
    with pytest.raises(PermissionDenied):
        services.rate_visit(vw.inspector, other, score=5)


def test_awb_sees_aggregates_only_from_three_ratings(vw, client):
    visits = [visit(vw) for _ in range(3)]
    services.rate_visit(vw.ent_user, visits[0], score=5)
    services.rate_visit(vw.ent_user, visits[1], score=2, conduct_ok=False)
    [row] = services.rating_summary(vw.awb)
    assert row["n"] == 2 and not row["shown"] and row["avg"] is None
    services.rate_visit(vw.ent_user, visits[2], score=5)
    [row] = services.rating_summary(vw.awb)
    assert row["shown"] and row["avg"] == 4.0 and row["low"] == 1 and row["conduct"] == 1
    with pytest.raises(PermissionDenied):
        services.rating_summary(vw.inspector)
    client.force_login(vw.awb)
    body = client.get("/visits/ratings/").content.decode()
    assert "4.0" in body and vw.yjj.name in body
    client.force_login(vw.inspector)
    assert client.get("/visits/ratings/").status_code == 403


# ---------------------------------------------------------------- pages


def test_pages_answer_for_their_roles(vw, client):
    month = date.today().replace(day=1)
    services.plan_visit(vw.inspector, enterprise=vw.chem, month=month, checklist=vw.list_a)
    services.plan_visit(vw.builder, enterprise=vw.chem, month=month, checklist=vw.list_b)
    client.force_login(vw.awb)
    assert client.get("/visits/limits/").status_code == 200
    resp = client.post("/visits/limits/new/", {"year": month.year, "tier": "key", "per_year": 3,
                                               "window_days": 30, "source": "安居安委办〔2025〕3号"})  # fmt: skip
    assert resp.status_code == 302
    body = client.get(f"/visits/plan/?month={month:%Y-%m}").content.decode()
    assert "合并为综合查一次" in body and vw.chem.name in body
    resp = client.post("/visits/plan/merge/", {"enterprise": vw.chem.pk, "month": f"{month:%Y-%m}"})
    assert resp.status_code == 302
    body = client.get(resp["Location"]).content.decode()
    assert "一表通查" in body and "脚手架" in body
    client.force_login(vw.inspector)
    resp = client.post("/visits/approvals/new/", {"enterprise": vw.chem.pk,
                       "planned_on": date.today().isoformat(), "reason": "事故隐患复查"})  # fmt: skip
    assert resp.status_code == 302
    url = resp["Location"]
    assert client.get(url).status_code == 200
    assert client.get(url.rstrip("/") + ".docx").status_code == 200
    assert client.get(url.rstrip("/") + ".pdf")["Content-Type"] == "application/pdf"
    client.force_login(vw.leader)
    body = client.get(url).content.decode()
    assert "提交审批意见" in body
    resp = client.post(url + "decide/", {"approve": "1", "opinion": ""})
    assert resp.status_code == 400 and "审批意见" in resp.content.decode()
    a = services.InspectionApproval.objects.get()
    resp = client.post(url + "decide/", {"approve": "1", "opinion": "同意", "version": a.version})
    assert resp.status_code == 302
    insp = visit(vw, ent=vw.chem, submitted=False)
    client.force_login(vw.inspector)
    resp = client.post(f"/visits/inspections/{insp.pk}/notice/", {"basis": "《安全生产法》第六十五条",
                                                                  "matters": "危化品"})  # fmt: skip
    assert resp.status_code == 302
    assert "行政检查通知书" in client.get(resp["Location"]).content.decode()
    client.force_login(vw.ent_user)
    assert client.get("/visits/plan/").status_code == 403
    assert client.get("/visits/approvals/new/").status_code == 403
