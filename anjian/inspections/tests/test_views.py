"""The pages on the generic views: lists and filters, the record's transitions and their
refusals, the draw and plan forms, the inspection lookup, bounded API ids."""

import json
from datetime import date, timedelta
from pathlib import Path

from django.test import Client

from anjian.checklists.tests.helpers import HUGE, client, messages_of
from anjian.inspections import services
from anjian.inspections.models import Draw, Inspection, SupervisionPlan
from anjian.testing import ID_NUMBER

from .conftest import finish_drawn, png_data_url
from .test_inspections import fill_and_sign, new_inspection


def test_list_filters_parse_their_values(iw):
    mine = new_inspection(iw)
    c = client(iw.inspector)
    html = c.get("/inspections/?status=draft&mine=on").content.decode()
    assert f'href="/inspections/{mine.pk}/"' in html
    assert (
        f'href="/inspections/{mine.pk}/"'
        not in c.get("/inspections/?status=submitted").content.decode()
    )
    for bad in ("status=nonsense", f"enterprise={HUGE}", "enterprise=abc"):
        resp = c.get(f"/inspections/?{bad}")
        assert resp.status_code == 400, bad
    assert c.get("/inspections/draws/?published=maybe").status_code == 400
    assert c.get("/inspections/plans/?year=abc").status_code == 400
    assert c.get(f"/inspections/plans/?year={HUGE}").status_code == 400


def test_api_ids_and_filters_are_bounded(iw):
    c = client(iw.inspector)
    assert c.get(f"/api/inspections?enterprise_id={HUGE}").status_code == 422
    assert c.get("/api/inspections?status=nonsense").status_code == 422
    body = {
        "enterprise_id": iw.general[0].pk,
        "inspected_on": date.today().isoformat(),
        "inspector_ids": [iw.inspector.pk, int(HUGE)],
    }
    resp = c.post("/api/inspections", json.dumps(body), content_type="application/json")
    assert resp.status_code == 422 and not Inspection.objects.exists()
    body["inspector_ids"] = [iw.inspector.pk, iw.inspector2.pk]
    body["tip_ref"] = "J" * 65
    resp = c.post("/api/inspections", json.dumps(body), content_type="application/json")
    assert resp.status_code == 422 and "tip_ref" in resp.json()["errors"]


def test_create_page_searches_the_enterprise_and_names_the_team_problem(iw):
    c = client(iw.inspector)
    html = c.get(f"/inspections/new/?enterprise={iw.general[0].pk}").content.decode()
    assert 'data-lookup="/lookup/enterprise/"' in html and iw.general[0].name in html
    assert c.get(f"/inspections/new/?enterprise={HUGE}").status_code == 200
    data = {
        "enterprise": iw.general[0].pk,
        "inspected_on": date.today().isoformat(),
        "inspectors": [iw.inspector.pk],
        "origin": "adhoc",
    }
    resp = c.post("/inspections/new/", data)
    html = resp.content.decode()
    assert resp.status_code == 200 and "检查组至少需要两名持有效执法证的执法人员" in html
    assert "检查组执法人员" in html  # on the field that asks for the team
    resp = c.post(
        "/inspections/new/",
        {**data, "inspectors": [iw.inspector.pk, iw.inspector2.pk], "tip_ref": "J" * 65},
    )
    assert resp.status_code == 200 and "举报编号" in resp.content.decode()
    resp = c.post("/inspections/new/", {**data, "enterprise": iw.other.pk})  # another county
    assert resp.status_code == 200 and not Inspection.objects.exists()
    # without script the typed name is resolved in the user's scope
    del data["enterprise"]
    data.update(
        {"enterprise__q": iw.general[0].name, "inspectors": [iw.inspector.pk, iw.inspector2.pk]}
    )
    resp = c.post("/inspections/new/", data)
    insp = Inspection.objects.get()
    assert resp.status_code == 302 and insp.enterprise == iw.general[0]
    assert client(iw.ent_user).get("/inspections/new/").status_code == 403


def test_record_transitions_and_their_refusals(iw):
    insp = new_inspection(iw)
    c = client(iw.inspector)
    url = f"/inspections/{insp.pk}/"
    item = iw.items[0]
    resp = c.post(url + "results/", {f"r_{item.pk}": "maybe", "version": insp.version})
    assert resp.status_code == 400 and "选择一个有效的选项" in resp.content.decode()
    resp = c.post(
        url + "results/",
        {f"r_{item.pk}": "fail", f"n_{item.pk}": "未建立", "version": insp.version},
    )
    assert resp["Location"] == url + "#results" and "已保存检查表结果（1 项）" in messages_of(resp)
    resp = c.post(url + "results/", {f"r_{item.pk}": "ok", "version": insp.version})  # stale
    assert resp.status_code == 409 and "已被他人修改" in resp.content.decode()
    resp = c.post(
        url + "findings/",
        {"kind": "hazard", "description": "消防通道堵塞", "deadline": "2026-13-02"},
    )
    html = resp.content.decode()
    assert (
        resp.status_code == 400
        and "整改期限" in html
        and "<details open><summary>添加发现问题" in html
    )
    resp = c.post(url + "findings/", {"kind": "hazard", "description": "x", "location": "部" * 129})
    assert resp.status_code == 400 and "部位" in resp.content.decode()
    resp = c.post(
        url + "findings/",
        {"kind": "violation", "description": "未设置机构", "violation_code": "SPL-999"},
    )
    assert resp.status_code == 400 and "违法行为代码“SPL-999”不存在" in resp.content.decode()
    resp = c.post(url + "findings/", {"kind": "hazard", "description": "配电箱未接地"})
    finding = insp.findings.get()
    assert resp["Location"] == url + "#finding"
    resp = c.post(url + "five-one/", {"kind": "ability_test", "score": "abc"})
    assert resp.status_code == 400 and "测试得分" in resp.content.decode()
    resp = c.post(url + "five-one/", {"kind": "ability_test", "score": "101"})
    assert resp.status_code == 400 and "测试得分须为 0—100 的整数" in resp.content.decode()
    resp = c.post(url + "sign/", {"role": "inspector", "png": ""})
    assert resp.status_code == 400 and "请先在签名框内签名" in resp.content.decode()
    resp = c.post(
        url + "sign/",
        {
            "role": "inspector",
            "signer": iw.inspector2.pk,
            "png": png_data_url(),
            "password": "wrong",
        },
    )
    assert resp.status_code == 400 and "请由yjj2本人输入登录密码确认签名" in resp.content.decode()
    resp = c.post(url + "submit/", {"version": Inspection.objects.get(pk=insp.pk).version})
    assert resp.status_code == 400 and "检查表还有 2 项未填写结果" in resp.content.decode()
    resp = c.post(f"/inspections/findings/{finding.pk}/remove/")
    assert "已删除该问题。" in messages_of(resp) and not insp.findings.exists()
    # out of scope: another department's inspector gets a 404 on every transition
    other = client(iw.builder)
    for part in ("meta/", "results/", "findings/", "five-one/", "sign/", "submit/", "amend/"):
        assert other.post(url + part, {}).status_code == 404, part


def test_signing_submitting_and_amending_through_the_page(iw):
    insp = new_inspection(iw)
    services.record_results(iw.inspector, insp, {i.pk: "ok" for i in iw.items})
    c = client(iw.inspector)
    url = f"/inspections/{insp.pk}/"
    for data in (
        {"role": "inspector", "signer": iw.inspector.pk},
        {"role": "inspector", "signer": iw.inspector2.pk, "password": "Test@Passw0rd!"},
        {"role": "enterprise", "name": "王厂长", "id_number": ID_NUMBER},
    ):
        resp = c.post(url + "sign/", {**data, "png": png_data_url()})
        assert resp.status_code == 302 and "已签名。" in messages_of(resp), data
    insp.refresh_from_db()
    resp = c.post(url + "submit/", {"version": insp.version})
    assert "检查记录已提交并锁定。" in messages_of(resp)
    assert Inspection.objects.get(pk=insp.pk).locked
    resp = c.post(url + "amend/", {"reason": "笔误", "content": "更正内容", "png": ""})
    assert resp.status_code == 400 and "请先在签名框内签名" in resp.content.decode()
    resp = c.post(
        url + "amend/", {"reason": "笔误", "content": "检查场所应为二号车间", "png": png_data_url()}
    )
    assert "已添加更正记录。" in messages_of(resp) and insp.amendments.count() == 1


def test_inspection_lookup_is_scoped(iw):
    insp = new_inspection(iw)
    c = client(iw.inspector)
    for q in (str(insp.pk), f"现检〔2026〕{insp.pk}号", iw.general[0].name[:4]):
        ids = [r["id"] for r in c.get("/lookup/inspection/", {"q": q}).json()["results"]]
        assert ids == [insp.pk], q
    assert c.get("/lookup/inspection/", {"q": HUGE}).json()["results"] == []
    assert (
        client(iw.builder).get("/lookup/inspection/", {"q": str(insp.pk)}).json()["results"] == []
    )


def test_draw_page_asks_home_towns_row_by_row(iw):
    c = client(iw.inspector)
    html = c.get("/inspections/draws/new/").content.decode()
    assert 'name="home-0-user"' in html and 'name="home-0-town"' in html
    data = {
        "title": "镇街互查",
        "inspection_date": date.today().isoformat(),
        "k": "2",
        "team_size": "2",
        "cross_town": "on",
        "home-TOTAL_FORMS": "2",
        "home-INITIAL_FORMS": "2",
        "home-0-user": iw.inspector.pk,
        "home-0-town": iw.baima.pk,
        "home-1-user": iw.inspector2.pk,
        "home-1-town": "",
    }
    resp = c.post("/inspections/draws/new/", {**data, "team_size": "abc"})
    assert resp.status_code == 200 and "每家企业执法人员数" in resp.content.decode()
    resp = c.post(
        "/inspections/draws/new/", {**data, "home-1-user": iw.builder.pk}
    )  # not in the pool
    assert resp.status_code == 200 and not Draw.objects.exists()
    resp = c.post("/inspections/draws/new/", data)
    draw = Draw.objects.get()
    assert resp["Location"] == f"/inspections/draws/{draw.pk}/"
    homes = {p["id"]: p["home_town"] for p in draw.pool}
    assert homes[iw.inspector.pk] == iw.baima.code and homes[iw.inspector2.pk] == ""
    resp = c.post(f"/inspections/draws/{draw.pk}/publish/")
    assert "尚未完成" in messages_of(resp)  # not before the drawn inspections are done
    finish_drawn(draw)
    resp = c.post(f"/inspections/draws/{draw.pk}/publish/")
    assert "抽查结果已公开。" in messages_of(resp)
    resp = c.post(f"/inspections/draws/{draw.pk}/publish/")
    assert "该抽查结果已公开" in messages_of(resp)
    html = Client().get("/inspections/public/draws/").content.decode()  # no login
    assert f'href="/inspections/public/draws/{draw.pk}/"' in html


def test_plan_page_has_twelve_month_fields(iw):
    c = client(iw.leader)
    html = c.get("/inspections/plans/new/").content.decode()
    assert all(f'name="month_{m}"' in html for m in range(1, 13))
    data = {
        "year": str(date.today().year),
        "title": "应急局年度监督检查计划",
        "key_coverage_target": "100",
        "general_sample_target": "10",
        **{f"month_{m}": "3" for m in range(1, 13)},
    }
    resp = c.post("/inspections/plans/new/", {**data, "month_3": "-1"})
    assert resp.status_code == 200 and "3月" in resp.content.decode()
    resp = c.post("/inspections/plans/new/", {**data, "key_coverage_target": "101"})
    assert resp.status_code == 200 and "重点检查企业覆盖率须在 0—100 之间" in resp.content.decode()
    resp = c.post("/inspections/plans/new/", data)
    plan = SupervisionPlan.objects.get()
    assert resp["Location"] == f"/inspections/plans/{plan.pk}/" and plan.monthly_targets == [3] * 12
    edit = {**data, "month_12": "0", "version": "1"}
    assert c.post(f"/inspections/plans/{plan.pk}/edit/", edit).status_code == 302
    plan.refresh_from_db()
    assert plan.monthly_targets == [3] * 11 + [0] and plan.version == 2
    resp = c.post(f"/inspections/plans/{plan.pk}/edit/", edit)  # the version read is stale
    assert resp.status_code == 200 and "已被他人修改" in resp.content.decode()
    assert client(iw.inspector).get("/inspections/plans/new/").status_code == 403


def test_locked_record_and_print_have_no_inline_script(iw):
    insp = services.submit(iw.inspector, fill_and_sign(iw, new_inspection(iw)))
    c = client(iw.inspector)
    for url in (f"/inspections/{insp.pk}/", f"/inspections/{insp.pk}/print/"):
        html = c.get(url).content.decode()
        assert "onclick=" not in html and "onsubmit=" not in html
        assert "<script>" not in html and "<style>" not in html
    assert "data-print" in c.get(f"/inspections/{insp.pk}/print/").content.decode()


def test_campaigns_app_does_not_import_inspections():
    """Layers: campaigns sit below inspections; the progress section is registered upwards."""
    root = Path(__file__).resolve().parents[2] / "campaigns"
    for path in root.rglob("*.py"):
        assert "anjian.inspections" not in path.read_text(encoding="utf-8"), path


def test_deadline_window(iw):
    insp = new_inspection(iw, inspected_on=date.today() + timedelta(days=2))
    resp = client(iw.inspector).post(
        f"/inspections/{insp.pk}/findings/",
        {"kind": "hazard", "description": "x", "deadline": date.today().isoformat()},
    )
    assert resp.status_code == 400 and "整改期限不能早于检查日期" in resp.content.decode()
