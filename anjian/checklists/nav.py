from django.urls import reverse
from django.utils.translation import gettext as _


def items(user) -> list[tuple[str, str]]:
    if user.role in ("awb", "inspector", "dept_leader") or user.is_superuser:
        return [(_("检查表"), reverse("checklists:list"))]
    return []
