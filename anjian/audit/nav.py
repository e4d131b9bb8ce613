from django.urls import reverse
from django.utils.translation import gettext as _


def items(user) -> list[tuple[str, str]]:
    if not (user.is_superuser or user.role == "awb"):
        return []
    return [(_("审计日志"), reverse("audit:list"))]
