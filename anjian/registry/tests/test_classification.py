"""R2 名录库: explainable rules, per department, with a recorded manual override."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from openpyxl import load_workbook

from anjian.law.classification import EnterpriseFacts, classify
from anjian.registry import services
from anjian.registry.classification import FACT_PROVIDERS
from anjian.registry.models import EnterpriseTier


def test_rules_pure():
    today = date(2023, 4, 1)
    assert classify(EnterpriseFacts(), today).tier == "general"
    r = classify(EnterpriseFacts(accident_dates=(date(2020, 5, 1),)), today)
    assert r.tier == "key" and "近3年发生过生产安全事故" in r.reasons[0].text
    assert classify(EnterpriseFacts(accident_dates=(date(2019, 5, 1),)), today).tier == "general"
    assert classify(EnterpriseFacts(open_major_hazards=1), today).tier == "key"
    assert (
        classify(EnterpriseFacts(penalty_dates=(today - timedelta(days=10),)), today).tier
        == "general"
    )
    two = (today - timedelta(days=10), today - timedelta(days=200))
    assert classify(EnterpriseFacts(penalty_dates=two), today).tier == "key"
    assert classify(EnterpriseFacts(tip_dates=two), today).reasons[0].code == "repeat_tips"


def test_tiers_with_reasons(world):
    chem = EnterpriseTier.objects.get(enterprise=world.chem, department=world.yjj)
    assert chem.tier == "key"
    assert any("危险化学品" in r["text"] for r in chem.reasons)
    food = EnterpriseTier.objects.get(enterprise=world.food, department=world.yjj)
    assert food.tier == "key" and any("液氨制冷" in r["text"] for r in food.reasons)
    assert not EnterpriseTier.objects.filter(enterprise=world.food, department=world.zjw).exists()
    c = Client()
    c.force_login(world.inspector)
    html = c.get(f"/enterprises/{world.chem.pk}/").content.decode()
    assert "属高危行业领域：危险化学品" in html


def test_facts_from_later_contexts(world):
    """A provider (e.g. accidents) feeds the rules; the tier follows."""
    build = EnterpriseTier.objects.get(enterprise=world.build, department=world.zjw)
    world.build.primary_sector.high_risk = False
    world.build.primary_sector.save()
    services.classify([world.build])
    build.refresh_from_db()
    assert build.tier == "general"

    def accidents(ids, today):
        return {world.build.pk: {"accident_dates": (today - timedelta(days=30),)}}

    FACT_PROVIDERS.append(accidents)
    try:
        services.classify([world.build])
    finally:
        FACT_PROVIDERS.remove(accidents)
    build.refresh_from_db()
    assert build.tier == "key" and build.reasons[0]["code"] == "accident"


def test_override_records_who_when_why(world):
    tier = EnterpriseTier.objects.get(enterprise=world.chem, department=world.yjj)
    with pytest.raises(ValidationError):
        services.override_tier(world.leader, tier, tier="general", reason="")
    services.override_tier(
        world.leader, tier, tier="general", reason="已停产，经现场核实无危化品储存"
    )
    tier.refresh_from_db()
    assert tier.tier == "general" and tier.computed_tier == "key"
    assert tier.override_by == world.leader and tier.override_at is not None
    services.classify([world.chem])  # recomputation keeps the override
    tier.refresh_from_db()
    assert tier.tier == "general"
    c = Client()
    c.force_login(world.awb)
    html = c.get(f"/enterprises/{world.chem.pk}/").content.decode()
    assert "已停产，经现场核实无危化品储存" in html


def test_builder_cannot_override_other_department(world):
    tier = EnterpriseTier.objects.get(enterprise=world.chem, department=world.yjj)
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.override_tier(world.builder, tier, tier="general", reason="x")


def test_export_layouts_annex4_and_annex5(world):
    c = Client()
    c.force_login(world.inspector)
    resp = c.get(f"/enterprises/lists/{world.yjj.pk}/key.xlsx")
    assert resp.status_code == 200
    import io

    ws = load_workbook(io.BytesIO(resp.content)).active
    assert ws["A1"].value.endswith("重点检查企业名录库")
    assert "A1:D1" in {str(r) for r in ws.merged_cells.ranges}
    assert ws["A2"].value.startswith("填表单位：") and ws["C2"].value.startswith("填表时间：")
    assert [c.value for c in ws[3]] == ["序号", "企业名称", "行业类别", "主要风险"]
    rows = {
        r[1]: r
        for r in ws.iter_rows(min_row=4, values_only=True)
        if r[1] and r[0] and r[0].isdigit()
    }
    assert rows[world.food.name][3] == "液氨制冷"
    assert rows[world.food.name][2] == "工贸"
    assert any(r[0] == "审核人：" for r in ws.iter_rows(values_only=True))
    resp = c.get(f"/enterprises/lists/{world.yjj.pk}/general.xlsx")
    ws = load_workbook(io.BytesIO(resp.content)).active
    assert [c.value for c in ws[3]] == ["序号", "企业名称", "行业类别", "备注"]
    # Another department's list is not reachable.
    assert c.get(f"/enterprises/lists/{world.zjw.pk}/key.xlsx").status_code == 404
