"""安全生产法第九十条–第一百一十四条 data and fine_range()."""

import re
from pathlib import Path

import pytest

from anjian import sources
from anjian.law import VIOLATIONS, AccidentGrade, Measure, Party, Stage, fine_range
from anjian.law._cn import REGULATION, SPL, cn_number

PACKAGE = Path(__file__).resolve().parents[1]
E, P = Party.ENTERPRISE, Party.RESPONSIBLE_PERSONS


def test_law_package_is_plain_python_without_web_framework():
    """The law package is plain Python: the web framework's name appears nowhere in it."""
    word = "dj" + "ango"  # spelled apart so this file can be scanned too
    offenders = [
        str(path) for path in PACKAGE.rglob("*.py") if word in path.read_text("utf-8").lower()
    ]
    assert offenders == []


FILES = {
    SPL: "安全生产法(2021-06-10).md",
    REGULATION: "生产安全事故报告和调查处理条例(2007-04-09).md",
}


def test_every_article_number_appears_in_statute_text():
    for law, name in FILES.items():
        text = sources.read("law", name)
        articles = set(re.findall(r"^(第[一二三四五六七八九十百零]+条)", text, re.MULTILINE))
        for violation in VIOLATIONS.values():
            if violation.law == law:
                assert f"第{cn_number(violation.article)}条" in articles, violation.code
    assert {v.law for v in VIOLATIONS.values()} == set(FILES)


def test_every_article_90_to_114_is_covered():
    spl = {v.article for v in VIOLATIONS.values() if v.law == SPL}
    assert spl == set(range(90, 115))
    assert {v.article for v in VIOLATIONS.values() if v.law == REGULATION} == {35, 36}


def test_codes_are_unique_and_well_formed():
    for code, violation in VIOLATIONS.items():
        assert code == violation.code
        prefix = "SPL" if violation.law == SPL else "RIR"
        assert re.fullmatch(r"(SPL|RIR)-\d{2,3}(-P\d)?(-(\d|S2))?(-LATE)?", code), code
        assert code.startswith(f"{prefix}-{violation.article}")
        if violation.item:
            assert code.removesuffix("-LATE") == f"{prefix}-{violation.article}-{violation.item}"
        assert violation.summary
        assert not violation.superseded_by or VIOLATIONS[violation.superseded_by].law == SPL


def test_item_counts_match_statute():
    counts = {a: sum(1 for v in VIOLATIONS.values() if v.article == a and v.item) for a in
              (90, 97, 98, 99, 101, 105, 113)}  # fmt: skip
    assert counts == {90: 4, 97: 7, 98: 4, 99: 8, 101: 5, 105: 2, 113: 4}


def test_article97_first_offence_enterprise_at_most_100k():
    """第九十七条: 责令限期改正，处十万元以下的罚款 (no minimum, no personal fine)."""
    result = fine_range("SPL-97-2")
    assert result.value.band(E) == (0, 100_000)
    assert result.value.get(P) is None
    assert result.articles[0] == "安全生产法第九十七条第二项"
    assert Measure.ORDER_RECTIFY_BY_DEADLINE in [m.measure for m in result.value.measures]


def test_article97_overdue_escalation():
    """第九十七条: 逾期未改正 → 停产停业整顿, 10–20万 and persons 2–5万."""
    result = fine_range("SPL-97-5", overdue=True)
    assert result.value.stage is Stage.OVERDUE
    assert result.value.band(E) == (100_000, 200_000)
    assert result.value.band(P) == (20_000, 50_000)
    assert Measure.SUSPEND_FOR_RECTIFICATION in [m.measure for m in result.value.measures]


def test_article98_construction_projects():
    base = fine_range("SPL-98-4").value
    assert base.band(E) == (100_000, 500_000) and base.band(P) == (20_000, 50_000)
    overdue = fine_range("SPL-98-4", overdue=True).value
    assert overdue.band(E) == (500_000, 1_000_000) and overdue.band(P) == (50_000, 100_000)
    assert base.criminal_referral


def test_article99_persons_only_when_overdue_and_serious_suspension():
    base = fine_range("SPL-99-8").value
    assert base.band(E) == (0, 50_000) and base.get(P) is None
    overdue = fine_range("SPL-99-8", overdue=True, serious=True).value
    assert overdue.band(E) == (50_000, 200_000) and overdue.band(P) == (10_000, 20_000)
    assert Measure.SUSPEND_FOR_RECTIFICATION in [m.measure for m in overdue.measures]


def test_article101_same_pattern_as_97_with_criminal_referral():
    result = fine_range("SPL-101-2", overdue=True).value
    assert result.band(E) == (100_000, 200_000) and result.band(P) == (20_000, 50_000)
    assert result.criminal_referral and not fine_range("SPL-97-1").value.criminal_referral


def test_article102_refusal_fines_persons_only():
    """第一百零二条: 五万元以下; 拒不执行 → 停产停业整顿 and persons 5–10万."""
    assert fine_range("SPL-102").value.band(E) == (0, 50_000)
    refused = fine_range("SPL-102", overdue=True)
    assert refused.value.get(E) is None
    assert refused.value.band(P) == (50_000, 100_000)
    assert any("拒不执行" in r for r in refused.reasons)


@pytest.mark.parametrize("code", ["SPL-103-P1", "SPL-103-P3-S2", "SPL-92-P2"])
def test_gains_multiple_articles(code):
    """违法所得十万元以上 → 2–5倍; otherwise 单处或者并处 10–20万."""
    party = Party.AGENCY if code.startswith("SPL-92") else E
    high = fine_range(code, illegal_gains=100_000).value.get(party)
    assert high.bounds == (200_000, 500_000)
    low = fine_range(code, illegal_gains=99_999).value.get(party)
    assert low.bounds == (100_000, 200_000) and low.optional
    none = fine_range(code)
    assert none.value.get(party).bounds == (100_000, 200_000)
    assert any("按没有违法所得处理" in r for r in none.reasons)


def test_article103_persons_ranges():
    assert fine_range("SPL-103-P1").value.band(P) == (10_000, 20_000)
    assert fine_range("SPL-103-P2").value.band(P) == (0, 10_000)
    assert fine_range("SPL-103-P3").value.band(E) == (0, 100_000)
    assert fine_range("SPL-103-P3").value.band(P) == (0, 20_000)
    assert fine_range("SPL-103-P3-S2").value.band(P) == (50_000, 100_000)
    assert fine_range("SPL-103-P3").articles[0] == "安全生产法第一百零三条第三款"


def test_article104_overdue_is_suspension_not_rectification():
    measures = [m.measure for m in fine_range("SPL-104", overdue=True).value.measures]
    assert Measure.SUSPEND in measures and Measure.SUSPEND_FOR_RECTIFICATION not in measures


def test_article106_fines_principal_and_investor_only():
    value = fine_range("SPL-106").value
    assert value.get(E) is None
    assert value.band(Party.PRINCIPAL) == (20_000, 100_000)
    assert value.band(Party.SOLE_INVESTOR) == (20_000, 100_000)


def test_article108_fine_only_after_refusal():
    assert fine_range("SPL-108").value.fines == ()
    refused = fine_range("SPL-108", overdue=True).value
    assert refused.band(E) == (20_000, 200_000) and refused.band(P) == (10_000, 20_000)


def test_article109_insurance():
    assert fine_range("SPL-109").value.band(E) == (50_000, 100_000)
    assert fine_range("SPL-109", overdue=True).value.band(E) == (100_000, 200_000)


def test_article94_principal_fines_and_accident_ban():
    assert fine_range("SPL-94-P1").value.band(Party.PRINCIPAL) == (20_000, 50_000)
    assert fine_range("SPL-94-P1", overdue=True).value.band(Party.PRINCIPAL) == (50_000, 100_000)
    general = fine_range("SPL-94-P2", accident_grade=AccidentGrade.GENERAL)
    assert [m.measure for m in general.value.measures] == [Measure.DISMISSAL, Measure.BAN_5_YEARS]
    major = fine_range("SPL-94-P2", accident_grade=AccidentGrade.MAJOR)
    assert Measure.LIFETIME_BAN in [m.measure for m in major.value.measures]
    assert "安全生产法第九十四条第三款" in major.articles


def test_article92_agency_false_report():
    value = fine_range("SPL-92-P1").value
    assert value.band(Party.AGENCY) == (30_000, 100_000)
    assert Measure.AGENCY_SUSPENSION in [m.measure for m in value.measures]


def test_article96_manager_base_fine():
    assert fine_range("SPL-96").value.band(Party.OTHER_MANAGERS) == (10_000, 30_000)


def test_articles_without_fines():
    for code in ("SPL-90-1", "SPL-90-P2", "SPL-91", "SPL-93-P1", "SPL-100", "SPL-107", "SPL-111"):
        assert fine_range(code).value.fines == (), code


def test_article93_accident_investor_fine():
    value = fine_range("SPL-93-P2").value
    assert value.band(Party.SOLE_INVESTOR) == (20_000, 200_000)
    assert Measure.DISMISSAL in [m.measure for m in value.measures]


def test_accident_without_own_rule_points_to_114_and_95():
    result = fine_range("SPL-97-1", caused_accident=True)
    assert result.value.stage is Stage.BASE
    assert "安全生产法第一百一十四条" in result.articles


def test_unknown_code():
    with pytest.raises(KeyError):
        fine_range("SPL-999")
