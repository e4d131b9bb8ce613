from django.urls import reverse
from django.utils.translation import gettext as _


def items(user) -> list[tuple[str, str]]:
    """System pages by administrator duty (三员分立); every user has the token page."""
    out = []
    if user.is_system_admin:
        out.append((_("部门职责"), reverse("accounts:departments")))
    if user.is_system_admin or user.is_security_admin:
        out.append((_("用户管理"), reverse("accounts:users")))
        out.append((_("权限审批"), reverse("accounts:privileges")))
    if user.may_read_audit:
        out.append((_("审计日志"), reverse("audit:list")))
    if user.role != "enterprise":
        out.append((_("API 令牌"), reverse("accounts:tokens")))
    return out
