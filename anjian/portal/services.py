"""执法公示 services: publishing decisions (事后), checking a 执法证 (事中), the public totals.

A decision is published when it is decided — by the enforcement hook, in the decision's own
transaction — and at the latest within seven working days of its date (国办发〔2018〕118号:
行政执法决定自作出之日起7个工作日内公开); `publish_due` (the `publish_decisions` command, run
daily) catches what the hook could not, e.g. a decision dated in the future. A change of the
decision is published as a new version and a withdrawal keeps every earlier version.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from anjian.accounts.models import Role, User
from anjian.audit.services import record
from anjian.core.services import require
from anjian.enforcement.models import Case
from anjian.enforcement.services.common import DECIDED_STAGES, require_case, require_enforcer
from anjian.enforcement.services.publication import mask_name
from anjian.law.periods import last_working_day

from .models import Publication, PublicationRevision
from .redaction import decision_record, person_names, scrub

PUBLISH_WORKING_DAYS = 7
PUBLISH_BASIS = "国务院办公厅关于全面推行行政执法公示制度执法全过程记录制度重大执法决定法制审核制度的指导意见（国办发〔2018〕118号）：行政执法决定自作出之日起7个工作日内公开"


def publish_deadline(decided_on: date) -> date:
    """The last day a decision of `decided_on` may be published (7 working days after it)."""
    return last_working_day(decided_on, PUBLISH_WORKING_DAYS)


def _decided(case: Case, today: date) -> bool:
    return case.stage in DECIDED_STAGES and case.decided_on is not None and case.decided_on <= today


def _revision(pub: Publication, kind: str, on: date, by=None, reason: str = "") -> None:
    PublicationRevision.objects.create(
        publication=pub, version=pub.version, kind=kind, on=on, reason=reason, data=pub.data,
        by=by if getattr(by, "is_authenticated", False) else None,
    )  # fmt: skip


def _audit(by, action: str, pub: Publication, note: str = "") -> None:
    after = {"uid": pub.uid, "version": pub.version, "status": pub.status, "case": pub.case_id}
    record(
        by if getattr(by, "is_authenticated", False) else None, action, pub, after=after, note=note
    )


def sync_case(case: Case, by=None, today: date | None = None) -> Publication | None:
    """Publish a decided case, or publish the new version of a changed one. A case not yet
    decided (or decided with a later date) is not published; a withdrawn one stays withdrawn."""
    today = today or timezone.localdate()
    pub = Publication.objects.filter(case=case).first()
    if not _decided(case, today) or (pub is not None and pub.status == "withdrawn"):
        return pub
    data = decision_record(case)
    with transaction.atomic():
        if pub is None:
            pub = Publication.objects.create(
                case=case, department=case.department, region_code=case.region_code,
                decided_on=case.decided_on, due_on=publish_deadline(case.decided_on),
                published_on=today, updated_on=today, data=data,
            )  # fmt: skip
            _revision(pub, "publish", today, by)
            _audit(by, "publication.publish", pub, note=PUBLISH_BASIS)
        elif data != pub.data:
            pub.data, pub.version, pub.updated_on = data, pub.version + 1, today
            pub.decided_on, pub.due_on = case.decided_on, publish_deadline(case.decided_on)
            pub.save()
            _revision(pub, "update", today, by, _("处罚决定内容变更"))
            _audit(by, "publication.update", pub)
    return pub


def publish_on_case_saved(by, case: Case, action: str) -> None:
    """The enforcement hook: every case transition re-publishes a decided case."""
    if case.stage in DECIDED_STAGES:
        sync_case(case, by)


def publish_due(today: date | None = None) -> list[Publication]:
    """Publish every decided case not yet published (the daily run; idempotent)."""
    today = today or timezone.localdate()
    pending = Case.objects.filter(stage__in=DECIDED_STAGES, decided_on__lte=today).exclude(
        Exists(Publication.objects.filter(case=OuterRef("pk")))
    )
    return [sync_case(c, today=today) for c in pending.order_by("decided_on", "pk")]


def overdue(today: date | None = None):
    """Decided cases past their publication deadline and still unpublished (for the staff)."""
    today = today or timezone.localdate()
    pending = Case.objects.filter(stage__in=DECIDED_STAGES, decided_on__lte=today).exclude(
        Exists(Publication.objects.filter(case=OuterRef("pk")))
    )
    return [c for c in pending if publish_deadline(c.decided_on) < today]


def _require_publisher(by, pub: Publication) -> None:
    require_enforcer(by)
    require_case(by, pub.case)


def amend_publication(by, pub: Publication, *, reason: str, on: date | None = None):
    """变更: publish the decision as it now stands, with the reason (e.g. 复议决定变更)."""
    _require_publisher(by, pub)
    on = on or timezone.localdate()
    errors = {}
    if not (reason or "").strip():
        errors["reason"] = _("请填写变更理由")
    if pub.status == "withdrawn":
        errors["status"] = _("该公示已撤回，不能变更")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        pub = Publication.objects.select_for_update().get(pk=pub.pk)
        reason = scrub(reason.strip(), person_names(pub.case))  # shown in the public history
        pub.data = decision_record(pub.case)
        pub.version += 1
        pub.updated_on = on
        pub.save()
        _revision(pub, "update", on, by, reason)
        _audit(by, "publication.update", pub, note=reason)
    return pub


def withdraw_publication(by, pub: Publication, *, reason: str, on: date | None = None):
    """撤回: the decision was revoked (复议、诉讼、自行纠错); its record leaves the list, the
    withdrawal and the reason are shown, and every version stays in the history."""
    _require_publisher(by, pub)
    on = on or timezone.localdate()
    errors = {}
    if not (reason or "").strip():
        errors["reason"] = _("请填写撤回理由")
    if pub.status == "withdrawn":
        errors["status"] = _("该公示已撤回")
    if on < pub.published_on:
        errors["on"] = _("撤回日期不能早于公示日期")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        pub = Publication.objects.select_for_update().get(pk=pub.pk)
        pub.status, pub.withdrawn_on = "withdrawn", on
        pub.withdrawal_reason = scrub(reason.strip(), person_names(pub.case))
        pub.version += 1
        pub.updated_on = on
        pub.save()
        _revision(pub, "withdraw", on, by, pub.withdrawal_reason)
        _audit(by, "publication.withdraw", pub, note=pub.withdrawal_reason)
    return pub


def visible_publications(today: date | None = None):
    today = today or timezone.localdate()
    return Publication.objects.filter(published_on__lte=today).select_related("department")


def listed(today: date | None = None):
    """Decisions on the public list: published, not withdrawn."""
    return visible_publications(today).filter(status="published")


def withdrawn(today: date | None = None):
    return visible_publications(today).filter(status="withdrawn").order_by("-withdrawn_on", "-id")


# ---------------------------------------------------------------------------------- 事中


def inspectors():
    """Department staff holding a 执法证 (what 事前 lists and 事中 checks)."""
    return (
        User.objects.filter(
            role__in=(Role.INSPECTOR, Role.DEPT_LEADER), department__isnull=False, is_active=True
        )
        .exclude(cert_no="")
        .select_related("department")
        .order_by("department_id", "cert_no")
    )


def public_inspector(u: User, on: date) -> dict:
    return {
        "name": mask_name(u.full_name or u.username),
        "cert_no": u.cert_no,
        "department": u.department.name,
        "department_code": u.department.code,
        "valid_until": u.cert_expiry.isoformat() if u.cert_expiry else None,
        "valid": u.cert_valid_on(on),
    }


def check_cert(cert_no: str, on: date | None = None) -> dict:
    """事中: is `cert_no` a 执法证 valid on `on`? {"found", "valid", "on", "inspector"}.
    An empty or unknown number is "not found" (never an error page)."""
    on = on or timezone.localdate()
    cert_no = (cert_no or "").strip()
    if not cert_no:
        raise ValidationError({"cert_no": _("请输入执法证号")})
    if len(cert_no) > 32:
        raise ValidationError({"cert_no": _("执法证号过长")})
    u = inspectors().filter(cert_no__iexact=cert_no).first()
    if u is None:
        return {"found": False, "valid": False, "on": on.isoformat(), "inspector": None}
    info = public_inspector(u, on)
    return {"found": True, "valid": info["valid"], "on": on.isoformat(), "inspector": info}


def require_staff(by) -> None:
    require(by.is_authenticated and by.is_department_staff, _("只有部门执法人员可以管理公示"))
