from django.urls import reverse
from django.utils.translation import gettext as _


def items(user) -> list[tuple[str, str]]:
    if user.role == "enterprise":
        return [(_("入企检查记录"), reverse("visits:mine"))]
    out = []
    if user.is_superuser or user.role in ("awb", "inspector", "dept_leader"):
        out.append((_("综合查一次"), reverse("visits:plan")))
        out.append((_("行政检查审批"), reverse("visits:approvals")))
        out.append((_("检查频次上限"), reverse("visits:limits")))
    if user.role == "awb":
        out.append((_("入企检查评价"), reverse("visits:ratings")))
    return out


def tiles(user) -> list[tuple[str, object, str]]:
    from anjian.core.context import capped_count

    from .models import InspectionApproval

    if user.role != "dept_leader":
        return []
    qs = InspectionApproval.objects.restrict(user).filter(status="pending")
    return [(_("待审批的行政检查"), capped_count(qs), reverse("visits:approvals"))]
