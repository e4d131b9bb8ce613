from django.urls import reverse
from django.utils.translation import gettext as _

from .models import Role


def items(user) -> list[tuple[str, str]]:
    if not (user.is_superuser or user.role == Role.AWB):
        return []
    return [
        (_("部门职责"), reverse("accounts:departments")),
        (_("用户管理"), reverse("accounts:users")),
    ]
