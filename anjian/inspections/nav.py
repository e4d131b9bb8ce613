from django.urls import reverse
from django.utils.translation import gettext as _


def items(user) -> list[tuple[str, str]]:
    out = [(_("执法检查"), reverse("inspections:list"))]
    if user.is_superuser or user.role in ("awb", "inspector", "dept_leader"):
        out.append((_("双随机抽查"), reverse("inspections:draw_list")))
        out.append((_("检查计划"), reverse("inspections:plan_list")))
    return out
