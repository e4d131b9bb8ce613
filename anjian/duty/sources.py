"""Reminders of the monthly 三个责任人 quota (registered with `anjian.notifications.sources`
from `DutyConfig.ready()`)."""

from anjian.notifications.sources import Candidate

from .services import shortfall


def duty_reminders(today, rec=None):
    """From the 25th: officials short of the monthly 三个责任人 quota this month."""
    if today.day < 25:
        return
    month = today.replace(day=1)
    for row in shortfall(month):
        if row.met:
            continue
        yield Candidate(
            row.official.pk,
            "duty_quota",
            f"duty_quota:user:{row.official.pk}:{month:%Y-%m}",
            f"三个责任人履职提醒：{month.year}年{month.month}月尚未完成",
            "；".join(row.missing),
            "/duty/shortfall/",
            None,
        )
