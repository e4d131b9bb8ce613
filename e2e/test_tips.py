"""A member of the public reports on a phone, then follows the tip with code and secret."""

import re

from e2e.conftest import login, wait_js

PHONE = (390, 844)


def _solve(label: str) -> str:
    a, op, b = re.search(r"(\d+) ([+-]) (\d+) = \?", label).groups()
    return str(int(a) + int(b) if op == "+" else int(a) - int(b))


def test_public_tip_on_a_phone_then_status(e2e_world, new_page, tmp_path):
    from anjian.tips import services
    from anjian.tips.models import Tip

    w = e2e_world
    page = new_page(*PHONE)
    page.goto("/tips/report/")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE[0]
    page.check("input[name=category][value=major_hazard]")
    page.fill("#id_enterprise_name", "鑫源")
    wait_js(page, "document.querySelectorAll('#enterprise-names option').length > 0")
    assert page.eval_on_selector("#enterprise-names option", "o => o.value") == w.chem.name
    page.fill("#id_enterprise_name", w.chem.name)
    page.fill("#id_place", "罐区")
    page.fill("#id_description", "罐区可燃气体报警器全部停用，夜间无人值守，多次反映未整改。")
    photo = tmp_path / "scene.png"
    photo.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 100)
    page.set_input_files("#id_photos", str(photo))
    # Named fields stay hidden until 实名举报 is chosen.
    assert not page.is_visible("#id_reporter_name")
    page.check("input[name=identity][value=named]")
    page.fill("#id_reporter_name", "王秀英")
    page.fill("#id_reporter_phone", "13912345678")
    page.fill("#id_answer", _solve(page.inner_text("label[for=id_answer]")))
    page.screenshot(path="test-results/tips-report-phone.png", full_page=True)
    page.click("button.tp-submit")
    page.wait_for_selector("#tip-code")
    code, secret = page.inner_text("#tip-code"), page.inner_text("#tip-secret")
    page.screenshot(path="test-results/tips-done-phone.png", full_page=True)
    tip = Tip.objects.get(code=code)
    assert tip.enterprise == w.chem and not tip.anonymous and tip.attachments.count() == 1

    # The 安委办 accepts and assigns the tip in the meantime.
    services.triage(w.awb, tip, accept=True, note="内部：先核实举报人身份")
    services.assign(w.awb, tip, department=w.yjj, handler=w.inspector)

    later = new_page(*PHONE)
    later.goto("/tips/status/")
    later.fill("#id_code", code)
    later.fill("#id_secret", "WRONGWRONG12")
    later.click("button.tp-submit")
    assert "举报编号或查询密码不正确" in later.inner_text(".errors")
    later.fill("#id_code", code)
    later.fill("#id_secret", secret)
    later.click("button.tp-submit")
    later.wait_for_selector("#tip-status")
    assert later.inner_text("#tip-state") == "待核查"
    text = later.inner_text("main")
    assert "已交由" in text and "内部" not in text and "王秀英" not in text
    assert later.evaluate("document.documentElement.scrollWidth") <= PHONE[0]
    later.screenshot(path="test-results/tips-status-phone.png", full_page=True)


def test_handler_reveals_the_reporter(e2e_world, new_page):
    from anjian.tips import services

    w = e2e_world
    tip, _ = services.submit_tip(
        category="illegal", enterprise_name=w.chem.name, anonymous=False,
        reporter_name="王秀英", reporter_phone="13912345678",
        description="无证经营危险化学品，仓库堆放大量液化气罐。",
    )  # fmt: skip
    services.triage(w.awb, tip, accept=True)
    services.assign(w.awb, tip, department=w.yjj, handler=w.inspector)
    page = new_page()
    login(page, "yjj1")
    page.goto(f"/tips/{tip.pk}/")
    assert "王秀英" not in page.content()
    page.click("#reveal")
    page.wait_for_selector("#reporter strong")
    assert page.inner_text("#reporter strong") == "王秀英"
    page.screenshot(path="test-results/tips-detail.png", full_page=True)
    page.goto("/tips/")
    page.screenshot(path="test-results/tips-list.png", full_page=True)


def test_accident_pages(e2e_world, new_page):
    from datetime import timedelta

    from django.utils import timezone

    from anjian.accidents import services

    w = e2e_world
    occurred = timezone.now() - timedelta(days=2)
    acc = services.record_accident(
        w.inspector, enterprise=w.chem, occurred_at=occurred,
        reported_at=occurred + timedelta(hours=3), place="罐区", kind="中毒和窒息",
        deaths=1, serious_injuries=2, direct_loss_yuan=800000,
    )  # fmt: skip
    page = new_page()
    login(page, "yjj1")
    page.goto("/accidents/")
    assert "迟报" in page.inner_text("#accidents")
    page.screenshot(path="test-results/accidents-list.png", full_page=True)
    page.goto(f"/accidents/{acc.pk}/")
    assert "一般事故" in page.inner_text("main")
    assert "瞒报" not in page.inner_text("main dl")
    # A tip received before the enterprise's late report brought the accident to light.
    from anjian.tips import services as tips

    tip, _ = tips.submit_tip(
        category="concealed", enterprise_name=w.chem.name, received_at=occurred + timedelta(hours=1),
        description="罐区有工人中毒送医，企业没有上报，正在私下处理。",
    )  # fmt: skip
    tips.triage(w.awb, tip, accept=True)
    tips.assign(w.awb, tip, department=w.yjj, handler=w.inspector)
    page.click("#acc-link summary")
    page.fill("#link-tip", tip.code)
    page.click("#acc-link button:has-text('关联举报')")
    page.wait_for_selector(f"#acc-tips a:has-text('{tip.code}')")
    assert "已标记为瞒报" in page.inner_text("main")
    assert "瞒报" in page.inner_text("main dl") and "群众举报" in page.inner_text("main dl")
    page.screenshot(path="test-results/accidents-detail.png", full_page=True)
    page.click(f"#acc-tips a:has-text('{tip.code}')")
    page.wait_for_url(f"**/tips/{tip.pk}/")
    assert page.is_visible(f"a[href='/accidents/{acc.pk}/']")
    page.goto("/accidents/new/")
    page.screenshot(path="test-results/accidents-new.png", full_page=True)


def test_awb_accepts_links_the_enterprise_by_search_and_assigns(e2e_world, new_page):
    """The 安委办 accepts a free-text tip, links it to the registry by typing part of the name
    (search-as-you-type), and assigns it to a handler the form offers (valid 执法证 only)."""
    from datetime import date, timedelta

    from anjian.accounts.models import Role
    from anjian.conftest import make_user
    from anjian.tips import services
    from anjian.tips.models import Tip

    w = e2e_world
    expired = make_user(
        "yjj_old", Role.INSPECTOR, department=w.yjj, region=w.county, full_name="过期者",
        cert_no="川执0099", cert_expiry=date.today() - timedelta(days=1),
    )  # fmt: skip
    tip, _ = services.submit_tip(
        category="major_hazard", enterprise_name="鑫源化工厂", region=w.rougang,
        description="罐区可燃气体报警器全部停用，夜间无人值守。",
    )  # fmt: skip
    page = new_page()
    login(page, "awb")
    page.goto(f"/tips/{tip.pk}/")
    box = page.locator(".search-select-input").first
    box.fill("鑫源")
    page.click(f".search-select-item:has-text('{w.chem.name}')")
    page.click("form[action$='/triage/'] button[type=submit]")
    page.wait_for_selector("text=请分办")
    assert Tip.objects.get(pk=tip.pk).enterprise == w.chem
    options = page.locator("#id_handler option").all_inner_texts()
    assert any("yjj1" in o for o in options) and not any("过期者" in o for o in options)
    assert expired.pk  # exists, but is not offered
    page.select_option("#id_department", str(w.yjj.pk))
    page.select_option("#id_handler", str(w.inspector.pk))
    page.click("form[action$='/assign/'] button[type=submit]")
    page.wait_for_selector("text=指派给")
    assert f"已分办至{w.yjj.name}，指派给" in page.inner_text("main")
    page.screenshot(path="test-results/tips-assigned.png", full_page=True)
