"""Accidents ↔ tips and cases: a tip that brought an accident to light makes it 瞒报."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from anjian.accidents import services
from anjian.accidents.models import Accident
from anjian.audit.models import AuditEntry
from anjian.enforcement import services as enforcement
from anjian.enforcement.tests.conftest import signed
from anjian.inspections.models import Finding, Inspection, TeamMember
from anjian.tips import services as tip_services

from .conftest import at

YESTERDAY = date.today() - timedelta(days=1)


def _tip(world, received_at, ent=None):
    tip, _ = tip_services.submit_tip(
        category="concealed",
        enterprise_name=(ent or world.chem).name,
        description="罐区有工人中毒送医，企业没有上报，正在私下处理。",
        received_at=received_at,
    )
    return tip


def _accident(world, **kw):
    fields = dict(
        enterprise=world.chem,
        occurred_at=at(YESTERDAY, 9, 0),
        reported_at=at(YESTERDAY, 15, 0),
        place="罐区",
        kind="中毒和窒息",
        deaths=1,
    )
    fields.update(kw)
    return services.record_accident(world.awb, **fields)


def _case(world, ent=None):
    ent = ent or world.chem
    insp = Inspection.objects.create(
        enterprise=ent, department=world.yjj, inspected_on=date.today(),
        region_code=ent.region_id, created_by=world.inspector,
    )  # fmt: skip
    TeamMember.objects.create(inspection=insp, user=world.inspector, role="inspector")
    f = Finding.objects.create(
        inspection=insp, kind="violation", description="未如实报告生产安全事故",
        violation_code="SPL-97-3", recorded_by=world.inspector,
    )  # fmt: skip
    signed(insp, world.inspector)  # a case rests only on a signed record
    return enforcement.propose_case(
        world.inspector, enterprise=ent, title=f"{ent.name}事故处罚案", findings=[f]
    )


@pytest.mark.parametrize(
    "hour, concealed",
    [
        (8, False),  # the tip came before the accident: a warning, not the disclosure
        (11, True),  # after the accident, before the enterprise's report (15:00): 瞒报
        (16, False),  # after the enterprise's report: the enterprise reported first
    ],
)
def test_linking_a_tip_that_came_first_makes_it_concealed(world, hour, concealed):
    acc = _accident(world)
    assert not acc.concealed and acc.discovered_via == "enterprise" and acc.late_report
    tip = _tip(world, at(YESTERDAY, hour, 0))
    acc = services.link_tip(world.awb, acc, tip, expected_version=acc.version)
    acc.refresh_from_db()
    assert list(acc.tips.all()) == [tip]
    assert acc.concealed is concealed
    assert acc.discovered_via == ("tip" if concealed else "enterprise")
    assert ("瞒报" in acc.flags()) is concealed
    entry = AuditEntry.objects.filter(action="accident.link_tip", object_id=str(acc.pk)).get()
    assert (tip.code in entry.note) is concealed


def test_recording_with_a_tip_that_came_first_is_concealed_at_once(world):
    tip = _tip(world, at(YESTERDAY, 10, 0))
    acc = _accident(world, tips=[tip])
    assert acc.concealed and acc.discovered_via == "tip"
    # An accident never reported by the enterprise, disclosed by a hospital, stays so.
    acc2 = _accident(world, reported_at=None, discovered_via="hospital", tips=[tip])
    assert acc2.concealed and acc2.discovered_via == "hospital"


def test_tip_links_are_checked(world):
    acc = _accident(world)
    tip = _tip(world, at(YESTERDAY, 10, 0))
    with pytest.raises(PermissionDenied):  # not assigned to the inspector's department
        services.link_tip(world.inspector, acc, tip)
    with pytest.raises(PermissionDenied):
        services.link_tip(world.builder, acc, tip)
    services.link_tip(world.awb, acc, tip)
    with pytest.raises(ValidationError) as exc:
        services.link_tip(world.awb, acc, tip)
    assert "tips" in exc.value.message_dict
    assert list(tip.accidents.all()) == [acc]


def test_cases_of_the_enterprise_can_be_linked(world):
    acc = _accident(world)
    case = _case(world)
    with pytest.raises(ValidationError) as exc:
        services.link_case(world.awb, acc, _case(world, ent=world.food))
    assert "case" in exc.value.message_dict
    with pytest.raises(PermissionDenied):
        services.link_case(world.builder, acc, case)
    acc = services.link_case(world.inspector, acc, case)
    assert list(acc.cases.all()) == [case] and list(case.accidents.all()) == [acc]
    entry = AuditEntry.objects.filter(action="accident.link_case", object_id=str(acc.pk)).get()
    assert entry.after["cases"] == [case.pk]
    assert services.related_cases(world.awb, acc) == [(case, "关联案件")]
    assert services.related_cases(world.builder, acc) == []


def test_accident_page_shows_linked_tips_and_cases_and_links_more(client, world):
    acc = _accident(world)
    case = _case(world)
    client.force_login(world.awb)
    url = reverse("accidents:detail", args=[acc.pk])
    html = client.get(url).content.decode()
    assert 'id="acc-link"' in html and f'value="{case.pk}"' in html
    tip = _tip(world, at(YESTERDAY, 12, 0))
    link = reverse("accidents:link", args=[acc.pk])
    resp = client.post(link, {"tip": tip.code.lower(), "version": acc.version}, follow=True)
    assert "已标记为瞒报" in resp.content.decode()
    acc.refresh_from_db()
    resp = client.post(link, {"case": case.pk, "version": acc.version}, follow=True)
    assert "已关联案件" in resp.content.decode()
    # An unknown code is named in the message.
    resp = client.post(link, {"tip": "JBNOSUCHCODE", "version": acc.version}, follow=True)
    assert "JBNOSUCHCODE" in resp.content.decode()
    html = client.get(url).content.decode()
    assert reverse("tips:detail", args=[tip.pk]) in html
    assert reverse("enforcement:case_detail", args=[case.pk]) in html
    assert Accident.objects.get(pk=acc.pk).concealed
    # The tip's page shows the accident back.
    tip_html = client.get(reverse("tips:detail", args=[tip.pk])).content.decode()
    assert reverse("accidents:detail", args=[acc.pk]) in tip_html


def test_stale_version_is_refused(client, world):
    acc = _accident(world)
    tip = _tip(world, at(YESTERDAY, 12, 0))
    client.force_login(world.awb)
    link = reverse("accidents:link", args=[acc.pk])
    resp = client.post(link, {"tip": tip.code, "version": acc.version - 1}, follow=True)
    assert not Accident.objects.get(pk=acc.pk).tips.exists()
    assert "已关联举报" not in resp.content.decode()


def test_cases_from_the_linked_tips_verification_are_shown(world):
    from anjian.tips.tests.test_links import _verified

    tip, _, _, violation = _verified(world)
    from_tip = enforcement.propose_case(
        world.inspector, enterprise=world.chem, title="瞒报事故案", findings=[violation]
    )
    acc = _accident(world)
    assert services.related_cases(world.awb, acc) == []
    services.link_tip(world.awb, acc, tip)
    label = f"举报 {tip.code} 核查立案"
    assert services.related_cases(world.awb, acc) == [(from_tip, label)]
    assert services.related_cases(world.inspector, acc) == [(from_tip, label)]
    # Linked directly as well: listed once, as a linked case.
    services.link_case(world.awb, acc, from_tip)
    assert services.related_cases(world.awb, acc) == [(from_tip, "关联案件")]


def test_api_links_tips_and_cases(client, world):
    from anjian.accounts.models import ApiToken

    acc = _accident(world)
    tip = _tip(world, at(YESTERDAY, 10, 0))
    case = _case(world)
    _, raw = ApiToken.issue(world.awb)
    auth = {"HTTP_AUTHORIZATION": f"Bearer {raw}", "content_type": "application/json"}
    url = f"/api/accidents/{acc.pk}"
    resp = client.post(f"{url}/tips", {"code": tip.code, "version": acc.version + 5}, **auth)
    assert resp.status_code == 409 and not acc.tips.exists()
    resp = client.post(f"{url}/tips", {"code": tip.code.lower(), "version": acc.version}, **auth)
    assert resp.status_code == 200, resp.content
    body = resp.json()
    assert body["tips"] == [tip.code] and body["concealed"] and body["discovered_via"] == "tip"
    resp = client.post(f"{url}/cases", {"case_id": case.pk}, **auth)
    assert [c["id"] for c in resp.json()["cases"]] == [case.pk]
    assert client.get(url, HTTP_AUTHORIZATION=f"Bearer {raw}").json()["tips"] == [tip.code]
    listed = client.get("/api/accidents", HTTP_AUTHORIZATION=f"Bearer {raw}").json()
    assert listed["count"] == 1 and listed["items"][0]["id"] == acc.pk
    # An inspector of another department: the accident is out of scope.
    _, other = ApiToken.issue(world.builder)
    resp = client.post(f"{url}/tips", {"code": tip.code}, content_type="application/json",
                       HTTP_AUTHORIZATION=f"Bearer {other}")  # fmt: skip
    assert resp.status_code == 404


def test_recording_through_the_page_with_a_tip_code_says_concealed(client, world):
    from django.utils import timezone

    occurred = timezone.localtime() - timedelta(hours=6)
    tip = _tip(world, occurred + timedelta(hours=1))
    client.force_login(world.awb)
    resp = client.post(reverse("accidents:create"), {
        "enterprise__q": world.chem.name,
        "occurred_at": occurred.strftime("%Y-%m-%dT%H:%M"),
        "reported_at": (occurred + timedelta(hours=4)).strftime("%Y-%m-%dT%H:%M"),
        "discovered_via": "enterprise", "place": "罐区", "kind": "中毒和窒息",
        "deaths": "0", "serious_injuries": "1", "direct_loss_yuan": "0", "tips": tip.code,
    }, follow=True)  # fmt: skip
    acc = Accident.objects.get()
    assert acc.concealed and acc.discovered_via == "tip" and list(acc.tips.all()) == [tip]
    assert "记为群众举报（瞒报）" in resp.content.decode()
