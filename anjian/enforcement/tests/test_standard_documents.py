"""The documents in the national 安全生产行政执法文书 layout (docs/documents.md): each kind is
rendered from a demo-like case, its Word file converted to text by LibreOffice, and the text
checked for what an officer signs — the full authority name, each party's particulars, the
violated and the penalty provisions as separate citations, 复议机关 and court with their
periods, payment to the bank account, and never the statutory range on what the party gets."""

import os
import re
import subprocess
from datetime import timedelta

import pytest
from django.utils import timezone

from anjian import law
from anjian.enforcement import services
from anjian.enforcement.models import Document, Hearing

from .conftest import make_finding, make_hazard
from .helpers import complete_file
from .test_documents import SOFFICE

ID_ZHANG = "11010519491231002X"
AUTHORITY = "遂宁市安居区应急管理局"


def lo_text(docs, tmp_path) -> dict:
    """{document pk: its Word file as LibreOffice reads it} (one soffice run for all)."""
    if SOFFICE is None:
        if os.environ.get("CI"):
            pytest.fail("LibreOffice (soffice) is required in CI")
        pytest.skip("LibreOffice (soffice) not installed")
    out, profile = tmp_path / "txt", tmp_path / "profile"
    res = subprocess.run(
        [SOFFICE, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to",
         "txt:Text (encoded):UTF8", "--outdir", str(out), *[d.docx.path for d in docs]],
        capture_output=True, timeout=300,
    )  # fmt: skip
    assert res.returncode == 0, res.stderr.decode(errors="replace")
    texts = {}
    for d in docs:
        name = os.path.splitext(os.path.basename(d.docx.path))[0] + ".txt"
        raw = (out / name).read_text(encoding="utf-8-sig")
        texts[d.pk] = re.sub(r"\s+", "", raw)
    return texts


def no_range(text: str) -> None:
    """What a served document must not print: the statutory range."""
    assert "幅度" not in text
    assert not re.search(r"\d元至[\d,.]+元", text)
    assert "元以下" not in text


def _prepare(world):
    ent = world.chem
    ent.address = "四川省遂宁市安居区工业园区化工路8号"
    ent.legal_representative = "王建国"
    ent.save()
    return ent


def _case_with_two_penalties(world, *, hearing=False):
    """一案双罚 overdue (第九十七条第三项 with 逾期未改正): the unit and its principal, both fined."""
    ent = _prepare(world)
    today = timezone.localdate()
    finding = make_finding(world, ent)
    case = services.propose_case(
        world.inspector, enterprise=ent, title="逾期未改正安全生产教育培训违法行为案",
        facts="经查，当事人于责令限期整改期满后，仍有3名新入职操作工未经安全生产教育和培训即上岗作业。",
        findings=[finding], overdue=True, on=today - timedelta(days=40),
        persons=[{"name": "张三", "position": "主要负责人", "id_number": ID_ZHANG,
                  "address": "四川省遂宁市安居区柔刚街道和平路12号"}],
    )  # fmt: skip
    case = services.approve_filing(world.leader, case, approve=True, on=today - timedelta(days=39))
    case = services.start_investigation(
        world.inspector, case, evidence="询问笔录2份、培训档案复印件、现场照片4张",
        on=today - timedelta(days=38),
    )  # fmt: skip
    fines = {"enterprise": 150000, "person": 30000}
    rows = [{"id": p.pk, "fine": fines[p.kind], "overdue": True} for p in case.parties.all()]
    case = services.propose_decision(
        world.inspector, case, parties=rows, facts={"first_offence": True, "harm": "none"}
    )
    notice_on = today - timedelta(days=30)
    case = services.issue_notice(world.inspector, case, hearing=hearing, on=notice_on)
    return case, notice_on


def _decided(world, case):
    case = services.record_statement(world.inspector, case, statement="", waived=True)
    return services.approve_decision(
        world.leader, case, approve=True, decided_on=timezone.localdate() - timedelta(days=20)
    )


def test_each_penalised_party_gets_its_own_decision_in_the_standard_layout(world, tmp_path):
    case, _ = _case_with_two_penalties(world)
    case = _decided(world, case)
    decisions = list(case.documents.filter(kind="penalty_decision").order_by("id"))
    assert len(decisions) == 2  # the unit's and the person's, each with its own 文号
    unit_doc, person_doc = decisions
    assert unit_doc.party.kind == "enterprise" and person_doc.party.name == "张三"
    assert unit_doc.number != person_doc.number
    approval = case.documents.get(kind="case_approval")
    texts = lo_text([unit_doc, person_doc, approval, *case.documents.filter(
        kind__in=("filing_approval", "penalty_notice"))], tmp_path)  # fmt: skip
    unit, person = texts[unit_doc.pk], texts[person_doc.pk]
    for text, doc in ((unit, unit_doc), (person, person_doc)):
        assert text.startswith(AUTHORITY + "行政处罚决定书" + doc.number)
        assert "违反了《中华人民共和国安全生产法》第二十八条第一款的规定" in text
        assert "依据《中华人民共和国安全生产法》第九十七条第三项的规定" in text
        assert "向遂宁市安居区人民政府申请行政复议" in text and "六十日内" in text
        assert "向遂宁市安居区人民法院提起行政诉讼" in text and "六个月内" in text
        assert "遂宁市安居区财政局非税收入汇缴结算户" in text and "22-850101040000000" in text
        assert "中国农业银行股份有限公司遂宁安居支行" in text
        assert f"{AUTHORITY}（印章）" in text
        assert "询问笔录2份" in text  # the evidence
        no_range(text)
    # the unit's decision: its particulars and its own penalty only
    assert "被处罚单位：遂宁鑫源化工有限公司" in unit
    assert "地址：四川省遂宁市安居区工业园区化工路8号" in unit
    assert "统一社会信用代码：91510904MA0000001P" in unit
    assert "法定代表人（负责人）：王建国" in unit
    assert "罚款人民币壹拾伍万元整（¥150,000.00）" in unit
    assert "张三" not in unit and "叁万" not in unit
    # the person's own decision: name, ID number, address, unit and position
    assert "被处罚人：张三" in person
    assert f"身份证号：{ID_ZHANG}" in person
    assert "住址：四川省遂宁市安居区柔刚街道和平路12号" in person
    assert "工作单位及职务：遂宁鑫源化工有限公司主要负责人" in person
    assert "罚款人民币叁万元整（¥30,000.00）" in person
    assert "壹拾伍万" not in person
    # the internal 呈批表 shows the range to the approving officer, with the three opinions
    text = texts[approval.pk]
    assert "案件处理呈批表" in text and "法定罚款幅度" in text
    for block in ("承办人意见", "审核意见", "审批意见"):
        assert text.count(block) == 1, block
    # 立案审批表: the approval note once, each opinion block signed and dated
    filing = texts[case.documents.get(kind="filing_approval").pk]
    assert filing.count("同意立案") == 1
    for block in ("承办人意见", "审核意见", "审批意见"):
        assert filing.count(block) == 1, block
    assert filing.count("签名：") == 3
    assert "身份证号：" + ID_ZHANG in filing
    # 告知书: each party's particulars, both citations, where to make 陈述申辩, no range
    notice = texts[case.documents.get(kind="penalty_notice").pk]
    assert "陈述、申辩" in notice and "三日内" in notice
    assert "四川省遂宁市安居区柔刚街道政务中心" in notice and "联系电话：0825-866" in notice
    assert "违反了《中华人民共和国安全生产法》第二十八条第一款的规定" in notice
    assert "身份证号：" + ID_ZHANG in notice
    no_range(notice)


def test_unpenalised_person_gets_no_decision(world, finding):
    from .helpers import decided

    case = decided(world, finding)  # 张三 not fined: 第九十七条 fines persons only when overdue
    docs = case.documents.filter(kind="penalty_decision")
    assert [d.party.kind for d in docs] == ["enterprise"]


def test_simple_procedure_person_decision_names_the_person(world, tmp_path):
    _prepare(world)
    code = "SPL-96"
    finding = make_finding(world, code=code, description="安全生产管理人员未履行检查职责")
    case = services.simple_penalty(
        world.inspector, enterprise=world.chem, title="当场处罚", facts="未开展日常安全检查。",
        violation_code=code, fine=200, findings=[finding],
        out_of_range_reason="初次违法且危害后果轻微并及时改正",
        person={"name": "李四", "id_number": ID_ZHANG, "address": "遂宁市安居区某村"},
    )  # fmt: skip
    doc = case.documents.get(kind="penalty_decision")
    assert doc.party.name == "李四"
    text = lo_text([doc], tmp_path)[doc.pk]
    assert "被处罚人：李四" in text and "住址：遂宁市安居区某村" in text
    assert "违反了《中华人民共和国安全生产法》第二十五条第一款的规定" in text
    assert "依据《中华人民共和国安全生产法》第九十六条的规定" in text
    no_range(text)


def test_hearing_documents_and_the_seven_day_notice(world, tmp_path):
    case, notice_on = _case_with_two_penalties(world, hearing=True)
    case = services.record_statement(world.inspector, case, statement="要求听证。",
                                     hearing_requested=True)  # fmt: skip
    notified = notice_on + timedelta(days=2)
    earliest = law.earliest_hearing_day(notified).value
    # fewer than seven working days' notice: refused, naming the field and the rule
    with pytest.raises(Exception) as exc:
        services.schedule_hearing(
            world.inspector, case, held_on=earliest - timedelta(days=1), place="局三楼会议室",
            host="赵法制", on=notified,
        )  # fmt: skip
    assert "held_on" in exc.value.message_dict
    assert "第六十四条" in exc.value.message_dict["held_on"][0]
    # the case's investigator cannot host it
    with pytest.raises(Exception) as exc:
        services.schedule_hearing(
            world.inspector, case, held_on=earliest, place="局三楼会议室",
            host=world.inspector.display_name, on=notified,
        )  # fmt: skip
    assert "host" in exc.value.message_dict
    assert not Hearing.objects.exists()
    case = services.schedule_hearing(
        world.inspector, case, held_on=earliest, time="上午9时30分", place="局三楼会议室",
        host="赵法制", clerk="钱记录", on=notified,
    )  # fmt: skip
    case = services.record_hearing(
        world.inspector, case, participants="当事人委托代理人孙律师；调查人员",
        transcript="调查人员陈述违法事实、证据和处罚建议；当事人申辩称已组织补训。",
        report="当事人对违法事实无异议。", opinion="建议维持拟处罚意见。", on=earliest,
    )  # fmt: skip
    kinds = ["hearing_notice", "hearing_meeting", "hearing_record", "hearing_report"]
    docs = [case.documents.get(kind=k) for k in kinds]
    texts = lo_text(docs, tmp_path)
    told, meeting, record, report = (texts[d.pk] for d in docs)
    assert "听证告知书" in told and "五日内" in told and "不承担" in told
    assert "四川省遂宁市安居区柔刚街道政务中心" in told
    no_range(told)
    assert "听证会通知书" in meeting and "局三楼会议室" in meeting and "赵法制" in meeting
    assert f"{earliest.year}年{earliest.month}月{earliest.day}日上午9时30分" in meeting
    assert f"{AUTHORITY}（印章）" in meeting
    assert (
        "听证笔录" in record and "已组织补训" in record and "听证主持人（签名）：赵法制" in record
    )
    assert "听证会报告书" in report and "建议维持拟处罚意见" in report
    for text in texts.values():
        assert "身份证号：" + ID_ZHANG in text


def test_closing_approval_layout(world, tmp_path):
    case, _ = _case_with_two_penalties(world)
    case = _decided(world, case)
    case = complete_file(world, case)
    today = timezone.localdate()
    case = services.serve(world.inspector, case, served_on=today - timedelta(days=19))
    for p in case.parties.all():
        services.record_payment(
            world.inspector, p, amount=p.fine, paid_on=today - timedelta(days=5)
        )
    case = services.close_case(world.leader, case)
    doc = case.documents.get(kind="closing_approval")
    text = lo_text([doc], tmp_path)[doc.pk]
    assert "结案审批表" in text and "处罚决定书文号" in text
    for d in case.documents.filter(kind="penalty_decision"):
        assert d.number in text
    assert "承办人意见" in text and "审批意见" in text
    assert "150,000.00元" in text and "30,000.00元" in text


def test_judicial_transfer_issues_the_criminal_transfer_letter(world, tmp_path):
    _prepare(world)
    s, t = services.refer_judicial(
        world.leader, world.chem, to_organ="遂宁市公安局安居区分局", crime="dangerous_operation",
        facts="关闭直接关系生产安全的监控、报警设备，具有发生重大伤亡事故的现实危险",
    )  # fmt: skip
    doc = t.documents.get()
    assert doc.kind == "criminal_transfer"
    text = lo_text([doc], tmp_path)[doc.pk]
    assert text.startswith(AUTHORITY + "涉嫌犯罪案件移送书")
    assert "遂宁市公安局安居区分局：" in text
    for item in ("涉嫌犯罪案件情况的调查报告", "涉案物品清单", "有关检验报告或者鉴定意见",
                 "其他有关涉嫌犯罪的材料"):  # fmt: skip
        assert item in text
    assert "行政执法机关移送涉嫌犯罪案件的规定" in text and "第六条" in text
    assert "镇街配合人员" not in text and "异地执法检查问题移交表" not in text
    assert "统一社会信用代码：91510904MA0000001P" in text


def test_field_documents_have_remedies_and_signature_lines(world, tmp_path):
    from anjian.hazards.models import OnSiteMeasure

    _prepare(world)
    h = make_hazard(world, level="major")
    h.deadline = timezone.localdate() + timedelta(days=30)
    h.save()
    docs = []
    for kind, title in (
        ("suspend", "现场处理措施决定书（暂时停产停业）"),
        ("stop_equipment", "现场处理措施决定书（暂时停止使用相关设施、设备）"),
    ):
        m = OnSiteMeasure.objects.create(
            enterprise=world.chem, hazard=h, kind=kind, target="液氨储罐区",
            decided_by=world.inspector,
        )  # fmt: skip
        d = services.issue_document(
            world.inspector, "onsite_measure", enterprise=world.chem, hazard=h
        )
        docs.append((d, title))
        m.lifted_at = timezone.now()
        m.save()
    order = services.issue_document(
        world.inspector, "rectification_order", enterprise=world.chem, hazard=h
    )
    texts = lo_text([d for d, _ in docs] + [order], tmp_path)
    for d, title in docs:
        text = texts[d.pk]
        assert title in text
        assert "第六十五条第一款第三项" in text
        assert "遂宁市安居区人民政府" in text and "遂宁市安居区人民法院" in text
        assert "执法人员（签名）" in text and "被检查单位负责人（签收）" in text
    assert "责令暂时停产停业：液氨储罐区" in texts[docs[0][0].pk]
    text = texts[order.pk]
    assert "收到本指令书之日起六十日内向遂宁市安居区人民政府申请行政复议" in text
    assert "执法人员（签名）" in text and "执法证号" in text
    assert "被检查单位负责人（签收）" in text
    assert f"{AUTHORITY}（印章）" in text


def test_new_kinds_are_registered_with_labels_and_codes():
    from anjian.enforcement import documents

    for kind, label in (
        ("hearing_meeting", "听证会通知书"),
        ("hearing_record", "听证笔录"),
        ("hearing_report", "听证会报告书"),
        ("case_approval", "案件处理呈批表"),
        ("criminal_transfer", "涉嫌犯罪案件移送书"),
    ):
        assert dict(Document.KINDS)[kind] == label
        assert kind in documents.KIND_CODES and kind in documents.BUILDERS
    assert Document(kind="hearing_meeting").party_signs


def test_capital_amounts():
    from anjian.enforcement.casedocs import capital_yuan

    assert capital_yuan(50000) == "伍万元整"
    assert capital_yuan(150000) == "壹拾伍万元整"
    assert capital_yuan(20500) == "贰万零伍佰元整"
    assert capital_yuan(1001) == "壹仟零壹元整"
    assert capital_yuan(100000000) == "壹亿元整"
    assert capital_yuan(10050000) == "壹仟零伍万元整"
    assert capital_yuan("1234.56") == "壹仟贰佰叁拾肆元伍角陆分"
    assert capital_yuan("200.05") == "贰佰元零伍分"


def test_hearing_is_scheduled_and_recorded_on_the_case_page(client, world):
    from django.urls import reverse

    case, notice_on = _case_with_two_penalties(world, hearing=True)
    case = services.record_statement(world.inspector, case, statement="要求听证。",
                                     hearing_requested=True)  # fmt: skip
    client.force_login(world.inspector)
    page = client.get(case.get_absolute_url()).content.decode()
    assert 'id="hearing-schedule"' in page
    url = reverse("enforcement:case_action", args=[case.pk, "hearing"])
    too_soon = timezone.localdate() + timedelta(days=1)
    r = client.post(url, {"version": case.version, "held_on": too_soon.isoformat(),
                          "place": "局三楼会议室", "host": "赵法制"})  # fmt: skip
    assert r.status_code in (200, 400) and "第六十四条" in r.content.decode()
    assert not Hearing.objects.exists()
    day = law.earliest_hearing_day(timezone.localdate()).value
    r = client.post(url, {"version": case.version, "held_on": day.isoformat(),
                          "place": "局三楼会议室", "host": "赵法制", "public": "on"})  # fmt: skip
    assert r.status_code == 302
    page = client.get(case.get_absolute_url()).content.decode()
    assert "听证会通知书" in page and 'id="hearing-record"' in page
    assert case.documents.filter(kind="hearing_meeting").count() == 1
