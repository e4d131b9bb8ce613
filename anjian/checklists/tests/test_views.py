"""The checklist pages on the generic views: list, create/edit, item editor, transitions."""

from anjian.checklists import services
from anjian.checklists.models import ChecklistTemplate
from anjian.checklists.tests.helpers import client, messages_of


def test_list_shows_newest_version_with_older_ones_linked(world, annex1):
    new = services.begin_revision(world.awb, annex1)
    c = client(world.awb)
    html = c.get("/checklists/").content.decode()
    assert f'href="/checklists/{new.pk}/"' in html  # the draft is the newest the awb reads
    assert f'<a href="/checklists/{annex1.pk}/">第1版（已发布）</a>' in html
    assert html.count(annex1.title) == 1
    # a department inspector does not read the awb's draft: the published version is its row
    html = client(world.inspector).get("/checklists/").content.decode()
    assert f'href="/checklists/{annex1.pk}/"' in html and f"/checklists/{new.pk}/" not in html


def test_list_filters_and_refuses_a_bad_status(world, annex1, draft):
    c = client(world.inspector)
    html = c.get("/checklists/?status=draft").content.decode()
    assert draft.title in html and annex1.title not in html
    resp = c.get("/checklists/?status=nonsense")
    assert resp.status_code == 400 and "状态" in resp.content.decode()


def test_create_and_edit_through_pages_with_revision_lock(world):
    c = client(world.inspector)
    resp = c.post("/checklists/new/", {"code": "yjj-test", "title": "测试清单"})
    tpl = ChecklistTemplate.objects.get(code="yjj-test")
    assert resp.status_code == 302 and resp["Location"] == f"/checklists/{tpl.pk}/"
    assert "已创建检查表草稿，请添加检查项。" in messages_of(resp)
    resp = c.post("/checklists/new/", {"code": "yjj-test", "title": "重复"})
    assert resp.status_code == 200 and "模板代码“yjj-test”已被使用" in resp.content.decode()
    stale = tpl.revision
    resp = c.post(f"/checklists/{tpl.pk}/edit/", {"title": "改名", "revision": stale})
    assert resp.status_code == 302
    resp = c.post(f"/checklists/{tpl.pk}/edit/", {"title": "再改", "revision": stale})
    assert resp.status_code == 200 and "已被他人修改" in resp.content.decode()
    assert ChecklistTemplate.objects.get(pk=tpl.pk).title == "改名"
    assert client(world.ent_user).get("/checklists/new/").status_code == 403


def test_item_field_limits_come_from_the_model(world, draft):
    item = draft.items.first()
    c = client(world.inspector)
    resp = c.post(
        f"/checklists/items/{item.pk}/edit/",
        {"subject": "企" * 33, "item": "x", "revision": draft.revision},
    )
    html = resp.content.decode()
    assert resp.status_code == 200 and "检查对象" in html and "32" in html
    assert draft.items.get(pk=item.pk).subject == "企业"
    resp = c.post(
        f"/checklists/items/{item.pk}/edit/",
        {"subject": "企业", "item": "液氨制冷（改）", "seq": "abc", "revision": draft.revision},
    )
    assert resp.status_code == 200 and "序号" in resp.content.decode()
    resp = c.post(
        f"/checklists/items/{item.pk}/edit/",
        {"subject": "企业", "item": "液氨制冷（改）", "revision": draft.revision},
    )
    assert resp.status_code == 302 and draft.items.get(pk=item.pk).item == "液氨制冷（改）"


def test_move_delete_publish_discard_transitions(world, draft):
    c = client(world.inspector)
    first, second, third = draft.items.order_by("row")
    resp = c.post(
        f"/checklists/items/{third.pk}/move/", {"direction": "up", "revision": draft.revision}
    )
    assert resp["Location"] == f"/checklists/{draft.pk}/#item-{third.pk}"
    assert list(draft.items.values_list("pk", flat=True)) == [first.pk, third.pk, second.pk]
    resp = c.post(f"/checklists/items/{third.pk}/move/", {"direction": "sideways"})
    assert "移动方向" in messages_of(resp)
    resp = c.post(f"/checklists/items/{first.pk}/delete/", {"revision": "1"})  # stale
    assert "已被他人修改" in messages_of(resp) and draft.items.count() == 3
    draft.refresh_from_db()
    resp = c.post(f"/checklists/items/{first.pk}/delete/", {"revision": draft.revision})
    assert "已删除检查项。" in messages_of(resp) and draft.items.count() == 2
    draft.refresh_from_db()
    resp = c.post(f"/checklists/{draft.pk}/publish/", {"revision": draft.revision})
    assert "已发布第1版。" in messages_of(resp)
    assert ChecklistTemplate.objects.get(pk=draft.pk).status == "published"
    resp = c.post(f"/checklists/{draft.pk}/discard/", {})
    assert "已发布的检查表不能直接修改" in messages_of(resp)
    new = services.begin_revision(world.inspector, draft)
    resp = c.post(f"/checklists/{new.pk}/discard/", {"revision": new.revision})
    assert resp["Location"] == "/checklists/" and "草稿已删除。" in messages_of(resp)
    assert not ChecklistTemplate.objects.filter(pk=new.pk).exists()
    # another department's draft is out of scope: 404
    other = services.begin_revision(world.inspector, draft)
    assert client(world.builder).post(f"/checklists/{other.pk}/publish/").status_code == 404


def test_publishing_an_empty_draft_names_the_problem(world):
    tpl = services.create_template(world.inspector, code="empty", title="空清单")
    resp = client(world.inspector).post(f"/checklists/{tpl.pk}/publish/", {"revision": "x"})
    assert "修改次数" in messages_of(resp)  # the revision is parsed by the form
    resp = client(world.inspector).post(f"/checklists/{tpl.pk}/publish/", {})
    assert "检查表至少应有一个检查项才能发布" in messages_of(resp)


def test_pages_use_no_inline_handlers(world, annex1, draft):
    c = client(world.inspector)
    for url in (f"/checklists/{draft.pk}/", f"/checklists/{annex1.pk}/print/"):
        html = c.get(url).content.decode()
        assert "onsubmit=" not in html and "onclick=" not in html
    assert "data-confirm=" in c.get(f"/checklists/{draft.pk}/").content.decode()
    assert "data-print" in c.get(f"/checklists/{annex1.pk}/print/").content.decode()


def test_api_status_parameter_is_parsed(world, annex1):
    c = client(world.inspector)
    assert c.get("/api/checklists?status=nonsense").status_code == 422
    codes = [t["code"] for t in c.get("/api/checklists?status=published").json()["items"]]
    assert annex1.code in codes
