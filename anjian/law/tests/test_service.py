"""送达 and the periods after a decision (anjian.law.service)."""

from datetime import date
from decimal import Decimal

import pytest

from anjian.law import service as s


def test_lodged_service_needs_a_witness_and_post_a_tracking_number():
    """留置送达 records the witnesses (民事诉讼法第八十九条), 邮寄 its tracking number."""
    assert "witness_1" in s.service_problems(s.LODGED, addressee="甲公司")
    assert s.service_problems(s.LODGED, addressee="甲公司", witnesses=("王五", "")) == {}
    assert "tracking_number" in s.service_problems(s.POST, addressee="甲公司")
    assert s.service_problems(s.POST, addressee="甲公司", tracking_number="EMS1") == {}
    assert "addressee" in s.service_problems(s.DIRECT)


def test_public_notice_needs_medium_and_date():
    errors = s.service_problems(s.NOTICE, addressee="甲公司")
    assert set(errors) == {"notice_medium", "published_on"}


def test_electronic_service_only_with_consent():
    """「当事人同意并签订确认书的，行政机关可以采用传真、电子邮件等方式，将行政处罚决定书等送达当事人」"""
    errors = s.service_problems(s.ELECTRONIC, addressee="甲公司", consented=False)
    assert "第六十一条第二款" in errors["method"]
    assert s.service_problems(s.ELECTRONIC, addressee="甲公司", consented=True) == {}


def test_public_notice_deemed_served_after_thirty_days():
    # published 2025-03-03 (Monday): 30 days from the next day → 2025-04-02 (Wednesday)
    res = s.deemed_service_day(date(2025, 3, 3))
    assert res.value == date(2025, 4, 2)
    assert s.CPL_95 in res.articles
    # abroad: sixty days → 2025-05-02 falls in the 劳动节 holiday (5/1–5/5) → 2025-05-06
    assert s.deemed_service_day(date(2025, 3, 3), abroad=True).value == date(2025, 5, 6)


def test_deemed_day_on_a_holiday_moves_to_the_next_working_day():
    # 2025-09-05 + 30 → 2025-10-05, inside the 国庆 holiday (10/1–10/8) → 2025-10-09
    assert s.deemed_service_day(date(2025, 9, 5)).value == date(2025, 10, 9)


def test_remedy_periods_sixty_days_and_six_months():
    res = s.remedy_periods(date(2025, 3, 10))
    assert res.value.review_last_day == date(2025, 5, 9)
    assert res.value.litigation_last_day == date(2025, 9, 10)
    assert res.value.last_day == date(2025, 9, 10)
    # after a review decision received on 2025-04-30: fifteen days to sue → 2025-05-15
    after = s.remedy_periods(date(2025, 3, 10), review_decided_on=date(2025, 4, 30))
    assert after.value.litigation_last_day == date(2025, 5, 15)
    assert after.value.last_day == date(2025, 5, 15)


def test_no_surcharge_during_an_approved_deferral():
    """「当事人确有经济困难，需要延期或者分期缴纳罚款的，经当事人申请和行政机关批准，可以暂缓或者分期缴纳」"""
    due = date(2025, 3, 25)
    plain = s.surcharge_with_deferral(10_000, due, date(2025, 4, 4))
    assert plain.value.amount_yuan == Decimal("3000.00")  # 10 days × 3 %
    deferred = s.surcharge_with_deferral(
        10_000, due, date(2025, 4, 4), deferred_until=date(2025, 4, 30)
    )
    assert deferred.value.amount_yuan == 0
    late = s.surcharge_with_deferral(
        10_000, due, date(2025, 5, 2), deferred_until=date(2025, 4, 30)
    )
    assert late.value.amount_yuan == Decimal("600.00")  # 2 days after the deferral
    assert "行政处罚法第六十六条第二款" in late.articles


def test_instalments_each_late_instalment_carries_its_own_surcharge_capped_at_the_fine():
    due = date(2025, 3, 25)
    inst = (
        s.Instalment(date(2025, 4, 30), 5_000, date(2025, 4, 28)),
        s.Instalment(date(2025, 5, 31), 5_000),
    )
    on_time = s.surcharge_with_deferral(10_000, due, date(2025, 5, 31), instalments=inst)
    assert on_time.value.amount_yuan == 0
    late = s.surcharge_with_deferral(10_000, due, date(2025, 6, 4), instalments=inst)
    assert late.value.amount_yuan == Decimal("600.00")  # 5,000 × 3 % × 4 days
    capped = s.surcharge_with_deferral(10_000, due, date(2026, 6, 4), instalments=inst)
    assert capped.value.amount_yuan == Decimal("5000.00")  # capped per instalment sum ≤ fine
    assert capped.value.amount_yuan <= 10_000
    with pytest.raises(ValueError):
        s.surcharge_with_deferral(10_000, due, date(2025, 6, 4), instalments=inst[:1])


def test_suspended_days_of_review_are_not_counted():
    due = date(2025, 3, 25)
    res = s.surcharge_with_deferral(10_000, due, date(2025, 4, 4), suspended_days=4)
    assert res.value.amount_yuan == Decimal("1800.00")
