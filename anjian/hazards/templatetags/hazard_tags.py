from django import template
from django.utils.translation import gettext

register = template.Library()


@register.filter
def source_label(hazard, user) -> str:
    """The hazard's source as `user` may see it (an enterprise never sees 举报核查)."""
    return gettext(hazard.source_label_for(user))
