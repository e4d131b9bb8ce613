"""Search-as-you-type for hazards (description text, enterprise name, or the hazard's number)
in the user's scope, for other apps' forms (a case or a transfer picking its hazard)."""

from django.db.models import Q
from django.utils.translation import gettext

from anjian.core.filters import BIGINT_MAX
from anjian.core.lookups import Lookup, register

from .models import Hazard


def _search(qs, q):
    cond = Q(description__contains=q) | Q(enterprise__name__contains=q)
    number = q.lstrip("#")
    if number.isdigit() and int(number) <= BIGINT_MAX:
        cond |= Q(pk=int(number))
    return qs.filter(cond).select_related("enterprise").order_by("-found_at", "-id")


def label(h: Hazard) -> str:
    return gettext("#%(id)s %(enterprise)s：%(level)s隐患“%(text)s”") % {
        "id": h.pk,
        "enterprise": h.enterprise.name,
        "level": gettext(h.get_level_display()),
        "text": h.description[:30],
    }


register("hazard", Lookup(Hazard, _search, label))
