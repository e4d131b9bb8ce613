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
