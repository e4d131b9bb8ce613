"""API for draws and inspections, scoped like the pages."""

import json
from datetime import date

from django.test import Client

from anjian.accounts.models import ApiToken
from anjian.inspections.models import Draw, Inspection
from anjian.testing import ID_NUMBER

from .conftest import finish_drawn, png_bytes, png_data_url


def api(user):
    _, raw = ApiToken.issue(user)
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")


def post(c, url, data):
    return c.post(url, json.dumps(data), content_type="application/json")


def test_full_inspection_flow_over_api(iw):
    c = api(iw.inspector)
    r = post(
        c,
        "/api/inspections",
        {
            "enterprise_id": iw.general[1].pk,
            "inspected_on": date.today().isoformat(),
            "inspector_ids": [iw.inspector.pk, iw.inspector2.pk],
            "modes": ["sbll"],
            "campaign_id": iw.campaign.pk,
        },
    )
    assert r.status_code == 201, r.content
    pk = r.json()["id"]
    assert r.json()["checklist_id"] == iw.template.pk
    r = c.put(
        f"/api/inspections/{pk}/results",
        json.dumps({"results": [{"item_id": i.pk, "result": "ok"} for i in iw.items]}),
        content_type="application/json",
    )
    assert r.status_code == 200 and len(r.json()["results"]) == 3
    r = c.post(
        f"/api/inspections/{pk}/findings",
        {
            "description": "安全出口堵塞",
            "hazard_level": "general",
            "photos": [_file("p.png", png_bytes())],
        },
    )
    assert r.status_code == 201, r.content
    assert len(r.json()["photos"]) == 1
    r = c.post(
        f"/api/inspections/{pk}/findings", {"description": "x", "photos": [_file("p.txt", b"hi")]}
    )
    assert r.status_code == 422 and "不是 JPG、PNG 或 WebP" in r.json()["errors"]["photos"][0]
    for payload in (
        {"role": "inspector", "png": png_data_url()},
        {
            "role": "inspector",
            "png": png_data_url(),
            "signer_id": iw.inspector2.pk,
            "password": "Test@Passw0rd!",
        },
        {"role": "enterprise", "png": png_data_url(), "name": "李经理", "id_number": ID_NUMBER},
    ):
        assert post(c, f"/api/inspections/{pk}/signatures", payload).status_code == 201
    r = post(c, f"/api/inspections/{pk}/submit", {})
    assert r.status_code == 200 and r.json()["status"] == "submitted"
    assert r.json()["findings"][0]["hazard_id"]
    r = c.patch(
        f"/api/inspections/{pk}", json.dumps({"summary": "改"}), content_type="application/json"
    )
    assert r.status_code == 422 and "已提交并锁定" in r.json()["errors"]["status"][0]
    r = post(
        c,
        f"/api/inspections/{pk}/amendments",
        {"reason": "笔误", "content": "部位应为仓库", "png": png_data_url()},
    )
    assert r.status_code == 201 and r.json()["seq"] == 1
    assert c.get(f"/api/inspections/{pk}/amendments").json()[0]["content"] == "部位应为仓库"


def _file(name, data):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data)


def test_api_refuses_team_of_one(iw):
    r = post(
        api(iw.inspector),
        "/api/inspections",
        {
            "enterprise_id": iw.general[1].pk,
            "inspected_on": date.today().isoformat(),
            "inspector_ids": [iw.inspector.pk],
        },
    )
    assert r.status_code == 422
    assert "至少需要两名" in r.json()["errors"]["team"][0]


def test_api_scoping(iw):
    from anjian.inspections import services

    insp = services.create_inspection(
        iw.inspector,
        enterprise=iw.general[0],
        inspected_on=date.today(),
        inspectors=[iw.inspector, iw.inspector2],
    )
    assert api(iw.builder).get(f"/api/inspections/{insp.pk}").status_code == 404
    assert api(iw.builder).get("/api/inspections").json()["count"] == 0
    assert api(iw.inspector).get("/api/inspections").json()["count"] == 1
    assert api(iw.expert).get("/api/inspections").json()["count"] == 0
    r = post(
        api(iw.builder),
        f"/api/inspections/{insp.pk}/signatures",
        {"role": "inspector", "png": png_data_url()},
    )
    assert r.status_code == 404
    assert Inspection.objects.get(pk=insp.pk).signatures.count() == 0


def test_api_draw_create_detail_publish(iw):
    c = api(iw.inspector)
    r = post(
        c,
        "/api/inspections/draws",
        {
            "title": "API 抽查",
            "inspection_date": date.today().isoformat(),
            "k": 2,
            "seed": "s1",
        },
    )
    assert r.status_code == 201, r.content
    body = r.json()
    assert body["verified"] and body["seed"] == "s1" and len(body["assignments"]) == 2
    assert len(body["inspections"]) == 2
    assert api(iw.builder).get(f"/api/inspections/draws/{body['id']}").status_code == 404
    early = post(c, f"/api/inspections/draws/{body['id']}/publish", {})
    assert early.status_code in (400, 422) and "尚未完成" in json.dumps(
        early.json(), ensure_ascii=False
    )  # not before the drawn inspections are done
    finish_drawn(Draw.objects.get(pk=body["id"]))
    assert post(c, f"/api/inspections/draws/{body['id']}/publish", {}).json()["published"]
