"""Links from inspections and hazards into enforcement (立案, 简易处罚, 移交), shown only to users
who may act, with the cases and transfers already opened from the record."""

from django import template

from anjian.enforcement import i18n
from anjian.enforcement.models import Case, Transfer
from anjian.enforcement.services import is_enforcer
from anjian.registry.models import Enterprise

register = template.Library()


@register.simple_tag
def can_enforce_on(user, enterprise) -> bool:
    """Certified department staff (执法人员/负责人) supervising the enterprise: the same test as
    propose_case, simple_penalty and create_transfer."""
    if not getattr(user, "is_authenticated", False) or enterprise is None:
        return False
    return (
        is_enforcer(user)
        and Enterprise.objects.restrict(user, "change").filter(pk=enterprise.pk).exists()
    )


@register.simple_tag
def cases_from(user, record):
    """Cases the user may see that were opened from this finding or hazard."""
    field = "findings" if record._meta.model_name == "finding" else "hazards"
    return list(
        Case.objects.restrict(user, "view").filter(**{field: record}).order_by("id").distinct()
    )


@register.simple_tag
def transfers_from(user, *, inspection=None, hazard=None):
    """Transfers the user may see for this inspection or with a row for this hazard."""
    qs = Transfer.objects.restrict(user, "view")
    qs = (
        qs.filter(inspection=inspection)
        if inspection is not None
        else qs.filter(items__hazard=hazard)
    )
    return list(qs.order_by("id").distinct())


@register.filter
def active(cases) -> list:
    """Cases not refused (不予立案): a violation with one of these is not opened again."""
    return [c for c in cases if c.stage != "rejected"]


@register.filter
def citation(text) -> str:
    """An article citation in the reader's language (安全生产法第九十七条第三项)."""
    return i18n.citation(text)
