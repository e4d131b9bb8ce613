import re

import pytest
from django.urls import reverse

from anjian.audit.models import AuditEntry
from anjian.conftest import PASSWORD
from anjian.tips import services
from anjian.tips.models import Tip

from .conftest import NAME, PHONE, PNG, public_tip, upload


def _question(html: str) -> int:
    m = re.search(r"验证题：(\d+) ([+-]) (\d+) = \?", html)
    a, op, b = int(m.group(1)), m.group(2), int(m.group(3))
    return a + b if op == "+" else a - b


def _token(html: str) -> str:
    return re.search(r'name="token" value="([^"]+)"', html).group(1)


def _post_tip(client, world, answer=None, **extra):
    page = client.get(reverse("tips:report")).content.decode()
    data = {
        "category": "major_hazard",
        "enterprise_name": world.chem.name,
        "place": "罐区",
        "description": "罐区可燃气体报警器全部停用，夜间无人值守。",
        "identity": "anonymous",
        "answer": str(_question(page) if answer is None else answer),
        "token": _token(page),
    }
    data.update(extra)
    return client.post(reverse("tips:report"), data)


def test_public_tip_page_submits_and_shows_code_and_secret(client, world):
    resp = _post_tip(client, world, photos=[upload("p.png", PNG)])
    html = resp.content.decode()
    assert resp.status_code == 200 and "举报已提交" in html
    code = re.search(r'id="tip-code">([^<]+)<', html).group(1)
    secret = re.search(r'id="tip-secret">([^<]+)<', html).group(1)
    tip = Tip.objects.get(code=code)
    assert tip.attachments.count() == 1 and resp["Cache-Control"].startswith("max-age=0")
    status = client.post(reverse("tips:status"), {"code": code, "secret": secret})
    assert "待受理" in status.content.decode()


def test_wrong_human_check_answer_is_refused(client, world):
    resp = _post_tip(client, world, answer=999)
    assert "验证题答案不正确" in resp.content.decode() and not Tip.objects.exists()


def test_human_check_token_cannot_be_reused(client, world):
    page = client.get(reverse("tips:report")).content.decode()
    data = {"category": "illegal", "enterprise_name": world.chem.name, "identity": "anonymous",
            "description": "无证经营危险化学品，仓库堆放大量液化气罐。",
            "answer": str(_question(page)), "token": _token(page)}  # fmt: skip
    assert "举报已提交" in client.post(reverse("tips:report"), data).content.decode()
    again = client.post(reverse("tips:report"), data).content.decode()
    assert "验证题已使用过" in again and Tip.objects.count() == 1


def test_submissions_are_rate_limited_per_ip(client, world, settings):
    settings.ANJIAN_TIP_SUBMIT_PER_HOUR = 2
    assert "举报已提交" in _post_tip(client, world).content.decode()
    assert "举报已提交" in _post_tip(client, world).content.decode()
    resp = _post_tip(client, world)
    assert resp.status_code == 429 and "提交过于频繁" in resp.content.decode()
    assert Tip.objects.count() == 2


def test_failed_attempts_do_not_use_up_the_tip_limit(client, world, settings):
    settings.ANJIAN_TIP_SUBMIT_PER_HOUR = 1
    for _ in range(3):
        assert "验证题答案不正确" in _post_tip(client, world, answer=999).content.decode()
    assert "举报已提交" in _post_tip(client, world).content.decode()
    assert _post_tip(client, world).status_code == 429


def test_form_posts_are_limited_too(client, world, settings):
    settings.ANJIAN_TIP_ATTEMPTS_PER_HOUR = 2
    _post_tip(client, world, answer=999)
    _post_tip(client, world, answer=999)
    resp = _post_tip(client, world)
    assert resp.status_code == 429 and not Tip.objects.exists()


def test_every_problem_is_shown_at_once_with_a_fresh_question(client, world):
    resp = _post_tip(client, world, answer=999, description="太短", identity="named")
    html = resp.content.decode()
    for message in ("请具体描述举报事项（至少10个字）", "实名举报请填写姓名", "实名举报请填写联系电话",
                    "验证题答案不正确"):  # fmt: skip
        assert message in html
    # the new question is on the page, so the reporter can answer it without reloading
    assert _question(html) is not None and _token(html)
    assert not Tip.objects.exists()


def test_unlisted_enterprise_needs_a_town_on_the_first_post(client, world):
    html = _post_tip(client, world, answer=999, enterprise_name="某某无名小作坊").content.decode()
    assert "被举报单位不在企业名录中，请选择所在镇街（园区）" in html
    assert "验证题答案不正确" in html


def test_bad_upload_message_on_the_page(client, world):
    resp = _post_tip(client, world, photos=[upload("virus.exe", b"MZ\x90\x00" * 10)])
    assert "附件“virus.exe”不是 JPG、PNG 图片或 PDF 文件" in resp.content.decode()
    assert not Tip.objects.exists()


def test_too_big_upload_is_named_and_the_form_kept(client, world):
    from .conftest import JPEG

    big = upload("scene.jpg", JPEG + b"\x00" * (services.MAX_FILE_BYTES + 1))
    resp = _post_tip(client, world, photos=[big])
    html = resp.content.decode()
    assert "附件“scene.jpg”大小为 5.1 MB，超过 5 MB 的限制" in html
    assert "罐区可燃气体报警器全部停用" in html  # what was typed is kept
    assert not Tip.objects.exists()


def test_status_page_slows_down_repeated_wrong_secrets(client, world, settings):
    settings.ANJIAN_TIP_LOOKUP_FAILURES = 3
    tip, secret = public_tip(world.chem)
    for _ in range(3):
        resp = client.post(reverse("tips:status"), {"code": tip.code, "secret": "AAAAAAAAAAAA"})
        assert resp.status_code == 403 and "举报编号或查询密码不正确" in resp.content.decode()
    resp = client.post(reverse("tips:status"), {"code": tip.code, "secret": secret})
    assert resp.status_code == 403 and "分钟后再试" in resp.content.decode()
    assert 'id="tip-status"' not in resp.content.decode()


def test_status_page_refuses_wrong_secret_and_never_shows_internal_notes(client, world):
    tip, secret = public_tip(world.chem)
    services.triage(world.awb, tip, accept=True, note="内部：疑似竞争对手恶意举报")
    resp = client.post(reverse("tips:status"), {"code": tip.code, "secret": "AAAAAAAAAAAA"})
    assert resp.status_code == 403 and "不正确" in resp.content.decode()
    html = client.post(reverse("tips:status"), {"code": tip.code, "secret": secret}).content
    html = html.decode()
    assert "待分办" in html and "恶意举报" not in html


def test_enterprise_search_returns_names_only(client, world):
    assert client.get(reverse("tips:enterprise_names"), {"q": "遂"}).json() == {"names": []}
    data = client.get(reverse("tips:enterprise_names"), {"q": "遂宁"}).json()
    assert data == {"names": sorted([world.chem.name, world.food.name])}
    assert world.chem.credit_code not in str(data)


def test_staff_pages_are_scoped(client, world):
    tip, _ = public_tip(world.chem, named=True)
    client.login(username="zjw1", password=PASSWORD)
    assert client.get(reverse("tips:detail", args=[tip.pk])).status_code == 404
    assert tip.code not in client.get(reverse("tips:list")).content.decode()
    client.login(username="qiye", password=PASSWORD)
    assert client.get(reverse("tips:list")).status_code == 403
    client.login(username="awb", password=PASSWORD)
    html = client.get(reverse("tips:list")).content.decode()
    assert tip.code in html
    export = client.get(reverse("tips:export")).content.decode()
    assert tip.code in export and NAME not in export and PHONE not in export


def test_reveal_through_the_page_is_audited(client, world):
    tip, _ = public_tip(world.chem, named=True)
    client.login(username="awb", password=PASSWORD)
    detail = client.get(reverse("tips:detail", args=[tip.pk])).content.decode()
    assert NAME not in detail and "查看举报人信息" in detail
    shown = client.post(reverse("tips:reveal", args=[tip.pk])).content.decode()
    assert NAME in shown and PHONE in shown
    assert AuditEntry.objects.filter(action="tip.reveal", username="awb").count() == 1
    client.login(username="yjj1", password=PASSWORD)
    assert client.post(reverse("tips:reveal", args=[tip.pk])).status_code == 404


def test_awb_handles_a_tip_through_the_pages(client, world):
    tip, _ = public_tip(world.chem)
    client.login(username="awb", password=PASSWORD)
    url = lambda name: reverse("tips:action", args=[tip.pk, name])  # noqa: E731
    client.post(url("triage"), {"decision": "accept", "category": "major_hazard"})
    client.post(url("assign"), {"department": world.yjj.pk, "handler": world.inspector.pk})
    tip.refresh_from_db()
    assert tip.status == "assigned" and tip.handler == world.inspector
    client.login(username="yjj1", password=PASSWORD)
    resp = client.post(url("result"), {"result": "true", "public_reply": "已责令整改",
                                       "fine_yuan": "40000"})  # fmt: skip
    assert resp.status_code == 302
    tip.refresh_from_db()
    assert tip.status == "concluded" and tip.reward_yuan == 6000


@pytest.mark.parametrize("name", ["report", "status"])
def test_public_pages_need_no_login(client, db, name):
    assert client.get(reverse(f"tips:{name}")).status_code == 200


def test_api_hotline_entry_and_audited_reveal(client, world):
    from anjian.accounts.models import ApiToken

    _, raw = ApiToken.issue(world.awb)
    auth = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    resp = client.post(
        "/api/tips",
        {"channel": "hotline", "category": "illegal", "enterprise_id": world.build.pk,
         "description": "工地夜间无证施工，塔吊司机无证上岗。", "anonymous": False,
         "reporter_name": NAME, "reporter_phone": PHONE},
        content_type="application/json", **auth,
    )  # fmt: skip
    assert resp.status_code == 201, resp.content
    tip_id = resp.json()["id"]
    detail = client.get(f"/api/tips/{tip_id}", **auth)
    assert NAME not in detail.content.decode() and detail.json()["anonymous"] is False
    shown = client.post(f"/api/tips/{tip_id}/reveal", {"reason": "回访"},
                        content_type="application/json", **auth)  # fmt: skip
    assert shown.json() == {"name": NAME, "phone": PHONE}
    assert AuditEntry.objects.filter(action="tip.reveal", note="回访").count() == 1
    _, insp = ApiToken.issue(world.inspector)
    resp = client.post(f"/api/tips/{tip_id}/reveal", {}, content_type="application/json",
                       HTTP_AUTHORIZATION=f"Bearer {insp}")  # fmt: skip
    assert resp.status_code == 404


def test_workbench_todo_tile_opens_exactly_the_tips_it_counts(client, world):
    open_tip, _ = public_tip(world.chem)
    done, _ = public_tip(world.chem)
    Tip.objects.filter(pk=done.pk).update(status="concluded")
    client.force_login(world.awb)
    home = client.get("/").content.decode()
    href, n = re.search(
        r'<a class="tile" href="([^"]*)"><span class="n">(\d+)</span>待办举报', home
    ).groups()
    listed = client.get(href.replace("&amp;", "&")).content.decode()
    assert n == "1"
    assert open_tip.code in listed and done.code not in listed
