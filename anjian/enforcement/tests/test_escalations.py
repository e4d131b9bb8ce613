"""E5: 停产停业整顿, 提请关闭 (第一百一十三条), 吊销许可证, 行业禁入, 严重失信名单, 移送司法."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from anjian.audit.models import AuditEntry
from anjian.enforcement import services
from anjian.enforcement.models import Sanction, Transfer
from anjian.registry.models import Enterprise, Licence

from .conftest import make_finding, make_hazard
from .helpers import decided


def _three_penalties(world, spread_days):
    start = date.today() - timedelta(days=spread_days + 5)
    for offset in (0, spread_days // 2, spread_days):
        decided(world, make_finding(world), on=start + timedelta(days=offset), persons=[])


def test_third_penalty_within_180_days_with_major_hazard_proposes_closure(world):
    make_hazard(world, level="major")
    _three_penalties(world, 179)
    s = Sanction.objects.get(enterprise=world.chem, kind="closure")
    assert s.status == "proposed" and s.auto
    assert "一百八十日内三次" in s.basis and "第一百一十三条" in s.note
    assert s.region_code == world.chem.region_id


def test_third_penalty_spread_over_181_days_does_not(world):
    """安全生产法第一百一十三条第一项 "一百八十日内三次": the start day not counted (民法典第二百零一条),
    a third penalty on day 180 is inside the window and one on day 181 is not."""
    make_hazard(world, level="major")
    _three_penalties(world, 181)
    assert not Sanction.objects.filter(kind="closure").exists()


def test_no_closure_without_open_major_hazard(world):
    make_hazard(world, level="general")
    _three_penalties(world, 100)
    assert not Sanction.objects.filter(kind="closure").exists()


def test_leader_decides_proposed_closure(world):
    make_hazard(world, level="major")
    _three_penalties(world, 60)
    s = Sanction.objects.get(kind="closure")
    with pytest.raises(PermissionDenied):
        services.decide_sanction(world.inspector, s, approve=True)
    s = services.decide_sanction(world.leader, s, approve=True)
    assert s.status == "decided" and s.decided_by == world.leader


def test_suspension_then_failed_verification_proposes_closure(world):
    start = date.today() - timedelta(days=30)
    s = services.order_suspension(
        world.leader, world.chem, starts_on=start, ends_on=start + timedelta(days=20),
        basis="安全生产法第九十七条逾期未改正",
    )  # fmt: skip
    assert Enterprise.objects.get(pk=world.chem.pk).status == "suspended"
    assert AuditEntry.objects.filter(action="enterprise.status", note="责令停产停业整顿").exists()
    s, closure = services.verify_suspension(world.inspector, s, passed=False, note="仍不具备条件")
    assert s.verification_passed is False
    assert closure is not None and "停产停业整顿，仍不具备安全生产条件" in closure.basis


def test_suspension_passed_restores_status(world):
    s = services.order_suspension(
        world.leader, world.chem, starts_on=date.today(), ends_on=date.today(), basis="依据"
    )
    s, closure = services.verify_suspension(world.inspector, s, passed=True)
    assert closure is None and s.lifted_on == date.today()
    assert Enterprise.objects.get(pk=world.chem.pk).status == "normal"


def test_revoke_licence_marks_registry(world):
    lic = Licence.objects.create(
        enterprise=world.chem, kind="危险化学品经营许可证", number="川遂危化经001",
        valid_until=date.today() + timedelta(days=300),
    )  # fmt: skip
    with pytest.raises(PermissionDenied):
        services.revoke_licence(world.inspector, lic, basis="第一百一十三条")
    s = services.revoke_licence(world.leader, lic, basis="安全生产法第一百一十三条")
    assert Licence.objects.get(pk=lic.pk).revoked
    # The registry service wrote the change and its audit entry.
    entry = AuditEntry.objects.filter(action="licence.revoke").latest("seq")
    assert entry.object_id == str(lic.pk) and entry.note == "安全生产法第一百一十三条"
    assert s.kind == "revocation" and s.licence == lic
    with pytest.raises(ValidationError):
        services.revoke_licence(world.leader, Licence.objects.get(pk=lic.pk), basis="再次")


def test_industry_ban_period_from_engine(world):
    # No ban for a plain 第九十七条 case without a closure.
    case = decided(world, make_finding(world))
    with pytest.raises(ValidationError):
        services.ban_person(world.leader, world.chem, person_name="张三", case=case)
    # 第九十四条第二款 (principal, accident): five years.
    case2 = decided(
        world, make_finding(world, code="SPL-94-P2"), persons=[], fines={"enterprise": 0}
    )
    on = date(2024, 3, 1)
    s = services.ban_person(world.leader, world.chem, person_name="张三", case=case2, on=on)
    # "五年内" from the day of the sanction, that day not counted (民法典第二百零一条).
    assert s.starts_on == on and s.ends_on == date(2029, 3, 1)
    assert "安全生产法第九十四条第三款" in s.basis
    s2 = services.ban_person(
        world.leader, world.chem, person_name="李四", case=case2, serious=True, on=on
    )
    assert s2.ends_on is None and "终身" in s2.basis


def test_industry_ban_after_a_decided_closure(world):
    make_hazard(world, level="major")
    _three_penalties(world, 60)
    closure = Sanction.objects.get(kind="closure")
    case = closure.case
    with pytest.raises(ValidationError):  # proposed, not yet decided: no ban
        services.ban_person(world.leader, world.chem, person_name="张三", case=case)
    services.decide_sanction(world.leader, closure, approve=True)
    on = date(2024, 6, 1)
    s = services.ban_person(world.leader, world.chem, person_name="张三", case=case, on=on)
    assert s.ends_on == date(2029, 6, 1) and "第一百一十三条" in s.basis
    assert "任何生产经营单位的主要负责人" in s.basis


def test_dishonesty_listing_period_and_early_removal(world):
    on = date.today() - timedelta(days=200)
    with pytest.raises(ValidationError):  # none of the encoded criteria, no reason
        services.list_dishonest(world.leader, world.chem, on=on)
    s = services.list_dishonest(world.leader, world.chem, on=on, concealed=True)
    assert s.starts_on == on and s.ends_on.year == on.year + 3
    assert s.early_removal_from.year in (on.year + 1,)
    with pytest.raises(ValidationError) as exc:
        services.remove_early(world.leader, s)
    assert "满12个月" in exc.value.message_dict["lifted_on"][0]
    s = services.remove_early(world.leader, s, on=s.early_removal_from, note="信用修复")
    assert s.lifted_on == s.early_removal_from


def test_judicial_referral_creates_sanction_and_transfer(world):
    s, t = services.refer_judicial(
        world.leader, world.chem, to_organ="安居区公安分局", crime="dangerous_operation",
        facts="关闭可燃气体报警装置，具有发生重大伤亡事故的现实危险",
    )  # fmt: skip
    assert s.kind == "judicial" and "第一百三十四条之一" in s.basis
    assert t.kind == "judicial" and t.to_organ == "安居区公安分局"
    assert Transfer.objects.filter(kind="judicial").count() == 1
    # 移送司法 issues the 涉嫌犯罪案件移送书, not seed 001's 移交表
    assert t.documents.filter(kind="criminal_transfer").exists()
    assert not t.documents.filter(kind="transfer_form").exists()
