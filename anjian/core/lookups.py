"""Search-as-you-type lookups: each app registers the records a form may pick, by name.

An app's `lookups.py` registers a `Lookup` (the model, the scoping action, how a query string
narrows a queryset, how a record is labelled); core serves it at `/lookup/<name>/?q=…` (JSON)
for `core.forms.SearchSelect`. Results are read through `restrict(user, action)`, so a lookup
never offers a record the user could not open. Core imports no app: the apps register
themselves when Django loads them (`AppConfig.ready`).
"""

from collections.abc import Callable
from dataclasses import dataclass

MAX_RESULTS = 20


@dataclass(frozen=True)
class Lookup:
    model: type
    search: Callable  # (queryset, q) -> queryset
    label: Callable = str  # record -> text shown in the list and in the field
    action: str = "view"
    refine: Callable | None = None  # (queryset, user) -> queryset: e.g. only open hazards

    def queryset(self, user):
        qs = self.model.objects.restrict(user, self.action)
        return self.refine(qs, user) if self.refine else qs

    def matches(self, qs, q: str, limit: int = MAX_RESULTS) -> list:
        q = (q or "").strip()[:64]
        if not q:
            return []
        return list(self.search(qs, q)[:limit])


LOOKUPS: dict[str, Lookup] = {}


def register(name: str, lookup: Lookup) -> Lookup:
    LOOKUPS[name] = lookup
    return lookup


def results(name: str, user, q: str) -> list[dict] | None:
    lookup = LOOKUPS.get(name)
    if lookup is None:
        return None
    return [
        {"id": o.pk, "label": lookup.label(o)} for o in lookup.matches(lookup.queryset(user), q)
    ]
