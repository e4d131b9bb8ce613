"""Open data: the public JSON API (no login), its OpenAPI document, pagination, stable ids."""

from datetime import date

from anjian.portal import services
from anjian.portal.models import Publication

from .conftest import ID_NUMBER, PERSON, decided_case


def test_openapi_document_is_public_and_separate(world, client):
    doc = client.get("/api/public/openapi.json").json()
    paths = set(doc["paths"])
    assert {"/api/public/decisions", "/api/public/decisions/{uid}",
            "/api/public/certificates/{cert_no}", "/api/public/totals/{year}"} <= paths  # fmt: skip
    assert not any(p.startswith("/api/enforcement") for p in paths)
    assert "稳定" in doc["info"]["description"] or "stable" in doc["info"]["description"]
    assert client.get("/api/public/docs").status_code == 200
    # the private API still needs a login
    assert client.get("/api/enforcement/cases").status_code == 401


def test_decisions_paginated_with_stable_ids(world, client):
    cases = [decided_case(world) for _ in range(3)]
    uids = {Publication.objects.get(case=c).uid for c in cases}
    first = client.get("/api/public/decisions", {"page_size": 2}).json()
    assert first["count"] == 3 and first["pages"] == 2 and len(first["results"]) == 2
    second = client.get("/api/public/decisions", {"page_size": 2, "page": 2}).json()
    got = {r["uid"] for r in first["results"] + second["results"]}
    assert got == uids
    r = first["results"][0]
    assert r["status"] == "published" and r["enterprise"]["credit_code"]
    assert all(p["name"] != PERSON for p in r["parties"])
    assert client.get("/api/public/decisions", {"page_size": 101}).status_code == 422
    assert client.get("/api/public/decisions", {"page": 0}).status_code == 422
    assert client.get("/api/public/decisions", {"year": "x"}).status_code == 422
    assert client.get("/api/public/decisions", {"department": "zjw"}).json()["count"] == 0
    year = client.get("/api/public/decisions", {"year": date.today().year}).json()
    assert year["count"] == 3


def test_decision_history_and_withdrawal(world, client):
    case = decided_case(world)
    pub = Publication.objects.get(case=case)
    uid = pub.uid
    detail = client.get(f"/api/public/decisions/{uid}").json()
    assert detail["uid"] == uid and detail["version"] == 1 and detail["facts"]
    assert ID_NUMBER not in str(detail) and PERSON not in str(detail)
    services.withdraw_publication(world.inspector, pub, reason="原处罚决定被依法撤销")
    detail = client.get(f"/api/public/decisions/{uid}").json()
    assert detail["uid"] == uid and detail["status"] == "withdrawn"
    assert detail["facts"] is None and detail["withdrawal_reason"] == "原处罚决定被依法撤销"
    assert [h["kind"] for h in detail["history"]] == ["publish", "withdraw"]
    assert client.get("/api/public/decisions").json()["count"] == 0
    withdrawals = client.get("/api/public/withdrawals").json()
    assert [w["uid"] for w in withdrawals["results"]] == [uid]
    assert client.get("/api/public/decisions/nosuch").status_code == 404


def test_certificates_inspectors_totals(world, client):
    ok = client.get("/api/public/certificates/川执0001").json()
    assert ok["found"] and ok["valid"] and ok["inspector"]["cert_no"] == "川执0001"
    later = date(world.inspector.cert_expiry.year + 1, 1, 1).isoformat()
    assert client.get("/api/public/certificates/川执0001", {"on": later}).json()["valid"] is False
    assert client.get("/api/public/certificates/nope").json()["found"] is False
    assert client.get("/api/public/certificates/川执0001", {"on": "bad"}).status_code == 422
    assert client.get("/api/public/certificates/" + "x" * 40).status_code == 422
    inspectors = client.get("/api/public/inspectors").json()
    assert inspectors["count"] >= 3
    decided_case(world)
    t = client.get(f"/api/public/totals/{date.today().year}").json()
    assert t["total"]["decisions"] == 1 and t["total"]["published"] == 1
    assert client.get(f"/api/public/totals/{date.today().year + 1}").status_code == 404
    assert client.get("/api/public/random-checks").json()["count"] == 0
