"""Search-as-you-type for the 三个责任人 forms: the officials a form may pick (government users
of the acting user's county, by name or account) and the enterprises an official records
duties for (those it is signposted for)."""

from dataclasses import dataclass

from django.db.models import Q

from anjian.accounts.models import Role, User
from anjian.core.lookups import Lookup, register
from anjian.registry import lookups as registry_lookups
from anjian.registry.models import Enterprise

from .models import ResponsiblePerson

OFFICIAL_ROLES = (Role.TOWN, Role.INSPECTOR, Role.DEPT_LEADER)


def county_of(user) -> str | None:
    if user.department_id:
        return user.department.region.code[:6]
    if user.region_id:
        return user.region.code[:6]
    return None


def officials_in(prefix: str | None):
    """Active 镇街 and 部门 users of a county (6-digit prefix); every county for None."""
    qs = User.objects.filter(is_active=True, role__in=OFFICIAL_ROLES)
    if prefix is not None:
        qs = qs.filter(
            Q(department__region__code__startswith=prefix) | Q(region__code__startswith=prefix)
        )
    return qs.select_related("department", "region").order_by("username")


def label(u) -> str:
    where = u.department.short_name if u.department_id else (u.region.name if u.region_id else "")
    return f"{u.display_name}（{where}）" if where else u.display_name


def _search(qs, q):
    return qs.filter(Q(full_name__contains=q) | Q(username__startswith=q))


@dataclass(frozen=True)
class OfficialLookup(Lookup):
    """Users are not records the acting user owns: the candidates are the county's officials
    (the service then checks the enterprise's own rule)."""

    def queryset(self, user):
        if user.is_superuser:
            return officials_in(None)
        if user.role not in (Role.AWB, *OFFICIAL_ROLES):
            return User.objects.none()
        return officials_in(county_of(user) or "-")


register("duty-official", OfficialLookup(User, _search, label))


def listed_for(user):
    """The enterprises an official is signposted for (行政 / 行业部门监管负责人)."""
    return ResponsiblePerson.objects.filter(
        user=user, kind__in=ResponsiblePerson.OFFICIAL_KINDS
    ).values("enterprise_id")


register(
    "duty-listed",
    Lookup(
        Enterprise,
        registry_lookups._search,
        registry_lookups.label,
        refine=lambda qs, user: qs.filter(pk__in=listed_for(user)),
    ),
)
