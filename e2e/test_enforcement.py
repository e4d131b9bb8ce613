"""Inspector opens a case from a finding (the 立案 link on the inspection page), the engine
proposes the range, the 听证告知书 follows the 较大数额 standard, the leader approves the
decision, and the decision document is downloaded."""

from datetime import date, timedelta

from docx import Document as Docx

from anjian.enforcement.tests.conftest import signed
from anjian.inspections.models import Finding, Inspection
from e2e.conftest import login as shared_login


def login(page, username):
    page.set_default_timeout(60_000)  # the first requests of a live server on a loaded machine
    shared_login(page, username)


def _finding(w):
    insp = Inspection.objects.create(
        enterprise=w.chem, department=w.yjj, inspected_on=date.today() - timedelta(days=1),
        region_code=w.chem.region_id, created_by=w.inspector,
    )  # fmt: skip
    f = Finding.objects.create(
        inspection=insp, kind="violation", recorded_by=w.inspector,
        description="新入职操作工未经安全生产教育和培训上岗作业", violation_code="SPL-97-3",
    )  # fmt: skip
    signed(insp, w.inspector)  # a case rests only on a signed record
    return f


def test_case_from_finding_to_downloaded_decision(e2e_world, new_page, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    w = e2e_world
    f = _finding(w)
    insp = new_page(390, 844)  # the inspector on a phone
    login(insp, "yjj1")
    insp.goto(f"/inspections/{f.inspection_id}/")
    assert insp.locator("a[data-action=transfer-new]").count() == 1
    insp.click("a[data-action=case-new]")
    insp.wait_for_url(f"**/enforcement/new/?finding={f.pk}")
    assert insp.input_value("textarea[name=facts]") == f.description
    assert insp.input_value("select[name=violation_code]") == "SPL-97-3"
    rng = insp.inner_text("#range")
    assert "0 元至 100000 元" in rng and "建议" in rng
    insp.fill("input[name=person_name]", "张三")
    insp.fill("input[name=person_position]", "主要负责人")
    insp.screenshot(path="test-results/enforcement-case-new.png", full_page=True)
    insp.click("form.en-form button[type=submit]")
    insp.wait_for_selector("#stage")
    assert insp.inner_text("#stage") == "立案审批中"
    case_url = insp.url

    lead = new_page()
    login(lead, "yjjlead")
    lead.goto(case_url)
    lead.click("text=批准立案")
    lead.wait_for_selector(".messages .success")
    assert "应急立〔" in lead.inner_text("#case-number")

    insp.goto(case_url)
    insp.click("#propose-decision")
    ent_fine = insp.locator("section.party").first.locator("input[type=number]").first
    assert ent_fine.input_value() != ""  # the engine's suggestion is pre-filled
    assert "0 元至 100000 元" in insp.locator("section.party").first.inner_text()
    ent_fine.fill("60000")  # reaches the default 较大数额 (30,000 yuan for an enterprise)
    # 第九十七条 fines the persons only when 逾期未改正: the handler writes 0 for 张三
    insp.locator("section.party").nth(1).locator("input[type=number]").first.fill("0")
    insp.screenshot(path="test-results/enforcement-decision.png", full_page=True)
    # A pointer click on this long phone page after the full-page screenshot reaches no
    # element in headless chromium; submit through the button itself (same request).
    insp.locator("form.en-form button.primary").evaluate("b => b.form.requestSubmit(b)")
    insp.wait_for_selector("#actions")
    assert "应当告知听证权利" in insp.inner_text("#hearing-check")
    insp.screenshot(path="test-results/enforcement-notice.png", full_page=True)
    insp.click("#actions button:has-text('制发行政处罚告知书')")
    insp.wait_for_selector(".messages .success")
    assert insp.inner_text("#stage") == "告知"
    docs = insp.inner_text("#documents")
    assert "行政处罚告知书" in docs and "听证告知书" in docs

    # Back on the inspection page, the finding names its case.
    insp.goto(f"/inspections/{f.inspection_id}/")
    assert "已立案" in insp.inner_text("#findings")

    # The party waives its 陈述申辩 and hearing rights in writing (行政处罚法第六十二条); without
    # that the decision would have to wait five working days for a hearing request.
    insp.goto(case_url)
    assert "5个工作日内提出要求听证" in insp.inner_text("#earliest-decision")
    insp.check("#rights-waived")
    insp.click("#actions button:has-text('记录陈述申辩')")
    insp.wait_for_selector(".messages .success")
    assert "明确放弃" in insp.inner_text("#earliest-decision")

    lead.goto(case_url)
    lead.click("#approve-decision button.primary")
    lead.wait_for_selector(".messages .success")
    assert lead.inner_text("#stage") == "决定"
    lead.screenshot(path="test-results/enforcement-case-detail.png", full_page=True)
    row = lead.locator("#documents tr", has_text="行政处罚决定书")
    with lead.expect_download() as dl:
        row.locator("a.dl-docx").click()
    path = tmp_path / "decision.docx"
    dl.value.save_as(path)
    text = "\n".join(p.text for p in Docx(path).paragraphs)
    text += "\n".join(c.text for t in Docx(path).tables for r in t.rows for c in r.cells)
    assert "行政处罚决定书" in text and "新入职操作工未经安全生产教育和培训上岗作业" in text
    assert "违反了" in text and "依据" in text  # the violated and the penalty provisions
    # 张三 is not fined (0 yuan): the unit's decision is the only one and does not name him as
    # penalised; a fined person gets a decision of his own (enforcement/tests)
    assert "张三" not in text
    assert lead.locator("#documents tr", has_text="行政处罚决定书").count() == 1

    anon = new_page(390, 844)
    anon.goto("/enforcement/public/")
    body = anon.inner_text("#penalties")
    assert "张*" in body and "张三" not in body
    anon.screenshot(path="test-results/enforcement-public.png", full_page=True)


def test_leader_revokes_a_licence_picked_by_search_and_reads_the_list_in_english(
    e2e_world, new_page, tmp_path, settings
):
    """The escalation form offers no list of every enterprise: the enterprise and the licence
    are searched as the leader types; the refusal of a form names its field; in English the
    escalations page shows the decision in English."""
    from anjian.enforcement.models import Sanction
    from anjian.registry.models import Licence

    settings.MEDIA_ROOT = tmp_path / "media"
    w = e2e_world
    lic = Licence.objects.create(
        enterprise=w.chem, kind="危险化学品经营许可证", number="川遂危化经E2E",
        valid_until=date.today() + timedelta(days=300),
    )  # fmt: skip
    lead = new_page()
    login(lead, "yjjlead")
    lead.goto("/enforcement/sanctions/")
    form = lead.locator("#sanction-new")
    form.locator("select[name=kind]").select_option("revocation")
    form.locator("input[name=enterprise__q]").fill(w.chem.name[:4])
    form.locator(".search-select-item", has_text=w.chem.name).first.click()
    form.locator("input[name=licence__q]").fill("E2E")
    form.locator(".search-select-item", has_text="川遂危化经E2E").click()
    form.locator("button.primary").click()  # no basis: the service refuses, naming the field
    lead.wait_for_selector(".errors")
    assert "依据 / 理由" in lead.inner_text("main")
    assert not Sanction.objects.exists()
    lead.fill("textarea[name=basis]", "安全生产法第一百一十三条")
    lead.locator("main form button.primary").click()
    lead.wait_for_selector(".messages .success")
    assert Sanction.objects.get().licence == lic
    assert "吊销许可证" in lead.inner_text("#sanctions")

    lead.click("#language-switch button")
    lead.wait_for_selector("html[lang=en]")
    assert "Licence revocation" in lead.inner_text("#sanctions")
    lead.screenshot(path="test-results/enforcement-sanctions-en.png", full_page=True)
