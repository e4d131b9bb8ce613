"""Accident-linked fines: 第九十五条, 第九十六条, 第一百一十条, 第一百一十四条; 第一百一十二条."""

from datetime import date
from decimal import Decimal

import pytest

from anjian.law import (
    AccidentGrade,
    Party,
    accident_fine_enterprise,
    daily_continuous_fine,
    fine_range,
    manager_accident_fine,
    principal_accident_fine,
    principal_misconduct_fine,
)

G = AccidentGrade


@pytest.mark.parametrize(
    ("grade", "bounds"),
    [(G.GENERAL, (300_000, 1_000_000)), (G.LARGER, (1_000_000, 2_000_000)),
     (G.MAJOR, (2_000_000, 10_000_000)), (G.ESPECIALLY_MAJOR, (10_000_000, 20_000_000))],
)  # fmt: skip
def test_article114_enterprise_fine_by_grade(grade, bounds):
    result = accident_fine_enterprise(grade)
    assert result.value.bounds == bounds
    assert f"安全生产法第一百一十四条第一款第{'一二三四'[grade.rank - 1]}项" in result.articles


def test_article114_larger_accident_1m_to_2m():
    assert accident_fine_enterprise(G.LARGER).value.bounds == (1_000_000, 2_000_000)


def test_article114_especially_serious_doubles_to_quintuples():
    """第一百一十四条第二款: 情节特别严重、影响特别恶劣 → 2–5 times the 第一款 amounts."""
    result = accident_fine_enterprise(G.LARGER, especially_serious=True)
    assert result.value.bounds == (2_000_000, 10_000_000)
    assert "安全生产法第一百一十四条第二款" in result.articles
    assert accident_fine_enterprise(G.ESPECIALLY_MAJOR, True).value.bounds == (
        20_000_000,
        100_000_000,
    )


def test_article114_needs_grade():
    with pytest.raises(ValueError):
        fine_range("SPL-114")


@pytest.mark.parametrize(
    ("grade", "percent"),
    [(G.GENERAL, 40), (G.LARGER, 60), (G.MAJOR, 80), (G.ESPECIALLY_MAJOR, 100)],
)
def test_article95_principal_percent_of_last_year_income(grade, percent):
    result = principal_accident_fine(grade, 250_000)
    assert result.value == Decimal(250_000 * percent / 100).quantize(Decimal("0.01"))


def test_article95_larger_accident_60_percent():
    result = principal_accident_fine(G.LARGER, 123_456)
    assert result.value == Decimal("74073.60")
    assert "安全生产法第九十五条第二项" in result.articles
    assert any("百分之六十" in r for r in result.reasons)


def test_article96_manager_accident_20_to_50_percent():
    result = manager_accident_fine(100_000)
    assert result.value.bounds == (Decimal("20000.00"), Decimal("50000.00"))
    measures = [m.measure for m in fine_range("SPL-96", caused_accident=True).value.measures]
    assert "暂停或者吊销与安全生产有关的资格" in measures


def test_article96_without_income_gives_percentages_only():
    band = manager_accident_fine().value
    assert band.bounds == (None, None)
    assert band.percent == (Decimal(20), Decimal(50))


def test_article110_principal_60_to_100_percent():
    assert principal_misconduct_fine(200_000).value.bounds == (
        Decimal("120000.00"),
        Decimal("200000.00"),
    )
    concealed = principal_misconduct_fine(200_000, concealed_report=True)
    assert concealed.articles[0] == "安全生产法第一百一十条第二款"
    assert concealed.value.party is Party.PRINCIPAL


def test_article112_daily_fine_from_day_after_order():
    """第一百一十二条: 自作出责令改正之日的次日起, 按原处罚数额按日连续处罚."""
    result = daily_continuous_fine(
        30_000, order_date=date(2024, 3, 1), until_date=date(2024, 3, 11)
    )
    assert result.value.days == 10
    assert result.value.total_yuan == 300_000
    assert result.articles == ("安全生产法第一百一十二条",)


def test_article112_daily_fine_by_days_and_same_day_is_zero():
    assert daily_continuous_fine(5_000, days=7).value.total_yuan == 35_000
    same_day = daily_continuous_fine(
        5_000, order_date=date(2024, 1, 1), until_date=date(2024, 1, 1)
    )
    assert same_day.value.total_yuan == 0


def test_article112_requires_original_fine():
    with pytest.raises(ValueError):
        daily_continuous_fine(0, days=3)
    with pytest.raises(ValueError):
        daily_continuous_fine(1_000)
