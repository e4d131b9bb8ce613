"""S1 in the browser: open the table, click a figure, the list shows exactly that many records."""

from pathlib import Path

from anjian.stats.tests.conftest import build_scenario
from e2e.conftest import login, wait_js

SHOTS = Path(__file__).resolve().parent.parent / "test-results"


def test_click_a_figure_lists_its_records(e2e_world, new_page):
    build_scenario(e2e_world)
    page = new_page(1366, 900)
    login(page, "awb")
    page.goto("/stats/?month=2023-05&mode=cum&start=2023-04")
    page.wait_for_selector("#s1")
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / "stats-s1.png"), full_page=True)
    cells = [
        ("合  计", "teams", "inspection"),
        ("应急管理", "found", "hazard"),
        ("合  计", "checked", "enterprise"),
        ("合  计", "cases", "case"),
        ("合  计", "documents", "document"),
    ]
    for row, fig, model in cells:
        cell = page.locator(f'td[data-row="{row}"][data-fig="{fig}"] a')
        expected = cell.inner_text()
        assert int(expected) > 0
        cell.click()
        page.wait_for_selector("#records")
        assert page.locator("#total").inner_text() == expected
        lines = page.locator("#records tbody tr")
        assert lines.count() == int(expected)
        assert page.locator(f'#records tbody tr[data-model="{model}"]').count() == int(expected)
        if model == "case":
            # Each line opens the case itself, not its enterprise.
            links = page.locator("#records tbody td.record a")
            assert links.count() == int(expected)
            hrefs = [links.nth(k).get_attribute("href") for k in range(links.count())]
            assert all(h.startswith("/enforcement/") for h in hrefs), hrefs
            links.first.click()
            page.wait_for_load_state()
            assert page.url.split("?")[0].endswith(hrefs[0])
            page.go_back()
            page.wait_for_selector("#records")
        page.go_back()
        page.wait_for_selector("#s1")
    page.locator('td[data-row="合  计"][data-fig="teams"] a').click()
    page.wait_for_selector("#records")
    page.screenshot(path=str(SHOTS / "stats-drill.png"), full_page=True)


def test_phone_table_s2_and_dashboard(e2e_world, new_page):
    build_scenario(e2e_world)
    page = new_page(390, 844)
    login(page, "awb")
    page.goto("/stats/?month=2023-05")
    page.wait_for_selector("#s1")
    page.screenshot(path=str(SHOTS / "stats-s1-phone.png"), full_page=True)
    page.goto("/stats/s2/?month=2023-05&start=2023-04")
    assert page.locator('td[data-fig="self_major"] a').inner_text() == "2"
    page.screenshot(path=str(SHOTS / "stats-s2-phone.png"), full_page=True)
    page.goto("/stats/dashboard/?month=2023-05")
    wait_js(page, "window.Chart && !!Chart.getChart('chart-trends')")
    assert page.evaluate("Chart.getChart('chart-trends').data.datasets[0].data.at(-1)") == 3
    page.screenshot(path=str(SHOTS / "stats-dashboard-phone.png"), full_page=True)
    wide = new_page(1366, 900)
    login(wide, "awb")
    wide.goto("/stats/dashboard/?month=2023-05")
    wait_js(wide, "window.Chart && !!Chart.getChart('chart-towns')")
    wide.screenshot(path=str(SHOTS / "stats-dashboard.png"), full_page=True)
    wide.goto("/stats/submissions/?month=2023-05")
    wide.screenshot(path=str(SHOTS / "stats-submissions.png"), full_page=True)
