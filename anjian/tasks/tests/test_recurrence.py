"""Deadlines of every kind the seeds use, across month and year ends (pure functions)."""

from datetime import date

import pytest

from anjian.tasks.recurrence import (
    Deadline,
    deadline_from_requirement,
    due_periods,
    is_overdue,
    parse_deadline,
    period_for,
    periods,
)


def keys(ps):
    return [(p.key, p.due) for p in ps]


def test_fixed_date_from_seed_002():
    d = parse_deadline("2023年7月30日前", 2023)
    assert d.kind == "once" and d.dates == (date(2023, 7, 30),)
    (p,) = periods(d, date(2023, 5, 1), date(2023, 12, 31))
    assert p.due == date(2023, 7, 30) and p.key == "2023-07-30"


def test_date_without_year_uses_the_list_year():
    assert parse_deadline("5月23日前", 2022).dates == (date(2022, 5, 23),)


def test_month_parts_xun_and_month_end():
    assert parse_deadline("5月底", 2022).dates == (date(2022, 5, 31),)
    assert parse_deadline("2月底", 2024).dates == (date(2024, 2, 29),)
    assert parse_deadline("5月上旬", 2022).dates == (date(2022, 5, 10),)
    assert parse_deadline("6月", 2022).dates == (date(2022, 6, 30),)


def test_several_dates_seed_002_mid_august_mid_november():
    d = parse_deadline("8月中旬、11月中旬", 2023)
    assert d.kind == "dates"
    assert keys(periods(d, date(2023, 5, 1), date(2023, 12, 31))) == [
        ("2023-08-20", date(2023, 8, 20)),
        ("2023-11-20", date(2023, 11, 20)),
    ]


def test_several_dates_roll_over_the_year_end():
    d = parse_deadline("12月底、1月中旬", 2023)
    assert d.dates == (date(2023, 12, 31), date(2024, 1, 20))
    d = parse_deadline("11月30日前、次年3月底", 2023)
    assert d.dates == (date(2023, 11, 30), date(2024, 3, 31))


def test_monthly_across_year_end_with_month_lengths():
    d = parse_deadline("每月", 2023)
    ps = periods(d, date(2023, 11, 15), date(2024, 2, 10))
    assert keys(ps) == [
        ("2023-11", date(2023, 11, 30)),
        ("2023-12", date(2023, 12, 31)),
        ("2024-01", date(2024, 1, 31)),
        ("2024-02", date(2024, 2, 29)),
    ]
    assert ps[0].start == date(2023, 11, 1) and ps[0].label == "2023年11月"


def test_monthly_by_day_is_clamped_to_short_months():
    d = parse_deadline("每月30日前", 2023)
    assert d.kind == "monthly" and d.day == 30
    ps = periods(d, date(2023, 1, 1), date(2023, 3, 31))
    assert [p.due for p in ps] == [date(2023, 1, 30), date(2023, 2, 28), date(2023, 3, 30)]
    d23 = parse_deadline("每月23日前", 2023)  # seed 000: 统计汇总表 by the 23rd
    assert [p.due for p in periods(d23, date(2023, 12, 1), date(2024, 1, 31))] == [
        date(2023, 12, 23),
        date(2024, 1, 23),
    ]


def test_every_two_months_from_the_list_start_across_the_year():
    d = parse_deadline("每2月", 2023)
    assert d.kind == "bimonthly"
    ps = periods(d, date(2023, 11, 1), date(2024, 4, 30))
    assert keys(ps) == [
        ("2023-11B", date(2023, 12, 31)),
        ("2024-01B", date(2024, 2, 29)),
        ("2024-03B", date(2024, 4, 30)),
    ]
    assert ps[0].label == "2023年11月—12月"


def test_quarterly_is_calendar_quarters_across_year_end():
    d = parse_deadline("每季度", 2023)
    ps = periods(d, date(2023, 11, 20), date(2024, 5, 1))
    assert keys(ps) == [
        ("2023Q4", date(2023, 12, 31)),
        ("2024Q1", date(2024, 3, 31)),
        ("2024Q2", date(2024, 6, 30)),
    ]
    assert ps[0].start == date(2023, 10, 1) and ps[0].label == "2023年第四季度"


def test_half_year_and_year():
    h = parse_deadline("每半年", 2023)
    assert keys(periods(h, date(2023, 5, 1), date(2024, 3, 1))) == [
        ("2023H1", date(2023, 6, 30)),
        ("2023H2", date(2023, 12, 31)),
        ("2024H1", date(2024, 6, 30)),
    ]
    y = parse_deadline("每年", 2022)
    assert keys(periods(y, date(2022, 5, 1), date(2023, 1, 1))) == [
        ("2022", date(2022, 12, 31)),
        ("2023", date(2023, 12, 31)),
    ]


def test_continuous_is_reported_monthly():
    d = parse_deadline("常态化", 2023)
    assert d.kind == "continuous" and d.label == "常态化"
    assert keys(periods(d, date(2023, 12, 5), date(2024, 1, 31))) == [
        ("2023-12", date(2023, 12, 31)),
        ("2024-01", date(2024, 1, 31)),
    ]


def test_unknown_text_is_rejected_with_a_chinese_message():
    with pytest.raises(ValueError, match="无法识别"):
        parse_deadline("尽快", 2023)
    with pytest.raises(ValueError, match="月份无效"):
        parse_deadline("13月底", 2023)
    with pytest.raises(ValueError, match="为空"):
        parse_deadline("  ", 2023)


def test_seed_004_deadline_from_the_requirement_text():
    assert deadline_from_requirement("（1）5月底，建立“五有”责任制。", 2022).dates == (
        date(2022, 5, 31),
    )
    assert deadline_from_requirement("（10）5月上旬，专题研究落实", 2022).dates == (
        date(2022, 5, 10),
    )
    t8 = "（8）镇街主要负责人每月至少组织1次专题研究；每季度听取1次班子成员履职情况汇报。"
    assert deadline_from_requirement(t8, 2022).kind == "monthly"
    t7 = "（7）区委主要负责人每季度至少组织1次专题研究；每半年听取1次汇报。"
    assert deadline_from_requirement(t7, 2022).kind == "quarterly"
    assert deadline_from_requirement("（6）纳入干部教育培训内容。", 2022).kind == "continuous"


def test_due_periods_overdue_and_json_round_trip():
    d = parse_deadline("每月", 2023)
    ps = due_periods(d, date(2023, 1, 1), date(2023, 12, 31), date(2023, 3, 15))
    assert [p.key for p in ps] == ["2023-01", "2023-02", "2023-03"]
    assert is_overdue(ps[1], date(2023, 3, 1), reported=False)
    assert not is_overdue(ps[1], date(2023, 3, 1), reported=True)
    assert not is_overdue(ps[1], date(2023, 2, 28), reported=False)
    assert Deadline.from_json(d.to_json()) == d
    assert period_for(d, date(2023, 1, 1), date(2023, 12, 31), "2023-07").due == date(2023, 7, 31)
