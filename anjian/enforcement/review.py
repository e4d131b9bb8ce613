"""Automatic 案卷评查: each case's file checked against the criteria county and provincial
reviews use, with the points each defect takes off and why.

Criteria and their weight (100 in all): 主体合法 15 · 事实清楚、证据确凿 20 · 适用法律正确 15 ·
程序合法 25 · 裁量适当 10 · 文书规范 15. A criterion never loses more than its weight.

A defect is *blocking* when the file cannot be closed as it stands (结案 is refused until it is
cured, e.g. by signing the source record, issuing the missing document, or withdrawing and
redoing a decision made in breach of the party's rights); a past lapse that nothing can cure (a
decision or a service made late) only takes points off.

Checks run only on what the case has reached: a case at 立案 is not faulted for a decision it
has not made yet. Every message names the rule it applies.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from anjian import law
from anjian.accounts.models import Role
from anjian.inspections.models import Finding, FindingPhoto, TeamMember

from . import services
from .documents import format_number
from .models import Case, Document

SUBJECT, FACTS, LAW, PROCEDURE, DISCRETION, DOCUMENTS = (
    "subject",
    "facts",
    "law",
    "procedure",
    "discretion",
    "documents",
)
# criterion → (label, weight)
CRITERIA = {
    SUBJECT: (gettext_lazy("主体合法"), 15),
    FACTS: (gettext_lazy("事实清楚、证据确凿"), 20),
    LAW: (gettext_lazy("适用法律正确"), 15),
    PROCEDURE: (gettext_lazy("程序合法"), 25),
    DISCRETION: (gettext_lazy("裁量适当"), 10),
    DOCUMENTS: (gettext_lazy("文书规范"), 15),
}
FULL_SCORE = sum(weight for _label, weight in CRITERIA.values())

AFTER_FILING = ("filed", "investigation", "notice", "decided", "served", "execution", "closed")
AFTER_NOTICE = ("notice", "decided", "served", "execution", "closed")
DECIDED = services.DECIDED_STAGES
AFTER_SERVICE = ("served", "execution", "closed")


@dataclass(frozen=True)
class Defect:
    criterion: str
    check: str
    points: int
    message: str
    blocking: bool

    @property
    def label(self) -> str:
        return str(CRITERIA[self.criterion][0])


@dataclass
class CriterionResult:
    code: str
    label: str
    weight: int
    deducted: int
    defects: list[Defect]


@dataclass
class Review:
    case: Case
    defects: list[Defect] = field(default_factory=list)

    def deducted(self, criterion: str) -> int:
        weight = CRITERIA[criterion][1]
        return min(weight, sum(d.points for d in self.defects if d.criterion == criterion))

    @property
    def score(self) -> int:
        return FULL_SCORE - sum(self.deducted(c) for c in CRITERIA)

    @property
    def blocking(self) -> list[Defect]:
        return [d for d in self.defects if d.blocking]

    def criteria(self) -> list[CriterionResult]:
        return [
            CriterionResult(
                code,
                str(label),
                weight,
                self.deducted(code),
                [d for d in self.defects if d.criterion == code],
            )  # fmt: skip
            for code, (label, weight) in CRITERIA.items()
        ]


@dataclass
class CaseFile:
    """What the checks read, loaded once."""

    case: Case
    today: date
    closing: bool  # reviewed for 结案: the 结案审批表 is the act under review, not yet issued
    parties: list
    documents: list
    findings: list
    hazards: list
    inspections: list

    @property
    def general(self) -> bool:
        return self.case.procedure == "general"

    def has_doc(self, kind: str) -> bool:
        return any(d.kind == kind for d in self.documents)


def _load(case: Case, today=None, closing=False) -> CaseFile:
    findings = list(case.findings.select_related("inspection", "inspection__enterprise"))
    hazards = list(case.hazards.all())
    inspections = {f.inspection_id: f.inspection for f in findings}
    if case.inspection_id and case.inspection_id not in inspections:
        inspections[case.inspection_id] = case.inspection
    for f in Finding.objects.filter(hazard__in=hazards).select_related("inspection"):
        inspections.setdefault(f.inspection_id, f.inspection)
    return CaseFile(
        case=case,
        today=today or timezone.localdate(),
        closing=closing,
        parties=list(case.parties.all()),
        documents=list(case.documents.select_related("issued_by").order_by("id")),
        findings=findings,
        hazards=hazards,
        inspections=sorted(inspections.values(), key=lambda i: (i.inspected_on, i.pk)),
    )


def _name(user) -> str:
    return user.display_name if user else "—"


# ----------------------------------------------------------------------------- 主体合法


def check_issuer_competent(f: CaseFile) -> list[Defect]:
    """The department acts inside its territory and its sectors (行政处罚法第十七条、第二十二条)."""
    case, dept = f.case, f.case.department
    out = []
    if not case.enterprise.region_id.startswith(dept.region.prefix):
        out.append(Defect(SUBJECT, "issuer_competent", 10, _(
            "承办部门%(dept)s的管辖区域（%(region)s）不包括当事人所在地，执法主体不适格"
            "（行政处罚法第二十二条：行政处罚由违法行为发生地的行政机关管辖）"
        ) % {"dept": dept.name, "region": dept.region.name}, True))  # fmt: skip
    sectors = set(case.enterprise.sectors.values_list("pk", flat=True))
    sectors.add(case.enterprise.primary_sector_id)
    if not sectors & set(dept.sectors.values_list("pk", flat=True)):
        out.append(Defect(SUBJECT, "issuer_competent", 10, _(
            "承办部门%(dept)s不负责当事人所属行业领域的安全生产监督管理，执法主体不适格"
            "（行政处罚法第十七条：行政处罚由具有行政处罚权的行政机关在法定职权范围内实施）"
        ) % {"dept": dept.name}, True))  # fmt: skip
    return out


def check_inspectors_certified(f: CaseFile) -> list[Defect]:
    """Everyone who acted held a valid 执法证 on the day (行政处罚法第四十二条), and at least two
    enforcement officers inspected or handled the case (第四十二条: 执法人员不得少于两人)."""
    case = f.case
    acts = []  # (user, day, what)
    team = list(
        TeamMember.objects.filter(inspection__in=f.inspections, role="inspector").select_related(
            "user", "inspection"
        )
    )
    for member in team:
        acts.append((member.user, member.inspection.inspected_on, _("现场检查")))
    if case.stage not in ("proposed", "rejected"):
        for user in case.handlers.all():
            acts.append((user, case.filed_on, _("承办案件")))
    for doc in f.documents:
        acts.append((doc.issued_by, doc.issued_on, doc.get_kind_display()))
    out, seen = [], set()
    for user, day, what in acts:
        if (user.pk, day) in seen or user.cert_valid_on(day):
            continue
        seen.add((user.pk, day))
        out.append(Defect(SUBJECT, "inspectors_certified", 5, _(
            "%(name)s于%(day)s%(what)s时未持有有效的行政执法证件（行政处罚法第四十二条：行政处罚"
            "应当由具有行政执法资格的执法人员实施）"
        ) % {"name": _name(user), "day": day.isoformat(), "what": what}, True))  # fmt: skip
    # who inspected or investigated (the leader approving a filing or a decision does not count)
    officers = {m.user_id for m in team} | {u.pk for u in case.handlers.all()}
    if len(officers) < 2:
        out.append(Defect(SUBJECT, "two_officers", 5, _(
            "案卷中参与检查、办案的执法人员只有%(n)d人（行政处罚法第四十二条：执法人员不得少于两人）"
        ) % {"n": len(officers)}, False))  # fmt: skip
    return out


# --------------------------------------------------------------------- 事实清楚、证据确凿


def check_sources_signed(f: CaseFile) -> list[Defect]:
    """The case rests on records that exist and were signed and submitted."""
    out = []
    if not f.findings and not f.hazards:
        out.append(Defect(FACTS, "sources_signed", 10, _(
            "案件没有据以立案的检查发现问题或隐患记录，违法事实无据可查"
            "（行政处罚法第四十条：违法事实不清、证据不足的，不得给予行政处罚）"
        ), True))  # fmt: skip
    for insp in f.inspections:
        if insp.status != "submitted":
            out.append(Defect(FACTS, "sources_signed", 10, _(
                "据以立案的现场检查记录（%(day)s）尚未经检查人员和被检查单位签名提交，不能作为证据"
                "（行政处罚法第四十六条：证据必须经查证属实，方可作为认定案件事实的根据）"
            ) % {"day": insp.inspected_on.isoformat()}, True))  # fmt: skip
    return out


def check_evidence(f: CaseFile) -> list[Defect]:
    """The facts are written and evidence is in the file once the party is told (告知)."""
    case, out = f.case, []
    told = case.stage in AFTER_NOTICE or case.procedure == "simple"
    if not told:
        return out
    if not (case.facts or "").strip():
        out.append(Defect(FACTS, "evidence", 5, _(
            "未写明违法事实（行政处罚法第四十条：违法事实不清的，不得给予行政处罚）"
        ), True))  # fmt: skip
    photos = FindingPhoto.objects.filter(finding__in=f.findings).exists()
    if f.general and not (case.evidence or "").strip() and not photos:
        out.append(Defect(FACTS, "evidence", 10, _(
            "案卷中没有证据材料（询问笔录、书证、现场照片等）（行政处罚法第四十条、第五十四条："
            "调查应当全面、客观、公正，收集有关证据）"
        ), True))  # fmt: skip
    return out


# -------------------------------------------------------------------------- 适用法律正确


def check_articles(f: CaseFile) -> list[Defect]:
    """The violation and the penalty article are both named and agree with the law engine and
    with the violation recorded on site."""
    out = []
    recorded = {fi.violation_code for fi in f.findings if fi.violation_code}
    for p in f.parties:
        v = law.VIOLATIONS.get(p.violation_code)
        if v is None:
            out.append(Defect(LAW, "articles", 10, _(
                "%(name)s：未认定违法行为（违法行为代码“%(code)s”不在法律引擎中），违反的条款无从核对"
            ) % {"name": p.name, "code": p.violation_code or "—"}, True))  # fmt: skip
            continue
        if (p.article or "").strip() != v.citation:
            out.append(Defect(LAW, "articles", 10, _(
                "%(name)s：处罚依据“%(article)s”与所认定违法行为的罚则（%(citation)s）不一致"
            ) % {"name": p.name, "article": p.article or "—", "citation": v.citation}, True))  # fmt: skip
        if recorded and p.violation_code not in recorded:
            out.append(Defect(LAW, "articles", 5, _(
                "%(name)s：处罚所依据的违法行为（%(citation)s）不是现场检查记录认定的违法行为"
            ) % {"name": p.name, "citation": v.citation}, True))  # fmt: skip
    return out


# ----------------------------------------------------------------------------- 程序合法


def check_decision_period(f: CaseFile) -> list[Defect]:
    """行政处罚法第六十条: decided within 90 days of 立案 (plus approved extensions)."""
    case = f.case
    if not f.general or case.stage in ("proposed", "rejected"):
        return []
    due, _reasons = services.decision_deadline(case)
    day = case.decided_on or (None if f.today <= due else f.today)
    if day is None or day <= due:
        return []
    what = _("作出处罚决定") if case.decided_on else _("至今未作出处罚决定")
    return [Defect(PROCEDURE, "decision_period", 5, _(
        "%(what)s（%(day)s）超过办案期限%(due)s（行政处罚法第六十条：自立案之日起九十日内作出"
        "行政处罚决定）"
    ) % {"what": what, "day": day.isoformat(), "due": due.isoformat()}, False)]  # fmt: skip


def check_rights_told(f: CaseFile) -> list[Defect]:
    """告知 before the decision, and the decision only after the party's periods ran."""
    case = f.case
    if not f.general or case.stage not in DECIDED:
        return []
    if not case.notice_on or not f.has_doc("penalty_notice"):
        return [Defect(PROCEDURE, "rights_told", 10, _(
            "作出处罚决定前未告知当事人拟作出的处罚内容及事实、理由、依据和陈述申辩权利"
            "（行政处罚法第四十四条、第六十二条：未告知的，不得作出行政处罚决定）"
        ), True)]  # fmt: skip
    earliest = services.earliest_decision(case)
    if earliest.value is not None and case.decided_on < earliest.value:
        return [Defect(PROCEDURE, "rights_told", 10, _(
            "处罚决定（%(day)s）早于当事人陈述申辩或者要求听证的期限届满：%(reasons)s"
            "（行政处罚法第六十二条）"
        ) % {"day": case.decided_on.isoformat(), "reasons": "；".join(earliest.reasons)}, True)]  # fmt: skip
    return []


def check_hearing(f: CaseFile) -> list[Defect]:
    """A hearing asked for is held before the decision, notified seven working days ahead."""
    case = f.case
    if not f.general or not case.hearing_requested:
        return []
    out = []
    if case.stage in DECIDED:
        if case.hearing_on is None:
            out.append(Defect(PROCEDURE, "hearing", 10, _(
                "当事人要求听证，未举行听证即作出处罚决定（行政处罚法第六十三条、第六十五条）"
            ), True))  # fmt: skip
        elif case.decided_on < case.hearing_on:
            out.append(Defect(PROCEDURE, "hearing", 10, _(
                "处罚决定（%(day)s）早于听证（%(hearing)s）（行政处罚法第六十五条：听证结束后，"
                "依据听证笔录作出决定）"
            ) % {"day": case.decided_on.isoformat(), "hearing": case.hearing_on.isoformat()}, True))  # fmt: skip
    if case.hearing_on and case.notice_on:
        latest = law.hearing_notice_last_day(case.hearing_on).value
        if case.notice_on > latest:
            out.append(Defect(PROCEDURE, "hearing", 5, _(
                "听证（%(hearing)s）未在七个工作日前通知当事人（最迟%(latest)s）"
                "（行政处罚法第六十四条第二项、第八十五条）"
            ) % {"hearing": case.hearing_on.isoformat(), "latest": latest.isoformat()}, False))  # fmt: skip
    return out


def check_service_period(f: CaseFile) -> list[Defect]:
    """行政处罚法第六十一条: the decision served within seven working days."""
    case = f.case
    if not f.general or not case.decided_on or not case.served_on:
        return []
    last = law.service_last_day(case.decided_on).value
    if case.served_on <= last:
        return []
    return [Defect(PROCEDURE, "service_period", 5, _(
        "行政处罚决定书于%(served)s送达，超过七日（最迟%(last)s）（行政处罚法第六十一条、第八十五条）"
    ) % {"served": case.served_on.isoformat(), "last": last.isoformat()}, False)]  # fmt: skip


# ----------------------------------------------------------------------------- 裁量适当


def _proposed(f: CaseFile) -> bool:
    return f.case.decision_status in ("proposed", "approved") or f.case.stage in DECIDED


def check_tier_reasons(f: CaseFile) -> list[Defect]:
    """The discretion facts, the tier and its reasons are on file (行政处罚法第三十四条)."""
    if not _proposed(f) or not f.general:
        return []
    out = []
    if not f.case.discretion_facts:
        out.append(Defect(DISCRETION, "tier_reasons", 5, _(
            "未记录裁量情节（初次违法、及时改正、危害后果等），裁量档次无事实依据"
            "（行政处罚法第三十四条：行政机关可以依法制定行政处罚裁量基准，规范行使行政处罚裁量权）"
        ), False))  # fmt: skip
    for p in f.parties:
        if p.fine_max == 0:
            continue  # no fine provided for this party: nothing to tier
        if not p.tier or not p.engine_reasons:
            out.append(Defect(DISCRETION, "tier_reasons", 5, _(
                "%(name)s：未记录裁量档次及理由"
            ) % {"name": p.name}, False))  # fmt: skip
    return out


def check_fine(f: CaseFile) -> list[Defect]:
    """Each fine checked by the engine against the range and the case's facts: above the
    maximum, below the minimum without a 第三十二条 ground, or a fine the law forbids block;
    leaving the suggested tier without a stated reason takes points."""
    if not _proposed(f):
        return []
    case, out = f.case, []
    standard = services.discretion.standard_for(case.department)
    for p in f.parties:
        if p.fine is None or p.violation_code not in law.VIOLATIONS:
            continue
        try:
            who = law.Party(p.engine_party) if p.engine_party else None
        except ValueError:
            who = None
        facts = services.discretion.party_facts(case, p)
        res = law.check_fine(p.violation_code, who, p.fine, facts, standard)
        check = res.value
        if not check.allowed:
            out.append(Defect(DISCRETION, "fine", 10, _("%(name)s：%(message)s") % {
                "name": p.name, "message": check.message}, True))  # fmt: skip
            continue
        stated = (p.out_of_range_reason or case.decision_note or "").strip()
        if (
            check.tier is not None
            and p.tier
            and p.tier != str(law.Tier.NO_PENALTY)
            and str(check.tier) not in (p.tier, str(law.Tier.MITIGATED))
            and not stated
        ):
            out.append(Defect(DISCRETION, "fine", 3, _(
                "%(name)s：罚款%(fine)s元属%(tier)s档，偏离裁量基准建议的%(expected)s档，未说明理由"
                "（%(source)s）"
            ) % {"name": p.name, "fine": f"{p.fine:,.0f}", "tier": check.tier,
                 "expected": p.tier, "source": standard.source}, False))  # fmt: skip
    return out


# ----------------------------------------------------------------------------- 文书规范

REQUIRED = [
    # (kind, needed when)
    ("filing_approval", lambda f: f.general and f.case.stage in AFTER_FILING),
    ("penalty_notice", lambda f: f.general and f.case.stage in AFTER_NOTICE),
    ("hearing_notice", lambda f: f.general and f.case.hearing_right),
    ("penalty_decision", lambda f: f.case.stage in DECIDED),
    ("closing_approval", lambda f: f.case.stage == "closed" and not f.closing),
]


def check_documents_present(f: CaseFile) -> list[Defect]:
    labels = dict(Document.KINDS)
    return [
        Defect(
            DOCUMENTS,
            "documents_present",
            5,
            _("案卷缺少%(kind)s") % {"kind": _(labels[kind])},
            True,
        )  # fmt: skip
        for kind, needed in REQUIRED
        if needed(f) and not f.has_doc(kind)
    ]


def check_documents_numbered(f: CaseFile) -> list[Defect]:
    """Each document carries its number (文号) in the department's series and its files."""
    out = []
    for d in f.documents:
        expected = format_number(d.department, d.kind, d.year, d.seq)
        if d.number != expected:
            out.append(Defect(DOCUMENTS, "documents_numbered", 3, _(
                "%(kind)s的文号“%(number)s”不是本部门该类文书的编号（应为%(expected)s）"
            ) % {"kind": _(d.get_kind_display()), "number": d.number or "—", "expected": expected}, True))  # fmt: skip
        if not d.docx or not d.pdf:
            out.append(Defect(DOCUMENTS, "documents_numbered", 3, _(
                "%(kind)s（%(number)s）没有生成的文书文件"
            ) % {"kind": _(d.get_kind_display()), "number": d.number}, True))  # fmt: skip
    return out


def check_documents_signed(f: CaseFile) -> list[Defect]:
    """Approvals signed by the department's leader; documents issued by its own staff."""
    case, out = f.case, []
    leader = (Role.DEPT_LEADER,)

    def approved_by_leader(user) -> bool:
        return user is not None and (
            user.is_superuser or (user.role in leader and user.department_id == case.department_id)
        )

    if f.general and case.stage in AFTER_FILING and not approved_by_leader(case.filing_approved_by):
        out.append(Defect(DOCUMENTS, "documents_signed", 5, _(
            "立案审批表未经本部门负责人签批（审批人：%(name)s）"
        ) % {"name": _name(case.filing_approved_by)}, True))  # fmt: skip
    if f.general and case.stage in DECIDED and not approved_by_leader(case.decision_approved_by):
        out.append(Defect(DOCUMENTS, "documents_signed", 5, _(
            "行政处罚决定未经本部门负责人审批签发（审批人：%(name)s）（行政处罚法第五十七条）"
        ) % {"name": _name(case.decision_approved_by)}, True))  # fmt: skip
    for d in f.documents:
        if d.issued_by.department_id != case.department_id and not d.issued_by.is_superuser:
            out.append(Defect(DOCUMENTS, "documents_signed", 3, _(
                "%(kind)s（%(number)s）由非本部门人员%(name)s制发"
            ) % {"kind": _(d.get_kind_display()), "number": d.number, "name": _name(d.issued_by)}, True))  # fmt: skip
    return out


def check_documents_served(f: CaseFile) -> list[Defect]:
    """The decision is served (行政处罚法第六十一条) with its method recorded."""
    case = f.case
    if case.stage not in DECIDED:
        return []
    if case.served_on and (case.service_method or "").strip():
        return []
    if case.served_on:
        return [Defect(DOCUMENTS, "documents_served", 3, _(
            "行政处罚决定书的送达方式未记录（送达回证）"
        ), True)]  # fmt: skip
    last = law.service_last_day(case.decided_on).value if case.decided_on else None
    if case.stage in AFTER_SERVICE or (last and f.today > last):
        return [Defect(DOCUMENTS, "documents_served", 5, _(
            "行政处罚决定书未送达当事人（行政处罚法第六十一条）"
        ), True)]  # fmt: skip
    return []


CHECKS: list[Callable[[CaseFile], list[Defect]]] = [
    check_issuer_competent,
    check_inspectors_certified,
    check_sources_signed,
    check_evidence,
    check_articles,
    check_decision_period,
    check_rights_told,
    check_hearing,
    check_service_period,
    check_tier_reasons,
    check_fine,
    check_documents_present,
    check_documents_numbered,
    check_documents_signed,
    check_documents_served,
]


def review_case(case: Case, *, today=None, closing=False) -> Review:
    """The review of ``case``'s file as it stands (``closing``: as the 结案 approval sees it)."""
    f = _load(case, today, closing)
    review = Review(case)
    for check in CHECKS:
        review.defects.extend(check(f))
    return review


def closing_refusal(case: Case) -> str | None:
    """The message refusing 结案 while a blocking defect remains, citing the criteria."""
    blocking = review_case(case, closing=True).blocking
    if not blocking:
        return None
    items = "；".join(f"【{d.label}】{d.message}" for d in blocking)
    return _("案卷评查发现%(n)d项须纠正的问题，纠正前不能结案：%(items)s") % {
        "n": len(blocking),
        "items": items,
    }


# -------------------------------------------------------------------------- monthly score


def month_cases(queryset, department_id: int, year: int, month: int):
    """The department's cases behind a month's score: decided in that month."""
    return queryset.filter(
        department_id=department_id, decided_on__year=year, decided_on__month=month
    )


@dataclass
class MonthScore:
    cases: int
    score: float | None
    deducted: int
    blocking: int


def month_score(cases) -> MonthScore:
    """The average of the case scores (one decimal), the points taken off and blocking defects."""
    reviews = [review_case(c) for c in cases]
    if not reviews:
        return MonthScore(0, None, 0, 0)
    total = sum(r.score for r in reviews)
    return MonthScore(
        len(reviews),
        round(total / len(reviews), 1),
        FULL_SCORE * len(reviews) - total,
        sum(len(r.blocking) for r in reviews),
    )
