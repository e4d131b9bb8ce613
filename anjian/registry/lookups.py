"""Search-as-you-type for enterprises (name fragment, credit code, address) in the user's scope."""

from django.db.models import Q

from anjian.core.lookups import Lookup, register

from .models import Enterprise


def _search(qs, q):
    return qs.filter(
        Q(name__contains=q) | Q(credit_code__startswith=q.upper()) | Q(address__contains=q)
    ).order_by("name", "id")


def label(ent) -> str:
    return f"{ent.name}（{ent.credit_code}）"


register("enterprise", Lookup(Enterprise, _search, label))
register("enterprise-change", Lookup(Enterprise, _search, label, action="change"))
