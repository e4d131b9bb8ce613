"""三个责任人 挂牌, the seed 004 monthly quota with its shortfall list, 风险明白卡 PDF."""

import re
import shutil
import subprocess
from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.utils import timezone

from anjian.accounts.models import Role
from anjian.audit.models import AuditEntry
from anjian.conftest import PASSWORD, make_enterprise, make_user
from anjian.duty import services
from anjian.duty.models import QUOTA_TEXT, DutyActivity
from anjian.duty.pdf import risk_card_pdf


@pytest.fixture
def signed(world):
    w = world
    w.town_leader = make_user("baima_lead", Role.TOWN, region=w.baima, full_name="白马镇 李镇长")
    w.food2 = make_enterprise("安居白马饲料有限公司", "510904101202", "工贸", 11, employees=12)
    for ent in (w.food, w.food2):
        services.set_responsible(
            w.awb, ent, kind="admin", name="李镇长", position="白马镇副镇长", phone="13900000001",
            user=w.town_leader,
        )  # fmt: skip
        services.set_responsible(
            w.awb, ent, kind="industry", name="张执法", position="区应急局科长", phone="13900000002",
            user=w.inspector,
        )  # fmt: skip
        services.set_responsible(
            w.awb, ent, kind="enterprise", name="王总", position="总经理", phone="13900000003"
        )
    return w


def test_quota_wording_is_seed_004():
    assert QUOTA_TEXT == (
        "行政负责人、行业部门监管负责人每月至少指导检查2家以上挂牌企业（单位），"
        "督促整改2个以上突出问题隐患，协调解决2个以上安全管理难题。"
    )


def test_officials_must_have_accounts_and_scope_applies(world):
    w = world
    with pytest.raises(ValidationError) as e:
        services.set_responsible(
            w.awb, w.food, kind="admin", name="李", position="副镇长", phone="139"
        )
    assert "系统账号" in e.value.message_dict["user"][0]
    with pytest.raises(PermissionDenied):  # 住建委 does not supervise a 工贸 enterprise
        services.set_responsible(
            w.builder, w.food, kind="enterprise", name="王", position="总经理", phone="139"
        )
    with pytest.raises(PermissionDenied):  # the enterprise itself cannot post its officials
        services.set_responsible(
            w.ent_user, w.food, kind="enterprise", name="王", position="总经理", phone="139"
        )


def test_shortfall_compares_activities_with_the_quota(signed):
    w = signed
    today = timezone.localdate()
    month = today.replace(day=1)
    # the inspector meets the quota: 2 enterprises checked, 2 hazards, 2 problems
    for ent in (w.food, w.food2):
        services.record_activity(
            w.inspector, kind="check", enterprise=ent, day=today, description="指导检查"
        )
        services.record_activity(
            w.inspector, kind="hazard", enterprise=ent, day=today, description="督促整改"
        )
        services.record_activity(
            w.inspector, kind="problem", enterprise=ent, day=today, description="协调解决"
        )
    # the town official checked one enterprise twice and pushed one hazard
    services.record_activity(
        w.town_leader, kind="check", enterprise=w.food, day=today, description="检查"
    )
    services.record_activity(
        w.town_leader, kind="check", enterprise=w.food, day=today, description="复查"
    )
    services.record_activity(
        w.town_leader, kind="hazard", enterprise=w.food, day=today, description="督促"
    )
    # last month's records do not count this month
    last = month - timedelta(days=1)
    services.record_activity(
        w.town_leader, kind="problem", enterprise=w.food, day=last, description="x"
    )
    rows = {r.official.pk: r for r in services.shortfall(month)}
    assert rows[w.inspector.pk].met
    town = rows[w.town_leader.pk]
    assert not town.met and (town.checked, town.hazards, town.problems) == (1, 1, 0)
    assert town.missing == [
        "指导检查挂牌企业 1/2 家",
        "督促整改突出问题隐患 1/2 个",
        "协调解决安全管理难题 0/2 个",
    ]
    assert services.shortfall(month)[0].official == w.town_leader  # short ones first
    assert services.shortfall(last.replace(day=1), by=w.awb)[0].problems in (0, 1)


def test_activity_only_for_listed_enterprises_and_not_in_the_future(signed):
    w = signed
    with pytest.raises(ValidationError) as e:
        services.record_activity(
            w.inspector, kind="check", enterprise=w.chem, day=date.today(), description="x"
        )
    assert "挂牌负责" in e.value.message_dict["enterprise"][0]
    with pytest.raises(ValidationError) as e:
        services.record_activity(
            w.inspector, kind="check", enterprise=w.food,
            day=timezone.localdate() + timedelta(days=1), description="x",
        )  # fmt: skip
    assert "day" in e.value.message_dict
    assert not DutyActivity.objects.exists()


def test_shortfall_and_sign_pages(signed):
    w = signed
    c = Client()
    c.login(username="awb", password=PASSWORD)
    page = c.get("/duty/shortfall/").content.decode()
    assert "白马镇 李镇长" in page and "协调解决安全管理难题 0/2 个" in page
    sign = c.get(f"/duty/enterprise/{w.food.pk}/sign/").content.decode()
    for text in ("行政负责人", "行业部门监管负责人", "企业负责人", "李镇长", "13900000002", "王总"):
        assert text in sign
    c.login(username="baima_lead", password=PASSWORD)
    resp = c.post(
        "/duty/activities/",
        {"kind": "check", "enterprise": w.food.pk, "day": timezone.localdate().isoformat(),
         "description": "现场指导检查液氨制冷车间"},
    )  # fmt: skip
    assert resp.status_code == 302
    assert DutyActivity.objects.filter(official=w.town_leader).count() == 1
    assert AuditEntry.objects.filter(action="duty.activity").count() == 1


CARD = dict(
    main_risks="液氨泄漏中毒\n有限空间作业窒息\n",
    key_controls="液氨储罐区设置泄漏报警并定期检测\n有限空间作业执行“先通风、再检测、后作业”",
    emergency_measures="发生液氨泄漏立即向上风向撤离并报告\n严禁盲目施救",
    contacts=[{"role": "企业负责人", "name": "王总", "phone": "13900000003"},
              {"role": "火警", "name": "", "phone": "119"}],
)  # fmt: skip


def test_risk_card_only_for_small_enterprises(world):
    w = world
    with pytest.raises(ValidationError) as e:
        services.save_risk_card(w.awb, w.build, **CARD)  # 200 employees
    assert "30人以下" in e.value.message_dict["enterprise"][0]
    card = services.save_risk_card(w.ent_user, w.food, **CARD)  # the enterprise drafts it
    assert card.lines(card.main_risks) == ["液氨泄漏中毒", "有限空间作业窒息"]
    with pytest.raises(ValidationError):
        services.save_risk_card(w.ent_user, w.food, **{**CARD, "contacts": []})


def test_risk_card_pdf_is_an_a4_page(world, tmp_path):
    w = world
    card = services.save_risk_card(w.awb, w.food, **CARD)
    data = risk_card_pdf(card)
    assert data.startswith(b"%PDF-")
    assert re.search(rb"/Type /Pages[^>]*/Count 1\b", data) or b"/Count 1" in data
    assert b"/MediaBox [ 0 0 595.2756 841.8898 ]" in data  # A4 in points
    assert b"STSong-Light" in data  # built-in CJK font, nothing downloaded
    if shutil.which("pdftotext"):  # optional deeper check when poppler is installed
        path = tmp_path / "card.pdf"
        path.write_bytes(data)
        text = subprocess.run(
            ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
        ).stdout.replace(" ", "")
        for s in ("安全风险明白卡", "遂宁XX食品有限公司", "液氨泄漏中毒", "应急处置措施", "119"):
            assert s in text
    c = Client()
    c.login(username="qiye", password=PASSWORD)
    resp = c.get(f"/duty/cards/{w.food.pk}/card.pdf")
    assert resp.status_code == 200 and resp["Content-Type"] == "application/pdf"
    assert c.get(f"/duty/cards/{w.chem.pk}/card.pdf").status_code == 404  # not its enterprise
