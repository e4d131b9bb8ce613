"""H2/H3: the rectification state machine, 五落实 gating, extensions, overdue and escalation."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from anjian.audit.models import AuditEntry
from anjian.core.services import ConflictError
from anjian.hazards import services
from anjian.hazards.models import Escalation, Hazard, HazardEvent
from anjian.hazards.tests.conftest import fill_five, photo


def to_review(h, world):
    h = services.start_rectification(world.ent_user, h)
    return services.submit_rectification(world.ent_user, h, note="已更换", files=[photo()])


def test_full_loop_enterprise_rectifies_inspector_closes(world, make_hazard):
    h = make_hazard()
    assert h.status == "pending"
    h = services.start_rectification(world.ent_user, h)
    assert h.status == "rectifying"
    h = services.submit_rectification(
        world.ent_user, h, note="已更换报警探头", files=[photo("a.png"), photo("b.png")]
    )
    assert h.status == "review"
    assert h.evidence.filter(kind="rectified").count() == 2
    h = services.review(world.inspector, h, passed=False, opinion="探头未标定，重新整改")
    assert h.status == "rectifying" and h.closed_at is None
    h = services.submit_rectification(world.ent_user, h, note="已标定", files=[photo()])
    h = services.review(world.inspector, h, passed=True, opinion="整改到位，同意销号")
    assert h.status == "closed" and h.closed_by == world.inspector and h.closed_at
    kinds = list(h.events.values_list("kind", flat=True))
    assert kinds == ["report", "start", "submit", "review_fail", "submit", "review_pass"]
    actions = set(
        AuditEntry.objects.filter(object_id=str(h.pk), model="hazards.hazard").values_list(
            "action", flat=True
        )
    )
    assert {"hazard.report", "hazard.start", "hazard.submit", "hazard.review_pass"} <= actions


def test_immediate_rectification_closes_at_once_with_evidence(world, make_hazard):
    h = make_hazard(deadline=None)
    with pytest.raises(ValidationError) as exc:
        services.close_immediately(world.inspector, h, note="当场整改", files=[])
    assert "files" in exc.value.message_dict
    h = services.close_immediately(world.inspector, h, note="当场清理通道", files=[photo()])
    assert h.status == "closed" and h.mode == "immediate"
    assert h.evidence.filter(kind="rectified").exists()


# Every (transition, from-status) that the state machine forbids.
ILLEGAL = [
    ("start", "rectifying"),
    ("start", "review"),
    ("start", "closed"),
    ("submit", "pending"),
    ("submit", "review"),
    ("submit", "closed"),
    ("pass", "pending"),
    ("pass", "rectifying"),
    ("pass", "closed"),
    ("fail", "pending"),
    ("fail", "rectifying"),
    ("fail", "closed"),
    ("immediate", "review"),
    ("immediate", "closed"),
    ("extend", "review"),
    ("extend", "closed"),
]


def bring_to(h, status, world):
    if status in ("rectifying", "review", "closed"):
        h = services.start_rectification(world.ent_user, h)
    if status in ("review", "closed"):
        h = services.submit_rectification(world.ent_user, h, note="已整改", files=[photo()])
    if status == "closed":
        h = services.review(world.inspector, h, passed=True, opinion="合格")
    assert h.status == status
    return h


def attempt(action, h, world, today):
    if action == "start":
        return services.start_rectification(world.ent_user, h)
    if action == "submit":
        return services.submit_rectification(world.ent_user, h, note="x", files=[photo()])
    if action == "pass":
        return services.review(world.inspector, h, passed=True, opinion="合格")
    if action == "fail":
        return services.review(world.inspector, h, passed=False, opinion="不合格")
    if action == "immediate":
        return services.close_immediately(world.inspector, h, note="x", files=[photo()])
    if action == "extend":
        return services.request_extension(
            world.ent_user, h, new_deadline=today + timedelta(days=60), reason="设备采购"
        )
    raise AssertionError(action)


@pytest.mark.parametrize("action,status", ILLEGAL)
def test_illegal_transition_refused_and_nothing_changes(world, make_hazard, today, action, status):
    h = bring_to(make_hazard(), status, world)
    version, events = h.version, h.events.count()
    with pytest.raises(ValidationError) as exc:
        attempt(action, h, world, today)
    assert "status" in exc.value.message_dict
    assert "当前状态为" in exc.value.message_dict["status"][0]
    h.refresh_from_db()
    assert (h.status, h.version, h.events.count()) == (status, version, events)


@pytest.mark.parametrize(
    "action,status",
    [("start", "pending"), ("submit", "rectifying"), ("pass", "review"), ("fail", "review")]
    + [("immediate", "pending"), ("immediate", "rectifying"), ("extend", "pending")]
    + [("extend", "rectifying")],
)
def test_legal_transition_allowed(world, make_hazard, today, action, status):
    h = bring_to(make_hazard(), status, world)
    attempt(action, h, world, today)
    h.refresh_from_db()
    expected = {
        "start": "rectifying",
        "submit": "review",
        "pass": "closed",
        "fail": "rectifying",
        "immediate": "closed",
        "extend": status,
    }[action]
    assert h.status == expected


def test_enterprise_can_never_close_its_own_hazard(world, make_hazard):
    h = make_hazard(by=world.ent_user, source="self")
    with pytest.raises(PermissionDenied, match="企业不能"):
        services.close_immediately(world.ent_user, h, note="自己整改好了", files=[photo()])
    h = to_review(h, world)
    with pytest.raises(PermissionDenied, match="企业不能"):
        services.review(world.ent_user, h, passed=True, opinion="已整改")
    h.refresh_from_db()
    assert h.status == "review" and h.closed_at is None


def test_reviewer_needs_valid_certificate_and_scope(world, make_hazard, today):
    h = to_review(make_hazard(), world)
    world.inspector.cert_expiry = today - timedelta(days=1)
    world.inspector.save()
    with pytest.raises(PermissionDenied, match="执法证"):
        services.review(world.inspector, h, passed=True, opinion="合格")
    with pytest.raises(PermissionDenied):  # 住建委 does not supervise 工贸
        services.review(world.builder, h, passed=True, opinion="合格")
    with pytest.raises(PermissionDenied):
        services.review(world.expert, h, passed=True, opinion="合格")
    h = services.review(world.town, h, passed=True, opinion="属地复查合格")  # 白马镇 属地
    assert h.status == "closed"


def test_review_needs_opinion(world, make_hazard):
    h = to_review(make_hazard(), world)
    with pytest.raises(ValidationError) as exc:
        services.review(world.inspector, h, passed=False, opinion=" ")
    assert "opinion" in exc.value.message_dict


def test_submission_needs_evidence(world, make_hazard):
    h = services.start_rectification(world.ent_user, make_hazard())
    with pytest.raises(ValidationError) as exc:
        services.submit_rectification(world.ent_user, h, note="", files=[])
    assert set(exc.value.message_dict) == {"note", "files"}
    with pytest.raises(ValidationError) as exc:
        services.submit_rectification(world.ent_user, h, note="ok", files=[photo("virus.exe")])
    assert "类型不支持" in exc.value.message_dict["files"][0]


def test_other_enterprise_user_cannot_act(world, make_hazard):
    from anjian.conftest import make_user

    other = make_user("qiye2", "enterprise", enterprise=world.chem)
    h = make_hazard()
    with pytest.raises(PermissionDenied):
        services.start_rectification(other, h)


# ---------------------------------------------------------------- 五落实


def test_major_hazard_cannot_start_without_five_measures(world, make_hazard, today):
    h = make_hazard(level="major", deadline=None)
    with pytest.raises(ValidationError) as exc:
        services.start_rectification(world.ent_user, h)
    msg = exc.value.message_dict["five_measures"][0]
    for label in ("整改措施", "整改责任人", "整改资金", "整改时限", "应急预案"):
        assert label in msg
    h = fill_five(h, world.ent_user, today, emergency_plan="")
    with pytest.raises(ValidationError) as exc:
        services.start_rectification(world.ent_user, h)
    assert "尚缺：应急预案" in exc.value.message_dict["five_measures"][0]
    assert Hazard.objects.get(pk=h.pk).status == "pending"
    h = fill_five(h, world.ent_user, today)
    assert h.five_measures_complete
    h = services.start_rectification(world.ent_user, h)
    assert h.status == "rectifying"


def test_general_hazard_needs_no_five_measures_but_deadline_mode_needs_deadline(world, make_hazard):
    h = make_hazard(deadline=None)
    with pytest.raises(ValidationError) as exc:
        services.start_rectification(world.ent_user, h)
    assert "deadline" in exc.value.message_dict
    h = services.start_rectification(world.ent_user, make_hazard())
    assert h.status == "rectifying"


def test_dual_report_discovery_and_completion_timestamped(world, make_hazard, today):
    h = make_hazard(by=world.ent_user, source="self", level="major")
    assert h.discovery_reported_at is not None  # entering it is the report to the authority
    h = fill_five(h, world.ent_user, today)
    h = services.start_rectification(world.ent_user, h)
    assert h.completion_reported_at is None
    h = services.submit_rectification(world.ent_user, h, note="已整改", files=[photo()])
    assert h.completion_reported_at is not None
    assert h.completion_reported_at >= h.discovery_reported_at
    kinds = set(h.events.values_list("kind", flat=True))
    assert {"discovery_report", "completion_report"} <= kinds


def test_dual_report_discovery_for_inspector_entered_self_report(world, make_hazard):
    h = make_hazard(source="self", level="major")
    assert h.discovery_reported_at is None
    with pytest.raises(PermissionDenied):
        services.report_discovery(world.inspector, h)
    h = services.report_discovery(world.ent_user, h)
    assert h.discovery_reported_at is not None
    with pytest.raises(ValidationError):
        services.report_discovery(world.ent_user, h)


# ---------------------------------------------------------------- optimistic locking


def test_two_reviewers_at_once_one_wins_other_gets_conflict(world, make_hazard):
    h = to_review(make_hazard(), world)
    seen_by_a = Hazard.objects.get(pk=h.pk)
    seen_by_b = Hazard.objects.get(pk=h.pk)
    services.review(
        world.inspector, seen_by_a, passed=True, opinion="合格", expected_version=seen_by_a.version
    )
    with pytest.raises(ConflictError) as exc:
        services.review(
            world.leader,
            seen_by_b,
            passed=False,
            opinion="不合格",
            expected_version=seen_by_b.version,
        )
    assert "已被他人修改" in str(exc.value)
    h.refresh_from_db()
    assert h.status == "closed" and h.closed_by == world.inspector
    assert h.events.filter(kind__startswith="review").count() == 1


def test_two_reviewers_in_pages_second_sees_conflict_and_first_is_kept(world, make_hazard):
    from django.test import Client

    h = to_review(make_hazard(), world)
    a, b = Client(), Client()
    a.force_login(world.inspector)
    b.force_login(world.leader)
    url = f"/hazards/{h.pk}/"
    assert f'name="version" value="{h.version}"' in a.get(url).content.decode()
    assert f'name="version" value="{h.version}"' in b.get(url).content.decode()
    ra = a.post(url + "review/", {"version": h.version, "passed": "1", "opinion": "合格销号"})
    assert ra.status_code == 302
    rb = b.post(
        url + "review/", {"version": h.version, "passed": "0", "opinion": "我的意见：不合格"}
    )
    html = rb.content.decode()
    assert rb.status_code == 409
    assert "已被他人修改" in html
    assert "我的意见：不合格" in html  # the second reviewer's text is not lost
    h.refresh_from_db()
    assert h.status == "closed"


# ---------------------------------------------------------------- overdue and extensions


def test_overdue_around_the_deadline_day(world, make_hazard, today):
    h = make_hazard(deadline=today)
    assert not h.overdue_on(today)
    assert h.overdue_on(today + timedelta(days=1))
    assert not h.overdue_on(today - timedelta(days=1))
    assert list(Hazard.objects.overdue(today)) == []
    assert list(Hazard.objects.overdue(today + timedelta(days=1))) == [h]
    ann = Hazard.objects.with_overdue(today + timedelta(days=1)).get(pk=h.pk)
    assert ann.overdue_flag is True
    no_deadline = make_hazard(deadline=None)
    assert not no_deadline.overdue_on(today + timedelta(days=365))


def test_closed_hazard_is_never_overdue(world, make_hazard, today):
    h = make_hazard(deadline=today)
    h = services.close_immediately(world.inspector, h, note="已整改", files=[photo()])
    later = today + timedelta(days=30)
    assert not h.overdue_on(later)
    assert not Hazard.objects.overdue(later).exists()


def test_overdue_applies_in_every_open_status(world, make_hazard, today):
    h = make_hazard(deadline=today)
    later = today + timedelta(days=2)
    steps = [
        lambda h: h,
        lambda h: services.start_rectification(world.ent_user, h),
        lambda h: services.submit_rectification(world.ent_user, h, note="x", files=[photo()]),
    ]
    for status, step in zip(("pending", "rectifying", "review"), steps, strict=True):
        h = step(h)
        assert h.status == status
        assert h.overdue_on(later)
        assert Hazard.objects.overdue(later).filter(pk=h.pk).exists()


def test_extension_moves_deadline_only_when_approved(world, make_hazard, today):
    h = make_hazard(deadline=today + timedelta(days=1))
    ext = services.request_extension(
        world.ent_user, h, new_deadline=today + timedelta(days=20), reason="等待设备到货"
    )
    h.refresh_from_db()
    check_day = today + timedelta(days=5)
    assert h.overdue_on(check_day)  # pending request does not move the deadline
    with pytest.raises(ValidationError):  # one pending request at a time
        services.request_extension(
            world.ent_user, h, new_deadline=today + timedelta(days=30), reason="再延"
        )
    with pytest.raises(PermissionDenied):
        services.decide_extension(world.ent_user, ext, approve=True)
    services.decide_extension(world.inspector, ext, approve=True, note="同意")
    h.refresh_from_db()
    assert h.deadline == today + timedelta(days=20)
    assert h.original_deadline == today + timedelta(days=1)
    assert not h.overdue_on(check_day)
    assert not Hazard.objects.overdue(check_day).filter(pk=h.pk).exists()
    assert h.overdue_on(today + timedelta(days=21))


def test_extension_rejected_keeps_deadline_and_needs_reason(world, make_hazard, today):
    h = make_hazard()
    ext = services.request_extension(
        world.ent_user, h, new_deadline=today + timedelta(days=40), reason="资金不足"
    )
    with pytest.raises(ValidationError):
        services.decide_extension(world.inspector, ext, approve=False, note="")
    services.decide_extension(world.inspector, ext, approve=False, note="理由不充分")
    h.refresh_from_db()
    assert h.deadline == today + timedelta(days=10)
    with pytest.raises(ValidationError) as exc:
        services.request_extension(world.ent_user, h, new_deadline=h.deadline, reason="x")
    assert "应晚于" in exc.value.message_dict["new_deadline"][0]


def test_escalate_overdue_is_idempotent_and_major_goes_to_awb(world, make_hazard, today):
    general = make_hazard(deadline=today)
    major = make_hazard(level="major", deadline=today, description="粉尘涉爆除尘系统未停机清理")
    make_hazard(deadline=today + timedelta(days=5))  # not overdue
    day = today + timedelta(days=1)
    first = services.escalate_overdue(day)
    assert {(e.hazard_id, e.target) for e in first} == {
        (general.pk, "department"),
        (major.pk, "department"),
        (major.pk, "awb"),
    }
    assert all(e.department_id == world.yjj.pk for e in first if e.target == "department")
    assert services.escalate_overdue(day) == []
    assert services.escalate_overdue(day + timedelta(days=3)) == []
    assert Escalation.objects.count() == 3
    assert HazardEvent.objects.filter(kind="escalate", hazard=major).count() == 1
    # The department and the 安委办 each see what was escalated to them.
    assert Escalation.objects.restrict(world.leader).count() == 2
    assert list(Escalation.objects.restrict(world.awb).values_list("hazard_id", flat=True)) == [
        major.pk
    ]
    assert not Escalation.objects.restrict(world.builder).exists()
    assert "已过" in first[0].message


def test_escalation_again_after_extended_deadline_lapses(world, make_hazard, today):
    h = make_hazard(deadline=today)
    assert len(services.escalate_overdue(today + timedelta(days=1))) == 1
    ext = services.request_extension(
        world.ent_user, h, new_deadline=today + timedelta(days=3), reason="停产检修"
    )
    services.decide_extension(world.inspector, ext, approve=True)
    assert services.escalate_overdue(today + timedelta(days=3)) == []
    assert len(services.escalate_overdue(today + timedelta(days=4))) == 1


def test_self_reported_hazard_without_department_escalates_to_supervising_department(
    world, make_hazard, today
):
    h = make_hazard(by=world.ent_user, source="self", deadline=today)
    assert h.department == world.yjj  # 工贸 is supervised by 应急局
    esc = services.escalate_overdue(today + timedelta(days=1))
    assert [(e.target, e.department_id) for e in esc] == [("department", world.yjj.pk)]
