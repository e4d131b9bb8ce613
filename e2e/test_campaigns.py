"""C3 in the browser: the enterprise runs the 附件1 checklist on a phone; the department files it."""

from datetime import date, timedelta

from anjian.campaigns import services
from anjian.campaigns.models import SelfInspection
from anjian.checklists.models import ChecklistTemplate
from anjian.checklists.seed import ANNEX1_CODE, load_annex1
from anjian.hazards.models import Hazard
from e2e.conftest import login


def _campaign(w):
    load_annex1()  # the transactional test database may have been flushed
    annex1 = ChecklistTemplate.objects.get(code=ANNEX1_CODE, version=1)
    today = date.today()
    return services.create_campaign(
        w.awb,
        title="企业全员安全生产履职自查自改",
        doc_no="安居安委办〔2026〕1号",
        region=w.county,
        start=today - timedelta(days=3),
        end=today + timedelta(days=60),
        inspections_per_dept_month=3,
        phases=[
            {
                "kind": "self_check",
                "name": "企业自查自改",
                "start": today - timedelta(days=3),
                "end": today + timedelta(days=10),
            },
            {
                "kind": "enforcement",
                "name": "集中执法",
                "start": today + timedelta(days=11),
                "end": today + timedelta(days=60),
            },
        ],
        departments=[w.yjj],
        checklists=[annex1],
    ), annex1


def test_enterprise_self_inspects_and_department_files(e2e_world, new_page):
    w = e2e_world
    campaign, annex1 = _campaign(w)

    page = new_page(390, 844)
    login(page, "qiye")
    page.goto(f"/campaigns/{campaign.pk}/")
    assert "当前阶段" in page.inner_text("#phases")
    page.screenshot(path="test-results/campaign-detail-phone.png", full_page=True)
    page.click("text=开始自查")
    page.wait_for_selector("#selfcheck")
    # everything 符合, row 23 不涉及, row 4 不符合 with a plan
    for row in range(1, 24):
        value = "na" if row == 23 else ("fail" if row == 4 else "ok")
        page.check(f"#item-{row} input[type=radio][value={value}]")
    item4 = page.locator("#item-4")
    item4.locator("textarea[name$=-note]").fill("年度培训计划未覆盖劳务派遣人员")
    item4.locator("textarea[name$=-measures]").fill("修订培训计划并补充岗前培训")
    item4.locator("input[name$=-responsible]").fill("安全员 李明")
    deadline = (date.today() + timedelta(days=14)).isoformat()
    item4.locator("input[name$=-deadline]").fill(deadline)
    # the plan fields are shown only for the 不符合 item
    assert item4.locator(".sc-plan").is_visible()
    assert not page.locator("#item-5 .sc-plan").is_visible()
    item4.screenshot(path="test-results/selfcheck-item-phone.png")
    page.click("#submit-btn")
    page.wait_for_selector("#answers")
    assert "已提交" in page.inner_text("#si-status")
    assert "企业自查隐患" in page.inner_text("#answers")
    page.screenshot(path="test-results/selfcheck-submitted-phone.png", full_page=True)

    hazards = Hazard.objects.filter(enterprise=w.food)
    assert [(h.source, h.checklist_item.row) for h in hazards] == [("self", 4)]

    page2 = new_page()
    login(page2, "yjj1")
    page2.goto(f"/campaigns/{campaign.pk}/")
    page2.click("text=查看企业自查")
    page2.wait_for_selector("#submissions")
    assert w.food.name in page2.inner_text("#submissions")
    page2.screenshot(path="test-results/selfcheck-submissions.png", full_page=True)
    page2.click(f"text={w.food.name}")
    page2.wait_for_selector("#filing")
    assert "修订培训计划并补充岗前培训" in page2.inner_text("#answers")
    page2.click("#file-btn")  # no opinion: refused, naming the field
    page2.wait_for_selector("#filing .errors")
    assert "备案须填写备案意见" in page2.inner_text("#filing")
    page2.fill("#filing textarea[name=note]", "整改计划可行，同意备案")
    page2.click("#file-btn")
    page2.wait_for_selector(".messages")
    assert "已备案" in page2.inner_text("#si-status")
    page2.screenshot(path="test-results/selfcheck-filed.png", full_page=True)
    si = SelfInspection.objects.get(enterprise=w.food)
    assert si.status == "filed" and si.filed_department == w.yjj and not si.filed_late


def test_printable_annex1(e2e_world, new_page):
    load_annex1()
    annex1 = ChecklistTemplate.objects.get(code=ANNEX1_CODE, version=1)
    page = new_page()
    login(page, "yjj1")
    page.goto(f"/checklists/{annex1.pk}/print/")
    assert page.locator("#sheet tbody tr").count() == 23
    page.screenshot(path="test-results/checklist-print.png", full_page=False)


def test_department_drafts_and_publishes_a_checklist(e2e_world, new_page):
    page = new_page()
    login(page, "yjj1")
    page.goto("/checklists/new/")
    page.fill("input[name=code]", "yjj-gongmao-2026")
    page.fill("input[name=title]", "工贸行业重点检查事项清单")
    page.click("form.form button.primary")
    page.wait_for_selector("#items")
    page.click(".cl-add summary")
    page.fill("input[name=subject]", "企业")
    page.fill("textarea[name=item]", "液氨制冷企业按规定设置氨气泄漏报警装置")
    page.fill("input[name=violation_code]", "SPL-99-2")
    page.click(".cl-add button[type=submit]")
    page.wait_for_selector("text=已添加检查项")
    assert "SPL-99-2" in page.inner_text("#items")
    page.screenshot(path="test-results/checklist-draft-editor.png", full_page=True)
    page.click("#publish")
    page.wait_for_selector("#revise")
    tpl = ChecklistTemplate.objects.get(code="yjj-gongmao-2026")
    assert tpl.status == "published" and tpl.items.count() == 1
