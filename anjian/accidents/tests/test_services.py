from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from anjian.accidents import services
from anjian.accidents.models import Accident, LookbackTask
from anjian.registry.models import EnterpriseTier
from anjian.tips import services as tip_services

from .conftest import at

YESTERDAY = date.today() - timedelta(days=1)


def record(world, ent=None, by=None, **kw):
    fields = dict(
        enterprise=ent or world.chem,
        occurred_at=at(YESTERDAY, 9, 0),
        reported_at=at(YESTERDAY, 9, 40),
        place="罐区",
        kind="中毒和窒息",
        deaths=0,
    )
    fields.update(kw)
    return services.record_accident(by or world.inspector, **fields)


@pytest.mark.parametrize(
    ("deaths", "injuries", "loss", "grade"),
    [
        (0, 0, 0, "一般"),
        (2, 9, "9999999.99", "一般"),
        (3, 0, 0, "较大"),
        (0, 10, 0, "较大"),
        (0, 0, 10_000_000, "较大"),
        (9, 49, "49999999", "较大"),
        (10, 0, 0, "重大"),
        (0, 50, 0, "重大"),
        (0, 0, 50_000_000, "重大"),
        (29, 0, 0, "重大"),
        (30, 0, 0, "特别重大"),
        (0, 100, 0, "特别重大"),
        (0, 0, 100_000_000, "特别重大"),
        (1, 0, 100_000_000, "特别重大"),
    ],
)
def test_grade_bounds(world, deaths, injuries, loss, grade):
    acc = record(world, deaths=deaths, serious_injuries=injuries, direct_loss_yuan=loss)
    assert acc.grade == grade
    assert any("条例" in r for r in acc.grade_reasons)


def test_late_report_flag_after_one_hour(world):
    on_time = record(world, reported_at=at(YESTERDAY, 10, 0))  # exactly one hour
    late = record(world, reported_at=at(YESTERDAY, 10, 1))
    assert not on_time.late_report and on_time.flags() == []
    assert late.late_report and late.flags() == ["迟报"]


def test_concealed_when_it_came_to_light_through_another_channel(world):
    tip, _ = tip_services.submit_tip(
        category="concealed",
        enterprise_name=world.chem.name,
        description="前天罐区有工人中毒死亡，企业没有上报，私下赔偿了事。",
    )
    with pytest.raises(ValidationError) as exc:  # not yet assigned: the inspector can't see it
        record(world, reported_at=None, discovered_via="tip", deaths=2, tips=[tip])
    assert "tips" in exc.value.message_dict
    acc = record(world, by=world.awb, reported_at=None, discovered_via="tip", deaths=2, tips=[tip])
    assert acc.concealed and not acc.late_report and list(acc.tips.all()) == [tip]
    with pytest.raises(ValidationError) as exc:
        record(world, reported_at=None, discovered_via="enterprise")
    assert "reported_at" in exc.value.message_dict


def test_concealed_tip_reward_uses_the_linked_accident(world):
    tip, _ = tip_services.submit_tip(
        category="concealed",
        enterprise_name=world.chem.name,
        description="前天罐区有工人中毒死亡，企业没有上报，私下赔偿了事。",
    )
    record(world, by=world.awb, reported_at=None, discovered_via="tip", deaths=3, tips=[tip])
    tip_services.triage(world.awb, tip, accept=True)
    tip_services.assign(world.awb, tip, department=world.yjj, handler=world.inspector)
    tip_services.record_result(world.inspector, tip, result="true", public_reply="查实瞒报")
    tip.refresh_from_db()
    assert tip.accident_grade == "较大" and tip.concealed_deaths == 3
    assert tip.reward_yuan == Decimal("120000.00")


def test_accident_puts_the_enterprise_on_the_key_list(world, plain):
    assert EnterpriseTier.objects.get(enterprise=plain).tier == "general"
    record(world, ent=plain, kind="机械伤害", place="木工车间", serious_injuries=1)
    tier = EnterpriseTier.objects.get(enterprise=plain)
    assert tier.tier == "key" and "accident" in [r["code"] for r in tier.reasons]


def test_fatal_accident_during_campaign_opens_a_lookback_task(world, running_campaign):
    record(world, deaths=0)
    assert not LookbackTask.objects.exists()
    acc = record(world, deaths=1)
    task = LookbackTask.objects.get(accident=acc)
    assert acc.campaign == running_campaign and task.department == world.yjj
    assert task.due == YESTERDAY + timedelta(days=services.LOOKBACK_DAYS)
    assert list(LookbackTask.objects.restrict(world.inspector)) == [task]
    assert not LookbackTask.objects.restrict(world.builder).exists()
    # The task becomes a 回头看 inspection of the department.
    services.start_lookback(
        world.inspector, task, inspectors=[world.inspector, world.leader], inspected_on=date.today()
    )
    task.refresh_from_db()
    assert task.inspection.modes == ["lookback"] and task.inspection.campaign == running_campaign
    with pytest.raises(PermissionDenied):
        services.start_lookback(world.awb, task, inspectors=[], inspected_on=date.today())


def test_no_lookback_without_a_running_campaign(world):
    acc = record(world, deaths=1)
    assert acc.campaign is None and not LookbackTask.objects.exists()


def test_investigation_limit_and_four_nots(world):
    acc = record(
        world, occurred_at=at(date(2024, 1, 1), 8), reported_at=at(date(2024, 1, 1), 8, 30)
    )
    # 生产安全事故报告和调查处理条例第二十九条 "自事故发生之日起60日内提交事故调查报告"; the day
    # of the accident is not counted (民法典第二百零一条): 2024-01-01 + 60 days.
    assert acc.investigation_due == date(2024, 3, 1)
    with pytest.raises(ValidationError) as exc:
        services.update_investigation(world.inspector, acc, extension_days=61)
    assert "investigation_extension_days" in exc.value.message_dict
    acc = services.update_investigation(
        world.inspector, acc, extension_days=30, report_on=date(2024, 3, 20),
        approved_on=date(2024, 4, 1), expected_version=acc.version,
    )  # fmt: skip
    # extended by 30 days from the day after 2024-03-01: 2024-03-31 is a Sunday, so 2024-04-01
    assert acc.investigation_due == date(2024, 4, 1)
    # 四不放过 assessment "一年内" from the approval, that day not counted
    assert acc.four_nots_due == date(2025, 4, 1)
    with pytest.raises(ValidationError):
        services.record_four_nots(world.inspector, acc, done_on=date(2025, 3, 1), note="")
    acc = services.record_four_nots(
        world.inspector, acc, done_on=date(2025, 3, 1), note="整改措施已落实，责任人已处理"
    )
    assert acc.four_nots_done_on == date(2025, 3, 1)


def test_scope_and_permissions(world):
    acc = record(world)
    assert list(Accident.objects.restrict(world.awb)) == [acc]
    assert list(Accident.objects.restrict(world.inspector)) == [acc]
    for user in (world.builder, world.ent_user, world.expert, world.town):  # town: 白马镇
        assert not Accident.objects.restrict(user).exists()
    food = record(world, ent=world.food)
    assert list(Accident.objects.restrict(world.town)) == [food]
    assert not Accident.objects.restrict(world.ent_user).exists()  # even its own enterprise
    with pytest.raises(PermissionDenied):
        services.record_accident(
            world.builder, enterprise=world.chem, occurred_at=at(YESTERDAY), place="x",
            kind="火灾", reported_at=at(YESTERDAY, 9, 30),
        )  # fmt: skip


def test_bad_input_names_the_field(world):
    with pytest.raises(ValidationError) as exc:
        record(world, reported_at=at(YESTERDAY, 8, 0), place="", kind="外星人")
    assert set(exc.value.message_dict) >= {"reported_at", "place", "kind"}
    assert not Accident.objects.exists()
