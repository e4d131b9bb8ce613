"""Issue 15, build point 1: a major hazard closes only through 五落实 → 整改 → 复查 → 销号, and an
on-site measure lifts only after a passed 复查 or with a leader's approval and reason."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from anjian.hazards import services
from anjian.hazards.tests.conftest import fill_five, photo


def test_major_hazard_is_never_closed_immediately(world, make_hazard, today):
    """ "A major hazard closes only through 五落实 → 整改 → 复查 → 销号" (安全生产法第四十一条,
    第六十五条第一款第三项) — the walk-through's one-click 即查即改销号 of a 重大 hazard."""
    h = make_hazard(level="major")
    with pytest.raises(ValidationError) as exc:
        services.close_immediately(world.inspector, h, note="现场已整改", files=[photo()])
    msg = " ".join(exc.value.message_dict["level"])
    assert "重大事故隐患不能即查即改销号" in msg and "五落实" in msg and "第四十一条" in msg
    h.refresh_from_db()
    assert h.status == "pending" and h.mode != "immediate"
    # even with 五落实 complete and the rectification started
    h = fill_five(h, world.ent_user, today)
    h = services.start_rectification(world.ent_user, h)
    with pytest.raises(ValidationError):
        services.close_immediately(world.inspector, h, note="现场已整改", files=[photo()])
    # the lawful way: 整改 submitted, 复查 passed, 销号
    h = services.submit_rectification(world.ent_user, h, note="已整改", files=[photo()])
    h = services.review(world.inspector, h, passed=True, opinion="整改到位，同意销号")
    assert h.status == "closed"
    kinds = list(h.events.values_list("kind", flat=True))
    assert kinds[-1] == "review_pass" and "close_immediate" not in kinds
    assert kinds.index("measures") < kinds.index("start") < kinds.index("submit")


def test_general_hazard_still_closes_immediately(world, make_hazard):
    h = make_hazard(level="general")
    h = services.close_immediately(world.inspector, h, note="当场整改", files=[photo()])
    assert h.status == "closed"


def test_onsite_measure_lifts_only_after_a_passed_review_or_by_the_leader(world, make_hazard):
    """ "On-site measures lift only after a passed 复查 of their hazard or with a leader's approval
    and a reason" (安全生产法第六十五条第一款第三项: 重大事故隐患排除后，经审查同意，方可恢复) —
    the walk-through's 停止使用设备 lifted while the hazard was 待整改."""
    h = make_hazard(level="general")
    m = services.impose_measure(
        world.inspector, world.food, kind="stop_equipment", hazard=h, target="1号液氨压缩机"
    )
    with pytest.raises(ValidationError) as exc:
        services.lift_measure(world.inspector, m, note="企业称已修好")
    msg = " ".join(exc.value.message_dict["note"])
    assert "尚未经复查合格" in msg and "待整改" in msg and "第六十五条" in msg
    m.refresh_from_db()
    assert m.active
    with pytest.raises(ValidationError):  # the leader too needs a reason
        services.lift_measure(world.leader, m, note="")
    m = services.lift_measure(world.leader, m, note="经负责人现场核查，设备可安全运行")
    assert not m.active and m.lifted_by == world.leader

    # after a passed 复查 the inspector lifts it
    h2 = make_hazard(level="general", description="叉车制动失灵")
    m2 = services.impose_measure(
        world.inspector, world.food, kind="stop_equipment", hazard=h2, target="2号叉车"
    )
    h2 = services.start_rectification(world.ent_user, h2)
    h2 = services.submit_rectification(world.ent_user, h2, note="已修复", files=[photo()])
    h2 = services.review(world.inspector, h2, passed=True, opinion="制动正常")
    m2 = services.lift_measure(world.inspector, m2, note="隐患已整改并经复查合格")
    assert not m2.active


def test_measure_without_hazard_needs_the_leader(world):
    m = services.impose_measure(world.inspector, world.food, kind="seize_licence", target="证1")
    with pytest.raises(ValidationError) as exc:
        services.lift_measure(world.inspector, m, note="已整改")
    assert "无对应隐患" in " ".join(exc.value.message_dict["note"])
    assert not services.lift_measure(world.leader, m, note="负责人批准：已整改").active


def test_major_hazard_page_offers_no_immediate_closing(client, world, make_hazard):
    """The page follows the rule: no 即查即改销号 form on a major hazard."""
    major = make_hazard(level="major")
    general = make_hazard(level="general", description="安全出口堵塞")
    client.force_login(world.inspector)
    for h, offered in ((major, False), (general, True)):
        html = client.get(reverse("hazards:detail", args=[h.pk])).content.decode()
        assert (reverse("hazards:immediate", args=[h.pk]) in html) is offered
