from django.urls import reverse

from anjian.accounts.models import Role


def items(user) -> list[tuple[str, str]]:
    if not (
        user.is_superuser or user.role in (Role.AWB, Role.INSPECTOR, Role.DEPT_LEADER, Role.TOWN)
    ):
        return []
    return [("工作清单", reverse("tasks:index")), ("联络员与报送", reverse("tasks:obligations"))]
