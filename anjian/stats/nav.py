from django.urls import reverse
from django.utils.translation import gettext as _

from .services import can_use_stats


def items(user) -> list[tuple[str, str]]:
    if not can_use_stats(user):
        return []
    out = [(_("统计报表"), reverse("stats:s1")), (_("统计分析"), reverse("stats:dashboard"))]
    if user.is_superuser or user.role == "awb":
        out.append((_("报送情况"), reverse("stats:submissions")))
    return out
