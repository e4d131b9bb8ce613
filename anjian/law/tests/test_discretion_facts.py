"""Discretion from facts (行政处罚法第三十二条、第三十三条), 减轻 and round suggestions."""

from datetime import date
from decimal import Decimal

import pytest

from anjian.law import (
    VIOLATIONS,
    AccidentGrade,
    DiscretionStandard,
    Facts,
    Harm,
    Mitigation,
    Party,
    Tier,
    fine_range,
    round_to_step,
    suggest_fine,
)

E, P = Party.ENTERPRISE, Party.RESPONSIBLE_PERSONS


def test_article32_reduced_harm_is_lenient():
    """行政处罚法第三十二条: 「当事人有下列情形之一，应当从轻或者减轻行政处罚：」
    「（一）主动消除或者减轻违法行为危害后果的」."""
    result = suggest_fine("SPL-97-1", Facts(first_offence=False, reduced_harm=True))
    assert result.value.tier is Tier.LENIENT
    assert result.value.mitigation_below_minimum
    assert result.value.mitigation_grounds == ("行政处罚法第三十二条第一项",)
    assert any("主动消除或者减轻违法行为危害后果" in r for r in result.reasons)


def test_article32_coerced_prevails_over_aggravating_facts():
    """「（二）受他人胁迫或者诱骗实施违法行为的」: 应当从轻, whatever the aggravating facts."""
    result = suggest_fine(
        "SPL-98-1", Facts(first_offence=False, coerced=True, serious=True, repeat_offence=True)
    )
    assert result.value.tier is Tier.LENIENT
    assert "行政处罚法第三十二条第二项" in result.articles
    assert any("从重情节不改变" in r for r in result.reasons)
    same = suggest_fine("SPL-98-1", Facts(mitigations=frozenset({Mitigation.COERCED})))
    assert same.value.band(E) == result.value.band(E)


def test_repeat_offence_from_prior_penalty_dates():
    """行政处罚法第三十四条: 「行政机关可以依法制定行政处罚裁量基准，规范行使行政处罚裁量权。」 再次违法 / 多次违法 within the standard's period
    (365 days by default), derived from the dates of earlier penalties; an old penalty does not
    count."""
    decided = date(2025, 6, 1)
    once = suggest_fine(
        "SPL-97-1",
        Facts(first_offence=False, prior_penalty_dates=(date(2025, 1, 10),), decided_on=decided),
    )
    assert once.value.tier is Tier.SEVERE
    assert any(r.startswith("再次违法") for r in once.reasons)
    twice = suggest_fine(
        "SPL-97-1",
        Facts(
            first_offence=False,
            prior_penalty_dates=(date(2024, 12, 1), date(2025, 3, 1)),
            decided_on=decided,
        ),
    )
    assert any(r.startswith("多次违法") and "2次" in r for r in twice.reasons)
    old = suggest_fine(
        "SPL-97-1",
        Facts(first_offence=False, prior_penalty_dates=(date(2024, 5, 1),), decided_on=decided),
    )
    assert old.value.tier is Tier.NORMAL
    assert any("不属于再次违法" in r for r in old.reasons)
    undated = suggest_fine(
        "SPL-97-1", Facts(first_offence=False, prior_penalty_dates=(date(2025, 1, 10),))
    )
    assert undated.value.tier is Tier.NORMAL
    assert any("未给出本次决定日期" in r for r in undated.reasons)


def test_first_offence_reported_per_fact():
    """行政处罚法第三十三条第一款 「初次违法且危害后果轻微并及时改正的，可以不予行政处罚。」 Each fact has
    its reason: first offence without correction is no lenient factor; a second offence is named;
    逾期未改正 is not counted twice."""
    uncorrected = suggest_fine("SPL-97-1", Facts())
    assert any("初次违法，但未及时改正" in r for r in uncorrected.reasons)
    second = suggest_fine("SPL-97-1", Facts(first_offence=False, overdue=True))
    assert any(r == "非初次违法" for r in second.reasons)
    assert any("不再作为从重情节重复评价" in r for r in second.reasons)


def test_article33_first_violation_slight_harm_corrected():
    """行政处罚法第三十三条第一款: 「初次违法且危害后果轻微并及时改正的，可以不予行政处罚。」 Harm not
    established: the rule is not applied, and the reason says why."""
    slight = suggest_fine("SPL-99-1", Facts(corrected=True, harm=Harm.SLIGHT))
    assert slight.value.tier is Tier.NO_PENALTY and slight.value.discretionary
    unknown = suggest_fine("SPL-99-1", Facts(corrected=True))
    assert unknown.value.tier is Tier.LENIENT
    assert any("危害后果是否轻微未查明" in r for r in unknown.reasons)
    overdue = suggest_fine("SPL-99-1", Facts(corrected=True, overdue=True, harm=Harm.SLIGHT))
    assert overdue.value.tier is not Tier.NO_PENALTY


def test_accident_as_an_element_is_not_aggravating():
    """安全生产法第一百一十条 「生产经营单位的主要负责人在本单位发生生产安全事故时，不立即组织抢救」:
    an act that presupposes an accident is not aggravated by that accident; a violation that caused
    one is (安全生产法第九十九条)."""
    spl110 = suggest_fine("SPL-110-P1", Facts(caused_accident=True, last_year_income=100_000))
    assert spl110.value.tier is Tier.NORMAL
    rir = suggest_fine("RIR-36-2", Facts(caused_accident=True))
    assert rir.value.tier is Tier.NORMAL
    assert suggest_fine("SPL-99-2", Facts(caused_accident=True)).value.tier is Tier.SEVERE


def test_mitigation_below_the_minimum_with_its_ground():
    """第三十二条 「应当从轻或者减轻行政处罚」: 减轻 goes below 「处十万元以上五十万元以下的罚款」's
    minimum (安全生产法第九十八条), only with the ground, cited."""
    result = suggest_fine("SPL-98-1", Facts(coerced=True, reduce_below_minimum=True))
    assert result.value.tier is Tier.MITIGATED
    low, high = result.value.band(E)
    assert low == 0 and high == 99_999
    assert result.value.suggested(E) == 50_000
    assert result.value.band(P) == (0, 19_999)
    assert "行政处罚法第三十二条第二项" in result.articles
    assert any("减轻处罚" in r and "第三十二条第二项" in r for r in result.reasons)


def test_mitigation_without_a_ground_is_refused():
    """第三十二条 「当事人有下列情形之一，应当从轻或者减轻行政处罚：」 — without one of them there is
    no 减轻: the tier stays inside the range."""
    result = suggest_fine("SPL-98-1", Facts(reduce_below_minimum=True))
    assert result.value.tier is Tier.NORMAL
    assert result.value.band(E)[0] >= 100_000
    assert any("不得低于法定最低罚款额减轻处罚" in r for r in result.reasons)


def test_mitigation_where_the_range_has_no_minimum():
    """第九十九条 「处五万元以下的罚款」 has no minimum to go below: 从轻."""
    result = suggest_fine("SPL-99-1", Facts(coerced=True, reduce_below_minimum=True))
    assert result.value.tier is Tier.LENIENT
    assert any("无低于最低额减轻的余地" in r for r in result.reasons)


def test_mitigated_floor_from_a_published_standard():
    """行政处罚法第三十四条: 「行政机关可以依法制定行政处罚裁量基准，规范行使行政处罚裁量权。」 A published standard may set how far 减轻
    goes (``mitigated_floor``)."""
    standard = DiscretionStandard.from_dict({"source": "某局裁量基准", "mitigated_floor": "1/2"})
    result = suggest_fine("SPL-98-1", Facts(coerced=True, reduce_below_minimum=True), standard)
    assert result.value.band(E) == (50_000, 99_999)
    assert result.value.suggested(E) == 75_000


def test_round_suggestions_default_steps():
    """Suggestions are round: 1,000 yuan where the statutory maximum is above 10,000 yuan
    (formerly 49,900 and 24,900), 100 yuan otherwise (安全生产法第一百零三条第二款 persons:
    「一万元以下」)."""
    assert suggest_fine("SPL-97-1").value.suggested(E) == 50_000
    assert suggest_fine("SPL-99-1").value.suggested(E) == 25_000
    lenient = suggest_fine("SPL-103-P2", Facts(corrected=True))
    assert lenient.value.band(P) == (0, 3_333)
    assert lenient.value.suggested(P) == 1_700
    assert any("按1,000元取整" in r for r in lenient.reasons)
    assert any("按100元取整" in r for r in lenient.reasons)


def test_round_suggestions_for_income_shares():
    """Income-based ranges (安全生产法第一百一十条: 「上一年年收入百分之六十至百分之一百」) round too."""
    result = suggest_fine("SPL-110-P1", Facts(last_year_income=123_457))
    low, high = result.value.band(Party.PRINCIPAL)
    suggested = result.value.suggested(Party.PRINCIPAL)
    assert suggested == Decimal("99000.00") and low <= suggested <= high


def test_step_from_a_published_standard():
    """行政处罚法第三十四条: 「行政机关可以依法制定行政处罚裁量基准，规范行使行政处罚裁量权。」 A published standard sets its rounding step."""
    standard = DiscretionStandard.from_dict({"source": "某局裁量基准", "step": 5_000})
    assert suggest_fine("SPL-97-1", Facts(), standard).value.suggested(E) == 50_000
    assert suggest_fine("SPL-99-1", Facts(), standard).value.suggested(E) == 25_000
    result = suggest_fine("SPL-97-1", Facts(corrected=True), standard)
    assert result.value.suggested(E) == 15_000  # 16,666.5 → nearest multiple of 5,000
    with pytest.raises(ValueError):
        DiscretionStandard(step=0)
    with pytest.raises(ValueError):
        DiscretionStandard(mitigated_floor=1)


def test_rounding_stays_inside_the_band():
    """行政处罚法第三十四条: 「行政机关可以依法制定行政处罚裁量基准，规范行使行政处罚裁量权。」 Rounding never leaves the band, and never
    suggests a fine of 0."""
    assert round_to_step(150, 101, 199, 1_000) == 150  # no multiple of 1,000 or 100: 10
    assert round_to_step(20, 0, 40, 100) == 20  # never 0 for a fine
    assert round_to_step(Decimal("0.5"), Decimal("0.10"), Decimal("0.90"), 100) == Decimal("0.50")
    assert round_to_step(0, 0, 0, 100) == 0


FACTS = [
    Facts(),
    Facts(corrected=True),
    Facts(first_offence=False, repeat_offence=True, serious=True),
    Facts(first_offence=False, overdue=True, repeat_offence=True),
    Facts(coerced=True),
    Facts(coerced=True, reduce_below_minimum=True),
    Facts(caused_accident=True, accident_grade=AccidentGrade.MAJOR, especially_serious=True),
]


@pytest.mark.parametrize("code", sorted(VIOLATIONS))
def test_never_above_the_statutory_maximum_and_suggestions_round(code):
    """行政处罚法第三十二条 「应当从轻或者减轻行政处罚」 allows less, never a fine above the statutory
    maximum: for every violation and these facts, each band and suggestion stays within the
    statutory range (below the minimum only as 减轻), and suggestions are multiples of 100 yuan."""
    for facts in FACTS:
        facts = Facts(**{**facts.__dict__, "last_year_income": 250_000, "illegal_gains": 0})
        try:
            result = suggest_fine(code, facts)
        except ValueError:  # the code needs an accident grade
            continue
        statutory = {band.party: band for band in fine_range(
            code, overdue=facts.overdue, accident_grade=facts.accident_grade,
            caused_accident=facts.caused_accident, last_year_income=250_000, illegal_gains=0,
            especially_serious=facts.especially_serious, serious=facts.serious,
        ).value.fines}  # fmt: skip
        for band in result.value.bands:
            legal = statutory[band.party]
            assert band.max_yuan <= legal.max_yuan, (code, facts)
            if result.value.tier is not Tier.MITIGATED:
                assert band.min_yuan >= legal.min_yuan, (code, facts)
            assert band.min_yuan <= band.suggested_yuan <= band.max_yuan, (code, facts)
            if band.max_yuan - band.min_yuan >= 100:
                assert band.suggested_yuan % 100 == 0, (code, facts, band)
