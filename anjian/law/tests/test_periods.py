"""Period counting: 民法典第二百零一条–第二百零三条 (cited with their text, not among the sources),
行政处罚法第八十五条 and 行政强制法第六十九条 (working days), and the periods built on them."""

from datetime import date, timedelta
from decimal import Decimal

import pytest

from anjian.law import (
    CIVIL_CODE_201,
    CIVIL_CODE_202,
    CIVIL_CODE_203,
    DayCounting,
    court_application_earliest_day,
    court_application_last_day,
    decision_last_day,
    earliest_decision_day,
    earliest_hearing_day,
    hearing_notice_last_day,
    late_payment_surcharge_until,
    payment_last_day,
    period_end,
    preservation_decision_last_day,
    seizure_period,
    service_last_day,
    surcharge_start_day,
)


def test_start_day_is_not_counted():
    """民法典第二百零一条 (CIVIL_CODE_201): 「按照年、月、日计算期间的，开始的当日不计入，自下一日开始计算」."""
    result = period_end(date(2024, 3, 4), days=15)
    assert result.value == date(2024, 3, 19)
    assert result.articles == (CIVIL_CODE_201,)
    assert "开始的当日不计入" in CIVIL_CODE_201
    counted = period_end(date(2024, 3, 4), days=15, counting=DayCounting.START_DAY_COUNTS)
    assert counted.value == date(2024, 3, 18) and counted.articles == ()


def test_last_day_on_a_saturday_moves_to_monday():
    """民法典第二百零三条 (CIVIL_CODE_203): 「期间的最后一日是法定休假日的，以法定休假日结束的次日为期间的最后一日」."""
    result = period_end(date(2024, 3, 1), days=15)
    assert result.value == date(2024, 3, 18)
    assert CIVIL_CODE_203 in result.articles
    assert any("2024-03-16（星期六）" in r and "2024-03-18（星期一）" in r for r in result.reasons)
    assert period_end(date(2024, 3, 1), days=15, rollover=False).value == date(2024, 3, 16)


def test_a_working_saturday_does_not_move():
    """「期间的最后一日是法定休假日的，以法定休假日结束的次日为期间的最后一日」: a 调休 Saturday is a working day (国务院办公厅 schedule),
    so 2025-10-11 ends the period."""
    assert period_end(date(2025, 9, 26), days=15).value == date(2025, 10, 11)


def test_last_day_in_the_national_day_holiday():
    """行政处罚法第六十七条第三款: 「当事人应当自收到行政处罚决定书之日起十五日内，到指定的银行或者通过
    电子支付系统缴纳罚款。」 Received 2025-09-16: day 15 is 1 October; the holiday runs to 8 October,
    so the last day is Thursday 9 October."""
    result = payment_last_day(date(2025, 9, 16))
    assert result.value == date(2025, 10, 9)
    assert any("国庆节假期" in r for r in result.reasons)
    assert "行政处罚法第六十七条第三款" in result.articles
    assert CIVIL_CODE_203 in result.articles


def test_fifteen_day_payment_period_across_the_spring_festival():
    """「自收到行政处罚决定书之日起十五日内」 across 春节: received 2026-02-01, day 15 is
    2026-02-16 (holiday 15–23 February) → Tuesday 24 February; received 2025-01-14, day 15 is
    2025-01-29 (holiday 28 January – 4 February) → Wednesday 5 February."""
    assert payment_last_day(date(2026, 2, 1)).value == date(2026, 2, 24)
    result = payment_last_day(date(2025, 1, 14))
    assert result.value == date(2025, 2, 5)
    assert any("春节假期" in r for r in result.reasons)


def test_working_day_periods_across_the_spring_festival():
    """行政处罚法第八十五条: 「本法中“二日”“三日”“五日”“七日”的规定是指工作日，不含法定节假日。」
    第六十四条第一项: 「当事人要求听证的，应当在行政机关告知后五日内提出」. Notice Friday 2025-01-24:
    Sunday 26 January (调休), 27 January, then 5, 6, 7 February."""
    result = earliest_decision_day(date(2025, 1, 24), hearing_right=True)
    assert result.value == date(2025, 2, 8)  # the day after the fifth working day


def test_years_without_a_holiday_table_fall_back_to_monday_to_friday():
    """「期间的最后一日是法定休假日的，以法定休假日结束的次日为期间的最后一日」. The `chinesecalendar` tables stop at a year; later
    years count Monday to Friday and the reason says so. Received 2027-01-01: day 15 is Saturday
    16 January → Monday 18."""
    result = payment_last_day(date(2027, 1, 1))
    assert result.value == date(2027, 1, 18)
    assert any("该年度节假日安排未载入" in r for r in result.reasons)


def test_a_given_working_calendar_is_used():
    """行政处罚法第八十五条: 「本法中“二日”“三日”“五日”“七日”的规定是指工作日，不含法定节假日。」 Departments may pass their own
    calendar (``workday``)."""
    every_day = lambda day: True  # noqa: E731
    assert period_end(date(2024, 3, 1), days=15, workday=every_day).value == date(2024, 3, 16)


def test_months_end_on_the_corresponding_day_or_the_month_end():
    """民法典第二百零二条 (CIVIL_CODE_202): 「按照年、月计算期间的，到期月的对应日为期间的最后一日；没有对应日的，月末日为期间的最后一日」."""
    assert period_end(date(2025, 12, 31), months=3).value == date(2026, 3, 31)
    result = period_end(date(2025, 11, 30), months=3)
    assert result.value == date(2026, 2, 28)  # no 30 February; a 调休 Saturday, so no rollover
    assert CIVIL_CODE_202 in result.articles and CIVIL_CODE_203 not in result.articles


def test_bad_periods_rejected():
    """「按照年、月、日计算期间的，开始的当日不计入，自下一日开始计算」: a period has a positive number of days or of months."""
    with pytest.raises(ValueError):
        period_end(date(2024, 1, 1))
    with pytest.raises(ValueError):
        period_end(date(2024, 1, 1), days=1, months=1)
    with pytest.raises(ValueError):
        period_end(date(2024, 1, 1), months=1, working_days="x")


def test_article60_decision_period_ending_in_the_national_day_holiday():
    """行政处罚法第六十条: 「行政机关应当自行政处罚案件立案之日起九十日内作出行政处罚决定。法律、法规、
    规章另有规定的，从其规定。」 Filed 2025-07-03: day 90 is 1 October → 9 October."""
    result = decision_last_day(date(2025, 7, 3))
    assert result.value == date(2025, 10, 9)
    extended = decision_last_day(date(2025, 7, 3), extension_days=30)
    assert extended.value == date(2025, 11, 10)  # 8 November is a Saturday
    with pytest.raises(ValueError):
        decision_last_day(date(2025, 7, 3), extension_days=-1)


def test_article72_surcharge_starts_the_day_after_the_payment_period():
    """行政处罚法第七十二条第一款第一项: 「到期不缴纳罚款的，每日按罚款数额的百分之三加处罚款，加处罚款
    的数额不得超出罚款的数额」. Received Monday 2024-03-04, last day 19 March: paying on the 19th
    costs nothing, on the 20th one day (3 %)."""
    due = payment_last_day(date(2024, 3, 4)).value
    assert surcharge_start_day(due).value == date(2024, 3, 20)
    on_time = late_payment_surcharge_until(10_000, due, date(2024, 3, 19))
    assert on_time.value.days_late == 0 and on_time.value.amount_yuan == Decimal("0.00")
    one_day = late_payment_surcharge_until(10_000, due, date(2024, 3, 20))
    assert one_day.value.days_late == 1 and one_day.value.amount_yuan == Decimal("300.00")
    assert one_day.value.first_day == date(2024, 3, 20)
    assert "行政处罚法第七十二条第一款第一项" in one_day.articles


def test_surcharge_capped_at_the_fine_and_enforceable_after_thirty_days():
    """行政强制法第四十五条第二款: 「加处罚款或者滞纳金的数额不得超出金钱给付义务的数额。」
    第四十六条第一款: 「行政机关依照本法第四十五条规定实施加处罚款或者滞纳金超过三十日，经催告当事人仍
    不履行的，具有行政强制执行权的行政机关可以强制执行。」"""
    due = date(2024, 3, 19)
    result = late_payment_surcharge_until(10_000, due, due + timedelta(days=40))
    assert result.value.days_late == 40
    assert result.value.amount_yuan == Decimal("10000.00") and result.value.capped
    assert "行政强制法第四十五条第二款" in result.articles
    assert "行政强制法第四十六条" in result.articles
    assert result.value.enforceable_from == date(2024, 4, 19)  # the 31st day of 加处罚款


def test_surcharge_not_counted_during_review():
    """行政处罚法第七十三条第三款: 「当事人申请行政复议或者提起行政诉讼的，加处罚款的数额在行政复议或者
    行政诉讼期间不予计算。」"""
    due = date(2024, 3, 19)
    result = late_payment_surcharge_until(10_000, due, date(2024, 4, 3), suspended_days=10)
    assert result.value.days_late == 5
    assert result.value.amount_yuan == Decimal("1500.00")
    assert "行政处罚法第七十三条第三款" in result.articles


def test_seizure_thirty_days_and_one_extension():
    """行政强制法第二十五条第一款: 「查封、扣押的期限不得超过三十日；情况复杂的，经行政机关负责人批准，
    可以延长，但是延长期限不得超过三十日。」 Seized 2025-09-01: day 30 is 1 October → 9 October;
    extended by 30 days from 10 October: day 30 is Saturday 8 November → Monday 10 November."""
    first = seizure_period(date(2025, 9, 1))
    assert first.value.last_day == first.value.initial_last_day == date(2025, 10, 9)
    assert "行政强制法第二十五条第一款" in first.articles
    assert "行政强制法第二十七条" in first.articles
    extended = seizure_period(date(2025, 9, 1), extension_days=30)
    assert extended.value.initial_last_day == date(2025, 10, 9)
    assert extended.value.last_day == date(2025, 11, 10)
    assert "行政强制法第二十五条第二款" in extended.articles  # the party is told in writing
    plain = seizure_period(date(2024, 3, 4))
    assert plain.value.last_day == date(2024, 4, 3)
    with pytest.raises(ValueError):
        seizure_period(date(2025, 9, 1), extension_days=31)


def test_seizure_excludes_testing_time():
    """行政强制法第二十五条第三款: 「对物品需要进行检测、检验、检疫或者技术鉴定的，查封、扣押的期间不
    包括检测、检验、检疫或者技术鉴定的期间。」"""
    result = seizure_period(date(2024, 3, 4), testing_days=5)
    assert result.value.last_day == date(2024, 4, 8)
    assert "行政强制法第二十五条第三款" in result.articles


def test_article56_preservation_decision_within_seven_working_days():
    """行政处罚法第五十六条: 「经行政机关负责人批准，可以先行登记保存，并应当在七日内及时作出处理决定」;
    七日 are working days (第八十五条). Preserved Friday 2025-09-26: 28 (调休), 29, 30 September,
    9, 10, 11 (调休) and 13 October."""
    result = preservation_decision_last_day(date(2025, 9, 26))
    assert result.value == date(2025, 10, 13)
    assert result.articles[:2] == ("行政处罚法第五十六条", "行政处罚法第八十五条")


def test_article61_service_within_seven_working_days():
    """行政处罚法第六十一条第一款: 「当事人不在场的，行政机关应当在七日内依照《中华人民共和国民事诉讼法》
    的有关规定，将行政处罚决定书送达当事人。」"""
    assert service_last_day(date(2025, 9, 30)).value == date(2025, 10, 16)


def test_article64_hearing_notice_seven_working_days_before():
    """行政处罚法第六十四条第二项: 「行政机关应当在举行听证的七日前，通知当事人及有关人员听证的时间、
    地点」. Hearing Monday 2025-06-16: notified by Thursday 5 June, seven working days later
    (6, 9, 10, 11, 12, 13, 16 June) is the hearing."""
    result = hearing_notice_last_day(date(2025, 6, 16))
    assert result.value == date(2025, 6, 5)
    assert "行政处罚法第六十四条第二项" in result.articles
    assert earliest_hearing_day(date(2025, 6, 5)).value == date(2025, 6, 16)
    # across 国庆: hearing 2025-10-13 needs notice by Friday 26 September (27 is a Saturday)
    national_day = hearing_notice_last_day(date(2025, 10, 13))
    assert national_day.value <= date(2025, 9, 27)
    assert any("2025-09-26" in r for r in national_day.reasons)


def test_reminder_ten_working_days_before_the_court():
    """行政强制法第五十四条: 「催告书送达十日后当事人仍未履行义务的，行政机关可以向所在地有管辖权的人民
    法院申请强制执行」; 第六十九条: 「本法中十日以内期限的规定是指工作日，不含法定节假日。」
    Served 2025-09-26: 28, 29, 30 September, 9, 10, 11, 13, 14, 15, 16 October."""
    result = court_application_earliest_day(date(2025, 9, 26))
    assert result.value == date(2025, 10, 17)
    assert {"行政强制法第五十四条", "行政强制法第三十五条", "行政强制法第六十九条"} <= set(
        result.articles
    )


def test_court_application_within_three_months():
    """行政强制法第五十三条: 「当事人在法定期限内不申请行政复议或者提起行政诉讼，又不履行行政决定的，
    没有行政强制执行权的行政机关可以自期限届满之日起三个月内，依照本章规定申请人民法院强制执行。」
    行政处罚法第七十二条第二款: 「行政机关批准延期、分期缴纳罚款的，申请人民法院强制执行的期限，自暂缓
    或者分期缴纳罚款期限结束之日起计算。」"""
    result = court_application_last_day(date(2025, 10, 31))
    assert result.value == date(2026, 1, 31) + timedelta(days=2)  # 31 January is a Saturday
    assert "行政强制法第五十三条" in result.articles
    deferred = court_application_last_day(date(2025, 10, 31), deferred_until=date(2025, 12, 15))
    assert deferred.value == date(2026, 3, 16)  # 15 March 2026 is a Sunday
    assert "行政处罚法第七十二条第二款" in deferred.articles
