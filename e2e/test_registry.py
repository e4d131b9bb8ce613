"""Login → enterprise list → filter → detail, as an inspector would."""

from e2e.conftest import login


def test_login_list_filter_detail(e2e_world, new_page):
    w = e2e_world
    page = new_page()
    login(page, "yjj1")
    page.click('nav.mainnav >> text="企业"')  # the 企业 section opens on its first page
    page.wait_for_selector("#enterprises")
    assert page.inner_text("nav.subnav a.active") == "企业名录"
    assert page.inner_text("#total") == "2"  # 应急局 sees 危险化学品 + 工贸 only
    assert w.build.name not in page.content()
    page.fill("input[name=q]", "食品")
    page.click("#filters button[type=submit]")
    page.wait_for_url("**q=*")
    assert page.inner_text("#total") == "1"
    page.click(f"text={w.food.name}")
    page.wait_for_selector("#tiers")
    assert "液氨制冷" in page.inner_text("#tiers")
    assert w.food.credit_code in page.content()
    page.screenshot(path="test-results/registry-detail.png", full_page=True)


def test_wrong_password_message(e2e_world, new_page):
    page = new_page(390, 844)
    page.goto("/accounts/login/")
    page.fill("input[name=username]", "yjj1")
    page.fill("input[name=password]", "wrong")
    page.click("#login-form button[type=submit]")
    assert "用户名或密码错误" in page.inner_text(".errors")
