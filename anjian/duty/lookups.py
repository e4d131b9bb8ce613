"""Search-as-you-type for the officials a 三个责任人 form may pick: government users (镇街,
部门) of the acting user's county, searched by name or account."""

from dataclasses import dataclass

from django.db.models import Q

from anjian.accounts.models import Role, User
from anjian.core.lookups import Lookup, register

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
