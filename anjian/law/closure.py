"""安全生产法第一百一十三条: when the department must 提请地方人民政府予以关闭.

Window rule for item (一) "一百八十日内三次或者一年内四次": penalties count if any three fall
within a 180-day window, or any four within a one-year window (sliding windows over the
penalty decision dates). By default the day of the earliest penalty is not counted
(民法典第二百零一条): three penalties on day 0, …, day 180 trigger; if the third is 181 days
after the first they do not. One year = up to the anniversary of the first penalty
(民法典第二百零二条). The window counts past penalties, so its last day does not move to a
working day. ``counting=DayCounting.START_DAY_COUNTS`` gives the former, narrower reading (up
to day 179 / the day before the anniversary). Penalties dated after ``on_date`` are ignored.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from ._cn import spl
from .accidents import AccidentGrade
from .periods import (
    DEFAULT_COUNTING,
    DayCounting,
    counting_articles,
    describe,
    last_day,
    last_day_months,
)
from .result import Result, Trace


@dataclass(frozen=True)
class ClosureDecision:
    triggered: bool
    items: tuple[int, ...]  # items of 第一百一十三条 that apply
    window: tuple[date, date] | None  # the penalty window that triggered item (一)
    principal_ban: str | None  # 行业禁入 for the 主要负责人
    lifetime_ban: bool


def penalty_window(
    penalty_dates: Iterable[date],
    count: int,
    *,
    days: int | None = None,
    months: int | None = None,
    counting: DayCounting = DEFAULT_COUNTING,
) -> tuple[date, date] | None:
    """First window of ``count`` penalties within ``days`` days (or ``months`` months)."""
    ordered = sorted(penalty_dates)
    for i in range(len(ordered) - count + 1):
        first, last = ordered[i], ordered[i + count - 1]
        if days is not None:
            end = last_day(first, days, counting)
        elif months is not None:
            end = last_day_months(first, months, counting)
        else:
            raise ValueError("give days or months")
        if last <= end:
            return (first, last)
    return None


def closure_check(
    penalty_dates: Iterable[date],
    has_major_hazard: bool,
    on_date: date,
    *,
    still_unsafe_after_suspension: bool = False,
    accident_grade_from_unsafe_conditions: AccidentGrade | None = None,
    refused_suspension_order: bool = False,
    serious: bool = False,
    counting: DayCounting = DEFAULT_COUNTING,
) -> Result[ClosureDecision]:
    """Check the four situations of 第一百一十三条 as of ``on_date``.

    ``penalty_dates``: dates of administrative penalties under the 安全生产法.
    ``accident_grade_from_unsafe_conditions``: grade of an accident caused by lacking the legal
    safety conditions (item 三 needs 重大 or 特别重大). ``serious``: 情节严重 (lifetime ban).
    """
    trace = Trace()
    items: list[int] = []
    dates = [d for d in penalty_dates if d <= on_date]
    window = None
    if has_major_hazard:
        trace.add(
            f"存在重大事故隐患；截至{on_date.isoformat()}受到本法行政处罚{len(dates)}次；{describe(counting)}",
            *counting_articles(counting),
        )
        window = penalty_window(dates, 3, days=180, counting=counting)
        if window:
            trace.add(
                f"一百八十日内三次受到行政处罚（{window[0].isoformat()}至{window[1].isoformat()}）",
                spl(113, item=1),
            )
        else:
            window = penalty_window(dates, 4, months=12, counting=counting)
            if window:
                trace.add(
                    f"一年内四次受到行政处罚（{window[0].isoformat()}至{window[1].isoformat()}）",
                    spl(113, item=1),
                )
        if window:
            items.append(1)
        else:
            trace.add("未达到一百八十日内三次或者一年内四次受到行政处罚", spl(113, item=1))
    else:
        trace.add("不存在重大事故隐患，第一百一十三条第一项不适用", spl(113, item=1))
    if still_unsafe_after_suspension:
        items.append(2)
        trace.add("经停产停业整顿，仍不具备安全生产条件", spl(113, item=2))
    if accident_grade_from_unsafe_conditions is not None:
        if accident_grade_from_unsafe_conditions.rank >= AccidentGrade.MAJOR.rank:
            items.append(3)
            trace.add(
                f"不具备安全生产条件，导致发生{accident_grade_from_unsafe_conditions}",
                spl(113, item=3),
            )
        else:
            trace.add(
                f"导致发生的是{accident_grade_from_unsafe_conditions}，第三项仅适用于重大、特别重大事故",
                spl(113, item=3),
            )
    if refused_suspension_order:
        items.append(4)
        trace.add("拒不执行停产停业整顿决定", spl(113, item=4))

    ban = None
    lifetime = False
    if items:
        trace.add(
            "应当提请地方人民政府予以关闭，有关部门应当依法吊销其有关证照；关闭由县级以上人民政府按照国务院规定的权限决定",
            spl(113),
            spl(115),
        )
        lifetime = serious
        ban = (
            "终身不得担任本行业生产经营单位的主要负责人（情节严重）"
            if serious
            else "五年内不得担任任何生产经营单位的主要负责人"
        )
        trace.add(f"主要负责人：{ban}", spl(113))
    else:
        trace.add("不符合第一百一十三条规定的关闭情形", spl(113))
    return trace.result(ClosureDecision(bool(items), tuple(items), window, ban, lifetime))
