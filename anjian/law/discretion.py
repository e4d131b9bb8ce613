"""Discretion (裁量): choose 从轻 / 一般 / 从重 inside the statutory range, 减轻 below it, or
不予处罚; and check a proposed amount (``check_fine``).

行政处罚法第三十四条 lets departments publish discretion standards (裁量基准). No published
standard is bundled here (the 应急管理部 tables are deliberately not encoded), so the default
``DiscretionStandard`` is Anjian's own conservative rule, named as such in every answer
(``DEFAULT_SOURCE``); a department loads its own with ``DiscretionStandard.from_dict`` /
``from_json``. The default rule:

* the statutory range [min, max] is split into thirds: 从轻 [min, min+⅓], 一般 [⅓, ⅔],
  从重 [⅔, max]; the suggestion is the tier's midpoint rounded to the standard's ``step``
  (default: 1,000 yuan where the statutory maximum is above 10,000 yuan, 100 yuan otherwise, the
  way published 裁量基准 state amounts), always inside the tier's band and the statutory range;
* 行政处罚法第三十三条 → 不予处罚: mandatory for a minor violation corrected in time without
  harm (第一款前段) or proven absence of fault (第二款); discretionary ("可以") for a first
  violation with slight harm corrected in time (第一款后段, 首违不罚);
* 行政处罚法第三十二条 circumstances (主动消除或者减轻危害后果, 受胁迫或者诱骗, …) → 从轻
  regardless of aggravating facts, because the law says "应当"; 减轻 (below the statutory
  minimum) only when the department chooses it (``Facts.reduce_below_minimum``) and one of those
  grounds is present, cited; never above the statutory maximum, whatever the facts;
* otherwise discretionary factors: lenient = first offence corrected in time; aggravating =
  repeat offence within ``repeat_period_days`` (再次违法 / 多次违法), accident caused (unless the
  range is already the accident range), 情节严重. Only lenient → 从轻, only aggravating →
  从重, both or neither → 一般;
* 逾期未改正 is not an aggravating factor: it already selects the higher statutory range, and
  counting it twice would evaluate the same fact twice.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction
from types import MappingProxyType
from typing import Any

from ._cn import APL, SPL, cite, yuan
from .accidents import AccidentGrade
from .fines import _ACCIDENT_ELEMENT as ACCIDENT_ELEMENT
from .fines import CENT, FineAssessment, FineBand, Money, fine_range
from .periods import DEFAULT_COUNTING, DayCounting, counting_articles, describe
from .result import Result, Trace
from .violations import Party, Stage, get_violation

DEFAULT_SOURCE = "系统默认三分法（未加载本部门公布的裁量基准）"
# Default rounding of suggestions (DiscretionStandard.step is None): published 裁量基准 state
# amounts in thousands of yuan for ranges reaching above 10,000 yuan and in hundreds below.
DEFAULT_STEP_LARGE = 1_000
DEFAULT_STEP_SMALL = 100
STEP_THRESHOLD_YUAN = 10_000

LENIENT_FACTORS = {"first_offence_corrected": "初次违法且及时改正"}
AGGRAVATING_FACTORS = {
    "repeat_offence": "在规定期间内再次违法",
    "caused_accident": "导致发生生产安全事故",
    "serious": "情节严重",
}


class Tier(StrEnum):
    NO_PENALTY = "不予处罚"
    MITIGATED = "减轻"  # below the statutory minimum (行政处罚法第三十二条)
    LENIENT = "从轻"
    NORMAL = "一般"
    SEVERE = "从重"


class Mitigation(StrEnum):
    """行政处罚法第三十二条 (应当从轻或者减轻); ``item`` is the item number."""

    REDUCED_HARM = "主动消除或者减轻违法行为危害后果"
    COERCED = "受他人胁迫或者诱骗实施违法行为"
    CONFESSED = "主动供述行政机关尚未掌握的违法行为"
    MERITORIOUS = "配合行政机关查处违法行为有立功表现"
    OTHER_LEGAL = "法律、法规、规章规定其他应当从轻或者减轻行政处罚的"

    @property
    def item(self) -> int:
        return list(Mitigation).index(self) + 1

    @property
    def article(self) -> str:
        return cite(APL, 32, item=self.item)


class Harm(StrEnum):
    NONE = "没有造成危害后果"
    SLIGHT = "危害后果轻微"
    HARMFUL = "造成危害后果"


@dataclass(frozen=True)
class Facts:
    """The facts of one violation that the discretion uses.

    ``reduced_harm`` and ``coerced`` are shorthands for ``Mitigation.REDUCED_HARM`` and
    ``Mitigation.COERCED`` in ``mitigations``. ``prior_penalty_dates`` with ``decided_on``:
    the party's earlier penalties, from which 再次违法 / 多次违法 within the standard's period is
    derived (``repeat_offence=True`` states it directly). ``reduce_below_minimum``: the department
    chooses 减轻处罚 (below the statutory minimum); it needs a 第三十二条 ground.
    """

    first_offence: bool = True  # 初次违法
    corrected: bool = False  # 及时改正
    minor: bool = False  # 违法行为轻微
    harm: Harm | None = None  # None = not established
    overdue: bool = False  # 逾期未改正 / 拒不改正 / 拒不执行
    repeat_offence: bool = False  # 再次违法; see is_repeat_offence()
    caused_accident: bool = False
    accident_grade: AccidentGrade | None = None
    mitigations: frozenset[Mitigation] = frozenset()
    no_fault_proven: bool = False
    serious: bool = False  # 情节严重
    especially_serious: bool = False  # 情节特别严重、影响特别恶劣 (第一百一十四条第二款)
    illegal_gains: Money | None = None
    last_year_income: Money | None = None
    reduced_harm: bool = False  # 主动消除或者减轻违法行为危害后果 (第三十二条第一项)
    coerced: bool = False  # 受他人胁迫或者诱骗实施违法行为 (第三十二条第二项)
    prior_penalty_dates: tuple[date, ...] = ()
    decided_on: date | None = None
    reduce_below_minimum: bool = False  # 减轻处罚 chosen by the department

    @property
    def all_mitigations(self) -> frozenset[Mitigation]:
        extra = {Mitigation.REDUCED_HARM} if self.reduced_harm else set()
        if self.coerced:
            extra.add(Mitigation.COERCED)
        return self.mitigations | extra


def _fraction(value: Any) -> Fraction:
    return Fraction(str(value))


@dataclass(frozen=True)
class DiscretionStandard:
    """A tiering rule as data; ``source`` names where it comes from and is cited in answers.

    ``step``: the rounding of suggested amounts in yuan (None: ``DEFAULT_STEP_LARGE`` where the
    statutory maximum is above ``STEP_THRESHOLD_YUAN``, else ``DEFAULT_STEP_SMALL``).
    ``mitigated_floor``: the lowest 减轻 amount as a share of the statutory minimum (0: none).
    """

    source: str = DEFAULT_SOURCE
    splits: tuple[Fraction, Fraction] = (Fraction(1, 3), Fraction(2, 3))
    repeat_period_days: int = 365
    lenient_factors: frozenset[str] = frozenset(LENIENT_FACTORS)
    aggravating_factors: frozenset[str] = frozenset(AGGRAVATING_FACTORS)
    per_violation: Mapping[str, tuple[Fraction, Fraction]] = field(
        default_factory=lambda: MappingProxyType({})
    )
    step: int | None = None
    mitigated_floor: Fraction = Fraction(0)

    def __post_init__(self) -> None:
        if not isinstance(self.mitigated_floor, Fraction):
            object.__setattr__(self, "mitigated_floor", _fraction(self.mitigated_floor))
        if not self.source.strip():
            raise ValueError("a discretion standard must name its source")
        for splits in (self.splits, *self.per_violation.values()):
            if not 0 < splits[0] < splits[1] < 1:
                raise ValueError(f"split points must satisfy 0 < a < b < 1: {splits}")
        unknown = (self.lenient_factors - set(LENIENT_FACTORS)) | (
            self.aggravating_factors - set(AGGRAVATING_FACTORS)
        )
        if unknown:
            raise ValueError(f"unknown factors: {sorted(unknown)}")
        if self.repeat_period_days < 1:
            raise ValueError("repeat_period_days must be positive")
        if self.step is not None and self.step < 1:
            raise ValueError("step must be a positive number of yuan")
        if not 0 <= self.mitigated_floor < 1:
            raise ValueError("mitigated_floor must satisfy 0 <= floor < 1")

    def splits_for(self, code: str) -> tuple[Fraction, Fraction]:
        return self.per_violation.get(code, self.splits)

    def step_for(self, statutory_max: Money) -> int:
        if self.step is not None:
            return self.step
        return DEFAULT_STEP_LARGE if statutory_max > STEP_THRESHOLD_YUAN else DEFAULT_STEP_SMALL

    def describe_step(self, statutory_max: Money) -> str:
        step = self.step_for(statutory_max)
        if self.step is not None:
            return f"建议金额按{yuan(step)}取整（{self.source}）"
        return (
            f"建议金额按{yuan(step)}取整（默认规则：法定最高额超过{yuan(STEP_THRESHOLD_YUAN)}的按"
            f"{yuan(DEFAULT_STEP_LARGE)}，其余按{yuan(DEFAULT_STEP_SMALL)}）"
        )

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> DiscretionStandard:
        """Load e.g. ``{"source": "某市应急管理局裁量基准（2024）", "splits": ["1/3", "2/3"],
        "repeat_period_days": 365, "per_violation": {"SPL-97-1": [0.25, 0.75]}, "step": 500,
        "mitigated_floor": "1/2"}``."""
        kwargs: dict[str, Any] = {"source": data["source"]}
        if "splits" in data:
            low, high = data["splits"]
            kwargs["splits"] = (_fraction(low), _fraction(high))
        if "repeat_period_days" in data:
            kwargs["repeat_period_days"] = int(data["repeat_period_days"])
        for key in ("lenient_factors", "aggravating_factors"):
            if key in data:
                kwargs[key] = frozenset(data[key])
        if "per_violation" in data:
            kwargs["per_violation"] = MappingProxyType(
                {
                    code: (_fraction(a), _fraction(b))
                    for code, (a, b) in data["per_violation"].items()
                }
            )
        if data.get("step") is not None:
            kwargs["step"] = int(data["step"])
        if "mitigated_floor" in data:
            kwargs["mitigated_floor"] = _fraction(data["mitigated_floor"])
        return cls(**kwargs)

    @classmethod
    def from_json(cls, text: str) -> DiscretionStandard:
        return cls.from_dict(json.loads(text))


DEFAULT_STANDARD = DiscretionStandard()


def repeat_window_start(
    on_date: date,
    standard: DiscretionStandard = DEFAULT_STANDARD,
    counting: DayCounting = DEFAULT_COUNTING,
) -> date:
    """Earliest date of a prior penalty that still counts on ``on_date``."""
    days = standard.repeat_period_days
    return on_date - timedelta(days=days - 1 if counting is DayCounting.START_DAY_COUNTS else days)


def is_repeat_offence(
    prior_penalty_dates: Iterable[date],
    on_date: date,
    standard: DiscretionStandard = DEFAULT_STANDARD,
    counting: DayCounting = DEFAULT_COUNTING,
) -> bool:
    """True if a prior penalty falls within the standard's period ending on ``on_date``
    (the day of the prior penalty is not counted, 民法典第二百零一条, unless ``counting`` says so)."""
    start = repeat_window_start(on_date, standard, counting)
    return any(start <= d <= on_date for d in prior_penalty_dates)


@dataclass(frozen=True)
class TierBand:
    party: Party
    min_yuan: Money | None
    max_yuan: Money | None
    suggested_yuan: Money | None


@dataclass(frozen=True)
class FineSuggestion:
    """``bands`` are the tier's sub-ranges. For a discretionary 不予处罚 (``discretionary``) they
    are the bands of ``fallback_tier`` in case the department decides to impose a fine.
    ``mitigation_grounds``: the 第三十二条 articles that allow 减轻 (below the minimum)."""

    tier: Tier
    bands: tuple[TierBand, ...]
    assessment: FineAssessment
    source: str
    discretionary: bool = False
    fallback_tier: Tier | None = None
    mitigation_below_minimum: bool = False  # 减轻处罚 available (行政处罚法第三十二条)
    mitigation_grounds: tuple[str, ...] = ()

    def get(self, party: Party = Party.ENTERPRISE) -> TierBand | None:
        return next((band for band in self.bands if band.party is party), None)

    def band(self, party: Party = Party.ENTERPRISE) -> tuple[Money | None, Money | None]:
        found = self.get(party)
        return (found.min_yuan, found.max_yuan) if found else (0, 0)

    def suggested(self, party: Party = Party.ENTERPRISE) -> Money | None:
        found = self.get(party)
        return found.suggested_yuan if found else 0


def _point(low: Money, high: Money, share: Fraction) -> Money:
    if isinstance(low, Decimal) or isinstance(high, Decimal):
        value = Decimal(low) + (Decimal(high) - Decimal(low)) * share.numerator / share.denominator
        return value.quantize(CENT)
    return low + (high - low) * share.numerator // share.denominator


def round_to_step(target: Money | Fraction, low: Money, high: Money, step: int) -> Money:
    """The multiple of ``step`` nearest to ``target`` inside [low, high] (half up); a finer step
    (÷10 down to 1 yuan) where the band holds no multiple of ``step``; else ``target`` itself,
    clamped. Never 0 for a band above 0. Decimal if ``low`` or ``high`` is (amounts from
    incomes), int otherwise."""
    decimal = isinstance(low, Decimal) or isinstance(high, Decimal)
    lo, hi, t = Fraction(str(low)), Fraction(str(high)), Fraction(str(target))
    t = min(max(t, lo), hi)
    while step >= 1:
        nearest = math.floor(t / step + Fraction(1, 2)) * step  # half up
        candidates = [
            c
            for c in (nearest, nearest - step, nearest + step)
            if lo <= c <= hi and (c > 0 or hi == 0)  # a suggested fine is not 0
        ]
        if candidates:
            best = min(candidates, key=lambda c: (abs(c - t), -c))
            return Decimal(int(best)).quantize(CENT) if decimal else int(best)
        step //= 10
    if decimal:  # a band narrower than 1 yuan holding no whole yuan
        return (Decimal(t.numerator) / Decimal(t.denominator)).quantize(CENT)
    return int(t)  # pragma: no cover - int bands always hold a whole yuan


def _suggest(low: Money, high: Money, step: int) -> Money:
    """The band's midpoint rounded to ``step``."""
    return round_to_step((Fraction(str(low)) + Fraction(str(high))) / 2, low, high, step)


def _below(amount: Money) -> Money:
    """The largest amount below ``amount`` (1 fen or 1 yuan less)."""
    return (Decimal(amount) - CENT) if isinstance(amount, Decimal) else amount - 1


def _tier_band(
    band: FineBand, tier: Tier, splits: tuple[Fraction, Fraction], standard: DiscretionStandard
) -> TierBand:
    low, high = band.min_yuan, band.max_yuan
    if low is None or high is None:
        return TierBand(band.party, None, None, None)
    if tier is Tier.NO_PENALTY:
        return TierBand(band.party, 0, 0, 0)
    step = standard.step_for(high)
    if tier is Tier.MITIGATED and low == 0:  # nothing below a range "X元以下": 从轻
        tier = Tier.LENIENT
    if tier is Tier.MITIGATED:
        floor = _point(0, low, standard.mitigated_floor) if standard.mitigated_floor else 0
        top = _below(low)
        return TierBand(band.party, floor, top, _suggest(floor, top, step))
    a, b = splits
    edges = {
        Tier.LENIENT: (low, _point(low, high, a)),
        Tier.NORMAL: (_point(low, high, a), _point(low, high, b)),
        Tier.SEVERE: (_point(low, high, b), high),
    }
    t_low, t_high = edges[tier]
    return TierBand(band.party, t_low, t_high, _suggest(t_low, t_high, step))


def _repeat(facts: Facts, standard: DiscretionStandard, trace: Trace) -> bool:
    if not facts.prior_penalty_dates:
        if facts.repeat_offence:
            trace.add(f"在{standard.repeat_period_days}日内再次违法（据所给事实）")
        return facts.repeat_offence
    if facts.decided_on is None:
        trace.add(
            "给出了此前受到行政处罚的日期，但未给出本次决定日期，无法判断是否在规定期间内再次违法"
        )
        return facts.repeat_offence
    on = facts.decided_on
    start = repeat_window_start(on, standard)
    inside = sorted(d for d in facts.prior_penalty_dates if start <= d <= on)
    if inside:
        times = "多次违法" if len(inside) >= 2 else "再次违法"
        trace.add(
            f"{times}：截至{on.isoformat()}的{standard.repeat_period_days}日内曾受行政处罚"
            f"{len(inside)}次（{'、'.join(d.isoformat() for d in inside)}）；{describe(DEFAULT_COUNTING)}",
            *counting_articles(DEFAULT_COUNTING),
        )
    else:
        trace.add(
            f"此前受到的行政处罚均不在{standard.repeat_period_days}日内（自{start.isoformat()}起算），"
            "不属于再次违法"
        )
    return bool(inside) or facts.repeat_offence


def _discretionary_tier(
    facts: Facts,
    assessment: FineAssessment,
    standard: DiscretionStandard,
    trace: Trace,
    *,
    first: bool,
    repeat: bool,
) -> tuple[Tier, bool]:
    """Tier from 第三十二条 and the standard's factors, with a reason per fact; returns
    (tier, 减轻 available)."""
    corrected = facts.corrected and not facts.overdue
    present_lenient = []
    if first and corrected:
        if "first_offence_corrected" in standard.lenient_factors:
            present_lenient.append(LENIENT_FACTORS["first_offence_corrected"])
        else:
            trace.add("初次违法且及时改正：所适用的裁量基准未将其列为从轻情节")
    elif first:
        trace.add("初次违法，但未及时改正，不构成从轻情节")
    else:
        trace.add("非初次违法")
    present_aggravating = []
    if repeat:
        if "repeat_offence" in standard.aggravating_factors:
            present_aggravating.append(f"{standard.repeat_period_days}日内再次违法")
        else:
            trace.add("再次违法：所适用的裁量基准未将其列为从重情节")
    if facts.caused_accident or facts.accident_grade:
        if assessment.stage is Stage.ACCIDENT:
            trace.add("事故已用于确定法定罚款幅度，不再作为从重情节重复评价")
        elif assessment.code in ACCIDENT_ELEMENT or get_violation(assessment.code).law != SPL:
            trace.add("该违法行为以发生事故为前提，事故不再作为从重情节重复评价")
        elif "caused_accident" in standard.aggravating_factors:
            present_aggravating.append(AGGRAVATING_FACTORS["caused_accident"])
    if facts.serious:
        if "serious" in standard.aggravating_factors:
            present_aggravating.append(AGGRAVATING_FACTORS["serious"])
    if facts.overdue:
        trace.add("逾期未改正已用于适用加重的法定幅度，不再作为从重情节重复评价")
    mitigations = sorted(facts.all_mitigations, key=lambda m: m.item)
    for mitigation in mitigations:
        trace.add(f"具有{mitigation}情形，应当从轻或者减轻处罚", mitigation.article)
    if present_lenient:
        trace.add(f"从轻情节：{'、'.join(present_lenient)}")
    if present_aggravating:
        trace.add(f"从重情节：{'、'.join(present_aggravating)}")
    if mitigations:
        if present_aggravating:
            trace.add("第三十二条规定应当从轻或者减轻，从重情节不改变这一结论", cite(APL, 32))
        trace.add("按从轻档裁量；依法减轻处罚的，可以低于法定最低罚款额，但不得超过法定最高罚款额")
        return Tier.LENIENT, True
    if present_lenient and present_aggravating:
        trace.add("从轻与从重情节并存，按一般档裁量")
        return Tier.NORMAL, False
    if present_aggravating:
        return Tier.SEVERE, False
    if present_lenient:
        return Tier.LENIENT, False
    trace.add("无从轻、从重情节，按一般档裁量")
    return Tier.NORMAL, False


def suggest_fine(
    violation_code: str, facts: Facts = Facts(), standard: DiscretionStandard = DEFAULT_STANDARD
) -> Result[FineSuggestion]:
    """Tier and sub-range for each fined party, by ``standard`` (default: thirds, round steps)."""
    ranged = fine_range(
        violation_code,
        overdue=facts.overdue,
        accident_grade=facts.accident_grade,
        caused_accident=facts.caused_accident,
        illegal_gains=facts.illegal_gains,
        last_year_income=facts.last_year_income,
        especially_serious=facts.especially_serious,
        serious=facts.serious,
    )
    assessment = ranged.value
    trace = Trace().extend(ranged)
    trace.add(f"裁量规则来源：{standard.source}", cite(APL, 34))
    accident = facts.caused_accident or facts.accident_grade is not None
    harm = Harm.HARMFUL if accident else facts.harm
    corrected = facts.corrected and not facts.overdue
    if facts.corrected and facts.overdue:
        trace.add("逾期未改正，不属于及时改正")
    repeat = _repeat(facts, standard, trace)
    first = facts.first_offence and not repeat
    if facts.first_offence and repeat:
        trace.add("在规定期间内再次违法，不属于初次违法")

    tier: Tier | None = None
    discretionary = False
    if facts.no_fault_proven:
        trace.add("当事人有证据足以证明没有主观过错，不予行政处罚", cite(APL, 33, 2))
        tier = Tier.NO_PENALTY
    elif facts.minor and corrected and harm is Harm.NONE:
        trace.add("违法行为轻微并及时改正，没有造成危害后果，不予行政处罚", cite(APL, 33, 1))
        tier = Tier.NO_PENALTY
    elif first and corrected and harm in (Harm.NONE, Harm.SLIGHT):
        trace.add(
            "初次违法且危害后果轻微并及时改正，可以不予行政处罚（由执法部门裁量）", cite(APL, 33, 1)
        )
        tier, discretionary = Tier.NO_PENALTY, True
    elif first and corrected and harm is None:
        trace.add("初次违法并及时改正，但危害后果是否轻微未查明，不适用首违不罚", cite(APL, 33, 1))
    if tier is Tier.NO_PENALTY:
        trace.add("依法不予行政处罚的，应当对当事人进行教育", cite(APL, 33, 3))

    fallback: Tier | None = None
    below_minimum = False
    grounds: tuple[str, ...] = ()
    if tier is None or discretionary:
        fallback, below_minimum = _discretionary_tier(
            facts, assessment, standard, trace, first=first, repeat=repeat
        )
        if below_minimum:
            grounds = tuple(m.article for m in sorted(facts.all_mitigations, key=lambda m: m.item))
        if facts.reduce_below_minimum:
            fallback = _mitigate(fallback, grounds, assessment, trace)
        if tier is None:
            tier, fallback = fallback, None
    band_tier = fallback or tier
    splits = standard.splits_for(violation_code)
    bands = tuple(_tier_band(band, band_tier, splits, standard) for band in assessment.fines)
    for band, statutory in zip(bands, assessment.fines, strict=True):
        if band.min_yuan is None:
            trace.add(f"{band.party}：金额依上一年年收入确定，未提供收入无法计算")
        elif tier is not Tier.NO_PENALTY or discretionary:
            label = f"{band_tier}档" + ("（如决定处罚）" if discretionary else "")
            if band_tier is Tier.MITIGATED:
                span = f"低于法定最低罚款额{yuan(statutory.min_yuan)}（{yuan(band.min_yuan)}至{yuan(band.max_yuan)}）"
            else:
                span = f"{yuan(band.min_yuan)}至{yuan(band.max_yuan)}"
            trace.add(
                f"{band.party}：{label}{span}，建议{yuan(band.suggested_yuan)}；"
                f"{standard.describe_step(statutory.max_yuan)}；不超过法定最高罚款额"
                f"{yuan(statutory.max_yuan)}"
            )
    return trace.result(
        FineSuggestion(
            tier=tier,
            bands=bands,
            assessment=assessment,
            source=standard.source,
            discretionary=discretionary,
            fallback_tier=fallback,
            mitigation_below_minimum=below_minimum,
            mitigation_grounds=grounds,
        )
    )


def _mitigate(
    tier: Tier, grounds: tuple[str, ...], assessment: FineAssessment, trace: Trace
) -> Tier:
    """减轻处罚 chosen by the department: only with a 第三十二条 ground and a minimum to go below."""
    if not grounds:
        trace.add(
            "拟减轻处罚，但不具有行政处罚法第三十二条规定的情形，不得低于法定最低罚款额减轻处罚",
            cite(APL, 32),
        )
        return tier
    if all(band.min_yuan == 0 for band in assessment.fines):
        trace.add("法定罚款幅度没有最低额（“以下”），无低于最低额减轻的余地，按从轻档裁量")
        return tier
    trace.add(
        f"依{'、'.join(grounds)}减轻处罚：在法定最低罚款额以下确定罚款数额，不得超过法定最高罚款额",
        *grounds,
    )
    return Tier.MITIGATED


@dataclass(frozen=True)
class FineCheck:
    """Whether ``amount_yuan`` may be imposed on ``party``; ``message`` is the reason to show
    (the refusal, or the basis of the amount). ``tier`` is where the amount falls."""

    allowed: bool
    party: Party
    amount_yuan: Money
    min_yuan: Money | None  # statutory range of the stage that applies
    max_yuan: Money | None
    tier: Tier | None
    message: str


def _tier_of(amount: Money, band: FineBand, standard: DiscretionStandard, code: str) -> Tier:
    splits = standard.splits_for(code)
    for tier in (Tier.LENIENT, Tier.NORMAL, Tier.SEVERE):
        tb = _tier_band(band, tier, splits, standard)
        if tb.min_yuan <= amount <= tb.max_yuan:
            return tier
    return Tier.SEVERE  # pragma: no cover - the thirds cover the range


def check_fine(
    violation_code: str,
    party: Party | None,
    amount_yuan: Money,
    facts: Facts = Facts(),
    standard: DiscretionStandard = DEFAULT_STANDARD,
) -> Result[FineCheck]:
    """Is a proposed fine lawful for ``party`` (None: the first party the rule fines)?

    Inside the statutory range: allowed (a note when it leaves the tier the standard suggests;
    refused when 第三十二条 requires 从轻 and the amount is above the 从轻 band, or 第三十三条
    forbids a penalty). Below the minimum: only as 减轻 with a 第三十二条 ground (and not below the
    standard's ``mitigated_floor``). 0: only where 第三十三条 allows 不予处罚. Above the maximum:
    never. The ``message`` cites the articles; the enforcement service refuses with it.
    """
    if amount_yuan < 0:
        raise ValueError("a fine cannot be negative")
    suggested = suggest_fine(violation_code, facts, standard)
    suggestion = suggested.value
    assessment = suggestion.assessment
    citation = get_violation(assessment.code).citation  # the law's, for a superseded 条例 code
    trace = Trace().extend(suggested)
    band = assessment.get(party) if party else (assessment.fines or (None,))[0]
    who = party or (band.party if band else Party.ENTERPRISE)
    amount = yuan(amount_yuan)

    def answer(allowed: bool, message: str, *articles: str, tier=None, low=None, high=None):
        trace.add(("" if allowed else "不予通过：") + message, *articles)
        check = FineCheck(allowed, who, amount_yuan, low, high, tier, message)
        return trace.result(check)

    if band is None:
        if amount_yuan == 0:
            return answer(True, f"{citation}对{who}（此情形）未规定罚款，不处罚款", citation)
        return answer(
            False,
            f"{citation}对{who}（此情形）未规定罚款，不得处以罚款{amount}；行政处罚依照法律、法规、"
            "规章的规定实施",
            citation,
            cite(APL, 4),
        )
    low, high = band.min_yuan, band.max_yuan
    if low is None or high is None:
        return answer(
            False,
            f"{who}的罚款为{band.basis}，未提供上一年年收入，无法核对拟罚款{amount}",
            citation,
        )
    bounds = {"low": low, "high": high}
    if amount_yuan > high:
        return answer(
            False,
            f"拟对{who}罚款{amount}，超过法定最高罚款额{yuan(high)}（{citation}：{band.basis}）；"
            "从重处罚也只能在法定幅度内，行政处罚法第三十二条允许从轻或者减轻，不允许超出法定最高额",
            citation,
            cite(APL, 4),
            cite(APL, 32),
            **bounds,
        )
    mandatory_none = suggestion.tier is Tier.NO_PENALTY and not suggestion.discretionary
    if amount_yuan == 0:
        if suggestion.tier is Tier.NO_PENALTY:
            basis = cite(APL, 33, 2) if facts.no_fault_proven else cite(APL, 33, 1)
            return answer(
                True,
                f"依法不予行政处罚（{basis}），不处罚款",
                basis,
                tier=Tier.NO_PENALTY,
                **bounds,
            )
        return answer(
            False,
            f"拟对{who}不处罚款，但{citation}规定处{band.basis}的罚款，且不符合行政处罚法第三十三条"
            "规定的不予行政处罚情形",
            citation,
            cite(APL, 33),
            **bounds,
        )
    if mandatory_none:
        basis = cite(APL, 33, 2) if facts.no_fault_proven else cite(APL, 33, 1)
        return answer(
            False,
            f"依法应当不予行政处罚（{basis}），不得对{who}处以罚款{amount}",
            basis,
            tier=Tier.NO_PENALTY,
            **bounds,
        )
    grounds = tuple(m.article for m in sorted(facts.all_mitigations, key=lambda m: m.item))
    if amount_yuan < low:
        if not grounds:
            return answer(
                False,
                f"拟对{who}罚款{amount}，低于法定最低罚款额{yuan(low)}（{citation}）；减轻处罚须具有"
                "行政处罚法第三十二条规定的情形，本案未认定",
                citation,
                cite(APL, 32),
                **bounds,
            )
        floor = _point(0, low, standard.mitigated_floor) if standard.mitigated_floor else 0
        if amount_yuan < floor:
            return answer(
                False,
                f"拟对{who}减轻处罚罚款{amount}，低于裁量基准规定的减轻处罚下限{yuan(floor)}"
                f"（{standard.source}）",
                *grounds,
                cite(APL, 34),
                tier=Tier.MITIGATED,
                **bounds,
            )
        return answer(
            True,
            f"拟对{who}罚款{amount}，低于法定最低罚款额{yuan(low)}，依{'、'.join(grounds)}减轻处罚",
            *grounds,
            tier=Tier.MITIGATED,
            **bounds,
        )
    tier = _tier_of(amount_yuan, band, standard, violation_code)
    expected = suggestion.fallback_tier or suggestion.tier
    if grounds and tier is not Tier.LENIENT:
        top = _tier_band(band, Tier.LENIENT, standard.splits_for(violation_code), standard).max_yuan
        return answer(
            False,
            f"具有{'、'.join(grounds)}规定的情形，应当从轻或者减轻处罚；拟对{who}罚款{amount}"
            f"超出从轻档上限{yuan(top)}（{standard.source}）",
            *grounds,
            cite(APL, 34),
            tier=tier,
            **bounds,
        )
    message = (
        f"拟对{who}罚款{amount}，在法定幅度{yuan(low)}至{yuan(high)}内（{citation}），属{tier}档"
    )
    if expected not in (tier, Tier.MITIGATED):
        message += f"；裁量基准建议{expected}档（{standard.source}），偏离的应当在决定中说明理由"
    return answer(True, message, citation, cite(APL, 34), tier=tier, **bounds)
