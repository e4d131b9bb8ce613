from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.utils import timezone

from anjian.accounts.models import Role
from anjian.audit.models import AuditEntry
from anjian.conftest import make_user
from anjian.registry.models import EnterpriseTier
from anjian.tips import services
from anjian.tips.crypto import IdentityUnreadable, decrypt_identity
from anjian.tips.models import Tip, TipAttachment

from .conftest import JPEG, NAME, PDF, PHONE, PNG, public_tip, upload


def _assigned(world, ent=None, named=True, handler=None):
    tip, secret = public_tip(ent or world.chem, named=named)
    services.triage(world.awb, tip, accept=True)
    services.assign(world.awb, tip, department=world.yjj, handler=handler or world.inspector)
    tip.refresh_from_db()
    return tip, secret


# ---------------------------------------------------------------- intake and status


def test_anonymous_tip_gets_code_and_secret_and_stores_only_a_hash(world, files):
    tip, secret = public_tip(world.chem, files=files)
    assert tip.code.startswith("JB") and len(secret) == services.SECRET_LENGTH
    assert tip.anonymous and tip.reporter_cipher is None
    assert secret not in tip.secret_hash
    assert services.check_status(tip.code, secret, "1.2.3.4") == tip
    # lower-case input is accepted (codes are shown in capitals)
    assert services.check_status(tip.code.lower(), secret.lower(), "1.2.3.4") == tip
    assert tip.region_id == world.chem.region_id and tip.enterprise == world.chem
    assert sorted(a.content_type for a in TipAttachment.objects.filter(tip=tip)) == [
        "application/pdf",
        "image/jpeg",
        "image/png",
    ]
    status = services.public_status(tip)
    assert status.status == "待受理" and status.events[0].text.startswith("已收到举报")


def test_free_text_enterprise_needs_a_town(world):
    with pytest.raises(ValidationError) as exc:
        public_tip(None)
    assert "region" in exc.value.message_dict
    tip, _ = public_tip(None, region=world.baima)
    assert tip.enterprise is None and tip.enterprise_name == "无名小作坊"


def test_exact_registry_name_links_the_enterprise(world):
    tip, _ = public_tip(None, enterprise_name=world.food.name, region=None)
    assert tip.enterprise == world.food and tip.region_id == world.food.region_id


def test_wrong_secret_is_refused_and_repeated_failures_lock_the_code(world, settings):
    settings.ANJIAN_TIP_LOOKUP_FAILURES = 3
    tip, secret = public_tip(world.chem)
    for _ in range(3):
        with pytest.raises(services.LookupError_, match="不正确"):
            services.check_status(tip.code, "WRONGSECRET1", "10.0.0.1")
    # Locked: even the right secret is refused, from this IP and from another one.
    with pytest.raises(services.LookupError_, match="分钟后再试"):
        services.check_status(tip.code, secret, "10.0.0.1")
    with pytest.raises(services.LookupError_, match="分钟后再试"):
        services.check_status(tip.code, secret, "10.0.0.2")


def test_repeated_failures_lock_the_ip_across_codes(world, settings):
    settings.ANJIAN_TIP_LOOKUP_FAILURES = 3
    tip, secret = public_tip(world.chem)
    for n in range(3):
        with pytest.raises(services.LookupError_):
            services.check_status(f"JB20240101AAAAA{n}", "X", "10.0.0.9")
    with pytest.raises(services.LookupError_, match="分钟后再试"):
        services.check_status(tip.code, secret, "10.0.0.9")
    assert services.check_status(tip.code, secret, "10.0.0.8") == tip


def test_bad_uploads_get_a_clear_message(world):
    gif = upload("x.gif", b"GIF89a" + b"\x00" * 20)
    with pytest.raises(ValidationError) as exc:
        public_tip(world.chem, files=[gif])
    assert "x.gif" in exc.value.message_dict["files"][0]
    big = upload("big.jpg", JPEG + b"\x00" * services.MAX_FILE_BYTES)
    with pytest.raises(ValidationError) as exc:
        public_tip(world.chem, files=[big])
    assert "超过 5 MB" in exc.value.message_dict["files"][0]
    many = [upload(f"{i}.png", PNG) for i in range(services.MAX_FILES + 1)]
    with pytest.raises(ValidationError) as exc:
        public_tip(world.chem, files=many)
    assert "最多上传" in exc.value.message_dict["files"][0]
    # A PDF renamed .jpg is accepted as what it is.
    tip, _ = public_tip(world.chem, files=[upload("scan.jpg", PDF)])
    assert tip.attachments.get().content_type == "application/pdf"
    assert Tip.objects.count() == 1


def test_named_tip_requires_name_and_valid_phone(world):
    with pytest.raises(ValidationError) as exc:
        public_tip(world.chem, named=True, reporter_name="", reporter_phone="abc")
    assert set(exc.value.message_dict) >= {"reporter_name", "reporter_phone"}


def test_hotline_entry_by_staff(world):
    tip, secret = services.submit_tip(
        by=world.awb,
        channel="hotline",
        category="illegal",
        enterprise_name=world.build.name,
        description="工地夜间无证施工，塔吊司机无特种作业操作证。",
        anonymous=False,
        reporter_name=NAME,
        reporter_phone=PHONE,
    )
    assert tip.channel == "hotline" and tip.recorded_by == world.awb and secret
    with pytest.raises(ValidationError):
        services.submit_tip(
            by=world.awb,
            channel="web",
            category="illegal",
            enterprise_name=world.build.name,
            description="工地夜间无证施工，塔吊司机无特种作业操作证。",
        )
    with pytest.raises(PermissionDenied):
        services.submit_tip(
            by=world.ent_user,
            channel="hotline",
            category="illegal",
            enterprise_name=world.build.name,
            description="工地夜间无证施工，塔吊司机无特种作业操作证。",
        )


# ---------------------------------------------------------------- reporter protection


def _text_values(table):
    with connection.cursor() as cur:
        cur.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
        for row in cur.fetchall():
            for value in row:
                if isinstance(value, memoryview):
                    value = bytes(value)
                if isinstance(value, bytes):
                    yield value
                elif value is not None:
                    yield str(value).encode()


def test_identity_never_stored_or_audited_in_plain_text(world, files):
    tip, _ = _assigned(world)
    services.reveal(world.inspector, tip)
    services.record_result(
        world.inspector, tip, result="true", public_reply="经查属实，已责令整改", fine_yuan=50000
    )
    with connection.cursor() as cur:
        cur.execute("SELECT reporter_cipher FROM tips_tip WHERE id = %s", [tip.pk])
        raw = bytes(cur.fetchone()[0])
    assert raw and NAME.encode() not in raw and PHONE.encode() not in raw
    tables = [
        m._meta.db_table
        for m in connection.introspection.installed_models(connection.introspection.table_names())
        if m._meta.app_label == "tips"
    ]
    tables += ["audit_auditentry"]
    assert "tips_tip" in tables and "tips_tipevent" in tables
    for table in tables:
        for value in _text_values(table):
            assert NAME.encode() not in value, table
            assert PHONE.encode() not in value, table
            assert "王秀英".encode("unicode_escape") not in value, table
    # …yet the handler can read it back.
    assert services.reveal(world.inspector, tip) == {"name": NAME, "phone": PHONE}


def test_ciphertext_cannot_be_moved_to_another_tip(world):
    a, _ = public_tip(world.chem, named=True)
    b, _ = public_tip(world.food, named=True, reporter_name="李四", reporter_phone="13800000000")
    with pytest.raises(IdentityUnreadable):
        decrypt_identity(a.reporter_cipher, b.code)
    assert decrypt_identity(b.reporter_cipher, b.code)["name"] == "李四"


def test_only_handler_and_awb_leader_can_reveal_and_each_reveal_is_audited(world):
    tip, _ = _assigned(world)
    other_inspector = make_user(
        "yjj2", Role.INSPECTOR, department=world.yjj, region=world.county,
        cert_no="川执0002", cert_expiry=date.today() + timedelta(days=300),
    )  # fmt: skip
    awb_staff = make_user("awb2", Role.AWB, region=world.county, is_leader=False)
    for user in (other_inspector, awb_staff, world.leader, world.builder, world.town,
                 world.ent_user, world.expert):  # fmt: skip
        assert not services.can_reveal(user, tip)
        with pytest.raises(PermissionDenied):
            services.reveal(user, tip)
    assert services.reveal(world.inspector, tip)["phone"] == PHONE
    assert services.reveal(world.awb, tip)["name"] == NAME
    reveals = AuditEntry.objects.filter(action="tip.reveal", object_id=str(tip.pk))
    assert sorted(reveals.values_list("username", flat=True)) == ["awb", "yjj1"]


def test_scope_of_tips(world):
    tip, _ = _assigned(world, ent=world.food)
    assert set(Tip.objects.restrict(world.awb)) == {tip}
    assert set(Tip.objects.restrict(world.inspector)) == {tip}
    assert set(Tip.objects.restrict(world.leader)) == {tip}
    for user in (world.builder, world.town, world.expert, world.ent_user):
        assert not Tip.objects.restrict(user).exists()
    # an unassigned tip is visible to the 安委办 only
    fresh, _ = public_tip(world.food)
    assert fresh in Tip.objects.restrict(world.awb)
    assert fresh not in Tip.objects.restrict(world.inspector)


# ---------------------------------------------------------------- handling


def test_assignment_suggests_the_supervising_department(world):
    tip, _ = public_tip(world.chem)
    assert services.suggest_departments(tip)[0] == world.yjj
    services.triage(world.awb, tip, accept=True)
    with pytest.raises(ValidationError) as exc:
        services.assign(world.awb, tip, department=world.yjj, handler=world.builder)
    assert "handler" in exc.value.message_dict
    with pytest.raises(PermissionDenied):
        services.assign(world.inspector, tip, department=world.yjj)


def test_rejected_tip_tells_the_reporter_why(world):
    tip, secret = public_tip(world.chem)
    with pytest.raises(ValidationError):
        services.triage(world.awb, tip, accept=False)
    services.triage(world.awb, tip, accept=False, reason="不属于安全生产举报范围")
    status = services.public_status(Tip.objects.get(pk=tip.pk))
    assert status.status == "不予受理" and status.reply == "不属于安全生产举报范围"


def test_verification_opens_a_linked_tip_inspection(world):
    tip, _ = _assigned(world)
    services.start_verification(
        world.inspector, tip, inspectors=[world.inspector, world.leader], inspected_on=date.today()
    )
    tip.refresh_from_db()
    assert tip.status == "verifying"
    assert tip.inspection.origin == "tip" and tip.inspection.tip_ref == tip.code
    assert "tip" in tip.inspection.modes and tip.inspection.enterprise == world.chem


def test_result_reward_approval_and_payout(world):
    tip, secret = _assigned(world)
    services.record_result(
        world.inspector,
        tip,
        result="true",
        public_reply="经查属实，已责令限期整改并立案处罚",
        internal_note="企业负责人态度恶劣，建议列入重点",
        fine_yuan=100000,
    )
    tip.refresh_from_db()
    assert tip.reward_yuan == Decimal("15000.00") and tip.reward_status == "proposed"
    with pytest.raises(PermissionDenied):
        services.decide_reward(world.inspector, tip, approve=True)
    with pytest.raises(PermissionDenied):
        services.decide_reward(world.builder, tip, approve=True)
    services.decide_reward(world.leader, tip, approve=True)
    tip.refresh_from_db()
    with pytest.raises(ValidationError) as exc:
        services.record_payout(world.awb, tip, paid_on=date.today(), payout_ref="")
    assert "payout_ref" in exc.value.message_dict
    services.record_payout(world.awb, tip, paid_on=date.today(), payout_ref="JL-2024-001")
    status = services.public_status(Tip.objects.get(pk=tip.pk))
    assert status.result == "属实" and status.reward_status == "已发放"
    assert status.reward_yuan == Decimal("15000.00")
    shown = " ".join([status.reply, *[e.text for e in status.events]])
    assert "态度恶劣" not in shown and "建议列入重点" not in shown


def test_awb_staff_cannot_approve_rewards_but_awb_leader_can(world):
    tip, _ = _assigned(world)
    services.record_result(
        world.inspector, tip, result="partial", public_reply="部分属实", fine_yuan=10000
    )
    awb_staff = make_user("awb3", Role.AWB, region=world.county, is_leader=False)
    with pytest.raises(PermissionDenied):
        services.decide_reward(awb_staff, tip, approve=True)
    services.decide_reward(world.awb, tip, approve=True)
    # 15 % of 10,000 is below the floor: the minimum 3,000 元 applies (安监总财〔2018〕19号)
    assert Tip.objects.get(pk=tip.pk).reward_yuan == Decimal("3000.00")


def test_verified_tip_without_a_fine_gets_no_reward(world):
    """安全生产领域举报奖励办法（安监总财〔2018〕19号）: the reward is a share of the fine ("按罚款金额的百分之十五
    计算"), its 3,000 元 floor applies only where a fine was imposed; a zero fine gives none."""
    tip, _ = _assigned(world)
    services.record_result(world.inspector, tip, result="true", public_reply="属实")
    tip = Tip.objects.get(pk=tip.pk)
    assert tip.reward_yuan in (None, Decimal(0)) and tip.reward_status != "pending"


def test_untrue_and_other_tips_get_no_reward(world):
    tip, _ = _assigned(world)
    services.record_result(world.inspector, tip, result="false", public_reply="经查不属实")
    assert Tip.objects.get(pk=tip.pk).reward_status == ""
    other, _ = public_tip(world.chem, category="other")
    services.triage(world.awb, other, accept=True)
    services.assign(world.awb, other, department=world.yjj, handler=world.inspector)
    services.record_result(world.inspector, other, result="true", public_reply="属实")
    assert Tip.objects.get(pk=other.pk).reward_yuan is None


@pytest.mark.parametrize(
    ("fine", "expected"),
    [(0, 0), (10000, 3000), (20000, 3000), (20001, Decimal("3000.15")), (100000, 15000),
     (2000000, 300000), (3000000, 300000)],
)  # fmt: skip
def test_reward_for_hazard_and_illegal_tips(fine, expected):
    for category in ("major_hazard", "illegal"):
        assert services.compute_reward(category, fine_yuan=fine).value == Decimal(expected)


@pytest.mark.parametrize(
    ("deaths", "grade", "expected"),
    [(1, "一般", 30000), (2, "一般", 60000), (3, "较大", 120000), (5, "重大", 250000),
     (10, "重大", 300000), (31, "特别重大", 300000), (0, "一般", 0)],
)  # fmt: skip
def test_reward_for_concealed_accidents(deaths, grade, expected):
    result = services.compute_reward("concealed", concealed_deaths=deaths, accident_grade=grade)
    assert result.value == Decimal(expected)


def test_concealed_tip_needs_a_grade(world):
    with pytest.raises(ValidationError):
        services.compute_reward("concealed", concealed_deaths=2)
    assert services.compute_reward("other", fine_yuan=100000) is None


# ---------------------------------------------------------------- duplicates, repeats, deadlines


def test_merged_duplicate_shows_the_master_progress(world):
    master, _ = _assigned(world)
    dup, dup_secret = public_tip(world.chem)
    services.merge(world.awb, dup, master, note="同一阀门泄漏问题")
    services.record_result(world.inspector, master, result="true", public_reply="已督促整改完毕")
    seen = services.public_status(services.check_status(dup.code, dup_secret, "1.1.1.1"))
    assert seen.merged_into == master.code
    assert seen.status == "已办结" and seen.reply == "已督促整改完毕"
    with pytest.raises(ValidationError):
        services.merge(world.awb, master, master)


def test_repeatedly_tipped_enterprise_is_flagged_and_goes_on_the_key_list(world, plain):
    assert set(EnterpriseTier.objects.filter(enterprise=plain).values_list("tier", flat=True)) == {
        "general"
    }
    first, _ = public_tip(plain)
    second, _ = public_tip(plain)
    assert not first.enforcement_check and second.enforcement_check
    assert services.repeated_enterprises(world.awb) == [
        {"enterprise_id": plain.pk, "name": plain.name, "count": 2}
    ]
    tier = EnterpriseTier.objects.get(enterprise=plain)
    assert tier.tier == "key" and "repeat_tips" in [r["code"] for r in tier.reasons]
    # Merging the second as a duplicate of the first undoes the count.
    services.merge(world.awb, second, first)
    assert services.repeated_enterprises(world.awb) == []
    assert EnterpriseTier.objects.get(enterprise=plain).tier == "general"


def test_repeat_threshold_is_configurable(world, plain):
    services.set_policy(world.awb, repeat_threshold=3, repeat_window_days=365)
    public_tip(plain)
    second, _ = public_tip(plain)
    assert not second.enforcement_check
    third, _ = public_tip(plain)
    assert third.enforcement_check
    with pytest.raises(PermissionDenied):
        services.set_policy(world.inspector, repeat_threshold=2, repeat_window_days=365)


def test_overdue_tips_follow_configurable_deadlines(world):
    tip, _ = public_tip(world.chem)
    qs = Tip.objects.restrict(world.awb)
    assert services.overdue(qs) == []
    later = timezone.now() + timedelta(days=4)
    assert [t for t, _ in services.overdue(qs, later)] == [tip]
    services.set_deadline(world.awb, stage="triage", days=10)
    assert services.overdue(qs, later) == []
    with pytest.raises(ValidationError):
        services.set_deadline(world.awb, stage="triage", days=0)
