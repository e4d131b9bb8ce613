"""The seed tables as a page shows them: the same layout, its words in the active language.

The figures, layouts and exports keep the seeds' Chinese wording (an exported table is the
official form); these helpers translate at display time (msgids in `stats.i18n`).
"""

from django.utils import dateformat
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from .figures import DEFICIENCIES, TOTAL_LABEL, Figure, Period
from .i18n import SPOT_RULE

_SPOT_TEXT = {key: text for key, _label, _q, text in DEFICIENCIES}


def month(d) -> str:
    return dateformat.format(d, pgettext("month format", "Y年n月"))


def day(d) -> str:
    return dateformat.format(d, pgettext("date format", "Y年n月j日"))


def period_label(p: Period) -> str:
    """`Period.label` in the active language (2023年4月至5月 / April to May 2023)."""
    one_month = (p.start.year, p.start.month) == (p.end.year, p.end.month)
    if not p.cumulative or one_month:
        return month(p.end)
    if p.start.year == p.end.year:
        end = dateformat.format(p.end, pgettext("month only format", "n月"))
    else:
        end = month(p.end)
    return _("%(start)s至%(end)s") % {"start": month(p.start), "end": end}


def rule(f: Figure) -> str:
    if f.key in _SPOT_TEXT:
        return _(SPOT_RULE) % {"text": _(_SPOT_TEXT[f.key])}
    return _(f.rule)


def label(f: Figure, with_group=False) -> str:
    text = _(f.label)
    if with_group and f.group and len(f.group) < 12:
        return _("%(group)s·%(label)s") % {"group": _(f.group), "label": text}
    return text


def row_label(text: str) -> str:
    return _(text) if text else text


def s1_title(campaign: str | None) -> str:
    if campaign:
        return _("全区%(campaign)s统计汇总表") % {"campaign": campaign}
    return _("全区安全生产监管执法专项行动统计汇总表")


def s2_title(campaign: str | None) -> str:
    if campaign:
        return _("%(campaign)s进展情况月度调度表") % {"campaign": campaign}
    return _("重大事故隐患专项排查整治行动进展情况月度调度表")


def rules(figs) -> list[tuple[str, str, str]]:
    """(label, unit, rule) of each figure, for the counting-rules box."""
    return [(label(f, with_group=True), _(f.unit), rule(f)) for f in figs]


__all__ = ["TOTAL_LABEL", "day", "label", "month", "period_label", "row_label", "rule", "rules"]
