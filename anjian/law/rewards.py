"""Tip rewards under 安全生产领域举报奖励办法 (安监总财〔2018〕19号), as given in the brief."""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum

from ._cn import yuan
from .accidents import AccidentGrade
from .fines import Money, percent_of
from .result import Result, Trace

SOURCE = "安全生产领域举报奖励办法（安监总财〔2018〕19号）"

FINE_SHARE_PERCENT = Decimal(15)
MIN_REWARD_YUAN = 3_000
MAX_REWARD_YUAN = 300_000
PER_CONCEALED_DEATH_YUAN = {
    AccidentGrade.GENERAL: 30_000,
    AccidentGrade.LARGER: 40_000,
    AccidentGrade.MAJOR: 50_000,
    AccidentGrade.ESPECIALLY_MAJOR: 60_000,
}


class TipKind(StrEnum):
    MAJOR_HAZARD = "重大事故隐患"
    ILLEGAL_PRODUCTION = "非法违法生产经营建设行为"
    CONCEALED_ACCIDENT = "瞒报、谎报生产安全事故"


def tip_reward(
    kind: TipKind,
    *,
    fine_yuan: Money = 0,
    concealed_deaths: int = 0,
    accident_grade: AccidentGrade | None = None,
) -> Result[Decimal]:
    """Reward for a verified tip.

    重大事故隐患 / illegal production: 15 % of the fine, at least 3,000, at most 300,000 yuan. The
    reward is a share of the fine, so without a fine (0 yuan: not penalised, or a penalty other
    than a fine) there is no amount to share and the 3,000 yuan minimum does not apply.
    Concealed accident: per concealed death 30,000/40,000/50,000/60,000 yuan by grade,
    at most 300,000 yuan (no minimum).
    """
    trace = Trace()
    if kind is TipKind.CONCEALED_ACCIDENT:
        if accident_grade is None:
            raise ValueError("a concealed-accident reward needs the accident grade")
        if concealed_deaths < 0:
            raise ValueError("concealed_deaths cannot be negative")
        per_death = PER_CONCEALED_DEATH_YUAN[accident_grade]
        raw = Decimal(per_death * concealed_deaths)
        trace.add(
            f"举报瞒报、谎报{accident_grade}：按查实瞒报、谎报死亡人数每人{yuan(per_death)}，"
            f"{concealed_deaths}人共{yuan(raw)}",
            SOURCE,
        )
        if concealed_deaths == 0:
            trace.add("未查实瞒报、谎报死亡人数，本规则不产生奖励金额")
    else:
        if fine_yuan < 0:
            raise ValueError("fine_yuan cannot be negative")
        if fine_yuan == 0:
            trace.add(
                f"举报{kind}：奖励按行政处罚罚款金额的百分之十五计算；未处罚款（罚款0元），"
                f"无可计提的罚款，不产生奖励金额，最低{yuan(MIN_REWARD_YUAN)}的规定仅适用于处以罚款的情形",
                SOURCE,
            )
            return trace.result(Decimal(0))
        raw = percent_of(fine_yuan, FINE_SHARE_PERCENT)
        trace.add(f"举报{kind}经查属实：按罚款{yuan(fine_yuan)}的百分之十五计{yuan(raw)}", SOURCE)
        if raw < MIN_REWARD_YUAN:
            raw = Decimal(MIN_REWARD_YUAN)
            trace.add(f"不足{yuan(MIN_REWARD_YUAN)}的，按{yuan(MIN_REWARD_YUAN)}奖励", SOURCE)
    if raw > MAX_REWARD_YUAN:
        raw = Decimal(MAX_REWARD_YUAN)
        trace.add(f"最高不超过{yuan(MAX_REWARD_YUAN)}", SOURCE)
    return trace.result(raw)
