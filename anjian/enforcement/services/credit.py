"""严重失信主体名单's whole life (安全生产严重失信主体名单管理办法, 应急管理部令第11号):

告知 (`notify_listing`, with its 告知书) → 陈述申辩 (`record_listing_statement`) → 决定
(`decide_listing`: listed with its 决定书 and period — the Sanction the escalations and the portal
show — or not listed) → 信用修复 (`repair_listing`, early removal on application once the minimum
period has passed) or 期满移出 (`expire_listings`, the daily job, at the end of the period), each
with its document. The grounds and periods are the law engine's (`law.dishonesty_listing`).
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from anjian import law
from anjian.audit.services import record
from anjian.core.services import check_version, snapshot
from anjian.law.dishonesty import SOURCE, STATEMENT_WORKING_DAYS
from anjian.law.periods import last_working_day

from .. import documents
from ..models import DishonestyProcedure, Sanction
from .common import require_enterprise, require_leader, today_or
from .sanctions import list_dishonest, remove_early

FIELDS = ["status", "noticed_on", "statement_due_on", "statement", "statement_on",
          "decided_on", "repair_applied_on", "removed_on", "version"]  # fmt: skip


def _lock(proc, expected_version=None) -> DishonestyProcedure:
    p = DishonestyProcedure.objects.select_for_update().get(pk=proc.pk)
    check_version(p, expected_version)
    return p


def _save(by, p: DishonestyProcedure, action: str, before: dict) -> DishonestyProcedure:
    p.version += 1
    p.save()
    record(by, action, p, before=before, after=snapshot(p, FIELDS))
    return p


def _status(p: DishonestyProcedure, allowed: tuple, what: str) -> None:
    if p.status not in allowed:
        raise ValidationError(
            {"status": _("该程序当前状态为“%(s)s”，不能%(what)s")
             % {"s": _(p.get_status_display()), "what": what}}
        )  # fmt: skip


def _doc(by, p: DishonestyProcedure, kind: str, on):
    return documents.create(by, kind, department=p.department, enterprise=p.enterprise,
                            issued_on=on, dishonesty=p, case=p.case)  # fmt: skip


def notify_listing(
    by, enterprise, *, concealed=False, multiplied_fine=False, accidents=(), reason: str = "",
    case=None, on=None,
) -> DishonestyProcedure:  # fmt: skip
    """告知 before any listing: the grounds the engine confirms, the 告知书 with the party's
    right to state its case by the period's last working day."""
    require_leader(by, by.department_id, pgettext("approval", "列入严重失信主体名单"))
    require_enterprise(by, enterprise)
    on = today_or(on)
    res = law.dishonesty_listing(on_date=on, accidents=accidents,
                                 multiplied_fine_under_114=multiplied_fine,
                                 concealed_or_false_report=concealed)  # fmt: skip
    if not res.value.listed:
        raise ValidationError(
            {"reason": _("经核验不符合《安全生产严重失信主体名单管理办法》规定的列入情形（%(reasons)s），"
                         "不能告知列入严重失信主体名单") % {"reasons": "；".join(res.reasons)}}
        )  # fmt: skip
    with transaction.atomic():
        open_ = DishonestyProcedure.objects.select_for_update().filter(
            enterprise=enterprise, status="noticed"
        )
        if open_.exists():
            raise ValidationError({"enterprise": _("该企业已有待决定的列入告知，不能重复告知")})
        p = DishonestyProcedure.objects.create(
            department=by.department, enterprise=enterprise, region_code=enterprise.region_id,
            case=case, concealed=bool(concealed), multiplied_fine=bool(multiplied_fine),
            reason=(reason or "").strip(), grounds="\n".join(res.reasons), noticed_on=on,
            statement_due_on=last_working_day(on, STATEMENT_WORKING_DAYS), created_by=by,
        )  # fmt: skip
        record(by, "dishonesty.notice", p, after=snapshot(p, FIELDS))
        _doc(by, p, "dishonesty_notice", on)
        return p


def record_listing_statement(by, proc, *, statement: str, on=None, expected_version=None):
    """The party's 陈述申辩, within the period the notice gave."""
    require_leader(by, proc.department_id, pgettext("approval", "列入严重失信主体名单"))
    on = today_or(on)
    with transaction.atomic():
        p = _lock(proc, expected_version)
        _status(p, ("noticed",), pgettext("dishonesty action", "登记陈述申辩"))
        if not (statement or "").strip():
            raise ValidationError({"statement": _("请填写当事人的陈述申辩意见")})
        if on < p.noticed_on:
            raise ValidationError({"statement_on": _("陈述申辩日期不能早于告知日期")})
        before = snapshot(p, FIELDS)
        p.statement, p.statement_on = statement.strip(), on
        return _save(by, p, "dishonesty.statement", before)


def decide_listing(by, proc, *, approve: bool, note: str = "", on=None, expected_version=None):
    """列入决定 after the notice period (or once the party has stated its case): listed (the
    Sanction with the engine's period, the 决定书, published on the portal) or not listed."""
    require_leader(by, proc.department_id, pgettext("approval", "列入严重失信主体名单"))
    on = today_or(on)
    with transaction.atomic():
        p = _lock(proc, expected_version)
        _status(p, ("noticed",), pgettext("dishonesty action", "作出列入决定"))
        if on <= p.statement_due_on and not p.statement_on:
            raise ValidationError(
                {"decided_on": _("依据%(src)s，列入前应当告知并听取当事人陈述申辩：陈述申辩期限至"
                                 "%(due)s，期满前（当事人未陈述申辩的）不能作出列入决定")
                 % {"src": SOURCE, "due": p.statement_due_on.isoformat()}}
            )  # fmt: skip
        if not approve and not (note or "").strip():
            raise ValidationError({"note": _("不予列入须填写理由（如陈述申辩成立）")})
        before = snapshot(p, FIELDS)
        p.decided_on, p.decision_note = on, (note or "").strip()
        if not approve:
            p.status = "dropped"
            return _save(by, p, "dishonesty.drop", before)
        p.sanction = list_dishonest(by, p.enterprise, on=on, concealed=p.concealed,
                                    multiplied_fine=p.multiplied_fine, reason=p.reason)  # fmt: skip
        p.status = "listed"
        _save(by, p, "dishonesty.list", before)
        _doc(by, p, "dishonesty_decision", on)
        return p


def repair_listing(by, proc, *, note: str, applied_on=None, on=None, expected_version=None):
    """信用修复: early removal on the enterprise's application, not before the minimum period
    (12 months after listing, law engine) — with its 移出决定书."""
    require_leader(by, proc.department_id, pgettext("approval", "提前移出严重失信主体名单"))
    on = today_or(on)
    if on > timezone.localdate():
        raise ValidationError({"lifted_on": _("移出日期不能晚于今天")})
    if not (note or "").strip():
        raise ValidationError({"note": _("请填写信用修复情况（整改、履行处罚、信用承诺等）")})
    with transaction.atomic():
        p = _lock(proc, expected_version)
        _status(p, ("listed",), pgettext("dishonesty action", "信用修复提前移出"))
        before = snapshot(p, FIELDS)
        remove_early(by, p.sanction, on=on, note=note)  # refuses before the minimum period
        p.sanction.refresh_from_db()
        p.repair_applied_on = applied_on or on
        p.repair_note, p.removed_on, p.status = note.strip(), on, "repaired"
        _save(by, p, "dishonesty.repair", before)
        _doc(by, p, "dishonesty_removal", on)
        return p


def expire_listings(on=None) -> int:
    """The daily job: listings whose period has ended are removed, each with its 移出决定书
    (issued in the name of the head who decided the listing)."""
    on = today_or(on)
    done = 0
    due = DishonestyProcedure.objects.filter(status="listed", sanction__ends_on__lt=on,
                                             sanction__lifted_on__isnull=True)  # fmt: skip
    for proc in due.select_related("sanction"):
        with transaction.atomic():
            p = _lock(proc)
            if p.status != "listed":
                continue
            by = p.sanction.decided_by or p.created_by
            s = Sanction.objects.select_for_update().get(pk=p.sanction_id)
            before_s = snapshot(s)
            s.lifted_on = s.ends_on
            s.note = (s.note + "\n期满移出").strip()
            s.save()
            record(by, "sanction.expire", s, before=before_s, after=snapshot(s),
                   note="system: dishonesty period ended")  # fmt: skip
            before = snapshot(p, FIELDS)
            p.removed_on, p.status = s.ends_on, "expired"
            _save(by, p, "dishonesty.expire", before)
            _doc(by, p, "dishonesty_removal", on)
            done += 1
    return done


def remove_listing_early(by, sanction: Sanction, *, note: str = "", on=None):
    """The escalations page's 提前移出: through the listing's procedure (its 移出决定书) when it
    has one; a listing registered before the procedure existed is removed as it was."""
    proc = DishonestyProcedure.objects.filter(sanction=sanction).first()
    if proc is None:
        return remove_early(by, sanction, on=on, note=note)
    repair_listing(by, proc, note=note, on=on)
    return Sanction.objects.get(pk=sanction.pk)
