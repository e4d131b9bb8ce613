from django import template

from anjian.tasks import display

register = template.Library()


@register.filter
def period_label(period) -> str:
    return display.period_label(period)


@register.filter
def deadline_label(spec) -> str:
    return display.deadline_label(spec)


@register.filter
def status_label(status: str) -> str:
    return display.status_label(status)


@register.filter
def issuer(region) -> str:
    from anjian.tasks.forms import issuer_label

    return issuer_label(region)
