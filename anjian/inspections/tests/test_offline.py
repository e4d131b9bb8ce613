"""Offline capture and sync (issue 18): the day's work, idempotent sync, conflicts, scope,
bad input naming the field; 检查诊断 in one flow (disposal, 判定标准, 五落实, default checklist)."""

import json
import uuid
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from anjian.accounts.models import ApiToken
from anjian.hazards.models import Disposal, Hazard, HazardCriterion
from anjian.inspections import services
from anjian.inspections.models import Finding, Inspection, OfflineSync
from anjian.testing import ID_NUMBER, PASSWORD

from .conftest import png_bytes, png_data_url


def api(user):
    _, raw = ApiToken.issue(user)
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")


@pytest.fixture
def todo(iw):
    return services.create_inspection(
        iw.inspector,
        enterprise=iw.general[0],
        inspected_on=date.today(),
        inspectors=[iw.inspector, iw.inspector2],
        campaign=iw.campaign,
        modes=["sbll"],
    )


def record(iw, insp, **over):
    items = iw.items
    data = {
        "key": str(uuid.uuid4()),
        "inspection": insp.pk,
        "base_version": insp.version,
        "results": {
            str(items[0].pk): ["ok", ""],
            str(items[1].pk): ["fail", ""],
            str(items[2].pk): ["fail", ""],
        },  # fmt: skip
        "findings": [
            {
                "key": "f1",
                "item": items[1].pk,
                "description": "安全出口堵塞",
                "disposal": "deadline",
                "deadline": (date.today() + timedelta(days=30)).isoformat(),
                "photos": ["p1"],
            },  # fmt: skip
            {
                "key": "f2",
                "item": items[2].pk,
                "description": "未建立责任制",
                "disposal": "immediate",
            },  # fmt: skip
        ],
        "signatures": [
            {"role": "inspector", "signer": iw.inspector.pk, "png": png_data_url()},
            {
                "role": "inspector",
                "signer": iw.inspector2.pk,
                "png": png_data_url(),
                "password": PASSWORD,
            },  # fmt: skip
            {
                "role": "enterprise",
                "name": "王厂长",
                "id_number": ID_NUMBER,
                "png": png_data_url(),
            },  # fmt: skip
        ],
        "submit": True,
    }
    data.update(over)
    return data


def send(client, data, photos=("p1",)):
    files = {n: SimpleUploadedFile(f"{n}.png", png_bytes(), "image/png") for n in photos}
    return client.post("/api/offline/sync", {"payload": json.dumps(data), **files})


def test_day_bundle_lists_the_inspectors_work_with_checklist_team_and_hazards(iw, todo):
    r = api(iw.inspector2).get("/api/offline/day")
    assert r.status_code == 200
    [pkg] = r.json()["inspections"]
    assert pkg["id"] == todo.pk and pkg["version"] == todo.version
    assert [i["id"] for i in pkg["items"]] == [i.pk for i in iw.items]
    assert pkg["items"][0]["basis"] == "《安全生产法》第二十一条"
    assert {m["user_id"] for m in pkg["team"]} == {iw.inspector.pk, iw.inspector2.pk}
    assert pkg["enterprise"]["credit_code"] == iw.general[0].credit_code
    assert len(r.json()["disposals"]) == 8
    # not on the team: nothing to download
    assert api(iw.leader).get("/api/offline/day").json()["inspections"] == []


def test_sync_writes_the_inspection_once_and_a_retry_replays(iw, todo):
    c = api(iw.inspector)
    data = record(iw, todo)
    r = send(c, data)
    assert r.status_code == 200, r.content
    body = r.json()
    assert body["status"] == "applied" and body["result"]["submitted"] is True
    todo.refresh_from_db()
    assert todo.status == "submitted" and todo.signatures.count() == 3
    findings = list(todo.findings.order_by("id"))
    assert len(findings) == 2 and findings[0].photos.count() == 1
    assert findings[0].checklist_item == iw.items[1] and findings[0].hazard is not None
    assert Hazard.objects.filter(enterprise=iw.general[0]).count() == 2
    assert set(Disposal.objects.values_list("option", flat=True)) == {"deadline", "immediate"}
    # the same key again (the phone lost the answer): the same answer, nothing written twice
    again = send(c, data)
    assert again.status_code == 200 and again.json()["status"] == "replayed"
    assert again.json()["result"] == body["result"]
    assert Finding.objects.filter(inspection=todo).count() == 2
    assert Hazard.objects.filter(enterprise=iw.general[0]).count() == 2
    assert OfflineSync.objects.filter(key=data["key"]).count() == 1
    # the stored answer holds no password
    assert PASSWORD not in json.dumps(OfflineSync.objects.get().response)


def test_changed_on_the_server_meanwhile_is_a_conflict_with_both_versions(iw, todo):
    base = todo.version
    services.record_results(iw.inspector2, todo, {iw.items[0].pk: "fail"})
    r = send(api(iw.inspector), record(iw, todo, base_version=base))
    assert r.status_code == 409
    server = r.json()["server"]
    assert server["version"] == base + 1
    assert server["results"][str(iw.items[0].pk)][0] == "fail"
    # nothing of the phone's record was written
    todo.refresh_from_db()
    assert todo.status == "draft" and todo.findings.count() == 0
    assert todo.results.get(item=iw.items[0]).result == "fail"
    assert not OfflineSync.objects.exists()
    # the inspector keeps his version on the server's new one: a new record, accepted
    r = send(api(iw.inspector), record(iw, todo, base_version=server["version"]))
    assert r.status_code == 200, r.content
    todo.refresh_from_db()
    assert todo.results.get(item=iw.items[0]).result == "ok"


def test_out_of_scope_inspection_is_404_and_writes_nothing(iw, todo):
    r = send(api(iw.builder), record(iw, todo))
    assert r.status_code == 404
    assert not OfflineSync.objects.exists() and todo.findings.count() == 0


def test_replay_of_another_users_key_is_refused(iw, todo):
    data = record(iw, todo)
    assert send(api(iw.inspector), data).status_code == 200
    assert send(api(iw.inspector2), data).status_code == 403


@pytest.mark.parametrize(
    "change, field",
    [
        ({"key": "short"}, "key"),
        ({"base_version": "1"}, "base_version"),
        ({"results": ["x"]}, "results"),
        ({"findings": [{"description": ""}]}, "findings.0.description"),
        ({"findings": [{"description": "x", "deadline": "31.12.2026"}]}, "findings.0.deadline"),
        ({"findings": [{"description": "x", "item": 999999}]}, "findings.0.item"),
        ({"findings": [{"description": "x", "photos": ["missing"]}]}, "findings.0.photos"),
        ({"findings": [{"description": "x", "disposal": "transfer"}]}, "findings.0.transfer_to"),
        (
            {"findings": [{"description": "x", "disposal": "transfer", "transfer_to": 999999}]},
            "findings.0.transfer_to",
        ),
        (
            {"findings": [{"description": "x", "disposal": "transfer", "transfer_to": "zjw"}]},
            "findings.0.transfer_to",
        ),
        ({"findings": [{"description": "x", "disposal": "deadline"}]}, "findings.0.deadline"),
    ],
)
def test_bad_input_names_the_field_and_writes_nothing(iw, todo, change, field):
    data = record(iw, todo, **change)
    r = send(api(iw.inspector), data)
    assert r.status_code == 422, r.content
    assert field in r.json()["errors"], r.json()
    todo.refresh_from_db()
    assert todo.findings.count() == 0 and todo.results.count() == 0
    assert not OfflineSync.objects.exists()


def test_wrong_colleague_password_names_the_signature_and_writes_nothing(iw, todo):
    data = record(iw, todo)
    data["signatures"][1]["password"] = "wrong"
    r = send(api(iw.inspector), data)
    assert r.status_code == 422
    assert "signatures.1.password" in r.json()["errors"]
    todo.refresh_from_db()
    assert todo.signatures.count() == 0 and todo.findings.count() == 0


def test_not_json_payload_is_422(iw, todo):
    r = api(iw.inspector).post("/api/offline/sync", {"payload": "{not json"})
    assert r.status_code == 422 and "payload" in r.json()["errors"]


def test_session_sync_needs_the_csrf_token(iw, todo):
    c = Client(enforce_csrf_checks=True)
    c.force_login(iw.inspector)
    r = send(c, record(iw, todo))
    assert r.status_code in (401, 403)
    assert not OfflineSync.objects.exists()


# ---------------------------------------------------------------- 检查诊断 in one flow


def test_finding_carries_criterion_and_self_plan_into_the_hazard(iw, todo):
    from anjian.campaigns.models import SelfInspection, SelfInspectionAnswer

    si = SelfInspection.objects.create(
        campaign=iw.campaign, template=iw.template, enterprise=iw.general[0],
        created_by=iw.inspector, status="filed",
    )  # fmt: skip
    SelfInspectionAnswer.objects.create(
        inspection=si, item=iw.items[1], result="fail", measures="疏通安全出口并每日巡查",
        responsible="张安全", deadline=date.today() + timedelta(days=10),
    )  # fmt: skip
    crit = HazardCriterion.objects.create(
        standard="工贸企业重大事故隐患判定标准", number="第四条第一项", text="x"
    )
    f = services.add_finding(
        iw.inspector, todo, description="安全出口堵塞", checklist_item=iw.items[1],
        criterion=crit, disposal="deadline", deadline=date.today() + timedelta(days=10),
    )  # fmt: skip
    assert f.hazard_level == "major"
    services.record_results(iw.inspector, todo, {i.pk: "ok" for i in iw.items})
    todo.refresh_from_db()
    services.sign_as_record(todo, [iw.inspector, iw.inspector2], png=png_bytes(),
                            name="王厂长", id_number=ID_NUMBER)  # fmt: skip
    services.submit(iw.inspector, todo)
    f.refresh_from_db()
    h = f.hazard
    assert h.criterion == crit and h.level == "major" and h.checklist_item == iw.items[1]
    assert h.measures == "疏通安全出口并每日巡查" and h.responsible_person == "张安全"
    assert h.disposals.get().option == "deadline"


def test_finding_form_is_prefilled_with_the_items_violation_code(iw, todo):
    from anjian.checklists.models import ChecklistItem
    from anjian.inspections.offline import finding_prefill
    from anjian.law import VIOLATIONS

    code = sorted(VIOLATIONS)[0]
    ChecklistItem.objects.filter(pk=iw.items[0].pk).update(violation_code=code)
    assert finding_prefill(todo, iw.items[0].pk)["violation_code"] == code
    assert finding_prefill(todo, "x") == {}


def test_draw_without_campaign_takes_the_departments_default_checklist(iw):
    from anjian.checklists.models import ChecklistTemplate

    ChecklistTemplate.objects.filter(pk=iw.template.pk).update(department=iw.yjj)
    draw = services.create_draw(
        iw.inspector, title="无专项抽查", inspection_date=date.today(), k=1, seed="s"
    )
    assert draw.inspections.get().checklist == iw.template


def test_draw_inspection_without_checklist_cannot_be_submitted(iw):
    from anjian.checklists.models import ChecklistTemplate

    ChecklistTemplate.objects.update(status="draft")
    draw = services.create_draw(
        iw.inspector, title="无检查表抽查", inspection_date=date.today(), k=1, seed="s"
    )
    insp = draw.inspections.get()
    assert insp.checklist is None
    team = [m.user for m in insp.team.all()]
    services.sign_as_record(insp, team, png=png_bytes(), name="王厂长", id_number=ID_NUMBER)
    with pytest.raises(ValidationError) as exc:
        services.submit(team[0], Inspection.objects.get(pk=insp.pk))
    assert "检查事项清单" in str(exc.value.message_dict["submit"])


def test_online_form_offers_each_fail_item_as_a_prefilled_finding(iw, todo):
    services.record_results(iw.inspector, todo, {iw.items[1].pk: "fail"})
    c = Client()
    c.force_login(iw.inspector)
    page = c.get(f"/inspections/{todo.pk}/").content.decode()
    assert "data-all-ok" in page and f"?item={iw.items[1].pk}" in page
    page = c.get(f"/inspections/{todo.pk}/?item={iw.items[1].pk}").content.decode()
    assert "检查内容2——不符合" in page and "《安全生产法》第二十一条" in page
    r = c.post(
        f"/inspections/{todo.pk}/findings/",
        {"kind": "hazard", "description": "检查项目2：检查内容2——不符合",
         "checklist_item": iw.items[1].pk, "hazard_level": "general", "disposal": "immediate"},
    )  # fmt: skip
    assert r.status_code == 302
    f = todo.findings.get()
    assert f.disposal == "immediate" and f.checklist_item == iw.items[1]
    # the item has its finding now: no longer offered
    assert f"?item={iw.items[1].pk}" not in c.get(f"/inspections/{todo.pk}/").content.decode()


def test_offline_shell_and_service_worker_scope(iw):
    c = Client()
    c.force_login(iw.inspector)
    page = c.get("/inspections/offline/")
    assert page.status_code == 200
    assert b"<script>" not in page.content  # no inline script (CSP)
    sw = c.get("/inspections/offline/sw.js")
    assert sw["Content-Type"].startswith("application/javascript")
    assert sw["Service-Worker-Allowed"] == "/inspections/offline/"
    assert b"workbox-core.prod.js" in sw.content and b"precacheAndRoute" in sw.content
    m = c.get("/inspections/offline/manifest.webmanifest").json()
    assert m["scope"] == m["start_url"] == "/inspections/offline/"
    c.force_login(iw.ent_user)
    assert c.get("/inspections/offline/").status_code == 403


def test_sync_as_plain_json_and_with_nothing(iw, todo):
    c = api(iw.inspector)
    data = record(iw, todo, findings=[], submit=False)
    r = c.post("/api/offline/sync", json.dumps(data), content_type="application/json")
    assert r.status_code == 200, r.content
    assert c.post("/api/offline/sync", {}).status_code == 422
    assert c.post("/api/offline/sync", "x", content_type="text/plain").status_code == 422


# ---------------------------------------------------------------- 移交其他部门 on the phone


def test_transfer_to_another_department_is_offered_and_synced_into_a_transfer(iw, todo):
    from anjian.enforcement.models import Transfer

    bundle = api(iw.inspector).get("/api/offline/day").json()
    assert "transfer" in [k for k, _label in bundle["disposals"]]
    targets = {pk for pk, _name in bundle["departments"]}
    assert iw.zjw.pk in targets and iw.yjj.pk not in targets  # not the inspecting department
    data = record(iw, todo)
    data["findings"][1].update({"disposal": "transfer", "transfer_to": iw.zjw.pk})
    r = send(api(iw.inspector), data)
    assert r.status_code == 200, r.content
    f = todo.findings.get(checklist_item=iw.items[2])
    assert f.disposal == "transfer" and f.transfer_to == iw.zjw
    d = f.hazard.disposals.get()
    assert d.option == "transfer" and d.transfer_to == iw.zjw
    # the 移交表 the hazard page's disposal makes: from 应急局 to 住建委, one row for the hazard
    t = Transfer.objects.get(to_department=iw.zjw)
    assert t.department == iw.yjj and t.inspection == todo and t.enterprise == iw.general[0]
    assert [i.hazard_id for i in t.items.all()] == [f.hazard_id]
    # a second sync of the same record makes no second transfer
    assert send(api(iw.inspector), data).json()["status"] == "replayed"
    assert Transfer.objects.count() == 1


def test_transfer_to_the_own_department_is_refused_on_the_online_form(iw, todo):
    with pytest.raises(ValidationError) as exc:
        services.add_finding(iw.inspector, todo, description="x", disposal="transfer",
                             transfer_to=iw.yjj)  # fmt: skip
    assert "transfer_to" in exc.value.message_dict
    from anjian.checklists.tests.helpers import client

    c = client(iw.inspector)
    html = c.get(f"/inspections/{todo.pk}/").content.decode()
    assert 'name="transfer_to"' in html and f'<option value="{iw.zjw.pk}">' in html
    resp = c.post(f"/inspections/{todo.pk}/findings/", {
        "kind": "hazard", "description": "消防通道被占用", "hazard_level": "general",
        "disposal": "transfer", "transfer_to": iw.zjw.pk, "version": todo.version,
    })  # fmt: skip
    assert resp.status_code == 302, resp.content.decode()[:3000]
    assert todo.findings.get().transfer_to == iw.zjw
