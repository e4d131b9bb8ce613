"""The closed loop in a browser: the enterprise submits a rectification with a photo on a phone,
the inspector rejects it once, the enterprise resubmits, the inspector passes it; the hazard is
已销号 and the enterprise's timeline (一企一档) shows each step."""

from datetime import timedelta

import pytest
from django.utils import timezone

from anjian.hazards import services
from anjian.hazards.standards import ensure_standards
from e2e.conftest import login

PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)


@pytest.fixture
def hazard(e2e_world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    w = e2e_world
    h = services.report_hazard(
        w.inspector,
        enterprise=w.food,
        source="inspection",
        description="液氨制冷车间氨气泄漏报警装置未定期检验",
        location="制冷车间",
        deadline=timezone.localdate() + timedelta(days=10),
    )
    return services.start_rectification(w.ent_user, h)


def submit_as_enterprise(page, h, note, photo):
    page.goto("/hazards/")
    page.click(f"#my-hazards a[href='/hazards/{h.pk}/']")
    page.wait_for_selector("#form-submit")
    page.fill("#form-submit textarea[name=note]", note)
    page.set_input_files("#form-submit input[name=files]", str(photo))
    page.click("#form-submit button[type=submit]")
    page.wait_for_selector(".messages .success")
    assert "待复查" in page.inner_text("#hazard-status")


def review_as_inspector(page, h, passed, opinion):
    page.goto(f"/hazards/{h.pk}/")
    page.wait_for_selector("#form-review")
    page.check(f"#form-review input[name=passed][value='{1 if passed else 0}']")
    page.fill("#form-review textarea[name=opinion]", opinion)
    page.click("#form-review button[type=submit]")
    page.wait_for_selector(".messages .success")


def test_rectify_reject_resubmit_pass_timeline(e2e_world, hazard, new_page, tmp_path):
    w = e2e_world
    photo = tmp_path / "zhenggai.png"
    photo.write_bytes(PNG)
    ent = new_page(390, 844)
    login(ent, "qiye")
    ent.goto("/hazards/")
    assert "整改期限" in ent.inner_text("#my-hazards")
    ent.screenshot(path="test-results/hazards-mine-phone.png", full_page=True)
    submit_as_enterprise(ent, hazard, "已委托检验机构检验报警装置", photo)
    assert ent.locator("#history .hz-files img").count() == 1
    ent.screenshot(path="test-results/hazards-submitted-phone.png", full_page=True)
    assert ent.locator("#form-review").count() == 0  # the enterprise cannot review

    insp = new_page()
    login(insp, "yjj1")
    review_as_inspector(insp, hazard, False, "检验报告未附，请补充后重新提交")
    assert "整改中" in insp.inner_text("#hazard-status")

    submit_as_enterprise(ent, hazard, "已补充检验报告和现场照片", photo)
    review_as_inspector(insp, hazard, True, "整改到位，同意销号")
    assert "已销号" in insp.inner_text("#hazard-status")
    insp.screenshot(path="test-results/hazards-detail-closed.png", full_page=True)

    insp.goto("/hazards/")
    insp.wait_for_selector("#hazards")
    insp.screenshot(path="test-results/hazards-ledger.png", full_page=True)
    insp.click(f"#hazards a[href='/hazards/enterprise/{w.food.pk}/timeline/']")
    insp.wait_for_selector("#timeline")
    text = insp.inner_text("#timeline")
    assert text.count("提交整改") == 2
    for step in ("登记隐患", "开始整改", "复查不通过", "复查通过，销号", "检验报告未附"):
        assert step in text
    insp.screenshot(path="test-results/hazards-timeline.png", full_page=True)

    ent.goto(f"/hazards/enterprise/{w.food.pk}/timeline/")
    assert "复查通过，销号" in ent.inner_text("#timeline")
    ent.screenshot(path="test-results/hazards-timeline-phone.png", full_page=True)


def test_major_hazard_five_measures_on_phone_and_supervision_list(e2e_world, new_page):
    w = e2e_world
    ensure_standards()  # transactional tests flush migration data
    today = timezone.localdate()
    h = services.report_hazard(
        w.ent_user,
        enterprise=w.food,
        source="self",
        level="major",
        description="液氨储罐区未设置泄漏报警和紧急切断装置",
    )
    services.supervise(
        w.awb,
        h,
        level="district",
        issuing_unit="安居区安全生产委员会",
        number="安居安委督〔2023〕1号",
        issued_on=today,
        deadline=today + timedelta(days=30),
    )
    ent = new_page(390, 844)
    login(ent, "qiye")
    ent.goto(f"/hazards/{h.pk}/")
    ent.click("#form-start button[type=submit]")
    assert "尚缺" in ent.inner_text(".errors")  # 五落实 first
    ent.fill("#form-measures textarea[name=measures]", "加装氨气泄漏报警仪和紧急切断阀")
    ent.fill("#form-measures input[name=responsible_person]", "王厂长")
    ent.fill("#form-measures input[name=funds]", "85000")
    ent.fill("#form-measures input[name=deadline]", str(today + timedelta(days=30)))
    ent.fill("#form-measures textarea[name=emergency_plan]", "液氨泄漏现场处置方案")
    ent.click("#form-measures button[type=submit]")
    ent.wait_for_selector(".messages .success")
    assert "已落实" in ent.inner_text("#five")
    ent.click("#form-start button[type=submit]")
    ent.wait_for_selector(".messages .success")
    assert "整改中" in ent.inner_text("#hazard-status")
    assert "不予处罚" in ent.inner_text("#hazard-status")
    ent.screenshot(path="test-results/hazards-major-phone.png", full_page=True)

    awb = new_page()
    login(awb, "awb")
    awb.goto("/hazards/supervision/")
    assert "安居安委督〔2023〕1号" in awb.inner_text("#supervisions")
    awb.screenshot(path="test-results/hazards-supervision.png", full_page=True)
    awb.goto("/hazards/criteria/")
    assert "应急管理部令第10号" in awb.content()
    awb.screenshot(path="test-results/hazards-criteria.png", full_page=True)


def test_inspector_reports_a_hazard_picking_the_enterprise_as_they_type(e2e_world, new_page):
    """登记隐患 asks for no credit code: the inspector types part of the name and picks the
    enterprise from the matches in their scope; the hazard lands on its page and the ledger."""
    w = e2e_world
    page = new_page()
    login(page, "yjj1")
    page.goto("/hazards/")
    page.click("a[href='/hazards/new/']")
    page.fill("input[name=enterprise__q]", w.food.name[2:6])
    page.click(f".search-select-item:has-text('{w.food.name}')")
    assert page.input_value("select[name=enterprise]") == str(w.food.pk)
    page.select_option("select[name=source]", "inspection")
    page.fill("textarea[name=description]", "配电箱门未关闭，带电部位裸露")
    page.fill("input[name=deadline]", str(timezone.localdate() + timedelta(days=7)))
    page.click("main form button[type=submit]")
    page.wait_for_selector(".messages .success")
    assert "配电箱门未关闭" in page.inner_text("#hazard-info")
    assert w.food.name in page.inner_text("#hazard-info")
    page.screenshot(path="test-results/hazards-new-search.png", full_page=True)
    page.goto("/hazards/?q=配电箱门")
    assert page.inner_text("#total") == "1"
