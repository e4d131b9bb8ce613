"""Query parameters are parsed by forms (a 400 naming the parameter); the seed wording of the
tables is in the catalogue; the pages read in English when English is chosen."""

from django.conf import settings
from django.test import Client

from anjian.stats import i18n
from anjian.stats.figures import DEFICIENCIES, FIXED_ROWS, S1, S2, SOURCES, TOTAL_LABEL
from anjian.stats.layout import S1_HEAD, S2_NOTE, S2_SECTIONS


def client(user, lang=None):
    c = Client()
    c.force_login(user)
    if lang:
        c.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
    return c


def test_bad_parameters_are_400_naming_them(world):
    c = client(world.awb)
    cases = {
        "/stats/?month=abc": "统计月份",
        "/stats/s2/?start=2023-99": "起始月份",
        "/stats/?mode=weekly": "统计口径",
        "/stats/?month=2023-05&mode=cum&start=2023-09": "起始月份",
        "/stats/dashboard/?month=x": "统计月份",
        "/stats/report.docx?month=2023-5x": "统计月份",
        "/stats/drill/?fig=teams&row=" + "行" * 65: "行业领域",
        "/stats/submissions/?month=2023-13": "月份",
        "/stats/submissions/?table=s9": "报表",
        "/stats/s1.xlsx?month=13-2023": "统计月份",
    }
    for url, name in cases.items():
        resp = c.get(url)
        assert resp.status_code == 400, url
        assert name in resp.content.decode(), url
    resp = c.post("/stats/s1/submit/?month=bad", {"filler_name": "x"})
    assert resp.status_code == 400


def test_every_seed_word_is_in_the_catalogue():
    words = set(i18n.DISPLAY_VALUES)
    for f in S1 + S2:
        assert {f.label, f.unit} <= words, f.key
        assert not f.group or f.group in words
    spot = {k for k, *_ in DEFICIENCIES}
    assert all(f.rule in words for f in S1 + S2 if f.key not in spot)
    assert {text for *_x, text in DEFICIENCIES} <= words
    assert {c.text for c in S1_HEAD} <= words
    assert {name for name, _figs in S2_SECTIONS} | set(S2_NOTE) <= words
    assert set(FIXED_ROWS) | {TOTAL_LABEL} | {s.label for s in SOURCES.values()} <= words


def test_table_page_in_english_keeps_the_layout_and_the_export_stays_chinese(world):
    c = client(world.awb, "en")
    html = c.get("/stats/?month=2023-05").content.decode()
    assert 'data-row="合  计"' in html  # the seed's row keys stay
    assert "派出检查小组" not in html and "行业领域" not in html
    from io import BytesIO

    from openpyxl import load_workbook

    ws = load_workbook(BytesIO(c.get("/stats/s1.xlsx?month=2023-05").content)).active
    assert ws.cell(4, 1).value == "行业领域"
