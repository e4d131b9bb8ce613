from django.urls import reverse
from django.utils.translation import gettext as _


def items(user) -> list[tuple[str, str]]:
    if user.is_superuser or user.role in ("awb", "inspector", "dept_leader"):
        return [(_("举报"), reverse("tips:list"))]
    return []


def tiles(user) -> list[tuple[str, object, str]]:
    from anjian.core.context import capped_count

    from .models import TODO_STATUSES, Tip

    if not (user.is_superuser or user.role in ("awb", "inspector", "dept_leader")):
        return []
    qs = Tip.objects.restrict(user).filter(status__in=TODO_STATUSES)
    return [(_("待办举报"), capped_count(qs), reverse("tips:list") + "?status=todo")]
