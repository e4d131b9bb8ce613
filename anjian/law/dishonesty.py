"""Serious-dishonesty listing (安全生产严重失信主体名单管理办法, 应急管理部令第11号).

Only the criteria given in anjian/sources/law/README.md are encoded; the 办法 lists others
("among others"), so ``listed=False`` means "none of the encoded criteria", not "never listable".
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from ._cn import spl
from .accidents import AccidentGrade
from .closure import penalty_window
from .periods import DEFAULT_COUNTING, DayCounting, add_months, counting_articles, describe
from .result import Result, Trace

SOURCE = "安全生产严重失信主体名单管理办法（应急管理部令第11号，2023年10月1日起施行）"
LISTING_MONTHS = 36
EARLY_REMOVAL_AFTER_MONTHS = 12


@dataclass(frozen=True)
class ListingDecision:
    listed: bool
    grounds: tuple[str, ...]
    listing_date: date | None
    listed_until: date | None  # 3 years
    early_removal_from: date | None  # may apply for early removal after 12 months


def dishonesty_listing(
    *,
    on_date: date,
    accidents: Iterable[tuple[date, AccidentGrade]] = (),
    multiplied_fine_under_114: bool = False,
    concealed_or_false_report: bool = False,
    listing_date: date | None = None,
    counting: DayCounting = DEFAULT_COUNTING,
) -> Result[ListingDecision]:
    """Whether an enterprise meets an encoded listing criterion as of ``on_date``.

    ``accidents``: (date, grade) of accidents the enterprise is responsible for. Criteria: a
    重大 or 特别重大 accident; two or more 较大 accidents within 12 months; a 2–5× fine under
    安全生产法第一百一十四条第二款; concealing or falsely reporting an accident.
    """
    trace = Trace()
    grounds: list[str] = []
    past = [(d, g) for d, g in accidents if d <= on_date]
    for when, grade in past:
        if grade.rank >= AccidentGrade.MAJOR.rank:
            grounds.append(f"发生{grade}（{when.isoformat()}）")
    larger = [d for d, g in past if g is AccidentGrade.LARGER]
    window = penalty_window(larger, 2, months=12, counting=counting)
    if window:
        grounds.append(
            f"12个月内发生2起以上较大事故（{window[0].isoformat()}、{window[1].isoformat()}；"
            f"{describe(counting)}）"
        )
        trace.cite(*counting_articles(counting))
    if multiplied_fine_under_114:
        grounds.append("因发生生产安全事故被处以安全生产法第一百一十四条规定的二倍以上五倍以下罚款")
        trace.cite(spl(114, 2))
    if concealed_or_false_report:
        grounds.append("瞒报、谎报生产安全事故")
    for ground in grounds:
        trace.add(f"列入严重失信主体名单情形：{ground}", SOURCE)
    if not grounds:
        trace.add("不符合已编码的列入情形（办法另有其他情形，需人工核查）", SOURCE)
        return trace.result(ListingDecision(False, (), None, None, None))
    start = listing_date or on_date
    until = add_months(start, LISTING_MONTHS)
    early = add_months(start, EARLY_REMOVAL_AFTER_MONTHS)
    trace.add(
        f"自列入之日（{start.isoformat()}）起管理期限一般为3年（至{until.isoformat()}）；"
        f"满12个月（{early.isoformat()}起）可申请提前移出",
        SOURCE,
    )
    return trace.result(ListingDecision(True, tuple(grounds), start, until, early))


# The listing procedure (告知 → 陈述申辩 → 决定 → 公示 → 信用修复 / 期满移出). The 办法 requires
# the notice before the written decision and hears the party's statement; the period stated
# in the notice is this many working days unless the department's notice says more (the
# 办法's own text is not in anjian/sources: the figure is the department's, documented here).
STATEMENT_WORKING_DAYS = 5
