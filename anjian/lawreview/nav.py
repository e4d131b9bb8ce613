from django.urls import reverse
from django.utils.translation import gettext as _


def items(user) -> list[tuple[str, str]]:
    """The department head's 法制审核 settings (major-decision list, reviewers); reviews
    themselves are opened from the case page."""
    if user.role == "dept_leader" and user.department_id:
        return [(_("法制审核设置"), reverse("lawreview:settings"))]
    return []
