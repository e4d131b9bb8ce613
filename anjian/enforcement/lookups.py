"""Search-as-you-type for the records enforcement forms pick, each read through `restrict()`:

- `case`: cases by 案号, a document's 文号, 案由 or the enterprise's name (also for other apps);
- `licence`: licences not revoked, by number, kind or enterprise (吊销许可证);
- `enforcement-inspection`, `enforcement-hazard`: the record a field document is issued for.
"""

from django.db.models import Q
from django.utils.translation import gettext

from anjian.core.lookups import Lookup, register
from anjian.hazards.models import Hazard
from anjian.inspections.models import Inspection
from anjian.registry.models import Licence

from .models import Case


def _with_enterprise(qs, hit, *order):
    return qs.filter(hit).select_related("enterprise").order_by(*order)


def _cases(qs, q):
    hit = (
        Q(number__contains=q)
        | Q(documents__number__contains=q)
        | Q(title__contains=q)
        | Q(enterprise__name__contains=q)
    )
    return _with_enterprise(qs, hit, "-id").distinct()


def case_label(case) -> str:
    number = case.number or gettext("（待立案）")
    return f"{number} {case.title}（{case.enterprise.name}）"


def _licences(qs, q):
    hit = Q(number__icontains=q) | Q(kind__contains=q) | Q(enterprise__name__contains=q)
    return _with_enterprise(qs, hit, "enterprise__name", "id")


def licence_label(licence) -> str:
    return f"{licence.enterprise.name} · {gettext(licence.kind)} {licence.number}"


def _inspections(qs, q):
    hit = Q(enterprise__name__contains=q) | Q(summary__contains=q)
    return _with_enterprise(qs, hit, "-inspected_on", "-id")


def inspection_label(insp) -> str:
    return gettext("%(enterprise)s %(date)s 执法检查") % {
        "enterprise": insp.enterprise.name,
        "date": f"{insp.inspected_on:%Y-%m-%d}",
    }


def _hazards(qs, q):
    hit = Q(description__contains=q) | Q(location__contains=q) | Q(enterprise__name__contains=q)
    return _with_enterprise(qs, hit, "-found_at", "-id")


def hazard_label(h) -> str:
    return f"{h.enterprise.name}：{h.description[:40]}（{gettext(h.get_level_display())}）"


def _not_revoked(qs, user):
    return qs.filter(revoked=False)


CASES = register("case", Lookup(Case, _cases, case_label))
LICENCES = register("licence", Lookup(Licence, _licences, licence_label, refine=_not_revoked))
INSPECTIONS = register("enforcement-inspection", Lookup(Inspection, _inspections, inspection_label))
HAZARDS = register("enforcement-hazard", Lookup(Hazard, _hazards, hazard_label))
