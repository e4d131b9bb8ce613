"""送达 (行政处罚法第六十一条) and what follows a decision: 复议 and 诉讼 with their outcome, the
final penalty, 加处罚款, 罚款催缴, 催告 and the application to the court (行政强制法第三十五条、
第五十三条、第五十四条), 延期（分期）缴纳罚款 (行政处罚法第六十六条).

Every service checks permission, validates (a refusal names the field and the rule), writes and
audits in one transaction. Periods and amounts come from the law engine (anjian.law.service,
anjian.law.compulsion, anjian.law.procedure).
"""

from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from anjian import law
from anjian.accounts.models import Role
from anjian.audit.services import record
from anjian.core.services import check_version, require, snapshot
from anjian.law import service as law_service

from .. import documents
from ..models import (
    Case,
    CaseParty,
    CourtApplication,
    Deferral,
    Demand,
    Document,
    Remedy,
    Service,
    ServiceConsent,
)
from ..service_docs import building
from .common import (
    CASE_FIELDS,
    DECIDED_STAGES,
    check_stage,
    is_enforcer,
    lock_case,
    money,
    require_case,
    require_enforcer,
    require_enterprise,
    require_leader,
    save_case,
    today_or,
)

# The kinds served on a party (each service records its 送达回证); other modules may add theirs.
SERVED_KINDS = set(Document.PARTY_SIGNED) | {
    "payment_demand",
    "enforcement_reminder",
    "deferral_approval",
    # the other documents addressed to the party (查封扣押, evidence notices, hearings,
    # 严重失信 listing): each is served and has its 送达回证 like the decision
    "hearing_meeting",
    "seizure_decision",
    "seizure_list",
    "seizure_extension",
    "seizure_lift",
    "inquiry_notice",
    "preservation_notice",
    "preservation_decision",
    "dishonesty_notice",
    "dishonesty_decision",
    "dishonesty_removal",
}
SERVICE_FIELDS = [
    "document_id",
    "method",
    "status",
    "addressee",
    "recipient",
    "place",
    "served_on",
    "served_at",
    "witness_1",
    "witness_2",
    "tracking_number",
    "notice_medium",
    "published_on",
    "opened_by_id",
    "receipt_id",
]


# the 送达方式 as the case page's form (forms.SERVICE_METHODS) names them
METHOD_CODES = {label: code for code, label in Service.METHODS}


def method_label(method: str) -> str:
    return dict(Service.METHODS).get(method, method)


# ------------------------------------------------------------------------ 送达地址确认书


def record_consent(
    by, *, enterprise, address: str, signed_by: str, signed_on=None, electronic=False,
    account=None, recipient: str = "", phone: str = "",
) -> ServiceConsent:  # fmt: skip
    """送达地址确认书 as the party signed it; with 电子送达 the enterprise account it agreed to
    (行政处罚法第六十一条第二款: 当事人同意并签订确认书)."""
    require_enforcer(by)
    require_enterprise(by, enterprise)
    errors = {}
    if not (address or "").strip():
        errors["address"] = _("请填写送达地址")
    if not (signed_by or "").strip():
        errors["signed_by"] = _("请填写在确认书上签名的当事人或其代理人")
    signed_on = today_or(signed_on)
    if signed_on > timezone.localdate():
        errors["signed_on"] = _("确认日期不能晚于今天")
    if electronic:
        if account is None:
            errors["account"] = _("同意电子送达的，须写明接收文书的企业账号")
        elif account.role != Role.ENTERPRISE or account.enterprise_id != enterprise.pk:
            errors["account"] = _("电子送达账号须为%(name)s本企业的账号") % {
                "name": enterprise.name
            }
    elif account is not None:
        errors["account"] = _("未同意电子送达的，不登记电子送达账号")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        consent = ServiceConsent.objects.create(
            department=by.department, enterprise=enterprise, region_code=enterprise.region_id,
            address=address.strip(), signed_by=signed_by.strip(), signed_on=signed_on,
            electronic=bool(electronic), account=account if electronic else None,
            recipient=(recipient or "").strip(), phone=(phone or "").strip(), created_by=by,
        )  # fmt: skip
        record(by, "service.consent", consent, after=snapshot(consent))
        return consent


def electronic_consent(enterprise, on: date) -> ServiceConsent | None:
    """The party's latest 确认书 agreeing to 电子送达 in force on ``on``."""
    return (
        ServiceConsent.objects.filter(enterprise=enterprise, electronic=True, signed_on__lte=on)
        .exclude(withdrawn_on__lte=on)
        .order_by("-signed_on", "-id")
        .first()
    )


# ------------------------------------------------------------------------------ 送达


def _service_message(field: str, method: str) -> str:
    """The refusal of ``law.service.service_problems`` for ``field``, in the user's language."""
    if field == "addressee":
        return _("请填写受送达人（民事诉讼法第八十七条：送达回证记明受送达人）")
    if field == "witness_1":
        return _(
            "留置送达须有见证人到场，由送达人、见证人在送达回证上签名或者盖章，请填写见证人姓名"
            "（民事诉讼法第八十九条）"
        )
    if field == "tracking_number":
        return _("邮寄送达须登记邮件号码，以邮件回执为送达凭证（民事诉讼法第九十一条）")
    if field == "notice_medium":
        return _("公告送达须写明公告的载体或地点（民事诉讼法第九十五条）")
    if field == "published_on":
        return _("公告送达须写明发出公告的日期（民事诉讼法第九十五条）")
    if method == "electronic":
        return _(
            "当事人未签订送达地址确认书同意电子送达，不能电子送达：行政处罚法第六十一条第二款规定，"
            "当事人同意并签订确认书的，行政机关可以采用传真、电子邮件等方式送达"
        )
    return _("未知的送达方式")


def record_service(
    by, doc: Document, *, method: str, addressee: str = "", recipient: str = "",
    place: str = "", served_on=None, server: str = "", witness_1: str = "", witness_2: str = "",
    refusal: str = "", tracking_number: str = "", notice_medium: str = "", published_on=None,
    abroad: bool = False, note: str = "",
) -> Service:  # fmt: skip
    """送达 of ``doc``: 直接、留置 (witnesses)、邮寄 (tracking number)、公告 (deemed after 30 days)
    or 电子 (only with the party's consent; served when its account first opens it). A served
    行政处罚决定书 sets the case's 送达日期, from which payment and remedies count."""
    require_enforcer(by)
    require(
        Document.objects.restrict(by, "change").filter(pk=doc.pk).exists(),
        _("该文书不在您的管辖范围内"),
    )
    if doc.kind not in SERVED_KINDS:
        raise ValidationError({"document": _("该文书无需送达当事人")})
    addressee = (addressee or "").strip() or doc.enterprise.name
    today = timezone.localdate()
    errors = {
        k: _service_message(k, method)
        for k in law_service.service_problems(
            method,
            witnesses=(witness_1, witness_2),
            tracking_number=tracking_number,
            notice_medium=notice_medium,
            published_on=published_on,
            addressee=addressee,
            consented=method != "electronic"
            or electronic_consent(doc.enterprise, today) is not None,
        )  # fmt: skip
    }
    start = published_on if method == "notice" else served_on
    if start and start < doc.issued_on:
        errors["published_on" if method == "notice" else "served_on"] = _(
            "送达日期不能早于文书制发日期%(day)s"
        ) % {"day": doc.issued_on.isoformat()}
    if start and start > today:
        errors["published_on" if method == "notice" else "served_on"] = _("日期不能晚于今天")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        d = Document.objects.select_for_update().get(pk=doc.pk)
        prior = d.services.filter(status="served").first()
        if prior or d.services.filter(status="pending").exists():
            raise ValidationError(
                {
                    "document": _("%(doc)s已%(how)s，不能重复登记送达")
                    % {
                        "doc": d.number,
                        "how": _("送达") if prior else _("电子送达待当事人签收"),
                    }
                }
            )
        s = Service(
            document=d, department=d.department, enterprise=d.enterprise,
            region_code=d.region_code, case=d.case, method=method, addressee=addressee,
            recipient=(recipient or "").strip(), place=(place or "").strip(),
            server=(server or "").strip() or by.display_name, witness_1=witness_1.strip(),
            witness_2=witness_2.strip(), refusal=(refusal or "").strip(),
            tracking_number=(tracking_number or "").strip(),
            notice_medium=(notice_medium or "").strip(), published_on=published_on,
            note=(note or "").strip(), created_by=by,
        )  # fmt: skip
        if method == "electronic":
            s.consent = electronic_consent(d.enterprise, today)
            s.place = s.place or _("企业账号 %(user)s") % {"user": s.consent.account.username}
        elif method == "notice":
            s.served_on = law_service.deemed_service_day(published_on, abroad=abroad).value
            s.status = "served"
        else:
            s.served_on = today_or(served_on)
            s.served_at = timezone.now() if s.served_on == today else None
            s.status = "served"
        s.save()
        record(by, "service.record", s, after=snapshot(s, SERVICE_FIELDS))
        if s.status == "served":
            _served(by, s)
        return s


def _served(by, s: Service) -> None:
    """The 送达回证 of a completed service, and the case's 送达日期 from its decision."""
    with building(s):
        s.receipt = documents.create(
            s.created_by, "service_receipt", department=s.department, enterprise=s.enterprise,
        case=s.case, issued_on=min(s.served_on, timezone.localdate()),
    )  # fmt: skip
    s.save(update_fields=["receipt"])
    if s.document.kind == "penalty_decision" and s.case_id:
        c = lock_case(s.case)
        if c.stage == "decided":
            before = snapshot(c, CASE_FIELDS)
            c.served_on = s.served_on
            c.service_method = method_label(s.method)
            res = law.payment_last_day(s.served_on)
            c.payment_due_on = res.value
            c.stage = "served"
            save_case(by, c, "case.serve", before, note="、".join(res.articles))


def is_served_party(user, s: Service) -> bool:
    """The enterprise account the party agreed to receive electronic service on."""
    return (
        user.is_authenticated
        and user.role == Role.ENTERPRISE
        and user.enterprise_id == s.enterprise_id
        and s.method == "electronic"
    )


def open_served(user, s: Service) -> Service:
    """The party's account opens (downloads) a document served on it electronically: the first
    opening is the receipt (民事诉讼法第九十条: 能够确认其收悉的电子方式), with the time and the
    account, audited. An officer opening it, or a later opening, changes nothing."""
    if not is_served_party(user, s) or s.status != "pending":
        return s
    with transaction.atomic():
        locked = Service.objects.select_for_update().get(pk=s.pk)
        if locked.status != "pending":
            return locked
        now = timezone.now()
        locked.status = "served"
        locked.served_at = now
        locked.served_on = timezone.localdate(now)
        locked.opened_by = user
        locked.recipient = locked.recipient or user.display_name
        locked.save()
        record(user, "service.receipt", locked, after=snapshot(locked, SERVICE_FIELDS))
        _served(user, locked)
        return locked


def service_of(doc: Document) -> Service | None:
    return doc.services.order_by("-id").first()


# -------------------------------------------------------------------- 复议 and 诉讼


def record_remedy(
    by, case: Case, *, kind: str, body: str, filed_on, reference: str = "", note: str = ""
) -> Remedy:
    """The party applied for 行政复议 or brought 行政诉讼 against the decision."""
    require_enforcer(by)
    require_case(by, case)
    errors = {}
    if kind not in dict(Remedy.KINDS):
        errors["kind"] = _("请选择行政复议或行政诉讼")
    if not (body or "").strip():
        errors["body"] = _("请填写复议机关或人民法院")
    if filed_on is None:
        errors["filed_on"] = _("请填写申请（起诉）日期")
    elif filed_on > timezone.localdate():
        errors["filed_on"] = _("日期不能晚于今天")
    elif case.decided_on and filed_on < case.decided_on:
        errors["filed_on"] = _("申请（起诉）日期不能早于处罚决定日期")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        c = lock_case(case)
        check_stage(c, DECIDED_STAGES[:-1], pgettext("case action", "登记复议诉讼"))
        r = Remedy.objects.create(
            case=c, department=c.department, region_code=c.region_code, kind=kind,
            body=body.strip(), filed_on=filed_on, reference=(reference or "").strip(),
            note=(note or "").strip(), created_by=by,
        )  # fmt: skip
        record(by, "remedy.record", r, after=snapshot(r))
        return r


def decide_remedy(
    by, remedy: Remedy, *, outcome: str, decided_on, final_fines: dict | None = None,
    note: str = "", expected_version=None,
) -> Remedy:  # fmt: skip
    """The 复议决定 or 判决: 维持, 变更 (the final fines; the initial ones stay on the parties),
    撤销, 确认违法, 驳回, 撤回. A change never makes the party worse off (行政复议法第六十三条第二款,
    行政诉讼法第七十七条第二款)."""
    require_enforcer(by)
    require_case(by, remedy.case)
    errors = {}
    if outcome not in dict(Remedy.OUTCOMES):
        errors["outcome"] = _("请选择复议（诉讼）结果")
    if decided_on is None:
        errors["decided_on"] = _("请填写决定（判决）日期")
    elif decided_on < remedy.filed_on:
        errors["decided_on"] = _("决定（判决）日期不能早于申请（起诉）日期")
    elif decided_on > timezone.localdate():
        errors["decided_on"] = _("日期不能晚于今天")
    changes = {}
    if outcome == "changed":
        parties = {p.pk: p for p in remedy.case.parties.all()}
        for key, value in (final_fines or {}).items():
            p = parties.get(int(key))
            amount = money(value, f"final_fine_{key}")
            if p is None or amount is None:
                continue
            current = final_fine(p)
            if amount > current:
                errors[f"final_fine_{key}"] = _(
                    "%(name)s：变更后的罚款%(new)s元高于原罚款%(old)s元。行政复议机关不得作出对申请人"
                    "更为不利的变更决定（行政复议法第六十三条第二款），人民法院判决变更不得加重原告的"
                    "义务（行政诉讼法第七十七条第二款）"
                ) % {"name": p.name, "new": f"{amount:,.2f}", "old": f"{current:,.2f}"}
            elif amount != current:
                changes[str(p.pk)] = str(amount)
        if not changes and not errors:
            errors["outcome"] = _("结果为变更的，须填写至少一名当事人变更后的罚款金额")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        r = Remedy.objects.select_for_update().get(pk=remedy.pk)
        check_version(r, expected_version)
        if r.outcome:
            raise ValidationError({"outcome": _("该复议（诉讼）已登记结果")})
        before = snapshot(r)
        r.outcome, r.decided_on, r.final_fines = outcome, decided_on, changes
        r.note = (note or r.note or "").strip()
        r.version += 1
        r.save()
        record(by, "remedy.decide", r, before=before, after=snapshot(r))
        return r


def final_fine(p: CaseParty) -> Decimal:
    """The fine as it stands after every decided 复议/诉讼, in the order decided (the initial
    fine is CaseParty.fine, never overwritten)."""
    amount = p.fine or Decimal(0)
    for r in (
        Remedy.objects.filter(case_id=p.case_id).exclude(outcome="").order_by("decided_on", "id")
    ):
        if r.outcome == "revoked":
            amount = Decimal(0)
        elif r.outcome == "changed" and str(p.pk) in r.final_fines:
            amount = Decimal(r.final_fines[str(p.pk)])
    return amount


def pending_remedy(case: Case) -> Remedy | None:
    return case.remedies.filter(outcome="").first()


def suspended_days(case: Case, on: date) -> int:
    """Days of 行政复议 or 行政诉讼 up to ``on``, in which no 加处罚款 is counted
    (行政处罚法第七十三条第三款)."""
    days = 0
    for r in case.remedies.all():
        end = min(r.decided_on or on, on)
        if end > r.filed_on:
            days += (end - r.filed_on).days
    return days


# ---------------------------------------------------------------------------- 加处罚款


def approved_deferral(p: CaseParty) -> Deferral | None:
    return p.deferrals.filter(status="approved").order_by("-decided_on", "-id").first()


def surcharge_on(p: CaseParty, on: date):
    """加处罚款 of ``p`` as of ``on``: 3 % of the final fine per day late, capped at the fine,
    not counted during an approved 延期/分期 (第六十六条) or a 复议/诉讼 (第七十三条第三款)."""
    case = p.case
    fine = final_fine(p)
    if not case.payment_due_on:
        return law.late_payment_surcharge(fine, 0)
    deferral = approved_deferral(p)
    instalments = ()
    deferred_until = None
    if deferral and deferral.kind == "instalments":
        paid = p.paid_amount or Decimal(0)
        rows = []
        for i in deferral.instalments:  # payments settle the instalments in order
            amount = Decimal(i["amount"])
            settled = paid >= amount
            paid = max(Decimal(0), paid - amount)
            rows.append(
                law_service.Instalment(
                    date.fromisoformat(i["due_on"]), amount, p.paid_on if settled else None
                )
            )
        if sum(r.amount_yuan for r in rows) == fine:
            instalments = tuple(rows)
    elif deferral:
        deferred_until = deferral.due_on
    return law_service.surcharge_with_deferral(
        fine, case.payment_due_on, on, deferred_until=deferred_until, instalments=instalments,
        suspended_days=suspended_days(case, on),
    )  # fmt: skip


def owed(p: CaseParty, on: date) -> tuple[Decimal, Decimal]:
    """(principal still owed, 加处罚款 as of ``on``)."""
    fine = final_fine(p)
    principal = max(Decimal(0), fine - (p.paid_amount or 0))
    return principal, max(surcharge_on(p, on).value.amount_yuan, p.surcharge or Decimal(0))


def remaining(p: CaseParty, on: date) -> Decimal:
    """What the party still owes on ``on``: the final fine and 加处罚款, less what it paid."""
    return max(Decimal(0), final_fine(p) + owed(p, on)[1] - (p.paid_amount or 0))


# --------------------------------------------------------------------- 催缴 and 催告


def _party_of(case: Case, party) -> CaseParty:
    if party is None or party.case_id != case.pk:
        raise ValidationError({"party": _("请选择本案的当事人")})
    return party


def _due_passed(c: Case, p: CaseParty, on: date) -> None:
    if not c.payment_due_on:
        raise ValidationError({"party": _("处罚决定书尚未送达，缴款期限尚未起算")})
    deferral = approved_deferral(p)
    last = c.payment_due_on
    if deferral and deferral.kind == "defer" and deferral.due_on:
        last = max(last, deferral.due_on)
    if deferral and deferral.kind == "instalments" and deferral.instalments:
        last = min(date.fromisoformat(i["due_on"]) for i in deferral.instalments)
    if on <= last:
        raise ValidationError(
            {
                "on": _(
                    "缴款期限（最后一日%(day)s）尚未届满：当事人到期不缴纳罚款的，方可催缴、催告"
                    "（行政处罚法第七十二条、行政强制法第五十四条）"
                )
                % {"day": last.isoformat()}
            }
        )


def issue_demand(by, case: Case, *, party, kind: str, on=None) -> Demand:
    """罚款催缴通知书 or 行政强制执行事先催告书 to a party that has not paid by its due date.
    The 催告书 gives the party ten working days (行政强制法第三十五条、第五十四条、第六十九条)."""
    require_enforcer(by)
    require_case(by, case)
    if kind not in dict(Demand.KINDS):
        raise ValidationError({"kind": _("请选择催缴通知书或催告书")})
    p = _party_of(case, party)
    on = today_or(on)
    if on > timezone.localdate():
        raise ValidationError({"on": _("日期不能晚于今天")})
    with transaction.atomic():
        c = lock_case(case)
        check_stage(c, ("served", "execution"), pgettext("case action", "催缴、催告"))
        _due_passed(c, p, on)
        principal, surcharge = owed(p, on)
        if remaining(p, on) <= 0:
            raise ValidationError({"party": _("%(name)s已缴清罚款，无需催缴") % {"name": p.name}})
        if kind == "reminder" and pending_remedy(c):
            raise ValidationError(
                {
                    "kind": _(
                        "当事人已申请行政复议或者提起行政诉讼，尚未审结：依据行政强制法第五十三条，"
                        "申请人民法院强制执行以当事人在法定期限内不申请复议、不起诉又不履行为前提"
                    )
                }
            )
        pay_by = None
        if kind == "reminder":
            pay_by = law.court_application_earliest_day(on).value - timedelta(days=1)
        demand = Demand.objects.create(
            case=c, party=p, department=c.department, region_code=c.region_code, kind=kind,
            issued_on=on, fine=principal, surcharge=surcharge, pay_by=pay_by, created_by=by,
        )  # fmt: skip
        with building(demand):
            demand.document = documents.create(
            by, "payment_demand" if kind == "demand" else "enforcement_reminder",
            department=c.department, enterprise=c.enterprise, case=c, issued_on=on,
        )  # fmt: skip
        demand.save(update_fields=["document"])
        record(by, f"case.{kind}", demand, after=snapshot(demand))
        return demand


def served_on(doc: Document | None) -> date | None:
    if doc is None:
        return None
    s = doc.services.filter(status="served").order_by("id").first()
    return s.served_on if s else None


def enforcement_window(case: Case, p: CaseParty) -> dict:
    """When the department may apply to the court for ``p``: the 催告书's ten working days
    (行政强制法第五十四条) and the three months after the remedies' periods (第五十三条)."""
    out = {"reminder": None, "earliest": None, "periods_end": None, "last": None, "reasons": []}
    reminder = p.demands.filter(kind="reminder").select_related("document").order_by("-id").first()
    out["reminder"] = reminder
    rserved = served_on(reminder.document) if reminder else None
    if rserved:
        res = law.court_application_earliest_day(rserved)
        out["earliest"] = res.value
        out["reasons"] += list(res.reasons)
    if case.served_on:
        review = (
            case.remedies.filter(kind="review").exclude(outcome="").order_by("-decided_on").first()
        )
        periods = law_service.remedy_periods(
            case.served_on, review_decided_on=review.decided_on if review else None
        )
        end = periods.value.last_day
        suit = case.remedies.filter(kind="litigation").exclude(outcome="").order_by("-decided_on")
        if suit.exists():
            end = max(end, suit.first().decided_on)
        deferral = approved_deferral(p)
        until = None
        if deferral and deferral.kind == "defer":
            until = deferral.due_on
        elif deferral and deferral.instalments:
            until = max(date.fromisoformat(i["due_on"]) for i in deferral.instalments)
        last = law.court_application_last_day(end, deferred_until=until)
        out["periods_end"], out["last"] = end, last.value
        out["reasons"] += list(periods.reasons) + list(last.reasons)
    return out


def apply_to_court(by, case: Case, *, party, court: str = "", on=None) -> CourtApplication:
    """强制执行申请书 to the court: only after the 催告书 was served and its ten working days
    passed (行政强制法第五十四条), after the periods for 复议 and 诉讼 ended and within three
    months of their end (第五十三条)."""
    from ..docparts import authority

    require_enforcer(by)
    require_case(by, case)
    p = _party_of(case, party)
    on = today_or(on)
    with transaction.atomic():
        c = lock_case(case)
        check_stage(c, ("served", "execution"), pgettext("case action", "申请强制执行"))
        if pending_remedy(c):
            raise ValidationError(
                {"on": _("复议（诉讼）尚未审结，不能申请人民法院强制执行（行政强制法第五十三条）")}
            )
        due = remaining(p, on)
        if due <= 0:
            raise ValidationError(
                {"party": _("%(name)s已缴清罚款，无需申请强制执行") % {"name": p.name}}
            )
        w = enforcement_window(c, p)
        if w["reminder"] is None or w["earliest"] is None:
            raise ValidationError(
                {
                    "party": _(
                        "申请人民法院强制执行前，应当催告当事人履行义务，催告书须已送达"
                        "（行政强制法第五十四条）"
                    )
                }
            )
        if on < w["earliest"]:
            raise ValidationError(
                {
                    "on": _(
                        "催告书送达十日后当事人仍未履行义务的，方可申请人民法院强制执行；十日为工作日"
                        "（行政强制法第五十四条、第六十九条）：最早%(day)s"
                    )
                    % {"day": w["earliest"].isoformat()}
                }
            )
        if w["periods_end"] and on <= w["periods_end"]:
            raise ValidationError(
                {
                    "on": _(
                        "申请行政复议或者提起行政诉讼的法定期限至%(day)s届满，届满后方可申请人民法院"
                        "强制执行（行政强制法第五十三条）"
                    )
                    % {"day": w["periods_end"].isoformat()}
                }
            )
        if w["last"] and on > w["last"]:
            raise ValidationError(
                {
                    "on": _(
                        "已超过申请人民法院强制执行的期限：行政强制法第五十三条规定，自期限届满之日起"
                        "三个月内申请，最迟%(day)s"
                    )
                    % {"day": w["last"].isoformat()}
                }
            )
        court = (court or "").strip() or authority(c.department).court
        if not court:
            raise ValidationError({"court": _("请填写受理申请的人民法院")})
        app = CourtApplication.objects.create(
            case=c, party=p, department=c.department, region_code=c.region_code,
            reminder=w["reminder"], court=court, applied_on=on, amount=due,
            created_by=by,
        )  # fmt: skip
        with building(app):
            app.document = documents.create(
            by, "court_application", department=c.department, enterprise=c.enterprise, case=c,
            issued_on=on,
        )  # fmt: skip
        app.save(update_fields=["document"])
        record(by, "case.court_application", app, after=snapshot(app))
        return app


# ------------------------------------------------------------------ 延期（分期）缴纳


def _instalments(raw, principal: Decimal, after: date) -> list:
    rows, total, last = [], Decimal(0), after
    for n, item in enumerate(raw or [], start=1):
        due = item.get("due_on")
        amount = money(item.get("amount"), "instalments")
        if due is None or amount is None or amount <= 0:
            raise ValidationError({"instalments": _("第%(n)d期须有缴纳期限和金额") % {"n": n}})
        if isinstance(due, str):
            due = date.fromisoformat(due)
        if due <= last:
            raise ValidationError(
                {"instalments": _("第%(n)d期的缴纳期限须晚于上一期（或申请日期）") % {"n": n}}
            )
        rows.append({"due_on": due.isoformat(), "amount": str(amount)})
        total += amount
        last = due
    if len(rows) < 2:
        raise ValidationError({"instalments": _("分期缴纳须至少分两期")})
    if total != principal:
        raise ValidationError(
            {
                "instalments": _("各期金额合计%(sum)s元，应等于应缴罚款%(due)s元")
                % {"sum": f"{total:,.2f}", "due": f"{principal:,.2f}"}
            }
        )
    return rows


def apply_deferral(
    by, case: Case, *, party, kind: str, reason: str, applied_on=None, due_on=None,
    instalments=None, handler_opinion: str = "",
) -> Deferral:  # fmt: skip
    """The party's written application for 延期 or 分期 缴纳罚款 (确有经济困难, 行政处罚法第六十六条
    第二款), registered with the 承办人意见; the leader decides (``decide_deferral``)."""
    require_enforcer(by)
    require_case(by, case)
    p = _party_of(case, party)
    applied_on = today_or(applied_on)
    errors = {}
    if kind not in dict(Deferral.KINDS):
        errors["kind"] = _("请选择延期缴纳或分期缴纳")
    if not (reason or "").strip():
        errors["reason"] = _("请填写当事人确有经济困难的情况（行政处罚法第六十六条第二款）")
    if applied_on > timezone.localdate():
        errors["applied_on"] = _("日期不能晚于今天")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        c = lock_case(case)
        check_stage(c, ("served", "execution"), pgettext("case action", "申请延期（分期）缴纳"))
        if p.deferrals.filter(status="applied").exists():
            raise ValidationError({"party": _("%(name)s已有待审批的申请") % {"name": p.name}})
        principal = max(Decimal(0), final_fine(p) - (p.paid_amount or 0))
        if principal <= 0:
            raise ValidationError({"party": _("%(name)s已缴清罚款") % {"name": p.name}})
        rows = []
        if kind == "defer":
            if due_on is None or due_on <= (c.payment_due_on or applied_on):
                raise ValidationError(
                    {
                        "due_on": _("延期缴纳须写明晚于原缴款期限（%(day)s）的新期限")
                        % {"day": (c.payment_due_on or applied_on).isoformat()}
                    }
                )
        else:
            rows = _instalments(instalments, principal, applied_on)
            due_on = None
        d = Deferral.objects.create(
            case=c, party=p, department=c.department, region_code=c.region_code, kind=kind,
            applied_on=applied_on, reason=reason.strip(),
            handler_opinion=(handler_opinion or "").strip(), due_on=due_on, instalments=rows,
            created_by=by,
        )  # fmt: skip
        record(by, "deferral.apply", d, after=snapshot(d))
        return d


def decide_deferral(
    by, deferral: Deferral, *, approve: bool, opinion: str = "", on=None, expected_version=None
) -> Deferral:
    """The leader's decision on a 延期（分期）缴纳 application: the 审批表, and on approval the
    批准书 served on the party; while approved, no 加处罚款 runs before the new due dates."""
    require_leader(by, deferral.department_id, pgettext("approval", "延期（分期）缴纳罚款"))
    if not approve and not (opinion or "").strip():
        raise ValidationError({"opinion": _("不予批准须填写理由")})
    on = today_or(on)
    with transaction.atomic():
        d = Deferral.objects.select_for_update().get(pk=deferral.pk)
        check_version(d, expected_version)
        if d.status != "applied":
            raise ValidationError({"status": _("该申请已审批")})
        if on < d.applied_on:
            raise ValidationError({"on": _("审批日期不能早于申请日期")})
        before = snapshot(d)
        d.status = "approved" if approve else "rejected"
        d.decided_by, d.decided_on = by, on
        d.opinion = (opinion or "").strip() or _("同意")
        d.version += 1
        d.save()
        c = d.case
        with building(d):
            d.form_document = documents.create(
            by, "deferral_form", department=c.department, enterprise=c.enterprise, case=c,
            issued_on=on,
        )  # fmt: skip
        if approve:
            with building(d):
                d.approval_document = documents.create(
                by, "deferral_approval", department=c.department, enterprise=c.enterprise,
                case=c, issued_on=on,
            )  # fmt: skip
        d.save(update_fields=["form_document", "approval_document"])
        record(by, "deferral." + d.status, d, before=before, after=snapshot(d))
        return d


def can_act(user, case: Case) -> bool:
    return is_enforcer(user) and Case.objects.restrict(user, "change").filter(pk=case.pk).exists()
