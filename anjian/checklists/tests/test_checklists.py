"""C2: checklist templates as versioned data, seed 000 附件1 loaded complete."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from anjian import sources
from anjian.audit.models import AuditEntry
from anjian.checklists import services
from anjian.checklists.models import ChecklistItem, ChecklistTemplate
from anjian.checklists.seedcount import count_annex1_rows
from anjian.core.services import ConflictError
from anjian.law import VIOLATIONS

SEED = sources.path("seeds", "000_dfd22421fa8168ad.txt")


def test_annex1_has_every_row_of_the_seed_per_subject(annex1):
    expected = count_annex1_rows(SEED.read_text(encoding="utf-8"))
    assert set(expected) == {
        "主要负责人",
        "安全生产管理人员",
        "安全生产分管负责人",
        "其他负责人",
        "其他员工",
        "特种作业人员",
    }
    loaded: dict[str, int] = {}
    for subject in annex1.items.order_by("row").values_list("subject", flat=True):
        loaded[subject] = loaded.get(subject, 0) + 1
    assert loaded == expected
    assert list(loaded) == list(expected)  # same group order as the seed
    assert annex1.status == "published"


def test_annex1_rows_carry_basis_liability_and_valid_codes(annex1):
    items = list(annex1.items.order_by("row"))
    first = items[0]
    assert (first.subject, first.seq) == ("主要负责人", 1)
    assert first.basis == "《中华人民共和国安全生产法》第二十七条第二项"
    assert "第九十七条第二项" in first.liability and first.violation_code == "SPL-97-2"
    assert all(i.basis and i.liability for i in items)
    assert [i.seq for i in items if i.subject == "安全生产管理人员"] == [1, 2, 3, 4, 5, 6, 6, 7]
    for i in items:
        assert i.violation_code == "" or i.violation_code in VIOLATIONS
    by_row = {i.row: i.violation_code for i in items}
    assert by_row[5] == "SPL-93-P1" and by_row[8] == "SPL-110-P2" and by_row[2] == "SPL-94-P1"
    assert by_row[21] == "SPL-107" and by_row[22] == "SPL-97-7"


def test_published_template_cannot_be_edited_in_place(world, annex1):
    item = annex1.items.get(row=1)
    with pytest.raises(ValidationError) as exc:
        services.update_item(world.awb, item, item="改写的检查项目")
    assert "status" in exc.value.message_dict
    with pytest.raises(ValidationError):
        services.add_item(world.awb, annex1, subject="主要负责人", item="新增")
    with pytest.raises(ValidationError):
        services.delete_item(world.awb, item)
    with pytest.raises(ValidationError):  # even a direct save is refused
        item.item = "绕过服务修改"
        item.save()
    assert annex1.items.get(row=1).item == "主要负责人按照规定经考核合格。"
    assert annex1.items.count() == 23


def test_editing_published_creates_new_draft_version_copying_items(world, annex1):
    draft = services.begin_revision(world.awb, annex1)
    assert (draft.version, draft.status, draft.based_on_id) == (2, "draft", annex1.pk)
    assert draft.items.count() == 23
    assert list(draft.items.values_list("row", "subject", "seq", "item", "liability")) == list(
        annex1.items.values_list("row", "subject", "seq", "item", "liability")
    )
    # asking again returns the same draft, not a third version
    assert services.begin_revision(world.awb, annex1).pk == draft.pk
    item = draft.items.get(row=1)
    services.update_item(world.awb, item, item="主要负责人按照规定经考核合格（修订）。")
    assert annex1.items.get(row=1).item == "主要负责人按照规定经考核合格。"
    services.publish(world.awb, draft)
    annex1.refresh_from_db()
    assert annex1.status == "retired"
    assert ChecklistTemplate.objects.get(pk=draft.pk).status == "published"


def test_unknown_violation_code_refused_naming_field(world, draft):
    item = draft.items.first()
    with pytest.raises(ValidationError) as exc:
        services.update_item(world.inspector, item, violation_code="SPL-999")
    assert "violation_code" in exc.value.message_dict
    assert "SPL-999" in exc.value.message_dict["violation_code"][0]
    with pytest.raises(ValidationError) as exc:
        services.add_item(world.inspector, draft, subject="企业", item="x", violation_code="XYZ")
    assert "violation_code" in exc.value.message_dict
    services.update_item(world.inspector, item, violation_code="spl-97-2")
    assert ChecklistItem.objects.get(pk=item.pk).violation_code == "SPL-97-2"


def test_draft_editor_add_reorder_delete_publish(world, draft):
    assert list(draft.items.values_list("item", "seq", "row")) == [
        ("液氨制冷", 1, 1),
        ("有限空间", 2, 2),
        ("粉尘涉爆", 3, 3),
    ]
    third = draft.items.get(item="粉尘涉爆")
    services.move_item(world.inspector, third, "up")
    assert list(draft.items.values_list("item", flat=True)) == ["液氨制冷", "粉尘涉爆", "有限空间"]
    services.delete_item(world.inspector, draft.items.get(item="液氨制冷"))
    assert list(draft.items.values_list("item", "row")) == [("粉尘涉爆", 1), ("有限空间", 2)]
    services.publish(world.inspector, draft)
    draft.refresh_from_db()
    assert draft.status == "published" and draft.published_by == world.inspector
    assert AuditEntry.objects.filter(action="checklist.publish", object_id=str(draft.pk)).exists()


def test_stale_draft_edit_is_a_conflict(world, draft):
    stale = draft.revision
    services.update_item(world.inspector, draft.items.first(), expected_revision=stale, item="A")
    with pytest.raises(ConflictError):
        services.update_item(world.leader, draft.items.last(), expected_revision=stale, item="B")
    assert draft.items.last().item == "粉尘涉爆"


def test_only_owning_department_edits_and_drafts_are_private(world, draft):
    with pytest.raises(PermissionDenied):
        services.add_item(world.builder, draft, subject="企业", item="越权")
    with pytest.raises(PermissionDenied):
        services.create_template(world.ent_user, code="x", title="企业不能制定")
    assert not ChecklistTemplate.objects.restrict(world.builder).filter(pk=draft.pk).exists()
    assert not ChecklistTemplate.objects.restrict(world.ent_user).filter(pk=draft.pk).exists()
    assert ChecklistTemplate.objects.restrict(world.leader).filter(pk=draft.pk).exists()
    services.publish(world.inspector, draft)
    assert ChecklistTemplate.objects.restrict(world.ent_user).filter(pk=draft.pk).exists()


def test_pages_editor_and_printable_view(world, annex1, draft):
    c = Client()
    c.force_login(world.inspector)
    resp = c.post(
        f"/checklists/{draft.pk}/items/new/",
        {
            "subject": "企业",
            "item": "外包作业",
            "violation_code": "NOPE",
            "revision": draft.revision,
        },
    )
    # the refusal sends the template's page back with the add form open, naming the field
    assert resp.status_code == 400 and "违法行为代码" in resp.content.decode()
    assert (
        "NOPE" in resp.content.decode() and '<details class="cl-add" open>' in resp.content.decode()
    )
    resp = c.post(
        f"/checklists/{draft.pk}/items/new/",
        {
            "subject": "企业",
            "item": "外包作业",
            "violation_code": "SPL-97-2",
            "revision": draft.revision,
        },
    )
    assert resp.status_code == 302 and draft.items.filter(item="外包作业").exists()
    html = c.get(f"/checklists/{annex1.pk}/print/").content.decode()
    for col in [
        "检查对象",
        "序号",
        "检查项目",
        "检查内容",
        "检查要点",
        "检查依据",
        "法律责任",
        "备注",
    ]:
        assert f"<th>{col}</th>" in html
    assert 'rowspan="9"' in html  # 主要负责人 merged over its 9 rows, as in the seed
    # editing a published template from the page makes a new draft
    resp = c.post(f"/checklists/{annex1.pk}/revise/")
    assert resp.status_code == 403  # 附件1 is region-wide: 安委办's, not the department's
    c.force_login(world.awb)
    resp = c.post(f"/checklists/{annex1.pk}/revise/")
    new = ChecklistTemplate.objects.get(code=annex1.code, version=2)
    assert resp.status_code == 302 and resp["Location"].endswith(f"/checklists/{new.pk}/")


def test_api_lists_published_checklists_with_items(world, annex1, draft):
    c = Client()
    c.force_login(world.ent_user)
    data = c.get("/api/checklists").json()
    codes = {t["code"] for t in data["items"]}
    assert annex1.code in codes and draft.code not in codes
    detail = c.get(f"/api/checklists/{annex1.pk}").json()
    assert len(detail["items"]) == 23 and detail["items"][0]["violation_code"] == "SPL-97-2"
    assert c.get(f"/api/checklists/{draft.pk}").status_code == 404
