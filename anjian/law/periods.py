"""Day counting for statutory periods ("一百八十日内", "一年内", "九十日内").

Two conventions exist and the statutes in anjian/sources/law do not fix one:

* ``START_DAY_COUNTS`` (起算日计入): the day of the event is day 1, so "180日内" ends on
  start + 179 days. Anjian's default: it is the narrower reading, which matters most for the
  harshest consequences (提请关闭) and gives the department the safer deadline.
* ``START_DAY_EXCLUDED`` (起算日不计入, 民法典第二百零一条 for civil periods): day 1 is the day
  after the event, so "180日内" ends on start + 180 days.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from enum import StrEnum


class DayCounting(StrEnum):
    START_DAY_COUNTS = "起算日计入"
    START_DAY_EXCLUDED = "起算日不计入"


DEFAULT_COUNTING = DayCounting.START_DAY_COUNTS


def last_day(start: date, days: int, counting: DayCounting = DEFAULT_COUNTING) -> date:
    """Last day of a period of ``days`` days starting on ``start``."""
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
    """Last day of a period of calendar months ("一年内" = 12 months) starting on ``start``."""
    end = add_months(start, months)
    return end - timedelta(days=1) if counting is DayCounting.START_DAY_COUNTS else end


def describe(counting: DayCounting) -> str:
    if counting is DayCounting.START_DAY_COUNTS:
        return "期间按起算日计入计算（事件当日为第1日）"
    return "期间按起算日不计入计算（自次日起算，参照民法典第二百零一条）"


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


def last_working_day(start: date, days: int, workday=is_workday) -> date:
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
