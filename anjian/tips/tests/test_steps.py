"""The tip desk on the generic views: every step's form, its refusals and its message; the
assignment rule (active staff with a valid 执法证); the lists; the safe export; lookups."""

import csv
import io
import re
from datetime import date, timedelta

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from anjian.accounts.models import Role
from anjian.conftest import make_user
from anjian.tips import services
from anjian.tips.models import Tip

from .conftest import NAME, PHONE, public_tip


def _step(tip, name):
    return reverse("tips:action", args=[tip.pk, name])


def _accepted(world, **kw):
    tip, _ = public_tip(world.chem, **kw)
    services.triage(world.awb, tip, accept=True)
    return Tip.objects.get(pk=tip.pk)


def _rewarded(world):
    tip = _accepted(world)
    services.assign(world.awb, tip, department=world.yjj, handler=world.inspector)
    services.record_result(
        world.inspector, Tip.objects.get(pk=tip.pk), result="true", public_reply="属实",
        fine_yuan=40000,
    )  # fmt: skip
    services.decide_reward(world.awb, Tip.objects.get(pk=tip.pk), approve=True)
    return Tip.objects.get(pk=tip.pk)


def _messages(resp) -> list[str]:
    """The messages queued so far (a test that follows no redirect reads none of them)."""
    return [str(m) for m in get_messages(resp.wsgi_request)]


def _said(resp) -> str:
    return _messages(resp)[-1]


@pytest.fixture
def expired(world):
    """An inspector of 应急局 whose 执法证 ran out yesterday."""
    return make_user(
        "yjj_old", Role.INSPECTOR, department=world.yjj, region=world.county, full_name="过期者",
        cert_no="川执0099", cert_expiry=date.today() - timedelta(days=1),
    )  # fmt: skip


# ---------------------------------------------------------------- assignment rule (issue 13.7)


def test_assign_form_offers_only_active_staff_with_a_valid_certificate(client, world, expired):
    gone = make_user("yjj_gone", Role.INSPECTOR, department=world.yjj, region=world.county,
                     cert_no="川执0100", cert_expiry=date.today() + timedelta(days=30),
                     is_active=False)  # fmt: skip
    nocert = make_user("yjj_new", Role.INSPECTOR, department=world.yjj, region=world.county)
    tip = _accepted(world)
    client.force_login(world.awb)
    html = client.get(reverse("tips:detail", args=[tip.pk])).content.decode()
    handler = re.search(r'<select name="handler".*?</select>', html, re.S).group(0)
    assert f'value="{world.inspector.pk}"' in handler and f'value="{world.leader.pk}"' in handler
    for user in (expired, gone, nocert):
        assert f'value="{user.pk}"' not in handler


def test_the_service_refuses_an_expired_certificate_and_says_why(world, expired):
    tip = _accepted(world)
    with pytest.raises(ValidationError) as exc:
        services.assign(world.awb, tip, department=world.yjj, handler=expired)
    message = exc.value.message_dict["handler"][0]
    assert "过期者" in message and "执法证" in message and "过期" in message
    nocert = make_user("yjj_new", Role.INSPECTOR, department=world.yjj, region=world.county)
    with pytest.raises(ValidationError) as exc:
        services.assign(world.awb, tip, department=world.yjj, handler=nocert)
    assert "未登记执法证" in exc.value.message_dict["handler"][0]
    services.assign(world.awb, tip, department=world.yjj)
    with pytest.raises(ValidationError) as exc:
        services.set_handler(world.awb, Tip.objects.get(pk=tip.pk), handler=expired)
    assert "执法证" in exc.value.message_dict["handler"][0]


def test_assigning_through_the_page_says_to_whom(client, world, expired):
    tip = _accepted(world)
    client.force_login(world.awb)
    resp = client.post(_step(tip, "assign"), {"department": world.yjj.pk,
                                              "handler": expired.pk, "version": tip.version})  # fmt: skip
    assert resp.status_code == 400 and Tip.objects.get(pk=tip.pk).status == "accepted"
    assert "承办人" in resp.content.decode()  # the refusal is on the form, naming the field
    resp = client.post(_step(tip, "assign"), {"department": world.yjj.pk,
                                              "handler": world.inspector.pk, "version": tip.version})  # fmt: skip
    assert resp.status_code == 302
    assert _said(resp) == f"已分办至{world.yjj.name}，指派给 {world.yjj.short_name} yjj1。"


# ---------------------------------------------------------------- steps: forms, refusals, messages


def test_a_date_that_is_no_date_is_a_form_error_naming_the_field(client, world):
    tip = _rewarded(world)
    client.force_login(world.awb)
    resp = client.post(_step(tip, "payout"), {"paid_on": "2026/12/02", "payout_ref": "JL-1",
                                              "version": tip.version})  # fmt: skip
    html = resp.content.decode()
    assert resp.status_code == 400 and "发放日期" in html and "有效的日期" in html, html
    assert Tip.objects.get(pk=tip.pk).reward_status == "approved"
    resp = client.post(_step(tip, "payout"), {"paid_on": date.today().isoformat(),
                                              "payout_ref": "JL-1", "version": tip.version})  # fmt: skip
    assert resp.status_code == 302 and Tip.objects.get(pk=tip.pk).reward_status == "paid"
    assert _said(resp) == f"已登记奖励发放：{date.today():%Y-%m-%d}，凭证号 JL-1。"


def test_field_limits_come_from_the_model(client, world):
    tip = _rewarded(world)
    client.force_login(world.awb)
    resp = client.post(_step(tip, "payout"), {"paid_on": date.today().isoformat(),
                                              "payout_ref": "X" * 65, "version": tip.version})  # fmt: skip
    assert resp.status_code == 400 and "发放凭证号" in resp.content.decode()
    other = _accepted(world)
    services.assign(world.awb, other, department=world.yjj, handler=world.inspector)
    client.force_login(world.inspector)
    resp = client.post(_step(other, "result"), {"result": "true", "public_reply": "属实",
                                                "fine_yuan": str(2**31)})  # fmt: skip
    assert resp.status_code == 400 and "罚款金额（元）" in resp.content.decode()
    assert Tip.objects.get(pk=other.pk).status == "assigned"


def test_refusals_are_shown_on_the_tip_page(client, world):
    tip, _ = public_tip(world.chem)
    client.force_login(world.awb)
    resp = client.post(_step(tip, "triage"), {"decision": "reject", "category": "other",
                                              "version": tip.version})  # fmt: skip
    assert resp.status_code == 400
    assert "不予受理须说明理由（将告知举报人）" in resp.content.decode()
    resp = client.post(_step(tip, "triage"), {"decision": "accept", "category": "other",
                                              "version": tip.version - 1})  # fmt: skip
    assert resp.status_code == 409 and "已被他人修改" in resp.content.decode()
    resp = client.post(_step(tip, "triage"), {"decision": "accept", "category": "major_hazard",
                                              "version": tip.version})  # fmt: skip
    assert _said(resp) == f"已受理举报 {tip.code}，请分办。"
    # a step the tip has moved past: the form is shown again with the reason
    resp = client.post(_step(tip, "triage"), {"decision": "accept", "category": "other"})
    assert resp.status_code == 400 and "不能受理" in resp.content.decode()


def test_triage_links_an_enterprise_in_scope_only(client, world):
    tip, _ = public_tip(None, region=world.baima, enterprise_name="某无名作坊")
    client.force_login(world.awb)
    resp = client.post(_step(tip, "triage"), {"decision": "accept", "category": "illegal",
                                              "enterprise__q": world.other.name})  # fmt: skip
    assert resp.status_code == 400 and "在您的管辖范围内未找到该企业" in resp.content.decode()
    resp = client.post(_step(tip, "triage"), {"decision": "accept", "category": "illegal",
                                              "enterprise__q": world.food.name})  # fmt: skip
    assert resp.status_code == 302 and Tip.objects.get(pk=tip.pk).enterprise == world.food


def test_verify_result_reward_and_merge_messages(client, world):
    tip = _accepted(world)
    services.assign(world.awb, tip, department=world.yjj, handler=world.inspector)
    client.force_login(world.inspector)
    resp = client.post(_step(tip, "verify"), {"inspectors": [world.inspector.pk],
                                              "inspected_on": date.today().isoformat()})  # fmt: skip
    assert resp.status_code == 400 and "核查人员" in resp.content.decode()
    resp = client.post(_step(tip, "verify"), {
        "inspectors": [world.inspector.pk, world.leader.pk],
        "inspected_on": date.today().isoformat()})  # fmt: skip
    assert resp.status_code == 302 and "核查人员：yjj1、yjjlead" in _said(resp)
    resp = client.post(_step(tip, "result"), {"result": "true", "public_reply": "经查属实",
                                              "fine_yuan": "40000"})  # fmt: skip
    assert _said(resp) == "已办结，核查结果：属实。按规定拟奖励 6000.00 元，待审批。"
    client.force_login(world.leader)
    resp = client.post(_step(tip, "reward"), {"decision": "deny"})
    assert resp.status_code == 400 and "不予奖励须填写理由" in resp.content.decode()
    resp = client.post(_step(tip, "reward"), {"decision": "approve"})
    assert _said(resp) == "已批准举报奖励 6000.00 元。"
    dup, _ = public_tip(world.chem)
    client.force_login(world.awb)
    resp = client.post(_step(dup, "merge"), {"master": "JBNOSUCH"})
    assert resp.status_code == 400 and "未找到举报编号“JBNOSUCH”" in resp.content.decode()
    resp = client.post(_step(dup, "merge"), {"master": tip.code.lower()})
    assert _said(resp) == f"已合并至 {tip.code}。"


def test_an_unknown_step_is_not_found(client, world):
    tip, _ = public_tip(world.chem)
    client.force_login(world.awb)
    assert client.post(reverse("tips:detail", args=[tip.pk]) + "explode/").status_code == 404


# ---------------------------------------------------------------- reporter protection


def test_the_identity_is_only_on_the_reveal_response(client, world):
    tip, _ = public_tip(world.chem, named=True)
    client.force_login(world.awb)
    resp = client.post(reverse("tips:reveal", args=[tip.pk]), {"reason": "核实"})
    html = resp.content.decode()
    assert resp.status_code == 200 and NAME in html and PHONE in html
    assert "no-cache" in resp["Cache-Control"] or "max-age=0" in resp["Cache-Control"]
    assert _messages(resp) == []
    session = client.session
    assert all(NAME not in str(v) and PHONE not in str(v) for v in session.values())
    assert NAME not in str(resp.cookies) and NAME not in resp.get("Location", "")
    again = client.get(reverse("tips:detail", args=[tip.pk])).content.decode()
    assert NAME not in again and PHONE not in again


# ---------------------------------------------------------------- lists, lookups, export


def test_list_views_and_bad_parameters(client, world, plain):
    old = _accepted(world)
    Tip.objects.filter(pk=old.pk).update(stage_started_at=timezone.now() - timedelta(days=10))
    fresh = _accepted(world)
    public_tip(plain)
    public_tip(plain)
    client.force_login(world.awb)
    url = reverse("tips:list")
    html = client.get(url, {"view": "overdue"}).content.decode()
    table = re.search(r'<table[^>]*id="overdue".*?</table>', html, re.S).group(0)
    assert old.code in table and fresh.code not in table
    html = client.get(url, {"view": "repeat"}).content.decode()
    table = re.search(r'<table[^>]*id="repeated".*?</table>', html, re.S).group(0)
    assert plain.name in table and world.chem.name in table
    html = client.get(url, {"status": "todo", "q": old.code[-6:]}).content.decode()
    assert old.code in html and fresh.code not in html
    for params in ({"status": "bogus"}, {"view": "bogus"}, {"category": "x"}, {"q": "x" * 65}):
        resp = client.get(url, params)
        assert resp.status_code == 400, params
        assert "筛选条件有误" in resp.content.decode()


def test_api_list_parameters_are_parsed(client, world):
    from anjian.accounts.models import ApiToken

    _, raw = ApiToken.issue(world.awb)
    auth = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    public_tip(world.chem)
    assert client.get("/api/tips", {"status": "todo"}, **auth).json()["count"] == 1
    resp = client.get("/api/tips", {"status": "bogus"}, **auth)
    assert resp.status_code == 422 and "status" in resp.json()["errors"]


def test_tip_lookup_returns_only_tips_in_scope(client, world):
    tip, _ = public_tip(world.chem)
    client.force_login(world.awb)
    found = client.get(reverse("core:lookup", args=["tip"]), {"q": tip.code[:8]}).json()
    assert [r["id"] for r in found["results"]] == [tip.pk]
    client.force_login(world.inspector)  # not assigned to 应急局 yet
    found = client.get(reverse("core:lookup", args=["tip"]), {"q": tip.code}).json()
    assert found["results"] == []
    client.force_login(world.ent_user)
    found = client.get(reverse("core:lookup", args=["tip"]), {"q": world.chem.name}).json()
    assert found["results"] == []


def test_export_cells_typed_by_the_public_are_inert(client, world):
    formula = '=HYPERLINK("http://x.example/","a")'
    public_tip(None, region=world.baima, enterprise_name=formula, place="+1 车间")
    client.force_login(world.awb)
    text = client.get(reverse("tips:export")).content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    names = [row[3] for row in rows[1:]]
    assert names == ["'" + formula]
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)


def test_hotline_entry_picks_the_enterprise_by_search(client, world):
    client.force_login(world.awb)
    data = {"channel": "hotline", "category": "illegal", "identity": "anonymous",
            "description": "工地夜间无证施工，塔吊司机无特种作业操作证。"}  # fmt: skip
    resp = client.post(reverse("tips:new"), data)
    assert resp.status_code == 200 and "请填写被举报单位名称" in resp.content.decode()
    resp = client.post(reverse("tips:new"), {**data, "enterprise__q": world.other.name})
    assert "在您的管辖范围内未找到该企业" in resp.content.decode()  # another county's
    resp = client.post(reverse("tips:new"), {**data, "enterprise__q": "宏达建设"})
    assert resp.status_code == 200 and "举报已登记" in resp.content.decode()
    tip = Tip.objects.get()
    assert tip.enterprise == world.build and tip.region_id == world.build.region_id
