from django.urls import reverse
from django.utils.translation import gettext as _


def items(user) -> list[tuple[str, str]]:
    out = [(_("执法检查"), reverse("inspections:list"))]
    if user.is_superuser or user.role in ("awb", "inspector", "dept_leader"):
        out.append((_("双随机抽查"), reverse("inspections:draw_list")))
        out.append((_("检查计划"), reverse("inspections:plan_list")))
    if user.is_superuser or user.role in ("inspector", "dept_leader", "expert"):
        out.append((_("离线检查"), reverse("inspections:offline")))
    return out


def tiles(user) -> list[tuple[str, object, str]]:
    from anjian.core.context import capped_count

    from .models import Inspection

    if user.role not in ("inspector", "dept_leader", "expert"):
        return []
    mine = Inspection.objects.restrict(user).filter(status="draft", team__user=user)
    url = reverse("inspections:list")
    return [(_("我参加的未提交检查"), capped_count(mine), f"{url}?status=draft&mine=1")]
