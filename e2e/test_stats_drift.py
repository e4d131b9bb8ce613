"""Issue 19 point 4 in the browser: a unit submits its table; two hazards registered afterwards
show as drift (+2 隐患, with links) on its table, and the 安委办 sees the drifted submission."""

from anjian.hazards.models import Hazard
from anjian.stats.tests.conftest import at, build_scenario
from e2e.conftest import login


def test_submitted_table_shows_drift_after_records_change(e2e_world, new_page):
    w = e2e_world
    build_scenario(w)
    page = new_page(1366, 900)
    login(page, "yjj1")
    page.goto("/stats/?month=2023-05&mode=cum&start=2023-04")
    page.wait_for_selector("#s1")
    page.fill("input[name=filler_name]", "张三")
    page.locator(".st-submitform button[type=submit]").click()
    page.wait_for_selector("#no-drift")
    for k in (1, 2):
        Hazard.objects.create(
            enterprise=w.chem, department=w.yjj, source="inspection", level="general",
            description=f"补录隐患{k}", found_at=at(2023, 5, 12), region_code=w.chem.region_id,
        )  # fmt: skip
    page.goto("/stats/?month=2023-05&mode=cum&start=2023-04")
    row = page.locator('#drift tr[data-fig="found"]')
    assert "+2 隐患" in row.inner_text()
    links = row.locator("a")
    assert links.count() == 2
    href = links.first.get_attribute("href")
    assert href.startswith("/hazards/")
    # the frozen figure is still the submitted one; the table beside it is live
    cells = row.locator("td.num")
    assert (cells.nth(0).inner_text(), cells.nth(1).inner_text()) == ("4", "6")
    links.first.click()
    page.wait_for_load_state()
    assert page.url.split("?")[0].endswith(href)
    awb = new_page(1366, 900)
    login(awb, "awb")
    awb.goto("/stats/submissions/?table=s1&month=2023-05")
    assert w.yjj.name in awb.locator("#drifted").inner_text()
