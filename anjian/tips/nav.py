from django.urls import reverse
from django.utils.translation import gettext as _


def items(user) -> list[tuple[str, str]]:
    if user.is_superuser or user.role in ("awb", "inspector", "dept_leader"):
        return [(_("举报"), reverse("tips:list"))]
    return []
