"""Search-as-you-type for towns (镇街/园区: by name or 行政区划 code) and inspectors and experts
(by name, account or 执法证号), for every form that picks one. Regions and colleagues are not records
the acting user owns: the candidates are those of the user's county, and the form's own
queryset (the field's choices) narrows them further when the page is posted."""

from dataclasses import dataclass

from django.db.models import Q
from django.utils.translation import gettext

from anjian.core.lookups import Lookup, register

from .models import Region, Role, User


def county_prefix(user) -> str | None:
    """The user's county (6 digits); None for a superuser (every county)."""
    if user.is_superuser:
        return None
    region = user.department.region if user.department_id else user.region
    return region.code[:6] if region else "-"


@dataclass(frozen=True)
class CountyLookup(Lookup):
    def queryset(self, user):
        prefix = county_prefix(user)
        qs = self.model.objects.all()
        if self.refine:
            qs = self.refine(qs, user)
        if user.role == Role.ENTERPRISE and not user.is_superuser:
            return qs.none()
        return qs if prefix is None else qs.filter(**{self.action: prefix})


def _towns(qs, q):
    cond = Q(name__contains=q) | Q(short_name__contains=q)
    if q.isdigit():
        cond |= Q(code__startswith=q)
    return qs.filter(cond).select_related("parent").order_by("code")


def town_label(r) -> str:
    return f"{r.name}（{r.code}）"


def _people(qs, q):
    return (
        qs.filter(Q(full_name__contains=q) | Q(username__startswith=q) | Q(cert_no__contains=q))
        .select_related("department")
        .order_by("department_id", "id")
    )


def person_label(u) -> str:
    dept = u.department.short_name if u.department_id else ""
    cert = gettext(" 执法证 %(no)s") % {"no": u.cert_no} if u.cert_no else ""
    return f"{u.display_name}（{dept}{cert}）" if dept or cert else u.display_name


register(
    "town",
    CountyLookup(
        Region, _towns, town_label, action="code__startswith",
        refine=lambda qs, user: qs.filter(level="town"),
    ),
)  # fmt: skip
register(
    "inspector",
    CountyLookup(
        User, _people, person_label, action="department__region__code__startswith",
        refine=lambda qs, user: qs.filter(
            is_active=True, role__in=(Role.INSPECTOR, Role.DEPT_LEADER)
        ),
    ),
)  # fmt: skip
register(
    "expert",
    CountyLookup(
        User, _people, person_label, action="region__code__startswith",
        refine=lambda qs, user: qs.filter(is_active=True, role=Role.EXPERT),
    ),
)  # fmt: skip
