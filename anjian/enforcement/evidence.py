"""The evidence documents of a case (行政处罚法第四十六条、第五十五条、第五十六条), registered as
document kinds: 询问通知书, 询问笔录, 勘验笔录, 抽样取证凭证, 先行登记保存证据通知书 and its
处理决定书, 鉴定委托书; and the case's 证据清单 built from its evidence records.
"""

from django.db.models import Q

from . import render
from .docparts import authority, day, receipt, seal, unit_particulars
from .seizure import signature_lines

KINDS = {
    "inquiry_notice": ("询问通知书", "询通"),
    "inquiry_record": ("询问笔录", "询"),
    "site_record": ("勘验笔录", "勘"),
    "sampling_voucher": ("抽样取证凭证", "抽"),
    "preservation_notice": ("先行登记保存证据通知书", "先保"),
    "preservation_decision": ("先行登记保存证据处理决定书", "先处"),
    "appraisal_entrust": ("鉴定委托书", "鉴"),
}
# the record kind → its main document kind
MAIN_KIND = {
    "inquiry": "inquiry_record",
    "site": "site_record",
    "sampling": "sampling_voucher",
    "preservation": "preservation_notice",
    "appraisal": "appraisal_entrust",
}
APL = "《中华人民共和国行政处罚法》"


def record_of(doc):
    from .models import EvidenceRecord

    return (
        EvidenceRecord.objects.filter(
            Q(document=doc) | Q(notice_document=doc) | Q(decision_document=doc)
        )
        .select_related("case", "recorder", "approved_by", "enterprise")
        .first()
    )


def officers_text(r) -> str:
    return "、".join(
        f"{u.display_name}（执法证号：{u.cert_no}）" if u.cert_no else u.display_name
        for u in r.officers.order_by("pk")
    )


def _time(r) -> str:
    t = day(r.on)
    if r.start_time:
        t += f"{r.start_time:%H时%M分}"
    if r.end_time:
        t += f"至{r.end_time:%H时%M分}"
    return t


def _subject_rows(r, label: str) -> list:
    return [
        (label, r.subject_name or "—"),
        ("性别", r.subject_gender or "—"),
        ("身份证号", r.subject_id_number or "—"),
        ("工作单位及职务", r.subject_unit or "—"),
        ("住址", r.subject_address or "—"),
        ("联系电话", r.subject_phone or "—"),
    ]


def _case_line(r) -> tuple:
    return ("案由", f"{r.case.title}（案号：{r.case.number or '—'}）")


def _item_rows(r) -> list:
    rows = [["序号", "名称", "规格型号（批号）", "数量", "单位", "备注"]]
    for i in r.items.all():
        rows.append([i.seq, i.name, i.spec or "—", i.quantity, i.unit or "—", i.note or "—"])
    return rows


def _signers(c, r, party_label: str) -> None:
    sigs = list(r.signatures.order_by("signed_at", "id"))
    c.blocks.append(
        (
            render.SIGN,
            [
                "执法人员（签名）：" + "、".join(s.name for s in sigs if s.role == "inspector"),
                f"{party_label}（签名）：" + "、".join(s.name for s in sigs if s.role == "party"),
                "　　年　月　日",
            ],
        )
    )
    signature_lines(c, sigs)


def _inquiry_notice(doc, c):
    r = record_of(doc)
    auth = authority(doc.department)
    c.blocks.append(
        (render.KV, [("被通知人", r.subject_name), ("工作单位及职务", r.subject_unit or "—")])
    )
    when = day(r.on) + (f"{r.start_time:%H时%M分}" if r.start_time else "")
    c.blocks.append(
        (
            render.PARA,
            f"为调查了解{r.notice_matter or r.case.title}有关情况，依据{APL}第五十五条和"
            "《中华人民共和国安全生产法》第六十五条第一款第一项的规定，请你于"
            f"{when}到{r.place}接受询问调查。请携带本人居民身份证及有关材料。"
            "执法人员不得少于两人，并应当主动出示执法证件；你有权依法申请回避，"
            "有如实回答询问、协助调查的义务。",
        )
    )
    c.blocks.append((render.KV, [("执法人员", officers_text(r) or "—")]))
    if auth.address or auth.phone:
        c.blocks.append(
            (render.KV, [("本机关地址", auth.address or "—"), ("联系电话", auth.phone or "—")])
        )
    seal(c, doc, auth)
    receipt(c, "被通知人（签收）")


def _inquiry_record(doc, c):
    r = record_of(doc)
    c.blocks.append(
        (
            render.KV,
            [
                _case_line(r),
                ("询问时间", _time(r)),
                ("询问地点", r.place),
                ("询问人", officers_text(r) or "—"),
                ("记录人", r.recorder.display_name if r.recorder else "—"),
                *_subject_rows(r, "被询问人"),
            ],
        )
    )
    c.blocks.append(
        (
            render.PARA,
            "询问人出示执法证件，告知：我们是"
            f"{authority(doc.department).full_name}的执法人员，依法就有关问题进行调查，"
            "请如实回答；你有申请回避的权利，有如实回答询问、协助调查的义务，"
            f"对与案件无关的问题有拒绝回答的权利（{APL}第四十二条、第四十三条、第五十五条）。",
        )
    )
    c.blocks.append((render.HEADING, "询问记录"))
    for line in r.content.splitlines():
        if line.strip():
            c.blocks.append((render.PARA, line.strip()))
    c.blocks.append((render.PARA, "被询问人核对意见：以上笔录我看过（向我宣读过），与我说的相符。"))
    _signers(c, r, "被询问人")


def _site_record(doc, c):
    r = record_of(doc)
    c.blocks.append(
        (
            render.KV,
            [
                _case_line(r),
                ("勘验时间", _time(r)),
                ("勘验场所", r.place),
                ("勘验人", officers_text(r) or "—"),
                ("记录人", r.recorder.display_name if r.recorder else "—"),
                ("当事人", doc.enterprise.name),
                ("当事人代表（在场人）", r.subject_name or "—"),
                ("身份证号", r.subject_id_number or "—"),
            ],
        )
    )
    c.blocks.append(
        (
            render.PARA,
            f"勘验依据：{APL}第四十六条、第五十五条，《中华人民共和国安全生产法》第六十五条。",
        )
    )
    c.blocks.append((render.HEADING, "勘验情况"))
    for line in r.content.splitlines():
        if line.strip():
            c.blocks.append((render.PARA, line.strip()))
    _signers(c, r, "当事人（在场人）")


def _sampling(doc, c):
    r = record_of(doc)
    auth = authority(doc.department)
    c.blocks.append((render.KV, unit_particulars(doc.enterprise, "被抽样单位")))
    c.blocks.append(
        (
            render.KV,
            [_case_line(r), ("抽样时间", _time(r)), ("抽样地点", r.place),
             ("抽样人", officers_text(r) or "—")],
        )
    )  # fmt: skip
    c.blocks.append(
        (
            render.PARA,
            f"依据{APL}第五十六条的规定，本机关对你单位下列物品进行抽样取证：",
        )
    )
    c.blocks.append((render.TABLE, _item_rows(r)))
    if r.content.strip():
        c.blocks.append((render.KV, [("抽样说明", r.content.strip())]))
    seal(c, doc, auth)
    _signers(c, r, "被抽样单位代表")


def _preservation_notice(doc, c):
    r = record_of(doc)
    auth = authority(doc.department)
    c.blocks.append((render.KV, unit_particulars(doc.enterprise, "当事人")))
    c.blocks.append((render.KV, [_case_line(r), ("保存地点", r.place)]))
    c.blocks.append(
        (
            render.PARA,
            f"因{r.content.strip().rstrip('。')}，证据可能灭失或者以后难以取得，经本机关负责人"
            f"{r.approved_by.display_name if r.approved_by else ''}批准，依据{APL}第五十六条的规定，"
            "对下列物品予以先行登记保存。在此期间，当事人或者有关人员不得销毁或者转移证据。"
            f"本机关将在七日内（工作日，{APL}第八十五条）即{day(r.decision_last_day)}前"
            "作出处理决定。",
        )
    )
    c.blocks.append((render.HEADING, "先行登记保存证据清单"))
    c.blocks.append((render.TABLE, _item_rows(r)))
    seal(c, doc, auth)
    _signers(c, r, "当事人")


def _preservation_decision(doc, c):
    r = record_of(doc)
    auth = authority(doc.department)
    c.blocks.append((render.KV, unit_particulars(doc.enterprise, "当事人")))
    notice = r.document
    c.blocks.append(
        (
            render.PARA,
            f"本机关于{day(r.on)}以{notice.number if notice else ''}先行登记保存证据通知书对你单位的"
            f"物品予以先行登记保存。依据{APL}第五十六条的规定，现作出如下处理决定："
            f"{r.get_disposal_display()}。"
            + (f"{r.disposal_note.strip()}" if r.disposal_note.strip() else ""),
        )
    )
    c.blocks.append((render.TABLE, _item_rows(r)))
    seal(c, doc, auth)
    receipt(c, "当事人（签收）")


def _appraisal(doc, c):
    r = record_of(doc)
    auth = authority(doc.department)
    c.blocks.append((render.KV, [("受委托鉴定机构", r.appraiser or "—")]))
    c.blocks.append(
        (
            render.PARA,
            f"本机关在办理{doc.enterprise.name}{r.case.title}一案中，依据{APL}第四十六条、"
            "第五十五条的规定，需对下列事项进行鉴定，现委托你机构进行鉴定，"
            "请依法出具鉴定意见并加盖鉴定机构印章，由鉴定人签名。",
        )
    )
    c.blocks.append((render.KV, [("鉴定事项及要求", r.content.strip()), ("送检地点", r.place)]))
    if r.items.exists():
        c.blocks.append((render.HEADING, "送检材料"))
        c.blocks.append((render.TABLE, _item_rows(r)))
    c.blocks.append(
        (render.KV, [("联系人", officers_text(r) or "—"), ("联系电话", auth.phone or "—")])
    )
    seal(c, doc, auth)


BUILDERS = {
    "inquiry_notice": _inquiry_notice,
    "inquiry_record": _inquiry_record,
    "site_record": _site_record,
    "sampling_voucher": _sampling,
    "preservation_notice": _preservation_notice,
    "preservation_decision": _preservation_decision,
    "appraisal_entrust": _appraisal,
}


def register_kinds() -> None:
    for kind, (label, code) in KINDS.items():
        from . import documents

        documents.register(kind, label, code, BUILDERS[kind])


def evidence_list(case) -> list[dict]:
    """证据清单: each evidence record of the case in order, with its evidence type
    (行政处罚法第四十六条), its documents and files."""
    rows = []
    for n, r in enumerate(
        case.evidence_records.prefetch_related("files", "officers").select_related(
            "document", "notice_document", "decision_document"
        ),
        start=1,
    ):
        docs = r.documents()
        rows.append(
            {
                "seq": n,
                "record": r,
                "kind": r.get_kind_display(),
                "type": r.EVIDENCE_TYPES[r.kind],
                "on": r.on,
                "numbers": [d.number for d in docs],
                "documents": docs,
                "files": list(r.files.all()),
                "officers": [u.display_name for u in r.officers.all()],
            }
        )
    return rows


def evidence_line(r) -> str:
    """The line a record adds to the case's 证据材料 (read by the decision)."""
    doc = r.document
    number = f"（{doc.number}）" if doc else ""
    who = f"，{r.subject_name}" if r.subject_name else ""
    return f"{r.get_kind_display()}{number}：{r.on:%Y年%m月%d日}{who}，{r.place}"
