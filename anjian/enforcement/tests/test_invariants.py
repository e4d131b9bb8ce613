"""Issue 15, build point 1: the legal invariants of the enforcement services. Each test replays
a step of the issue's walk-through and shows the refusal and the rule its message cites."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from anjian.enforcement import services
from anjian.enforcement.models import Sanction
from anjian.hazards import services as hazards
from anjian.inspections import services as inspections
from anjian.inspections.models import Finding

from .conftest import PNG, make_finding, make_hazard
from .helpers import complete_file, decided, filed, proposed


def _message(exc, field):
    return " ".join(exc.value.message_dict[field])


# ---------------------------------------------------------------- signed records only


def test_case_cannot_be_opened_from_an_unsigned_inspection(world):
    """ "A case cites only signed records": 安全生产法第六十八条 — the record is signed by the
    inspectors and the enterprise's principal (谁检查、谁签名、谁负责, seed 003)."""
    f = make_finding(world, sign=False)
    with pytest.raises(ValidationError) as exc:
        proposed(world, f)
    msg = _message(exc, "findings")
    assert "尚未签名提交" in msg and "安全生产法》第六十八条" in msg and "第四十条" in msg
    with pytest.raises(ValidationError) as exc:
        services.simple_penalty(
            world.inspector, enterprise=world.chem, title="当场处罚", facts="未培训",
            violation_code="SPL-97-3", fine=100, findings=[f],
        )  # fmt: skip
    assert "第六十八条" in _message(exc, "findings")
    # submitted, but the enterprise's representative never signed
    f.inspection.status = "submitted"
    f.inspection.save()
    with pytest.raises(ValidationError) as exc:
        proposed(world, f)
    assert "被检查单位现场负责人未签名" in _message(exc, "findings")


def test_transfer_and_disposal_cite_only_signed_records(world):
    """ "A disposal or a transfer cites only signed records" (安全生产法第六十八条)."""
    f = make_finding(world, sign=False)
    with pytest.raises(ValidationError) as exc:
        services.create_transfer(
            world.inspector, enterprise=world.chem, to_region=world.baima,
            inspection=f.inspection, items=[{"description": "疏散通道堆放杂物"}],
        )  # fmt: skip
    assert "第六十八条" in _message(exc, "inspection")
    h = make_hazard(world, level="general")
    Finding.objects.filter(pk=f.pk).update(hazard=h)
    with pytest.raises(ValidationError) as exc:
        hazards.dispose(world.inspector, h, option="transfer", transfer_to=world.zjw)
    assert "不能据此作出执法处置" in _message(exc, "option")
    assert not h.disposals.exists()


def test_inspection_record_only_from_a_signed_inspection(world):
    """ "A 现场检查记录 only from a signed inspection" (安全生产法第六十八条)."""
    f = make_finding(world, sign=False)
    with pytest.raises(ValidationError) as exc:
        services.issue_document(
            world.inspector, "inspection_record", enterprise=world.chem, inspection=f.inspection
        )
    assert "不能制发文书" in _message(exc, "inspection")
    signed = make_finding(world)
    doc = services.issue_document(
        world.inspector, "inspection_record", enterprise=world.chem, inspection=signed.inspection
    )
    assert doc.number


# ---------------------------------------------------------------- cited records stay


def test_cited_finding_cannot_be_deleted_or_changed_only_amended(client, world, finding):
    """ "A finding that a case cites can no longer be deleted or changed, only amended, with the
    amendment shown on the case" — the walk-through's deleted finding."""
    case = decided(world, finding)
    with pytest.raises(ValidationError) as exc:
        inspections.remove_finding(world.inspector, finding)
    msg = _message(exc, "status")
    assert "已被案件" in msg and case.number in msg and "更正记录" in msg
    assert Finding.objects.filter(pk=finding.pk).exists()
    with pytest.raises(ValidationError):
        inspections.update_inspection(world.inspector, finding.inspection, summary="改写")
    am = inspections.amend(
        world.inspector, finding.inspection, reason="笔误", content="培训人数应为3名", png=PNG
    )
    client.force_login(world.inspector)
    html = client.get(reverse("enforcement:case_detail", args=[case.pk])).content.decode()
    assert 'id="sources"' in html and am.content in html and "笔误" in html


def test_cited_by_a_transfer_or_document_cannot_be_changed(world):
    """A record a transfer or a document cites is frozen too (only amended)."""
    f = make_finding(world)
    services.create_transfer(
        world.inspector, enterprise=world.chem, to_region=world.baima, inspection=f.inspection,
        items=[{"description": "疏散通道堆放杂物", "finding": f}],
    )  # fmt: skip
    with pytest.raises(ValidationError) as exc:
        inspections.remove_finding(world.inspector, f)
    assert "移交表" in _message(exc, "status")


def test_cited_hazard_keeps_its_deadline_except_through_an_extension(world):
    """ "A hazard that a case, transfer or document cites can no longer be changed": the deadline
    a 责令限期整改指令书 states is not rewritten afterwards (only an approved 延期 changes it)."""
    h = make_hazard(world, level="major")
    due = date.today() + timedelta(days=20)
    h.deadline = due
    h.save()
    doc = services.issue_document(
        world.inspector, "rectification_order", enterprise=world.chem, hazard=h
    )
    five = {
        "measures": "加装泄漏报警仪", "responsible_person": "王厂长", "funds": "50000",
        "emergency_plan": "液氨泄漏现场处置方案",
    }  # fmt: skip
    with pytest.raises(ValidationError) as exc:
        hazards.set_five_measures(world.inspector, h, deadline=due + timedelta(days=30), **five)
    msg = _message(exc, "deadline")
    assert doc.number in msg and "延期申请" in msg
    h.refresh_from_db()
    assert h.deadline == due
    h = hazards.set_five_measures(world.inspector, h, deadline=due, **five)
    assert h.five_measures_complete


# ---------------------------------------------------------------- fines


def test_fine_above_the_statutory_maximum_is_refused_whatever_the_reason(world, finding):
    """ "No fine above the statutory maximum": 300,000 元 against a 200,000 元 maximum
    (安全生产法第九十七条, 逾期未改正) is refused even with a reason typed — 行政处罚法第三十二条
    allows mitigation below the minimum, never a fine above the maximum."""
    case = filed(world, finding)
    ent = case.parties.get(kind="enterprise")
    person = case.parties.get(kind="person")
    rows = [
        {"id": ent.pk, "fine": 300000, "overdue": True, "out_of_range_reason": "情节特别严重"},
        {"id": person.pk, "fine": 30000, "overdue": True},
    ]
    with pytest.raises(ValidationError) as exc:
        services.propose_decision(world.inspector, case, parties=rows)
    msg = _message(exc, f"fine_{ent.pk}")
    assert "超过法定最高罚款额200,000元" in msg and "第三十二条" in msg
    ent.refresh_from_db()
    assert ent.fine is None
    with pytest.raises(ValidationError) as exc:
        services.simple_penalty(
            world.inspector, enterprise=world.chem, title="当场处罚", facts="未培训",
            violation_code="SPL-97-3", fine=100, person={"name": "李四"},
            out_of_range_reason="情节严重", findings=[make_finding(world)],
        )  # fmt: skip
    assert "超过法定最高罚款额" in _message(exc, "fine")


def test_fine_below_the_minimum_only_as_mitigation_with_reason_and_article(world, finding):
    """ "Below the minimum only as 减轻 with its reason and the article (行政处罚法第三十二条)"."""
    case = filed(world, finding)
    ent = case.parties.get(kind="enterprise")
    person = case.parties.get(kind="person")
    rows = [
        {"id": ent.pk, "fine": 60000, "overdue": True},
        {"id": person.pk, "fine": 20000, "overdue": True},
    ]
    with pytest.raises(ValidationError) as exc:
        services.propose_decision(world.inspector, case, parties=rows)
    assert "第三十二条" in _message(exc, f"fine_{ent.pk}")
    rows[0]["out_of_range_reason"] = "受他人胁迫实施违法行为"
    services.propose_decision(world.inspector, case, parties=rows)
    ent.refresh_from_db()
    assert ent.out_of_range_reason.startswith("减轻处罚（依据行政处罚法第三十二条）")


# ---------------------------------------------------------------- dates in order


def test_payment_service_and_closing_dates_in_order(world, finding):
    """ "Payments, service and execution dates in order": the walk-through's payment dated before
    the decision (行政处罚法第六十七条第三款: paid after receiving the decision)."""
    on = date.today() - timedelta(days=20)
    case = decided(world, finding, on=on)
    with pytest.raises(ValidationError) as exc:
        services.serve(world.inspector, case, served_on=on - timedelta(days=1))
    assert "送达日期不能早于决定日期" in _message(exc, "served_on")
    assert "第六十一条" in _message(exc, "served_on")
    with pytest.raises(ValidationError) as exc:
        services.serve(world.inspector, case, served_on=date.today() + timedelta(days=1))
    assert "不能晚于今天" in _message(exc, "served_on")
    case = services.serve(world.inspector, case, served_on=on + timedelta(days=2))
    ent = case.parties.get(kind="enterprise")
    with pytest.raises(ValidationError) as exc:
        services.record_payment(world.inspector, ent, amount=100, paid_on=on - timedelta(days=3))
    assert "早于决定日期" in _message(exc, "paid_on") and "第六十七条" in _message(exc, "paid_on")
    with pytest.raises(ValidationError) as exc:
        services.record_payment(world.inspector, ent, amount=100, paid_on=on + timedelta(days=1))
    assert "早于送达日期" in _message(exc, "paid_on")
    with pytest.raises(ValidationError) as exc:
        services.record_payment(
            world.inspector, ent, amount=100, paid_on=date.today() + timedelta(days=1)
        )
    assert "不能晚于今天" in _message(exc, "paid_on")
    ent.refresh_from_db()
    assert ent.paid_amount == 0
    paid_on = on + timedelta(days=5)
    services.record_payment(world.inspector, ent, amount=ent.fine, paid_on=paid_on)
    with pytest.raises(ValidationError) as exc:
        services.close_case(world.leader, case, on=paid_on - timedelta(days=1))
    assert "早于最后缴款日期" in _message(exc, "on")
    case = complete_file(world, case)  # what the 案卷评查 needs before 结案
    case = services.close_case(world.leader, case, on=paid_on)
    assert case.stage == "closed"


# ---------------------------------------------------------------- documents in their state


def test_rectification_order_needs_a_deadline_still_to_come(world):
    """ "A 责令限期整改指令书 deadline must be in the future" (安全生产法第六十五条第一款第三项)."""
    h = make_hazard(world, level="general")
    h.deadline = date.today() - timedelta(days=1)
    h.save()
    with pytest.raises(ValidationError) as exc:
        services.issue_document(
            world.inspector, "rectification_order", enterprise=world.chem, hazard=h
        )
    assert "不在制发日期之后" in _message(exc, "hazard")
    h.deadline = date.today()
    h.save()
    with pytest.raises(ValidationError):
        services.issue_document(
            world.inspector, "rectification_order", enterprise=world.chem, hazard=h
        )
    h.deadline = date.today() + timedelta(days=15)
    h.save()
    doc = services.issue_document(
        world.inspector, "rectification_order", enterprise=world.chem, hazard=h
    )
    assert doc.kind == "rectification_order"


def test_review_opinion_only_after_a_review(world):
    """ "A 整改复查意见书 only after a 复查" — the walk-through's "复查意见：当前状态：整改中"."""
    h = make_hazard(world, level="general")
    with pytest.raises(ValidationError) as exc:
        services.issue_document(world.inspector, "review_opinion", enterprise=world.chem, hazard=h)
    assert "尚未复查" in _message(exc, "hazard")
    h.events.create(kind="review_fail", actor=world.inspector, note="仍有杂物")
    doc = services.issue_document(
        world.inspector, "review_opinion", enterprise=world.chem, hazard=h
    )
    assert doc.kind == "review_opinion"


# ---------------------------------------------------------------- listings, closures, bans


def test_dishonesty_listing_only_on_a_confirmed_ground_once_per_ground(world):
    """ "严重失信 listings only on a ground the law engine confirms, with one active listing per
    enterprise and ground" (安全生产严重失信主体名单管理办法)."""
    with pytest.raises(ValidationError) as exc:
        services.list_dishonest(world.leader, world.chem, reason="多次违法，情节恶劣")
    msg = _message(exc, "reason")
    assert "不符合已编码的列入情形" in msg and "严重失信主体名单管理办法" in msg
    assert not Sanction.objects.filter(kind="dishonesty").exists()
    services.list_dishonest(world.leader, world.chem, concealed=True)
    with pytest.raises(ValidationError) as exc:
        services.list_dishonest(world.leader, world.chem, concealed=True)
    assert "同一情形不能重复列入" in _message(exc, "reason")
    other = services.list_dishonest(world.leader, world.chem, multiplied_fine=True)
    assert "第一百一十四条" in other.basis
    assert Sanction.objects.filter(kind="dishonesty").count() == 2


def test_manual_closure_only_on_a_ground_of_article_113(world, finding):
    """ "A manual 提请关闭 runs the 第一百一十三条 check" (安全生产法第一百一十三条)."""
    case = decided(world, finding)
    with pytest.raises(ValidationError) as exc:
        services.propose_closure(world.inspector, world.chem, basis="多次处罚", case=case)
    assert "第一百一十三条" in _message(exc, "basis")
    assert not Sanction.objects.filter(kind="closure").exists()
    s = services.propose_closure(
        world.inspector, world.chem, basis="拒不执行整顿决定", case=case,
        refused_suspension_order=True,
    )  # fmt: skip
    assert "拒不执行停产停业整顿决定" in s.basis and "第一百一十三条" in s.note
    with pytest.raises(ValidationError) as exc:
        services.propose_closure(
            world.inspector, world.chem, basis="再次提请", refused_suspension_order=True
        )
    assert "不能重复提请" in _message(exc, "basis")


def test_ban_only_where_the_engine_finds_one_and_not_twice(world, finding):
    """ "Bans only on a ground the law engine confirms" (安全生产法第九十四条第三款, 第一百一十三条)."""
    case = decided(world, finding)  # SPL-97-3: no ban
    with pytest.raises(ValidationError) as exc:
        services.ban_person(world.leader, world.chem, person_name="张三", case=case)
    assert "法律未规定行业禁入" in _message(exc, "person_name")
    case2 = decided(
        world, make_finding(world, code="SPL-94-P2"), persons=[], fines={"enterprise": 0}
    )
    services.ban_person(world.leader, world.chem, person_name="张三", case=case2)
    with pytest.raises(ValidationError) as exc:
        services.ban_person(world.leader, world.chem, person_name="张三", case=case2)
    assert "已在行业禁入期内" in _message(exc, "person_name")
