"""Offline inspection on a 390 px phone (issue 18): download the day's work, lose the signal,
fill the checklist with 全部符合 and two exceptions, add a photo and three signatures, regain the
signal — the record is on the server exactly once; a second sync sends nothing. A record
changed on the server meanwhile is shown as a conflict and nothing is lost. The user's taps
are counted (≤ 15 for an inspection with two findings and three signatures)."""

from datetime import date, timedelta

import pytest

from anjian.testing import ID_NUMBER
from e2e.conftest import PASSWORD, login, wait_js
from e2e.test_inspections import _png


@pytest.fixture
def assigned(e2e_world, settings, tmp_path):
    from anjian.campaigns.models import Campaign
    from anjian.checklists.models import ChecklistItem, ChecklistTemplate
    from anjian.conftest import make_enterprise
    from anjian.inspections import services

    settings.MEDIA_ROOT = tmp_path / "media"
    w = e2e_world
    t = ChecklistTemplate.objects.create(code="e2e-off", title="企业全员安全生产履职合法性检查表")
    items = [
        ChecklistItem.objects.create(
            template=t,
            row=i,
            subject="主要负责人",
            seq=i,
            item=f"建立健全安全生产责任制{i}",
            content=f"检查内容{i}",
            basis="《安全生产法》第二十一条",
        )  # fmt: skip
        for i in range(1, 6)
    ]
    ChecklistTemplate.objects.filter(pk=t.pk).update(status="published")
    camp = Campaign.objects.create(
        title="“强安2023”监管执法专项行动",
        region=w.county,
        start=date.today() - timedelta(days=5),
        end=date.today() + timedelta(days=30),
    )
    camp.checklists.add(t)
    ent = make_enterprise("安居五金制品厂", "510904101201", "工贸", 50, employees=8)
    insp = services.create_inspection(
        w.inspector,
        enterprise=ent,
        inspected_on=date.today(),
        inspectors=[w.inspector, w.leader],
        campaign=camp,
        modes=["sbll"],
    )
    return w, insp, items


class Taps:
    """What the user does, counted: a tap, a text entry, a choice, a photo, a signature."""

    def __init__(self, page):
        self.page, self.n = page, 0

    def click(self, selector):
        self.n += 1
        self.page.click(selector)

    def fill(self, selector, value):
        self.n += 1
        self.page.fill(selector, value)

    def choose(self, selector, value):
        self.n += 1
        self.page.select_option(selector, value)

    def photo(self, selector, path):
        self.n += 1
        self.page.set_input_files(selector, str(path))

    def sign(self, box_selector):
        self.n += 1
        canvas = self.page.locator(f"{box_selector} canvas")
        canvas.scroll_into_view_if_needed()
        b = canvas.bounding_box()
        x, y = b["x"] + 20, b["y"] + b["height"] / 2
        self.page.mouse.move(x, y)
        self.page.mouse.down()
        for i in range(1, 12):
            self.page.mouse.move(x + i * 22, y + (18 if i % 2 else -18), steps=3)
        self.page.mouse.up()
        self.page.wait_for_selector(f"{box_selector}.signed")


def _open_offline(new_page):
    page = new_page(390, 844)
    login(page, "yjj1")
    page.goto("/inspections/offline/")
    # the service worker controls the page (it keeps the page available with no signal)
    page.reload()
    wait_js(page, "navigator.serviceWorker && navigator.serviceWorker.controller !== null")
    return page


def _sync_posts(page):
    posts = []
    page.on(
        "request",
        lambda r: posts.append(r.url) if r.method == "POST" and "/api/offline/sync" in r.url else 0,
    )
    return posts


def test_offline_inspection_syncs_once(assigned, new_page, tmp_path):
    from anjian.hazards.models import Hazard
    from anjian.inspections.models import FindingPhoto, Inspection, OfflineSync

    w, insp, items = assigned
    page = _open_offline(new_page)
    posts = _sync_posts(page)
    taps = Taps(page)

    taps.click("#download")
    page.wait_for_selector(".open-work")
    page.context.set_offline(True)
    page.reload()  # the page itself comes from the service worker's cache
    page.wait_for_selector(".open-work")
    assert "无网络" in page.inner_text("#net-status")

    taps.click(".open-work")
    taps.click("#all-ok")
    taps.click(f'.res-fail[data-item="{items[1].pk}"]')
    taps.click(f'.res-fail[data-item="{items[3].pk}"]')
    wait_js(page, "document.querySelectorAll('#findings .finding').length === 2")
    # each 不符合 item became a finding with its item and legal basis filled in
    assert "建立健全安全生产责任制2" in page.input_value(
        '.finding[data-f="0"] textarea[name=description]'
    )
    assert "《安全生产法》第二十一条" in page.inner_text('.finding[data-f="0"]')
    taps.choose('.finding[data-f="0"] select[name=disposal]', "deadline")
    taps.choose('.finding[data-f="1"] select[name=disposal]', "immediate")
    photo = tmp_path / "现场照片.png"
    photo.write_bytes(_png())
    taps.photo('.finding[data-f="0"] input[name=photo]', photo)
    page.wait_for_selector('.finding[data-f="0"] .thumbs img')

    taps.sign(f'.sigbox[data-sig="u{w.inspector.pk}"]')
    taps.sign(f'.sigbox[data-sig="u{w.leader.pk}"]')
    taps.fill(f'.sigbox[data-sig="u{w.leader.pk}"] input[name=password]', PASSWORD)
    taps.fill('.sigbox[data-sig="ent"] input[name=rep-name]', "王厂长")
    taps.fill('.sigbox[data-sig="ent"] input[name=rep-id]', ID_NUMBER)
    taps.sign('.sigbox[data-sig="ent"]')
    page.screenshot(path="test-results/offline-phone-filled.png", full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    taps.click("#finish")

    # with no signal the record waits on the phone, and the screen says so
    page.wait_for_selector("#outbox.waiting")
    assert page.inner_text("#outbox-count") == "1"
    page.screenshot(path="test-results/offline-phone-waiting.png", full_page=True)
    assert Inspection.objects.get(pk=insp.pk).status == "draft"
    assert posts == []

    print(f"\nTAPS for an inspection with two findings and three signatures: {taps.n}")
    assert taps.n <= 15, taps.n

    page.context.set_offline(False)  # the signal returns: the page syncs by itself
    wait_js(page, "document.querySelector('#outbox-count').textContent === '0'", timeout=30)
    page.screenshot(path="test-results/offline-phone-synced.png", full_page=True)
    insp.refresh_from_db()
    assert insp.status == "submitted"
    assert insp.signatures.count() == 3
    assert insp.findings.count() == 2
    assert FindingPhoto.objects.filter(finding__inspection=insp).count() == 1
    assert Hazard.objects.filter(enterprise=insp.enterprise).count() == 2
    assert {f.checklist_item_id for f in insp.findings.all()} == {items[1].pk, items[3].pk}
    assert insp.results.filter(result="fail").count() == 2
    assert insp.results.filter(result="ok").count() == 3
    assert OfflineSync.objects.count() == 1
    n = len(posts)
    assert n == 1, posts

    # a second sync sends nothing
    page.click("#sync-now")
    page.wait_for_timeout(300)
    page.reload()
    page.wait_for_selector("#download")
    assert len(posts) == n
    assert insp.findings.count() == 2 and OfflineSync.objects.count() == 1


def test_conflict_is_shown_and_nothing_is_lost(assigned, new_page):
    from anjian.inspections import services
    from anjian.inspections.models import Inspection

    w, insp, items = assigned
    page = _open_offline(new_page)
    page.click("#download")
    page.wait_for_selector(".open-work")
    page.context.set_offline(True)

    page.click(".open-work")
    page.click("#all-ok")
    page.click(f'.res-fail[data-item="{items[0].pk}"]')
    # 移交其他部门, like the other disposals, asks for the receiving department in place
    assert page.locator('.finding[data-f="0"] .transfer-to').is_hidden()
    page.select_option('.finding[data-f="0"] select[name=disposal]', "transfer")
    page.wait_for_selector('.finding[data-f="0"] .transfer-to', state="visible")
    page.click("#finish")  # without the department: the screen says what is missing
    assert "接收部门" in page.inner_text("#problems")
    page.select_option('.finding[data-f="0"] select[name=transfer_to]', str(w.zjw.pk))
    for box in (f"u{w.inspector.pk}", f"u{w.leader.pk}", "ent"):
        Taps(page).sign(f'.sigbox[data-sig="{box}"]')
    page.fill(f'.sigbox[data-sig="u{w.leader.pk}"] input[name=password]', PASSWORD)
    page.fill('.sigbox[data-sig="ent"] input[name=rep-name]', "王厂长")
    page.fill('.sigbox[data-sig="ent"] input[name=rep-id]', ID_NUMBER)
    page.click("#finish")
    page.wait_for_selector("#outbox.waiting")

    # meanwhile the colleague changes the record on the server
    services.add_finding(w.leader, Inspection.objects.get(pk=insp.pk), description="消防通道堵塞")

    page.context.set_offline(False)
    page.wait_for_selector(".conflict", timeout=30000)
    text = page.inner_text(".conflict")
    assert "消防通道堵塞" in text  # the server's version
    assert "建立健全安全生产责任制1" in text  # the phone's version
    assert page.inner_text("#outbox-count") == "1"  # still waiting: nothing lost
    page.screenshot(path="test-results/offline-phone-conflict.png", full_page=True)
    insp.refresh_from_db()
    assert insp.status == "draft" and insp.findings.count() == 1

    # the inspector keeps his record on the server's new version
    page.click(".keep-mine")
    wait_js(page, "document.querySelector('#outbox-count').textContent === '0'", timeout=30)
    insp.refresh_from_db()
    assert insp.status == "submitted"
    assert sorted(f.description[:6] for f in insp.findings.all()) == sorted(
        ["消防通道堵塞", "建立健全安全"]
    )
    # the transfer chosen on the phone is a 移交表 to 住建委, as from the hazard page
    from anjian.enforcement.models import Transfer

    t = Transfer.objects.get(inspection=insp)
    assert t.to_department == w.zjw and t.department == insp.department
