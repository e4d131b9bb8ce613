"""行政处罚法第五十一条、第六十条、第六十三条、第六十七条、第七十二条; 行政强制法第四十五条."""

from datetime import date
from decimal import Decimal

import pytest

from anjian.law import (
    DEFAULT_HEARING_THRESHOLDS,
    PAYMENT_DAYS,
    DayCounting,
    HearingThresholds,
    Measure,
    decision_last_day,
    hearing_right,
    late_payment_surcharge,
    payment_last_day,
    summary_procedure_allowed,
)


def test_article60_ninety_days_from_filing():
    """行政处罚法第六十条: 「行政机关应当自行政处罚案件立案之日起九十日内作出行政处罚决定。」
    Filed 2024-01-01: day 90 is Sunday 31 March, so the period ends Monday 1 April."""
    result = decision_last_day(date(2024, 1, 1))
    assert result.value == date(2024, 4, 1)
    assert result.articles[0] == "行政处罚法第六十条"
    assert any("民法典第二百零一条" in a for a in result.articles)
    assert any("民法典第二百零三条" in a for a in result.articles)
    assert decision_last_day(date(2024, 1, 2)).value == date(2024, 4, 1)  # a Monday itself
    former = decision_last_day(date(2024, 1, 1), DayCounting.START_DAY_COUNTS, rollover=False)
    assert former.value == date(2024, 3, 30)


def test_article51_summary_procedure_limits():
    """行政处罚法第五十一条: 「违法事实确凿并有法定依据，对公民处以二百元以下、对法人或者其他组织处以三千元
    以下罚款或者警告的行政处罚的，可以当场作出行政处罚决定。」"""
    assert summary_procedure_allowed(200, individual=True).value
    assert not summary_procedure_allowed(201, individual=True).value
    assert summary_procedure_allowed(3_000, individual=False).value
    assert not summary_procedure_allowed(3_001, individual=False).value
    assert summary_procedure_allowed(0, individual=False, warning_only=True).value


def test_article63_hearing_thresholds_are_data():
    """第六十三条第一款 「（一）较大数额罚款」: the amount is local data; none loaded → None."""
    unknown = hearing_right(individual=False, fine_yuan=50_000, thresholds=None)
    assert unknown.value is None
    local = HearingThresholds(
        individual_yuan=5_000, organisation_yuan=50_000, source="示例地方规定"
    )
    assert hearing_right(individual=False, fine_yuan=50_000, thresholds=local).value is True
    assert hearing_right(individual=False, fine_yuan=49_999, thresholds=local).value is False
    assert hearing_right(individual=True, fine_yuan=5_000, thresholds=local).value is True


def test_article63_suspension_and_closure_always_give_hearing_right():
    """第六十三条第一款 「（四）责令停产停业、责令关闭、限制从业」."""
    result = hearing_right(individual=False, measures=[Measure.SUSPEND_FOR_RECTIFICATION])
    assert result.value is True
    assert "行政处罚法第六十三条第一款第四项" in result.articles
    assert hearing_right(individual=False, measures=[Measure.ORDER_RECTIFY]).value is False


def test_late_payment_three_percent_per_day_capped_at_fine():
    """第七十二条第一款 「（一）到期不缴纳罚款的，每日按罚款数额的百分之三加处罚款，加处罚款的数额不得超出
    罚款的数额」."""
    result = late_payment_surcharge(10_000, 10)
    assert result.value.amount_yuan == Decimal("3000.00") and not result.value.capped
    capped = late_payment_surcharge(10_000, 40)
    assert capped.value.amount_yuan == Decimal("10000.00") and capped.value.capped
    assert "行政强制法第四十五条第二款" in capped.articles
    assert "行政处罚法第七十二条第一款第一项" in capped.articles


def test_article63_default_thresholds_inclusive_with_named_source():
    """「（一）较大数额罚款」 by the default standard (its source named), "以上" inclusive."""
    # 较大数额: "以上" includes the amount; organisation 30,000, individual 10,000 by default.
    org = hearing_right(individual=False, fine_yuan=30_000)
    assert org.value is True
    assert "行政处罚法第六十三条第一款第一项" in org.articles
    assert "安全生产违法行为行政处罚办法" in " ".join(org.reasons)
    assert hearing_right(individual=False, fine_yuan=29_999).value is False
    assert hearing_right(individual=True, fine_yuan=10_000).value is True
    assert hearing_right(individual=True, fine_yuan=9_999).value is False
    assert DEFAULT_HEARING_THRESHOLDS.source


def test_hearing_thresholds_load_from_a_dict_naming_bad_fields():
    local = HearingThresholds.from_dict(
        {"individual_yuan": "5000", "organisation_yuan": 50000, "source": "某省规定"}
    )
    assert (local.individual_yuan, local.organisation_yuan, local.source) == (
        5000,
        50000,
        "某省规定",
    )
    with pytest.raises(ValueError, match="source"):
        HearingThresholds.from_dict({"individual_yuan": 1, "organisation_yuan": 2})
    with pytest.raises(ValueError, match="organisation_yuan"):
        HearingThresholds.from_dict({"individual_yuan": 1, "source": "x"})
    with pytest.raises(ValueError, match="individual_yuan"):
        HearingThresholds.from_dict(
            {"individual_yuan": "abc", "organisation_yuan": 2, "source": "x"}
        )


def test_article67_payment_within_fifteen_days_of_receipt():
    """行政处罚法第六十七条第三款: 「当事人应当自收到行政处罚决定书之日起十五日内，到指定的银行或者
    通过电子支付系统缴纳罚款。」 Received Monday 2024-03-04: day 15 is Tuesday 19 March."""
    assert PAYMENT_DAYS == 15
    due = payment_last_day(date(2024, 3, 4))
    assert due.value == date(2024, 3, 19)
    assert "行政处罚法第六十七条第三款" in due.articles
    # received Friday 1 March: day 15 is Saturday 16 March → Monday 18 March
    saturday = payment_last_day(date(2024, 3, 1))
    assert saturday.value == date(2024, 3, 18)
    assert any("2024-03-16（星期六）" in r for r in saturday.reasons)
    former = payment_last_day(date(2024, 3, 1), DayCounting.START_DAY_COUNTS, rollover=False)
    assert former.value == date(2024, 3, 15)


def test_decision_waits_for_the_statement_and_hearing_periods_in_working_days():
    """行政处罚法第八十五条: 「本法中“二日”“三日”“五日”“七日”的规定是指工作日，不含法定节假日。」
    第六十四条第一项: 「当事人要求听证的，应当在行政机关告知后五日内提出」."""
    from datetime import date

    from anjian.law import earliest_decision_day

    monday = date(2025, 6, 2)  # no holiday in the following weeks
    no_hearing = earliest_decision_day(monday, hearing_right=False)
    assert no_hearing.value == date(2025, 6, 6)  # Tue, Wed, Thu are the three days; Friday
    assert "行政处罚法第六十二条" in no_hearing.articles
    hearing = earliest_decision_day(monday, hearing_right=True)
    assert hearing.value == date(2025, 6, 10)  # 3,4,5,6,9 June; the weekend is not counted
    assert "行政处罚法第八十五条" in hearing.articles
    # across a statutory holiday: 2025-09-30 notice; 1–8 October off, 28 Sept and 11 Oct 调休
    national_day = earliest_decision_day(date(2025, 9, 30), hearing_right=True)
    assert national_day.value == date(2025, 10, 15)  # 9, 10, 11 (调休), 13, 14 October
    assert earliest_decision_day(monday, hearing_right=False, statement_made=True).value == monday
    assert earliest_decision_day(monday, hearing_right=True, waived=True).value == monday
    pending = earliest_decision_day(monday, hearing_right=True, hearing_requested=True)
    assert pending.value is None and "行政处罚法第六十五条" in pending.articles
