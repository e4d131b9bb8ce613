"""涉企行政检查 in a browser on a 390 px phone: the inspector scans the enterprise's 入企码, is
told the published yearly limit is reached, requests a 行政检查审批表, the head approves it, the
inspector scans again and starts the visit; the enterprise sees the visit and rates it
anonymously; an identical open hazard is refused naming the existing one."""

import os
from datetime import date, timedelta

import pytest

from anjian.inspections import services as insp_services
from anjian.inspections.models import Inspection
from anjian.visits import services
from anjian.visits.models import VisitRating
from e2e.conftest import login

SHOTS = os.environ.get("ANJIAN_SHOTS")  # a folder to keep screenshots in (optional)


def slow(page):
    """The shared test machine is slow: navigation may take longer than the default."""
    page.set_default_timeout(60000)
    return page


def shot(page, name):
    if SHOTS:
        os.makedirs(SHOTS, exist_ok=True)
        page.screenshot(path=os.path.join(SHOTS, f"{name}.png"), full_page=True)


@pytest.fixture
def limited(e2e_world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    w = e2e_world
    services.publish_limit(
        w.awb, year=date.today().year, tier=services.tier_of(w.food), per_year=1,
        window_days=30, source="安居安委办〔2025〕3号",
    )  # fmt: skip
    first = insp_services.create_inspection(
        w.leader, enterprise=w.food, inspected_on=date.today() - timedelta(days=1),
        inspectors=[w.leader, w.inspector],
    )  # fmt: skip
    Inspection.objects.filter(pk=first.pk).update(status="submitted")
    return w, first


def test_scan_approval_start_and_anonymous_rating(new_page, live_server, limited):
    w, first = limited
    token = services.qr_token(w.food)
    phone = slow(new_page(390, 844, is_mobile=True, has_touch=True))
    login(phone, w.inspector.username)
    phone.goto(f"/visits/q/{token}/")
    assert "上限 1 次" in phone.inner_text("#precheck")
    shot(phone, "1-scan-limit-reached")
    phone.click("#need-approval")
    phone.wait_for_url("**/visits/approvals/new/**")
    assert w.food.name in phone.input_value("input[name=enterprise__q]")
    phone.fill("textarea[name=reason]", "群众反映夜间违规动火作业，须立即复查")
    shot(phone, "2-approval-form")
    phone.click("form.form button[type=submit]")
    phone.wait_for_selector(".messages .success")
    approval_url = phone.url

    desk = slow(new_page())
    login(desk, w.leader.username)
    desk.goto(approval_url)
    desk.check("input[name=approve][value='1']")
    desk.fill("textarea[name=opinion]", "同意，检查后报安委办备案")
    desk.click("form.form button[type=submit]")
    desk.wait_for_selector(".messages .success")
    assert "已批准" in desk.inner_text("#status")
    shot(desk, "3-approval-approved")

    phone.goto(f"/visits/q/{token}/")
    assert "可以开始检查" in phone.inner_text("#precheck")
    phone.click("#start")
    phone.wait_for_url("**/inspections/new/**")
    assert w.food.name in phone.input_value("input[name=enterprise__q]")
    shot(phone, "4-start-visit")

    ent = slow(new_page(390, 844, is_mobile=True, has_touch=True))
    login(ent, w.ent_user.username)
    ent.goto(f"/visits/enterprises/{w.food.pk}/qr/")
    assert ent.locator("#qr svg").count() == 1
    shot(ent, "5-enterprise-qr")
    ent.goto(f"/visits/q/{token}/")
    ent.wait_for_url("**/visits/mine/")
    assert w.leader.display_name in ent.inner_text("main")
    ent.select_option("form.rate-form select[name=score]", "4")
    ent.fill("form.rate-form input[name=comment]", "检查规范，指导到位")
    ent.click("form.rate-form button[type=submit]")
    ent.wait_for_selector(".messages .success")
    assert "已评价" in ent.inner_text("main")
    shot(ent, "6-enterprise-rated")
    r = VisitRating.objects.get(inspection=first)
    assert r.score == 4 and not hasattr(r, "user_id")


def test_identical_open_hazard_is_refused_on_the_page(new_page, e2e_world, settings, tmp_path):
    from anjian.hazards import services as hz

    settings.MEDIA_ROOT = tmp_path / "media"
    w = e2e_world
    first = hz.report_hazard(
        w.inspector, enterprise=w.food, source="inspection", description="安全出口堵塞",
        location="成品仓库", deadline=date.today() + timedelta(days=5),
    )  # fmt: skip
    page = slow(new_page(390, 844, is_mobile=True, has_touch=True))
    login(page, w.inspector.username)
    page.goto(f"/hazards/new/?enterprise={w.food.pk}")
    page.fill("textarea[name=description]", "安全出口 堵塞。")
    page.fill("input[name=location]", "成品仓库")
    page.fill("input[name=deadline]", (date.today() + timedelta(days=5)).isoformat())
    page.click("form.form button[type=submit]")
    page.wait_for_selector(".errors")
    assert f"#{first.pk}" in page.inner_text(".errors")
    shot(page, "7-duplicate-hazard-refused")


def test_planner_merges_two_departments_visits_into_one_table(new_page, e2e_world):
    from anjian.accounts.models import Sector
    from anjian.checklists.models import ChecklistItem, ChecklistTemplate
    from anjian.registry.models import EnterpriseSector

    w = e2e_world
    EnterpriseSector.objects.create(
        enterprise=w.chem, sector=Sector.objects.get(name="建筑施工"), is_primary=False
    )
    lists = []
    for code, rows in (("a", ["教育培训", "应急预案"]), ("b", ["教育培训", "脚手架"])):
        t = ChecklistTemplate.objects.create(
            code=f"e2e-{code}", title=f"清单{code}", status="draft"
        )
        for n, item in enumerate(rows, start=1):
            ChecklistItem.objects.create(template=t, row=n, seq=n, subject="企业", item=item,
                                         content=f"{item}情况")  # fmt: skip
        ChecklistTemplate.objects.filter(pk=t.pk).update(status="published")
        lists.append(ChecklistTemplate.objects.get(pk=t.pk))
    month = date.today().replace(day=1)
    services.plan_visit(w.inspector, enterprise=w.chem, month=month, checklist=lists[0])
    services.plan_visit(w.builder, enterprise=w.chem, month=month, checklist=lists[1])
    page = slow(new_page())
    login(page, w.awb.username)
    page.goto(f"/visits/plan/?month={month:%Y-%m}")
    shot(page, "8-planner")
    page.click("#merge form button[type=submit]")
    page.wait_for_selector("#one-table")
    rows = page.locator("#one-table tbody tr")
    assert rows.count() == 3  # 教育培训 once
    shot(page, "9-one-table")
