from django.urls import reverse
from django.utils.translation import gettext as _


def items(user) -> list[tuple[str, str]]:
    """The public 执法公示 portal, as staff check what the public sees."""
    if user.role in ("enterprise", "expert"):
        return []
    return [(_("执法公示"), reverse("portal:home"))]
