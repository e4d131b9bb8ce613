"""I5 (国办发〔2024〕54号): the published yearly limit and the cross-department check, refused
without an approved 行政检查审批表; 综合查一次; the numbered documents."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from anjian.audit.models import AuditEntry
from anjian.inspections import services as insp_services
from anjian.inspections.models import Inspection
from anjian.visits import documents, services
from anjian.visits.models import InspectionApproval, JointInspection, PlannedVisit

TODAY = date(date.today().year, 6, 2)  # mid-year: every date below in one year


def inspect(w, on, by=None, **kw):
    by = by or w.inspector
    team = {w.inspector.pk: [w.inspector, w.inspector2], w.builder.pk: [w.builder, w.builder2]}
    return insp_services.create_inspection(
        by, enterprise=w.chem, inspected_on=on, inspectors=team[by.pk], **kw
    )


def approve(w, on, reason="群众反映夜间违规动火，须再次检查"):
    a = services.request_approval(
        w.inspector, enterprise=w.chem, planned_on=on, reason=reason, today=TODAY
    )
    return services.decide_approval(w.leader, a, approve=True, opinion="同意")


# ---------------------------------------------------------------- the published limit


def test_only_the_awb_publishes_and_the_source_is_required(vw):
    with pytest.raises(PermissionDenied):
        services.publish_limit(vw.inspector, year=TODAY.year, tier="key", per_year=3,
                               window_days=30, source="x")  # fmt: skip
    with pytest.raises(ValidationError) as exc:
        services.publish_limit(vw.awb, year=TODAY.year, tier="key", per_year=0,
                               window_days=30, source=" ")  # fmt: skip
    assert {"per_year", "source"} <= set(exc.value.message_dict)
    rule = services.publish_limit(vw.awb, year=TODAY.year, tier="key", per_year=3,
                                  window_days=30, source="安居安委办〔2025〕3号")  # fmt: skip
    again = services.publish_limit(vw.awb, year=TODAY.year, tier="key", per_year=4,
                                   window_days=15, source="安居安委办〔2025〕4号")  # fmt: skip
    assert again.pk == rule.pk and again.per_year == 4 and again.version == 2


def test_yearly_limit_refuses_without_approval_and_nothing_is_written(vw, publish):
    publish(per_year=2)
    inspect(vw, TODAY)
    inspect(vw, TODAY + timedelta(days=1))
    before = Inspection.objects.count()
    with pytest.raises(ValidationError) as exc:
        inspect(vw, TODAY + timedelta(days=2))
    msg = exc.value.message_dict["enterprise"][0]
    assert "行政检查审批表" in msg and "上限 2 次" in msg and "国办发〔2024〕54号" in msg
    assert "安居安委办〔2025〕3号" in msg
    assert Inspection.objects.count() == before


def test_approved_reason_allows_one_inspection_beyond_the_limit(vw, publish):
    publish(per_year=1)
    inspect(vw, TODAY)
    a = approve(vw, TODAY + timedelta(days=1))
    assert a.problems and "上限 1 次" in a.problems[0]
    third = inspect(vw, TODAY + timedelta(days=1))
    a.refresh_from_db()
    assert a.inspection == third
    assert AuditEntry.objects.filter(action="visits.approval.use").exists()
    with pytest.raises(ValidationError):  # an approval is used once
        inspect(vw, TODAY + timedelta(days=2))


def test_a_pending_or_rejected_approval_does_not_count(vw, publish):
    publish(per_year=1)
    inspect(vw, TODAY)
    a = services.request_approval(vw.inspector, enterprise=vw.chem, planned_on=TODAY,
                                  reason="复查整改情况", today=TODAY)  # fmt: skip
    with pytest.raises(ValidationError):
        inspect(vw, TODAY)
    services.decide_approval(vw.leader, a, approve=False, opinion="并入下月综合查一次")
    with pytest.raises(ValidationError):
        inspect(vw, TODAY)


def test_approval_rules(vw):
    with pytest.raises(ValidationError) as exc:
        services.request_approval(
            vw.inspector, enterprise=vw.chem, planned_on=TODAY, reason="", today=TODAY
        )
    assert "reason" in exc.value.message_dict
    a = services.request_approval(vw.inspector, enterprise=vw.chem, planned_on=TODAY,
                                  reason="事故隐患复查", today=TODAY)  # fmt: skip
    assert "检审" in a.number and a.number.endswith("1号")
    with pytest.raises(PermissionDenied):
        services.decide_approval(vw.inspector, a, approve=True, opinion="同意")
    with pytest.raises(PermissionDenied):  # another department's head
        services.decide_approval(vw.zjw_leader, a, approve=True, opinion="同意")
    with pytest.raises(ValidationError) as exc:
        services.decide_approval(vw.leader, a, approve=True, opinion="")
    assert "opinion" in exc.value.message_dict
    own = services.request_approval(vw.leader, enterprise=vw.chem, planned_on=TODAY,
                                    reason="事故隐患复查", today=TODAY)  # fmt: skip
    with pytest.raises(PermissionDenied):
        services.decide_approval(vw.leader, own, approve=True, opinion="同意")


def test_a_tip_inspection_is_not_held_back_by_the_limit(vw, publish):
    publish(per_year=1)
    inspect(vw, TODAY)
    tip = inspect(vw, TODAY, origin="tip", tip_ref="JB2025-001")
    assert tip.pk


def test_unpublished_limit_only_warns(vw):
    from anjian.law.inspection_limits import DEFAULT_LIMITS

    n = DEFAULT_LIMITS[vw.tier]
    for day in range(n + 1):  # one beyond the default: warned, not refused
        inspect(vw, TODAY + timedelta(days=day))
    check = services.precheck(vw.chem, vw.yjj, TODAY + timedelta(days=n + 1))
    assert check.problems and not check.needs_approval


# ---------------------------------------------------------------- across departments


def test_another_departments_recent_visit_needs_approval(vw, publish):
    publish(per_year=10, window_days=30)
    inspect(vw, TODAY)
    with pytest.raises(ValidationError) as exc:
        inspect(vw, TODAY + timedelta(days=10), by=vw.builder)
    msg = exc.value.message_dict["enterprise"][0]
    assert "应急" in msg and "综合查一次" in msg
    # the same department again is no cross-department repeat
    assert inspect(vw, TODAY + timedelta(days=2)).pk
    # outside the window it is no repeat
    assert inspect(vw, TODAY + timedelta(days=33), by=vw.builder).pk


def test_a_joint_inspection_counts_once_and_is_no_repeat(vw, publish):
    publish(per_year=1, window_days=30)
    joint = inspect(vw, TODAY, joint_departments=[vw.zjw])
    assert len(services.visits_of(vw.chem)) == 1
    check = services.precheck(vw.chem, vw.zjw, TODAY + timedelta(days=3))
    assert check.repeats == [] and check.over_limit  # the limit is still one a year
    assert joint.pk


# ---------------------------------------------------------------- 综合查一次


def test_merge_the_departments_planned_visits_into_one_joint_inspection(vw, publish):
    month = TODAY.replace(day=1)
    a = services.plan_visit(vw.inspector, enterprise=vw.chem, month=month, checklist=vw.list_a)
    b = services.plan_visit(vw.builder, enterprise=vw.chem, month=month, checklist=vw.list_b)
    assert services.merge_candidates(vw.awb, month)[0]["n"] == 2
    joint = services.merge_month(vw.awb, enterprise=vw.chem, month=month)
    assert joint.department == vw.yjj and set(joint.departments.all()) == {vw.yjj, vw.zjw}
    # 一表通查: 3 + 3 items, 教育培训 shared (same after normalization) → 5, asked by both
    assert len(joint.items) == 5
    shared = next(r for r in joint.items if r["item"] == "教育培训")
    assert shared["departments"] == [vw.yjj.name, vw.zjw.name]
    assert set(
        PlannedVisit.objects.filter(pk__in=[a.pk, b.pk]).values_list("status", flat=True)
    ) == {"merged"}
    assert services.merge_candidates(vw.awb, month) == []
    publish(per_year=1, window_days=30)
    insp = services.start_joint(vw.inspector, joint, inspected_on=TODAY,
                                inspectors=[vw.inspector, vw.builder])  # fmt: skip
    assert list(insp.joint_departments.all()) == [vw.zjw] and "joint" in insp.modes
    assert insp.checklist == vw.list_a
    assert JointInspection.objects.get(pk=joint.pk).status == "started"
    assert len(services.visits_of(vw.chem)) == 1  # one visit instead of two


def test_merge_needs_two_departments(vw):
    month = TODAY.replace(day=1)
    services.plan_visit(vw.inspector, enterprise=vw.chem, month=month, checklist=vw.list_a)
    with pytest.raises(ValidationError):
        services.merge_month(vw.awb, enterprise=vw.chem, month=month)
    with pytest.raises(ValidationError):  # the same department twice in a month
        services.plan_visit(vw.inspector2, enterprise=vw.chem, month=month)


# ---------------------------------------------------------------- documents


def test_notice_and_approval_documents(vw):
    insp = inspect(vw, TODAY)
    n = services.issue_notice(vw.inspector, insp, basis="《安全生产法》第六十五条",
                              matters="危险化学品安全管理")  # fmt: skip
    assert "检通" in n.number
    text = documents.notice_content(n).text()
    assert vw.chem.name in text and "川执0001" in text and "危险化学品安全管理" in text
    with pytest.raises(ValidationError):
        services.issue_notice(vw.inspector, insp, basis="x", matters="y")
    with pytest.raises(PermissionDenied):
        services.issue_notice(vw.builder, insp, basis="x", matters="y")
    a = approve(vw, TODAY)
    text = documents.approval_content(InspectionApproval.objects.get(pk=a.pk)).text()
    assert "行政检查审批表" in text and "同意" in text and a.number in text
