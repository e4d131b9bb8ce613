"""H7 pages and export/import, 一企一档, and the API — scoped like everything else."""

import io
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from anjian.accounts.models import ApiToken, Sector
from anjian.hazards import services
from anjian.hazards.excel import COLUMNS
from anjian.hazards.models import Hazard
from anjian.hazards.tests.conftest import fill_five, photo


def client(user):
    c = Client()
    c.force_login(user)
    return c


def api(user):
    _, raw = ApiToken.issue(user)
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")


@pytest.fixture
def ledger(world, make_hazard, today):
    """A few hazards: overdue general at food, major supervised at chem, closed at food."""
    overdue = make_hazard(
        deadline=today - timedelta(days=1), found_at=timezone.now() - timedelta(days=5)
    )
    major = make_hazard(
        enterprise=world.chem, level="major", description="储罐区可燃气体报警器失效"
    )
    services.supervise(
        world.awb,
        major,
        level="district",
        issuing_unit="安居区安委会",
        number="安居安委督〔2023〕2号",
        issued_on=today,
        deadline=today + timedelta(days=30),
    )
    closed = make_hazard(source="tip", description="消防通道堵塞")
    services.close_immediately(world.inspector, closed, note="已清理", files=[photo()])
    return {"overdue": overdue, "major": major, "closed": closed}


def ids(resp):
    return {row["id"] for row in resp.json()["items"]}


def test_ledger_filters(world, ledger):
    c = api(world.inspector)
    assert ids(c.get("/api/hazards")) == {h.pk for h in ledger.values()}
    assert ids(c.get("/api/hazards?overdue=1")) == {ledger["overdue"].pk}
    assert ids(c.get("/api/hazards?level=major")) == {ledger["major"].pk}
    assert ids(c.get("/api/hazards?supervised=1")) == {ledger["major"].pk}
    assert ids(c.get("/api/hazards?source=tip")) == {ledger["closed"].pk}
    assert ids(c.get("/api/hazards?status=closed")) == {ledger["closed"].pk}
    assert ids(c.get("/api/hazards?town=510904001000")) == {ledger["major"].pk}  # 柔刚街道
    chem = Sector.objects.get(name="危险化学品").pk
    assert ids(c.get(f"/api/hazards?sector={chem}")) == {ledger["major"].pk}
    # The page shows the same rows with the same filters.
    html = client(world.inspector).get("/hazards/?overdue=1").content.decode()
    assert 'id="total">1<' in html and "逾期" in html


def test_ledger_scoped_per_user(world, ledger):
    assert ids(api(world.town).get("/api/hazards")) == {ledger["overdue"].pk, ledger["closed"].pk}
    assert ids(api(world.builder).get("/api/hazards")) == set()
    assert api(world.builder).get(f"/api/hazards/{ledger['major'].pk}").status_code == 404
    assert client(world.builder).get(f"/hazards/{ledger['major'].pk}/").status_code == 404
    assert client(world.expert).get("/hazards/").status_code == 403


def test_export_streams_filtered_rows_as_xlsx(world, ledger):
    resp = client(world.inspector).get("/hazards/export.xlsx?status=open")
    assert resp.status_code == 200 and resp.streaming
    wb = load_workbook(io.BytesIO(b"".join(resp.streaming_content)))
    rows = list(wb.active.iter_rows(values_only=True))
    assert rows[0][:3] == ("序号", "企业名称", "统一社会信用代码")
    body = {r[8]: r for r in rows[1:]}
    assert set(body) == {ledger["overdue"].description, ledger["major"].description}
    header = rows[0]
    major = body[ledger["major"].description]
    assert major[header.index("挂牌督办")] == "是"
    assert major[header.index("精准执法")] == "应当处罚"
    assert major[header.index("所在镇街")] == "柔刚街道"
    assert body[ledger["overdue"].description][header.index("是否逾期")] == "逾期"


def test_enterprise_user_sees_own_list_and_cannot_see_others(world, ledger):
    c = client(world.ent_user)
    html = c.get("/hazards/").content.decode()
    assert 'id="my-hazards"' in html
    assert ledger["overdue"].description in html and "已逾期" in html
    assert ledger["major"].description not in html
    assert c.get(f"/hazards/{ledger['major'].pk}/").status_code == 404
    assert c.get(f"/hazards/enterprise/{world.chem.pk}/timeline/").status_code == 404


def test_enterprise_submits_rectification_with_photo_in_page(world, make_hazard):
    h = services.start_rectification(world.ent_user, make_hazard())
    c = client(world.ent_user)
    page = c.get(f"/hazards/{h.pk}/").content.decode()
    assert 'id="form-submit"' in page and 'id="form-review"' not in page
    resp = c.post(f"/hazards/{h.pk}/submit/", {"version": h.version, "note": "已整改"})
    assert resp.status_code == 400
    assert "整改后照片或证明材料" in resp.content.decode()
    resp = c.post(
        f"/hazards/{h.pk}/submit/",
        {"version": h.version, "note": "已整改", "files": [photo("p1.png"), photo("p2.png")]},
    )
    assert resp.status_code == 302
    h.refresh_from_db()
    assert h.status == "review" and h.evidence.count() == 2
    # The enterprise cannot post a review even by crafting the request.
    resp = c.post(
        f"/hazards/{h.pk}/review/", {"version": h.version, "passed": "1", "opinion": "好"}
    )
    assert resp.status_code == 403
    h.refresh_from_db()
    assert h.status == "review"
    ev = h.evidence.first()
    assert c.get(f"/hazards/evidence/{ev.pk}/").status_code == 200
    assert client(world.builder).get(f"/hazards/evidence/{ev.pk}/").status_code == 404


def test_major_start_refused_in_page_with_five_measures_message(world, make_hazard, today):
    h = make_hazard(level="major", deadline=None)
    c = client(world.ent_user)
    resp = c.post(f"/hazards/{h.pk}/start/", {"version": h.version})
    assert resp.status_code == 400
    assert "五落实" in resp.content.decode()
    h = fill_five(h, world.ent_user, today)
    assert c.post(f"/hazards/{h.pk}/start/", {"version": h.version}).status_code == 302


def test_timeline_shows_hazard_steps_and_is_scoped(world, make_hazard):
    h = make_hazard()
    services.close_immediately(world.inspector, h, note="当场整改完毕", files=[photo()])
    html = client(world.town).get(f"/hazards/enterprise/{world.food.pk}/timeline/").content
    html = html.decode()
    assert "登记隐患" in html and "即查即改销号" in html and "当场整改完毕" in html
    assert (
        client(world.town).get(f"/hazards/enterprise/{world.chem.pk}/timeline/").status_code == 404
    )


def test_api_transitions_with_version_conflict_and_permissions(world, make_hazard):
    h = make_hazard()
    ent = api(world.ent_user)
    r = ent.post(f"/api/hazards/{h.pk}/start", {"version": h.version}, "application/json")
    assert r.status_code == 200 and r.json()["status"] == "rectifying"
    v = r.json()["version"]
    r = ent.post(f"/api/hazards/{h.pk}/start", {"version": v - 1}, "application/json")
    assert r.status_code == 409 and "已被他人修改" in r.json()["detail"]
    r = ent.post(
        f"/api/hazards/{h.pk}/submit", {"version": v, "note": "已整改", "files": [photo()]}
    )
    assert r.status_code == 200, r.content
    v = r.json()["version"]
    r = ent.post(
        f"/api/hazards/{h.pk}/review",
        {"version": v, "passed": True, "opinion": "自己验收"},
        "application/json",
    )
    assert r.status_code == 403
    r = api(world.inspector).post(
        f"/api/hazards/{h.pk}/review",
        {"version": v, "passed": True, "opinion": "合格"},
        "application/json",
    )
    assert r.status_code == 200 and r.json()["status"] == "closed"
    assert [e["kind"] for e in r.json()["events"]][-1] == "review_pass"


def test_api_create_validates_and_enterprise_only_self(world):
    ent = api(world.ent_user)
    payload = {"enterprise_id": world.food.pk, "source": "self", "description": " "}
    r = ent.post("/api/hazards", payload, "application/json")
    assert r.status_code == 422 and "description" in r.json()["errors"]
    payload.update(description="配电箱门损坏", source="inspection")
    assert ent.post("/api/hazards", payload, "application/json").status_code == 403
    payload["source"] = "self"
    r = ent.post("/api/hazards", payload, "application/json")
    assert r.status_code == 201 and r.json()["source"] == "self"
    payload["enterprise_id"] = world.chem.pk
    assert ent.post("/api/hazards", payload, "application/json").status_code == 404


# ---------------------------------------------------------------- import


def register(rows):
    wb = Workbook()
    ws = wb.active
    ws.append([label for _, label, _ in COLUMNS])
    for r in rows:
        ws.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    buf.seek(0)
    buf.name = "register.xlsx"
    return buf


def row(desc, found="2023-05-10", deadline="2023-06-10", level="一般", **kw):
    base = [desc, "车间", level, "", found, deadline, "", "", "", "", ""]
    for i, v in kw.items():
        base[int(i[1:])] = v
    return base


def test_import_register_all_or_nothing_with_row_errors(world):
    c = client(world.ent_user)
    bad = register(
        [
            row("叉车无证驾驶"),
            row("", found="2023-05-11"),
            row("配电箱未接地", level="特大"),
            row("消防通道堵塞", found="2023-13-01"),
            row("灭火器过期", deadline="2023-01-01"),
        ]
    )
    resp = c.post("/hazards/import/", {"file": bad})
    html = resp.content.decode()
    assert resp.status_code == 200
    assert "未导入任何隐患" in html
    for expected in (
        "第 3 行</td><td>隐患描述</td><td>必填项为空",
        "第 4 行</td><td>隐患等级</td>",
        "第 5 行</td><td>发现日期</td>",
        "第 6 行</td><td>整改期限</td><td>整改期限不能早于发现日期",
    ):
        assert expected in html
    assert not Hazard.objects.exists()
    good = register([row("叉车无证驾驶"), row("液氨储罐无喷淋", level="重大", c9="50000")])
    resp = c.post("/hazards/import/", {"file": good})
    assert resp.status_code == 302
    hs = {h.description: h for h in Hazard.objects.all()}
    assert set(hs) == {"叉车无证驾驶", "液氨储罐无喷淋"}
    assert all(h.source == "self" and h.enterprise == world.food for h in hs.values())
    assert hs["液氨储罐无喷淋"].level == "major" and hs["液氨储罐无喷淋"].funds == 50000
    assert hs["液氨储罐无喷淋"].discovery_reported_at is not None


def test_import_missing_column_and_staff_needs_enterprise_in_scope(world):
    wb = Workbook()
    wb.active.append(["部位"])
    buf = io.BytesIO()
    wb.save(buf)
    buf.seek(0)
    buf.name = "x.xlsx"
    html = client(world.ent_user).post("/hazards/import/", {"file": buf}).content.decode()
    assert "隐患描述" in html and "缺少必填列" in html
    # Staff pick the enterprise by search (typed text resolved on the server without script):
    # one outside their scope is not found.
    resp = client(world.inspector).post(
        "/hazards/import/",
        {"enterprise__q": world.other.credit_code, "file": register([row("x")])},
    )
    assert "不在您的监管范围内" in resp.content.decode()
    resp = client(world.inspector).post(
        "/hazards/import/", {"enterprise": world.other.pk, "file": register([row("x")])}
    )
    assert "不在您的监管范围内" in resp.content.decode()
    assert not Hazard.objects.exists()


def test_enterprise_list_puts_open_and_overdue_first_closed_last(world, make_hazard, today):
    closed = make_hazard(description="已销号：安全出口指示灯损坏")
    Hazard.objects.filter(pk=closed.pk).update(status="closed", closed_at=timezone.now())
    later = make_hazard(description="未整改：配电箱门未关闭", deadline=today + timedelta(days=20))
    late = make_hazard(description="已逾期：液氨管道锈蚀")
    Hazard.objects.filter(pk=late.pk).update(deadline=today - timedelta(days=3))
    html = client(world.ent_user).get("/hazards/").content.decode()
    order = [html.index(h.description) for h in (late, later, closed)]
    assert order == sorted(order)
