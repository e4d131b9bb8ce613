"""The 执法公示 portal on a 390 px phone, without login: a decision from the list, an
inspector's 执法证 checked by number, a withdrawn decision's notice."""

from datetime import date

from e2e.conftest import wait_js

PHONE = (390, 844)


def _fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= PHONE[0]


def test_portal_on_a_phone(e2e_world, new_page):
    from anjian.portal import services
    from anjian.portal.models import Publication
    from anjian.portal.tests.conftest import ID_NUMBER, PERSON, decided_case

    w = e2e_world
    case = decided_case(w)
    second = decided_case(w)
    pub = Publication.objects.get(case=case)
    services.withdraw_publication(w.inspector, Publication.objects.get(case=second),
                                  reason="经行政复议，原处罚决定被撤销")  # fmt: skip

    page = new_page(*PHONE)
    page.goto("/public/")
    assert _fits(page)
    page.click("nav.portal-nav >> text=处罚决定")
    page.wait_for_selector("#decisions")
    assert _fits(page)
    assert page.locator("#decisions li").count() == 1
    assert page.is_visible("#withdrawn")
    page.click(f"#decisions a[href='{pub.get_absolute_url()}']")
    page.wait_for_selector("#decision")
    assert _fits(page)
    text = page.inner_text("main")
    assert pub.data["number"] in text and "王**" in text
    assert PERSON not in text and ID_NUMBER not in text
    page.screenshot(path="test-results/portal-decision-phone.png", full_page=True)

    page.goto("/public/decisions/")
    page.click("#withdrawn a")
    page.wait_for_selector("#withdrawal")
    assert "经行政复议，原处罚决定被撤销" in page.inner_text("#withdrawal")

    page.goto("/public/cert/")
    assert _fits(page)
    page.fill("#cert_no", w.inspector.cert_no)
    page.press("#cert_no", "Enter")
    page.wait_for_selector("#cert-result")
    assert "有效" in page.inner_text("#cert-result")
    page.fill("#cert_no", w.inspector.cert_no)
    page.fill("#on", date(w.inspector.cert_expiry.year + 1, 1, 1).isoformat())
    page.click("#cert-form button[type=submit]")
    wait_js(page, "document.querySelector('#cert-result .bad') !== null")
    assert _fits(page)
    page.screenshot(path="test-results/portal-cert-phone.png", full_page=True)

    page.goto("/public/bodies/yjj/")
    assert _fits(page)
    assert w.inspector.cert_no in page.inner_text("#inspectors")

    # the open data's documentation renders under the site's CSP
    page.goto("/api/public/docs")
    page.wait_for_selector(".swagger-ui .opblock", timeout=20000)
    assert "/api/public/decisions" in page.inner_text(".swagger-ui")
