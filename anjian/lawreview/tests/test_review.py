"""重大执法决定法制审核: a listed major decision waits for a passed review; a first-time
reviewer holds a 法律职业资格; a 退回 shows its points on the case."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from anjian.accounts.models import Role
from anjian.conftest import make_user
from anjian.enforcement import services as enf
from anjian.enforcement.tests.conftest import make_finding
from anjian.enforcement.tests.helpers import filed
from anjian.lawreview import services
from anjian.lawreview.models import LegalReview, MajorDecisionItem, ReviewerQualification

SOURCE = "安居区应急管理局重大执法决定法制审核目录清单"


@pytest.fixture
def major_list(world):
    return MajorDecisionItem.objects.create(
        department=world.yjj, kind="fine_over", threshold=Decimal("30000"), source=SOURCE
    )


@pytest.fixture
def reviewer(world):
    u = make_user("fzk1", Role.INSPECTOR, department=world.yjj, region=world.county,
                  full_name="法制科 审核员", cert_no="川执0099",
                  cert_expiry=date(date.today().year + 2, 1, 1))  # fmt: skip
    ReviewerQualification.objects.create(
        user=u, certificate_no="A20231234", obtained_on=date(2020, 3, 1)
    )
    return u


def noticed(world, fine=50000):
    f = make_finding(world)
    case = filed(world, f)
    rows = [{"id": p.pk, "fine": fine if p.kind == "enterprise" else 0} for p in case.parties.all()]
    case = enf.propose_decision(world.inspector, case, parties=rows)
    case = enf.issue_notice(world.inspector, case, hearing=False)
    return enf.record_statement(world.inspector, case, statement="", waived=True)


def all_points(ok=True, skip=()):
    return {code: {"ok": ok and code not in skip, "opinion": "符合规定" if code not in skip else "须补充证据"}
            for code, _label in services.POINTS}  # fmt: skip


def test_listed_major_decision_needs_a_passed_review(world, major_list, reviewer):
    case = noticed(world)
    assert services.major_reasons(case) == [f"罚款数额达到30000.00元（{SOURCE}）"]
    with pytest.raises(ValidationError) as exc:
        enf.approve_decision(world.leader, case, approve=True)
    assert "第五十八条" in exc.value.message_dict["decision_status"][0]
    review = services.start_review(reviewer, case)
    assert [p["code"] for p in review.points][:3] == ["subject", "qualification", "procedure"]
    assert review.points[3]["record"] == case.facts
    with pytest.raises(ValidationError):  # still open
        enf.approve_decision(world.leader, case, approve=True)
    services.complete_review(
        reviewer, review, points=all_points(), conclusion="agree", opinion="同意"
    )
    case.refresh_from_db()
    with pytest.raises(ValidationError) as exc:  # 集体讨论 still missing
        enf.approve_decision(world.leader, case, approve=True)
    assert "第五十七条" in exc.value.message_dict["decision_status"][0]
    services.record_discussion(world.inspector, case, held_on=date.today(),
                               participants=[world.leader, world.inspector],
                               opinions="一致同意拟处罚意见", conclusion="同意处罚")  # fmt: skip
    case = enf.approve_decision(world.leader, case, approve=True)
    assert case.stage == "decided"


def test_a_case_below_the_list_needs_no_review(world, major_list):
    case = noticed(world, fine=20000)
    assert services.major_reasons(case) == []
    assert enf.approve_decision(world.leader, case, approve=True).stage == "decided"


def test_first_time_reviewer_needs_a_legal_qualification(world, major_list, reviewer):
    case = noticed(world)
    fresh = make_user("fzk2", Role.INSPECTOR, department=world.yjj, region=world.county)
    with pytest.raises(ValidationError) as exc:
        services.start_review(fresh, case)
    assert "法律职业资格" in exc.value.message_dict["reviewer"][0]
    with pytest.raises(ValidationError) as exc:  # a handler does not review own case
        services.start_review(world.inspector, case)
    assert "reviewer" in exc.value.message_dict
    with pytest.raises(PermissionDenied):  # another department
        services.start_review(world.builder, case)
    # one who has reviewed before (before the rule) may go on without it
    other = noticed(world)
    done = LegalReview.objects.create(case=other, reviewer=fresh, case_version=1, started_on=date.today(),
                                      status="done", conclusion="agree")  # fmt: skip
    assert done.pk and services.start_review(fresh, case).reviewer == fresh


def test_return_shows_its_points_on_the_case(world, major_list, reviewer, client):
    case = noticed(world)
    review = services.start_review(reviewer, case)
    with pytest.raises(ValidationError) as exc:  # 同意 with a failed point
        services.complete_review(reviewer, review, points=all_points(skip=("evidence",)),
                                 conclusion="agree", opinion="x")  # fmt: skip
    assert "conclusion" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:  # each point needs an opinion
        services.complete_review(reviewer, review, points={}, conclusion="return", opinion="x")
    assert "point_facts" in exc.value.message_dict
    services.complete_review(reviewer, review, points=all_points(skip=("evidence",)),
                             conclusion="return", opinion="证据不足，退回补充")  # fmt: skip
    with pytest.raises(ValidationError):
        enf.approve_decision(world.leader, case, approve=True)
    client.force_login(world.inspector)
    page = client.get(case.get_absolute_url()).content.decode()
    assert 'id="review-points"' in page and "证据是否确凿充分" in page and "须补充证据" in page
    opinion = client.get(f"/lawreview/{review.pk}/opinion/").content.decode()
    assert "法制审核意见书" in opinion and "退回补充" in opinion


def test_review_form(world, major_list, reviewer, client):
    case = noticed(world)
    client.force_login(reviewer)
    resp = client.post(f"/lawreview/cases/{case.pk}/start/")
    review = LegalReview.objects.get(case=case)
    assert resp.status_code == 302 and resp["Location"] == f"/lawreview/{review.pk}/"
    page = client.get(f"/lawreview/{review.pk}/")
    assert page.status_code == 200 and "执法主体是否合法" in page.content.decode()
    bad = client.post(f"/lawreview/{review.pk}/", {"conclusion": "agree", "opinion": ""})
    assert bad.status_code == 422 and "请填写审核意见" in bad.content.decode()
    data = {"conclusion": "agree", "opinion": "同意"}
    for code, _label in services.POINTS:
        data[f"ok_{code}"], data[f"opinion_{code}"] = "on", "符合"
    assert client.post(f"/lawreview/{review.pk}/", data).status_code == 302
    review.refresh_from_db()
    assert review.status == "done" and review.conclusion == "agree"
    client.force_login(world.builder)
    assert client.get(f"/lawreview/{review.pk}/").status_code == 404


def test_major_list_is_published_by_the_leader(world):
    with pytest.raises(PermissionDenied):
        services.set_major_list(world.inspector, world.yjj, [{"kind": "closure"}], source=SOURCE)
    with pytest.raises(ValidationError) as exc:
        services.set_major_list(world.leader, world.yjj, [{"kind": "fine_over", "threshold": "x"},
                                                          {"kind": "nope"}], source="")  # fmt: skip
    assert {"source", "items_0", "items_1"} <= set(exc.value.message_dict)
    with pytest.raises(ValidationError) as exc:  # longer than the column: named, never a 500
        services.set_major_list(world.leader, world.yjj, [{"kind": "closure"}], source="文" * 201)
    assert "过长" in exc.value.message_dict["source"][0]
    items = services.set_major_list(
        world.leader, world.yjj, [{"kind": "closure"}, {"kind": "fine_over", "threshold": "100000"}],
        source=SOURCE,
    )  # fmt: skip
    assert [i.kind for i in items] == ["closure", "fine_over"]
    assert MajorDecisionItem.objects.get(kind="fine_over").threshold == Decimal("100000.00")


def test_a_changed_proposal_needs_a_new_review(world, major_list, reviewer):
    case = noticed(world)
    review = services.start_review(reviewer, case)
    services.complete_review(
        reviewer, review, points=all_points(), conclusion="agree", opinion="同意"
    )
    party = case.parties.get(kind="enterprise")
    party.fine = 60000
    party.save(update_fields=["fine"])
    case.refresh_from_db()
    with pytest.raises(ValidationError):
        enf.approve_decision(world.leader, case, approve=True)


def test_demo_list_and_reviewer(world):
    from anjian.accounts.demo import create_demo_users
    from anjian.lawreview import demo

    create_demo_users(world.food)
    demo.build({})
    demo.build({})
    assert MajorDecisionItem.objects.filter(department__code="yjj").count() == 6
    assert ReviewerQualification.objects.filter(user__username="yjj_li").count() == 1


def test_collective_discussion_record(world, major_list, client):
    case = noticed(world)
    with pytest.raises(ValidationError) as exc:
        services.record_discussion(world.inspector, case, held_on=None, participants=[world.inspector],
                                   opinions="", conclusion="")  # fmt: skip
    assert {"held_on", "participants", "opinions", "conclusion"} <= set(exc.value.message_dict)
    with pytest.raises(ValidationError) as exc:  # people of another department
        services.record_discussion(world.inspector, case, held_on=date.today(),
                                   participants=[world.leader, world.builder], opinions="x",
                                   conclusion="y")  # fmt: skip
    assert "participants" in exc.value.message_dict
    with pytest.raises(PermissionDenied):
        services.record_discussion(world.builder, case, held_on=date.today(),
                                   participants=[world.leader], opinions="x", conclusion="y")  # fmt: skip
    client.force_login(world.inspector)
    page = client.get(case.get_absolute_url()).content.decode()
    assert 'id="discussion-form"' in page
    resp = client.post(f"/lawreview/cases/{case.pk}/discussion/", {
        "held_on": date.today().isoformat(), "participants": [world.leader.pk],
        "opinions": "一致同意", "conclusion": "同意处罚"}, follow=True)  # fmt: skip
    assert "已登记集体讨论记录" in resp.content.decode()
    assert case.discussions.get().participants.get() == world.leader
    bad = client.post(f"/lawreview/cases/{case.pk}/discussion/", {"held_on": "x"}, follow=True)
    assert "请输入有效日期" in bad.content.decode()


def test_settings_page_publishes_the_list_and_records_qualifications(world, client):
    client.force_login(world.inspector)
    assert client.get("/lawreview/settings/").status_code == 403
    client.force_login(world.leader)
    assert client.get("/lawreview/settings/").status_code == 200
    resp = client.post("/lawreview/settings/", {"form": "list", "kinds": ["closure", "fine_over"],
                                                "threshold": "", "source": SOURCE})  # fmt: skip
    assert resp.status_code == 422 and not MajorDecisionItem.objects.exists()
    client.post("/lawreview/settings/", {"form": "list", "kinds": ["closure", "fine_over"],
                                         "threshold": "100000", "source": SOURCE})  # fmt: skip
    assert set(MajorDecisionItem.objects.values_list("kind", flat=True)) == {"closure", "fine_over"}
    bad = client.post("/lawreview/settings/", {"form": "q", "user": world.inspector.pk,
                                               "certificate_no": "", "obtained_on": "x"})  # fmt: skip
    assert bad.status_code == 422
    client.post("/lawreview/settings/", {"form": "q", "user": world.inspector.pk,
                                         "certificate_no": "A2020", "obtained_on": "2020-01-02"})  # fmt: skip
    assert ReviewerQualification.objects.get(user=world.inspector).certificate_no == "A2020"
    other = client.post("/lawreview/settings/", {"form": "q", "user": world.builder.pk,
                                                 "certificate_no": "B", "obtained_on": "2020-01-02"})  # fmt: skip
    assert (
        other.status_code == 422
        and not ReviewerQualification.objects.filter(user=world.builder).exists()
    )
