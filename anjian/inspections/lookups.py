"""Search-as-you-type for inspections, for the forms of other apps that link one (a case, a
transfer, a task): by record number (the id, or 现检〔2023〕12号 as printed) or enterprise name,
in the user's scope."""

import re

from django.db.models import Q
from django.utils.translation import gettext

from anjian.core.filters import BIGINT_MAX
from anjian.core.lookups import Lookup, register

from .models import Inspection

NUMBER = re.compile(r"(?:〕|\]|#|^)\s*(\d{1,18})\s*号?$")


def _search(qs, q):
    cond = Q(enterprise__name__contains=q)
    m = NUMBER.search(q.strip())
    if m and int(m.group(1)) <= BIGINT_MAX:
        cond |= Q(pk=int(m.group(1)))
    return qs.filter(cond).select_related("enterprise").order_by("-inspected_on", "-id")


def label(insp) -> str:
    return gettext("#%(id)s %(enterprise)s（%(date)s 检查）") % {
        "id": insp.pk,
        "enterprise": insp.enterprise.name,
        "date": f"{insp.inspected_on:%Y-%m-%d}",
    }


register("inspection", Lookup(Inspection, _search, label))
