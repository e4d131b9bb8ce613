from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from anjian.accidents.models import Accident
from anjian.accounts.models import ApiToken
from anjian.conftest import PASSWORD


def test_record_an_accident_through_the_page(client, world):
    client.login(username="yjj1", password=PASSWORD)
    occurred = timezone.localtime() - timedelta(hours=5)
    resp = client.post(reverse("accidents:create"), {
        "enterprise__q": world.chem.name,
        "occurred_at": occurred.strftime("%Y-%m-%dT%H:%M"),
        "reported_at": (occurred + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
        "discovered_via": "enterprise", "place": "罐区", "kind": "中毒和窒息",
        "deaths": "3", "serious_injuries": "0", "direct_loss_yuan": "0",
    })  # fmt: skip
    acc = Accident.objects.get()
    assert resp.status_code == 302 and acc.grade == "较大" and acc.late_report
    html = client.get(reverse("accidents:detail", args=[acc.pk])).content.decode()
    assert "较大事故" in html and "迟报" in html
    client.login(username="zjw1", password=PASSWORD)
    assert client.get(reverse("accidents:detail", args=[acc.pk])).status_code == 404
    client.login(username="qiye", password=PASSWORD)
    assert world.chem.name not in client.get(reverse("accidents:list")).content.decode()


def test_unknown_enterprise_is_named_in_the_error(client, world):
    client.login(username="zjw1", password=PASSWORD)
    resp = client.post(reverse("accidents:create"), {
        "enterprise__q": world.chem.name, "occurred_at": "2024-01-01T08:00",
        "discovered_via": "police", "place": "罐区", "kind": "火灾",
        "deaths": "0", "serious_injuries": "0", "direct_loss_yuan": "0",
    })  # fmt: skip
    assert "在您的监管范围内未找到该企业" in resp.content.decode()
    assert not Accident.objects.exists()


def test_api_records_and_lists_accidents(client, world):
    _, raw = ApiToken.issue(world.inspector)
    auth = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    resp = client.post(
        "/api/accidents",
        {"enterprise_id": world.chem.pk, "occurred_at": "2024-03-01T08:00:00+08:00",
         "reported_at": "2024-03-01T08:30:00+08:00", "place": "罐区", "kind": "火灾",
         "direct_loss_yuan": "10000000"},
        content_type="application/json", **auth,
    )  # fmt: skip
    assert resp.status_code == 201, resp.content
    assert resp.json()["grade"] == "较大" and not resp.json()["late_report"]
    assert client.get("/api/accidents", **auth).json()["count"] == 1
    _, other = ApiToken.issue(world.builder)
    assert client.get("/api/accidents", HTTP_AUTHORIZATION=f"Bearer {other}").json()["count"] == 0
