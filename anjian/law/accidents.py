"""Accident grades (生产安全事故报告和调查处理条例第三条) and accident time limits."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from enum import Enum

from ._cn import REGULATION, cite, yuan
from .periods import (
    DEFAULT_COUNTING,
    DayCounting,
    Workday,
    counting_articles,
    describe,
    is_workday,
    last_day,
    period_end,
)
from .result import Result, Trace


class AccidentGrade(Enum):
    """Grades ordered by severity; ``rank`` compares them."""

    GENERAL = ("一般", 1, 4)
    LARGER = ("较大", 2, 3)
    MAJOR = ("重大", 3, 2)
    ESPECIALLY_MAJOR = ("特别重大", 4, 1)

    def __init__(self, label: str, rank: int, regulation_item: int) -> None:
        self.label = label
        self.rank = rank
        self.regulation_item = regulation_item  # item of 条例第三条第一款

    @classmethod
    def from_label(cls, label: str) -> AccidentGrade:
        for grade in cls:
            if grade.label == label or grade.label + "事故" == label:
                return grade
        raise ValueError(f"unknown accident grade: {label}")

    def __str__(self) -> str:
        return self.label + "事故"


def grade_article(grade: AccidentGrade) -> str:
    return cite(REGULATION, 3, 1, grade.regulation_item)


# Lower bounds ("以上" includes the number) for each grade above 一般, per 条例第三条第一款.
# An upper bound "以下" excludes the number, so the next grade starts exactly at the next lower
# bound; 一般 is everything below the 较大 lower bounds.
_THRESHOLDS: tuple[tuple[AccidentGrade, int, int, int], ...] = (
    # grade, deaths, serious injuries (incl. acute industrial poisoning), direct loss in yuan
    (AccidentGrade.ESPECIALLY_MAJOR, 30, 100, 100_000_000),
    (AccidentGrade.MAJOR, 10, 50, 50_000_000),
    (AccidentGrade.LARGER, 3, 10, 10_000_000),
)


def grade_accident(
    deaths: int, serious_injuries: int = 0, direct_loss_yuan: int | Decimal = 0
) -> Result[AccidentGrade]:
    """Grade = the highest grade reached by any of the three criteria (条例第三条)."""
    if deaths < 0 or serious_injuries < 0 or direct_loss_yuan < 0:
        raise ValueError("counts and losses cannot be negative")
    trace = Trace()
    criteria = (
        ("死亡", deaths, "人", 0),
        ("重伤（含急性工业中毒）", serious_injuries, "人", 1),
        ("直接经济损失", direct_loss_yuan, "元", 2),
    )
    best = AccidentGrade.GENERAL
    for name, value, unit, index in criteria:
        grade, minimum = AccidentGrade.GENERAL, None
        for candidate, *minimums in _THRESHOLDS:
            if value >= minimums[index]:
                grade, minimum = candidate, minimums[index]
                break
        shown = yuan(value) if unit == "元" else f"{value}{unit}"
        if minimum is None:
            lower = _THRESHOLDS[-1][index + 1]
            limit = yuan(lower) if unit == "元" else f"{lower}{unit}"
            trace.add(f"{name}{shown}，低于{limit}（“以下”不含本数），属一般事故标准")
        else:
            limit = yuan(minimum) if unit == "元" else f"{minimum}{unit}"
            trace.add(f"{name}{shown}，达到{grade}标准（{limit}以上，含本数）")
        if grade.rank > best.rank:
            best = grade
    trace.add(
        f"按各项标准中达到的最高等级定级：{best}", grade_article(best), cite(REGULATION, 3, 3)
    )
    return trace.result(best)


def accident_report_deadline(received_at: datetime) -> Result[datetime]:
    """单位负责人 must report to the county-level departments within 1 hour (条例第九条)."""
    due = received_at + timedelta(hours=1)
    return (
        Trace()
        .add(
            "单位负责人接到报告后，应当于1小时内向事故发生地县级以上人民政府安全生产监督管理部门"
            "和负有安全生产监督管理职责的有关部门报告",
            cite(REGULATION, 9),
        )
        .result(due)
    )


def escalation_deadline(received_at: datetime) -> Result[datetime]:
    """Each level of department passes the report up within 2 hours (条例第十一条)."""
    return (
        Trace()
        .add("逐级上报事故情况，每级上报的时间不得超过2小时", cite(REGULATION, 11))
        .result(received_at + timedelta(hours=2))
    )


def supplementary_report_last_day(
    occurred_on: date,
    road_traffic_or_fire: bool = False,
    counting: DayCounting = DEFAULT_COUNTING,
) -> Result[date]:
    """Casualty changes within 30 days (7 for road traffic / fire) must be reported (条例第十三条).

    The period bounds the changes that must be reported, not a day by which to act, so its last
    day does not move to the next working day (民法典第二百零三条 is not applied).
    """
    days = 7 if road_traffic_or_fire else 30
    kind = "道路交通事故、火灾事故" if road_traffic_or_fire else "事故"
    end = last_day(occurred_on, days, counting)
    return (
        Trace()
        .add(
            f"{kind}自发生之日起{days}日内，事故造成的伤亡人数发生变化的，应当及时补报；"
            f"{describe(counting)}，至{end.isoformat()}",
            cite(REGULATION, 13, 2),
            *counting_articles(counting),
        )
        .result(end)
    )


def investigation_last_day(
    occurred_on: date,
    extension_days: int = 0,
    counting: DayCounting = DEFAULT_COUNTING,
    *,
    appraisal_days: int = 0,
    rollover: bool = True,
    workday: Workday = is_workday,
) -> Result[date]:
    """Investigation report due within 60 days, extendable by at most 60 days (条例第二十九条);
    the time of a 技术鉴定 is not counted (条例第二十七条, ``appraisal_days``)."""
    if not 0 <= extension_days <= 60:
        raise ValueError("条例第二十九条: the extension is at most 60 days")
    if appraisal_days < 0:
        raise ValueError("appraisal_days cannot be negative")
    trace = Trace().add(
        "事故调查组应当自事故发生之日起60日内提交事故调查报告", cite(REGULATION, 29)
    )
    if appraisal_days:
        trace.add(
            f"技术鉴定所需时间不计入事故调查期限：另计{appraisal_days}日", cite(REGULATION, 27)
        )
    period = period_end(
        occurred_on, days=60 + appraisal_days, counting=counting, rollover=rollover, workday=workday
    )
    trace.extend(period)
    due = period.value
    if extension_days:
        trace.add(
            f"特殊情况下，经负责事故调查的人民政府批准延长{extension_days}日（最长不超过60日），"
            "自原期限届满次日起算",
            cite(REGULATION, 29),
        )
        extended = period_end(
            due, days=extension_days, counting=counting, rollover=rollover, workday=workday
        )
        trace.extend(extended)
        due = extended.value
    trace.add(f"最迟于{due.isoformat()}提交事故调查报告")
    return trace.result(due)
