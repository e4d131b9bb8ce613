"""Reporting periods, deadlines and statuses as the user reads them, in the active language.

`recurrence` is plain Python and labels in Chinese (the labels stored with a report keep that
wording); these functions give the same Chinese text, or its English translation.
"""

import re

from django.utils import dateformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, pgettext

from .recurrence import KINDS, Deadline, Period

KIND_LABELS = [gettext_noop(v) for v in KINDS.values()]
STATUS = {
    "done": gettext_noop("已完成"),
    "late_done": gettext_noop("逾期完成"),
    "overdue": gettext_noop("逾期未完成"),
    "pending": gettext_noop("进行中"),
    "upcoming": gettext_noop("未开始"),
}
QUARTERS = {
    "1": gettext_noop("%(year)s年第一季度"),
    "2": gettext_noop("%(year)s年第二季度"),
    "3": gettext_noop("%(year)s年第三季度"),
    "4": gettext_noop("%(year)s年第四季度"),
}


def day(d) -> str:
    return dateformat.format(d, pgettext("date format", "Y年n月j日"))


def month(d) -> str:
    return dateformat.format(d, pgettext("month format", "Y年n月"))


def period_label(p: Period) -> str:
    key = p.key
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", key):
        return _("%(date)s前") % {"date": day(p.due)}
    if re.fullmatch(r"\d{4}Q[1-4]", key):
        return _(QUARTERS[key[-1]]) % {"year": key[:4]}
    if re.fullmatch(r"\d{4}H[12]", key):
        text = _("%(year)s年上半年") if key[-1] == "1" else _("%(year)s年下半年")
        return text % {"year": key[:4]}
    if re.fullmatch(r"\d{4}", key):
        return _("%(year)s年") % {"year": key}
    if key.endswith("B"):
        same_year = p.start.year == p.due.year
        end = (
            dateformat.format(p.due, pgettext("month only format", "n月"))
            if same_year
            else month(p.due)
        )
        return _("%(start)s—%(end)s") % {"start": month(p.start), "end": end}
    return month(p.start)


def deadline_label(spec: Deadline) -> str:
    if spec.kind in ("once", "dates"):
        return _("%(date)s前") % {"date": _("、").join(day(d) for d in spec.dates)}
    if spec.kind == "monthly" and spec.day:
        return _("每月%(day)s日前") % {"day": spec.day}
    return _(KINDS[spec.kind])


def status_label(status: str) -> str:
    return _(STATUS[status])
