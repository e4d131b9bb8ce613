"""Automatic 案卷评查: every check with a file that passes it and one that fails it; 结案 refused
while a blocking defect remains; the case page and the monthly score per department."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from anjian.enforcement import services
from anjian.enforcement.models import Case, CaseParty, Document
from anjian.enforcement.review import FULL_SCORE, month_score, review_case
from anjian.inspections.models import Inspection

from .conftest import make_finding


def complete_case(world, *, two_officers=True, on=None) -> Case:
    """A general-procedure case whose file is complete: signed source record of a two-officer
    team, evidence, facts, fine at the engine's suggestion, told, waived, decided, served, paid."""
    on = on or timezone.localdate()
    finding = make_finding(world, partners=[world.leader] if two_officers else [])
    case = services.propose_case(
        world.inspector, enterprise=world.chem, title="未按规定开展安全生产教育培训案",
        facts="经查，该公司2名新入职操作工未经安全生产教育和培训即上岗作业。",
        findings=[finding], persons=[{"name": "张三", "position": "主要负责人"}], on=on,
    )  # fmt: skip
    case = services.approve_filing(world.leader, case, approve=True, on=on)
    case = services.start_investigation(
        world.inspector, case, evidence="询问笔录2份、培训档案复印件", on=on
    )
    rows = [
        {"id": p.pk, "fine": p.suggested_fine if p.kind == "enterprise" else 0}
        for p in case.parties.all()
    ]
    case = services.propose_decision(world.inspector, case, parties=rows, facts={})
    case = services.issue_notice(world.inspector, case, on=on, hearing=False)
    case = services.record_statement(world.inspector, case, statement="", waived=True)
    case = services.approve_decision(world.leader, case, approve=True, decided_on=on)
    case = services.serve(world.inspector, case, served_on=on, method="直接送达")
    for p in case.parties.all():
        if p.fine:
            services.record_payment(world.inspector, p, amount=p.fine, paid_on=on)
    return Case.objects.get(pk=case.pk)


def found(case, check):
    return [d for d in review_case(Case.objects.get(pk=case.pk)).defects if d.check == check]


@pytest.fixture
def case(world):
    return complete_case(world)


def test_a_complete_file_scores_full_marks(case):
    review = review_case(case)
    assert review.defects == []
    assert review.score == FULL_SCORE == 100


# ------------------------------------------------------------------------------ 主体合法


def test_issuer_outside_its_sectors_is_not_competent(world, case):
    assert not found(case, "issuer_competent")
    world.yjj.sectors.remove(*world.chem.sectors.all(), world.chem.primary_sector)
    defects = found(case, "issuer_competent")
    assert defects and defects[0].blocking and defects[0].label == "主体合法"
    assert "行政处罚法第十七条" in defects[0].message


def test_issuer_outside_its_territory_is_not_competent(world, case):
    Case.objects.filter(pk=case.pk).update(department=world.yjj)
    world.yjj.region = world.other_county
    world.yjj.save()
    defects = found(case, "issuer_competent")
    assert any("第二十二条" in d.message for d in defects)


def test_inspector_without_a_valid_certificate_on_the_day(world, case):
    assert not found(case, "inspectors_certified")
    world.inspector.cert_expiry = case.filed_on - timedelta(days=1)
    world.inspector.save()
    defects = found(case, "inspectors_certified")
    assert defects and all(d.blocking for d in defects)
    assert world.inspector.display_name in defects[0].message
    assert "行政处罚法第四十二条" in defects[0].message


def test_one_officer_takes_points_but_does_not_block(world):
    two = complete_case(world)
    assert not found(two, "two_officers")
    # the leader approved filing and decision but did not inspect or handle: one officer
    one = complete_case(world, two_officers=False)
    defects = found(one, "two_officers")
    assert defects and not defects[0].blocking and "不得少于两人" in defects[0].message


# ---------------------------------------------------------------------- 事实清楚、证据确凿


def test_unsigned_source_record_blocks(case):
    assert not found(case, "sources_signed")
    Inspection.objects.filter(pk=case.inspection_id).update(status="draft")
    defects = found(case, "sources_signed")
    assert defects and defects[0].blocking and "签名" in defects[0].message


def test_case_without_any_source_record(case):
    case.findings.clear()
    defects = found(case, "sources_signed")
    assert defects and "第四十条" in defects[0].message


def test_missing_evidence_and_facts(case):
    assert not found(case, "evidence")
    Case.objects.filter(pk=case.pk).update(evidence="")
    assert [d.points for d in found(case, "evidence")] == [10]
    Case.objects.filter(pk=case.pk).update(facts="")
    assert sorted(d.points for d in found(case, "evidence")) == [5, 10]


# -------------------------------------------------------------------------- 适用法律正确


def test_penalty_article_inconsistent_with_the_violation(case):
    assert not found(case, "articles")
    CaseParty.objects.filter(case=case, kind="enterprise").update(article="安全生产法第九十九条")
    defects = found(case, "articles")
    assert defects and "第九十七条第三项" in defects[0].message and defects[0].blocking


def test_violation_other_than_the_one_recorded_on_site(case):
    CaseParty.objects.filter(case=case).update(
        violation_code="SPL-97-5", article="安全生产法第九十七条第五项"
    )
    defects = found(case, "articles")
    assert defects and "不是现场检查记录认定的违法行为" in defects[0].message


# ----------------------------------------------------------------------------- 程序合法


def test_decision_after_the_time_limit(case):
    assert not found(case, "decision_period")
    Case.objects.filter(pk=case.pk).update(filed_on=case.decided_on - timedelta(days=120))
    defects = found(case, "decision_period")
    assert defects and not defects[0].blocking and "第六十条" in defects[0].message


def test_decision_without_notice(case):
    assert not found(case, "rights_told")
    Case.objects.filter(pk=case.pk).update(notice_on=None)
    defects = found(case, "rights_told")
    assert defects and defects[0].blocking and "第四十四条" in defects[0].message


def test_decision_before_the_statement_period_ran(case):
    # 行政处罚法第六十二条: no waiver, no statement → three working days after the notice
    Case.objects.filter(pk=case.pk).update(rights_waived=False, statement="")
    defects = found(case, "rights_told")
    assert defects and defects[0].blocking and "第六十二条" in defects[0].message


def test_hearing_requested_but_not_held(case):
    assert not found(case, "hearing")
    Case.objects.filter(pk=case.pk).update(
        hearing_right=True, hearing_requested=True, rights_waived=False
    )
    defects = found(case, "hearing")
    assert defects and defects[0].blocking and "第六十五条" in defects[0].message


def test_hearing_held_after_the_decision_and_notified_late(case):
    Case.objects.filter(pk=case.pk).update(
        hearing_right=True, hearing_requested=True, rights_waived=False,
        hearing_on=case.decided_on + timedelta(days=1),
    )  # fmt: skip
    messages = [d.message for d in found(case, "hearing")]
    assert any("早于听证" in m for m in messages)
    assert any("七个工作日前" in m for m in messages)  # notice and hearing one day apart


def test_hearing_held_in_time_passes(case):
    hearing_on = case.notice_on + timedelta(days=14)
    Case.objects.filter(pk=case.pk).update(
        hearing_right=True, hearing_requested=True, rights_waived=False, hearing_on=hearing_on,
        decided_on=hearing_on,
    )  # fmt: skip
    assert not found(case, "hearing")


def test_service_later_than_seven_working_days(case):
    assert not found(case, "service_period")
    Case.objects.filter(pk=case.pk).update(served_on=case.decided_on + timedelta(days=20))
    defects = found(case, "service_period")
    assert defects and not defects[0].blocking and "第六十一条" in defects[0].message


# ----------------------------------------------------------------------------- 裁量适当


def test_tier_and_facts_not_recorded(case):
    assert not found(case, "tier_reasons")
    Case.objects.filter(pk=case.pk).update(discretion_facts={})
    assert [d.points for d in found(case, "tier_reasons")] == [5]
    CaseParty.objects.filter(case=case, kind="enterprise").update(tier="", engine_reasons=[])
    assert [d.points for d in found(case, "tier_reasons")] == [5, 5]


def test_fine_above_the_statutory_maximum_blocks(case):
    assert not found(case, "fine")
    # 安全生产法第九十七条: 十万元以下
    CaseParty.objects.filter(case=case, kind="enterprise").update(fine=300000)
    defects = found(case, "fine")
    assert defects and defects[0].blocking and "超过法定最高罚款额" in defects[0].message


def test_fine_outside_the_suggested_tier_without_reason(case):
    CaseParty.objects.filter(case=case, kind="enterprise").update(fine=95000)
    defects = found(case, "fine")
    assert defects and defects[0].points == 3 and not defects[0].blocking
    assert "偏离" in defects[0].message
    Case.objects.filter(pk=case.pk).update(decision_note="当事人拒不配合调查，从重处罚")
    assert not found(case, "fine")


# ----------------------------------------------------------------------------- 文书规范


def test_missing_document(case):
    assert not found(case, "documents_present")
    Document.objects.filter(case=case, kind="penalty_notice").update(case=None)
    defects = found(case, "documents_present")
    assert defects and "行政处罚告知书" in defects[0].message


def test_document_wrongly_numbered_or_without_files(case):
    assert not found(case, "documents_numbered")
    doc = Document.objects.get(case=case, kind="penalty_decision")
    Document.objects.filter(pk=doc.pk).update(number="手写001号")
    assert any("手写001号" in d.message for d in found(case, "documents_numbered"))
    Document.objects.filter(pk=doc.pk).update(number=doc.number, pdf="")
    assert any("没有生成的文书文件" in d.message for d in found(case, "documents_numbered"))


def test_decision_not_approved_by_the_leader(world, case):
    assert not found(case, "documents_signed")
    Case.objects.filter(pk=case.pk).update(decision_approved_by=world.inspector)
    defects = found(case, "documents_signed")
    assert defects and "第五十七条" in defects[0].message
    Document.objects.filter(case=case, kind="penalty_notice").update(issued_by=world.builder)
    assert any("非本部门人员" in d.message for d in found(case, "documents_signed"))


def test_decision_not_served(case):
    assert not found(case, "documents_served")
    Case.objects.filter(pk=case.pk).update(served_on=None)
    defects = found(case, "documents_served")
    assert defects and defects[0].blocking and "未送达" in defects[0].message


# ------------------------------------------------------------------- score, 结案, pages


def test_score_deducts_each_defect_capped_per_criterion(case):
    Case.objects.filter(pk=case.pk).update(evidence="", facts="", discretion_facts={})
    Inspection.objects.filter(pk=case.inspection_id).update(status="draft")
    review = review_case(Case.objects.get(pk=case.pk))
    by = {c.code: c for c in review.criteria()}
    assert by["facts"].deducted == 20  # 10 + 5 + 10, capped at the weight 20
    assert by["discretion"].deducted == 5
    assert review.score == 100 - 20 - 5


def test_close_refused_while_a_blocking_defect_remains(world, case):
    Inspection.objects.filter(pk=case.inspection_id).update(status="draft")
    with pytest.raises(ValidationError) as exc:
        services.close_case(world.leader, Case.objects.get(pk=case.pk))
    message = exc.value.message_dict["review"][0]
    assert "【事实清楚、证据确凿】" in message and "不能结案" in message
    assert Case.objects.get(pk=case.pk).stage == "execution"
    Inspection.objects.filter(pk=case.inspection_id).update(status="submitted")
    closed = services.close_case(world.leader, Case.objects.get(pk=case.pk))
    assert closed.stage == "closed"
    assert review_case(closed).defects == []  # the 结案审批表 is now on file


def test_case_page_shows_the_defects(world, case, client):
    client.force_login(world.leader)
    html = client.get(f"/enforcement/{case.pk}/").content.decode()
    assert 'id="review"' in html and "100" in html
    CaseParty.objects.filter(case=case, kind="enterprise").update(fine=300000)
    html = client.get(f"/enforcement/{case.pk}/").content.decode()
    assert "超过法定最高罚款额" in html and "裁量适当" in html
    resp = client.post(
        f"/enforcement/{case.pk}/do/close/", {"version": Case.objects.get(pk=case.pk).version}
    )
    assert resp.status_code == 400
    assert "不能结案" in resp.content.decode()


def test_monthly_score_per_department_and_the_cases_behind_it(world, client):
    good = complete_case(world)
    bad = complete_case(world)
    Case.objects.filter(pk=bad.pk).update(evidence="")  # 10 points off
    score = month_score(Case.objects.filter(pk__in=[good.pk, bad.pk]))
    assert (score.cases, score.score, score.deducted, score.blocking) == (2, 95.0, 10, 1)
    client.force_login(world.leader)
    page = client.get("/enforcement/review/")
    html = page.content.decode()
    assert page.status_code == 200 and world.yjj.name in html and "95.0" in html
    month = good.decided_on.strftime("%Y-%m")
    behind = client.get(f"/enforcement/review/cases/?department={world.yjj.pk}&month={month}")
    html = behind.content.decode()
    assert behind.status_code == 200 and bad.number in html and good.number in html
    assert "90" in html and "100" in html
    assert client.get("/enforcement/review/cases/?month=2026-13").status_code == 400


def test_another_department_does_not_see_the_scores(world, client):
    complete_case(world)
    client.force_login(world.builder)
    html = client.get("/enforcement/review/").content.decode()
    assert world.yjj.name not in html


def test_review_pages_in_english(world, client, settings):
    from .helpers import chinese_ui

    good = complete_case(world)
    late = complete_case(world)
    Case.objects.filter(pk=late.pk).update(
        served_on=late.decided_on + timedelta(days=20), evidence="", discretion_facts={}
    )
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(world.leader)
    month = good.decided_on.strftime("%Y-%m")
    urls = [
        f"/enforcement/{late.pk}/",
        f"/enforcement/{late.pk}/decision/",
        "/enforcement/review/",
        f"/enforcement/review/cases/?department={world.yjj.pk}&month={month}",
        "/enforcement/review/cases/?month=bogus",
    ]
    for url in urls:
        r = client.get(url)
        assert r.status_code in (200, 400), url
        assert chinese_ui(r.content.decode()) == [], url
    html = client.get(f"/enforcement/{late.pk}/").content.decode()
    assert "Lawful procedure" in html and "Administrative Penalty Law arts. 61 and 85" in html


def test_api_review_and_decision_facts(world, case, client):
    client.force_login(world.leader)
    assert client.get(f"/api/enforcement/cases/{case.pk}/review").json()["score"] == 100
    Case.objects.filter(pk=case.pk).update(served_on=None)
    body = client.get(f"/api/enforcement/cases/{case.pk}/review").json()
    assert body["blocking"] == 1 and body["defects"][0]["check"] == "documents_served"
    assert body["defects"][0]["label"] == "文书规范"
    client.force_login(world.builder)
    assert client.get(f"/api/enforcement/cases/{case.pk}/review").status_code == 404


def test_api_decision_takes_the_facts(world, client):
    from .helpers import filed

    c = filed(world, make_finding(world))
    ent = c.parties.get(kind="enterprise")
    client.force_login(world.inspector)
    r = client.post(
        f"/api/enforcement/cases/{c.pk}/decision",
        {"parties": [{"id": ent.pk, "fine": "20000"}], "facts": {"reduced_harm": True}},
        content_type="application/json",
    )
    assert r.status_code == 200, r.content
    assert Case.objects.get(pk=c.pk).discretion_facts["reduced_harm"] is True
    assert CaseParty.objects.get(pk=ent.pk).tier == "从轻"
    r = client.post(
        f"/api/enforcement/cases/{c.pk}/decision",
        {"parties": [{"id": ent.pk, "fine": "20000"}], "facts": {"bogus": True}},
        content_type="application/json",
    )
    assert r.status_code in (400, 422) and "facts" in r.json()["errors"]
