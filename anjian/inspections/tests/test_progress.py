"""C1/I1: progress against campaign and plan targets, computed from inspection records."""

from datetime import date

import pytest
from django.test import Client

from anjian.campaigns import services as campaign_services
from anjian.inspections import services
from anjian.registry.models import EnterpriseTier
from anjian.testing import ID_NUMBER

from .conftest import png_data_url

PASSWORD = "Test@Passw0rd!"


def inspect(by, second, ent, day, *, submit=True, **kw):
    insp = services.create_inspection(
        by, enterprise=ent, inspected_on=day, inspectors=[by, second], **kw
    )
    if not submit:
        return insp
    services.sign(by, insp, role="inspector", png=png_data_url())
    services.sign(by, insp, role="inspector", png=png_data_url(), signer=second, password=PASSWORD)
    services.sign(
        by, insp, role="enterprise", png=png_data_url(), name="现场负责人", id_number=ID_NUMBER
    )
    return services.submit(by, insp)


@pytest.fixture
def qa(iw):
    """强安2023 shape: 自查自改 in March, 集中执法 April–November, 回头看 1–20 December."""
    return campaign_services.create_campaign(
        iw.awb,
        title="“强安2023”监管执法专项行动",
        region=iw.county,
        start=date(2023, 3, 21),
        end=date(2023, 12, 20),
        inspections_per_dept_month=3,
        key_coverage_pct=100,
        general_sample_pct=50,
        phases=[
            {
                "kind": "self_check",
                "name": "自查自改",
                "start": date(2023, 3, 21),
                "end": date(2023, 3, 31),
            },
            {
                "kind": "enforcement",
                "name": "集中执法",
                "start": date(2023, 4, 1),
                "end": date(2023, 11, 30),
            },
            {
                "kind": "review",
                "name": "巩固提高",
                "start": date(2023, 12, 1),
                "end": date(2023, 12, 20),
            },
        ],
        departments=[iw.yjj, iw.zjw],
    )


@pytest.fixture
def records(iw):
    w, g = iw, iw.general
    a, b = w.inspector, w.inspector2
    # April: 鑫源化工 (重点) and 白马机械厂0 twice -> 2 enterprises, 3 visits.
    inspect(a, b, w.chem, date(2023, 4, 3))
    inspect(a, b, g[0], date(2023, 4, 10))
    inspect(a, b, g[0], date(2023, 4, 20))
    # May: three 一般 enterprises -> target met; one more left as a draft (does not count).
    for ent, day in ((g[1], 5), (g[2], 12), (g[3], 19)):
        inspect(a, b, ent, date(2023, 5, day))
    inspect(a, b, g[4], date(2023, 5, 25), submit=False)
    # March (自查自改, before the monthly target applies) counts for coverage only.
    inspect(a, b, g[5], date(2023, 3, 28))
    # After the campaign ended: counts for neither.
    inspect(a, b, g[4], date(2023, 12, 28))
    # 住建局 leads one inspection in June with 应急局 as joint department.
    inspect(
        w.builder,
        w.builder2,
        w.build,
        date(2023, 6, 8),
        joint_departments=[w.yjj],
        modes=["joint"],
    )
    return w


def test_tier_lists_of_the_world(iw):
    """Pins the lists the figures below are computed against."""
    key = set(
        EnterpriseTier.objects.filter(department=iw.yjj, tier="key").values_list(
            "enterprise_id", flat=True
        )
    )
    general = set(
        EnterpriseTier.objects.filter(department=iw.yjj, tier="general").values_list(
            "enterprise_id", flat=True
        )
    )
    assert iw.chem.pk in key and not key & {e.pk for e in iw.general}
    assert general == {e.pk for e in iw.general}


def test_campaign_progress_per_department_month_and_lists(qa, records):
    w = records
    p = services.campaign_progress(qa, today=date(2023, 6, 15))
    # Target months: April–December (集中执法 + 巩固提高), not March (自查自改).
    assert p["months"] == [(2023, m) for m in range(4, 13)]
    yjj, zjw = p["departments"]
    assert yjj["department"] == w.yjj and zjw["department"] == w.zjw
    cells = {c["month"]: c for c in yjj["months"]}
    assert (cells[4]["done"], cells[4]["met"], cells[4]["behind"]) == (2, False, True)
    assert (cells[5]["done"], cells[5]["met"], cells[5]["behind"]) == (3, True, False)
    # June: the joint inspection counts for 应急局 too; the month is not over yet.
    assert (cells[6]["done"], cells[6]["behind"]) == (1, False)
    assert all(cells[m]["done"] == 0 and not cells[m]["behind"] for m in range(7, 13))
    assert yjj["done_total"] == 6 and yjj["months_behind"] == 1 and yjj["months_met"] == 1
    key_total = EnterpriseTier.objects.filter(department=w.yjj, tier="key").count()
    assert yjj["key_done"] == 1 and yjj["key_total"] == key_total
    assert yjj["key_pct"] == round(100 / key_total, 1) and yjj["key_met"] is (key_total == 1)
    # 一般: 机械厂0–3 and 五金厂2 (March) of six; the December-28 visit and the draft do not count.
    assert (yjj["general_done"], yjj["general_total"]) == (5, 6)
    assert yjj["general_pct"] == 83.3 and yjj["general_met"] is True
    z = {c["month"]: c["done"] for c in zjw["months"]}
    assert z[6] == 1 and sum(z.values()) == 1 and zjw["months_behind"] == 2
    # Later in the year every past month below 3 is behind.
    late = services.campaign_progress(qa, today=date(2024, 1, 5))
    assert late["departments"][0]["months_behind"] == 8


def test_closed_enterprise_leaves_the_lists(qa, records):
    g = records.general
    before = services.campaign_progress(qa, today=date(2023, 6, 15))["departments"][0]
    g[5].status = "closed"
    g[5].save()
    after = services.campaign_progress(qa, today=date(2023, 6, 15))["departments"][0]
    assert (before["general_done"], before["general_total"]) == (5, 6)
    assert (after["general_done"], after["general_total"]) == (4, 5)
    assert after["general_pct"] == 80.0


def test_campaign_page_shows_progress_by_role(qa, records):
    w = records
    c = Client()
    c.force_login(w.awb)
    html = c.get(f"/campaigns/{qa.pk}/").content.decode()
    assert 'id="progress"' in html
    assert 'data-dept="yjj"' in html and 'data-dept="zjw"' in html
    assert 'data-month="2023-4"><span class="bad" title="未完成">2/3</span>' in html
    assert 'data-month="2023-5"><span class="ok" title="完成">3/3</span>' in html
    assert "83.3%" in html
    c.force_login(w.builder)
    html = c.get(f"/campaigns/{qa.pk}/").content.decode()
    assert 'data-dept="zjw"' in html and 'data-dept="yjj"' not in html
    c.force_login(w.ent_user)
    html = c.get(f"/campaigns/{qa.pk}/").content.decode()
    assert 'id="progress"' not in html


def test_plan_progress_months_behind_and_targets(iw, records):
    plan = services.create_plan(
        iw.leader,
        department=iw.yjj,
        year=2023,
        title="应急局2023年度监督检查计划",
        monthly_targets=[0, 0, 1, 3, 3, 2, 3, 3, 3, 3, 3, 0],
        key_coverage_target=100,
        general_sample_target=80,
    )
    p = services.plan_progress(plan, date(2023, 7, 1))
    done = [m["done"] for m in p["months"]]
    # 家次: April counts three visits; December's visit after the campaign counts for the plan.
    assert done == [0, 0, 1, 3, 3, 1, 0, 0, 0, 0, 0, 1]
    assert [m["month"] for m in p["months"] if m["behind"]] == [6]
    assert p["done_total"] == 9 and p["target_total"] == 24
    assert (p["general_done"], p["general_total"], p["general_pct"]) == (6, 6, 100.0)
    assert p["general_met"] is True and p["key_done"] == 1
    c = Client()
    c.force_login(iw.inspector)
    html = c.get(f"/inspections/plans/{plan.pk}/").content.decode()
    assert "9/24" in html and "100.0%" in html
