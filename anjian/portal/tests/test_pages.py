"""事前 (bodies, inspectors, lists, plans), 事中 (执法证 check), 双随机 results, totals; and the
scan: no person's full name or ID number on any public page of the demo and the test world."""

import json
import re
from datetime import date, timedelta
from html import unescape
from urllib.parse import urljoin, urlparse

from django.urls import reverse

from anjian.accounts.models import User
from anjian.enforcement.models import CaseParty
from anjian.inspections.models import Finding, Inspection, SupervisionPlan
from anjian.portal import services
from anjian.portal.redaction import looks_like_id_number
from anjian.registry.models import Enterprise, Person

from .conftest import ID_NUMBER, PERSON, decided_case


def test_body_page_lists_duties_powers_inspectors_lists_and_plan(world, client):
    world.inspector.full_name = "赵大海"
    world.inspector.save(update_fields=["full_name"])
    SupervisionPlan.objects.create(
        department=world.yjj, year=date.today().year, title="年度监督检查计划（应急局）",
        monthly_targets=[10] * 12, created_by=world.leader,
    )  # fmt: skip
    page = client.get(reverse("portal:body", args=["yjj"])).content.decode()
    assert "安全生产法》第六十五条" in page and "行政处罚法》第七条" in page
    assert "综合监督管理" in page
    assert "川执0001" in page and "赵**" in page and "赵大海" not in page
    assert "年度监督检查计划（应急局）" in page and "120" in page
    assert "随机抽查事项清单" in page
    from anjian.lawreview.services import set_major_list

    set_major_list(world.leader, world.yjj, [{"kind": "fine_over", "threshold": 200000}],
                   source="安居区应急管理局重大执法决定法制审核目录清单")  # fmt: skip
    page = client.get(reverse("portal:body", args=["yjj"])).content.decode()
    assert (
        "罚款数额达到 200000.00" in page and "安居区应急管理局重大执法决定法制审核目录清单" in page
    )
    assert client.get(reverse("portal:bodies")).status_code == 200
    assert client.get(reverse("portal:body", args=["nosuch"])).status_code == 404


def test_spot_check_list_page(world, client):
    from anjian.portal.disclosure import spot_check_lists

    tpl = spot_check_lists(world.yjj).first()
    assert tpl is not None, "the 附件1 checklist applies to the 应急局's sectors"
    url = reverse("portal:spot_check_list", args=["yjj", tpl.pk])
    page = client.get(url).content.decode()
    assert tpl.items.order_by("row").first().item[:10] in unescape(page)


def test_cert_check(world, client):
    url = reverse("portal:cert")
    ok = client.get(url, {"cert_no": "川执0001"}).content.decode()
    assert 'id="cert-result"' in ok and "有效" in ok and "无效" not in ok
    later = (world.inspector.cert_expiry + timedelta(days=1)).isoformat()
    expired = client.get(url, {"cert_no": "川执0001", "on": later}).content.decode()
    assert "无效（已过期）" in expired
    assert "未查到该执法证号" in client.get(url, {"cert_no": "川执9999"}).content.decode()
    assert "请输入执法证号" in client.get(url, {"cert_no": " "}).content.decode()
    bad = client.get(url, {"cert_no": "川执0001", "on": "2026-13-40"})
    assert bad.status_code == 200 and "请输入有效日期" in bad.content.decode()
    r = services.check_cert("川执0001", world.inspector.cert_expiry)
    assert r["found"] and r["valid"] and r["inspector"]["department"] == world.yjj.name


def _submitted_draw(world):
    from django.utils import timezone

    from anjian.inspections import services as insp_services
    from anjian.registry.models import EnterpriseTier

    EnterpriseTier.objects.update_or_create(
        enterprise=world.food, department=world.yjj,
        defaults={"computed_tier": "general", "tier": "general", "computed_at": timezone.now()},
    )  # fmt: skip
    draw = insp_services.create_draw(
        world.inspector, title="2026年第一批双随机抽查", inspection_date=date.today(), k=1
    )
    [insp] = Inspection.objects.filter(draw=draw)
    Inspection.objects.filter(pk=insp.pk).update(status="submitted")
    Finding.objects.create(
        inspection=insp, kind="hazard", description="安全出口堵塞", recorded_by=world.inspector
    )
    return draw, insp


def test_random_results_after_publication(world, client):
    draw, insp = _submitted_draw(world)
    url = reverse("portal:random")
    assert draw.title not in client.get(url).content.decode()  # not published yet
    from anjian.inspections import services as insp_services

    insp_services.publish_draw(world.inspector, draw)
    page = client.get(url).content.decode()
    assert draw.title in page and insp.enterprise.name in page
    assert "发现问题1项，已责令整改" in page and "川执0001" in page


def test_previous_year_totals(world, client):
    last = date.today().year - 1
    decided_case(world)  # this year: not in last year's totals
    insp = Inspection.objects.create(
        enterprise=world.chem, department=world.yjj, inspected_on=date(last, 6, 1),
        region_code=world.chem.region_id, created_by=world.inspector, status="submitted",
    )  # fmt: skip
    assert insp.pk
    page = client.get(reverse("portal:totals")).content.decode()
    assert f"{last}年度" in page
    t = services_totals(last)
    assert t["total"]["inspections"] == 1 and t["total"]["decisions"] == 0
    this_year = services_totals(date.today().year)
    assert this_year["total"]["decisions"] == 1 and this_year["total"]["fines"] == "50000.00"
    assert (
        client.get(reverse("portal:totals_year", args=[date.today().year + 1])).status_code == 404
    )


def services_totals(year):
    from anjian.portal.results import year_totals

    return year_totals(year)


# ------------------------------------------------------------------------------ the scan


DIGITS = re.compile(r"(?<![0-9A-Za-z])(\d{17}[\dXx]|\d{15})(?![0-9A-Za-z])")


def person_secrets() -> set[str]:
    """Every natural person's full name the database holds (parties, enterprise people,
    legal representatives, users) — none may appear on a public page."""
    names = set(CaseParty.objects.exclude(kind="enterprise").values_list("name", flat=True))
    names |= set(Person.objects.values_list("name", flat=True))
    names |= set(Enterprise.objects.values_list("legal_representative", flat=True))
    names |= set(User.objects.values_list("full_name", flat=True))
    names |= set(Inspection.objects.values_list("enterprise_rep", flat=True))
    return {n.strip() for n in names if n and len(n.strip()) >= 2}


def crawl(client, starts, prefixes=("/public/", "/api/public/")) -> dict[str, str]:
    """Every page reachable from `starts` within the public prefixes: {url: text}."""
    seen, queue, out = set(), list(starts), {}
    while queue and len(seen) < 400:
        url = queue.pop()
        if url in seen:
            continue
        seen.add(url)
        resp = client.get(url)
        assert resp.status_code == 200, (url, resp.status_code)
        ctype = resp.get("Content-Type", "")
        if "spreadsheet" in ctype:
            from io import BytesIO

            from openpyxl import load_workbook

            wb = load_workbook(BytesIO(resp.content))
            text = "\n".join(str(c.value) for ws in wb for row in ws.iter_rows() for c in row)
        elif "json" in ctype:  # decoded: the renderer escapes non-ASCII characters
            text = json.dumps(resp.json(), ensure_ascii=False)
        else:
            text = resp.content.decode("utf-8-sig")
        out[url] = unescape(text)
        if "html" in ctype:
            for href in re.findall(r'href="([^"#]+)"', text):
                href = unescape(href)
                absolute = urljoin(url, href)
                path = urlparse(absolute).path
                if urlparse(absolute).netloc in ("", "testserver") and path.startswith(prefixes):
                    if "/docs" not in path:
                        q = urlparse(absolute).query
                        queue.append(path + ("?" + q if q else ""))
    return out


def assert_no_personal_data(pages: dict[str, str], names: set[str]):
    assert names, "the scan needs persons to look for"
    for url, text in pages.items():
        for name in names:
            assert name not in text, f"{name!r} on {url}"
        for m in DIGITS.finditer(text):
            assert not looks_like_id_number(m.group(1)), f"ID number {m.group(1)} on {url}"


def public_starts():
    from anjian.portal.models import Publication

    year = date.today().year
    starts = ["/public/", "/public/decisions/", "/public/random/", "/public/totals/"]
    starts += [p.get_absolute_url() for p in Publication.objects.all()]
    starts += [f"/api/public/decisions/{p.uid}" for p in Publication.objects.all()]
    starts += [
        "/api/public/openapi.json",
        "/api/public/decisions?page_size=100",
        "/api/public/withdrawals?page_size=100",
        "/api/public/inspectors?page_size=100",
        "/api/public/random-checks?page_size=100",
        f"/api/public/totals/{year}",
        f"/api/public/totals/{year - 1}",
    ]
    for cert in services.inspectors().values_list("cert_no", flat=True):
        starts += [f"/public/cert/?cert_no={cert}", f"/api/public/certificates/{cert}"]
    return starts


def test_no_personal_data_on_any_public_page_of_the_demo(world, client):
    from anjian.accounts.demo import create_demo_users
    from anjian.inspections import services as insp_services
    from anjian.shell.demo import build_demo

    # drawn before the demo: the demo's visits put the only candidate at its published yearly
    # limit, and a draw leaves such an enterprise out (国办发〔2024〕54号)
    draw, _insp = _submitted_draw(world)
    create_demo_users(world.food)
    build_demo(world.food)
    case = decided_case(world)  # a person with an ID number and an address in the facts
    insp_services.publish_draw(world.inspector, draw)
    world.inspector.full_name = "赵大海"
    world.inspector.save(update_fields=["full_name"])
    pub = services.withdraw_publication(
        world.inspector, case.publication, reason=f"{PERSON}（{ID_NUMBER}）申请复议后撤销"
    )
    assert pub.status == "withdrawn"
    decided_case(world)
    services.publish_due()
    names = person_secrets()
    assert PERSON in names and "赵大海" in names
    pages = crawl(client, public_starts())
    assert any("/public/decisions/" in u and u.count("/") == 4 for u in pages)
    assert any(u.endswith("decisions.xlsx") for u in pages)
    assert any(u.startswith("/api/public/decisions/") for u in pages)
    assert any("赵**" in t for u, t in pages.items() if u.startswith("/api/public/inspectors"))
    assert_no_personal_data(pages, names)
    assert not any(ID_NUMBER in t for t in pages.values())
