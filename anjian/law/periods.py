"""Statutory periods ("十五日内", "九十日内", "三个月内", "七日前") and China's working days.

The general rules (民法典第一编第十章; the 民法典 is not among anjian/sources/law, so the rules are
cited with their text, ``CIVIL_CODE_201`` … ``CIVIL_CODE_203``):

* 第二百零一条: the day of the event is not counted; the period starts the next day, so
  "自收到行政处罚决定书之日起十五日内" received on 1 March ends on 16 March;
* 第二百零二条: a period of months or years ends on the corresponding day of the last month,
  or on that month's last day where it has no such day (31 January + 1 month → 28/29 February);
* 第二百零三条: a period whose last day is a 法定休假日 (a weekend not worked or a public holiday)
  ends on the next working day.

Where a law makes its short periods working days (行政处罚法第八十五条: "二日""三日""五日""七日";
行政强制法第六十九条: "十日以内"), the period counts working days only, from the day after the
event. Working days follow the State Council's holiday schedule and its 调休 (the maintained
`chinesecalendar` tables); for a year the tables do not cover yet, Monday to Friday.

``period_end`` is the one function every deadline of the engine uses; it returns the day with
a reason for each rule applied. ``rollover`` (第二百零三条) is for deadlines, by which someone
must act; windows that count past events (第一百一十三条 "一百八十日内三次", the 12-month
dishonesty window) and prohibitions (行业禁入 "五年内") do not move to the next working day,
since nobody has to act on their last day. ``DayCounting.START_DAY_COUNTS`` (the event day is day
1) is the engine's former default and stays available for callers that need the old dates.
"""

from __future__ import annotations

import calendar
from collections.abc import Callable
from datetime import date, timedelta
from enum import StrEnum

from .result import Result, Trace

CIVIL_CODE_201 = "民法典第二百零一条：按照年、月、日计算期间的，开始的当日不计入，自下一日开始计算"
CIVIL_CODE_202 = (
    "民法典第二百零二条：按照年、月计算期间的，到期月的对应日为期间的最后一日；"
    "没有对应日的，月末日为期间的最后一日"
)
CIVIL_CODE_203 = (
    "民法典第二百零三条：期间的最后一日是法定休假日的，以法定休假日结束的次日为期间的最后一日"
)


class DayCounting(StrEnum):
    START_DAY_COUNTS = "起算日计入"
    START_DAY_EXCLUDED = "起算日不计入"


DEFAULT_COUNTING = DayCounting.START_DAY_EXCLUDED

Workday = Callable[[date], bool]


def last_day(start: date, days: int, counting: DayCounting = DEFAULT_COUNTING) -> date:
    """Last day of a period of ``days`` calendar days from ``start`` (no holiday rule)."""
    if days < 1:
        raise ValueError("a period has at least one day")
    offset = days - 1 if counting is DayCounting.START_DAY_COUNTS else days
    return start + timedelta(days=offset)


def add_months(start: date, months: int) -> date:
    """Same day ``months`` later, clamped to the month's end (2024-02-29 + 12 → 2025-02-28)."""
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def last_day_months(start: date, months: int, counting: DayCounting = DEFAULT_COUNTING) -> date:
    """Last day of a period of calendar months ("一年内" = 12 months) from ``start``
    (民法典第二百零二条: the corresponding day; no holiday rule)."""
    end = add_months(start, months)
    return end - timedelta(days=1) if counting is DayCounting.START_DAY_COUNTS else end


def describe(counting: DayCounting) -> str:
    if counting is DayCounting.START_DAY_COUNTS:
        return "期间按起算日计入计算（事件当日为第1日）"
    return "期间开始的当日不计入，自下一日开始计算（民法典第二百零一条）"


def counting_articles(counting: DayCounting) -> tuple[str, ...]:
    """The articles behind ``counting``: 民法典第二百零一条 unless the start day counts."""
    return () if counting is DayCounting.START_DAY_COUNTS else (CIVIL_CODE_201,)


def is_workday(day: date) -> bool:
    """China's working days: the State Council's holiday and 调休 schedule (the maintained
    `chinesecalendar` tables) where it covers the year; Monday to Friday otherwise."""
    return workday_source(day)[0]


def workday_source(day: date) -> tuple[bool, str]:
    """(is a working day, which rule said so)."""
    import chinese_calendar

    try:
        return chinese_calendar.is_workday(day), "国务院办公厅节假日安排"
    except NotImplementedError:  # a year the tables do not cover yet
        return day.weekday() < 5, "周一至周五（该年度节假日安排未载入）"


_HOLIDAYS = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "中国人民抗日战争暨世界反法西斯战争胜利纪念日",
}
_WEEKDAYS = "一二三四五六日"


def day_name(day: date) -> str:
    """E.g. "2025-10-04（星期六，国庆节假期）" for reasons."""
    text = f"{day.isoformat()}（星期{_WEEKDAYS[day.weekday()]}"
    import chinese_calendar

    try:
        on_holiday, name = chinese_calendar.get_holiday_detail(day)
    except NotImplementedError:
        on_holiday, name = False, None
    if on_holiday and name:
        text += f"，{_HOLIDAYS.get(name, name)}假期"
    elif not on_holiday and day.weekday() >= 5:
        try:
            if chinese_calendar.is_workday(day):
                text += "，调休上班"
        except NotImplementedError:
            pass
    return text + "）"


def next_workday(day: date, workday: Workday = is_workday) -> date:
    """``day`` itself if it is a working day, else the first working day after it."""
    while not workday(day):
        day += timedelta(days=1)
    return day


def last_working_day(start: date, days: int, workday: Workday = is_workday) -> date:
    """Last day of a period of ``days`` working days after ``start`` (the day of the event is
    not counted; 行政处罚法第八十五条: 三日、五日 are working days, 法定节假日 excluded)."""
    if days < 1:
        raise ValueError("a period has at least one day")
    day, left = start, days
    while left:
        day += timedelta(days=1)
        if workday(day):
            left -= 1
    return day


def _calendar_rule(workday: Workday) -> str:
    return "所给工作日历" if workday is not is_workday else ""


def period_end(
    start: date,
    *,
    days: int = 0,
    months: int = 0,
    working_days: str | None = None,
    counting: DayCounting = DEFAULT_COUNTING,
    rollover: bool = True,
    workday: Workday = is_workday,
) -> Result[date]:
    """Last day of a period of ``days`` days (or ``months`` months) from ``start``.

    ``working_days``: the article making the days working days (e.g. "行政处罚法第八十五条");
    the period then counts working days only, from the day after ``start``. ``rollover``: a last
    day that is not a working day moves to the next working day (民法典第二百零三条).
    """
    if (days > 0) == (months > 0) or days < 0 or months < 0:
        raise ValueError("give a positive number of days or of months")
    trace = Trace()
    if working_days:
        if months:
            raise ValueError("working days are counted in days")
        end = last_working_day(start, days, workday)
        rule = _calendar_rule(workday) or workday_source(end)[1]
        trace.add(
            f"{days}日为工作日，不含法定节假日（按{rule}）；自{start.isoformat()}的次日起算，"
            f"第{days}个工作日为{day_name(end)}",
            working_days,
            CIVIL_CODE_201,
        )
        return trace.result(end)
    if counting is DayCounting.START_DAY_COUNTS:
        trace.add(f"{describe(counting)}：自{start.isoformat()}起算")
    else:
        trace.add(
            f"期间开始的当日（{start.isoformat()}）不计入，自下一日"
            f"（{(start + timedelta(days=1)).isoformat()}）开始计算",
            CIVIL_CODE_201,
        )
    if months:
        end = last_day_months(start, months, counting)
        trace.add(
            f"按月计算{months}个月，到期月的对应日（没有对应日的为月末日）为{end.isoformat()}",
            CIVIL_CODE_202,
        )
    else:
        end = last_day(start, days, counting)
        trace.add(f"{days}日期满之日为{day_name(end)}")
    if rollover and not workday(end):
        moved = next_workday(end, workday)
        rule = _calendar_rule(workday) or workday_source(end)[1]
        trace.add(
            f"期间最后一日{day_name(end)}为法定休假日（按{rule}），以休假日结束的次日"
            f"{day_name(moved)}为期间的最后一日",
            CIVIL_CODE_203,
        )
        end = moved
    return trace.result(end)
