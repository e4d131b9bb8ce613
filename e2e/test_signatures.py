"""Real signatures (issue 15): a co-signer signs with his own password, the party signs by
hand on the inspector's device with name and 身份证号, the receiving town signs the 移交表
on its own account; a typed name is refused by the server."""

from anjian.testing import ID_NUMBER
from e2e.conftest import PASSWORD, login
from e2e.test_inspections import _sign_on, drawn  # noqa: F401 (fixture)


def _post_form(page, selector: str, data: dict):
    """POST what a form would send with the given fields (no drawing): the server must
    refuse it, whatever the page's script checks."""
    action = page.get_attribute(selector, "action")
    token = page.get_attribute(f"{selector} input[name=csrfmiddlewaretoken]", "value")
    return page.request.post(action, form={"csrfmiddlewaretoken": token, **data}, max_redirects=0)


def test_each_signer_signs_for_himself(drawn, new_page):  # noqa: F811
    from anjian.accounts.models import Signature
    from anjian.enforcement import services
    from anjian.enforcement.models import Transfer

    w, insp = drawn
    page = new_page(1280, 900)
    login(page, "yjj1")
    page.goto(f"/inspections/{insp.pk}/")

    # The logged-in inspector signs on his own account.
    me = page.locator(f'.sig-box[data-signer="{w.inspector.pk}"]')
    _sign_on(page, me)
    me.locator("button[type=submit]").click()
    page.wait_for_selector(f'.sig-box[data-signer="{w.inspector.pk}"] img.sig-img')

    # The co-signer signs on the same device: a wrong password is refused, his own accepted.
    other = page.locator(f'.sig-box[data-signer="{w.leader.pk}"]')
    _sign_on(page, other)
    other.locator("input[name=password]").fill("not-his-password")
    other.locator("button[type=submit]").click()
    page.wait_for_selector("text=本人输入登录密码确认签名")
    assert not insp.signatures.filter(user=w.leader).exists()
    other = page.locator(f'.sig-box[data-signer="{w.leader.pk}"]')
    _sign_on(page, other)
    other.locator("input[name=password]").fill(PASSWORD)
    other.locator("button[type=submit]").click()
    page.wait_for_selector(f'.sig-box[data-signer="{w.leader.pk}"] img.sig-img')

    # The party's representative: a typed name alone is refused by the server.
    rep_form = '.sig-box[data-signer="enterprise"] form'
    r = _post_form(page, rep_form, {"role": "enterprise", "name": "王厂长"})
    assert r.status == 400 and "仅填写姓名不是签名" in r.text()
    assert not insp.signatures.filter(role="enterprise").exists()
    # …and so is a wrong 身份证号; then he signs by hand with his name and ID number.
    rep = page.locator('.sig-box[data-signer="enterprise"]')
    rep.locator("input[name=name]").fill("王厂长")
    rep.locator("input[name=id_number]").fill(ID_NUMBER[:-1] + "1")
    _sign_on(page, rep)
    rep.locator("button[type=submit]").click()
    page.wait_for_selector("text=身份证号校验码不符")
    rep = page.locator('.sig-box[data-signer="enterprise"]')
    rep.locator("input[name=name]").fill("王厂长")
    rep.locator("input[name=id_number]").fill(ID_NUMBER)
    _sign_on(page, rep)
    rep.locator("button[type=submit]").click()
    page.wait_for_selector('.sig-box[data-signer="enterprise"] img.sig-img')
    sigs = {s.role if s.role == "enterprise" else s.user.username: s for s in insp.signatures.all()}
    assert sigs["yjj1"].method == "account" and sigs["yjjlead"].method == "password"
    party = sigs["enterprise"]
    assert (party.method, party.name, party.id_number, party.user) == (
        "device", "王厂长", ID_NUMBER, None)  # fmt: skip
    assert bytes(party.png).startswith(b"\x89PNG")
    # the hash of what was signed is shown with each signature
    assert party.content_sha256 in page.inner_text("#sign")
    page.screenshot(path="test-results/signatures-inspection.png", full_page=True)

    # The 移交表 to the town: the district inspector signs for his team…
    t = services.create_transfer(
        w.inspector, enterprise=insp.enterprise, to_region=w.baima,
        items=[{"description": "疏散通道堆放杂物", "disposals": ["deadline"]}],
    )  # fmt: skip
    page.goto(f"/enforcement/transfers/{t.pk}/")
    page.click("#sign-team button[type=submit]")
    page.wait_for_selector("#team-sign >> text=" + w.inspector.display_name)
    # …but cannot fill in the town's side with a typed name.
    r = _post_form(page, "#sign-local", {"side": "local", "name": "王配合"})
    assert r.status == 400 and "仅填写姓名不是签名" in r.text()
    assert not t.signatures.filter(role="local").exists()
    page.goto(f"/enforcement/transfers/{t.pk}/")
    assert page.locator("#sign-local input[name=id_number]").count() == 1
    assert page.locator("#sign-local canvas").count() == 1

    # The receiving town signs on its own account and receives the form.
    town = new_page(1280, 900)
    login(town, "baima")
    town.goto(f"/enforcement/transfers/{t.pk}/")
    assert town.locator("#sign-team").count() == 0  # the town cannot sign for the team
    town.click("#sign-town button[type=submit]")
    town.wait_for_selector("#local-sign >> text=" + w.town.display_name)
    town.click("text=确认接收")
    town.wait_for_selector("text=处理结果反馈")
    town.screenshot(path="test-results/signatures-transfer-town.png", full_page=True)

    t = Transfer.objects.get(pk=t.pk)
    assert t.status == "acknowledged" and t.signed
    local = t.signatures.get(role="local")
    assert (local.user, local.method) == (w.town, "account")
    assert Signature.objects.filter(role="team", user=w.inspector, target_id=t.pk).exists()
    assert local.content_sha256 in town.inner_text("main")
