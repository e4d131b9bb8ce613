"""The hazard pages on the generic views: field limits from the model everywhere (form, API,
import), query parameters parsed with a 4xx naming them, the hazard lookup, picking an
enterprise by search, refusals shown as messages, safe exports, and the English pages."""

import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from openpyxl import Workbook, load_workbook

from anjian.accounts.models import ApiToken
from anjian.hazards import services
from anjian.hazards.excel import COLUMNS
from anjian.hazards.models import Hazard
from anjian.hazards.tests.conftest import fill_five

MAX_FUNDS = "9999999999.99"  # max_digits=12, decimal_places=2
TOO_MUCH = "10000000000"  # one more


def client(user, lang=None):
    c = Client()
    if lang:
        c.cookies["django_language"] = lang
    c.force_login(user)
    return c


def api(user):
    _, raw = ApiToken.issue(user)
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")


def five(h, today, funds):
    return {
        "version": h.version,
        "measures": "加装报警仪",
        "responsible_person": "王厂长",
        "funds": funds,
        "deadline": (today + timedelta(days=10)).isoformat(),
        "emergency_plan": "液氨泄漏现场处置方案",
    }


def register(*rows):
    wb = Workbook()
    wb.active.append([label for _, label, _ in COLUMNS])
    for r in rows:
        wb.active.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    buf.seek(0)
    buf.name = "register.xlsx"
    return buf


def row(desc, location="车间", funds=""):
    return [desc, location, "重大", "", "2023-05-10", "2023-06-10", "", "", "", funds, ""]


# ---------------------------------------------------------------- field limits


def test_funds_beyond_max_digits_is_a_form_error_naming_the_field(world, make_hazard, today):
    h = make_hazard(level="major")
    c = client(world.ent_user)
    resp = c.post(f"/hazards/{h.pk}/measures/", five(h, today, TOO_MUCH))
    assert resp.status_code == 400
    html = resp.content.decode()
    assert "整改资金（元）" in html and 'id="form-measures"' in html
    assert Hazard.objects.get(pk=h.pk).funds is None
    # At the limit the value is kept and every page reading it still works.
    assert c.post(f"/hazards/{h.pk}/measures/", five(h, today, MAX_FUNDS)).status_code == 302
    assert Hazard.objects.get(pk=h.pk).funds == Decimal(MAX_FUNDS)
    assert c.get(f"/hazards/{h.pk}/").status_code == 200
    assert c.get("/hazards/").status_code == 200


def test_funds_beyond_max_digits_in_the_api_and_the_service(world, make_hazard, today):
    h = make_hazard(level="major")
    payload = {k: v for k, v in five(h, today, TOO_MUCH).items()}
    r = api(world.ent_user).post(f"/api/hazards/{h.pk}/five-measures", payload, "application/json")
    assert r.status_code == 422 and "funds" in r.json()["errors"]
    with pytest.raises(ValidationError) as exc:
        fill_five(h, world.ent_user, today, funds="-1")
    assert "funds" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.report_hazard(
            world.inspector, enterprise=world.food, source="inspection", description="x",
            funds=Decimal(TOO_MUCH), location="x" * 129,
        )  # fmt: skip
    assert {"funds", "location"} <= set(exc.value.message_dict)
    assert not Hazard.objects.filter(description="x").exists()


def test_import_rows_go_through_the_same_validator(world):
    c = client(world.ent_user)
    resp = c.post("/hazards/import/", {"file": register(row("叉车无证驾驶", funds=TOO_MUCH))})
    html = resp.content.decode()
    assert "第 2 行</td><td>整改资金（元）</td>" in html
    resp = c.post("/hazards/import/", {"file": register(row("配电箱未接地", location="x" * 129))})
    assert "第 2 行</td><td>部位</td>" in resp.content.decode()
    assert not Hazard.objects.exists()
    resp = c.post("/hazards/import/", {"file": register(row("叉车无证驾驶", funds=MAX_FUNDS))})
    assert resp.status_code == 302
    assert Hazard.objects.get().funds == Decimal(MAX_FUNDS)


# ---------------------------------------------------------------- query parameters

BIG = "99999999999999999999999"


@pytest.mark.parametrize(
    "url,status,named",
    [
        ("/hazards/?status=xyz", 400, "状态"),
        (f"/hazards/?enterprise={BIG}", 400, "企业"),
        (f"/hazards/?sector={BIG}", 400, "行业领域"),
        ("/hazards/?town=abc", 400, "镇街"),
        ("/hazards/export.xlsx?level=bad", 400, "等级"),
        ("/hazards/onsite-measures/?active=x", 400, "状态"),
        ("/hazards/supervision/?level=x", 400, "督办级别"),
        ("/hazards/new/?enterprise=abc", 400, "enterprise"),
        (f"/hazards/new/?enterprise={BIG}", 400, "enterprise"),
        (f"/api/hazards?enterprise={BIG}", 422, "enterprise"),
        ("/api/hazards?overdue=maybe", 422, "overdue"),
    ],
)
def test_bad_query_parameters_answer_4xx_naming_them(world, url, status, named):
    c = api(world.inspector) if url.startswith("/api/") else client(world.inspector)
    resp = c.get(url)
    assert resp.status_code == status
    assert named in resp.content.decode("unicode_escape" if status == 422 else "utf-8")


def test_huge_ids_in_paths_are_404(world):
    assert client(world.inspector).get(f"/hazards/{BIG}/").status_code == 404
    assert api(world.inspector).get(f"/api/hazards/{BIG}").status_code == 404


# ---------------------------------------------------------------- lookups and enterprise search


def test_hazard_lookup_returns_only_hazards_in_scope(world, make_hazard):
    mine = make_hazard(description="配电箱门未关闭")
    theirs = make_hazard(enterprise=world.chem, description="配电箱接地线松动")

    def found(user, q):
        return {r["id"] for r in client(user).get("/lookup/hazard/", {"q": q}).json()["results"]}

    assert found(world.inspector, "配电箱") == {mine.pk, theirs.pk}
    assert found(world.town, "配电箱") == {mine.pk}  # 白马镇: the food company only
    assert found(world.town, str(theirs.pk)) == set()
    assert found(world.town, f"#{mine.pk}") == {mine.pk}
    assert found(world.town, world.food.name[:4]) == {mine.pk}
    assert found(world.builder, "配电箱") == set()
    assert found(world.inspector, BIG) == set()


def test_staff_report_a_hazard_picking_the_enterprise_by_search(world, today):
    c = client(world.inspector)
    page = c.get(f"/hazards/new/?enterprise={world.food.pk}").content.decode()
    assert f"登记隐患：{world.food.name}" in page and 'data-lookup="/lookup/enterprise/"' in page
    data = {
        "source": "inspection", "level": "general", "mode": "deadline",
        "description": "消防通道堵塞", "deadline": (today + timedelta(days=5)).isoformat(),
    }  # fmt: skip
    resp = c.post("/hazards/new/", {**data, "enterprise": world.other.pk})  # another county
    assert resp.status_code == 200 and "不在您的监管范围内" in resp.content.decode()
    resp = c.post("/hazards/new/", {**data, "enterprise__q": world.food.credit_code})
    assert resp.status_code == 302
    h = Hazard.objects.get(description="消防通道堵塞")
    assert resp.url == f"/hazards/{h.pk}/" and h.enterprise == world.food


def test_enterprise_user_reports_for_its_own_enterprise_only(world):
    c = client(world.ent_user)
    page = c.get("/hazards/new/").content.decode()
    assert f"登记隐患：{world.food.name}" in page and 'name="enterprise"' not in page
    data = {"source": "self", "level": "general", "mode": "deadline", "description": "灭火器过期"}
    resp = c.post("/hazards/new/", {**data, "enterprise": world.chem.pk})
    assert resp.status_code == 302
    assert Hazard.objects.get(description="灭火器过期").enterprise == world.food


# ---------------------------------------------------------------- refusals


def test_transition_refusals_still_show_messages(world, make_hazard, today):
    h = make_hazard()
    c = client(world.inspector)
    resp = c.post(f"/hazards/{h.pk}/extension/", {"version": h.version, "new_deadline": "abc"})
    assert resp.status_code == 400 and "申请延期至" in resp.content.decode()
    # A record-level refusal is shown on the page without a field name.
    resp = client(world.awb).post(
        f"/hazards/{h.pk}/supervise/",
        {"level": "district", "issuing_unit": "安委会", "number": "1号",
         "issued_on": today.isoformat(), "deadline": today.isoformat()},
    )  # fmt: skip
    html = resp.content.decode()
    assert resp.status_code == 400 and "只有重大事故隐患可以挂牌督办" in html
    assert "hazard：" not in html
    m = services.impose_measure(world.inspector, world.food, hazard=h, kind="suspend")
    resp = c.post(f"/hazards/onsite-measures/{m.pk}/lift/", {"version": m.version}, follow=True)
    assert resp.redirect_chain[-1][0] == f"/hazards/{h.pk}/"
    assert "解除理由" in resp.content.decode()
    major = make_hazard(level="major", description="储罐区报警器失效")
    s = services.supervise(
        world.awb, major, level="district", issuing_unit="安委会", number="2号",
        issued_on=today, deadline=today + timedelta(days=30),
    )  # fmt: skip
    resp = client(world.awb).post(f"/hazards/supervision/{s.pk}/lift/", {}, follow=True)
    assert "摘牌须说明理由" in resp.content.decode()
    resp = client(world.awb).post(f"/hazards/supervision/{s.pk}/lift/", {"note": "已整改"})
    assert resp.status_code == 302
    s.refresh_from_db()
    assert s.lifted_at is not None


def test_disposal_handlers_come_from_the_higher_app():
    from anjian.enforcement.services import transfer_from_disposal

    assert transfer_from_disposal in services.DISPOSAL_HANDLERS["transfer"]


# ---------------------------------------------------------------- export, English


def test_export_keeps_formula_text_as_text(world, make_hazard):
    make_hazard(description='=HYPERLINK("http://x","a")')
    resp = client(world.inspector).get("/hazards/export.xlsx")
    sheet = load_workbook(io.BytesIO(b"".join(resp.streaming_content))).active
    cell = sheet.cell(2, 9)
    assert cell.value == '=HYPERLINK("http://x","a")' and cell.data_type == "s"


def test_ledger_and_detail_in_english(world, make_hazard):
    h = make_hazard(level="major")
    c = client(world.inspector, "en")
    ledger = c.get("/hazards/").content.decode()
    for text in ("Hazard ledger", "Description", "To rectify", "Export to Excel", "All sources"):
        assert text in ledger
    detail = c.get(f"/hazards/{h.pk}/").content.decode()
    assert "Major hazard" in detail and "Five measures" in detail
    mine = client(world.ent_user, "en").get("/hazards/").content.decode()
    assert "Our hazards" in mine and "Rectify" in mine
