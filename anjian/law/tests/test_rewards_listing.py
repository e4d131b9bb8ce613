"""安全生产领域举报奖励办法 (安监总财〔2018〕19号) and 严重失信主体名单 (应急管理部令第11号)."""

from datetime import date
from decimal import Decimal

import pytest

from anjian.law import AccidentGrade, TipKind, dishonesty_listing, tip_reward

G = AccidentGrade


def test_reward_15_percent_of_fine():
    """README (安监总财〔2018〕19号): 「reward 15 % of the fine, at least 3,000 yuan, at most」."""
    result = tip_reward(TipKind.MAJOR_HAZARD, fine_yuan=100_000)
    assert result.value == Decimal(15_000)
    assert any("安监总财〔2018〕19号" in a for a in result.articles)


def test_no_fine_no_reward():
    """README (安监总财〔2018〕19号): 「reward 15 % of the fine, at least 3,000 yuan, at most」: the
    reward is a share of the fine. A fine of 0 gives nothing to share: no reward, and the
    minimum applies only when a fine was imposed."""
    for kind in (TipKind.MAJOR_HAZARD, TipKind.ILLEGAL_PRODUCTION):
        result = tip_reward(kind, fine_yuan=0)
        assert result.value == Decimal(0)
        assert any("不产生奖励金额" in r for r in result.reasons)
    assert tip_reward(TipKind.MAJOR_HAZARD).value == Decimal(0)  # the default fine is 0
    assert tip_reward(TipKind.MAJOR_HAZARD, fine_yuan=Decimal("0.00")).value == Decimal(0)
    assert tip_reward(TipKind.MAJOR_HAZARD, fine_yuan=1).value == Decimal(3_000)
    with pytest.raises(ValueError):
        tip_reward(TipKind.MAJOR_HAZARD, fine_yuan=-1)


def test_concealed_accident_without_deaths_has_no_minimum():
    """README: 「tips on concealed accidents: per concealed death 30,000 /」 — the 3,000 yuan
    minimum belongs to the fine-share rule."""
    result = tip_reward(TipKind.CONCEALED_ACCIDENT, concealed_deaths=0, accident_grade=G.GENERAL)
    assert result.value == Decimal(0)


def test_reward_floor_3000():
    """README (安监总财〔2018〕19号): 「reward 15 % of the fine, at least 3,000 yuan, at most」."""
    assert tip_reward(TipKind.MAJOR_HAZARD, fine_yuan=10_000).value == Decimal(3_000)
    assert tip_reward(TipKind.ILLEGAL_PRODUCTION, fine_yuan=20_000).value == Decimal(3_000)
    assert tip_reward(TipKind.ILLEGAL_PRODUCTION, fine_yuan=20_001).value == Decimal("3000.15")


def test_reward_cap_300000():
    """README (安监总财〔2018〕19号): 「reward 15 % of the fine, at least 3,000 yuan, at most」."""
    assert tip_reward(TipKind.ILLEGAL_PRODUCTION, fine_yuan=2_000_000).value == Decimal(300_000)
    assert tip_reward(TipKind.MAJOR_HAZARD, fine_yuan=3_000_000).value == Decimal(300_000)


@pytest.mark.parametrize(
    ("grade", "per_death"),
    [(G.GENERAL, 30_000), (G.LARGER, 40_000), (G.MAJOR, 50_000), (G.ESPECIALLY_MAJOR, 60_000)],
)
def test_concealed_accident_reward_per_death(grade, per_death):
    assert tip_reward(
        TipKind.CONCEALED_ACCIDENT, concealed_deaths=2, accident_grade=grade
    ).value == Decimal(2 * per_death)


def test_concealed_accident_reward_cap():
    result = tip_reward(TipKind.CONCEALED_ACCIDENT, concealed_deaths=6, accident_grade=G.MAJOR)
    assert result.value == Decimal(300_000)
    with pytest.raises(ValueError):
        tip_reward(TipKind.CONCEALED_ACCIDENT, concealed_deaths=1)


def test_listing_major_accident_three_years_and_early_removal():
    result = dishonesty_listing(on_date=date(2024, 3, 1), accidents=[(date(2024, 2, 1), G.MAJOR)])
    value = result.value
    assert value.listed
    assert value.listed_until == date(2027, 3, 1)
    assert value.early_removal_from == date(2025, 3, 1)
    assert any("应急管理部令第11号" in a for a in result.articles)


def test_listing_two_larger_accidents_within_12_months():
    on = date(2025, 6, 1)
    inside = [(date(2024, 1, 10), G.LARGER), (date(2025, 1, 10), G.LARGER)]  # 民法典第二百零二条
    assert dishonesty_listing(on_date=on, accidents=inside).value.listed
    outside = [(date(2024, 1, 10), G.LARGER), (date(2025, 1, 11), G.LARGER)]
    assert not dishonesty_listing(on_date=on, accidents=outside).value.listed
    one = [(date(2024, 1, 10), G.LARGER), (date(2024, 2, 10), G.GENERAL)]
    assert not dishonesty_listing(on_date=on, accidents=one).value.listed


def test_listing_multiplied_fine_and_concealment():
    on = date(2024, 1, 1)
    fined = dishonesty_listing(on_date=on, multiplied_fine_under_114=True)
    assert fined.value.listed and "安全生产法第一百一十四条第二款" in fined.articles
    assert dishonesty_listing(on_date=on, concealed_or_false_report=True).value.listed
    none = dishonesty_listing(on_date=on, accidents=[(date(2023, 5, 1), G.GENERAL)])
    assert not none.value.listed and none.value.listed_until is None
