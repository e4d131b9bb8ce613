from django import template
from django.utils.translation import gettext

register = template.Library()


@register.filter
def modes_for(inspection, user) -> str:
    """Mode labels as the viewer may see them: an enterprise never learns it was reported."""
    hide = getattr(user, "role", None) == "enterprise"
    return gettext("、").join(
        gettext(label)
        for code, label in zip(inspection.modes, inspection.mode_labels(), strict=True)
        if not (hide and code == "tip")
    )


@register.filter
def origin_for(inspection, user) -> str:
    if getattr(user, "role", None) == "enterprise" and inspection.origin == "tip":
        return gettext("临时检查")
    return gettext(inspection.get_origin_display())
