"""H1 判定标准 data, H2 挂牌督办, H4 precise-enforcement flags, H5 repeats, E1/E2, scoping."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from anjian.hazards import services
from anjian.hazards.models import (
    Hazard,
    HazardCriterion,
    HazardStandard,
    HazardStandardCategory,
    OnSiteMeasure,
)
from anjian.hazards.tests.conftest import fill_five, photo
from anjian.registry.models import EnterpriseTier

# ---------------------------------------------------------------- 判定标准 as data


def test_trade_standard_loaded_with_verified_counts_only(db):
    std = HazardStandard.objects.get(name="工贸企业重大事故隐患判定标准")
    assert std.document == "应急管理部令第10号" and std.total_count == 64
    top = {c.name: c.expected_count for c in std.categories.filter(parent=None)}
    assert top == {"管理类": 3, "行业类": 47, "专项类": 14}
    special = set(std.categories.get(name="专项类").children.values_list("name", flat=True))
    assert special == {"粉尘防爆", "使用液氨制冷", "有限空间作业"}


def test_verified_item_texts_are_loaded_with_their_numbering(db):
    """The source README: "Load as data only the items a file gives in full, with the file's
    title, document number and item numbering as the source" — 工贸 31 of 64 items (its
    completeness table), 化工 (一)–(二十), 烟花爆竹 1–20, and the complete 地下矿山 items."""
    by_std = {}
    for c in HazardCriterion.objects.all():
        by_std.setdefault(c.standard, []).append(c)
    trade = by_std["工贸企业重大事故隐患判定标准"]
    counts = {}
    for c in trade:
        counts[c.category] = counts.get(c.category, 0) + 1
    assert counts == {
        "管理类": 3, "冶金": 4, "有色": 1, "建材": 8, "机械": 2, "烟草": 2,
        "粉尘防爆": 8, "使用液氨制冷": 2, "有限空间作业": 1,
    }  # fmt: skip
    first = next(c for c in trade if c.number == "第三条第（一）项")
    assert first.text.startswith("未对承包单位、承租单位的安全生产工作统一协调")
    assert first.category_ref.name == "管理类"
    chem = by_std["化工和危险化学品生产经营单位重大生产安全事故隐患判定标准（试行）"]
    assert len(chem) == 20 and {c.number for c in chem} >= {"（一）", "（二十）"}
    fireworks = by_std["烟花爆竹生产经营单位重大生产安全事故隐患判定标准（试行）"]
    assert sorted(int(c.number) for c in fireworks) == list(range(1, 21))
    mines = {c.number for c in by_std["金属非金属矿山重大事故隐患判定标准"]}
    # 一（一）2 and 3 carry 【源缺字】 markers and （四） breaks off: not loaded
    assert mines == {"一（一）1", "一（一）4", "一（一）5", "一（二）", "一（三）"}
    for c in HazardCriterion.objects.all():
        assert "……" not in c.text and "【" not in c.text and "ᶜ" not in c.text, c.number


def test_loading_twice_adds_nothing(db):
    from anjian.hazards.standards import ensure_standards

    before = HazardCriterion.objects.count()
    ensure_standards()
    assert HazardCriterion.objects.count() == before == 76


def test_staff_add_items_capped_by_category_count(world):
    mgmt = HazardStandardCategory.objects.get(name="管理类")  # its 3 items are loaded
    with pytest.raises(ValidationError) as exc:
        services.add_criterion(world.inspector, category=mgmt, number="第三条第4项", text="…")
    assert "共 3 种情形" in exc.value.message_dict["category"][0]
    dust = HazardStandardCategory.objects.get(name="粉尘防爆")
    c = services.add_criterion(world.awb, category=dust, number="第十二条第1项", text="粉尘…")
    assert c.standard == "工贸企业重大事故隐患判定标准" and c.category == "粉尘防爆"
    with pytest.raises(ValidationError) as exc:
        services.add_criterion(world.awb, category=dust, number="第十二条第1项", text="重复")
    assert "number" in exc.value.message_dict
    with pytest.raises(PermissionDenied):
        services.add_criterion(world.ent_user, category=dust, number="x", text="y")


def test_criterion_makes_hazard_major(world, make_hazard):
    cat = HazardStandardCategory.objects.get(name="使用液氨制冷")
    c = services.add_criterion(world.inspector, category=cat, number="第十三条第1项", text="…")
    h = make_hazard(criterion=c)
    assert h.level == "major"


# ---------------------------------------------------------------- H4


def test_self_reported_major_under_effective_rectification_not_penalised(world, make_hazard, today):
    h = make_hazard(by=world.ent_user, source="self", level="major")
    assert h.enforcement_flag(today) == ""  # reported but not yet rectifying
    h = fill_five(h, world.ent_user, today)
    h = services.start_rectification(world.ent_user, h)
    assert h.enforcement_flag(today) == "no_penalty"
    assert h.enforcement_flag_label() == "不予处罚"
    # Letting the deadline pass is no longer "effective" rectification.
    assert h.enforcement_flag(h.deadline + timedelta(days=1)) == ""


def test_government_found_major_not_self_reported_must_be_penalised(world, make_hazard, today):
    h = make_hazard(level="major", source="inspection")
    assert h.enforcement_flag(today) == "penalty"
    assert h.enforcement_flag_label() == "应当处罚"
    general = make_hazard(source="inspection", description="灭火器过期")
    assert general.enforcement_flag(today) == ""


def test_government_found_major_that_enterprise_had_self_reported_is_not_penalised(
    world, make_hazard, today
):
    own = make_hazard(
        by=world.ent_user, source="self", level="major", description="除尘器未设泄爆装置"
    )
    found = make_hazard(source="inspection", level="major", description="除尘器未设泄爆装置")
    assert found.self_report == own
    assert found.enforcement_flag(today) == ""


def test_self_report_after_government_finding_does_not_count(world, make_hazard, today):
    found = make_hazard(source="inspection", level="major", description="有限空间未设警示标志")
    make_hazard(by=world.ent_user, source="self", level="major", description="有限空间未设警示标志")
    found.refresh_from_db()
    assert found.enforcement_flag(today) == "penalty"


# ---------------------------------------------------------------- H5


def test_repeat_detected_when_same_hazard_recurs_after_closure(world, make_hazard, today):
    first = make_hazard(description="配电箱未接地")
    services.close_immediately(world.inspector, first, note="已接地", files=[photo()])
    second = make_hazard(description="配电箱未接地")
    assert second.is_repeat and second.repeat_count == 1 and second.repeat_of == first
    services.close_immediately(world.inspector, second, note="已接地", files=[photo()])
    third = make_hazard(description="配电箱未接地")
    assert third.repeat_count == 2 and third.repeat_of == second
    other = make_hazard(description="安全出口堵塞")
    assert not other.is_repeat
    summary = services.repeat_summary(world.food)
    assert [(g["label"], g["count"]) for g in summary] == [("配电箱未接地", 3)]


def test_repeat_by_same_criterion_with_other_wording(world, make_hazard):
    cat = HazardStandardCategory.objects.get(name="有限空间作业")
    c = services.add_criterion(world.inspector, category=cat, number="第十四条第1项", text="…")
    first = make_hazard(criterion=c, description="污水池未辨识为有限空间", deadline=None)
    h = fill_five(first, world.ent_user, timezone.localdate())
    if h.level == "major":  # a major hazard closes only after 整改 and 复查
        h = services.start_rectification(world.ent_user, h)
        h = services.submit_rectification(world.ent_user, h, note="已整改", files=[photo()])
        services.review(world.inspector, h, passed=True, opinion="整改到位")
    else:
        services.close_immediately(world.inspector, h, note="已整改", files=[photo()])
    again = make_hazard(criterion=c, description="发酵罐作业未审批")
    assert again.repeat_of == first
    elsewhere = make_hazard(enterprise=world.chem, criterion=c, description="发酵罐作业未审批")
    assert not elsewhere.is_repeat  # repeats are per enterprise


def test_open_duplicate_is_not_a_repeat(world, make_hazard):
    first = make_hazard(description="叉车无证驾驶", location="仓库")
    again = make_hazard(description="叉车无证驾驶", location="仓库", new_occurrence=True)
    assert not again.is_repeat and again.duplicate_of == first


# ---------------------------------------------------------------- 挂牌督办


def supervise_args(today, **over):
    data = {
        "level": "district",
        "issuing_unit": "安居区安委会",
        "number": "安居安委督〔2023〕1号",
        "issued_on": today,
        "deadline": today + timedelta(days=30),
    }
    data.update(over)
    return data


def test_supervision_only_by_awb_and_only_major(world, make_hazard, today):
    general = make_hazard()
    major = make_hazard(level="major", description="液氨储罐区无泄漏报警")
    with pytest.raises(PermissionDenied):
        services.supervise(world.inspector, major, **supervise_args(today))
    with pytest.raises(ValidationError) as exc:
        services.supervise(world.awb, general, **supervise_args(today))
    assert "重大" in exc.value.message_dict["hazard"][0]
    with pytest.raises(ValidationError) as exc:
        services.supervise(world.awb, major, **supervise_args(today, deadline=today - timedelta(1)))
    assert "deadline" in exc.value.message_dict
    s = services.supervise(world.awb, major, **supervise_args(today, level="city"))
    assert major.supervisions.get() == s and s.get_level_display() == "市级"
    with pytest.raises(ValidationError):
        services.supervise(world.awb, major, **supervise_args(today))
    # Closing the hazard lifts the supervision.
    major = fill_five(Hazard.objects.get(pk=major.pk), world.ent_user, today)
    major = services.start_rectification(world.ent_user, major)
    major = services.submit_rectification(world.ent_user, major, note="ok", files=[photo()])
    services.review(world.inspector, major, passed=True, opinion="合格")
    s.refresh_from_db()
    assert s.lifted_at is not None


# ---------------------------------------------------------------- E1, E2


def test_disposal_eight_options_and_transfer_needs_receiver(world, make_hazard):
    h = make_hazard()
    labels = [label for _, label in services.DISPOSALS]
    assert labels == [
        "现场立即整改",
        "责令限期整改",
        "现场紧急处置",
        "暂时停产停业",
        "移交其他部门",
        "简易处罚",
        "立案处罚",
        "其他处置措施",
    ]
    with pytest.raises(ValidationError) as exc:
        services.dispose(world.inspector, h, option="transfer")
    assert "transfer_to" in exc.value.message_dict
    d = services.dispose(world.inspector, h, option="transfer", transfer_to=world.zjw)
    assert d.transfer_to == world.zjw
    services.dispose(world.inspector, h, option="case", note="涉嫌未消除重大隐患")
    assert h.disposals.count() == 2
    with pytest.raises(PermissionDenied):
        services.dispose(world.ent_user, h, option="immediate")


def test_onsite_measure_and_lifting(world, make_hazard, today):
    h = make_hazard(level="major")
    with pytest.raises(PermissionDenied):
        services.impose_measure(world.town, world.food, kind="suspend", hazard=h)
    m = services.impose_measure(
        world.inspector, world.food, kind="stop_equipment", hazard=h, target="1号液氨压缩机"
    )
    assert m.active and OnSiteMeasure.objects.restrict(world.ent_user).filter(pk=m.pk).exists()
    with pytest.raises(ValidationError):
        services.lift_measure(world.inspector, m, note="")
    with pytest.raises(PermissionDenied):
        services.lift_measure(world.ent_user, m, note="已修好")
    # the hazard is still 待整改: only the department leader lifts it, with a reason
    with pytest.raises(ValidationError, match="尚未经复查合格"):
        services.lift_measure(world.inspector, m, note="复查合格")
    m = services.lift_measure(
        world.leader, m, note="已更换压缩机密封件，经现场核查可安全运行", expected_version=m.version
    )
    assert not m.active and m.lifted_by == world.leader
    kinds = list(h.events.values_list("kind", flat=True))
    assert kinds[-2:] == ["measure", "measure_lift"]
    with pytest.raises(ValidationError):
        services.lift_measure(world.inspector, m, note="再次解除")


# ---------------------------------------------------------------- scoping


def test_scoping_of_hazards(world, make_hazard):
    h = make_hazard()
    other = services.report_hazard(
        world.awb.__class__.objects.create(username="root", is_superuser=True, role="awb"),
        enterprise=world.other,
        source="inspection",
        description="外县隐患",
    )
    assert set(Hazard.objects.restrict(world.inspector)) == {h}
    assert set(Hazard.objects.restrict(world.ent_user)) == {h}
    assert not Hazard.objects.restrict(world.builder).exists()  # 住建委: not 工贸
    assert not Hazard.objects.restrict(world.expert).exists()
    assert not Hazard.objects.restrict(world.ent_user, "change").exists()
    assert other not in Hazard.objects.restrict(world.awb)
    with pytest.raises(PermissionDenied):
        services.report_hazard(
            world.inspector, enterprise=world.other, source="inspection", description="x"
        )
    with pytest.raises(PermissionDenied):
        services.report_hazard(
            world.ent_user, enterprise=world.food, source="inspection", description="x"
        )


def test_open_major_hazard_puts_enterprise_on_key_list(world, make_hazard, today):
    from anjian.conftest import make_enterprise
    from anjian.registry.services import classify

    ent = make_enterprise("安居顺达家具有限公司", "510904101201", "工贸", 5, employees=40)
    classify([ent])
    tier = EnterpriseTier.objects.get(enterprise=ent, department=world.yjj)
    assert tier.tier == "general"
    h = services.report_hazard(
        world.inspector,
        enterprise=ent,
        source="inspection",
        level="major",
        description="木工车间除尘系统未设泄爆装置",
        deadline=today + timedelta(days=5),
    )
    tier.refresh_from_db()
    assert tier.tier == "key"
    assert any(r["code"] == "open_major_hazards" for r in tier.reasons)
    # a major hazard closes through 五落实 → 整改 → 复查 → 销号, never 即查即改
    h = fill_five(h, world.inspector, today)
    h = services.start_rectification(world.inspector, h)
    h = services.submit_rectification(world.inspector, h, note="已加装泄爆装置", files=[photo()])
    services.review(world.inspector, h, passed=True, opinion="整改到位，同意销号")
    tier.refresh_from_db()
    assert tier.tier == "general"
