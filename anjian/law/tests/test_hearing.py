"""行政处罚法第六十三条 hearing right: the grounds, and "undecided" without a local standard."""

import pytest

from anjian.law import DEFAULT_HEARING_THRESHOLDS, HearingThresholds, Measure, hearing_right

ITEM_2 = "行政处罚法第六十三条第一款第二项"
LOCAL = HearingThresholds(
    individual_yuan=10_000,
    organisation_yuan=30_000,
    source="某省行政处罚听证程序规定（示例）",
    confiscation_yuan=50_000,
)


def test_confiscation_undecided_without_a_standard():
    """第六十三条第一款: 「行政机关拟作出下列行政处罚决定，应当告知当事人有要求听证的权利」
    「（二）没收较大数额违法所得、没收较大价值非法财物」. The default standard sets no amount for
    confiscations: the answer is undecided (None), never a guessed yes or no."""
    result = hearing_right(individual=False, confiscation_yuan=1)
    assert result.value is None
    assert ITEM_2 in result.articles
    assert any("请加载本省" in r for r in result.reasons)
    big = hearing_right(individual=False, confiscation_yuan=10_000_000)
    assert big.value is None  # not a guessed "yes" either
    assert DEFAULT_HEARING_THRESHOLDS.confiscation_yuan is None
    assert hearing_right(individual=True, property_value_yuan=5_000).value is None


def test_confiscation_decided_with_the_provinces_standard():
    """「（二）没收较大数额违法所得、没收较大价值非法财物」 with a loaded amount ("以上" inclusive)."""
    assert hearing_right(individual=False, confiscation_yuan=50_000, thresholds=LOCAL).value
    below = hearing_right(individual=False, confiscation_yuan=49_999, thresholds=LOCAL)
    assert below.value is False and "某省" in " ".join(below.reasons)
    assert hearing_right(individual=True, property_value_yuan=50_000, thresholds=LOCAL).value
    separate = HearingThresholds.from_dict(
        {"individual_yuan": 1, "organisation_yuan": 2, "source": "x", "confiscation_yuan": 10,
         "property_yuan": "100"}
    )  # fmt: skip
    assert (
        hearing_right(individual=True, property_value_yuan=99, thresholds=separate).value is False
    )
    assert hearing_right(individual=True, confiscation_yuan=10, thresholds=separate).value


def test_fine_undecided_without_any_standard():
    """「（一）较大数额罚款」: with no standard at all (``thresholds=None``) the answer is None."""
    result = hearing_right(individual=True, fine_yuan=100, thresholds=None)
    assert result.value is None
    assert any("请加载本省" in r for r in result.reasons)
    assert hearing_right(individual=True, thresholds=None).value is False  # nothing open


def test_another_ground_decides_even_with_an_open_question():
    """「（四）责令停产停业、责令关闭、限制从业」 gives the right whatever the confiscation amount."""
    result = hearing_right(
        individual=False, confiscation_yuan=1_000, measures=[Measure.SUSPEND_FOR_RECTIFICATION]
    )
    assert result.value is True
    fine = hearing_right(individual=False, fine_yuan=30_000, confiscation_yuan=1_000)
    assert fine.value is True  # the default fine standard is met


@pytest.mark.parametrize(
    ("measure", "item"),
    [(Measure.REVOKE_LICENCES, 3), (Measure.SUSPEND_OR_REVOKE_QUALIFICATION, 3),
     (Measure.CLOSURE, 4), (Measure.BAN_5_YEARS, 4), (Measure.LIFETIME_BAN, 4)],
)  # fmt: skip
def test_measures_giving_the_right(measure, item):
    """「（三）降低资质等级、吊销许可证件」 「（四）责令停产停业、责令关闭、限制从业」."""
    result = hearing_right(individual=False, measures=[measure])
    assert result.value is True
    assert f"行政处罚法第六十三条第一款第{'三四'[item - 3]}项" in result.articles


def test_other_serious_penalty_and_other_rules():
    """「（五）其他较重的行政处罚」 「（六）法律、法规、规章规定的其他情形」 「当事人不承担行政机关组织听证
    的费用。」"""
    serious = hearing_right(individual=False, other_serious=True)
    assert serious.value is True and "行政处罚法第六十三条第一款第五项" in serious.articles
    assert "行政处罚法第六十三条第二款" in serious.articles
    rule = hearing_right(individual=False, other_rule="某省规章")
    assert rule.value is True and "行政处罚法第六十三条第一款第六项" in rule.articles
    with pytest.raises(ValueError):
        hearing_right(individual=False, fine_yuan=-1)


def test_bad_confiscation_amounts_in_a_standard():
    """「（二）没收较大数额违法所得、没收较大价值非法财物」: a loaded amount is a positive number."""
    with pytest.raises(ValueError, match="confiscation_yuan"):
        HearingThresholds.from_dict(
            {"individual_yuan": 1, "organisation_yuan": 2, "source": "x", "confiscation_yuan": 0}
        )
