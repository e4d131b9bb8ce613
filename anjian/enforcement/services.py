"""Every state change of enforcement (E3 cases, E5 escalations, E6 transfers, E7 documents,
E8 publication): permission, validation, write and audit in one transaction.

Law comes from anjian.law (fine ranges, discretion, 第六十条 time limit, 简易程序, 听证, 加处罚款,
第一百一十三条 closure, 严重失信名单); this module only applies it.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import transaction
from django.utils import timezone

from anjian import law
from anjian.accounts.models import Role
from anjian.audit.services import record
from anjian.core.services import check_version, require, snapshot
from anjian.hazards.models import OPEN_STATUSES, Hazard
from anjian.inspections.models import Finding
from anjian.law.periods import add_months
from anjian.registry import services as registry_services
from anjian.registry.models import Enterprise, Licence

from . import documents
from .models import Case, CaseParty, Document, Exposure, Sanction, Transfer, TransferItem

CASE_FIELDS = [
    "number",
    "stage",
    "procedure",
    "title",
    "facts",
    "filed_on",
    "decided_on",
    "closed_on",
    "decision_status",
    "notice_on",
    "hearing_right",
    "hearing_requested",
    "hearing_on",
    "rights_waived",
    "served_on",
    "payment_due_on",
    "extension_days",
    "version",
]
PARTY_FIELDS = [
    "kind",
    "name",
    "position",
    "violation_code",
    "article",
    "fine_min",
    "fine_max",
    "fine",
    "out_of_range_reason",
    "decided_on",
    "paid_amount",
    "paid_on",
    "surcharge",
]
DECIDED_STAGES = ("decided", "served", "execution", "closed")

CRIMES = [
    ("dangerous_operation", "危险作业罪（刑法修正案（十一）第一百三十四条之一）"),
    ("major_liability", "重大责任事故罪（刑法第一百三十四条第一款）"),
    ("forced_risk", "强令、组织他人违章冒险作业罪（刑法第一百三十四条第二款）"),
    ("major_labour_safety", "重大劳动安全事故罪（刑法第一百三十五条）"),
    ("failure_to_report", "不报、谎报安全事故罪（刑法第一百三十九条之一）"),
    ("other", "其他涉嫌犯罪"),
]


# ------------------------------------------------------------------------- permissions


def is_enforcer(by) -> bool:
    """Certified department staff (执法人员 or 负责人 with a valid 执法证)."""
    return by.is_superuser or (
        by.role in (Role.INSPECTOR, Role.DEPT_LEADER)
        and by.department_id is not None
        and by.cert_valid_on(timezone.localdate())
    )


def is_leader_of(by, department_id) -> bool:
    return by.is_superuser or (by.role == Role.DEPT_LEADER and by.department_id == department_id)


def _require_enforcer(by):
    if by.role in (Role.INSPECTOR, Role.DEPT_LEADER) and not by.cert_valid_on(timezone.localdate()):
        require(False, "您的执法证已过期或未登记，不能办理执法案件")
    require(is_enforcer(by), "只有持有效执法证的部门执法人员可以办理执法案件")


def _require_case(by, case: Case, action="change"):
    require(
        Case.objects.restrict(by, action).filter(pk=case.pk).exists(),
        "该案件不在您的管辖范围内",
    )


def _require_leader(by, department_id, what: str):
    require(is_leader_of(by, department_id), f"{what}须由本部门负责人审批")


def _lock_case(case: Case, expected_version=None) -> Case:
    c = Case.objects.select_for_update().get(pk=case.pk)
    check_version(c, expected_version)
    return c


def _stage(case: Case, allowed: tuple, action: str):
    if case.stage not in allowed:
        labels = dict(Case.STAGES)
        raise ValidationError({"stage": f"案件当前阶段为“{labels[case.stage]}”，不能{action}"})


def _save_case(by, case: Case, action: str, before: dict, note: str = "") -> Case:
    case.version += 1
    case.save()
    record(by, action, case, before=before, after=snapshot(case, CASE_FIELDS), note=note)
    return case


def _money(value, field: str) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        d = Decimal(str(value)).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError) as exc:
        raise ValidationError({field: "请输入有效金额"}) from exc
    if d < 0:
        raise ValidationError({field: "金额不能为负数"})
    return d


def _today(on):
    return on or timezone.localdate()


# ------------------------------------------------------------------------ law helpers


def engine_party(party: CaseParty, assessment) -> law.Party:
    if party.kind == "enterprise":
        return law.Party.ENTERPRISE
    if party.engine_party:
        try:
            return law.Party(party.engine_party)
        except ValueError:
            pass
    for band in assessment.fines:
        if band.party is not law.Party.ENTERPRISE:
            return band.party
    return law.Party.RESPONSIBLE_PERSONS


@dataclass
class PartyRange:
    party: law.Party
    min_yuan: Decimal | None
    max_yuan: Decimal | None
    suggested: Decimal | None
    tier: str
    reasons: list
    articles: list


def party_range(
    code: str, *, kind: str, overdue=False, last_year_income=None, engine_party_value=""
) -> PartyRange:
    """The engine's statutory range and discretion suggestion for one party."""
    facts = law.Facts(overdue=overdue, last_year_income=last_year_income)
    sug = law.suggest_fine(code, facts)
    assessment = sug.value.assessment
    fake = CaseParty(kind=kind, engine_party=engine_party_value)
    who = engine_party(fake, assessment)
    band = assessment.get(who)
    if band is None:
        low = high = Decimal(0)
    else:
        low = None if band.min_yuan is None else Decimal(band.min_yuan)
        high = None if band.max_yuan is None else Decimal(band.max_yuan)
    suggested = sug.value.suggested(who)
    return PartyRange(
        who,
        low,
        high,
        None if suggested is None else Decimal(suggested),
        str(sug.value.tier),
        list(sug.reasons),
        list(sug.articles),
    )


def earliest_decision(case: Case):
    """The engine's first possible decision day after 告知 for this case (with its reasons)."""
    return law.earliest_decision_day(
        case.notice_on,
        hearing_right=case.hearing_right,
        hearing_requested=case.hearing_requested,
        hearing_on=case.hearing_on,
        statement_made=bool(case.statement.strip()),
        waived=case.rights_waived,
    )


def decision_deadline(case: Case):
    """(last day, reasons): 行政处罚法第六十条 plus approved extensions."""
    res = law.decision_last_day(case.filed_on)
    due = res.value + timedelta(days=case.extension_days)
    reasons = list(res.reasons)
    if case.extension_days:
        reasons.append(
            f"经负责人批准延长{case.extension_days}日（{case.extension_reason}），最迟{due.isoformat()}"
        )
    return due, reasons


def payment_due(served_on: date):
    """(last day, reasons): 行政处罚法第六十七条第三款, from the engine."""
    res = law.payment_last_day(served_on)
    return res.value, res


def surcharge_for(party: CaseParty, paid_on: date):
    """加处罚款 as of `paid_on` (engine: 3 % per day, capped at the fine)."""
    due = party.case.payment_due_on
    days = max(0, (paid_on - due).days) if due else 0
    fine = party.fine or Decimal(0)
    return law.late_payment_surcharge(fine, days)


def hearing_thresholds() -> law.HearingThresholds:
    """The 较大数额 standard for 听证: the department's published one from the
    ANJIAN_HEARING_THRESHOLDS setting, else the engine's documented default."""
    data = getattr(settings, "ANJIAN_HEARING_THRESHOLDS", None)
    if not data:
        return law.DEFAULT_HEARING_THRESHOLDS
    try:
        return law.HearingThresholds.from_dict(data)
    except ValueError as exc:
        raise ImproperlyConfigured(f"ANJIAN_HEARING_THRESHOLDS: {exc}") from exc


# ---------------------------------------------------------------------------- E3 cases


def _check_sources(by, enterprise, findings, hazards, procedure) -> dict:
    errors = {}
    visible_findings = Finding.objects.restrict(by, "view")
    for f in findings:
        if not visible_findings.filter(pk=f.pk).exists():
            errors["findings"] = "所选检查发现问题不在您的权限范围内"
        elif f.kind != "violation":
            errors["findings"] = f"“{f.description[:20]}”不是违法行为，不能据此立案"
        elif f.inspection.enterprise_id != enterprise.pk:
            errors["findings"] = "所选问题不属于该企业"
    wanted = "case" if procedure == "general" else "simple_penalty"
    label = "立案处罚" if procedure == "general" else "简易处罚"
    visible_hazards = Hazard.objects.restrict(by, "view")
    for h in hazards:
        if not visible_hazards.filter(pk=h.pk).exists():
            errors["hazards"] = "所选隐患不在您的权限范围内"
        elif h.enterprise_id != enterprise.pk:
            errors["hazards"] = "所选隐患不属于该企业"
        elif not h.disposals.filter(option=wanted).exists():
            errors["hazards"] = f"隐患“{h.description[:20]}”的执法处置意见不是{label}"
    if not findings and not hazards:
        errors["findings"] = (
            "立案须至少依据一项违法行为（检查发现的违法行为或处置意见为立案处罚的隐患）"
        )
    # 行政处罚法第二十九条: one violation is not fined twice; a case not refused counts.
    active = Case.objects.exclude(stage="rejected")
    for f in findings:
        other = active.filter(findings=f).first()
        if other and "findings" not in errors:
            errors["findings"] = f"该违法行为已立案（{other.number or other.title}），不得重复处罚"
    for h in hazards:
        other = active.filter(hazards=h).first()
        if other and "hazards" not in errors:
            errors["hazards"] = f"该隐患已立案（{other.number or other.title}），不得重复处罚"
    return errors


def _default_code(findings, code):
    if code:
        return code
    return next((f.violation_code for f in findings if f.violation_code), "")


def propose_case(
    by,
    *,
    enterprise: Enterprise,
    title: str,
    facts: str = "",
    findings=(),
    hazards=(),
    violation_code: str = "",
    persons=(),
    overdue: bool = False,
    on: date | None = None,
) -> Case:
    """立案申请 by an inspector; the department leader approves it (approve_filing)."""
    _require_enforcer(by)
    require(
        Enterprise.objects.restrict(by, "change").filter(pk=enterprise.pk).exists(),
        "该企业不在您的监管范围内",
    )
    findings, hazards = list(findings), list(hazards)
    errors = _check_sources(by, enterprise, findings, hazards, "general")
    code = _default_code(findings, violation_code)
    if not code:
        errors["violation_code"] = "请选择违法行为（安全生产法条款）"
    elif code not in law.VIOLATIONS:
        errors["violation_code"] = f"未知的违法行为代码“{code}”"
    if not (title or "").strip():
        errors["title"] = "请填写案由"
    for i, p in enumerate(persons):
        if not (p.get("name") or "").strip():
            errors[f"person_{i}"] = "请填写责任人员姓名"
    if errors:
        raise ValidationError(errors)
    on = _today(on)
    violation = law.VIOLATIONS[code]
    with transaction.atomic():
        case = Case.objects.create(
            department=by.department,
            enterprise=enterprise,
            region_code=enterprise.region_id,
            inspection=findings[0].inspection if findings else None,
            title=title.strip(),
            facts=(facts or "").strip(),
            procedure="general",
            stage="proposed",
            filed_on=on,
            proposed_on=on,
            created_by=by,
        )
        case.findings.set(findings)
        case.hazards.set(hazards)
        case.handlers.add(by)
        CaseParty.objects.create(
            case=case,
            kind="enterprise",
            name=enterprise.name,
            violation_code=code,
            article=violation.citation,
            overdue=overdue,
            engine_party=str(law.Party.ENTERPRISE),
        )
        for p in persons:
            CaseParty.objects.create(
                case=case,
                kind="person",
                name=p["name"].strip(),
                position=(p.get("position") or "").strip(),
                person=p.get("person"),
                violation_code=code,
                article=violation.citation,
                overdue=overdue,
                engine_party=p.get("engine_party", ""),
            )
        _fill_ranges(case)
        record(by, "case.propose", case, after=snapshot(case, CASE_FIELDS))
    return case


def _fill_ranges(case: Case) -> None:
    for p in case.parties.all():
        r = party_range(
            p.violation_code,
            kind=p.kind,
            overdue=p.overdue,
            last_year_income=p.last_year_income,
            engine_party_value=p.engine_party,
        )
        p.engine_party = str(r.party)
        p.fine_min, p.fine_max = r.min_yuan, r.max_yuan
        p.suggested_fine, p.tier, p.engine_reasons = r.suggested, r.tier, r.reasons
        p.save()


def approve_filing(
    by, case: Case, *, approve: bool, note: str = "", on=None, expected_version=None
) -> Case:
    """立案审批 by the department leader: approved → 立案 (with 立案审批表), or 不予立案."""
    _require_leader(by, case.department_id, "立案")
    if not approve and not (note or "").strip():
        raise ValidationError({"note": "不予立案须填写理由"})
    with transaction.atomic():
        c = _lock_case(case, expected_version)
        _stage(c, ("proposed",), "审批立案")
        before = snapshot(c, CASE_FIELDS)
        c.filing_note = (note or "").strip()
        c.filing_approved_by = by
        if approve:
            c.stage = "filed"
            c.filed_on = _today(on)
            c.save()
            doc = documents.create(
                by,
                "filing_approval",
                department=c.department,
                enterprise=c.enterprise,
                case=c,
                issued_on=c.filed_on,
            )
            c.number = doc.number
        else:
            c.stage = "rejected"
        return _save_case(by, c, "case.filing_" + ("approve" if approve else "reject"), before)


def start_investigation(by, case: Case, *, evidence: str = "", on=None, expected_version=None):
    _require_enforcer(by)
    _require_case(by, case)
    with transaction.atomic():
        c = _lock_case(case, expected_version)
        _stage(c, ("filed", "investigation"), "调查取证")
        before = snapshot(c, CASE_FIELDS)
        c.stage = "investigation"
        c.investigation_on = c.investigation_on or _today(on)
        if evidence:
            c.evidence = evidence.strip()
        return _save_case(by, c, "case.investigate", before)


def propose_decision(by, case: Case, *, parties: list[dict], expected_version=None) -> Case:
    """拟处罚意见 per party: amount inside the engine's range, or outside it with a legal reason.

    Each dict: id (CaseParty pk), fine, and optionally out_of_range_reason, violation_code,
    overdue, last_year_income, other_penalties.
    """
    _require_enforcer(by)
    _require_case(by, case)
    with transaction.atomic():
        c = _lock_case(case, expected_version)
        _stage(c, ("filed", "investigation", "notice"), "提出处罚意见")
        if c.decision_status == "approved":
            raise ValidationError({"stage": "处罚决定已批准，不能再修改"})
        before = snapshot(c, CASE_FIELDS)
        by_id = {p.pk: p for p in c.parties.all()}
        errors = {}
        for data in parties:
            p = by_id.get(int(data["id"]))
            if p is None:
                raise ValidationError({"parties": "当事人不属于该案件"})
            field = f"fine_{p.pk}"
            code = data.get("violation_code") or p.violation_code
            if code not in law.VIOLATIONS:
                errors[f"violation_code_{p.pk}"] = f"未知的违法行为代码“{code}”"
                continue
            p.violation_code = code
            p.article = law.VIOLATIONS[code].citation
            p.overdue = bool(data.get("overdue", p.overdue))
            income = _money(data.get("last_year_income"), f"last_year_income_{p.pk}")
            p.last_year_income = income if income is not None else p.last_year_income
            fine = _money(data.get("fine"), field)
            if fine is None:
                errors[field] = f"请填写对{p.name}的罚款金额（不予罚款填 0 并说明理由）"
                continue
            r = party_range(
                code,
                kind=p.kind,
                overdue=p.overdue,
                last_year_income=p.last_year_income,
                engine_party_value=p.engine_party if p.kind == "person" else "",
            )
            p.engine_party = str(r.party)
            p.fine_min, p.fine_max = r.min_yuan, r.max_yuan
            p.suggested_fine, p.tier, p.engine_reasons = r.suggested, r.tier, r.reasons
            p.fine = fine
            p.other_penalties = (data.get("other_penalties") or p.other_penalties or "").strip()
            reason = (data.get("out_of_range_reason") or "").strip()
            inside = (
                r.min_yuan is not None
                and r.max_yuan is not None
                and r.min_yuan <= fine <= r.max_yuan
            )
            if not inside and not reason:
                if r.min_yuan is None:
                    errors[field] = (
                        f"{p.name}：法定罚款按上一年年收入计算，请填写上一年年收入，"
                        "或说明确定罚款金额的法律理由"
                    )
                else:
                    errors[field] = (
                        f"{p.name}：罚款{fine:,.2f}元超出法定幅度"
                        f"{r.min_yuan:,.0f}元至{r.max_yuan:,.0f}元（{p.article}），"
                        "须填写超出幅度的法律理由（如行政处罚法第三十二条减轻处罚）"
                    )
            p.out_of_range_reason = reason if not inside else ""
        if errors:
            raise ValidationError(errors)
        for p in by_id.values():
            p.save()
        c.decision_status = "proposed"
        c.decision_proposed_by = by
        return _save_case(by, c, "case.propose_decision", before)


def hearing_assessment(case: Case) -> tuple[bool, list[str]]:
    """行政处罚法第六十三条 per party of the proposed decision: (any party has the right to a
    hearing, reasons naming the party)."""
    thresholds = hearing_thresholds()
    right, reasons = False, []
    for p in case.parties.all():
        if p.violation_code not in law.VIOLATIONS:
            continue
        assessment = law.fine_range(
            p.violation_code, overdue=p.overdue, last_year_income=p.last_year_income
        ).value
        res = law.hearing_right(
            individual=p.kind == "person",
            fine_yuan=p.fine or 0,
            measures=[m.measure for m in assessment.measures],
            thresholds=thresholds,
        )
        right = right or bool(res.value)
        reasons += [f"{p.name}：{r}" for r in res.reasons]
    return right, reasons


def issue_notice(by, case: Case, *, on=None, hearing: bool | None = None, expected_version=None):
    """告知: 行政处罚告知书 (陈述申辩), plus 听证告知书 where the law gives the right.

    The right is decided per party by the engine (行政处罚法第六十三条: the proposed measures and
    fines against the 较大数额 standard of ``hearing_thresholds()``); ``hearing=True`` also
    tells the party of a hearing where the law does not require it.
    """
    _require_enforcer(by)
    _require_case(by, case)
    with transaction.atomic():
        c = _lock_case(case, expected_version)
        _stage(c, ("filed", "investigation"), "告知")
        if c.decision_status != "proposed":
            raise ValidationError({"decision_status": "请先提出拟处罚意见（各当事人的罚款金额）"})
        before = snapshot(c, CASE_FIELDS)
        right, reasons = hearing_assessment(c)
        if not right and hearing:
            right = True
            reasons.append("法律未规定应当告知听证权利，承办人决定告知听证权利")
        c.notice_on = _today(on)
        c.hearing_right = right
        c.hearing_basis = "\n".join(reasons)
        c.stage = "notice"
        c.save()
        documents.create(
            by, "penalty_notice", department=c.department, enterprise=c.enterprise, case=c,
            issued_on=c.notice_on,
        )  # fmt: skip
        if right:
            documents.create(
                by, "hearing_notice", department=c.department, enterprise=c.enterprise, case=c,
                issued_on=c.notice_on,
            )  # fmt: skip
        return _save_case(by, c, "case.notice", before)


def record_statement(
    by, case: Case, *, statement: str, hearing_requested=False, hearing_on=None,
    waived=False, expected_version=None,
):  # fmt: skip
    """陈述申辩 and the hearing request, or the party's written waiver of both (第六十二条)."""
    _require_enforcer(by)
    _require_case(by, case)
    with transaction.atomic():
        c = _lock_case(case, expected_version)
        _stage(c, ("notice",), "记录陈述申辩")
        errors = {}
        if hearing_requested and not c.hearing_right:
            errors["hearing_requested"] = "本案不属于应当告知听证权利的情形"
        if hearing_requested and waived:
            errors["waived"] = "当事人要求听证的，不能同时登记放弃权利"
        if hearing_on and not hearing_requested:
            errors["hearing_on"] = "当事人未要求听证，不能登记听证日期"
        if hearing_on and c.notice_on and hearing_on < c.notice_on:
            errors["hearing_on"] = "听证日期不能早于告知日期"
        if errors:
            raise ValidationError(errors)
        before = snapshot(c, CASE_FIELDS)
        c.statement = (statement or "").strip()
        c.hearing_requested = bool(hearing_requested)
        c.hearing_on = hearing_on
        c.rights_waived = bool(waived)
        return _save_case(by, c, "case.statement", before)


def extend_deadline(by, case: Case, *, days: int, reason: str, expected_version=None):
    """Extension of the 第六十条 time limit, approved by the department leader."""
    _require_leader(by, case.department_id, "延长办案期限")
    errors = {}
    if not days or int(days) <= 0:
        errors["days"] = "延长天数须为正整数"
    if not (reason or "").strip():
        errors["reason"] = "请填写延期理由"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        c = _lock_case(case, expected_version)
        _stage(c, ("filed", "investigation", "notice"), "延长办案期限")
        before = snapshot(c, CASE_FIELDS)
        c.extension_days += int(days)
        c.extension_reason = reason.strip()
        c.extension_approved_by = by
        return _save_case(by, c, "case.extend", before)


def approve_decision(
    by, case: Case, *, approve: bool, note: str = "", decided_on=None, expected_version=None
) -> Case:
    """处罚决定审批 by the department leader; an approved decision issues 行政处罚决定书 and
    evaluates 第一百一十三条 for the enterprise."""
    _require_leader(by, case.department_id, "行政处罚决定")
    if not approve and not (note or "").strip():
        raise ValidationError({"note": "退回须填写审批意见"})
    with transaction.atomic():
        c = _lock_case(case, expected_version)
        _stage(c, ("notice",), "作出处罚决定（须先告知当事人陈述申辩权利）")
        if c.decision_status != "proposed":
            raise ValidationError({"decision_status": "没有待审批的处罚意见"})
        before = snapshot(c, CASE_FIELDS)
        c.decision_note = (note or "").strip()
        if not approve:
            c.decision_status = "returned"
            return _save_case(by, c, "case.decision_return", before)
        decided_on = _today(decided_on)
        due, _ = decision_deadline(c)
        if decided_on > due:
            raise ValidationError(
                {
                    "decided_on": f"已超过办案期限（最迟{due.isoformat()}，行政处罚法第六十条），"
                    "须先经批准延长期限"
                }
            )
        if c.notice_on and decided_on < c.notice_on:
            raise ValidationError({"decided_on": "决定日期不能早于告知日期"})
        if c.notice_on:
            earliest = earliest_decision(c)
            if earliest.value is None or decided_on < earliest.value:
                raise ValidationError({"decided_on": "；".join(earliest.reasons)})
        c.decision_status = "approved"
        c.decision_approved_by = by
        c.decided_on = decided_on
        c.stage = "decided"
        c.save()
        c.parties.update(decided_on=decided_on)
        documents.create(
            by, "penalty_decision", department=c.department, enterprise=c.enterprise, case=c,
            issued_on=decided_on,
        )  # fmt: skip
        _save_case(by, c, "case.decide", before)
        evaluate_closure(by, c.enterprise, on=decided_on, case=c)
        return c


def serve(by, case: Case, *, served_on=None, method: str = "直接送达", expected_version=None):
    _require_enforcer(by)
    _require_case(by, case)
    with transaction.atomic():
        c = _lock_case(case, expected_version)
        _stage(c, ("decided",), "送达")
        before = snapshot(c, CASE_FIELDS)
        served_on = _today(served_on)
        if c.decided_on and served_on < c.decided_on:
            raise ValidationError({"served_on": "送达日期不能早于决定日期"})
        c.served_on = served_on
        c.service_method = (method or "").strip()
        c.payment_due_on, res = payment_due(served_on)
        c.stage = "served"
        return _save_case(by, c, "case.serve", before, note="、".join(res.articles))


def outstanding(p: CaseParty) -> Decimal:
    return (p.fine or 0) + (p.surcharge or 0) - (p.paid_amount or 0)


def record_payment(by, party: CaseParty, *, amount, paid_on=None) -> CaseParty:
    """缴款; paying after the due date adds 加处罚款 computed by the engine."""
    _require_enforcer(by)
    _require_case(by, party.case)
    amount = _money(amount, "amount")
    if not amount:
        raise ValidationError({"amount": "请填写缴款金额"})
    with transaction.atomic():
        c = _lock_case(party.case)
        _stage(c, ("served", "execution"), "登记缴款")
        p = CaseParty.objects.select_for_update().get(pk=party.pk)
        before = snapshot(p, PARTY_FIELDS)
        paid_on = _today(paid_on)
        sur = surcharge_for(p, paid_on).value
        if sur.amount_yuan > p.surcharge:
            p.surcharge = sur.amount_yuan
            p.surcharge_days = sur.days_late
        due = outstanding(p)
        if amount > due:
            raise ValidationError(
                {"amount": f"缴款金额超过应缴金额（罚款及加处罚款尚欠{due:,.2f}元）"}
            )
        p.paid_amount += amount
        p.paid_on = paid_on
        p.save()
        record(by, "case.payment", p, before=before, after=snapshot(p, PARTY_FIELDS))
        if c.stage == "served":
            cb = snapshot(c, CASE_FIELDS)
            c.stage = "execution"
            _save_case(by, c, "case.execute", cb)
        return p


def close_case(by, case: Case, *, note: str = "", on=None, expected_version=None) -> Case:
    """结案审批 by the department leader (with 结案审批表)."""
    _require_leader(by, case.department_id, "结案")
    with transaction.atomic():
        c = _lock_case(case, expected_version)
        _stage(c, ("served", "execution"), "结案")
        unpaid = [p for p in c.parties.all() if outstanding(p) > 0]
        if unpaid and not (note or "").strip():
            names = "、".join(p.name for p in unpaid)
            raise ValidationError(
                {"note": f"{names}尚未缴清罚款，须说明结案理由（如已申请法院强制执行）"}
            )
        before = snapshot(c, CASE_FIELDS)
        c.closing_note = (note or "").strip()
        c.closed_on = _today(on)
        c.stage = "closed"
        c.save()
        documents.create(
            by, "closing_approval", department=c.department, enterprise=c.enterprise, case=c,
            issued_on=c.closed_on,
        )  # fmt: skip
        return _save_case(by, c, "case.close", before)


def simple_penalty(
    by,
    *,
    enterprise: Enterprise,
    title: str,
    facts: str,
    violation_code: str,
    fine,
    findings=(),
    hazards=(),
    person: dict | None = None,
    out_of_range_reason: str = "",
    on=None,
) -> Case:
    """简易程序 (当场处罚) where 行政处罚法第五十一条 allows it: one party, decided on the spot."""
    _require_enforcer(by)
    require(
        Enterprise.objects.restrict(by, "change").filter(pk=enterprise.pk).exists(),
        "该企业不在您的监管范围内",
    )
    findings, hazards = list(findings), list(hazards)
    errors = _check_sources(by, enterprise, findings, hazards, "simple")
    fine = _money(fine, "fine")
    code = _default_code(findings, violation_code)
    if code not in law.VIOLATIONS:
        errors["violation_code"] = "请选择违法行为（安全生产法条款）"
    if fine is None:
        errors["fine"] = "请填写罚款金额"
    if not (title or "").strip():
        errors["title"] = "请填写案由"
    if errors:
        raise ValidationError(errors)
    individual = bool(person)
    allowed = law.summary_procedure_allowed(fine, individual)
    if not allowed.value:
        raise ValidationError({"fine": "；".join(allowed.reasons) + "，应当适用普通程序立案"})
    kind = "person" if individual else "enterprise"
    r = party_range(code, kind=kind)
    inside = r.min_yuan is not None and r.min_yuan <= fine <= r.max_yuan
    if not inside and not (out_of_range_reason or "").strip():
        raise ValidationError(
            {"fine": f"罚款超出法定幅度{r.min_yuan:,.0f}元至{r.max_yuan:,.0f}元，须填写法律理由"}
        )
    on = _today(on)
    with transaction.atomic():
        c = Case.objects.create(
            department=by.department,
            enterprise=enterprise,
            region_code=enterprise.region_id,
            inspection=findings[0].inspection if findings else None,
            title=title.strip(),
            facts=(facts or "").strip(),
            procedure="simple",
            stage="decided",
            filed_on=on,
            proposed_on=on,
            decided_on=on,
            decision_status="approved",
            decision_proposed_by=by,
            created_by=by,
        )
        c.findings.set(findings)
        c.hazards.set(hazards)
        c.handlers.add(by)
        CaseParty.objects.create(
            case=c,
            kind=kind,
            name=person["name"] if person else enterprise.name,
            position=(person or {}).get("position", ""),
            violation_code=code,
            article=law.VIOLATIONS[code].citation,
            engine_party=str(r.party),
            fine_min=r.min_yuan,
            fine_max=r.max_yuan,
            suggested_fine=r.suggested,
            tier=r.tier,
            engine_reasons=r.reasons + list(allowed.reasons),
            fine=fine,
            out_of_range_reason="" if inside else out_of_range_reason.strip(),
            decided_on=on,
        )
        doc = documents.create(
            by, "penalty_decision", department=c.department, enterprise=enterprise, case=c,
            issued_on=on,
        )  # fmt: skip
        c.number = doc.number
        c.save(update_fields=["number"])
        record(by, "case.simple_penalty", c, after=snapshot(c, CASE_FIELDS))
        evaluate_closure(by, enterprise, on=on, case=c)
    return c


# ---------------------------------------------------------------------- E5 escalations


def penalty_dates(enterprise) -> list[date]:
    return list(
        Case.objects.filter(
            enterprise=enterprise, stage__in=DECIDED_STAGES, decided_on__isnull=False
        ).values_list("decided_on", flat=True)
    )


def has_open_major_hazard(enterprise) -> bool:
    return Hazard.objects.filter(
        enterprise=enterprise, level="major", status__in=OPEN_STATUSES
    ).exists()


def evaluate_closure(by, enterprise, *, on: date, case: Case | None = None, **engine_kw):
    """第一百一十三条 after a penalty (or a failed 整顿 verification): a proposed 提请关闭."""
    res = law.closure_check(
        penalty_dates(enterprise), has_open_major_hazard(enterprise), on, **engine_kw
    )
    if not res.value.triggered:
        return None
    if Sanction.objects.filter(
        enterprise=enterprise, kind="closure", status__in=("proposed", "decided")
    ).exists():
        return None
    department = case.department if case else by.department
    s = Sanction.objects.create(
        kind="closure",
        status="proposed",
        auto=True,
        department=department,
        enterprise=enterprise,
        region_code=enterprise.region_id,
        case=case,
        decided_on=on,
        basis="\n".join(res.reasons),
        note="依据：" + "、".join(res.articles),
        created_by=by,
    )
    record(by, "sanction.propose", s, after=snapshot(s), note="第一百一十三条自动评估")
    return s


def _sanction_scope(by, enterprise):
    require(
        Enterprise.objects.restrict(by, "view").filter(pk=enterprise.pk).exists(),
        "该企业不在您的监管范围内",
    )


def _new_sanction(by, kind, enterprise, *, status="decided", **fields) -> Sanction:
    s = Sanction.objects.create(
        kind=kind,
        status=status,
        department=by.department,
        enterprise=enterprise,
        region_code=enterprise.region_id,
        created_by=by,
        decided_by=by if status == "decided" else None,
        **fields,
    )
    record(by, f"sanction.{kind}", s, after=snapshot(s))
    return s


def _set_enterprise_status(by, enterprise, status: str, note: str):
    """Registry 经营状态 follows the decision, through the registry's own service."""
    registry_services.set_enterprise_status(by, enterprise, status=status, note=note)


def order_suspension(
    by, enterprise, *, starts_on, ends_on, basis: str, case: Case | None = None
) -> Sanction:
    """责令停产停业整顿 with its end date (department leader)."""
    _require_leader(by, by.department_id, "责令停产停业整顿")
    _sanction_scope(by, enterprise)
    errors = {}
    if not starts_on or not ends_on or ends_on < starts_on:
        errors["ends_on"] = "整顿截止日期须不早于起始日期"
    if not (basis or "").strip():
        errors["basis"] = "请填写依据（如安全生产法第九十七条逾期未改正）"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        s = _new_sanction(
            by, "suspension", enterprise, case=case, decided_on=starts_on, starts_on=starts_on,
            ends_on=ends_on, basis=basis.strip(),
        )  # fmt: skip
        _set_enterprise_status(by, enterprise, "suspended", "责令停产停业整顿")
        return s


def verify_suspension(by, sanction: Sanction, *, passed: bool, on=None, note: str = ""):
    """整顿验收: passed → 恢复生产; failed → 第一百一十三条第二项 evaluated (提请关闭)."""
    _require_enforcer(by)
    require(
        Sanction.objects.restrict(by, "change").filter(pk=sanction.pk).exists(),
        "无权验收该整顿",
    )
    if sanction.kind != "suspension":
        raise ValidationError({"kind": "只有停产停业整顿需要验收"})
    if sanction.verified_on:
        raise ValidationError({"verified_on": "该整顿已验收"})
    on = _today(on)
    with transaction.atomic():
        s = Sanction.objects.select_for_update().get(pk=sanction.pk)
        before = snapshot(s)
        s.verified_on = on
        s.verification_passed = passed
        s.note = (note or "").strip()
        if passed:
            s.lifted_on = on
        s.save()
        record(by, "sanction.verify", s, before=before, after=snapshot(s))
        if passed:
            _set_enterprise_status(by, s.enterprise, "normal", "整顿验收合格，恢复生产")
            return s, None
        closure = evaluate_closure(
            by, s.enterprise, on=on, case=s.case, still_unsafe_after_suspension=True
        )
        return s, closure


def propose_closure(by, enterprise, *, basis: str, case: Case | None = None, on=None):
    """Manual 提请关闭 proposal by an inspector (the leader decides)."""
    _require_enforcer(by)
    _sanction_scope(by, enterprise)
    if not (basis or "").strip():
        raise ValidationError({"basis": "请填写提请关闭的依据"})
    with transaction.atomic():
        return _new_sanction(
            by, "closure", enterprise, status="proposed", case=case, decided_on=_today(on),
            basis=basis.strip(),
        )  # fmt: skip


def decide_sanction(by, sanction: Sanction, *, approve: bool, note: str = "", on=None):
    """Leader decides a proposed sanction (e.g. the automatic 提请关闭)."""
    _require_leader(by, sanction.department_id, "升级处置")
    if sanction.status != "proposed":
        raise ValidationError({"status": "该事项不是待审批状态"})
    if not approve and not (note or "").strip():
        raise ValidationError({"note": "不予采纳须填写理由"})
    with transaction.atomic():
        s = Sanction.objects.select_for_update().get(pk=sanction.pk)
        before = snapshot(s)
        s.status = "decided" if approve else "rejected"
        s.decided_by = by
        s.decided_on = _today(on)
        if note:
            s.note = (s.note + "\n" + note.strip()).strip()
        s.save()
        record(by, "sanction.decide", s, before=before, after=snapshot(s))
        return s


def revoke_licence(by, licence: Licence, *, basis: str, case: Case | None = None, on=None):
    """吊销许可证: a Sanction, and the registry licence marked revoked by the registry service."""
    _require_leader(by, by.department_id, "吊销许可证")
    require(
        Licence.objects.restrict(by, "view").filter(pk=licence.pk).exists(),
        "该证照不在您的监管范围内",
    )
    if licence.revoked:
        raise ValidationError({"licence": "该证照已被吊销"})
    if not (basis or "").strip():
        raise ValidationError({"basis": "请填写吊销依据"})
    with transaction.atomic():
        registry_services.mark_licence_revoked(by, licence, basis=basis.strip())
        return _new_sanction(
            by, "revocation", licence.enterprise, licence=licence, case=case,
            decided_on=_today(on), basis=basis.strip(),
        )  # fmt: skip


def ban_period(enterprise, *, violation_code: str = "", serious: bool = False, on=None):
    """行业禁入 from the engine (law.industry_ban): the violation's ban measures, else a decided
    第一百一十三条 closure of the enterprise. Returns the engine's Result (value None: no ban)."""
    closed = Sanction.objects.filter(
        enterprise=enterprise, kind="closure", status="decided"
    ).exists()
    return law.industry_ban(
        _today(on), violation_code=violation_code, closed=closed, serious=serious
    )


def ban_person(
    by, enterprise, *, person_name: str, case: Case | None = None, serious=False, on=None
):
    """行业禁入 of a principal; the period comes from the engine."""
    _require_leader(by, by.department_id, "行业禁入")
    _sanction_scope(by, enterprise)
    if not (person_name or "").strip():
        raise ValidationError({"person_name": "请填写人员姓名"})
    code = ""
    if case is not None:
        code = next((p.violation_code for p in case.parties.all() if p.violation_code), "")
    res = ban_period(enterprise, violation_code=code, serious=serious, on=on)
    ban = res.value
    if ban is None:
        raise ValidationError({"person_name": "依据该案违法行为及企业处置情况，法律未规定行业禁入"})
    with transaction.atomic():
        return _new_sanction(
            by, "industry_ban", enterprise, case=case, person_name=person_name.strip(),
            decided_on=ban.starts_on, starts_on=ban.starts_on, ends_on=ban.last_day,
            basis=f"{ban.scope}（{ban.article}）" + ("；终身禁入" if ban.lifetime else ""),
            note="\n".join(res.reasons),
        )  # fmt: skip


def list_dishonest(
    by, enterprise, *, on=None, accidents=(), multiplied_fine=False, concealed=False,
    reason: str = "",
):  # fmt: skip
    """严重失信主体名单 entry with its period (engine: dishonesty_listing)."""
    _require_leader(by, by.department_id, "列入严重失信主体名单")
    _sanction_scope(by, enterprise)
    on = _today(on)
    res = law.dishonesty_listing(
        on_date=on, accidents=accidents, multiplied_fine_under_114=multiplied_fine,
        concealed_or_false_report=concealed,
    )  # fmt: skip
    d = res.value
    if not d.listed and not (reason or "").strip():
        raise ValidationError(
            {"reason": "不符合系统已编码的列入情形；如依据办法其他情形列入，须填写具体依据"}
        )
    until = d.listed_until or add_months(on, 36)
    early = d.early_removal_from or add_months(on, 12)
    with transaction.atomic():
        return _new_sanction(
            by, "dishonesty", enterprise, decided_on=on, starts_on=on, ends_on=until,
            early_removal_from=early,
            basis="\n".join(res.reasons) + (f"\n{reason.strip()}" if reason else ""),
        )  # fmt: skip


def remove_early(by, sanction: Sanction, *, on=None, note: str = ""):
    """提前移出 严重失信主体名单 (after 12 months, per the engine)."""
    _require_leader(by, sanction.department_id, "提前移出严重失信主体名单")
    on = _today(on)
    if sanction.kind != "dishonesty":
        raise ValidationError({"kind": "只有严重失信主体名单可以提前移出"})
    if sanction.lifted_on:
        raise ValidationError({"lifted_on": "已移出"})
    if sanction.early_removal_from and on < sanction.early_removal_from:
        raise ValidationError(
            {
                "lifted_on": f"列入满12个月后（{sanction.early_removal_from.isoformat()}起）方可申请提前移出"
            }
        )
    with transaction.atomic():
        s = Sanction.objects.select_for_update().get(pk=sanction.pk)
        before = snapshot(s)
        s.lifted_on = on
        s.note = (s.note + "\n提前移出：" + (note or "").strip()).strip()
        s.save()
        record(by, "sanction.remove_early", s, before=before, after=snapshot(s))
        return s


def refer_judicial(
    by, enterprise, *, to_organ: str, crime: str, facts: str, case: Case | None = None, on=None
):
    """移送司法 (行刑衔接): a Sanction(judicial) and a judicial Transfer to the organ."""
    _require_leader(by, by.department_id, "移送司法")
    _sanction_scope(by, enterprise)
    errors = {}
    if crime not in dict(CRIMES):
        errors["crime"] = "请选择涉嫌罪名"
    if not (to_organ or "").strip():
        errors["to_organ"] = "请填写接收机关（如：公安机关）"
    if not (facts or "").strip():
        errors["facts"] = "请填写涉嫌犯罪的事实"
    if errors:
        raise ValidationError(errors)
    on = _today(on)
    label = dict(CRIMES)[crime]
    with transaction.atomic():
        s = _new_sanction(
            by, "judicial", enterprise, case=case, decided_on=on, basis=label, note=facts.strip()
        )
        t = create_transfer(
            by, enterprise=enterprise, kind="judicial", to_organ=to_organ.strip(), case=case,
            reason=f"涉嫌{label}：{facts.strip()}", on=on,
        )  # fmt: skip
        return s, t


# ------------------------------------------------------------------------ E6 transfers


def create_transfer(
    by,
    *,
    enterprise,
    kind: str = "general",
    to_department=None,
    to_region=None,
    to_organ: str = "",
    inspection=None,
    case=None,
    checked_on=None,
    reason: str = "",
    items=(),
    on=None,
) -> Transfer:
    """移交 (seed 001 异地执法检查问题移交表) to a department, a town or a judicial organ."""
    _require_enforcer(by)
    _sanction_scope(by, enterprise)
    errors = {}
    receivers = [x for x in (to_department, to_region, (to_organ or "").strip()) if x]
    if len(receivers) != 1:
        errors["to_department"] = "请选择一个接收单位（部门、镇街或司法机关）"
    if kind not in dict(Transfer.KINDS):
        errors["kind"] = "移交类型无效"
    if kind == "general" and not items:
        errors["items"] = "移交表至少应有一项问题"
    options = dict(TransferItem.DISPOSALS)
    for i, it in enumerate(items, start=1):
        if not (it.get("description") or "").strip():
            errors[f"item_{i}"] = f"第{i}行：请填写问题描述"
        bad = [d for d in it.get("disposals", []) if d not in options]
        if bad:
            errors[f"item_{i}"] = f"第{i}行：执法处置意见无效"
    if errors:
        raise ValidationError(errors)
    return _insert_transfer(
        by, department=by.department, enterprise=enterprise, kind=kind,
        to_department=to_department, to_region=to_region, to_organ=to_organ,
        inspection=inspection, case=case, checked_on=checked_on, reason=reason, items=items,
        on=_today(on),
    )  # fmt: skip


def _insert_transfer(
    by, *, department, enterprise, kind, to_department, to_region, to_organ, inspection, case,
    checked_on, reason, items, on, note: str = "",
) -> Transfer:  # fmt: skip
    """Write a validated transfer, its rows, its numbered 移交表 and the audit entry."""
    with transaction.atomic():
        t = Transfer.objects.create(
            kind=kind,
            department=department,
            enterprise=enterprise,
            region_code=enterprise.region_id,
            inspection=inspection,
            case=case,
            to_department=to_department,
            to_region=to_region,
            to_organ=(to_organ or "").strip(),
            issued_on=on,
            checked_on=checked_on or (inspection.inspected_on if inspection else None),
            reason=(reason or "").strip(),
            created_by=by,
        )
        for seq, it in enumerate(items, start=1):
            TransferItem.objects.create(
                transfer=t,
                seq=seq,
                check_item=(it.get("check_item") or "").strip()[:128],
                description=it["description"].strip(),
                legal_basis=(it.get("legal_basis") or "").strip(),
                standard_basis=(it.get("standard_basis") or "").strip(),
                raised_by=(it.get("raised_by") or by.display_name).strip()[:64],
                responsible_unit=(it.get("responsible_unit") or "").strip()[:64],
                disposals=list(it.get("disposals", [])),
                finding=it.get("finding"),
                hazard=it.get("hazard"),
            )
        documents.create(
            by, "transfer_form", department=t.department, enterprise=enterprise, transfer=t,
            case=case, inspection=inspection, issued_on=on,
        )  # fmt: skip
        record(by, "transfer.create", t, after=snapshot(t), note=note)
        return t


def transfer_from_disposal(by, disposal) -> Transfer:
    """The Transfer for a hazard's 执法处置意见 "移交其他部门" (hazards.services.dispose calls it
    inside its transaction): a 移交表 with one row for the hazard, from the disposing user's
    department (or, for a 安委办 or 镇街 user, the hazard's responsible department) to the
    receiving department."""
    h = disposal.hazard
    require(
        by.role != Role.ENTERPRISE
        and Hazard.objects.restrict(by, "change").filter(pk=h.pk).exists(),
        "无权移交该隐患",
    )
    errors = {}
    if disposal.option != "transfer" or disposal.transfer_to_id is None:
        errors["transfer_to"] = "只有“移交其他部门”的处置意见生成移交记录，须选择接收部门"
    sender = by.department if by.department_id else h.department
    if sender is None:
        errors["transfer_to"] = "该隐患没有负责部门，无法确定移交单位；请先明确负责部门"
    elif disposal.transfer_to_id == sender.pk:
        errors["transfer_to"] = f"接收部门不能是移交单位本身（{sender.name}）"
    if errors:
        raise ValidationError(errors)
    finding = Finding.objects.filter(hazard=h).select_related("inspection").first()
    inspection = finding.inspection if finding else None
    item = h.checklist_item
    standard = ""
    if h.criterion_id:
        standard = f"{h.criterion.standard} {h.criterion.number}：{h.criterion.text}"
    elif item is not None:
        standard = item.basis
    code = (finding.violation_code if finding else "") or (item.violation_code if item else "")
    if code in law.VIOLATIONS:
        legal = law.VIOLATIONS[code].citation
    else:
        legal = item.liability if item is not None else ""
    description = h.description + (f"（部位：{h.location}）" if h.location else "")
    row = {
        "check_item": item.item if item is not None else "",
        "description": description,
        "legal_basis": legal,
        "standard_basis": standard,
        "raised_by": h.found_by.display_name if h.found_by_id else by.display_name,
        "responsible_unit": disposal.transfer_to.name,
        "disposals": ["transfer"],
        "finding": finding,
        "hazard": h,
    }
    on = timezone.localtime(disposal.decided_at).date()
    return _insert_transfer(
        by, department=sender, enterprise=h.enterprise, kind="general",
        to_department=disposal.transfer_to, to_region=None, to_organ="", inspection=inspection,
        case=None, checked_on=inspection.inspected_on if inspection else timezone.localtime(h.found_at).date(),
        reason="执法处置意见：移交其他部门" + (f"（{disposal.note}）" if disposal.note else ""),
        items=[row], on=on, note=f"隐患#{h.pk}执法处置：移交{disposal.transfer_to.name}",
    )  # fmt: skip


def is_receiver(by, t: Transfer) -> bool:
    if by.is_superuser:
        return True
    if t.to_department_id:
        return (
            by.role in (Role.INSPECTOR, Role.DEPT_LEADER) and by.department_id == t.to_department_id
        )
    if t.to_region_id:
        return (
            by.role == Role.TOWN
            and by.region_id is not None
            and t.to_region.code.startswith(by.region.prefix)
        )
    # A judicial organ has no account here: the issuing department records its answers.
    return by.role in (Role.INSPECTOR, Role.DEPT_LEADER) and by.department_id == t.department_id


def sign_transfer(by, transfer: Transfer, *, side: str, name: str) -> Transfer:
    """区执法组 (issuing side) or 镇街配合人员 (local side) signature; re-renders the form."""
    if side not in ("team", "local"):
        raise ValidationError({"side": "签字方无效"})
    if not (name or "").strip():
        raise ValidationError({"name": "请填写签字人员姓名"})
    if side == "team":
        require(
            is_enforcer(by) and by.department_id == transfer.department_id,
            "区执法组人员签字须由移交部门执法人员完成",
        )
    else:
        require(
            is_receiver(by, transfer) or by.department_id == transfer.department_id,
            "无权代表镇街配合人员签字",
        )
    with transaction.atomic():
        t = Transfer.objects.select_for_update().get(pk=transfer.pk)
        if t.status != "issued":
            raise ValidationError({"side": "已接收的移交表不能再签字"})
        before = snapshot(t)
        now = timezone.now()
        if side == "team":
            t.team_signer, t.team_signed_at = name.strip(), now
        else:
            t.local_signer, t.local_signed_at = name.strip(), now
        t.save()
        for doc in t.documents.filter(kind="transfer_form"):
            documents.attach_files(doc)
        record(by, f"transfer.sign_{side}", t, before=before, after=snapshot(t))
        return t


def acknowledge_transfer(by, transfer: Transfer, *, on=None) -> Transfer:
    require(is_receiver(by, transfer), "只有接收单位可以确认接收")
    with transaction.atomic():
        t = Transfer.objects.select_for_update().get(pk=transfer.pk)
        if t.status != "issued":
            raise ValidationError({"status": "该移交已接收"})
        if t.kind == "general" and not t.signed:
            raise ValidationError({"status": "移交表须经执法组和镇街配合人员双方签字后方可接收"})
        before = snapshot(t)
        t.status = "acknowledged"
        t.acknowledged_on = _today(on)
        t.acknowledged_by = by
        t.save()
        record(by, "transfer.acknowledge", t, before=before, after=snapshot(t))
        return t


def report_transfer_result(by, transfer: Transfer, *, result: str, on=None) -> Transfer:
    """The receiving unit reports its result, which closes the loop."""
    require(is_receiver(by, transfer), "只有接收单位可以反馈处理结果")
    if not (result or "").strip():
        raise ValidationError({"result": "请填写处理结果"})
    with transaction.atomic():
        t = Transfer.objects.select_for_update().get(pk=transfer.pk)
        if t.status != "acknowledged":
            raise ValidationError({"status": "须先确认接收，再反馈处理结果"})
        before = snapshot(t)
        t.status = "done"
        t.result = result.strip()
        t.result_on = _today(on)
        t.result_by = by
        t.save()
        record(by, "transfer.result", t, before=before, after=snapshot(t))
        return t


# ------------------------------------------------------------------------ E7 documents


def issue_document(by, kind: str, *, enterprise, inspection=None, hazard=None, on=None) -> Document:
    """Issue a field document (现场检查记录, 措施决定书, 指令书, 复查意见书) for a record."""
    _require_enforcer(by)
    _sanction_scope(by, enterprise)
    needs = {
        "inspection_record": "inspection",
        "onsite_measure": "hazard_or_enterprise",
        "rectification_order": "inspection_or_hazard",
        "review_opinion": "hazard",
    }
    if kind not in needs:
        raise ValidationError({"kind": "该文书随案件或移交自动生成，不能单独制发"})
    errors = {}
    if needs[kind] == "inspection" and inspection is None:
        errors["inspection"] = "请选择执法检查"
    if needs[kind] == "hazard" and hazard is None:
        errors["hazard"] = "请选择隐患"
    if needs[kind] == "inspection_or_hazard" and inspection is None and hazard is None:
        errors["hazard"] = "请选择执法检查或隐患"
    for obj in (inspection, hazard):
        if obj is not None and obj.enterprise_id != enterprise.pk:
            errors["enterprise"] = "所选记录不属于该企业"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        doc = documents.create(
            by, kind, department=by.department, enterprise=enterprise, inspection=inspection,
            hazard=hazard, issued_on=_today(on),
        )  # fmt: skip
        record(by, "document.issue", doc, after=snapshot(doc))
        return doc


# ---------------------------------------------------------------------- E8 publication


def create_exposure(
    by, *, channel: str, title: str, published_on, link: str = "", cases=(), enterprises=()
) -> Exposure:
    _require_enforcer(by)
    errors = {}
    if not (channel or "").strip():
        errors["channel"] = "请填写曝光渠道"
    if not (title or "").strip():
        errors["title"] = "请填写标题"
    if not published_on:
        errors["published_on"] = "请填写曝光日期"
    visible = Case.objects.restrict(by, "view")
    for c in cases:
        if not visible.filter(pk=c.pk).exists():
            errors["cases"] = "所选案件不在您的权限范围内"
        elif c.stage not in DECIDED_STAGES:
            errors["cases"] = f"案件“{c.title}”尚未作出处罚决定，不能曝光"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        e = Exposure.objects.create(
            department=by.department,
            region_code=(by.department.region.code if by.department_id else ""),
            channel=channel.strip(),
            title=title.strip(),
            published_on=published_on,
            link=(link or "").strip(),
            created_by=by,
        )
        e.cases.set(cases)
        ents = {c.enterprise_id for c in cases} | {x.pk for x in enterprises}
        e.enterprises.set(ents)
        record(by, "exposure.create", e, after=snapshot(e))
        return e


def mask_name(name: str) -> str:
    """张三 → 张*, 欧阳娜娜 → 欧***: persons' names on public pages."""
    name = (name or "").strip()
    return name[:1] + "*" * max(len(name) - 1, 1) if name else ""
