"""Discretion tiers (行政处罚法第三十二条、第三十三条、第三十四条) and loadable standards."""

import json
from datetime import date
from fractions import Fraction

import pytest

from anjian.law import (
    DEFAULT_SOURCE,
    AccidentGrade,
    DayCounting,
    DiscretionStandard,
    Facts,
    Harm,
    Mitigation,
    Party,
    Tier,
    is_repeat_offence,
    suggest_fine,
)

E, P = Party.ENTERPRISE, Party.RESPONSIBLE_PERSONS


def test_default_is_normal_third_and_names_its_source():
    """行政处罚法第三十四条: 「行政机关可以依法制定行政处罚裁量基准，规范行使行政处罚裁量权。行政处罚裁量
    基准应当向社会公布。」 No standard loaded: the default rule, named; the suggestion is round."""
    result = suggest_fine("SPL-97-1", Facts())
    assert result.value.tier is Tier.NORMAL
    assert result.value.band(E) == (33_333, 66_666)
    assert result.value.suggested(E) == 50_000
    assert result.value.source == DEFAULT_SOURCE
    assert any(DEFAULT_SOURCE in r for r in result.reasons)
    assert "行政处罚法第三十四条" in result.articles


def test_first_offence_corrected_is_lenient_when_harm_unknown():
    result = suggest_fine("SPL-97-1", Facts(corrected=True))
    assert result.value.tier is Tier.LENIENT
    assert result.value.band(E) == (0, 33_333)


def test_article33_first_minor_corrected_may_be_not_penalised():
    """行政处罚法第三十三条第一款后段: 初次违法且危害后果轻微并及时改正 → 可以不予处罚."""
    result = suggest_fine("SPL-97-1", Facts(corrected=True, harm=Harm.SLIGHT))
    assert result.value.tier is Tier.NO_PENALTY
    assert result.value.discretionary
    assert result.value.fallback_tier is Tier.LENIENT
    assert result.value.band(E) == (0, 33_333)
    assert "行政处罚法第三十三条第一款" in result.articles


def test_article33_minor_corrected_no_harm_must_not_be_penalised():
    result = suggest_fine(
        "SPL-97-1", Facts(first_offence=False, minor=True, corrected=True, harm=Harm.NONE)
    )
    assert result.value.tier is Tier.NO_PENALTY
    assert not result.value.discretionary
    assert result.value.band(E) == (0, 0)
    assert "行政处罚法第三十三条第三款" in result.articles  # education


def test_article33_no_fault_proven():
    result = suggest_fine("SPL-99-1", Facts(no_fault_proven=True))
    assert result.value.tier is Tier.NO_PENALTY
    assert "行政处罚法第三十三条第二款" in result.articles


def test_overdue_repeat_offence_is_severe_in_overdue_range():
    result = suggest_fine("SPL-97-1", Facts(first_offence=False, overdue=True, repeat_offence=True))
    assert result.value.tier is Tier.SEVERE
    assert result.value.band(E) == (166_666, 200_000)
    assert result.value.band(P) == (40_000, 50_000)


def test_overdue_alone_is_not_counted_twice():
    result = suggest_fine("SPL-97-1", Facts(first_offence=False, overdue=True, corrected=True))
    assert result.value.tier is Tier.NORMAL
    assert result.value.band(E) == (133_333, 166_666)
    assert any("不属于及时改正" in r for r in result.reasons)


def test_article32_mitigation_is_lenient_and_allows_reduction():
    result = suggest_fine(
        "SPL-98-1",
        Facts(
            first_offence=False, repeat_offence=True, mitigations=frozenset({Mitigation.COERCED})
        ),
    )
    assert result.value.tier is Tier.LENIENT
    assert result.value.mitigation_below_minimum
    assert result.value.band(E) == (100_000, 233_333)
    assert "行政处罚法第三十二条第二项" in result.articles


def test_accident_caused_is_aggravating_unless_it_set_the_range():
    severe = suggest_fine("SPL-99-2", Facts(first_offence=False, caused_accident=True))
    assert severe.value.tier is Tier.SEVERE
    graded = suggest_fine(
        "SPL-114", Facts(first_offence=False, accident_grade=AccidentGrade.LARGER)
    )
    assert graded.value.tier is Tier.NORMAL
    assert graded.value.band(E) == (1_333_333, 1_666_666)


def test_lenient_and_aggravating_offset_to_normal():
    """Lenient (初次违法且及时改正) and aggravating (情节严重) together: 一般. A repeat offence is
    no first offence, whatever ``first_offence`` says: 从重."""
    result = suggest_fine("SPL-97-1", Facts(corrected=True, serious=True))
    assert result.value.tier is Tier.NORMAL
    repeat = suggest_fine("SPL-97-1", Facts(corrected=True, repeat_offence=True))
    assert repeat.value.tier is Tier.SEVERE
    assert any("不属于初次违法" in r for r in repeat.reasons)


def test_income_based_range_without_income():
    result = suggest_fine("SPL-96", Facts(caused_accident=True))
    assert result.value.band(Party.OTHER_MANAGERS) == (None, None)


def test_department_standard_loaded_from_json():
    data = {
        "source": "某县应急管理局行政处罚裁量基准（示例）",
        "splits": ["1/4", "3/4"],
        "repeat_period_days": 730,
        "per_violation": {"SPL-109": [0.5, 0.9]},
    }
    standard = DiscretionStandard.from_json(json.dumps(data, ensure_ascii=False))
    assert standard.splits == (Fraction(1, 4), Fraction(3, 4))
    result = suggest_fine("SPL-97-1", Facts(), standard)
    assert result.value.band(E) == (25_000, 75_000)
    assert result.value.source == data["source"]
    severe = suggest_fine("SPL-109", Facts(first_offence=False, repeat_offence=True), standard)
    assert severe.value.band(E) == (95_000, 100_000)


def test_standard_validation():
    with pytest.raises(ValueError):
        DiscretionStandard(source="")
    with pytest.raises(ValueError):
        DiscretionStandard.from_dict({"source": "x", "splits": [0.7, 0.3]})
    with pytest.raises(ValueError):
        DiscretionStandard.from_dict({"source": "x", "aggravating_factors": ["weather"]})


def test_repeat_offence_window():
    """365 days after the prior penalty, its day not counted (民法典第二百零一条): a penalty on
    2024-01-01 counts until 2024-12-31 (2024 has 366 days)."""
    on = date(2024, 12, 31)
    assert is_repeat_offence([date(2024, 1, 1)], on)
    assert not is_repeat_offence([date(2023, 12, 31)], on)
    assert not is_repeat_offence([date(2025, 1, 1)], on)
    counted = DayCounting.START_DAY_COUNTS
    assert not is_repeat_offence([date(2024, 1, 1)], on, counting=counted)
    assert is_repeat_offence([date(2024, 1, 2)], on, counting=counted)
