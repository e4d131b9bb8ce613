"""行业禁入 (industry bans) and their periods.

安全生产法 bans a person in three places:

* 第九十二条第三款: the agency and its directly responsible staff may not do 安全评价、认证、检测、
  检验 work for five years; 情节严重的, a lifetime ban;
* 第九十四条第三款: a 主要负责人 given a criminal penalty or 撤职处分 may not be the 主要负责人 of
  any business for five years from the end of the sentence or the sanction; one responsible for
  a 重大 or 特别重大 accident, never again in that industry;
* 第一百一十三条: when a business is closed, its 主要负责人 may not be the 主要负责人 of any
  business for five years; 情节严重的, never again in that industry.

The periods are data (``BAN_YEARS``); the last day follows the day counting of periods.py
(民法典第二百零一条、第二百零二条: from the day after ``starts_on`` to the anniversary). A ban is a
prohibition, not a day to act by, so its last day does not move to a working day.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from ._cn import spl
from .periods import (
    CIVIL_CODE_202,
    DEFAULT_COUNTING,
    DayCounting,
    counting_articles,
    describe,
    last_day_months,
)
from .result import Result, Trace
from .violations import Measure, MeasureRule, Party, get_violation

# Years per ban measure; None = lifetime. Sources: 安全生产法第九十二条第三款 ("五年内不得从事",
# "终身行业和职业禁入"), 第九十四条第三款 and 第一百一十三条 ("五年内不得担任", "终身不得担任").
BAN_YEARS: dict[Measure, int | None] = {Measure.BAN_5_YEARS: 5, Measure.LIFETIME_BAN: None}


@dataclass(frozen=True)
class IndustryBan:
    measure: Measure
    party: Party
    years: int | None  # None: lifetime
    starts_on: date
    last_day: date | None  # None: lifetime
    scope: str  # what the person may no longer do
    article: str

    @property
    def lifetime(self) -> bool:
        return self.years is None


def industry_ban(
    starts_on: date,
    *,
    violation_code: str = "",
    closed: bool = False,
    serious: bool = False,
    counting: DayCounting = DEFAULT_COUNTING,
) -> Result[IndustryBan | None]:
    """The 行业禁入 that applies to a person, or None where the law provides none.

    ``violation_code``: the violation the person is pursued for (its ban measures decide);
    otherwise ``closed``: the business was closed under 第一百一十三条. ``serious``: 情节严重 /
    responsible for a 重大 or 特别重大 accident (the lifetime ban). ``starts_on``: the day the
    ban runs from (for 第九十四条: the end of the sentence or the day of the 处分).
    """
    trace = Trace()
    candidates = []
    if violation_code:
        violation = get_violation(violation_code)
        candidates = _bans(violation.measures, violation.citation)
        if not candidates:
            trace.add(f"{violation.summary}：法律未规定行业禁入", violation.citation)
    if not candidates and closed:
        trace.add("生产经营单位依照第一百一十三条被予以关闭", spl(113))
        # The four closure situations (SPL-113-1 … -4) share the same ban measures.
        candidates = _bans(get_violation("SPL-113-1").measures, spl(113))
    if not candidates:
        if not violation_code:
            trace.add("既无规定行业禁入的违法行为，也未依第一百一十三条予以关闭，不适用行业禁入")
        return trace.result(None)

    wanted = Measure.LIFETIME_BAN if serious else Measure.BAN_5_YEARS
    chosen = next((c for c in candidates if c.measure is wanted), None)
    if chosen is None:
        chosen = next(c for c in candidates if c.measure is Measure.BAN_5_YEARS)
        trace.add("该违法行为未规定终身禁入，适用五年禁入")
    article = chosen.article
    scope = chosen.detail or str(chosen.measure)
    years = BAN_YEARS[chosen.measure]
    if years is None:
        trace.add(f"{scope}（终身禁入）", article)
        return trace.result(
            IndustryBan(chosen.measure, chosen.party, None, starts_on, None, scope, article)
        )
    end = last_day_months(starts_on, years * 12, counting)
    trace.add(
        f"{scope}：自{starts_on.isoformat()}起{years}年，至{end.isoformat()}止；{describe(counting)}",
        article,
        *counting_articles(counting),
        *((CIVIL_CODE_202,) if counting_articles(counting) else ()),
    )
    return trace.result(
        IndustryBan(chosen.measure, chosen.party, years, starts_on, end, scope, article)
    )


def _bans(measures, default_article: str) -> list[MeasureRule]:
    return [
        replace(rule, article=rule.article or default_article)
        for rule in measures
        if rule.measure in BAN_YEARS
    ]
