"""E3: 立案 from findings, 一案双罚, leader approvals, ranges, 90-day limit, payment."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ImproperlyConfigured, PermissionDenied, ValidationError

from anjian import law
from anjian.audit.models import AuditEntry
from anjian.enforcement import services
from anjian.enforcement.models import Case, Document
from anjian.inspections.models import Finding

from .conftest import make_finding, make_hazard
from .helpers import complete_file, decided, filed, proposed


def test_inspector_proposes_case_with_enterprise_and_person_parties(world, finding):
    case = proposed(world, finding)
    assert case.stage == "proposed"
    assert case.region_code == world.chem.region_id
    parties = {p.kind: p for p in case.parties.all()}
    assert parties["enterprise"].name == world.chem.name
    assert parties["person"].name == "张三"
    # 安全生产法第九十七条第三项: enterprise up to 100,000 yuan at the first stage.
    assert parties["enterprise"].article == "安全生产法第九十七条第三项"
    assert parties["enterprise"].fine_max == Decimal(100000)
    assert parties["enterprise"].suggested_fine is not None
    assert list(case.findings.all()) == [finding]
    assert AuditEntry.objects.filter(action="case.propose", object_id=str(case.pk)).exists()


def test_case_needs_a_violation_finding(world):
    hazard_finding = make_finding(world)
    Finding.objects.filter(pk=hazard_finding.pk).update(kind="hazard")
    hazard_finding.refresh_from_db()
    with pytest.raises(ValidationError) as exc:
        proposed(world, hazard_finding)
    assert "findings" in exc.value.message_dict


def test_case_from_hazard_requires_disposal_case(world):
    h = make_hazard(world, level="general")
    kw = dict(enterprise=world.chem, title="案", hazards=[h], violation_code="SPL-97-5")
    with pytest.raises(ValidationError) as exc:
        services.propose_case(world.inspector, **kw)
    assert "立案处罚" in exc.value.message_dict["hazards"][0]
    h2 = make_hazard(world, level="general", disposal="case")
    case = services.propose_case(world.inspector, **{**kw, "hazards": [h2]})
    assert list(case.hazards.all()) == [h2]


def test_expired_certificate_cannot_propose(world, finding):
    world.inspector.cert_expiry = date.today() - timedelta(days=1)
    world.inspector.save()
    with pytest.raises(PermissionDenied):
        proposed(world, finding)


def test_only_the_leader_approves_filing_and_it_gets_a_number(world, finding):
    case = proposed(world, finding)
    with pytest.raises(PermissionDenied):
        services.approve_filing(world.inspector, case, approve=True)
    case = services.approve_filing(world.leader, case, approve=True)
    assert case.stage == "filed"
    year = date.today().year
    assert case.number == f"（安居）应急立〔{year}〕1号"
    assert Document.objects.filter(case=case, kind="filing_approval").count() == 1


def test_reject_filing_needs_reason(world, finding):
    case = proposed(world, finding)
    with pytest.raises(ValidationError):
        services.approve_filing(world.leader, case, approve=False)
    case = services.approve_filing(world.leader, case, approve=False, note="证据不足")
    assert case.stage == "rejected"


def test_decision_outside_range_needs_legal_reason(world, finding):
    """Above the maximum never (行政处罚法第三十二条 allows mitigation below the minimum, not a fine
    above the maximum); below the minimum only as 减轻处罚 with its reason and the article."""
    case = filed(world, finding)
    ent = case.parties.get(kind="enterprise")
    person = case.parties.get(kind="person")
    rows = [{"id": ent.pk, "fine": 150000}, {"id": person.pk, "fine": 0}]
    with pytest.raises(ValidationError) as exc:
        services.propose_decision(world.inspector, case, parties=rows)
    assert "超过法定最高罚款额" in exc.value.message_dict[f"fine_{ent.pk}"][0]
    rows[0]["out_of_range_reason"] = "依据行政处罚法第三十二条第一项，主动消除危害后果，减轻处罚"
    with pytest.raises(ValidationError) as exc:
        services.propose_decision(world.inspector, case, parties=rows)
    assert "第三十二条" in exc.value.message_dict[f"fine_{ent.pk}"][0]
    case.refresh_from_db()
    assert case.decision_status == ""
    # 逾期未改正: 100,000–200,000; 50,000 is below the minimum.
    rows = [
        {"id": ent.pk, "fine": 50000, "overdue": True},
        {"id": person.pk, "fine": 20000, "overdue": True},
    ]
    with pytest.raises(ValidationError) as exc:
        services.propose_decision(world.inspector, case, parties=rows)
    assert "超出法定幅度" in exc.value.message_dict[f"fine_{ent.pk}"][0]
    rows[0]["out_of_range_reason"] = "主动消除危害后果"
    case = services.propose_decision(world.inspector, case, parties=rows)
    ent.refresh_from_db()
    assert ent.fine == Decimal(50000)
    assert ent.out_of_range_reason == "减轻处罚（依据行政处罚法第三十二条）：主动消除危害后果"
    assert case.decision_status == "proposed"


def test_decision_inside_range_accepted_without_reason(world, finding):
    case = filed(world, finding)
    rows = [
        {"id": p.pk, "fine": 30000 if p.kind == "enterprise" else 0} for p in case.parties.all()
    ]
    case = services.propose_decision(world.inspector, case, parties=rows)
    assert case.decision_status == "proposed"


def test_overdue_stage_gives_persons_a_range(world, finding):
    """一案双罚: 逾期未改正 → enterprise 100,000–200,000 and persons 20,000–50,000."""
    case = filed(world, finding)
    ent = case.parties.get(kind="enterprise")
    person = case.parties.get(kind="person")
    rows = [
        {"id": ent.pk, "fine": 120000, "overdue": True},
        {"id": person.pk, "fine": 30000, "overdue": True},
    ]
    services.propose_decision(world.inspector, case, parties=rows)
    person.refresh_from_db()
    assert (person.fine_min, person.fine_max) == (Decimal(20000), Decimal(50000))
    assert person.fine == Decimal(30000) and person.out_of_range_reason == ""


def _workday_on_or_after(day):
    while not law.is_workday(day):
        day += timedelta(days=1)
    return day


def test_ninety_day_limit_and_extension(world, finding):
    """行政处罚法第六十条 "自行政处罚案件立案之日起九十日内作出行政处罚决定"; 民法典第二百零一条 the
    start day is not counted, 第二百零三条 a last day on a holiday moves to the next working day."""
    filed_on = date.today() - timedelta(days=100)
    case = filed(world, finding, on=filed_on)
    due, reasons = services.decision_deadline(case)
    assert due == _workday_on_or_after(filed_on + timedelta(days=90))
    assert "行政处罚" in "".join(reasons) or "九十日" in "".join(reasons)
    rows = [
        {"id": p.pk, "fine": 30000 if p.kind == "enterprise" else 0} for p in case.parties.all()
    ]
    case = services.propose_decision(world.inspector, case, parties=rows)
    case = services.issue_notice(
        world.inspector, case, hearing=False, on=filed_on + timedelta(days=30)
    )
    with pytest.raises(ValidationError) as exc:
        services.approve_decision(world.leader, case, approve=True)
    assert "办案期限" in exc.value.message_dict["decided_on"][0]
    case = services.extend_deadline(world.leader, case, days=30, reason="案情复杂，经负责人批准")
    # the extension runs from the day after the original last day
    assert services.decision_deadline(case)[0] == _workday_on_or_after(due + timedelta(days=30))
    case = services.approve_decision(world.leader, case, approve=True)
    assert case.stage == "decided"


def test_inspector_cannot_approve_decision_and_notice_comes_first(world, finding):
    case = filed(world, finding)
    rows = [
        {"id": p.pk, "fine": 30000 if p.kind == "enterprise" else 0} for p in case.parties.all()
    ]
    case = services.propose_decision(world.inspector, case, parties=rows)
    with pytest.raises(ValidationError):  # 告知 has not happened yet
        services.approve_decision(world.leader, case, approve=True)
    case = services.issue_notice(world.inspector, case, hearing=True)
    assert case.hearing_right
    kinds = set(case.documents.values_list("kind", flat=True))
    assert {"penalty_notice", "hearing_notice"} <= kinds
    with pytest.raises(PermissionDenied):
        services.approve_decision(world.inspector, case, approve=True)
    # 行政处罚法第六十二条/第六十四条: not while the party may still ask for a hearing
    with pytest.raises(ValidationError) as exc:
        services.approve_decision(world.leader, case, approve=True)
    assert "5个工作日内提出要求听证" in exc.value.message_dict["decided_on"][0]
    case = services.record_statement(world.inspector, case, statement="", waived=True)
    case = services.approve_decision(world.leader, case, approve=True)
    assert case.decision_approved_by == world.leader
    assert case.parties.filter(decided_on=case.decided_on).count() == 2
    assert case.documents.filter(kind="penalty_decision").count() == 1


def _notice(world, finding, fines, reason="", **kw):
    case = filed(world, finding)
    rows = [
        {"id": p.pk, "fine": fines[p.kind], "out_of_range_reason": reason}
        for p in case.parties.all()
    ]
    case = services.propose_decision(world.inspector, case, parties=rows)
    return services.issue_notice(world.inspector, case, **kw)


def test_default_thresholds_give_hearing_notice_at_30000_for_the_enterprise(world, finding):
    # 行政处罚法第六十三条第一款第一项 with the engine's default 较大数额 (3万元 for 生产经营单位).
    case = _notice(world, finding, {"enterprise": 30000, "person": 0})
    assert case.hearing_right
    assert "安全生产违法行为行政处罚办法" in case.hearing_basis
    kinds = set(case.documents.values_list("kind", flat=True))
    assert {"penalty_notice", "hearing_notice"} <= kinds
    hearing = case.documents.get(kind="hearing_notice")
    assert hearing.number and hearing.issued_on == case.notice_on


def test_below_the_default_thresholds_no_hearing_notice(world, finding):
    case = _notice(world, finding, {"enterprise": 29999, "person": 0})
    assert not case.hearing_right
    assert case.documents.filter(kind="penalty_notice").exists()
    assert not case.documents.filter(kind="hearing_notice").exists()


def test_person_fine_reaching_10000_gives_the_hearing_right(world, finding):
    # 第九十七条 fines persons only when 逾期未改正 (20,000–50,000; none above the maximum).
    case = filed(world, finding)
    rows = [
        {"id": p.pk, "fine": 100000 if p.kind == "enterprise" else 20000, "overdue": True}
        for p in case.parties.all()
    ]
    case = services.propose_decision(world.inspector, case, parties=rows)
    case = services.issue_notice(world.inspector, case)
    assert case.hearing_right and "张三" in case.hearing_basis
    assert case.documents.filter(kind="hearing_notice").count() == 1


def test_handler_may_grant_a_hearing_the_law_does_not_require(world, finding):
    case = _notice(world, finding, {"enterprise": 10000, "person": 0}, hearing=True)
    assert case.hearing_right and "承办人决定告知听证权利" in case.hearing_basis
    assert case.documents.filter(kind="hearing_notice").exists()


def test_hearing_thresholds_from_settings_decide_the_right(world, finding, settings):
    settings.ANJIAN_HEARING_THRESHOLDS = {
        "individual_yuan": 10000, "organisation_yuan": 50000, "source": "测试标准",
    }  # fmt: skip
    case = _notice(world, finding, {"enterprise": 40000, "person": 0})
    assert not case.hearing_right and "测试标准" in case.hearing_basis
    assert not case.documents.filter(kind="hearing_notice").exists()


def test_bad_threshold_setting_is_a_configuration_error(world, finding, settings):
    settings.ANJIAN_HEARING_THRESHOLDS = {"individual_yuan": 10000, "organisation_yuan": 50000}
    with pytest.raises(ImproperlyConfigured, match="source"):
        _notice(world, finding, {"enterprise": 40000, "person": 0})


def test_serve_pay_late_surcharge_and_close(world, finding):
    """行政处罚法第六十七条第三款 "自收到行政处罚决定书之日起十五日内" (the day of service not counted,
    民法典第二百零一条); 第七十二条 加处罚款 from the day after the last day, 3 % a day."""
    decided_on = date.today() - timedelta(days=40)
    case = complete_file(world, decided(world, finding, on=decided_on))  # 案卷评查 before 结案
    case = services.serve(world.inspector, case, served_on=decided_on)
    assert case.payment_due_on == _workday_on_or_after(decided_on + timedelta(days=15))
    ent = case.parties.get(kind="enterprise")
    paid_on = case.payment_due_on + timedelta(days=10)
    with pytest.raises(ValidationError):
        services.record_payment(world.inspector, ent, amount=100000, paid_on=paid_on)
    p = services.record_payment(world.inspector, ent, amount=50000, paid_on=paid_on)
    # 加处罚款: 50,000 × 3 % × 10 days = 15,000 yuan.
    assert p.surcharge == Decimal("15000.00") and p.surcharge_days == 10
    case.refresh_from_db()
    assert case.stage == "execution"
    with pytest.raises(ValidationError):  # the surcharge is still owed
        services.close_case(world.leader, case)
    services.record_payment(world.inspector, p, amount=15000, paid_on=paid_on)
    case = services.close_case(world.leader, case)
    assert case.stage == "closed" and case.documents.filter(kind="closing_approval").exists()


def test_surcharge_capped_at_the_fine(world, finding):
    decided_on = date.today() - timedelta(days=100)
    case = decided(world, finding, on=decided_on)
    case = services.serve(world.inspector, case, served_on=decided_on)
    ent = case.parties.get(kind="enterprise")
    p = services.record_payment(world.inspector, ent, amount=1000, paid_on=date.today())
    assert p.surcharge == Decimal("50000.00")


def test_simple_procedure_only_where_the_law_allows(world, finding):
    kw = dict(
        enterprise=world.chem, title="未如实记录教育培训情况", facts="现场查实",
        violation_code="SPL-97-4", findings=[finding],
    )  # fmt: skip
    with pytest.raises(ValidationError) as exc:
        services.simple_penalty(world.inspector, fine=5000, **kw)
    assert "普通程序" in exc.value.message_dict["fine"][0]
    case = services.simple_penalty(world.inspector, fine=2000, **kw)
    assert case.procedure == "simple" and case.stage == "decided"
    assert case.number.startswith("（安居）应急罚〔")
    assert Case.objects.get(pk=case.pk).parties.get().fine == Decimal(2000)


def test_stale_version_is_refused(world, finding):
    from anjian.core.services import ConflictError

    case = proposed(world, finding)
    with pytest.raises(ConflictError):
        services.approve_filing(world.leader, case, approve=True, expected_version=case.version + 1)


def test_one_violation_is_not_opened_twice(world, finding):
    # 行政处罚法第二十九条: 对当事人的同一个违法行为，不得给予两次以上罚款的行政处罚.
    case = proposed(world, finding)
    with pytest.raises(ValidationError) as exc:
        proposed(world, finding)
    assert "不得重复处罚" in exc.value.message_dict["findings"][0]
    # Once 不予立案, the finding may be taken up again.
    services.approve_filing(world.leader, case, approve=False, note="证据不足")
    assert proposed(world, finding).stage == "proposed"


def test_decision_waits_for_the_requested_hearing(world, finding):
    case = _notice(world, finding, {"enterprise": 60000, "person": 0})
    assert case.hearing_right
    case = services.record_statement(world.inspector, case, statement="", hearing_requested=True)
    with pytest.raises(ValidationError) as exc:
        services.approve_decision(world.leader, case, approve=True)
    assert "尚未举行听证" in exc.value.message_dict["decided_on"][0]
    with pytest.raises(ValidationError) as exc:
        services.record_statement(
            world.inspector, case, statement="", hearing_requested=True, waived=True
        )
    assert "waived" in exc.value.message_dict
    case = services.record_statement(
        world.inspector, case, statement="听证会上当事人称已整改", hearing_requested=True,
        hearing_on=date.today(),
    )  # fmt: skip
    case = services.approve_decision(world.leader, case, approve=True)
    assert case.stage == "decided"
