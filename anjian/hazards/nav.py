from django.urls import reverse
from django.utils.translation import gettext as _


def items(user) -> list[tuple[str, str]]:
    if user.role == "enterprise":
        return [(_("我的隐患"), reverse("hazards:list"))]
    if user.role == "expert":
        return []
    out = [
        (_("隐患台账"), reverse("hazards:list")),
        (_("挂牌督办"), reverse("hazards:supervision")),
    ]
    if user.role in ("awb", "inspector", "dept_leader") or user.is_superuser:
        out.append((_("判定标准"), reverse("hazards:criteria")))
    return out


def tiles(user) -> list[tuple[str, object, str]]:
    """Workbench figures: (label, capped count, ledger link)."""
    from django.utils import timezone

    from anjian.core.context import capped_count

    from .models import Hazard

    if user.role == "expert":
        return []
    qs = Hazard.objects.restrict(user, "view")
    url = reverse("hazards:list")
    out = [
        (_("逾期未整改隐患"), capped_count(qs.overdue(timezone.localdate())), f"{url}?overdue=1"),
        (_("未销号重大隐患"), capped_count(qs.open().filter(level="major")),
         f"{url}?status=open&level=major"),
    ]  # fmt: skip
    if user.role != "enterprise":
        out.append(
            (_("待复查隐患"), capped_count(qs.filter(status="review")), f"{url}?status=review")
        )
    return out
