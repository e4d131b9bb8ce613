"""A drawn inspection done on a phone (390×844): checklist, finding with photo, three
signatures drawn on canvases, submission; the record is then read-only."""

import struct
import zlib
from datetime import date, timedelta

import pytest

from anjian.testing import ID_NUMBER
from e2e.conftest import PASSWORD, login


def _png(width=32, height=24) -> bytes:
    def chunk(kind, data):
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    raw = zlib.compress((b"\x00" + b"\xc8\x30\x30" * width) * height)
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", raw) + chunk(b"IEND", b"")


@pytest.fixture
def drawn(e2e_world, settings, tmp_path):
    from anjian.campaigns.models import Campaign
    from anjian.checklists.models import ChecklistItem, ChecklistTemplate
    from anjian.conftest import make_enterprise
    from anjian.inspections import services
    from anjian.inspections.models import Inspection
    from anjian.registry.services import classify

    settings.MEDIA_ROOT = tmp_path / "media"
    w = e2e_world
    t = ChecklistTemplate.objects.create(code="e2e", title="企业全员安全生产履职合法性检查表")
    for i in range(1, 4):
        ChecklistItem.objects.create(
            template=t, row=i, subject="主要负责人", seq=i, item=f"建立健全安全生产责任制{i}"
        )
    ChecklistTemplate.objects.filter(pk=t.pk).update(status="published")
    camp = Campaign.objects.create(
        title="“强安2023”监管执法专项行动",
        region=w.county,
        start=date.today() - timedelta(days=5),
        end=date.today() + timedelta(days=30),
    )
    camp.checklists.add(t)
    ent = make_enterprise("安居五金制品厂", "510904101201", "工贸", 50, employees=8)
    classify()
    # The certified pool of 应急局 is yjj1 and yjjlead, so the draw assigns both.
    draw = services.create_draw(
        w.inspector,
        title="第一批双随机抽查",
        inspection_date=date.today(),
        k=1,
        campaign=camp,
        seed="e2e",
    )
    insp = Inspection.objects.get(draw=draw)
    assert insp.enterprise == ent
    return w, insp


def _sign_on(page, box):
    canvas = box.locator("canvas")
    canvas.scroll_into_view_if_needed()
    b = canvas.bounding_box()
    x, y = b["x"] + 20, b["y"] + b["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    for i in range(1, 12):
        page.mouse.move(x + i * 22, y + (18 if i % 2 else -18), steps=3)
    page.mouse.up()


def test_field_inspection_on_phone(drawn, new_page, tmp_path):
    from anjian.inspections.models import Inspection

    w, insp = drawn
    page = new_page(390, 844)
    login(page, "yjj1")
    page.goto("/inspections/")
    page.click(f"text={insp.enterprise.name}")
    page.wait_for_selector("#results-form")
    page.screenshot(path="test-results/inspection-phone-open.png", full_page=True)

    # Checklist: 符合 for every item, saved.
    for label in page.locator("#results-form .ck-choices").all():
        label.locator("label", has_text="符合").first.click()
    page.click("#results-form button[type=submit]")
    page.wait_for_selector("text=已保存检查表结果（3 项）")

    # A finding with a photo taken on site.
    page.click("#finding summary")
    page.fill("#finding-form textarea[name=description]", "配电箱未可靠接地")
    page.fill("#finding-form input[name=location]", "一号车间")
    photo = tmp_path / "现场照片.png"
    photo.write_bytes(_png())
    page.set_input_files("#finding-form input[name=photos]", str(photo))
    page.click("#finding-form button[type=submit]")
    page.wait_for_selector("#findings img")
    assert "配电箱未可靠接地" in page.inner_text("#findings")

    # Both inspectors and the enterprise representative sign on screen.
    me = page.locator(f'.sig-box[data-signer="{w.inspector.pk}"]')
    _sign_on(page, me)
    me.locator("button[type=submit]").click()
    page.wait_for_selector(f'.sig-box[data-signer="{w.inspector.pk}"] img.sig-img')
    other = page.locator(f'.sig-box[data-signer="{w.leader.pk}"]')
    _sign_on(page, other)
    other.locator("input[name=password]").fill(PASSWORD)
    other.locator("button[type=submit]").click()
    page.wait_for_selector(f'.sig-box[data-signer="{w.leader.pk}"] img.sig-img')
    rep = page.locator('.sig-box[data-signer="enterprise"]')
    rep.locator("input[name=name]").fill("王厂长")
    rep.locator("input[name=id_number]").fill(ID_NUMBER)
    _sign_on(page, rep)
    rep.locator("button[type=submit]").click()
    page.wait_for_selector('.sig-box[data-signer="enterprise"] img.sig-img')
    page.screenshot(path="test-results/inspection-phone-signed.png", full_page=True)

    # No horizontal scrolling on the phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    page.click("#submit-btn")
    page.wait_for_selector("text=检查记录已提交并锁定")
    assert page.inner_text("#status") == "已提交"
    # Read-only: no checklist inputs, no finding form, no signature pads outside the
    # (collapsed) amendment form.
    assert page.locator("#results-form").count() == 0
    assert page.locator("#finding-form").count() == 0
    assert page.locator("#sign canvas").count() == 0
    assert page.locator("#sign img.sig-img").count() == 3
    page.screenshot(path="test-results/inspection-phone-submitted.png", full_page=True)

    insp.refresh_from_db()
    assert insp.status == "submitted"
    assert insp.signatures.count() == 3
    assert bytes(insp.signatures.first().png).startswith(b"\x89PNG")
    assert insp.findings.get().hazard.source == "inspection"
    assert Inspection.objects.get(pk=insp.pk).results.filter(result="ok").count() == 3

    # A new inspection's team picked by typing (chips and type-ahead, keyboard only): the
    # page starts with the inspector himself, Backspace removes him, then two are typed in.
    page.goto(f"/inspections/new/?enterprise={w.food.pk}")
    team = page.locator("#id_inspectors_q")
    team.click()
    assert page.locator(".search-multi-chip").count() == 1
    team.press("Backspace")
    assert page.locator(".search-multi-chip").count() == 0
    team.type("yjj1")
    page.wait_for_selector("#id_inspectors_results .search-select-item")
    team.press("ArrowDown")
    team.press("Enter")
    team.type("yjjl")
    page.wait_for_selector("#id_inspectors_results .search-select-item")
    team.press("Enter")
    assert page.locator(".search-multi-chip").count() == 2
    team.type("yjj1")  # already chosen: not proposed again
    page.wait_for_selector("#id_inspectors_results .search-select-none")
    team.fill("")
    page.click("main form button[type=submit]")
    page.wait_for_url(lambda url: "/new/" not in url)
    new = Inspection.objects.exclude(pk=insp.pk).get()
    assert set(new.team.values_list("user_id", flat=True)) >= {w.inspector.pk, w.leader.pk}

    page.goto(f"/inspections/{insp.pk}/print/")
    assert "现场检查记录" in page.inner_text("h1")
    page.screenshot(path="test-results/inspection-print.png", full_page=True)


def test_draw_published_and_verifiable_without_login(drawn, new_page):
    from anjian.inspections.tests.conftest import finish_drawn

    w, insp = drawn
    finish_drawn(insp.draw)  # published only after the drawn inspections are done
    page = new_page(390, 844)
    login(page, "yjj1")
    page.goto(f"/inspections/draws/{insp.draw_id}/")
    assert "结果一致" in page.content()
    page.click("text=公开抽查结果")
    page.wait_for_selector("text=抽查结果已公开")
    page.screenshot(path="test-results/draw-detail-phone.png", full_page=True)
    public = new_page(390, 844)  # a citizen, not logged in
    public.goto("/inspections/public/draws/")
    public.click("text=第一批双随机抽查")
    assert public.inner_text("#seed") == "e2e"
    table = public.inner_text("#draw-result")
    assert insp.enterprise.name in table and "yjj1" in table and "yjjlead" in table
    assert public.evaluate("document.documentElement.scrollWidth") <= 390
    public.screenshot(path="test-results/draw-public-phone.png", full_page=True)
