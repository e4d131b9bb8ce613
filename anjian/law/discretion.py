"""Discretion (裁量): choose 从轻 / 一般 / 从重 inside the statutory range, or 不予处罚.

行政处罚法第三十四条 lets departments publish discretion standards (裁量基准). No published
standard is bundled here (the 应急管理部 tables are deliberately not encoded), so the default
``DiscretionStandard`` is Anjian's own conservative rule, named as such in every answer:

* the statutory range [min, max] is split into thirds: 从轻 [min, min+⅓], 一般 [⅓, ⅔],
  从重 [⅔, max]; the point suggestion is the tier's midpoint (rounded down to 100 yuan);
* 行政处罚法第三十三条 → 不予处罚: mandatory for a minor violation corrected in time without
  harm (第一款前段) or proven absence of fault (第二款); discretionary ("可以") for a first
  violation with slight harm corrected in time (第一款后段);
* 行政处罚法第三十二条 circumstances → 从轻 (减轻, i.e. below the minimum, is flagged as
  available), regardless of aggravating facts, because the law says "应当";
* otherwise discretionary factors: lenient = first offence corrected in time; aggravating =
  repeat offence within ``repeat_period_days``, accident caused (unless the range is already
  the accident range), 情节严重. Only lenient → 从轻, only aggravating → 从重, both or
  neither → 一般;
* 逾期未改正 is not an aggravating factor: it already selects the higher statutory range, and
  counting it twice would evaluate the same fact twice.

A department loads its own standard with ``DiscretionStandard.from_dict`` / ``from_json``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction
from types import MappingProxyType
from typing import Any

from ._cn import APL, cite, yuan
from .accidents import AccidentGrade
from .fines import CENT, FineAssessment, FineBand, Money, fine_range
from .result import Result, Trace
from .violations import Party, Stage

DEFAULT_SOURCE = "Anjian default (no published standard loaded)"

LENIENT_FACTORS = {"first_offence_corrected": "初次违法且及时改正"}
AGGRAVATING_FACTORS = {
    "repeat_offence": "在规定期间内再次违法",
    "caused_accident": "导致发生生产安全事故",
    "serious": "情节严重",
}


class Tier(StrEnum):
    NO_PENALTY = "不予处罚"
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


class Harm(StrEnum):
    NONE = "没有造成危害后果"
    SLIGHT = "危害后果轻微"
    HARMFUL = "造成危害后果"


@dataclass(frozen=True)
class Facts:
    first_offence: bool = True
    corrected: bool = False  # 及时改正
    minor: bool = False  # 违法行为轻微
    harm: Harm | None = None  # None = not established
    overdue: bool = False  # 逾期未改正 / 拒不改正 / 拒不执行
    repeat_offence: bool = False  # see is_repeat_offence()
    caused_accident: bool = False
    accident_grade: AccidentGrade | None = None
    mitigations: frozenset[Mitigation] = frozenset()
    no_fault_proven: bool = False
    serious: bool = False  # 情节严重
    especially_serious: bool = False  # 情节特别严重、影响特别恶劣 (第一百一十四条第二款)
    illegal_gains: Money | None = None
    last_year_income: Money | None = None


def _fraction(value: Any) -> Fraction:
    return Fraction(str(value))


@dataclass(frozen=True)
class DiscretionStandard:
    """A tiering rule as data; ``source`` names where it comes from and is cited in answers."""

    source: str = DEFAULT_SOURCE
    splits: tuple[Fraction, Fraction] = (Fraction(1, 3), Fraction(2, 3))
    repeat_period_days: int = 365
    lenient_factors: frozenset[str] = frozenset(LENIENT_FACTORS)
    aggravating_factors: frozenset[str] = frozenset(AGGRAVATING_FACTORS)
    per_violation: Mapping[str, tuple[Fraction, Fraction]] = field(
        default_factory=lambda: MappingProxyType({})
    )

    def __post_init__(self) -> None:
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

    def splits_for(self, code: str) -> tuple[Fraction, Fraction]:
        return self.per_violation.get(code, self.splits)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> DiscretionStandard:
        """Load e.g. ``{"source": "某市应急管理局裁量基准（2024）", "splits": ["1/3", "2/3"],
        "repeat_period_days": 365, "per_violation": {"SPL-97-1": [0.25, 0.75]}}``."""
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
        return cls(**kwargs)

    @classmethod
    def from_json(cls, text: str) -> DiscretionStandard:
        return cls.from_dict(json.loads(text))


DEFAULT_STANDARD = DiscretionStandard()


def is_repeat_offence(
    prior_penalty_dates: Iterable[date],
    on_date: date,
    standard: DiscretionStandard = DEFAULT_STANDARD,
) -> bool:
    """True if a prior penalty falls within the standard's period ending on ``on_date``."""
    start = on_date - timedelta(days=standard.repeat_period_days - 1)
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
    are the bands of ``fallback_tier`` in case the department decides to impose a fine."""

    tier: Tier
    bands: tuple[TierBand, ...]
    assessment: FineAssessment
    source: str
    discretionary: bool = False
    fallback_tier: Tier | None = None
    mitigation_below_minimum: bool = False  # 减轻处罚 available (行政处罚法第三十二条)

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


def _suggest(low: Money, high: Money) -> Money:
    if isinstance(low, Decimal) or isinstance(high, Decimal):
        return ((Decimal(low) + Decimal(high)) / 2).quantize(CENT)
    middle = (low + high) // 2
    rounded = middle - middle % 100
    return rounded if rounded >= low else middle


def _tier_band(band: FineBand, tier: Tier, splits: tuple[Fraction, Fraction]) -> TierBand:
    low, high = band.min_yuan, band.max_yuan
    if low is None or high is None:
        return TierBand(band.party, None, None, None)
    if tier is Tier.NO_PENALTY:
        return TierBand(band.party, 0, 0, 0)
    a, b = splits
    edges = {
        Tier.LENIENT: (low, _point(low, high, a)),
        Tier.NORMAL: (_point(low, high, a), _point(low, high, b)),
        Tier.SEVERE: (_point(low, high, b), high),
    }
    t_low, t_high = edges[tier]
    return TierBand(band.party, t_low, t_high, _suggest(t_low, t_high))


def _discretionary_tier(
    facts: Facts, assessment: FineAssessment, standard: DiscretionStandard, trace: Trace
) -> tuple[Tier, bool]:
    """Tier from 第三十二条 and the standard's factors; returns (tier, 减轻 available)."""
    if facts.mitigations:
        for mitigation in sorted(facts.mitigations, key=lambda m: m.item):
            trace.add(
                f"具有{mitigation}情形，应当从轻或者减轻处罚",
                cite(APL, 32, item=mitigation.item),
            )
        trace.add("按从轻档裁量；如依法减轻处罚，可低于法定最低罚款额")
        return Tier.LENIENT, True
    present_lenient = []
    if "first_offence_corrected" in standard.lenient_factors:
        if facts.first_offence and facts.corrected and not facts.overdue:
            present_lenient.append(LENIENT_FACTORS["first_offence_corrected"])
    present_aggravating = []
    if "repeat_offence" in standard.aggravating_factors and facts.repeat_offence:
        present_aggravating.append(f"{standard.repeat_period_days}日内再次违法")
    if "caused_accident" in standard.aggravating_factors and (
        facts.caused_accident or facts.accident_grade
    ):
        if assessment.stage is Stage.ACCIDENT:
            trace.add("事故已用于确定法定罚款幅度，不再作为从重情节重复评价")
        else:
            present_aggravating.append(AGGRAVATING_FACTORS["caused_accident"])
    if "serious" in standard.aggravating_factors and facts.serious:
        present_aggravating.append(AGGRAVATING_FACTORS["serious"])
    if facts.overdue:
        trace.add("逾期未改正已用于适用加重的法定幅度，不再作为从重情节重复评价")
    if present_lenient:
        trace.add(f"从轻情节：{'、'.join(present_lenient)}")
    if present_aggravating:
        trace.add(f"从重情节：{'、'.join(present_aggravating)}")
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
    """Tier and sub-range for each fined party, by ``standard`` (default: thirds)."""
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

    tier: Tier | None = None
    discretionary = False
    if facts.no_fault_proven:
        trace.add("当事人有证据足以证明没有主观过错，不予行政处罚", cite(APL, 33, 2))
        tier = Tier.NO_PENALTY
    elif facts.minor and corrected and harm is Harm.NONE:
        trace.add("违法行为轻微并及时改正，没有造成危害后果，不予行政处罚", cite(APL, 33, 1))
        tier = Tier.NO_PENALTY
    elif facts.first_offence and corrected and harm in (Harm.NONE, Harm.SLIGHT):
        trace.add(
            "初次违法且危害后果轻微并及时改正，可以不予行政处罚（由执法部门裁量）", cite(APL, 33, 1)
        )
        tier, discretionary = Tier.NO_PENALTY, True
    if tier is Tier.NO_PENALTY:
        trace.add("依法不予行政处罚的，应当对当事人进行教育", cite(APL, 33, 3))

    fallback: Tier | None = None
    below_minimum = False
    if tier is None or discretionary:
        fallback, below_minimum = _discretionary_tier(facts, assessment, standard, trace)
        if tier is None:
            tier, fallback = fallback, None
    band_tier = fallback or tier
    splits = standard.splits_for(violation_code)
    bands = tuple(_tier_band(band, band_tier, splits) for band in assessment.fines)
    for band in bands:
        if band.min_yuan is None:
            trace.add(f"{band.party}：金额依上一年年收入确定，未提供收入无法计算")
        elif tier is not Tier.NO_PENALTY or discretionary:
            label = f"{band_tier}档" + ("（如决定处罚）" if discretionary else "")
            trace.add(
                f"{band.party}：{label}{yuan(band.min_yuan)}至{yuan(band.max_yuan)}，"
                f"建议{yuan(band.suggested_yuan)}"
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
        )
    )
