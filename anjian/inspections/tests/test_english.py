"""Pages the demo walk does not reach (printed records, forms sent back with errors, empty
forms, public pages) read in English when English is chosen: no Chinese UI text is left, only
data (names, addresses, the checklist's own wording)."""

from datetime import date

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation

from anjian.campaigns import services as campaign_services
from anjian.inspections import services
from anjian.shell.tests.test_pages import _data_text, leftover_chinese

from .conftest import finish_drawn, png_data_url
from .test_inspections import fill_and_sign, new_inspection


@pytest.fixture(autouse=True)
def _chinese_again():
    """The English requests leave English active in this thread; the next test reads Chinese."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


def english(user=None):
    c = Client()
    c.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    if user is not None:
        c.force_login(user)
    return c


def chinese_left(resp) -> list[str]:
    assert resp.status_code < 500, resp.status_code
    return sorted(set(leftover_chinese(resp.content.decode(), _data_text())))


def test_inspection_pages_in_english(iw):
    insp = new_inspection(iw, experts=[iw.expert])
    services.add_finding(iw.inspector, insp, description="配电箱未接地", hazard_level="major")
    services.record_five_one(iw.inspector, insp, kind="ability_test", participants="厂长", score=90)
    c = english(iw.inspector)
    url = f"/inspections/{insp.pk}/"
    assert chinese_left(c.get(url)) == []
    # refusals: the page comes back with the form and its messages, in English
    item = iw.items[0]
    for part, data in (
        ("results/", {f"r_{item.pk}": "maybe"}),
        ("findings/", {"kind": "violation", "description": "x", "violation_code": "SPL-999"}),
        ("five-one/", {"kind": "ability_test"}),
        ("sign/", {"role": "inspector", "png": ""}),
        ("submit/", {}),
    ):
        resp = c.post(url + part, data)
        assert resp.status_code == 400 and chinese_left(resp) == [], part
    assert chinese_left(c.get(url + "print/")) == []
    assert chinese_left(c.get("/inspections/new/")) == []
    resp = c.post("/inspections/new/", {"enterprise": iw.general[0].pk, "origin": "adhoc"})
    assert chinese_left(resp) == []
    done = services.submit(iw.inspector, fill_and_sign(iw, insp))
    services.amend(iw.inspector, done, reason="笔误", content="更正", png=png_data_url())
    assert chinese_left(c.get(url)) == [] and chinese_left(c.get(url + "print/")) == []


def test_draw_and_plan_pages_in_english(iw):
    c = english(iw.inspector)
    assert chinese_left(c.get("/inspections/draws/new/")) == []
    resp = c.post("/inspections/draws/new/", {"title": "", "k": "0", "team_size": "abc"})
    assert chinese_left(resp) == []
    draw = services.create_draw(
        iw.inspector, title="第一批", inspection_date=date.today(), k=2, cross_town=True, seed="s"
    )
    assert chinese_left(c.get(f"/inspections/draws/{draw.pk}/")) == []
    finish_drawn(draw)
    services.publish_draw(iw.inspector, draw)
    assert chinese_left(english().get("/inspections/public/draws/")) == []
    assert chinese_left(english().get(f"/inspections/public/draws/{draw.pk}/")) == []
    leader = english(iw.leader)
    assert chinese_left(leader.get("/inspections/plans/new/")) == []
    resp = leader.post("/inspections/plans/new/", {"year": "1999", "title": "x", "month_1": "-1"})
    assert chinese_left(resp) == []
    plan = services.create_plan(
        iw.leader, department=iw.yjj, year=2026, title="计划", monthly_targets=[3] * 12
    )
    assert chinese_left(leader.get(f"/inspections/plans/{plan.pk}/")) == []
    assert chinese_left(leader.get(f"/inspections/plans/{plan.pk}/edit/")) == []


def test_campaign_and_checklist_pages_in_english(iw):
    campaign = campaign_services.create_campaign(
        iw.awb,
        title="专项行动",
        region=iw.county,
        start=iw.campaign.start,
        end=iw.campaign.end,
        phases=[
            {"kind": "self_check", "name": "自查", "start": iw.campaign.start, "end": date.today()}
        ],
        duties=[
            {
                "title": "统计表",
                "recurrence": "monthly",
                "day_of_month": 23,
                "first_month": date.today(),
            }
        ],
        departments=[iw.yjj],
        checklists=[iw.template],
    )
    awb = english(iw.awb)
    for url in ("/campaigns/", f"/campaigns/{campaign.pk}/", f"/campaigns/{campaign.pk}/edit/"):
        assert chinese_left(awb.get(url)) == [], url
    resp = awb.post("/campaigns/new/", {"title": "", "phases-TOTAL_FORMS": "0"})
    assert chinese_left(resp) == []
    from anjian.accounts.models import Role
    from anjian.conftest import make_user

    owner = make_user("qiye_en", Role.ENTERPRISE, enterprise=iw.general[0], region=iw.baima)
    si = campaign_services.start_self_inspection(owner, campaign, iw.template)
    ent = english(owner)
    assert chinese_left(ent.get(f"/campaigns/self/{si.pk}/")) == []
    resp = ent.post(f"/campaigns/self/{si.pk}/submit/", {"version": si.version})
    assert resp.status_code == 400 and chinese_left(resp) == []
    c = english(iw.inspector)
    for url in (
        "/checklists/",
        f"/checklists/{iw.template.pk}/",
        f"/checklists/{iw.template.pk}/print/",
    ):
        assert chinese_left(c.get(url)) == [], url
    assert chinese_left(c.get("/checklists/new/")) == []
