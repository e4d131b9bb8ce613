"""生产安全事故报告和调查处理条例: 第三条 grading, 第九条/第十一条/第十三条/第二十九条 limits."""

from datetime import date, datetime

import pytest

from anjian.law import (
    AccidentGrade,
    DayCounting,
    accident_report_deadline,
    escalation_deadline,
    grade_accident,
    investigation_last_day,
    supplementary_report_last_day,
)

G = AccidentGrade


def test_article3_three_deaths_is_larger():
    """条例第三条: 3人以上10人以下死亡 → 较大 ("以上" includes 3)."""
    result = grade_accident(3)
    assert result.value is G.LARGER
    assert "生产安全事故报告和调查处理条例第三条第一款第三项" in result.articles
    assert "生产安全事故报告和调查处理条例第三条第三款" in result.articles


def test_article3_two_deaths_is_general():
    assert grade_accident(2).value is G.GENERAL


def test_article3_ten_serious_injuries_is_larger():
    assert grade_accident(0, 10).value is G.LARGER


def test_article3_loss_of_exactly_ten_million_is_larger():
    assert grade_accident(0, 0, 10_000_000).value is G.LARGER


@pytest.mark.parametrize(
    ("deaths", "grade"),
    [(0, G.GENERAL), (2, G.GENERAL), (3, G.LARGER), (9, G.LARGER), (10, G.MAJOR), (29, G.MAJOR),
     (30, G.ESPECIALLY_MAJOR), (31, G.ESPECIALLY_MAJOR)],
)  # fmt: skip
def test_article3_death_boundaries(deaths, grade):
    assert grade_accident(deaths).value is grade


@pytest.mark.parametrize(
    ("injuries", "grade"),
    [(9, G.GENERAL), (10, G.LARGER), (49, G.LARGER), (50, G.MAJOR), (99, G.MAJOR),
     (100, G.ESPECIALLY_MAJOR)],
)  # fmt: skip
def test_article3_serious_injury_boundaries(injuries, grade):
    assert grade_accident(0, injuries).value is grade


@pytest.mark.parametrize(
    ("loss", "grade"),
    [(9_999_999, G.GENERAL), (10_000_000, G.LARGER), (49_999_999, G.LARGER),
     (50_000_000, G.MAJOR), (99_999_999, G.MAJOR), (100_000_000, G.ESPECIALLY_MAJOR)],
)  # fmt: skip
def test_article3_direct_loss_boundaries(loss, grade):
    assert grade_accident(0, 0, loss).value is grade


def test_article3_highest_criterion_wins():
    """2 deaths (一般) but 50 serious injuries (重大) → 重大."""
    result = grade_accident(2, 50, 1_000)
    assert result.value is G.MAJOR
    assert any("重伤" in reason for reason in result.reasons)


def test_article3_negative_input_rejected():
    with pytest.raises(ValueError):
        grade_accident(-1)


def test_grade_ordering_and_labels():
    assert G.GENERAL.rank < G.LARGER.rank < G.MAJOR.rank < G.ESPECIALLY_MAJOR.rank
    assert [g.label for g in G] == ["一般", "较大", "重大", "特别重大"]
    assert G.from_label("较大事故") is G.LARGER


def test_article9_one_hour_report():
    result = accident_report_deadline(datetime(2024, 5, 1, 23, 30))
    assert result.value == datetime(2024, 5, 2, 0, 30)
    assert result.articles == ("生产安全事故报告和调查处理条例第九条",)


def test_article11_two_hours_per_level():
    assert escalation_deadline(datetime(2024, 5, 1, 8)).value == datetime(2024, 5, 1, 10)


def test_article13_supplementary_report_30_and_7_days():
    """条例第十三条第二款: 「自事故发生之日起30日内，事故造成的伤亡人数发生变化的，应当及时补报。
    道路交通事故、火灾事故自发生之日起7日内，事故造成的伤亡人数发生变化的，应当及时补报。」
    The day of the accident is not counted (民法典第二百零一条); the window does not move to a
    working day (2024-01-07 is a Sunday)."""
    result = supplementary_report_last_day(date(2024, 1, 1))
    assert result.value == date(2024, 1, 31)
    assert "民法典第二百零一条" in " ".join(result.articles)
    assert supplementary_report_last_day(date(2024, 1, 1), True).value == date(2024, 1, 8)
    assert supplementary_report_last_day(date(2023, 12, 31), True).value == date(2024, 1, 7)
    counted = supplementary_report_last_day(date(2024, 1, 1), counting=DayCounting.START_DAY_COUNTS)
    assert counted.value == date(2024, 1, 30)


def test_article29_sixty_day_investigation_and_extension():
    """条例第二十九条: 「事故调查组应当自事故发生之日起60日内提交事故调查报告；特殊情况下，经负责事故
    调查的人民政府批准，提交事故调查报告的期限可以适当延长，但延长的期限最长不超过60日。」"""
    result = investigation_last_day(date(2024, 1, 1))
    assert result.value == date(2024, 3, 1)  # 2024 is a leap year; 1 March is a Friday
    assert "条例第二十九条" in result.articles[0]
    counted = investigation_last_day(date(2024, 1, 1), counting=DayCounting.START_DAY_COUNTS)
    assert counted.value == date(2024, 2, 29)
    # the 60 extra days run from 2 March to 30 April (a Tuesday, before the 劳动节 holiday)
    extended = investigation_last_day(date(2024, 1, 1), 60)
    assert extended.value == date(2024, 4, 30)
    # occurred 2024-03-02: day 60 is 1 May (劳动节, 1–5 May 2024) → Monday 6 May
    holiday = investigation_last_day(date(2024, 3, 2))
    assert holiday.value == date(2024, 5, 6)
    assert any("民法典第二百零三条" in a for a in holiday.articles)
    with pytest.raises(ValueError):
        investigation_last_day(date(2024, 1, 1), 61)


def test_article27_appraisal_time_not_counted():
    """条例第二十七条: 「技术鉴定所需时间不计入事故调查期限。」"""
    result = investigation_last_day(date(2024, 1, 1), appraisal_days=10)
    assert result.value == date(2024, 3, 11)
    assert "生产安全事故报告和调查处理条例第二十七条" in result.articles
