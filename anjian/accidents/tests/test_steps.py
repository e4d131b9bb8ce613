"""Accident pages on the generic views: the form's limits, the list's filters, the steps'
refusals shown on the record's page, and the API's parameters."""

from datetime import date, timedelta

from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from anjian.accidents import services
from anjian.accidents.models import Accident
from anjian.accounts.models import ApiToken

from .conftest import at
from .test_links import YESTERDAY, _accident, _tip


def _form(world, **extra):
    occurred = timezone.localtime() - timedelta(hours=5)
    data = {
        "enterprise__q": world.chem.name,
        "occurred_at": occurred.strftime("%Y-%m-%dT%H:%M"),
        "reported_at": (occurred + timedelta(minutes=30)).strftime("%Y-%m-%dT%H:%M"),
        "discovered_via": "enterprise", "place": "罐区", "kind": "火灾",
        "deaths": "0", "serious_injuries": "0", "direct_loss_yuan": "0",
    }  # fmt: skip
    data.update(extra)
    return data


def _said(resp) -> str:
    return [str(m) for m in get_messages(resp.wsgi_request)][-1]


def test_the_form_bounds_numbers_by_the_model(client, world):
    client.force_login(world.inspector)
    url = reverse("accidents:create")
    for field, value, label in [
        ("direct_loss_yuan", "1000000000000", "直接经济损失（元）"),  # 13 digits before the point
        ("direct_loss_yuan", "-1", "直接经济损失（元）"),
        ("deaths", str(2**31), "死亡人数"),
        ("place", "地" * 201, "事故地点"),
    ]:
        resp = client.post(url, _form(world, **{field: value}))
        assert resp.status_code == 200 and label in resp.content.decode(), field
    assert not Accident.objects.exists()
    resp = client.post(url, _form(world, direct_loss_yuan="999999999999.99"))
    assert resp.status_code == 302
    assert Accident.objects.get().direct_loss_yuan == services._loss("999999999999.99")
    assert _said(resp) == "已登记：特别重大事故。"  # 1 亿元以上


def test_the_api_refuses_what_the_columns_cannot_hold(client, world):
    _, raw = ApiToken.issue(world.inspector)
    auth = {"HTTP_AUTHORIZATION": f"Bearer {raw}", "content_type": "application/json"}
    body = {"enterprise_id": world.chem.pk, "occurred_at": "2024-03-01T08:00:00+08:00",
            "reported_at": "2024-03-01T08:30:00+08:00", "place": "罐区", "kind": "火灾"}  # fmt: skip
    resp = client.post("/api/accidents", {**body, "direct_loss_yuan": "1e13"}, **auth)
    assert resp.status_code == 422 and "direct_loss_yuan" in resp.json()["errors"]
    resp = client.post("/api/accidents", {**body, "deaths": 2**40}, **auth)
    assert resp.status_code == 422 and "deaths" in resp.json()["errors"]
    resp = client.get("/api/accidents", {"flag": "bogus"}, HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert resp.status_code == 422 and "flag" in resp.json()["errors"]
    assert not Accident.objects.exists()


def test_list_filters_and_bad_parameters(client, world):
    late = _accident(world)
    on_time = _accident(world, reported_at=at(YESTERDAY, 9, 30))
    client.force_login(world.awb)
    url = reverse("accidents:list")
    html = client.get(url, {"flag": "late"}).content.decode()
    assert reverse("accidents:detail", args=[late.pk]) in html
    assert reverse("accidents:detail", args=[on_time.pk]) not in html
    for params in ({"flag": "x"}, {"grade": "huge"}):
        resp = client.get(url, params)
        assert resp.status_code == 400 and "筛选条件有误" in resp.content.decode()


def test_steps_refuse_on_the_accident_page(client, world):
    acc = _accident(world)
    client.force_login(world.awb)
    inv = reverse("accidents:investigation", args=[acc.pk])
    resp = client.post(inv, {"investigation_extension_days": "abc", "version": acc.version})
    assert resp.status_code == 400 and "批准延长天数" in resp.content.decode()
    resp = client.post(inv, {"investigation_extension_days": "61", "version": acc.version})
    assert resp.status_code == 400 and "批准延长天数" in resp.content.decode()
    resp = client.post(inv, {"investigation_extension_days": "0",
                             "investigation_report_on": "2026/12/02", "version": acc.version})  # fmt: skip
    assert resp.status_code == 400 and "调查报告提交日期" in resp.content.decode()
    resp = client.post(inv, {"investigation_extension_days": "0",
                             "report_approved_on": date.today().isoformat(),
                             "version": acc.version})  # fmt: skip
    assert resp.status_code == 400 and "请先填写调查报告提交日期" in resp.content.decode()
    resp = client.post(inv, {"investigation_extension_days": "10",
                             "investigation_report_on": date.today().isoformat(),
                             "report_approved_on": date.today().isoformat(),
                             "version": acc.version})  # fmt: skip
    assert resp.status_code == 302 and "调查报告提交期限为" in _said(resp)
    acc.refresh_from_db()
    assert acc.investigation_extension_days == 10 and acc.four_nots_due
    four = reverse("accidents:four_nots", args=[acc.pk])
    resp = client.post(four, {"four_nots_done_on": date.today().isoformat(),
                              "version": acc.version})  # fmt: skip
    assert resp.status_code == 400 and "评估结论" in resp.content.decode()
    resp = client.post(four, {"four_nots_done_on": date.today().isoformat(),
                              "four_nots_note": "整改到位", "version": acc.version})  # fmt: skip
    assert resp.status_code == 302 and Accident.objects.get(pk=acc.pk).four_nots_note == "整改到位"


def test_linking_a_tip_by_search_or_code(client, world):
    acc = _accident(world)
    tip = _tip(world, at(YESTERDAY, 12, 0))
    client.force_login(world.awb)
    found = client.get(reverse("core:lookup", args=["tip"]), {"q": tip.code[:10]}).json()
    assert [r["id"] for r in found["results"]] == [tip.pk]
    link = reverse("accidents:link", args=[acc.pk])
    resp = client.post(link, {"tip": str(tip.pk), "version": acc.version})
    assert resp.status_code == 302
    assert _said(resp) == f"已关联举报 {tip.code}。该事故经举报发现，已标记为瞒报。"
    # typed without choosing from the list (no script): the code is resolved on the server
    other = _tip(world, at(YESTERDAY, 13, 0))
    acc.refresh_from_db()
    resp = client.post(link, {"tip__q": other.code, "version": acc.version})
    assert resp.status_code == 302 and other in Accident.objects.get(pk=acc.pk).tips.all()
