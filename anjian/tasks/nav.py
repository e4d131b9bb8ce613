from django.urls import reverse
from django.utils.translation import gettext as _

from anjian.accounts.models import Role


def items(user) -> list[tuple[str, str]]:
    if not (
        user.is_superuser or user.role in (Role.AWB, Role.INSPECTOR, Role.DEPT_LEADER, Role.TOWN)
    ):
        return []
    return [
        (_("工作清单"), reverse("tasks:index")),
        (_("联络员与报送"), reverse("tasks:obligations")),
    ]
