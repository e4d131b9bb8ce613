"""生产安全事故报告和调查处理条例 第三十五条、第三十六条 (the penalties the law leaves in force)."""

from decimal import Decimal

import pytest

from anjian import sources
from anjian.law import VIOLATIONS, Facts, Measure, Party, fine_range, suggest_fine

E, PR, P = Party.ENTERPRISE, Party.PRINCIPAL, Party.RESPONSIBLE_PERSONS


def test_article35_omission_forty_to_eighty_percent():
    """条例第三十五条: 「事故发生单位主要负责人有下列行为之一的，处上一年年收入40%至80%的罚款；属于国家
    工作人员的，并依法给予处分；构成犯罪的，依法追究刑事责任：」 「(二)迟报或者漏报事故的」. 漏报 is not
    among the acts of 安全生产法第一百一十条, so the 条例 range applies."""
    result = fine_range("RIR-35-2", last_year_income=200_000)
    assert result.value.band(PR) == (Decimal("80000.00"), Decimal("160000.00"))
    assert result.articles[0] == "生产安全事故报告和调查处理条例第三十五条第二项"
    assert result.value.criminal_referral
    assert Measure.DISCIPLINARY_SANCTION in [m.measure for m in result.value.measures]
    unknown = fine_range("RIR-35-2").value.get(PR)
    assert unknown.bounds == (None, None) and unknown.percent == (Decimal(40), Decimal(80))


@pytest.mark.parametrize(
    ("code", "law_code", "article"),
    [
        ("RIR-35-1", "SPL-110-P1", "安全生产法第一百一十条第一款"),
        ("RIR-35-2-LATE", "SPL-110-P2", "安全生产法第一百一十条第二款"),
        ("RIR-35-3", "SPL-110-P1", "安全生产法第一百一十条第一款"),
    ],
)
def test_article35_acts_the_law_took_over(code, law_code, article):
    """安全生产法第一百一十条: 「生产经营单位的主要负责人在本单位发生生产安全事故时，不立即组织抢救或者在
    事故调查处理期间擅离职守或者逃匿的，给予降级、撤职的处分，并由应急管理部门处上一年年收入百分之六十至
    百分之一百的罚款」; 「生产经营单位的主要负责人对生产安全事故隐瞒不报、谎报或者迟报的，依照前款规定
    处罚。」 行政处罚法第二十九条: 「同一个违法行为违反多个法律规范应当给予罚款处罚的，按照罚款数额高的
    规定处罚。」 条例第四十三条第二款: 「法律、行政法规对行政处罚的种类、幅度和决定机关另有规定的，依照
    其规定。」"""
    assert VIOLATIONS[code].superseded_by == law_code
    result = fine_range(code, last_year_income=100_000)
    assert result.value.code == law_code
    assert result.value.band(PR) == (Decimal("60000.00"), Decimal("100000.00"))
    assert article in result.articles
    assert "行政处罚法第二十九条" in result.articles
    assert "生产安全事故报告和调查处理条例第四十三条第二款" in result.articles
    assert result.articles[0].startswith("生产安全事故报告和调查处理条例第三十五条")


@pytest.mark.parametrize("item", range(1, 7))
def test_article36_unit_and_persons(item):
    """条例第三十六条: 「事故发生单位及其有关人员有下列行为之一的，对事故发生单位处100万元以上500万元以下
    的罚款；对主要负责人、直接负责的主管人员和其他直接责任人员处上一年年收入60%至100%的罚款」."""
    result = fine_range(f"RIR-36-{item}", last_year_income=150_000)
    value = result.value
    assert value.band(E) == (1_000_000, 5_000_000)
    assert value.band(PR) == (Decimal("90000.00"), Decimal("150000.00"))
    assert value.band(P) == (Decimal("90000.00"), Decimal("150000.00"))
    assert (
        result.articles[0]
        == f"生产安全事故报告和调查处理条例第三十六条第{'一二三四五六'[item - 1]}项"
    )
    assert value.criminal_referral
    assert Measure.PUBLIC_SECURITY_PENALTY in [m.measure for m in value.measures]
    assert not any("第一百一十四条" in a for a in result.articles)  # no accident-range pointer


def test_article36_items_quote_the_regulation():
    """条例第三十六条 「(一)谎报或者瞒报事故的」 … 「(六)事故发生后逃匿的」: the summaries are the items."""
    text = sources.read("law", "生产安全事故报告和调查处理条例(2007-04-09).md")
    for item in range(1, 7):
        act = VIOLATIONS[f"RIR-36-{item}"].summary.removeprefix("事故发生单位及其有关人员")
        assert f"{act}的" in text


def test_article36_principal_concealment_also_under_the_law():
    """「(一)谎报或者瞒报事故的」 and 「(六)事故发生后逃匿的」 are 安全生产法第一百一十条 acts of the
    主要负责人 as well: the same range, and one fine (行政处罚法第二十九条 「对当事人的同一个违法行为，
    不得给予两次以上罚款的行政处罚。」)."""
    for code in ("RIR-36-1", "RIR-36-6"):
        assert any("第一百一十条" in r for r in fine_range(code).reasons)
    assert not any("第一百一十条" in r for r in fine_range("RIR-36-2").reasons)


def test_regulation_fines_work_with_discretion():
    """行政处罚法第三十四条: 「行政机关可以依法制定行政处罚裁量基准，规范行使行政处罚裁量权。」 The 裁量 works on 条例 ranges like on the law's:
    100万–500万 split into thirds, suggestions round."""
    result = suggest_fine("RIR-36-4", Facts())
    assert result.value.band(E)[0] > 1_000_000
    assert result.value.suggested(E) % 1_000 == 0
