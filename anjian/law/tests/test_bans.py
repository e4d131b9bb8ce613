"""行业禁入 periods: 安全生产法第九十二条第三款, 第九十四条第三款, 第一百一十三条."""

from datetime import date

from anjian.law import BAN_YEARS, DayCounting, Measure, Party, industry_ban


def test_periods_are_data():
    assert BAN_YEARS == {Measure.BAN_5_YEARS: 5, Measure.LIFETIME_BAN: None}


def test_article94_principal_five_years_from_the_sanction():
    """第九十四条第三款: 「生产经营单位的主要负责人依照前款规定受刑事处罚或者撤职处分的，自刑罚执行完毕
    或者受处分之日起，五年内不得担任任何生产经营单位的主要负责人」. From the next day to the
    fifth anniversary (民法典第二百零一条、第二百零二条)."""
    res = industry_ban(date(2024, 3, 1), violation_code="SPL-94-P2")
    ban = res.value
    assert ban.years == 5 and ban.party is Party.PRINCIPAL
    assert ban.last_day == date(2029, 3, 1)
    assert res.articles[0] == "安全生产法第九十四条第三款"
    assert any("民法典第二百零二条" in a for a in res.articles)
    counted = industry_ban(
        date(2024, 3, 1), violation_code="SPL-94-P2", counting=DayCounting.START_DAY_COUNTS
    )
    assert counted.value.last_day == date(2029, 2, 28)
    assert counted.articles == ("安全生产法第九十四条第三款",)


def test_article94_major_accident_lifetime_in_the_industry():
    ban = industry_ban(date(2024, 3, 1), violation_code="SPL-94-P2", serious=True).value
    assert ban.lifetime and ban.last_day is None
    assert "终身不得担任本行业" in ban.scope


def test_article92_agency_ban():
    res = industry_ban(date(2024, 1, 10), violation_code="SPL-92-P2")
    assert res.value.party is Party.AGENCY and res.value.years == 5
    assert "安全生产法第九十二条第三款" in res.articles
    assert industry_ban(date(2024, 1, 10), violation_code="SPL-92-P2", serious=True).value.lifetime


def test_article113_closure_bans_the_principal():
    """第一百一十三条: 「生产经营单位主要负责人五年内不得担任任何生产经营单位的主要负责人」. A ban is
    not a day to act by: its last day stays on the anniversary even on a weekend."""
    res = industry_ban(date(2024, 6, 2), violation_code="SPL-97-3", closed=True)
    assert res.value.years == 5 and res.value.last_day == date(2029, 6, 2)  # a Saturday
    assert "安全生产法第一百一十三条" in res.articles
    assert "任何生产经营单位的主要负责人" in res.value.scope
    serious = industry_ban(date(2024, 6, 1), closed=True, serious=True)
    assert serious.value.lifetime and serious.articles == ("安全生产法第一百一十三条",)


def test_no_ban_without_a_ban_violation_or_closure():
    res = industry_ban(date(2024, 6, 1), violation_code="SPL-97-3")
    assert res.value is None
    assert "法律未规定行业禁入" in res.reasons[0]
    assert industry_ban(date(2024, 6, 1)).value is None
