"""Pages and API: scoping (404 out of scope), forms, downloads, the public page."""

from datetime import date

import pytest
from django.urls import reverse

from anjian.accounts.models import Role
from anjian.conftest import make_user
from anjian.enforcement import services
from anjian.enforcement.models import Case

from .conftest import make_finding
from .helpers import decided, filed, proposed


def _client(client, user):
    client.force_login(user)
    return client


def test_inspector_opens_case_from_finding_and_sees_engine_range(client, world, finding):
    c = _client(client, world.inspector)
    url = reverse("enforcement:case_new") + f"?finding={finding.pk}"
    r = c.get(url)
    assert r.status_code == 200
    body = r.content.decode()
    assert "法定罚款幅度" in body and "0 元至 100000 元" in body
    r = c.post(url, {
        "title": "教育培训案", "facts": "新员工未培训上岗", "violation_code": "SPL-97-3",
        "person_name": "张三", "person_position": "主要负责人", "finding": finding.pk,
    })  # fmt: skip
    case = Case.objects.get()
    assert r.status_code == 302 and r["Location"] == reverse(
        "enforcement:case_detail", args=[case.pk]
    )
    assert case.parties.count() == 2 and case.stage == "proposed"


def test_other_department_and_enterprise_get_404(client, world, finding):
    case = proposed(world, finding)
    url = reverse("enforcement:case_detail", args=[case.pk])
    for user in (world.builder, world.ent_user, world.expert):
        client.force_login(user)
        assert client.get(url).status_code == 404
    other_awb = make_user("awb2", Role.AWB, region=world.other_county)
    client.force_login(other_awb)
    assert client.get(url).status_code == 404
    client.force_login(world.awb)
    assert client.get(url).status_code == 200


def test_town_views_but_cannot_act(client, world):
    case = proposed(world, make_finding(world, ent=world.food))
    rougang = make_user("rg", Role.TOWN, region=world.rougang)
    client.force_login(world.town)
    assert client.get(reverse("enforcement:case_detail", args=[case.pk])).status_code == 200
    r = client.post(reverse("enforcement:case_action", args=[case.pk, "approve_filing"]))
    assert r.status_code == 404
    client.force_login(rougang)
    assert client.get(reverse("enforcement:case_detail", args=[case.pk])).status_code == 404


def test_case_list_is_scoped(client, world, finding):
    proposed(world, finding)
    client.force_login(world.inspector)
    assert (
        "未按规定开展安全生产教育培训案"
        in client.get(reverse("enforcement:case_list")).content.decode()
    )
    client.force_login(world.builder)
    assert (
        "未按规定开展安全生产教育培训案"
        not in client.get(reverse("enforcement:case_list")).content.decode()
    )


def test_leader_approves_filing_on_the_page(client, world, finding):
    case = proposed(world, finding)
    client.force_login(world.inspector)
    client.post(
        reverse("enforcement:case_action", args=[case.pk, "approve_filing"]),
        {"version": case.version},
    )
    case.refresh_from_db()
    assert case.stage == "proposed"  # refused: inspectors propose, leaders approve
    client.force_login(world.leader)
    client.post(
        reverse("enforcement:case_action", args=[case.pk, "approve_filing"]),
        {"version": case.version},
    )
    case.refresh_from_db()
    assert case.stage == "filed" and case.number


def test_decision_form_refuses_out_of_range_without_reason(client, world, finding):
    case = filed(world, finding)
    ent = case.parties.get(kind="enterprise")
    person = case.parties.get(kind="person")
    client.force_login(world.inspector)
    url = reverse("enforcement:decision", args=[case.pk])
    data = {"version": case.version, f"fine_{ent.pk}": "300000", f"fine_{person.pk}": "0"}
    r = client.post(url, data)
    assert r.status_code == 200 and "超过法定最高罚款额" in r.content.decode()
    # a reason does not make a fine above the maximum lawful (行政处罚法第三十二条)
    data[f"reason_{ent.pk}"] = "依据行政处罚法第三十二条减轻处罚"
    r = client.post(url, data)
    assert r.status_code == 200 and "超过法定最高罚款额" in r.content.decode()
    data[f"fine_{ent.pk}"] = "80000"
    r = client.post(url, data)
    assert r.status_code == 302
    ent.refresh_from_db()
    assert str(ent.fine) == "80000.00" and not ent.out_of_range_reason


def test_document_download_scoped(client, world, finding):
    case = decided(world, finding)
    doc = case.documents.get(kind="penalty_decision")
    url = reverse("enforcement:document_file", args=[doc.pk, "docx"])
    client.force_login(world.inspector)
    r = client.get(url)
    assert r.status_code == 200 and "attachment" in r["Content-Disposition"]
    assert b"".join(r.streaming_content)[:2] == b"PK"
    client.force_login(world.builder)
    assert client.get(url).status_code == 404


def test_public_page_masks_persons_without_login(client, world, finding):
    world.chem.contact_phone = "13800001111"
    world.chem.save()
    case = decided(world, finding, persons=[{"name": "张三丰", "position": "主要负责人"}])
    proposed(world, make_finding(world), persons=[{"name": "李未决", "position": "安全员"}])
    r = client.get(reverse("enforcement:public"))
    body = r.content.decode()
    assert r.status_code == 200
    assert case.documents.get(kind="penalty_decision").number in body and world.chem.name in body
    assert "张**" in body and "张三丰" not in body
    assert "李*" not in body  # not decided: not published
    assert "13800001111" not in body and world.chem.credit_code not in body


def test_mask_name():
    assert services.mask_name("张三") == "张*"
    assert services.mask_name("欧阳娜娜") == "欧***"


def test_exposure_record(client, world, finding):
    case = decided(world, finding)
    client.force_login(world.inspector)
    r = client.post(reverse("enforcement:exposure_list"), {
        "channel": "区融媒体中心", "title": "安居区曝光一批安全生产违法行为",
        "published_on": date.today().isoformat(), "link": "https://example.org/a", "cases": [case.pk],
    })  # fmt: skip
    assert r.status_code == 302
    assert "安居区曝光一批" in client.get(reverse("enforcement:public")).content.decode()


def test_api_cases_scoped_and_fine_range(client, world, finding):
    case = proposed(world, finding)
    client.force_login(world.inspector)
    r = client.get("/api/enforcement/cases")
    assert r.status_code == 200 and r.json()["count"] == 1
    r = client.get("/api/enforcement/fine-range?violation_code=SPL-97-3&overdue=true")
    assert (
        float(r.json()["min_yuan"]) == 100000
        and r.json()["article"] == "安全生产法第九十七条第三项"
    )
    client.force_login(world.builder)
    assert client.get("/api/enforcement/cases").json()["count"] == 0
    assert client.get(f"/api/enforcement/cases/{case.pk}").status_code == 404


def test_api_decision_out_of_range_is_422(client, world, finding):
    case = filed(world, finding)
    ent = case.parties.get(kind="enterprise")
    client.force_login(world.inspector)
    r = client.post(
        f"/api/enforcement/cases/{case.pk}/decision",
        {"parties": [{"id": ent.pk, "fine": "200000"}]},
        content_type="application/json",
    )
    assert r.status_code in (400, 422)
    assert "超过法定最高罚款额" in r.json()["errors"][f"fine_{ent.pk}"][0]


@pytest.mark.parametrize(
    "name", ["case_list", "sanction_list", "transfer_list", "document_list", "exposure_list"]
)
def test_list_pages_render(client, world, name):
    client.force_login(world.inspector)
    assert client.get(reverse(f"enforcement:{name}")).status_code == 200


def test_timeline_lists_case_and_documents(world, finding):
    from anjian.hazards.timeline import events_for

    case = decided(world, finding)
    titles = [e.title for e in events_for(world.chem, world.inspector)]
    assert any(case.number in t for t in titles)
    assert any(t.startswith("行政处罚决定书") for t in titles)
    assert not [e for e in events_for(world.chem, world.builder) if e.kind == "案件"]


def test_timeline_page_renders_day_precise_decisions(client, world, finding):
    """The decision date has no time of day; the 一企一档 page shows it as a date (it used to
    fail with a time format on a date)."""
    case = decided(world, finding)
    client.force_login(world.inspector)
    r = client.get(reverse("hazards:timeline", args=[world.chem.pk]))
    assert r.status_code == 200
    html = r.content.decode()
    assert f"行政处罚决定 {case.number}" in html
    assert case.decided_on.strftime("%Y-%m-%d") in html
