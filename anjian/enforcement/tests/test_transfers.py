"""E6: seed 001 移交表 signed by both sides, acknowledged and answered by the receiver."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from docx import Document as Docx

from anjian.accounts import signatures
from anjian.accounts.models import Role
from anjian.conftest import make_user
from anjian.enforcement import services
from anjian.enforcement.models import Transfer

ITEMS = [
    {
        "check_item": "消防安全", "description": "疏散通道堆放杂物", "legal_basis": "消防法第二十八条",
        "standard_basis": "GB 50016", "raised_by": "张执法", "responsible_unit": "白马镇安办",
        "disposals": ["deadline", "transfer"],
    },
    {"description": "液氨车间未设置安全警示标志", "disposals": ["case"]},
]  # fmt: skip


def _transfer(world, **kw):
    return services.create_transfer(
        world.inspector, enterprise=world.food, to_region=world.baima, items=ITEMS, **kw
    )


def test_transfer_form_has_the_seed_layout(world):
    t = _transfer(world)
    assert t.region_code == world.food.region_id
    assert [i.seq for i in t.items.all()] == [1, 2]
    doc = t.documents.get(kind="transfer_form")
    d = Docx(doc.docx.path)
    text = "\n".join(p.text for p in d.paragraphs)
    for label in (
        "企业名称",
        "所在镇街",
        "企业地址",
        "检查时间",
        "区执法组人员签字",
        "镇街配合人员签字",
    ):
        assert label in text
    table = d.tables[0]
    header = [c.text for c in table.rows[0].cells]
    for label in (
        "序号",
        "所属检查项目",
        "问题描述",
        "法律依据",
        "标准依据",
        "问题提出人员",
        "执法责任单位",
        "执法处置意见",
    ):
        assert label in header
    options = [c.text for c in table.rows[1].cells][7:]
    assert options == [
        "现场立即整改",
        "责令限期整改",
        "现场紧急处置",
        "暂时停产停业",
        "移交其他部门",
        "简易处罚",
        "立案处罚",
        "其他处置措施",
    ]
    row = [c.text for c in table.rows[2].cells]
    assert row[2] == "疏散通道堆放杂物" and row[8] == "√" and row[11] == "√" and row[7] == ""


def test_needs_both_signatures_before_the_town_acknowledges(world):
    t = _transfer(world)
    with pytest.raises(PermissionDenied):  # another department's inspector cannot receive
        services.acknowledge_transfer(world.builder, t)
    with pytest.raises(ValidationError):
        services.acknowledge_transfer(world.town, t)
    with pytest.raises(PermissionDenied):  # the town does not sign for the district team
        services.sign_transfer(world.town, t, side="team")
    services.sign_transfer(world.inspector, t, side="team")
    with pytest.raises(ValidationError):  # the team alone is not both sides
        services.acknowledge_transfer(world.town, t)
    t = services.sign_transfer(world.town, t, side="local", signer=world.town)
    doc = t.documents.get(kind="transfer_form")
    text = "\n".join(p.text for p in Docx(doc.docx.path).paragraphs)
    assert world.town.display_name in text and world.inspector.display_name in text
    assert (
        services.transfer_content(t)
        and signatures.content_hash(services.transfer_content(t)) in text
    )
    t = services.acknowledge_transfer(world.town, t)
    assert t.status == "acknowledged" and t.acknowledged_by == world.town
    with pytest.raises(ValidationError):
        services.report_transfer_result(world.town, t, result="")
    t = services.report_transfer_result(world.town, t, result="已督促企业清理通道并复查合格")
    assert t.status == "done" and t.result_on is not None


def test_receiving_town_sees_the_transfer_but_others_do_not(world):
    t = _transfer(world)
    assert Transfer.objects.restrict(world.town).filter(pk=t.pk).exists()
    rougang = make_user("rougang", Role.TOWN, region=world.rougang)
    assert not Transfer.objects.restrict(rougang).filter(pk=t.pk).exists()
    assert not Transfer.objects.restrict(world.builder).filter(pk=t.pk).exists()


def test_transfer_to_department_is_received_by_that_department(world):
    t = services.create_transfer(
        world.inspector, enterprise=world.food, to_department=world.zjw, items=ITEMS
    )
    assert Transfer.objects.restrict(world.builder).filter(pk=t.pk).exists()
    services.sign_transfer(world.inspector, t, side="team")
    t = services.acknowledge_transfer(world.builder, t)
    assert t.status == "acknowledged"


def test_one_receiver_and_at_least_one_row(world):
    with pytest.raises(ValidationError) as exc:
        services.create_transfer(world.inspector, enterprise=world.food, items=ITEMS)
    assert "to_department" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.create_transfer(world.inspector, enterprise=world.food, to_region=world.baima)
    assert "items" in exc.value.message_dict


def test_long_legal_text_still_renders_the_pdf(world):
    # A row taller than a landscape page (the full 法律责任 text of a checklist item) must not
    # break the PDF: the row continues on the next page.
    t = services.create_transfer(
        world.inspector, enterprise=world.chem, to_department=world.zjw,
        items=[{"description": "问题" * 50, "legal_basis": "依据安全生产法第九十七条。" * 300,
                "standard_basis": "GB 50016-2014 第5.2.1条。" * 200, "disposals": ["transfer"]}],
    )  # fmt: skip
    doc = t.documents.get(kind="transfer_form")
    assert doc.pdf.size > 0 and doc.docx.size > 0
    assert doc.pdf.open("rb").read(5) == b"%PDF-"
