"""E3 cases (立案 → 结案): the parties and their fines, the decision and its approval, service,
payments and the time limits, from the law engine (fine ranges, discretion, 第六十条 time limit,
简易程序, 听证, 加处罚款); this module only applies it."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from anjian import law
from anjian.accounts.signatures import id_number_problem
from anjian.audit.services import record
from anjian.core.records import require_av_record
from anjian.core.services import snapshot
from anjian.hazards.models import Hazard
from anjian.inspections.models import Finding
from anjian.inspections.services import signature_problems
from anjian.registry.models import Enterprise

from .. import documents
from ..models import Case, CaseParty
from . import discretion
from .common import (
    BEFORE_DECISION_CHECKS,
    CASE_FIELDS,
    PARTY_FIELDS,
    check_stage,
    lock_case,
    money,
    require_case,
    require_enforcer,
    require_enterprise,
    require_leader,
    save_case,
    today_or,
)
from .sanctions import evaluate_closure

# An approved extension of the 第六十条 time limit: at most a year at a time.
MAX_EXTENSION_DAYS = 365


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
    code: str, *, kind: str, overdue=False, last_year_income=None, engine_party_value="",
    facts: law.Facts | None = None, standard: law.DiscretionStandard | None = None,
) -> PartyRange:  # fmt: skip
    """The engine's statutory range and discretion suggestion for one party: from ``facts``
    (the case's 裁量情节, see services.discretion) and the department's ``standard``."""
    if facts is None:
        facts = law.Facts(overdue=overdue, last_year_income=last_year_income)
    sug = law.suggest_fine(code, facts, standard or law.DEFAULT_STANDARD)
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


def range_for(case: Case, p: CaseParty, stored_facts: dict | None = None) -> PartyRange:
    """``party_range`` for a party of ``case`` with the case's facts and department standard."""
    return party_range(
        p.violation_code,
        kind=p.kind,
        engine_party_value=p.engine_party if p.kind == "person" else "",
        facts=discretion.party_facts(case, p, stored_facts),
        standard=discretion.standard_for(case.department),
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
    res = law.decision_last_day(case.filed_on, extension_days=case.extension_days)
    due = res.value
    reasons = list(res.reasons)
    if case.extension_days:
        reasons.append(
            _("经负责人批准延长%(days)d日（%(reason)s），最迟%(due)s")
            % {"days": case.extension_days, "reason": case.extension_reason, "due": due.isoformat()}
        )
    return due, reasons


def payment_due(served_on: date):
    """(last day, reasons): 行政处罚法第六十七条第三款, from the engine."""
    res = law.payment_last_day(served_on)
    return res.value, res


def surcharge_for(party: CaseParty, paid_on: date):
    """加处罚款 as of `paid_on` (engine: 3 % per day from the day after the payment period's last
    day, capped at the fine; of the final fine after 复议/诉讼, not during an approved 延期/分期
    or a 复议/诉讼: services.execution.surcharge_on)."""
    from .execution import surcharge_on

    return surcharge_on(party, paid_on)


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


def _check_sources(by, enterprise, findings, hazards, procedure) -> dict:
    errors = {}
    visible_findings = Finding.objects.restrict(by, "view")
    for f in findings:
        if not visible_findings.filter(pk=f.pk).exists():
            errors["findings"] = _("所选检查发现问题不在您的权限范围内")
        elif f.kind != "violation":
            errors["findings"] = _("“%(what)s”不是违法行为，不能据此立案") % {
                "what": f.description[:20]
            }
        elif f.inspection.enterprise_id != enterprise.pk:
            errors["findings"] = _("所选问题不属于该企业")
        elif problems := signature_problems(f.inspection):
            errors["findings"] = _(
                "“%(what)s”所在的检查记录%(problems)s，不能据此立案：依据《安全生产法》"
                "第六十八条，检查记录须由检查人员和被检查单位的负责人签字（谁检查、谁签名、"
                "谁负责）；《行政处罚法》第四十条规定证据不足的不得给予行政处罚"
            ) % {"what": f.description[:20], "problems": _("、").join(problems)}
    wanted = "case" if procedure == "general" else "simple_penalty"
    label = _("立案处罚") if procedure == "general" else _("简易处罚")
    visible_hazards = Hazard.objects.restrict(by, "view")
    for h in hazards:
        if not visible_hazards.filter(pk=h.pk).exists():
            errors["hazards"] = _("所选隐患不在您的权限范围内")
        elif h.enterprise_id != enterprise.pk:
            errors["hazards"] = _("所选隐患不属于该企业")
        elif not h.disposals.filter(option=wanted).exists():
            errors["hazards"] = _("隐患“%(what)s”的执法处置意见不是%(option)s") % {
                "what": h.description[:20],
                "option": label,
            }
    if not findings and not hazards:
        errors["findings"] = _(
            "立案须至少依据一项违法行为（检查发现的违法行为或处置意见为立案处罚的隐患）"
        )
    # 行政处罚法第二十九条: one violation is not fined twice; a case not refused counts.
    active = Case.objects.exclude(stage="rejected")
    for f in findings:
        other = active.filter(findings=f).first()
        if other and "findings" not in errors:
            errors["findings"] = _("该违法行为已立案（%(case)s），不得重复处罚") % {
                "case": other.number or other.title
            }
    for h in hazards:
        other = active.filter(hazards=h).first()
        if other and "hazards" not in errors:
            errors["hazards"] = _("该隐患已立案（%(case)s），不得重复处罚") % {
                "case": other.number or other.title
            }
    return errors


def case_document(by, case: Case, kind: str, on, party: CaseParty | None = None):
    """Number, render and store one of the case's documents (in the caller's transaction);
    `party`: the party it is addressed to where each party gets its own (行政处罚决定书)."""
    return documents.create(
        by, kind, department=case.department, enterprise=case.enterprise, case=case,
        issued_on=on, party=party,
    )  # fmt: skip


def issue_decisions(by, case: Case, on) -> list:
    """行政处罚决定书, one per penalised party (一案双罚: the unit's and each person's own, each
    with its 文号): the unit's first."""
    from ..casedocs import addressed_parties

    return [
        case_document(by, case, "penalty_decision", on, party=p) for p in addressed_parties(case)
    ]


def _opening_errors(by, enterprise, findings, hazards, procedure, title) -> dict:
    """Who may open a case on what (立案 or 简易程序): the errors found so far."""
    require_enforcer(by)
    require_enterprise(by, enterprise, "change")
    errors = _check_sources(by, enterprise, findings, hazards, procedure)
    if not (title or "").strip():
        errors["title"] = _("请填写案由")
    return errors


def _new_case(by, enterprise, *, title, facts, findings, hazards, on, **fields) -> Case:
    """The case, its sources and its first handler (inside the caller's transaction)."""
    case = Case.objects.create(
        department=by.department,
        enterprise=enterprise,
        region_code=enterprise.region_id,
        inspection=findings[0].inspection if findings else None,
        title=title.strip(),
        facts=(facts or "").strip(),
        filed_on=on,
        proposed_on=on,
        created_by=by,
        **fields,
    )
    case.findings.set(findings)
    case.hazards.set(hazards)
    case.handlers.add(by)
    return case


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
    findings, hazards = list(findings), list(hazards)
    errors = _opening_errors(by, enterprise, findings, hazards, "general", title)
    code = _default_code(findings, violation_code)
    if not code:
        errors["violation_code"] = _("请选择违法行为（安全生产法条款）")
    elif code not in law.VIOLATIONS:
        errors["violation_code"] = _("未知的违法行为代码“%(code)s”") % {"code": code}
    for i, p in enumerate(persons):
        if not (p.get("name") or "").strip():
            errors[f"person_{i}"] = _("请填写责任人员姓名")
        id_number = (p.get("id_number") or "").strip()
        if id_number and (problem := id_number_problem(id_number)):
            errors["person_id_number" if i == 0 else f"person{i + 1}_id_number"] = problem
    if errors:
        raise ValidationError(errors)
    on = today_or(on)
    violation = law.VIOLATIONS[code]
    with transaction.atomic():
        case = _new_case(
            by, enterprise, title=title, facts=facts, findings=findings, hazards=hazards, on=on,
            procedure="general", stage="proposed",
        )  # fmt: skip
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
                id_number=(p.get("id_number") or "").strip().upper(),
                address=(p.get("address") or "").strip(),
                phone=(p.get("phone") or "").strip(),
                violation_code=code,
                article=violation.citation,
                overdue=overdue,
                engine_party=p.get("engine_party", ""),
            )
        _fill_ranges(case)
        record(by, "case.propose", case, after=snapshot(case, CASE_FIELDS))
    return case


def preview_discretion(case: Case, *, parties: list[dict], facts: dict) -> dict:
    """What ``propose_decision`` would compute (tier, suggestion, reasons per party) from the
    facts and 逾期未改正 as entered, without saving anything: {party pk: PartyRange}."""
    stored = discretion.clean_facts(facts)
    overdue = {int(d["id"]): bool(d.get("overdue")) for d in parties}
    out = {}
    for p in case.parties.all():
        p.overdue = overdue.get(p.pk, p.overdue)  # in memory only
        out[p.pk] = range_for(case, p, stored)
    return out


def _fill_ranges(case: Case) -> None:
    for p in case.parties.all():
        r = range_for(case, p)
        p.engine_party = str(r.party)
        p.fine_min, p.fine_max = r.min_yuan, r.max_yuan
        p.suggested_fine, p.tier, p.engine_reasons = r.suggested, r.tier, r.reasons
        p.save()


def approve_filing(
    by, case: Case, *, approve: bool, note: str = "", on=None, expected_version=None
) -> Case:
    """立案审批 by the department leader: approved → 立案 (with 立案审批表), or 不予立案."""
    require_leader(by, case.department_id, pgettext("approval", "立案"))
    if not approve and not (note or "").strip():
        raise ValidationError({"note": _("不予立案须填写理由")})
    with transaction.atomic():
        c = lock_case(case, expected_version)
        check_stage(c, ("proposed",), pgettext("case action", "审批立案"))
        before = snapshot(c, CASE_FIELDS)
        c.filing_note = (note or "").strip()
        c.filing_approved_by = by
        if approve:
            c.stage = "filed"
            c.filed_on = today_or(on)
            c.save()
            doc = case_document(by, c, "filing_approval", c.filed_on)
            c.number = doc.number
        else:
            c.stage = "rejected"
        return save_case(by, c, "case.filing_" + ("approve" if approve else "reject"), before)


def start_investigation(by, case: Case, *, evidence: str = "", on=None, expected_version=None):
    require_enforcer(by)
    require_case(by, case)
    with transaction.atomic():
        c = lock_case(case, expected_version)
        check_stage(c, ("filed", "investigation"), pgettext("case action", "调查取证"))
        before = snapshot(c, CASE_FIELDS)
        c.stage = "investigation"
        c.investigation_on = c.investigation_on or today_or(on)
        if evidence:
            c.evidence = evidence.strip()
        return save_case(by, c, "case.investigate", before)


def above_maximum(name: str, fine: Decimal, high: Decimal, article: str) -> str:
    """The refusal of a fine above the statutory maximum, whatever reason is given."""
    return _(
        "%(name)s：罚款%(fine)s元超过法定最高罚款额%(max)s元（%(article)s）。依据《行政处罚法》"
        "第四条、第三十二条，从重处罚也只能在法定幅度内，减轻处罚只能低于最低额，"
        "不得超过法定最高罚款额"
    ) % {"name": name, "fine": f"{fine:,.2f}", "max": f"{high:,.0f}", "article": article}


MITIGATION_ARTICLE = "行政处罚法第三十二条"


def mitigation_reason(reason: str) -> str:
    """A fine below the statutory minimum is 减轻处罚: its reason names 第三十二条."""
    if "第三十二条" in reason:
        return reason
    return _("减轻处罚（依据%(article)s）：%(reason)s") % {
        "article": MITIGATION_ARTICLE,
        "reason": reason,
    }


def propose_decision(
    by, case: Case, *, parties: list[dict], facts: dict | None = None, expected_version=None
) -> Case:
    """拟处罚意见 per party: amount inside the engine's range, or outside it with a legal reason.

    Each dict: id (CaseParty pk), fine, and optionally out_of_range_reason, violation_code,
    overdue, last_year_income, other_penalties. ``facts``: the case's 裁量情节 (keys of
    ``discretion.FACT_KEYS``; None keeps those stored), stored on the case; each party's tier,
    suggestion and reasons come from them and the department's published standard.
    """
    stored_facts = None if facts is None else discretion.clean_facts(facts)
    require_enforcer(by)
    require_case(by, case)
    with transaction.atomic():
        c = lock_case(case, expected_version)
        check_stage(
            c, ("filed", "investigation", "notice"), pgettext("case action", "提出处罚意见")
        )
        if c.decision_status == "approved":
            raise ValidationError({"stage": _("处罚决定已批准，不能再修改")})
        before = snapshot(c, CASE_FIELDS)
        by_id = {p.pk: p for p in c.parties.all()}
        errors = {}
        for data in parties:
            p = by_id.get(int(data["id"]))
            if p is None:
                raise ValidationError({"parties": _("当事人不属于该案件")})
            field = f"fine_{p.pk}"
            code = data.get("violation_code") or p.violation_code
            if code not in law.VIOLATIONS:
                errors[f"violation_code_{p.pk}"] = _("未知的违法行为代码“%(code)s”") % {
                    "code": code
                }
                continue
            p.violation_code = code
            p.article = law.VIOLATIONS[code].citation
            p.overdue = bool(data.get("overdue", p.overdue))
            income = money(data.get("last_year_income"), f"last_year_income_{p.pk}")
            p.last_year_income = income if income is not None else p.last_year_income
            fine = money(data.get("fine"), field)
            if fine is None:
                errors[field] = _("请填写对%(name)s的罚款金额（不予罚款填 0 并说明理由）") % {
                    "name": p.name
                }
                continue
            r = range_for(c, p, stored_facts)
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
                    errors[field] = _(
                        "%(name)s：法定罚款按上一年年收入计算，请填写上一年年收入，"
                        "或说明确定罚款金额的法律理由"
                    ) % {"name": p.name}
                else:
                    errors[field] = _(
                        "%(name)s：罚款%(fine)s元超出法定幅度%(min)s元至%(max)s元（%(article)s），"
                        "须填写超出幅度的法律理由（如行政处罚法第三十二条减轻处罚）"
                    ) % {
                        "name": p.name,
                        "fine": f"{fine:,.2f}",
                        "min": f"{r.min_yuan:,.0f}",
                        "max": f"{r.max_yuan:,.0f}",
                        "article": p.article,
                    }
            if r.max_yuan is not None and fine > r.max_yuan:
                errors[field] = above_maximum(p.name, fine, r.max_yuan, p.article)
            elif not inside and reason and r.min_yuan is not None and 0 < fine < r.min_yuan:
                reason = mitigation_reason(reason)
            p.out_of_range_reason = reason if not inside else ""
        if errors:
            raise ValidationError(errors)
        for p in by_id.values():
            p.save()
        if stored_facts is not None:
            c.discretion_facts = stored_facts
        c.decision_status = "proposed"
        c.decision_proposed_by = by
        return save_case(by, c, "case.propose_decision", before)


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
    require_enforcer(by)
    require_case(by, case)
    with transaction.atomic():
        c = lock_case(case, expected_version)
        check_stage(c, ("filed", "investigation"), pgettext("case action", "告知"))
        if c.decision_status != "proposed":
            raise ValidationError(
                {"decision_status": _("请先提出拟处罚意见（各当事人的罚款金额）")}
            )
        before = snapshot(c, CASE_FIELDS)
        right, reasons = hearing_assessment(c)
        if not right and hearing:
            right = True
            reasons.append("法律未规定应当告知听证权利，承办人决定告知听证权利")
        c.notice_on = today_or(on)
        c.hearing_right = right
        c.hearing_basis = "\n".join(reasons)
        c.stage = "notice"
        c.save()
        case_document(by, c, "penalty_notice", c.notice_on)
        if right:
            case_document(by, c, "hearing_notice", c.notice_on)
        return save_case(by, c, "case.notice", before)


def record_statement(
    by, case: Case, *, statement: str, hearing_requested=False, hearing_on=None,
    waived=False, expected_version=None,
):  # fmt: skip
    """陈述申辩 and the hearing request, or the party's written waiver of both (第六十二条)."""
    require_enforcer(by)
    require_case(by, case)
    with transaction.atomic():
        c = lock_case(case, expected_version)
        check_stage(c, ("notice",), pgettext("case action", "记录陈述申辩"))
        errors = {}
        if hearing_requested and not c.hearing_right:
            errors["hearing_requested"] = _("本案不属于应当告知听证权利的情形")
        if hearing_requested and waived:
            errors["waived"] = _("当事人要求听证的，不能同时登记放弃权利")
        if hearing_on and not hearing_requested:
            errors["hearing_on"] = _("当事人未要求听证，不能登记听证日期")
        if hearing_on and c.notice_on and hearing_on < c.notice_on:
            errors["hearing_on"] = _("听证日期不能早于告知日期")
        if errors:
            raise ValidationError(errors)
        if hearing_on:  # a hearing held: its record, when the department requires one
            require_av_record(c, "hearing")
        before = snapshot(c, CASE_FIELDS)
        c.statement = (statement or "").strip()
        c.hearing_requested = bool(hearing_requested)
        c.hearing_on = hearing_on
        c.rights_waived = bool(waived)
        return save_case(by, c, "case.statement", before)


def extend_deadline(by, case: Case, *, days: int, reason: str, expected_version=None):
    """Extension of the 第六十条 time limit, approved by the department leader."""
    require_leader(by, case.department_id, pgettext("approval", "延长办案期限"))
    errors = {}
    if not days or int(days) <= 0:
        errors["days"] = _("延长天数须为正整数")
    elif int(days) > MAX_EXTENSION_DAYS:
        errors["days"] = _("延长天数不能超过%(n)d日") % {"n": MAX_EXTENSION_DAYS}
    if not (reason or "").strip():
        errors["reason"] = _("请填写延期理由")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        c = lock_case(case, expected_version)
        check_stage(
            c, ("filed", "investigation", "notice"), pgettext("case action", "延长办案期限")
        )
        before = snapshot(c, CASE_FIELDS)
        c.extension_days += int(days)
        c.extension_reason = reason.strip()
        c.extension_approved_by = by
        return save_case(by, c, "case.extend", before)


def approve_decision(
    by, case: Case, *, approve: bool, note: str = "", decided_on=None, expected_version=None
) -> Case:
    """处罚决定审批 by the department leader; an approved decision issues 行政处罚决定书 and
    evaluates 第一百一十三条 for the enterprise."""
    require_leader(by, case.department_id, pgettext("approval", "行政处罚决定"))
    if not approve and not (note or "").strip():
        raise ValidationError({"note": _("退回须填写审批意见")})
    with transaction.atomic():
        c = lock_case(case, expected_version)
        check_stage(
            c, ("notice",), pgettext("case action", "作出处罚决定（须先告知当事人陈述申辩权利）")
        )
        if c.decision_status != "proposed":
            raise ValidationError({"decision_status": _("没有待审批的处罚意见")})
        before = snapshot(c, CASE_FIELDS)
        c.decision_note = (note or "").strip()
        if not approve:
            c.decision_status = "returned"
            return save_case(by, c, "case.decision_return", before)
        decided_on = today_or(decided_on)
        due = decision_deadline(c)[0]
        if decided_on > due:
            raise ValidationError(
                {
                    "decided_on": _(
                        "已超过办案期限（最迟%(due)s，行政处罚法第六十条），须先经批准延长期限"
                    )
                    % {"due": due.isoformat()}
                }
            )
        if c.notice_on and decided_on < c.notice_on:
            raise ValidationError({"decided_on": _("决定日期不能早于告知日期")})
        if c.notice_on:
            earliest = earliest_decision(c)
            if earliest.value is None or decided_on < earliest.value:
                raise ValidationError({"decided_on": "；".join(earliest.reasons)})
        for check in BEFORE_DECISION_CHECKS:
            check(by, c)
        c.decision_status = "approved"
        c.decision_approved_by = by
        c.decided_on = decided_on
        c.stage = "decided"
        c.save()
        c.parties.update(decided_on=decided_on)
        case_document(by, c, "case_approval", decided_on)
        issue_decisions(by, c, decided_on)
        save_case(by, c, "case.decide", before)
        evaluate_closure(by, c.enterprise, on=decided_on, case=c)
        return c


def serve(by, case: Case, *, served_on=None, method: str = "直接送达", expected_version=None):
    require_enforcer(by)
    require_case(by, case)
    with transaction.atomic():
        c = lock_case(case, expected_version)
        check_stage(c, ("decided",), pgettext("case action", "送达"))
        before = snapshot(c, CASE_FIELDS)
        served_on = today_or(served_on)
        if c.decided_on and served_on < c.decided_on:
            raise ValidationError(
                {
                    "served_on": _(
                        "送达日期不能早于决定日期：依据《行政处罚法》第六十一条，送达的是已作出的"
                        "行政处罚决定书"
                    )
                }
            )
        if served_on > timezone.localdate():
            raise ValidationError({"served_on": _("送达日期不能晚于今天")})
        require_av_record(c, "service")  # 全过程记录 of the service, when required
        doc = c.documents.filter(kind="penalty_decision").order_by("id").first()
        if doc is not None:
            # the decision's 送达 with its 送达回证; served, it sets the case's 送达日期
            from .execution import METHOD_CODES, record_service

            code = METHOD_CODES.get((method or "").strip(), "direct")
            record_service(by, doc, method=code, served_on=served_on)
            return Case.objects.get(pk=c.pk)
        c.served_on = served_on
        c.service_method = (method or "").strip()
        c.payment_due_on, res = payment_due(served_on)
        c.stage = "served"
        return save_case(by, c, "case.serve", before, note="、".join(res.articles))


def outstanding(p: CaseParty) -> Decimal:
    """The final fine (after 复议/诉讼) and 加处罚款 less what was paid."""
    from .execution import final_fine

    return final_fine(p) + (p.surcharge or 0) - (p.paid_amount or 0)


def _check_payment_date(c: Case, paid_on: date) -> None:
    """A payment follows the decision and its service: 行政处罚法第六十七条第三款 counts the
    payment period from the party's receipt of the 行政处罚决定书."""
    if paid_on > timezone.localdate():
        raise ValidationError({"paid_on": _("缴款日期不能晚于今天")})
    for day, what in ((c.decided_on, _("决定日期")), (c.served_on, _("送达日期"))):
        if day and paid_on < day:
            raise ValidationError(
                {
                    "paid_on": _(
                        "缴款日期%(paid)s早于%(what)s%(day)s：依据《行政处罚法》第六十七条第三款，"
                        "当事人自收到行政处罚决定书之日起缴纳罚款，不能在决定作出或送达之前缴款"
                    )
                    % {"paid": paid_on.isoformat(), "what": what, "day": day.isoformat()}
                }
            )


def record_payment(by, party: CaseParty, *, amount, paid_on=None) -> CaseParty:
    """缴款; paying after the due date adds 加处罚款 computed by the engine."""
    require_enforcer(by)
    require_case(by, party.case)
    amount = money(amount, "amount")
    if not amount:
        raise ValidationError({"amount": _("请填写缴款金额")})
    with transaction.atomic():
        c = lock_case(party.case)
        check_stage(c, ("served", "execution"), pgettext("case action", "登记缴款"))
        p = CaseParty.objects.select_for_update().get(pk=party.pk)
        before = snapshot(p, PARTY_FIELDS)
        paid_on = today_or(paid_on)
        _check_payment_date(c, paid_on)
        sur = surcharge_for(p, paid_on).value
        if sur.amount_yuan > p.surcharge:
            p.surcharge = sur.amount_yuan
            p.surcharge_days = sur.days_late
        due = outstanding(p)
        if amount > due:
            raise ValidationError(
                {
                    "amount": _("缴款金额超过应缴金额（罚款及加处罚款尚欠%(due)s元）")
                    % {"due": f"{due:,.2f}"}
                }
            )
        p.paid_amount += amount
        p.paid_on = paid_on
        p.save()
        record(by, "case.payment", p, before=before, after=snapshot(p, PARTY_FIELDS))
        if c.stage == "served":
            cb = snapshot(c, CASE_FIELDS)
            c.stage = "execution"
            save_case(by, c, "case.execute", cb)
        return p


def close_case(by, case: Case, *, note: str = "", on=None, expected_version=None) -> Case:
    """结案审批 by the department leader (with 结案审批表); refused while the automatic 案卷评查
    (enforcement.review) finds a blocking defect, the message naming each criterion."""
    require_leader(by, case.department_id, pgettext("approval", "结案"))
    with transaction.atomic():
        c = lock_case(case, expected_version)
        check_stage(c, ("served", "execution"), pgettext("case action", "结案"))
        require_av_record(c, "execution")  # 全过程记录 of the execution, when required
        unpaid = [p for p in c.parties.all() if outstanding(p) > 0]
        if unpaid and not (note or "").strip():
            names = _("、").join(p.name for p in unpaid)
            raise ValidationError(
                {
                    "note": _("%(names)s尚未缴清罚款，须说明结案理由（如已申请法院强制执行）")
                    % {"names": names}
                }
            )
        before = snapshot(c, CASE_FIELDS)
        closed_on = today_or(on)
        last_paid = max((p.paid_on for p in c.parties.all() if p.paid_on), default=None)
        for day, what in (
            (c.decided_on, _("决定日期")),
            (c.served_on, _("送达日期")),
            (last_paid, _("最后缴款日期")),
        ):
            if day and closed_on < day:
                raise ValidationError(
                    {
                        "on": _(
                            "结案日期%(on)s早于%(what)s%(day)s：结案须在处罚决定执行完毕"
                            "（或依法终结）之后（《行政处罚法》第六十六条至第七十二条）"
                        )
                        % {"on": closed_on.isoformat(), "what": what, "day": day.isoformat()}
                    }
                )
        from ..review import closing_refusal  # the review reads these services

        refusal = closing_refusal(c)
        if refusal:
            raise ValidationError({"review": refusal})
        c.closing_note = (note or "").strip()
        c.closed_on = closed_on
        c.stage = "closed"
        c.save()
        case_document(by, c, "closing_approval", c.closed_on)
        return save_case(by, c, "case.close", before)


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
    findings, hazards = list(findings), list(hazards)
    errors = _opening_errors(by, enterprise, findings, hazards, "simple", title)
    fine = money(fine, "fine")
    code = _default_code(findings, violation_code)
    if code not in law.VIOLATIONS:
        errors["violation_code"] = _("请选择违法行为（安全生产法条款）")
    if fine is None:
        errors["fine"] = _("请填写罚款金额")
    id_number = ((person or {}).get("id_number") or "").strip()
    if id_number and (problem := id_number_problem(id_number)):
        errors["person_id_number"] = problem
    if errors:
        raise ValidationError(errors)
    individual = bool(person)
    allowed = law.summary_procedure_allowed(fine, individual)
    if not allowed.value:
        raise ValidationError(
            {
                "fine": _("%(reasons)s，应当适用普通程序立案")
                % {"reasons": "；".join(allowed.reasons)}
            }
        )
    kind = "person" if individual else "enterprise"
    r = party_range(code, kind=kind)
    inside = r.min_yuan is not None and r.min_yuan <= fine <= r.max_yuan
    if r.max_yuan is not None and fine > r.max_yuan:
        name = person["name"] if person else enterprise.name
        raise ValidationError(
            {"fine": above_maximum(name, fine, r.max_yuan, law.VIOLATIONS[code].citation)}
        )
    if not inside and (out_of_range_reason or "").strip() and r.min_yuan and 0 < fine < r.min_yuan:
        out_of_range_reason = mitigation_reason(out_of_range_reason.strip())
    if not inside and not (out_of_range_reason or "").strip():
        raise ValidationError(
            {
                "fine": _("罚款超出法定幅度%(min)s元至%(max)s元，须填写法律理由")
                % {"min": f"{r.min_yuan:,.0f}", "max": f"{r.max_yuan:,.0f}"}
            }
        )
    on = today_or(on)
    with transaction.atomic():
        c = _new_case(
            by, enterprise, title=title, facts=facts, findings=findings, hazards=hazards, on=on,
            procedure="simple", stage="decided", decided_on=on, decision_status="approved",
            decision_proposed_by=by,
        )  # fmt: skip
        CaseParty.objects.create(
            case=c,
            kind=kind,
            name=person["name"] if person else enterprise.name,
            position=(person or {}).get("position", ""),
            id_number=((person or {}).get("id_number") or "").strip().upper(),
            address=((person or {}).get("address") or "").strip(),
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
        doc = issue_decisions(by, c, on)[0]
        c.number = doc.number
        c.save(update_fields=["number"])
        record(by, "case.simple_penalty", c, after=snapshot(c, CASE_FIELDS))
        evaluate_closure(by, enterprise, on=on, case=c)
    return c


def schedule_hearing(
    by, case: Case, *, held_on, place: str, host: str, time: str = "", clerk: str = "",
    public: bool = True, on=None, expected_version=None,
):  # fmt: skip
    """听证 requested by the party: its date, place and host, and the 听证会通知书 served at least
    seven working days before (行政处罚法第六十四条第二项, 第八十五条; the engine's
    ``earliest_hearing_day``). The host is not one of the case's investigators (第六十四条第四项)."""
    from ..models import Hearing

    require_enforcer(by)
    require_case(by, case)
    notified_on = today_or(on)
    errors = {}
    if not (place or "").strip():
        errors["place"] = _("请填写听证地点")
    if not (host or "").strip():
        errors["host"] = _("请填写听证主持人")
    if held_on is None:
        errors["held_on"] = _("请填写听证日期")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        c = lock_case(case, expected_version)
        check_stage(c, ("notice",), pgettext("case action", "安排听证"))
        if not c.hearing_requested:
            raise ValidationError(
                {"held_on": _("当事人未要求听证：须先登记当事人的听证申请（行政处罚法第六十三条）")}
            )
        if Hearing.objects.filter(case=c).exists():
            raise ValidationError({"held_on": _("本案已安排听证")})
        earliest = law.earliest_hearing_day(notified_on)
        if held_on < earliest.value:
            raise ValidationError(
                {
                    "held_on": _(
                        "听证日期%(day)s距通知日期不足七个工作日：依据《行政处罚法》第六十四条"
                        "第二项，行政机关应当在举行听证的七日前通知当事人，最早%(earliest)s"
                    )
                    % {"day": held_on.isoformat(), "earliest": earliest.value.isoformat()}
                }
            )
        investigators = {u.display_name for u in c.handlers.all()}
        if host.strip() in investigators:
            raise ValidationError(
                {
                    "host": _(
                        "%(name)s是本案调查人员，不能主持听证：依据《行政处罚法》第六十四条第四项，"
                        "听证由行政机关指定的非本案调查人员主持"
                    )
                    % {"name": host.strip()}
                }
            )
        before = snapshot(c, CASE_FIELDS)
        Hearing.objects.create(
            case=c, held_on=held_on, time=(time or "").strip(), place=place.strip(),
            host=host.strip(), clerk=(clerk or "").strip(), public=bool(public),
            notified_on=notified_on, created_by=by,
        )  # fmt: skip
        c.hearing_on = held_on
        c.save()
        case_document(by, c, "hearing_meeting", notified_on)
        return save_case(by, c, "case.hearing_schedule", before)


def record_hearing(
    by, case: Case, *, participants: str, transcript: str, report: str, opinion: str = "",
    on=None, expected_version=None,
):  # fmt: skip
    """The hearing held: its 听证笔录 and the host's 听证会报告书 (行政处罚法第六十四条第八项、
    第六十五条), after the day it was held."""
    from ..models import Hearing

    require_enforcer(by)
    require_case(by, case)
    errors = {}
    if not (transcript or "").strip():
        errors["transcript"] = _("请填写听证笔录")
    if not (report or "").strip():
        errors["report"] = _("请填写听证会报告")
    if errors:
        raise ValidationError(errors)
    on = today_or(on)
    with transaction.atomic():
        c = lock_case(case, expected_version)
        check_stage(c, ("notice",), pgettext("case action", "记录听证"))
        h = Hearing.objects.select_for_update().filter(case=c).first()
        if h is None:
            raise ValidationError({"transcript": _("本案尚未安排听证")})
        if h.transcript:
            raise ValidationError({"transcript": _("听证笔录已制作")})
        if on < h.held_on:
            raise ValidationError(
                {"on": _("听证定于%(day)s举行，尚未举行") % {"day": h.held_on.isoformat()}}
            )
        before = snapshot(c, CASE_FIELDS)
        h.participants = (participants or "").strip()
        h.transcript = transcript.strip()
        h.report = report.strip()
        h.opinion = (opinion or "").strip()
        h.recorded_on = on
        h.save()
        case_document(by, c, "hearing_record", on)
        case_document(by, c, "hearing_report", on)
        return save_case(by, c, "case.hearing_record", before)
