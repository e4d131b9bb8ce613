"""The 行政处罚决定书 names the case's 集体讨论 (行政处罚法第五十七条第二款): date and conclusion."""

from datetime import date

from anjian.enforcement import documents
from anjian.enforcement import services as enf
from anjian.lawreview import services

from .test_review import noticed


def _decision_text(case) -> str:
    doc = case.documents.get(kind="penalty_decision")
    return documents.content(doc).text()


def test_decision_document_names_the_collective_discussion(world):
    case = noticed(world)
    held = date.today()
    services.record_discussion(
        world.inspector, case, held_on=held, participants=[world.leader],
        opinions="违法事实清楚，一致同意", conclusion="同意按拟处罚意见作出处罚",
    )  # fmt: skip
    case = enf.approve_decision(world.leader, case, approve=True)
    text = _decision_text(case)
    assert f"{held.year}年{held.month}月{held.day}日集体讨论决定" in text
    assert "结论：同意按拟处罚意见作出处罚" in text


def test_decision_without_discussion_names_none(world):
    case = enf.approve_decision(world.leader, noticed(world), approve=True)
    assert "集体讨论" not in _decision_text(case)
