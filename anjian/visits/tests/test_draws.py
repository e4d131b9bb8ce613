"""双随机 draws and the published yearly limit (国办发〔2024〕54号): an enterprise at its limit,
or inspected by another department within the window, is left out of the draw (visits through
inspections.hooks) and the draw says how many and why."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError

from anjian.inspections import services as insp_services
from anjian.inspections.models import Inspection
from anjian.registry.models import Enterprise
from anjian.registry.services import classify
from anjian.testing import make_enterprise
from anjian.visits import services

DAY = date(date.today().year, 6, 2)


def visit(w, ent, on, department):
    return Inspection.objects.create(
        enterprise=ent, department=department, inspected_on=on, region_code=ent.region_id,
        created_by=w.inspector, origin="adhoc",
    )  # fmt: skip


@pytest.fixture
def shops(vw):
    ents = [make_enterprise(f"白马五金厂{i}", "510904101201", "工贸", 300 + i, employees=9)
            for i in range(4)]  # fmt: skip
    classify()
    assert {services.tier_of(e) for e in ents} == {"general"}
    full, repeated, free, old = ents
    for days in (120, 90):  # two this year: at a limit of 2
        visit(vw, full, DAY - timedelta(days=days), vw.yjj)
    visit(vw, repeated, DAY - timedelta(days=10), vw.zjw)  # another department, 10 days ago
    visit(vw, old, DAY - timedelta(days=300), vw.zjw)  # last year or long ago: counts only
    return ents


def draw(w, k=10):
    return insp_services.create_draw(
        w.inspector, title="第二批双随机抽查", inspection_date=DAY, k=k, seed="limit"
    )


def test_the_draw_leaves_out_enterprises_at_their_limit_and_says_why(vw, shops):
    full, repeated, free, old = shops
    # full has two visits this year: at a published limit of 2 it is out
    services.publish_limit(vw.awb, year=DAY.year, tier="general", per_year=2, window_days=30,
                           source="安居安委办〔2025〕3号")  # fmt: skip
    d = draw(vw)
    out = {e["id"]: e["reason"] for e in d.excluded}
    assert (
        full.pk in out and "年度上限 2 次" in out[full.pk] and "国办发〔2024〕54号" in out[full.pk]
    )
    assert repeated.pk in out and "综合查一次" in out[repeated.pk]
    assert free.pk not in out
    drawn = set(Inspection.objects.filter(draw=d).values_list("enterprise_id", flat=True))
    assert full.pk not in drawn and repeated.pk not in drawn and free.pk in drawn
    assert full.pk not in {c["id"] for c in d.candidates}
    assert insp_services.verify_draw(d).ok  # the stored candidates are those drawn from
    # the bulk exclusion says what the start of each inspection would say
    for ent in (full, repeated, free, old):
        c = services.precheck(ent, vw.yjj, DAY, origin="draw")
        assert c.needs_approval == (ent.pk in out), ent.name


def test_the_page_reports_how_many_were_left_out(vw, shops):
    from anjian.checklists.tests.helpers import client, messages_of

    services.publish_limit(vw.awb, year=DAY.year, tier="general", per_year=2, window_days=30,
                           source="安居安委办〔2025〕3号")  # fmt: skip
    c = client(vw.inspector)
    resp = c.post("/inspections/draws/new/", {
        "title": "第三批双随机抽查", "inspection_date": DAY.isoformat(), "k": 5, "team_size": 2,
        "home-TOTAL_FORMS": "0", "home-INITIAL_FORMS": "0",
    })  # fmt: skip
    assert resp.status_code == 302, resp.content.decode()[:2000]
    assert "未纳入抽取 2 家" in messages_of(resp) and "国办发〔2024〕54号" in messages_of(resp)
    html = c.get(resp["Location"]).content.decode()
    assert 'id="draw-excluded"' in html and "白马五金厂0" in html


def test_without_a_published_limit_nothing_is_left_out(vw, shops):
    d = draw(vw)
    assert d.excluded == []
    assert {e.pk for e in shops} <= {c["id"] for c in d.candidates}


def test_a_draw_where_every_candidate_is_at_its_limit_is_refused(vw, shops):
    full, repeated, free, old = shops
    for ent in (free, old):
        visit(vw, ent, DAY - timedelta(days=60), vw.yjj)
    services.publish_limit(vw.awb, year=DAY.year, tier="general", per_year=1, window_days=30,
                           source="安居安委办〔2025〕3号")  # fmt: skip
    others = {c["id"] for c in insp_services.draw_candidates(vw.yjj)} - {e.pk for e in shops}
    for ent in Enterprise.objects.filter(pk__in=others):
        visit(vw, ent, DAY - timedelta(days=50), vw.yjj)
    with pytest.raises(ValidationError) as exc:
        draw(vw)
    assert "国办发〔2024〕54号" in str(exc.value.message_dict["k"])
