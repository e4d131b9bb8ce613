from django.urls import reverse
from django.utils.translation import gettext as _


def items(user) -> list[tuple[str, str]]:
    if user.is_superuser or user.role in ("awb", "inspector", "dept_leader", "town"):
        return [(_("事故"), reverse("accidents:list"))]
    return []
