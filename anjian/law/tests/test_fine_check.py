"""check_fine: is a proposed amount lawful (statutory range, 减轻 with a ground, never above)."""

from decimal import Decimal

import pytest

from anjian.law import (
    AccidentGrade,
    DiscretionStandard,
    Facts,
    Harm,
    Party,
    Tier,
    check_fine,
)

E, P, PR = Party.ENTERPRISE, Party.RESPONSIBLE_PERSONS, Party.PRINCIPAL


def test_inside_the_range_is_allowed_with_the_article():
    """安全生产法第九十七条: 「责令限期改正，处十万元以下的罚款」."""
    result = check_fine("SPL-97-1", E, 50_000)
    assert result.value.allowed and result.value.tier is Tier.NORMAL
    assert "安全生产法第九十七条第一项" in result.value.message
    assert (result.value.min_yuan, result.value.max_yuan) == (0, 100_000)


def test_above_the_maximum_is_refused_whatever_the_facts():
    """第九十七条 「处十万元以下的罚款」; 行政处罚法第三十二条 allows 从轻 or 减轻 only: an amount above
    the maximum is refused even with every aggravating fact."""
    facts = Facts(first_offence=False, repeat_offence=True, serious=True)
    result = check_fine("SPL-97-1", E, 100_001, facts)
    assert not result.value.allowed
    assert "超过法定最高罚款额100,000元" in result.value.message
    assert "安全生产法第九十七条第一项" in result.articles
    assert check_fine("SPL-97-1", E, 100_000, facts).value.allowed
    overdue = check_fine("SPL-97-1", P, 50_001, Facts(overdue=True))
    assert not overdue.value.allowed  # persons: 「处二万元以上五万元以下的罚款」


def test_below_the_minimum_without_a_ground_is_refused():
    """安全生产法第九十八条: 「并处十万元以上五十万元以下的罚款」; 减轻 needs a 第三十二条 ground."""
    result = check_fine("SPL-98-1", E, 99_000)
    assert not result.value.allowed
    assert "低于法定最低罚款额100,000元" in result.value.message
    assert "行政处罚法第三十二条" in result.articles


def test_below_the_minimum_as_mitigation_with_its_ground():
    """行政处罚法第三十二条 「（一）主动消除或者减轻违法行为危害后果的」 → 减轻 allowed, cited."""
    result = check_fine("SPL-98-1", E, 60_000, Facts(reduced_harm=True))
    assert result.value.allowed and result.value.tier is Tier.MITIGATED
    assert "行政处罚法第三十二条第一项" in result.articles
    standard = DiscretionStandard(source="某局裁量基准", mitigated_floor=Decimal("0.7"))
    floor = check_fine("SPL-98-1", E, 60_000, Facts(reduced_harm=True), standard)
    assert not floor.value.allowed and "减轻处罚下限70,000元" in floor.value.message


def test_mandatory_mitigation_refuses_a_fine_above_the_lenient_band():
    """第三十二条 「应当从轻或者减轻行政处罚」: with a ground, an amount in the 一般 or 从重 band is
    refused (the standard's 从轻 band is 100,000–233,333)."""
    refused = check_fine("SPL-98-1", E, 300_000, Facts(coerced=True))
    assert not refused.value.allowed
    assert "超出从轻档上限233,333元" in refused.value.message
    assert check_fine("SPL-98-1", E, 200_000, Facts(coerced=True)).value.allowed


def test_zero_only_where_article33_allows_no_penalty():
    """行政处罚法第三十三条第一款: 「违法行为轻微并及时改正，没有造成危害后果的，不予行政处罚。初次违法且
    危害后果轻微并及时改正的，可以不予行政处罚。」"""
    assert not check_fine("SPL-97-1", E, 0).value.allowed
    minor = Facts(minor=True, corrected=True, harm=Harm.NONE)
    assert check_fine("SPL-97-1", E, 0, minor).value.allowed
    refused = check_fine("SPL-97-1", E, 10_000, minor)
    assert not refused.value.allowed and "应当不予行政处罚" in refused.value.message
    discretionary = Facts(corrected=True, harm=Harm.SLIGHT)
    assert check_fine("SPL-97-1", E, 0, discretionary).value.allowed
    assert check_fine("SPL-97-1", E, 10_000, discretionary).value.allowed  # 可以: may still fine


def test_no_fault_proven():
    """第三十三条第二款: 「当事人有证据足以证明没有主观过错的，不予行政处罚。」"""
    result = check_fine("SPL-99-1", E, 1_000, Facts(no_fault_proven=True))
    assert not result.value.allowed and "行政处罚法第三十三条第二款" in result.articles


def test_party_without_a_fine_and_unknown_income():
    """第九十七条 fines persons only 「逾期未改正的」; 第九十五条 is a share of 上一年年收入."""
    none = check_fine("SPL-97-1", P, 1_000)
    assert not none.value.allowed and "未规定罚款" in none.value.message
    assert check_fine("SPL-97-1", P, 0).value.allowed
    facts = Facts(accident_grade=AccidentGrade.GENERAL)
    unknown = check_fine("SPL-95", PR, 10_000, facts)
    assert not unknown.value.allowed and "未提供上一年年收入" in unknown.value.message
    known = Facts(accident_grade=AccidentGrade.GENERAL, last_year_income=100_000)
    assert check_fine(
        "SPL-95", PR, 40_000, known
    ).value.allowed  # 「处上一年年收入百分之四十的罚款」
    assert not check_fine("SPL-95", PR, 40_001, known).value.allowed


def test_regulation_codes_checked_against_the_law_that_applies():
    """条例第三十五条 「(一)不立即组织事故抢救的」 is fined under 安全生产法第一百一十条 (60–100 %)."""
    facts = Facts(last_year_income=100_000)
    low = check_fine("RIR-35-1", PR, 50_000, facts)
    assert not low.value.allowed and "安全生产法第一百一十条第一款" in low.value.message
    assert check_fine("RIR-35-1", PR, 80_000, facts).value.allowed
    assert check_fine("RIR-35-2", PR, 50_000, facts).value.allowed  # 漏报: 40–80 %


def test_deviation_from_the_suggested_tier_is_allowed_with_a_note():
    """行政处罚法第三十四条: 「行政机关可以依法制定行政处罚裁量基准，规范行使行政处罚裁量权。」 Inside the statutory range an amount off
    the suggested tier is lawful; the message asks for the reasons."""
    result = check_fine("SPL-97-1", E, 90_000)
    assert result.value.allowed and result.value.tier is Tier.SEVERE
    assert "说明理由" in result.value.message


def test_default_party_and_negative_amounts():
    """第九十七条 「处十万元以下的罚款」: the first party fined by default; a negative amount is an error."""
    assert check_fine("SPL-97-1", None, 10_000).value.party is E
    with pytest.raises(ValueError):
        check_fine("SPL-97-1", E, -1)
