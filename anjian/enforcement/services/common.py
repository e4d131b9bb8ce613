"""What every enforcement service shares: who may act, the case lock and save, money input."""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from anjian.accounts.models import Role
from anjian.audit.services import record
from anjian.core.services import check_version, require, snapshot
from anjian.registry.models import Enterprise

from ..models import Case

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
    "discretion_facts",
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
# Amounts are DecimalField(max_digits=14, decimal_places=2): at most 12 digits before the point.
MONEY_LIMIT = Decimal(10**12)


def is_enforcer(by) -> bool:
    """Certified department staff (执法人员 or 负责人 with a valid 执法证)."""
    return by.is_superuser or (
        by.role in (Role.INSPECTOR, Role.DEPT_LEADER)
        and by.department_id is not None
        and by.cert_valid_on(timezone.localdate())
    )


def is_leader_of(by, department_id) -> bool:
    return by.is_superuser or (by.role == Role.DEPT_LEADER and by.department_id == department_id)


def require_enforcer(by):
    if by.role in (Role.INSPECTOR, Role.DEPT_LEADER) and not by.cert_valid_on(timezone.localdate()):
        require(False, _("您的执法证已过期或未登记，不能办理执法案件"))
    require(is_enforcer(by), _("只有持有效执法证的部门执法人员可以办理执法案件"))


def require_case(by, case: Case, action="change"):
    require(
        Case.objects.restrict(by, action).filter(pk=case.pk).exists(),
        _("该案件不在您的管辖范围内"),
    )


def require_leader(by, department_id, what: str):
    """`what` is the matter to approve, already in the user's language."""
    require(is_leader_of(by, department_id), _("%(what)s须由本部门负责人审批") % {"what": what})


def require_enterprise(by, enterprise, action="view"):
    require(
        Enterprise.objects.restrict(by, action).filter(pk=enterprise.pk).exists(),
        _("该企业不在您的监管范围内"),
    )


def lock_case(case: Case, expected_version=None) -> Case:
    c = Case.objects.select_for_update().get(pk=case.pk)
    check_version(c, expected_version)
    return c


def check_stage(case: Case, allowed: tuple, action: str):
    """Refuse unless the case is in one of `allowed`; `action` (what the user tried, translated
    by the caller with the context "case action") completes the message."""
    if case.stage not in allowed:
        labels = dict(Case.STAGES)
        raise ValidationError(
            {
                "stage": _("案件当前阶段为“%(stage)s”，不能%(action)s")
                % {"stage": pgettext("case stage", labels[case.stage]), "action": action}
            }
        )


# Apps above enforcement follow case changes here (the portal publishes decisions): each
# `hook(by, case, action)` runs in the transition's transaction, after its audit entry.
CASE_SAVED_HOOKS: list = []


def on_case_saved(hook) -> None:
    if hook not in CASE_SAVED_HOOKS:
        CASE_SAVED_HOOKS.append(hook)


# Checks of apps above enforcement before a decision is approved (法制审核): each
# `check(by, case)` raises ValidationError/PermissionDenied to refuse the decision.
BEFORE_DECISION_CHECKS: list = []


def on_before_decision(check) -> None:
    if check not in BEFORE_DECISION_CHECKS:
        BEFORE_DECISION_CHECKS.append(check)


def save_case(by, case: Case, action: str, before: dict, note: str = "") -> Case:
    case.version += 1
    case.save()
    record(by, action, case, before=before, after=snapshot(case, CASE_FIELDS), note=note)
    for hook in CASE_SAVED_HOOKS:
        hook(by, case, action)
    return case


def money(value, field: str) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        d = Decimal(str(value)).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError) as exc:
        raise ValidationError({field: _("请输入有效金额")}) from exc
    if d < 0:
        raise ValidationError({field: _("金额不能为负数")})
    if d >= MONEY_LIMIT:
        raise ValidationError({field: _("金额过大（不能超过 999,999,999,999.99 元）")})
    return d


def today_or(on):
    return on or timezone.localdate()
