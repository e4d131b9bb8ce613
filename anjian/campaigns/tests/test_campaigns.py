"""C1: campaigns with phases, targets, departments, checklists and reporting schedule."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from anjian.audit.models import AuditEntry
from anjian.campaigns import services
from anjian.campaigns.demo import QIANGAN_DOC_NO, build
from anjian.campaigns.models import Campaign
from anjian.conftest import make_user
from anjian.core.services import ConflictError


def test_qiangan2023_phases_dates_targets_and_schedule(qiangan, annex1, world):
    c = qiangan
    assert c.doc_no == QIANGAN_DOC_NO == "遂安安委办发〔2023〕20号"
    assert c.issuer == "遂宁市安居区人民政府安全生产委员会办公室"
    phases = [(p.kind, p.start, p.end) for p in c.phases.all()]
    assert phases == [
        ("self_check", date(2023, 3, 21), date(2023, 3, 31)),
        ("enforcement", date(2023, 4, 1), date(2023, 11, 30)),
        ("review", date(2023, 12, 1), date(2023, 12, 20)),
    ]
    assert c.filing_deadline == date(2023, 3, 31)
    assert c.inspections_per_dept_month == 3 and c.key_coverage_pct == 100
    assert list(c.checklists.all()) == [annex1]
    assert world.yjj in c.departments.all() and world.zjw in c.departments.all()
    monthly = c.duties.get(recurrence="monthly")
    dues = monthly.due_dates()
    assert dues[0] == date(2023, 4, 23) and dues[-1] == date(2023, 12, 23) and len(dues) == 9
    once = sorted(d.due_date for d in c.duties.filter(recurrence="once"))
    assert once == [date(2023, 3, 25), date(2023, 12, 15)]
    assert c.phase_on(date(2023, 6, 1)).kind == "enforcement"
    assert c.phase_on(date(2023, 12, 25)) is None


def test_demo_build_is_idempotent(world, annex1):
    build({})
    build({})
    assert Campaign.objects.filter(doc_no=QIANGAN_DOC_NO).count() == 1


def test_only_awb_creates_and_edits(world, qiangan):
    with pytest.raises(PermissionDenied):
        services.create_campaign(
            world.inspector,
            title="部门自建",
            region=world.county,
            start=date(2024, 1, 1),
            end=date(2024, 2, 1),
        )
    with pytest.raises(PermissionDenied):
        services.update_campaign(world.town, qiangan, title="改名")
    services.update_campaign(world.awb, qiangan, expected_version=1, inspections_per_dept_month=4)
    qiangan.refresh_from_db()
    assert qiangan.inspections_per_dept_month == 4 and qiangan.phases.count() == 3
    entry = AuditEntry.objects.get(action="campaign.update")
    assert entry.before["inspections_per_dept_month"] == 3
    with pytest.raises(ConflictError):
        services.update_campaign(world.awb, qiangan, expected_version=1, title="过期修改")


def test_bad_phase_refused_naming_field(world, annex1):
    with pytest.raises(ValidationError) as exc:
        services.create_campaign(
            world.awb,
            title="测试",
            region=world.county,
            start=date(2024, 1, 1),
            end=date(2024, 3, 1),
            phases=[
                {
                    "kind": "self_check",
                    "name": "自查",
                    "start": date(2024, 2, 1),
                    "end": date(2024, 1, 15),
                }
            ],
            duties=[{"title": "统计表", "recurrence": "monthly"}],
        )
    errors = exc.value.message_dict
    assert "第1阶段" in errors["phases-1-end"][0]
    assert "duties-1-day_of_month" in errors
    assert not Campaign.objects.filter(title="测试").exists()


def test_campaign_scoping_by_role(world, qiangan):
    other = services.create_campaign(
        make_user("cs_awb", "awb", region=world.other_county),
        title="船山区专项行动",
        region=world.other_county,
        start=date(2023, 1, 1),
        end=date(2023, 12, 31),
    )
    for user in (
        world.awb,
        world.inspector,
        world.builder,
        world.town,
        world.expert,
        world.ent_user,
    ):
        visible = set(Campaign.objects.restrict(user))
        assert qiangan in visible, user.username
        assert other not in visible, user.username
    assert set(Campaign.objects.restrict(world.awb, "change")) == {qiangan}
    for user in (world.inspector, world.leader, world.town, world.ent_user):
        assert not Campaign.objects.restrict(user, "change").exists()


def test_campaign_page_highlights_current_phase(world, campaign):
    c = Client()
    c.force_login(world.town)
    html = c.get(f"/campaigns/{campaign.pk}/").content.decode()
    assert 'class="phase current"' in html and "企业自查自改" in html
    assert "每部门每月至少检查 3 家企业" in html
    assert "区应急局" in html and "企业全员安全生产履职合法性检查表" in html
    assert c.get("/campaigns/new/").status_code == 403


def test_awb_creates_campaign_through_page(world, annex1):
    c = Client()
    c.force_login(world.awb)
    data = {
        "title": "页面创建的专项行动",
        "doc_no": "安居安委办〔2024〕1号",
        "issuer": "安居区安委办",
        "region": world.county.pk,
        "start": "2024-03-01",
        "end": "2024-12-20",
        "inspections_per_dept_month": "3",
        "key_coverage_pct": "100",
        "general_sample_pct": "20",
        "departments": [world.yjj.pk],
        "checklists": [annex1.pk],
        "phases-TOTAL_FORMS": "2",
        "phases-INITIAL_FORMS": "0",
        "phases-0-kind": "self_check",
        "phases-0-name": "自查自改",
        "phases-0-start": "2024-03-01",
        "phases-0-end": "2024-03-31",
        "phases-1-kind": "enforcement",
        "phases-1-name": "集中执法",
        "phases-1-start": "2024-04-01",
        "phases-1-end": "2024-11-30",
        "duties-TOTAL_FORMS": "1",
        "duties-INITIAL_FORMS": "0",
        "duties-0-title": "统计汇总表",
        "duties-0-recurrence": "monthly",
        "duties-0-day_of_month": "23",
        "duties-0-first_month": "2024-04-01",
    }
    resp = c.post("/campaigns/new/", data)
    assert resp.status_code == 302, resp.content.decode()[:3000]
    camp = Campaign.objects.get(title="页面创建的专项行动")
    assert camp.phases.count() == 2 and camp.duties.get().day_of_month == 23
    assert camp.general_sample_pct == 20
    # editing keeps the existing phases and duties (pre-filled rows) and bumps the version
    edit = dict(data, title="页面修改的专项行动", version="1")
    edit.update({"phases-INITIAL_FORMS": "2", "duties-INITIAL_FORMS": "1"})
    resp = c.post(f"/campaigns/{camp.pk}/edit/", edit)
    assert resp.status_code == 302, resp.content.decode()[:3000]
    camp.refresh_from_db()
    assert camp.title == "页面修改的专项行动" and camp.version == 2
    assert camp.phases.count() == 2 and camp.duties.count() == 1
    resp = c.post(f"/campaigns/{camp.pk}/edit/", dict(edit, title="过期的修改"))
    assert "已被他人修改" in resp.content.decode()
    data["phases-1-start"] = "2024-03-15"  # overlaps the first phase
    data["title"] = "重叠阶段"
    resp = c.post("/campaigns/new/", data)
    assert resp.status_code == 200 and "日期重叠" in resp.content.decode()


def test_api_campaign_list_and_detail(world, qiangan):
    c = Client()
    c.force_login(world.ent_user)
    items = c.get("/api/campaigns").json()["items"]
    assert [i["doc_no"] for i in items] == [QIANGAN_DOC_NO]
    d = c.get(f"/api/campaigns/{qiangan.pk}").json()
    assert [p["kind"] for p in d["phases"]] == ["self_check", "enforcement", "review"]
    assert d["targets"]["inspections_per_dept_month"] == 3
    assert d["filing_deadline"] == "2023-03-31"
    assert any(x["recurrence"] == "monthly" and x["day_of_month"] == 23 for x in d["duties"])
    c.force_login(make_user("x", "awb", region=world.other_county))
    assert c.get(f"/api/campaigns/{qiangan.pk}").status_code == 404
