"""C3: enterprise self-inspection (自查自改), 企业自查 hazards, 备案 by the department."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.template.loader import render_to_string
from django.test import Client

from anjian.audit.models import AuditEntry
from anjian.campaigns import services
from anjian.campaigns.models import SelfInspection
from anjian.campaigns.tests.conftest import answers_for
from anjian.conftest import make_user
from anjian.hazards.models import Hazard


def test_self_inspection_creates_self_hazards_for_failed_items_only(world, campaign, annex1):
    si = services.start_self_inspection(world.ent_user, campaign, annex1)
    assert si.answers.count() == 23 and si.enterprise == world.food
    deadline = date.today() + timedelta(days=20)
    answers = answers_for(annex1, fail_rows=[4, 22], measures="补充培训计划", deadline=deadline)
    services.submit_self_inspection(world.ent_user, si, answers)
    hazards = Hazard.objects.filter(enterprise=world.food).order_by("checklist_item__row")
    assert hazards.count() == 2
    assert {h.source for h in hazards} == {"self"}
    assert [h.checklist_item.row for h in hazards] == [4, 22]
    h = hazards[0]
    assert h.deadline == deadline
    assert "补充培训计划" in h.rectification_plan and "安全员 李明" in h.rectification_plan
    assert "组织制定并实施本单位安全生产教育和培训计划" in h.description
    si.refresh_from_db()
    assert si.status == "submitted" and si.submitted_by == world.ent_user
    assert {a.hazard_id for a in si.answers.filter(result="fail")} == {x.pk for x in hazards}
    assert not si.answers.filter(result="ok", hazard__isnull=False).exists()


def test_failed_item_without_plan_refused_and_nothing_written(world, campaign, annex1):
    si = services.start_self_inspection(world.ent_user, campaign, annex1)
    answers = answers_for(annex1, fail_rows=[4], measures="", responsible="")
    item4 = annex1.items.get(row=4)
    with pytest.raises(ValidationError) as exc:
        services.submit_self_inspection(world.ent_user, si, answers)
    errors = exc.value.message_dict
    assert (
        f"{item4.pk}-measures" in errors and "主要负责人第4项" in errors[f"{item4.pk}-measures"][0]
    )
    assert f"{item4.pk}-responsible" in errors
    assert not Hazard.objects.filter(enterprise=world.food).exists()
    assert SelfInspection.objects.get(pk=si.pk).status == "draft"


def test_unanswered_items_refused(world, campaign, annex1):
    si = services.start_self_inspection(world.ent_user, campaign, annex1)
    partial = dict(list(answers_for(annex1).items())[:20])
    services.save_answers(world.ent_user, si, partial)
    with pytest.raises(ValidationError) as exc:
        services.submit_self_inspection(world.ent_user, si)
    assert "尚有 3 项未填写" in exc.value.message_dict["answers"][0]


def test_submitted_self_inspection_is_frozen(world, submitted):
    with pytest.raises(ValidationError):
        services.save_answers(world.ent_user, submitted, {})


def test_enterprise_cannot_self_inspect_another_enterprise(world, campaign, submitted):
    other_user = make_user("qiye2", "enterprise", enterprise=world.build, region=world.baima)
    c = Client()
    c.force_login(other_user)
    assert c.get(f"/campaigns/self/{submitted.pk}/").status_code == 404
    assert c.post(f"/campaigns/self/{submitted.pk}/save/", {}).status_code == 404
    assert c.post(f"/campaigns/self/{submitted.pk}/submit/", {}).status_code == 404
    assert c.get(f"/api/campaigns/self-inspections/{submitted.pk}").status_code == 404
    resp = c.post(
        f"/api/campaigns/self-inspections/{submitted.pk}/submit",
        {"answers": []},
        content_type="application/json",
    )
    assert resp.status_code == 404
    with pytest.raises(PermissionDenied):
        services.save_answers(other_user, submitted, {})
    # starting a self-inspection always uses the user's own enterprise
    own = services.start_self_inspection(other_user, campaign, submitted.template)
    assert own.enterprise == world.build


def test_department_files_before_deadline(world, submitted):
    c = Client()
    c.force_login(world.inspector)
    html = c.get(f"/campaigns/{submitted.campaign_id}/self/").content.decode()
    assert world.food.name in html and "已提交" in html
    resp = c.post(
        f"/campaigns/self/{submitted.pk}/file/",
        {"decision": "file", "note": "", "version": submitted.version},
    )
    assert resp.status_code == 400 and "备案须填写备案意见" in resp.content.decode()
    resp = c.post(
        f"/campaigns/self/{submitted.pk}/file/",
        {"decision": "file", "note": "整改计划可行，同意备案", "version": submitted.version},
    )
    assert resp.status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == "filed" and not submitted.filed_late
    assert submitted.filed_department == world.yjj and submitted.filed_by == world.inspector
    with pytest.raises(ValidationError):  # not twice
        services.file_self_inspection(world.leader, submitted, note="同意")


def test_filing_after_deadline_needs_reason_and_is_marked_late(world, submitted, campaign):
    late_day = campaign.filing_deadline + timedelta(days=1)
    with pytest.raises(ValidationError) as exc:
        services.file_self_inspection(world.inspector, submitted, today=late_day)
    assert "逾期备案须填写逾期说明" in exc.value.message_dict["note"][0]
    assert SelfInspection.objects.get(pk=submitted.pk).status == "submitted"
    # on the deadline day itself it is on time
    si = services.file_self_inspection(
        world.inspector, submitted, note="同意备案", today=campaign.filing_deadline
    )
    assert si.status == "filed" and not si.filed_late


def test_late_filing_with_reason_is_marked(world, submitted, campaign):
    late_day = campaign.filing_deadline + timedelta(days=3)
    si = services.file_self_inspection(
        world.inspector, submitted, note="企业补报，经核实后备案", today=late_day
    )
    assert si.filed_late and si.filing_note == "企业补报，经核实后备案"
    c = Client()
    c.force_login(world.awb)
    assert "逾期备案" in c.get(f"/campaigns/self/{si.pk}/").content.decode()


def test_only_supervising_participating_department_files(world, submitted):
    for user in (world.builder, world.town, world.awb, world.ent_user, world.expert):
        with pytest.raises(PermissionDenied):
            services.file_self_inspection(user, submitted, note="同意")


def test_draft_cannot_be_filed(world, campaign, annex1):
    si = services.start_self_inspection(world.ent_user, campaign, annex1)
    with pytest.raises(ValidationError) as exc:
        services.file_self_inspection(world.inspector, si, note="同意")
    assert "尚未提交" in exc.value.message_dict["status"][0]
    assert not SelfInspection.objects.restrict(world.inspector).filter(pk=si.pk).exists()


def test_self_inspection_scoping_by_role(world, submitted):
    def sees(user):
        return SelfInspection.objects.restrict(user).filter(pk=submitted.pk).exists()

    assert sees(world.ent_user)  # own enterprise
    assert sees(world.inspector) and sees(world.leader)  # 应急局 supervises 工贸
    assert not sees(world.builder)  # 住建委 does not supervise 工贸
    assert sees(world.town)  # 白马镇: its territory
    assert sees(world.awb)
    assert not sees(world.expert)
    stranger = make_user("qiye3", "enterprise", enterprise=world.chem)
    assert not sees(stranger)


def test_api_self_inspections_list_and_submit(world, campaign, annex1):
    si = services.start_self_inspection(world.ent_user, campaign, annex1)
    c = Client()
    c.force_login(world.ent_user)
    items = c.get("/api/campaigns/self-inspections").json()["items"]
    assert [i["id"] for i in items] == [si.pk]
    deadline = (date.today() + timedelta(days=9)).isoformat()
    answers = [
        {
            "item_id": i.pk,
            "result": "fail" if i.row == 1 else "ok",
            **(
                {
                    "note": "未取证",
                    "measures": "参加考核",
                    "responsible": "张三",
                    "deadline": deadline,
                }
                if i.row == 1
                else {}
            ),
        }
        for i in annex1.items.all()
    ]
    resp = c.post(
        f"/api/campaigns/self-inspections/{si.pk}/submit",
        {"version": si.version, "answers": answers},
        content_type="application/json",
    )
    assert resp.status_code == 200, resp.content
    body = resp.json()
    assert body["status"] == "submitted" and len(body["hazards"]) == 1
    assert Hazard.objects.get(pk=body["hazards"][0]["id"]).source == "self"
    c.force_login(world.builder)
    assert c.get("/api/campaigns/self-inspections").json()["items"] == []
    c.force_login(world.inspector)
    assert [i["id"] for i in c.get("/api/campaigns/self-inspections").json()["items"]] == [si.pk]


def test_self_reported_for_and_include_template(world, submitted, campaign):
    reports = services.self_reported_for(world.food)
    assert [r.pk for r in reports] == [submitted.pk]
    assert len(reports[0].hazard_list) == 1 and reports[0].hazard_list[0].source == "self"
    assert services.self_reported_for(world.chem) == []
    assert services.self_reported_for(world.food, campaign=campaign)[0].pk == submitted.pk
    html = render_to_string("campaigns/_self_reported.html", {"self_reports": reports})
    assert "企业自查" in html and "组织制定并实施本单位安全生产教育和培训计划" in html
    assert "安全员 李明" in html
    empty = render_to_string("campaigns/_self_reported.html", {"self_reports": []})
    assert "未提交自查" in empty


def test_no_new_self_inspection_after_the_campaign_ended(world, campaign, annex1):
    type(campaign).objects.filter(pk=campaign.pk).update(end=date.today() - timedelta(days=1))
    campaign.refresh_from_db()
    with pytest.raises(ValidationError) as exc:
        services.start_self_inspection(world.ent_user, campaign, annex1)
    assert "专项行动已于" in exc.value.message_dict["campaign"][0]
    c = Client()
    c.force_login(world.ent_user)
    html = c.get(f"/campaigns/{campaign.pk}/").content.decode()
    assert "专项行动已结束" in html and "开始自查" not in html


def test_error_summary_names_and_links_each_item(world, campaign, annex1):
    si = services.start_self_inspection(world.ent_user, campaign, annex1)
    data = {"version": si.version}
    for pk, a in answers_for(annex1, fail_rows=[4], measures="", responsible="").items():
        for k, v in a.items():
            data[f"{pk}-{k}"] = v
    c = Client()
    c.force_login(world.ent_user)
    html = c.post(f"/campaigns/self/{si.pk}/submit/", data).content.decode()
    summary = html.split('<div class="errors" role="alert">', 1)[1].split("</div>", 1)[0]
    item4 = annex1.items.get(row=4)
    assert f'<a href="#item-4">{item4.subject} · {item4.seq}</a>' in summary
    assert "主要负责人第4项" in summary


def test_return_needs_an_opinion_and_reopens_the_self_inspection(world, submitted, annex1):
    """备案 can be refused: 退回 with the points to correct (required); the enterprise edits and
    submits again; hazards it already reported are not reported twice."""
    hazards_before = set(Hazard.objects.filter(enterprise=world.food).values_list("pk", flat=True))
    with pytest.raises(ValidationError) as exc:
        services.file_self_inspection(world.inspector, submitted, decision="return", note=" ")
    assert "退回须填写退回意见" in exc.value.message_dict["note"][0]
    assert SelfInspection.objects.get(pk=submitted.pk).status == "submitted"
    si = services.file_self_inspection(
        world.inspector, submitted, decision="return", note="第4项整改期限过长，请调整"
    )
    assert si.status == "returned" and si.returned_by == world.inspector
    assert AuditEntry.objects.filter(action="selfinspection.return", object_id=str(si.pk)).exists()
    with pytest.raises(ValidationError):  # a returned one is not filed until resubmitted
        services.file_self_inspection(world.inspector, si, note="同意")
    c = Client()
    c.force_login(world.ent_user)
    page = c.get(f"/campaigns/self/{si.pk}/").content.decode()
    assert "第4项整改期限过长，请调整" in page and "提交自查结果" in page
    deadline = date.today() + timedelta(days=10)
    answers = answers_for(annex1, fail_rows=[4, 22], measures="调整计划", deadline=deadline)
    si = services.submit_self_inspection(world.ent_user, si, answers)
    assert si.status == "submitted"
    after = set(Hazard.objects.filter(enterprise=world.food).values_list("pk", flat=True))
    reported_rows = set(
        Hazard.objects.filter(pk__in=after - hazards_before).values_list(
            "checklist_item__row", flat=True
        )
    )
    assert 4 not in reported_rows  # row 4 was reported at the first submission
    si = services.file_self_inspection(world.inspector, si, note="已按要求调整，同意备案")
    assert si.status == "filed" and si.return_note == "第4项整改期限过长，请调整"


def test_unknown_decision_is_refused(world, submitted):
    with pytest.raises(ValidationError) as exc:
        services.file_self_inspection(world.inspector, submitted, decision="maybe", note="x")
    assert "decision" in exc.value.message_dict
