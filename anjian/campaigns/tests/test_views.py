"""The campaign pages on the generic views: lists and filters, the campaign form with its
phases, the self-inspection transitions and their refusals, the API's parsed parameters."""

from datetime import date, timedelta

from anjian.campaigns import services
from anjian.campaigns.models import SelfInspection
from anjian.campaigns.tests.conftest import answers_for
from anjian.checklists.tests.helpers import HUGE, client, messages_of


def answer_data(si, answers):
    data = {"version": si.version}
    for pk, a in answers.items():
        for k, v in a.items():
            data[f"{pk}-{k}"] = v
    return data


def test_campaign_list_filters(world, campaign):
    c = client(world.town)
    assert campaign.title in c.get("/campaigns/?state=running").content.decode()
    assert campaign.title not in c.get("/campaigns/?state=ended").content.decode()
    resp = c.get("/campaigns/?state=nonsense")
    assert resp.status_code == 400 and "状态" in resp.content.decode()


def test_phases_are_edited_together_and_errors_land_on_their_row(world, campaign):
    c = client(world.awb)
    html = c.get(f"/campaigns/{campaign.pk}/edit/").content.decode()
    assert 'name="phases-0-name" value="企业自查自改"' in html and 'name="phases-2-kind"' in html
    today = date.today()
    data = {
        "title": campaign.title,
        "region": world.county.pk,
        "start": campaign.start.isoformat(),
        "end": campaign.end.isoformat(),
        "inspections_per_dept_month": "3",
        "key_coverage_pct": "100",
        "version": campaign.version,
        "phases-TOTAL_FORMS": "2",
        "phases-INITIAL_FORMS": "2",
        "phases-0-kind": "self_check",
        "phases-0-name": "企业自查自改",
        "phases-0-start": campaign.start.isoformat(),
        "phases-0-end": (today + timedelta(days=10)).isoformat(),
        "phases-1-kind": "enforcement",
        "phases-1-name": "集中执法",
        "phases-1-start": (today + timedelta(days=5)).isoformat(),  # overlaps the first
        "phases-1-end": campaign.end.isoformat(),
        "duties-TOTAL_FORMS": "0",
        "duties-INITIAL_FORMS": "0",
    }
    html = c.post(f"/campaigns/{campaign.pk}/edit/", data).content.decode()
    row = html.split('id="phase-2"', 1)[1].split("</fieldset>", 1)[0]
    assert "第2阶段与第1阶段日期重叠" in row
    data["phases-1-end"] = (campaign.end + timedelta(days=1)).isoformat()
    data["phases-1-start"] = (today + timedelta(days=11)).isoformat()
    html = c.post(f"/campaigns/{campaign.pk}/edit/", data).content.decode()
    assert "第2阶段：日期须在行动期间" in html.split('id="phase-2"', 1)[1]
    data["phases-1-end"] = campaign.end.isoformat()
    data["phases-1-kind"] = "self_check"
    html = c.post(f"/campaigns/{campaign.pk}/edit/", data).content.decode()
    assert "只能有一个自查自改阶段" in html and "phases：" not in html
    data["phases-1-kind"] = "enforcement"
    data["key_coverage_pct"] = "101"
    html = c.post(f"/campaigns/{campaign.pk}/edit/", data).content.decode()
    assert "覆盖率应在 0–100 之间" in html
    data["key_coverage_pct"] = "100"
    resp = c.post(f"/campaigns/{campaign.pk}/edit/", data)
    assert resp.status_code == 302 and "专项行动已保存。" in messages_of(resp)
    campaign.refresh_from_db()
    assert campaign.version == 2 and [p.kind for p in campaign.phases.all()] == [
        "self_check",
        "enforcement",
    ]


def test_self_inspection_saved_and_submitted_through_its_transitions(world, campaign, annex1):
    si = services.start_self_inspection(world.ent_user, campaign, annex1)
    c = client(world.ent_user)
    answers = answers_for(annex1, fail_rows=[4], responsible="李" * 65)
    item4 = annex1.items.get(row=4)
    resp = c.post(f"/campaigns/self/{si.pk}/save/", answer_data(si, answers))
    html = resp.content.decode()
    assert resp.status_code == 400 and 'href="#item-4"' in html and "64" in html
    answers = answers_for(annex1, fail_rows=[4])
    data = answer_data(si, answers)
    data[f"{item4.pk}-deadline"] = "2026-13-45"
    resp = c.post(f"/campaigns/self/{si.pk}/save/", data)
    assert resp.status_code == 400 and f'href="#item-{item4.row}"' in resp.content.decode()
    resp = c.post(f"/campaigns/self/{si.pk}/save/", answer_data(si, answers))
    assert resp["Location"] == f"/campaigns/self/{si.pk}/" and "已暂存。" in messages_of(resp)
    si.refresh_from_db()
    resp = c.post(f"/campaigns/self/{si.pk}/submit/", answer_data(si, answers))
    assert "不符合项已登记为企业自查隐患" in messages_of(resp)
    assert SelfInspection.objects.get(pk=si.pk).status == "submitted"
    resp = c.post(f"/campaigns/self/{si.pk}/save/", answer_data(si, answers))
    assert resp.status_code == 400 and "自查结果已提交，不能再修改" in resp.content.decode()
    assert client(world.inspector).post(f"/campaigns/self/{si.pk}/save/", {}).status_code == 404


def test_late_filing_without_reason_is_refused_on_the_page(world, submitted, campaign):
    type(campaign.phases.get(kind="self_check")).objects.filter(campaign=campaign).update(
        end=date.today() - timedelta(days=1)
    )
    c = client(world.inspector)
    resp = c.post(
        f"/campaigns/self/{submitted.pk}/file/", {"version": submitted.version, "decision": "file"}
    )
    html = resp.content.decode()
    assert resp.status_code == 400 and "逾期备案须填写逾期说明" in html and 'id="filing"' in html
    resp = c.post(
        f"/campaigns/self/{submitted.pk}/file/",
        {"version": submitted.version, "decision": "file", "note": "企业补报，经核实后备案"},
    )
    assert (
        "已备案。" in messages_of(resp) and SelfInspection.objects.get(pk=submitted.pk).filed_late
    )


def test_self_list_filters_and_counts(world, submitted):
    c = client(world.inspector)
    url = f"/campaigns/{submitted.campaign_id}/self/"
    html = c.get(url + "?status=submitted").content.decode()
    assert world.food.name in html and '<td class="num">1</td>' in html  # one 不符合 item
    assert world.food.name not in c.get(url + "?status=filed").content.decode()
    assert c.get(url + "?status=nonsense").status_code == 400
    assert c.get(url + "?status=draft").status_code == 400  # drafts are the enterprise's own
    assert c.get(f"/campaigns/{HUGE}/self/").status_code == 404


def test_api_parameters_are_parsed(world, submitted):
    c = client(world.inspector)
    base = "/api/campaigns/self-inspections"
    assert c.get(f"{base}?campaign={HUGE}").status_code == 422
    assert c.get(f"{base}?enterprise={HUGE}").status_code == 422
    assert c.get(f"{base}?status=nonsense").status_code == 422
    items = c.get(f"{base}?campaign={submitted.campaign_id}&status=submitted").json()["items"]
    assert [i["id"] for i in items] == [submitted.pk]


def test_starting_after_the_campaign_ended_is_a_message(world, campaign, annex1):
    type(campaign).objects.filter(pk=campaign.pk).update(end=date.today() - timedelta(days=1))
    resp = client(world.ent_user).post(f"/campaigns/{campaign.pk}/self/start/{annex1.pk}/")
    assert resp["Location"] == f"/campaigns/{campaign.pk}/"
    assert "专项行动已于" in messages_of(resp) and "campaign：" not in messages_of(resp)
    assert (
        client(world.ent_user).post(f"/campaigns/{campaign.pk}/self/start/{HUGE}/").status_code
        == 404
    )
