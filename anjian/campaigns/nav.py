from django.urls import reverse
from django.utils.translation import gettext as _


def items(user) -> list[tuple[str, str]]:
    if user.role == "expert":
        return []
    return [(_("专项行动"), reverse("campaigns:list"))]
