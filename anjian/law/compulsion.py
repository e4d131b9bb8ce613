"""Periods of 行政强制法 the enforcement record needs: 查封、扣押 (第二十五条), 催告 before applying
to the court (第三十五条, 第五十四条) and the three months for that application (第五十三条).

Day counting follows periods.py (民法典第二百零一条–第二百零三条). 行政强制法第六十九条 makes its
periods of "十日以内" working days, so the 催告 period of 第五十四条 (十日) counts working days,
while 查封、扣押 (三十日) and 三个月 count calendar days.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from ._cn import ACL, APL, cite
from .periods import DEFAULT_COUNTING, DayCounting, Workday, is_workday, period_end
from .result import Result, Trace

SEIZURE_DAYS = 30  # 第二十五条第一款: 查封、扣押的期限不得超过三十日
SEIZURE_EXTENSION_MAX_DAYS = 30  # 第二十五条第一款: 延长期限不得超过三十日
REMINDER_DAYS = 10  # 第五十四条: 催告书送达十日后 (working days, 第六十九条)
COURT_APPLICATION_MONTHS = 3  # 第五十三条: 自期限届满之日起三个月内


@dataclass(frozen=True)
class SeizurePeriod:
    seized_on: date
    initial_last_day: date  # the 30 days (plus any testing period)
    last_day: date  # after the extension, if any
    extension_days: int
    testing_days: int


def seizure_period(
    seized_on: date,
    *,
    extension_days: int = 0,
    testing_days: int = 0,
    counting: DayCounting = DEFAULT_COUNTING,
    rollover: bool = True,
    workday: Workday = is_workday,
) -> Result[SeizurePeriod]:
    """查封、扣押 from ``seized_on``: at most 30 days (第二十五条第一款); ``extension_days`` (at most
    30, once, 情况复杂 with the 负责人's approval) run from the day after the first period ends;
    ``testing_days`` of 检测、检验、检疫或者技术鉴定 are not part of the period (第二十五条第三款).
    The decision on the seized things is due within the period (第二十七条).
    """
    if not 0 <= extension_days <= SEIZURE_EXTENSION_MAX_DAYS:
        raise ValueError("行政强制法第二十五条: the extension is at most 30 days")
    if testing_days < 0:
        raise ValueError("testing_days cannot be negative")
    trace = Trace().add(
        "查封、扣押的期限不得超过三十日；法律、行政法规另有规定的除外", cite(ACL, 25, 1)
    )
    if testing_days:
        trace.add(
            f"对物品需要进行检测、检验、检疫或者技术鉴定的，查封、扣押的期间不包括检测、检验、检疫"
            f"或者技术鉴定的期间：另计{testing_days}日",
            cite(ACL, 25, 3),
        )
    first = period_end(
        seized_on,
        days=SEIZURE_DAYS + testing_days,
        counting=counting,
        rollover=rollover,
        workday=workday,
    )
    trace.extend(first)
    end = first.value
    if extension_days:
        trace.add(
            f"情况复杂的，经行政机关负责人批准，可以延长，但是延长期限不得超过三十日："
            f"延长{extension_days}日，自原期限届满次日起算",
            cite(ACL, 25, 1),
        )
        extended = period_end(
            end, days=extension_days, counting=counting, rollover=rollover, workday=workday
        )
        trace.extend(extended)
        end = extended.value
        trace.add("延长查封、扣押的决定应当及时书面告知当事人，并说明理由", cite(ACL, 25, 2))
    trace.add(
        f"应当在查封、扣押期限内（至{end.isoformat()}）作出处理决定：没收、销毁或者解除查封、扣押",
        cite(ACL, 27),
    )
    return trace.result(SeizurePeriod(seized_on, first.value, end, extension_days, testing_days))


def court_application_earliest_day(
    reminder_served_on: date, *, workday: Workday = is_workday
) -> Result[date]:
    """First day the department may apply to the court after serving the 催告书: the day after
    the tenth working day (行政强制法第五十四条, 第六十九条); the 催告书 is written and states
    the period, the way, the amount and the right to state one's case (第三十五条)."""
    period = period_end(
        reminder_served_on, days=REMINDER_DAYS, working_days=cite(ACL, 69), workday=workday
    )
    earliest = period.value + timedelta(days=1)
    trace = Trace().add(
        "行政机关申请人民法院强制执行前，应当催告当事人履行义务；催告应当以书面形式作出，载明履行义务"
        "的期限、方式，涉及金钱给付的明确的金额和给付方式，以及当事人依法享有的陈述权和申辩权",
        cite(ACL, 54),
        cite(ACL, 35),
    )
    trace.add("本法中十日以内期限的规定是指工作日，不含法定节假日", cite(ACL, 69))
    trace.extend(period)
    trace.add(
        f"催告书送达十日后当事人仍未履行义务的，行政机关可以向所在地有管辖权的人民法院申请强制执行："
        f"最早{earliest.isoformat()}",
        cite(ACL, 54),
    )
    return trace.result(earliest)


def court_application_last_day(
    review_period_last_day: date,
    *,
    deferred_until: date | None = None,
    counting: DayCounting = DEFAULT_COUNTING,
    rollover: bool = True,
    workday: Workday = is_workday,
) -> Result[date]:
    """行政强制法第五十三条: a department without its own enforcement power may apply to the court
    within three months from the day the period for 行政复议 or 行政诉讼 has expired.

    ``review_period_last_day``: the last day of that period (the 行政复议法 and 行政诉讼法 periods
    are not among the texts: the caller gives the day, as the decision states it).
    ``deferred_until``: the end of an approved 暂缓 or 分期 payment, from which the period then
    runs (行政处罚法第七十二条第二款).
    """
    trace = Trace().add(
        "当事人在法定期限内不申请行政复议或者提起行政诉讼，又不履行行政决定的，没有行政强制执行权的"
        "行政机关可以自期限届满之日起三个月内申请人民法院强制执行",
        cite(ACL, 53),
    )
    start = review_period_last_day
    if deferred_until is not None and deferred_until > start:
        trace.add(
            f"行政机关批准延期、分期缴纳罚款的，申请人民法院强制执行的期限，自暂缓或者分期缴纳罚款"
            f"期限结束之日（{deferred_until.isoformat()}）起计算",
            cite(APL, 72, 2),
        )
        start = deferred_until
    period = period_end(
        start,
        months=COURT_APPLICATION_MONTHS,
        counting=counting,
        rollover=rollover,
        workday=workday,
    )
    trace.extend(period).add(f"最迟于{period.value.isoformat()}申请人民法院强制执行")
    return trace.result(period.value)


# ------------------------------------------------------------------ 查封、扣押: the rules the
# service applies (第十八条, 第二十四条, 第二十五条, 第二十八条)

SEIZURE_EXTENSIONS_MAX = 1  # 第二十五条第一款: "可以延长" once, by at most 30 days
SEIZURE_MIN_OFFICERS = 2  # 第十八条第二项: 由两名以上行政执法人员实施
SEIZURE_REMINDER_WORKING_DAYS = 3  # reminders start three working days before the last day

# 第二十八条: the grounds on which a 查封、扣押 is lifted (解除)
LIFT_REASONS = (
    ("no_violation", "当事人没有违法行为"),
    ("unrelated", "查封、扣押的场所、设施或者财物与违法行为无关"),
    ("decided", "行政机关对违法行为已经作出处理决定，不再需要查封、扣押"),
    ("expired", "查封、扣押期限已经届满"),
    ("other", "其他不再需要采取查封、扣押措施的情形"),
)
LIFT_REASON_ITEMS = {code: n for n, (code, _label) in enumerate(LIFT_REASONS, start=1)}


def lift_basis(reason: str) -> str:
    """The article and item of 第二十八条 a 解除 rests on, e.g. 行政强制法第二十八条第一款第四项."""
    return cite(ACL, 28, 1, LIFT_REASON_ITEMS[reason])


def seizure_extension_problem(*, extensions_so_far: int, days: int, approved_by_head: bool) -> str:
    """Why an extension of a 查封、扣押 is not allowed ('' when it is): 情况复杂的，经行政机关负责人
    批准，可以延长，但是延长期限不得超过三十日 (第二十五条第一款) — once, at most 30 days, by the
    负责人."""
    if extensions_so_far >= SEIZURE_EXTENSIONS_MAX:
        return f"查封、扣押期限已延长过一次，不能再次延长（{cite(ACL, 25, 1)}：延长期限不得超过三十日）"
    if not 1 <= days <= SEIZURE_EXTENSION_MAX_DAYS:
        return f"延长期限须为1至30日（{cite(ACL, 25, 1)}：延长期限不得超过三十日）"
    if not approved_by_head:
        return f"延长查封、扣押期限须经行政机关负责人批准（{cite(ACL, 25, 1)}）"
    return ""


def seizure_reminder_day(
    last_day: date,
    *,
    working_days: int = SEIZURE_REMINDER_WORKING_DAYS,
    workday: Workday = is_workday,
) -> date:
    """The first day to remind the officers that a 查封、扣押 runs out on ``last_day``: the
    ``working_days``-th working day before it, so a holiday before the last day does not
    swallow the warning (the decision on the things is due within the period, 第二十七条)."""
    day, left = last_day, working_days
    while left:
        day -= timedelta(days=1)
        if workday(day):
            left -= 1
    return day
