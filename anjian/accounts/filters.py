"""Choices in the user's area for filters and forms (towns, sectors)."""

from anjian.core.filters import set_choices

from .models import Region, Role, Sector


def towns_for(user):
    """Towns (镇街/园区) in the user's area, for a town filter."""
    qs = Region.objects.filter(level="town").order_by("code")
    if user is None or not user.is_authenticated:
        return qs.none()
    if user.is_superuser:
        return qs
    if user.department_id:
        return qs.filter(code__startswith=user.department.region.prefix)
    if user.region_id:
        return qs.filter(code__startswith=user.region.prefix)
    return qs.none()


def sectors_for(user):
    """Sectors a filter offers: the department's own, or all of them."""
    if user is not None and user.role in (Role.INSPECTOR, Role.DEPT_LEADER) and user.department_id:
        return user.department.sectors.order_by("id")
    return Sector.objects.order_by("id")


def set_towns(filterset, name="town") -> None:
    set_choices(filterset, name, [(t.code, t.name) for t in towns_for(filterset.user)])
