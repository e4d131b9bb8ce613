"""Fine ranges for 安全生产法第九十条–第一百一十四条, accident-linked fines and 按日连续处罚."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from ._cn import APL, REGULATION, SPL, cite, cn_number, spl, yuan
from .accidents import AccidentGrade
from .result import Result, Trace
from .violations import (
    MULTI_PARAGRAPH_ARTICLES,
    ByGrade,
    Fixed,
    GainsMultiple,
    IncomeShare,
    MeasureRule,
    Party,
    Stage,
    Violation,
    get_violation,
)

CENT = Decimal("0.01")
Money = int | Decimal


def percent_of(amount: Money, percent: Decimal) -> Decimal:
    """``percent`` % of ``amount``, rounded half-up to the fen."""
    return (Decimal(amount) * percent / 100).quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class FineBand:
    """A resolved statutory range for one party.

    ``min_yuan``/``max_yuan`` are None when the amount depends on an income that was not given;
    ``percent`` then holds the percentages of 上一年年收入. ``optional`` marks "单处或者并处".
    """

    party: Party
    min_yuan: Money | None
    max_yuan: Money | None
    basis: str
    optional: bool = False
    percent: tuple[Decimal, Decimal] | None = None

    @property
    def bounds(self) -> tuple[Money | None, Money | None]:
        return (self.min_yuan, self.max_yuan)


@dataclass(frozen=True)
class FineAssessment:
    code: str
    stage: Stage
    fines: tuple[FineBand, ...]
    measures: tuple[MeasureRule, ...]
    criminal_referral: bool

    def get(self, party: Party = Party.ENTERPRISE) -> FineBand | None:
        return next((band for band in self.fines if band.party is party), None)

    def band(self, party: Party = Party.ENTERPRISE) -> tuple[Money | None, Money | None]:
        """(min, max) for ``party``; (0, 0) when the rule sets no fine for that party."""
        found = self.get(party)
        return found.bounds if found else (0, 0)


def _range_text(fixed: Fixed) -> str:
    if fixed.min_yuan == 0:
        return f"{yuan(fixed.max_yuan)}以下"
    return f"{yuan(fixed.min_yuan)}以上{yuan(fixed.max_yuan)}以下"


def _percent_text(share: IncomeShare) -> str:
    if share.min_percent == share.max_percent:
        return f"上一年年收入百分之{_pct_cn(share.min_percent)}"
    return f"上一年年收入百分之{_pct_cn(share.min_percent)}至百分之{_pct_cn(share.max_percent)}"


def _pct_cn(percent: Decimal) -> str:
    return cn_number(int(percent)) if percent == int(percent) else str(percent)


def _income_band(party: Party, share: IncomeShare, income: Money | None, trace: Trace) -> FineBand:
    text = _percent_text(share)
    percent = (share.min_percent, share.max_percent)
    if income is None:
        trace.add(f"{party}：{text}（未提供上一年年收入，无法折算金额）")
        return FineBand(party, None, None, text, percent=percent)
    if income < 0:
        raise ValueError("last_year_income cannot be negative")
    low, high = percent_of(income, share.min_percent), percent_of(income, share.max_percent)
    amount = yuan(low) if low == high else f"{yuan(low)}至{yuan(high)}"
    trace.add(f"{party}：{text}，上一年年收入{yuan(income)}，即{amount}")
    return FineBand(party, low, high, text, percent=percent)


def _resolve(
    violation: Violation,
    party: Party,
    amount: Fixed | GainsMultiple | IncomeShare | ByGrade,
    trace: Trace,
    *,
    grade: AccidentGrade | None,
    illegal_gains: Money | None,
    income: Money | None,
    especially_serious: bool,
) -> FineBand:
    if isinstance(amount, Fixed):
        text = _range_text(amount)
        trace.add(f"{party}：处{text}的罚款")
        return FineBand(party, amount.min_yuan, amount.max_yuan, text)
    if isinstance(amount, IncomeShare):
        return _income_band(party, amount, income, trace)
    if isinstance(amount, GainsMultiple):
        if illegal_gains is not None and illegal_gains < 0:
            raise ValueError("illegal_gains cannot be negative")
        if illegal_gains is not None and illegal_gains >= amount.threshold_yuan:
            low, high = illegal_gains * amount.min_multiple, illegal_gains * amount.max_multiple
            text = (
                f"违法所得{yuan(illegal_gains)}（{yuan(amount.threshold_yuan)}以上），"
                f"并处违法所得{cn_number(amount.min_multiple)}倍以上"
                f"{cn_number(amount.max_multiple)}倍以下的罚款"
            )
            trace.add(f"{party}：{text}，即{yuan(low)}至{yuan(high)}")
            return FineBand(party, low, high, text)
        if illegal_gains is None:
            trace.add("未提供违法所得，按没有违法所得处理")
        text = (
            f"没有违法所得或者违法所得不足{yuan(amount.threshold_yuan)}，单处或者并处"
            f"{_range_text(amount.fallback)}的罚款"
        )
        trace.add(f"{party}：{text}")
        fallback = amount.fallback
        return FineBand(party, fallback.min_yuan, fallback.max_yuan, text, optional=True)
    # ByGrade
    if grade is None:
        raise ValueError(f"{violation.code}: the fine depends on the accident grade (事故等级)")
    paragraph = amount.paragraph if violation.article in MULTI_PARAGRAPH_ARTICLES else None
    trace.add(f"事故等级：{grade}", spl(violation.article, paragraph, amount.items[grade]))
    entry = amount.table[grade]
    if isinstance(entry, IncomeShare):
        return _income_band(party, entry, income, trace)
    text = _range_text(entry)
    if not especially_serious:
        trace.add(f"{party}：发生{grade}的，处{text}的罚款")
        return FineBand(party, entry.min_yuan, entry.max_yuan, text)
    if amount.multiplier is None:
        trace.add("本条未规定情节特别严重的倍数罚款，按原幅度")
        return FineBand(party, entry.min_yuan, entry.max_yuan, text)
    low_x, high_x = amount.multiplier
    low, high = entry.min_yuan * low_x, entry.max_yuan * high_x
    text = f"{text}的{cn_number(low_x)}倍以上{cn_number(high_x)}倍以下"
    trace.add(
        f"情节特别严重、影响特别恶劣：按前款罚款数额的{cn_number(low_x)}倍以上"
        f"{cn_number(high_x)}倍以下处罚，即{yuan(low)}至{yuan(high)}",
        spl(violation.article, amount.multiplier_paragraph),
    )
    return FineBand(party, low, high, text)


# Violations where the accident is an element of the violation itself.
_ACCIDENT_ELEMENT = frozenset(
    {
        "SPL-93-P2",
        "SPL-94-P2",
        "SPL-95",
        "SPL-110-P1",
        "SPL-110-P2",
        "SPL-111",
        "SPL-113-3",
        "SPL-114",
    }
)

# Violations whose lifetime ban (recorded at Stage.SERIOUS) follows from the accident grade.
_SERIOUS_FROM_GRADE = {"SPL-94-P2": AccidentGrade.MAJOR}


def fine_range(
    violation_code: str,
    overdue: bool = False,
    accident_grade: AccidentGrade | None = None,
    *,
    caused_accident: bool = False,
    illegal_gains: Money | None = None,
    last_year_income: Money | None = None,
    especially_serious: bool = False,
    serious: bool = False,
) -> Result[FineAssessment]:
    """Statutory fine ranges and measures for one violation (安全生产法 or 条例 code).

    A 条例 entry whose fine the law replaced (``Violation.superseded_by``) is assessed under the
    law's entry; the reasons say why and the assessment's ``code`` is the law's.

    ``overdue`` selects the 逾期未改正 / 拒不改正 / 拒不执行 stage; ``caused_accident`` or an
    ``accident_grade`` selects the accident stage where the article has one (第九十五条,
    第九十六条, 第一百一十四条). ``serious`` adds 情节严重 measures; ``especially_serious`` applies
    第一百一十四条第二款.
    """
    violation = get_violation(violation_code)
    trace = Trace().add(f"违法行为：{violation.summary}", violation.citation)
    if violation.superseded_by:
        trace.add(
            f"{violation.citation}规定的罚款不再适用：{violation.supersession}",
            cite(APL, 29),
            cite(REGULATION, 43, 2),
        )
        applied = fine_range(
            violation.superseded_by,
            overdue,
            accident_grade,
            caused_accident=caused_accident,
            illegal_gains=illegal_gains,
            last_year_income=last_year_income,
            especially_serious=especially_serious,
            serious=serious,
        )
        return trace.extend(applied).result(applied.value)
    accident = caused_accident or accident_grade is not None
    only_accident_fines = bool(violation.fines) and all(
        rule.stage is Stage.ACCIDENT for rule in violation.fines
    )
    if violation.fines_at(Stage.ACCIDENT) and (accident or only_accident_fines):
        stage = Stage.ACCIDENT
        trace.add("导致发生生产安全事故，适用事故罚则")
    elif overdue and violation.has_stage(Stage.OVERDUE):
        stage = Stage.OVERDUE
        trace.add(f"{violation.overdue_label}，适用加重罚则")
    else:
        stage = Stage.BASE
        if overdue:
            trace.add(f"本条（款、项）未规定{violation.overdue_label}的加重罚则")
    if (
        accident
        and stage is not Stage.ACCIDENT
        and violation.law == SPL
        and violation.code not in _ACCIDENT_ELEMENT
    ):
        trace.add(
            "本条（款、项）未规定事故罚则；发生事故的，另依第一百一十四条对生产经营单位、"
            "第九十五条对主要负责人处以罚款",
            spl(114),
            spl(95),
        )

    bands = tuple(
        _resolve(
            violation,
            rule.party,
            rule.amount,
            trace,
            grade=accident_grade,
            illegal_gains=illegal_gains,
            income=last_year_income,
            especially_serious=especially_serious,
        )
        for rule in violation.fines_at(stage)
    )
    if not bands:
        trace.add("此情形本条（款、项）未规定罚款")

    threshold = _SERIOUS_FROM_GRADE.get(violation.code)
    if threshold and accident_grade and accident_grade.rank >= threshold.rank:
        serious = True
    stages = [Stage.BASE] + ([stage] if stage is not Stage.BASE else [])
    if serious:
        stages.append(Stage.SERIOUS)
    measures = tuple(rule for s in stages for rule in violation.measures_at(s))
    for rule in measures:
        who = "" if rule.party is Party.ENTERPRISE else f"（{rule.party}）"
        detail = f"：{rule.detail}" if rule.detail else ""
        trace.add(f"措施：{rule.measure}{who}{detail}", rule.article or violation.citation)
    if violation.criminal_referral:
        trace.add("构成犯罪的，依照刑法有关规定追究刑事责任（移送司法机关）")
    for note in violation.notes:
        trace.add(note)
    return trace.result(
        FineAssessment(violation.code, stage, bands, measures, violation.criminal_referral)
    )


def accident_fine_enterprise(
    grade: AccidentGrade, especially_serious: bool = False
) -> Result[FineBand]:
    """第一百一十四条: the responsible enterprise's fine by accident grade (2–5× if 情节特别严重)."""
    result = fine_range("SPL-114", accident_grade=grade, especially_serious=especially_serious)
    return Result(result.value.fines[0], result.reasons, result.articles)


def principal_accident_fine(grade: AccidentGrade, last_year_income: Money) -> Result[Decimal]:
    """第九十五条: 主要负责人 40/60/80/100 % of 上一年年收入 for 一般/较大/重大/特别重大."""
    result = fine_range("SPL-95", accident_grade=grade, last_year_income=last_year_income)
    amount = result.value.fines[0].min_yuan
    assert isinstance(amount, Decimal)
    return Result(amount, result.reasons, result.articles)


def manager_accident_fine(last_year_income: Money | None = None) -> Result[FineBand]:
    """第九十六条: 其他负责人和安全生产管理人员 20–50 % of 上一年年收入 when an accident results."""
    result = fine_range("SPL-96", caused_accident=True, last_year_income=last_year_income)
    return Result(result.value.fines[0], result.reasons, result.articles)


def principal_misconduct_fine(
    last_year_income: Money | None = None, concealed_report: bool = False
) -> Result[FineBand]:
    """第一百一十条: 不立即组织抢救/擅离职守/逃匿 (第一款) or 瞒报/谎报/迟报 (第二款): 60–100 %."""
    code = "SPL-110-P2" if concealed_report else "SPL-110-P1"
    result = fine_range(code, last_year_income=last_year_income)
    return Result(result.value.fines[0], result.reasons, result.articles)


@dataclass(frozen=True)
class DailyFine:
    days: int
    per_day_yuan: Money
    total_yuan: Money


def daily_continuous_fine(
    original_fine_yuan: Money,
    *,
    days: int | None = None,
    order_date: date | None = None,
    until_date: date | None = None,
) -> Result[DailyFine]:
    """第一百一十二条 按日连续处罚: original amount × days of continued refusal.

    Days run from the day after the 责令改正 decision (``order_date``) up to and including
    ``until_date``, i.e. ``(until_date - order_date).days``; or pass ``days`` directly. The total
    is in addition to the original fine, which is not part of it.
    """
    if original_fine_yuan <= 0:
        raise ValueError("第一百一十二条 requires a fine already imposed (原处罚数额 > 0)")
    trace = Trace()
    if days is None:
        if order_date is None or until_date is None:
            raise ValueError("give days, or order_date and until_date")
        days = (until_date - order_date).days
        trace.add(
            f"自作出责令改正之日（{order_date.isoformat()}）的次日起算至"
            f"{until_date.isoformat()}（含），共{days}日"
        )
    if days < 0:
        raise ValueError("until_date is before the order date")
    total = original_fine_yuan * days
    trace.add(
        f"被责令改正且受到罚款处罚，拒不改正的，按照原处罚数额{yuan(original_fine_yuan)}按日连续处罚："
        f"{yuan(original_fine_yuan)} × {days}日 = {yuan(total)}（不含原罚款）",
        spl(112),
    )
    return trace.result(DailyFine(days, original_fine_yuan, total))
