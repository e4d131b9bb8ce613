from django.urls import reverse
from django.utils.translation import gettext as _


def items(user) -> list[tuple[str, str]]:
    if user.role == "dept_leader" and user.department_id:
        return [(_("全过程记录设置"), reverse("records:settings"))]
    return []
