"""安全生产法第一百一十三条 closure triggers and window bounds."""

from datetime import date, timedelta

from anjian.law import AccidentGrade, DayCounting, closure_check

D0 = date(2024, 1, 10)


def days(*offsets):
    return [D0 + timedelta(days=n) for n in offsets]


def test_article113_item1_third_penalty_within_180_days_triggers():
    """第一百一十三条第一项: 「存在重大事故隐患，一百八十日内三次或者一年内四次受到本法规定的行政处罚的」.
    The day of the first penalty is not counted (民法典第二百零一条): the third on first + 180
    is inside the window."""
    result = closure_check(days(0, 60, 180), True, D0 + timedelta(days=200))
    assert result.value.triggered
    assert result.value.items == (1,)
    assert result.value.window == (D0, D0 + timedelta(days=180))
    assert any("民法典第二百零一条" in a for a in result.articles)
    assert "安全生产法第一百一十三条第一项" in result.articles
    assert result.value.principal_ban == "五年内不得担任任何生产经营单位的主要负责人"
    assert not result.value.lifetime_ban


def test_article113_item1_spread_over_182_days_does_not_trigger():
    """「一百八十日内三次」: the third penalty on first + 181 is outside the 180-day window."""
    result = closure_check(days(0, 60, 181), True, D0 + timedelta(days=200))
    assert not result.value.triggered
    assert result.value.principal_ban is None


def test_article113_item1_start_day_counted_option():
    """The former reading (the day of the first penalty is day 1) stays available:
    first + 179 is inside, first + 180 is not."""
    counting = DayCounting.START_DAY_COUNTS
    on = D0 + timedelta(days=300)
    assert closure_check(days(0, 60, 179), True, on, counting=counting).value.triggered
    assert not closure_check(days(0, 60, 180), True, on, counting=counting).value.triggered


def test_article113_item1_needs_major_hazard():
    assert not closure_check(days(0, 1, 2), False, D0 + timedelta(days=5)).value.triggered


def test_article113_item1_four_within_one_year():
    """「一年内四次」: up to the anniversary of the first penalty (民法典第二百零二条)."""
    on = date(2025, 6, 1)
    inside = [date(2024, 1, 10), date(2024, 5, 1), date(2024, 9, 1), date(2025, 1, 10)]
    result = closure_check(inside, True, on)
    assert result.value.triggered
    assert any("一年内四次" in r for r in result.reasons)
    outside = inside[:3] + [date(2025, 1, 11)]
    assert not closure_check(outside, True, on).value.triggered


def test_article113_item1_sliding_window_and_future_penalties_ignored():
    dates = days(0, 200, 300, 350)  # 200..350 is a 151-day spread → triggers
    assert closure_check(dates, True, D0 + timedelta(days=400)).value.window == (
        D0 + timedelta(days=200),
        D0 + timedelta(days=350),
    )
    assert not closure_check(dates, True, D0 + timedelta(days=349)).value.triggered


def test_article113_other_items_and_lifetime_ban():
    on = date(2024, 6, 1)
    assert closure_check([], False, on, still_unsafe_after_suspension=True).value.items == (2,)
    assert closure_check(
        [], False, on, accident_grade_from_unsafe_conditions=AccidentGrade.MAJOR
    ).value.items == (3,)
    larger = closure_check(
        [], False, on, accident_grade_from_unsafe_conditions=AccidentGrade.LARGER
    )
    assert not larger.value.triggered
    result = closure_check([], False, on, refused_suspension_order=True, serious=True)
    assert result.value.items == (4,)
    assert result.value.lifetime_ban
    assert "终身" in result.value.principal_ban
