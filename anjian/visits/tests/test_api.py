"""The read API of 涉企行政检查 (/api/visits/…): limits, the check before an inspection,
approvals, planned visits and 综合查一次, rating aggregates — each in the caller's scope, bad
parameters a 4xx."""

from datetime import date, timedelta

from anjian.checklists.tests.helpers import client
from anjian.visits import services

from .test_rules import TODAY, approve, inspect


def test_limits_and_the_check_before_an_inspection(vw, publish):
    publish(per_year=1, window_days=30)
    inspect(vw, TODAY)
    c = client(vw.inspector)
    limits = c.get("/api/visits/limits", {"year": TODAY.year}).json()
    assert [(r["tier"], r["per_year"]) for r in limits] == [(vw.tier, 1)]
    assert c.get("/api/visits/limits", {"year": 99999}).status_code == 422
    assert client(vw.ent_user).get("/api/visits/limits").json() == []
    url = f"/api/visits/enterprises/{vw.chem.pk}/check"
    body = c.get(url, {"on": (TODAY + timedelta(days=1)).isoformat()}).json()
    assert body["count"] == 1 and body["over_limit"] and body["needs_approval"]
    assert "国办发〔2024〕54号" in body["problems"][0] and body["approval_id"] is None
    a = approve(vw, TODAY + timedelta(days=1))
    assert c.get(url, {"on": (TODAY + timedelta(days=1)).isoformat()}).json()["approval_id"] == a.pk
    # 住建委 on the next day: over the limit and a repeat of 应急局's visit
    body = client(vw.builder).get(url, {"on": (TODAY + timedelta(days=1)).isoformat()}).json()
    assert body["repeats"][0]["department"] == vw.yjj.name and body["approval_id"] is None
    assert c.get(f"/api/visits/enterprises/{vw.other.pk}/check").status_code == 404
    assert c.get(url, {"on": "nonsense"}).status_code == 422
    assert client(vw.awb).get(url).status_code == 403  # no department to inspect for
    approvals = c.get("/api/visits/approvals").json()["items"]
    assert [x["number"] for x in approvals] == [a.number] and approvals[0]["status"] == "approved"
    assert client(vw.builder).get("/api/visits/approvals").json()["items"] == []
    assert c.get("/api/visits/approvals", {"status": "nonsense"}).status_code == 422


def test_planned_visits_joints_and_ratings(vw):
    month = TODAY.replace(day=1)
    services.plan_visit(vw.inspector, enterprise=vw.chem, month=month, checklist=vw.list_a)
    services.plan_visit(vw.builder, enterprise=vw.chem, month=month, checklist=vw.list_b)
    joint = services.merge_month(vw.awb, enterprise=vw.chem, month=month)
    c = client(vw.builder)
    planned = c.get("/api/visits/planned", {"month": f"{month:%Y-%m}"}).json()["items"]
    assert {p["status"] for p in planned} == {"merged"} and len(planned) == 2
    assert c.get("/api/visits/planned", {"month": "2025-13"}).status_code == 422
    joints = c.get("/api/visits/joints").json()["items"]
    assert [j["id"] for j in joints] == [joint.pk] and len(joints[0]["items"]) == 5
    assert client(vw.ent_user).get("/api/visits/joints").json()["items"] == []
    assert client(vw.inspector).get("/api/visits/ratings").status_code == 403
    assert client(vw.awb).get("/api/visits/ratings", {"year": date.today().year}).json() == []
