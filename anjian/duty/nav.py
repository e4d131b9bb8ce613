from django.urls import reverse
from django.utils.translation import gettext as _

from anjian.accounts.models import Role


def items(user) -> list[tuple[str, str]]:
    if user.role == Role.ENTERPRISE:
        if user.enterprise_id and user.enterprise.is_small:
            return [(_("风险明白卡"), reverse("duty:cards"))]
        return []
    if not (
        user.is_superuser or user.role in (Role.AWB, Role.INSPECTOR, Role.DEPT_LEADER, Role.TOWN)
    ):
        return []
    return [
        (_("三个责任人"), reverse("duty:index")),
        (_("风险明白卡"), reverse("duty:cards")),
    ]
