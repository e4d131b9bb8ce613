"""Search-as-you-type for tips (tracking code or the tipped unit) in the user's scope: the
tip an accident is linked to, the master a duplicate is merged into."""

from django.db.models import Q

from anjian.core.lookups import Lookup, register

from .models import Tip


def _search(qs, q):
    return qs.filter(Q(code__startswith=q.upper()) | Q(enterprise_name__contains=q)).order_by(
        "-received_at", "-id"
    )


def label(tip) -> str:
    return f"{tip.code} {tip.enterprise_name}"


register("tip", Lookup(Tip, _search, label))
register("tip-change", Lookup(Tip, _search, label, action="change"))
