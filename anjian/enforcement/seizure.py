"""The 查封扣押 documents (行政强制法第二十四条、第二十五条、第二十八条), registered as document kinds.

* 查封扣押决定书 (第二十四条第二款: 当事人的名称、地址; 理由、依据和期限; 场所、设施或者财物的名称、
  数量; 复议、诉讼的途径和期限; 机关的名称、印章和日期),
* 查封扣押物品清单 in two copies (第二十四条第一款: 一式二份，由当事人和行政机关分别保存),
* 延长查封扣押期限通知书 (第二十五条第二款: 及时书面告知当事人，并说明理由),
* 解除查封扣押决定书 (第二十八条), with the things returned.

Each builder finds its `Seizure` by the document it points to; the service links the document
before rendering it (`issue`).
"""

from django.db.models import Q

from anjian import law

from . import documents, render
from .docparts import authority, day, receipt, remedies, seal, unit_particulars

KINDS = {
    "seizure_decision": ("查封扣押决定书", "查扣"),
    "seizure_list": ("查封扣押物品清单", "查扣清"),
    "seizure_extension": ("延长查封扣押期限通知书", "延查"),
    "seizure_lift": ("解除查封扣押决定书", "解查"),
}
LINK = {
    "seizure_decision": "decision_document",
    "seizure_list": "list_document",
    "seizure_extension": "extension_document",
    "seizure_lift": "lift_document",
}


def basis(s) -> str:
    """安全生产法第六十五条第一款第四项 and the kind of measure in 行政强制法第九条 (第二项 查封场所、
    设施或者财物, 第三项 扣押财物), with the procedure of 第十八条 and the decision of 第二十四条."""
    item = "第三项" if s.kind == "detain" else "第二项"
    return (
        "《中华人民共和国安全生产法》第六十五条第一款第四项、《中华人民共和国行政强制法》"
        f"第九条{item}、第十八条、第二十四条"
    )


def issue(by, kind: str, record, field: str, *, issued_on, department, enterprise, **links):
    """Number a document of `kind`, link it to `record.field`, then render it (inside the
    caller's transaction: a failure rolls back the number too)."""
    from .models import Document

    seq = documents.next_seq(department, kind, issued_on.year)
    doc = Document.objects.create(
        kind=kind,
        department=department,
        region_code=enterprise.region_id,
        year=issued_on.year,
        seq=seq,
        number=documents.format_number(department, kind, issued_on.year, seq),
        enterprise=enterprise,
        issued_on=issued_on,
        issued_by=by,
        **links,
    )
    setattr(record, field, doc)
    record.save(update_fields=[field])
    documents.attach_files(doc)
    return doc


def seizure_of(doc):
    from .models import Seizure

    q = Q()
    for field in LINK.values():
        q |= Q(**{field: doc})
    return (
        Seizure.objects.filter(q)
        .select_related("enterprise", "department", "approved_by", "extension_approved_by")
        .first()
    )


def measure(s) -> str:
    return s.get_kind_display()


def _officers(s) -> str:
    return "、".join(
        f"{u.display_name}（执法证号：{u.cert_no}）" if u.cert_no else u.display_name
        for u in s.officers.order_by("pk")
    )


def item_rows(s, *, returned: bool = False) -> list:
    rows = [["序号", "名称", "规格型号", "数量", "单位", "备注"]]
    if returned:
        rows[0].append("退还日期")
    for i in s.items.all():
        row = [i.seq, i.name, i.spec or "—", i.quantity, i.unit or "—", i.note or "—"]
        if returned:
            row.append(day(i.returned_on) if i.returned_on else "—")
        rows.append(row)
    return rows


def signature_lines(c, sigs) -> None:
    """Each signature as `documents` prints them; a witness (见证人, 第十八条第十项) named as such."""
    from anjian.accounts.signatures import sign_lines

    sigs = list(sigs)
    if not sigs:
        return
    c.blocks.append((render.HEADING, "签名记录"))
    for s, line in zip(sigs, sign_lines(sigs), strict=True):
        if s.organisation == WITNESS:
            line = line.replace(s.get_role_display(), "见证人", 1)
        c.blocks.append((render.SIGNATURE, (line, bytes(s.png or b""))))


WITNESS = "见证人"


def _period(s) -> str:
    if s.seized_on is None:
        return "—"
    return (
        f"自{day(s.seized_on)}起至{day(s.initial_last_day)}止（不超过三十日，"
        "《中华人民共和国行政强制法》第二十五条第一款；需要检测、检验、检疫或者技术鉴定的，"
        "其期间不计入查封、扣押期限）"
    )


def _decision(doc, c):
    s = seizure_of(doc)
    auth = authority(doc.department)
    c.blocks.append((render.KV, unit_particulars(doc.enterprise, "当事人")))
    what = measure(s)
    c.blocks.append(
        (
            render.PARA,
            f"经查，{s.facts.strip().rstrip('。')}。",
        )
    )
    c.blocks.append(
        (
            render.PARA,
            f"依据{s.basis or basis(s)}的规定，本机关决定对下列场所、设施或者财物予以{what}，"
            f"{what}场所（地点）：{s.place}。{what}期限：{_period(s)}。",
        )
    )
    c.blocks.append((render.HEADING, f"{what}的场所、设施或者财物（详见查封扣押物品清单）"))
    c.blocks.append((render.TABLE, item_rows(s)))
    c.blocks.append(
        (
            render.PARA,
            f"在{what}期间，当事人不得擅自启封、转移、隐匿、损毁或者使用被{what}的场所、设施或者"
            "财物。本机关将在期限内作出处理决定；情况复杂的，经本机关负责人批准可以延长一次，"
            "延长期限不超过三十日，并书面告知（《中华人民共和国行政强制法》第二十五条、第二十七条）。",
        )
    )
    c.blocks.append(
        (
            render.KV,
            [
                ("实施执法人员", _officers(s) or "—"),
                (
                    "批准",
                    f"经本机关负责人{s.approved_by.display_name}批准（行政强制法第十八条第一项）"
                    if s.approved_by
                    else "—",
                ),
            ],
        )
    )
    c.blocks.append((render.PARA, remedies(auth, what="本决定")))
    party = [x.name for x in s.signatures.all() if x.role == "party"]
    c.blocks.append(
        (
            render.SIGN,
            [
                "执法人员（签名）：" + "、".join(u.display_name for u in s.officers.order_by("pk")),
                ("当事人（签名）：" if s.party_present else "见证人（签名）：") + "、".join(party),
            ],
        )
    )
    seal(c, doc, auth)
    signature_lines(c, s.signatures.order_by("signed_at", "id"))


def _list(doc, c):
    """The item list, printed twice: the party's copy and the authority's copy (第二十四条)."""
    s = seizure_of(doc)
    dec = s.decision_document
    for copy in ("第一联　当事人留存", "第二联　执法机关存档"):
        c.blocks.append((render.HEADING, copy))
        c.blocks.append(
            (
                render.KV,
                [
                    ("当事人", doc.enterprise.name),
                    ("查封扣押决定书文号", dec.number if dec else "—"),
                    ("措施", measure(s)),
                    ("场所（地点）", s.place),
                    ("日期", day(s.seized_on)),
                ],
            )
        )
        c.blocks.append((render.TABLE, item_rows(s)))
        c.blocks.append(
            (
                render.PARA,
                "本清单一式二份，由当事人和行政机关分别保存（行政强制法第二十四条第一款）。",
            )
        )
        c.blocks.append(
            (
                render.SIGN,
                [
                    "执法人员（签名）："
                    + "、".join(u.display_name for u in s.officers.order_by("pk")),
                    ("当事人（签名）：" if s.party_present else "见证人（签名）："),
                    "　　年　月　日",
                ],
            )
        )


def _extension(doc, c):
    s = seizure_of(doc)
    auth = authority(doc.department)
    c.blocks.append((render.KV, unit_particulars(doc.enterprise, "当事人")))
    dec = s.decision_document
    what = measure(s)
    c.blocks.append(
        (
            render.PARA,
            f"本机关于{day(s.seized_on)}以{dec.number if dec else ''}查封扣押决定书对你单位的"
            f"场所、设施或者财物（{s.place}）予以{what}，原期限至{day(s.initial_last_day)}届满。"
            f"因{s.extension_reason.strip().rstrip('。')}，情况复杂，经本机关负责人"
            f"{s.extension_approved_by.display_name if s.extension_approved_by else ''}批准，"
            f"依据《中华人民共和国行政强制法》第二十五条第一款、第二款的规定，决定将{what}期限延长"
            f"{s.extension_days}日，至{day(s.last_day)}止。",
        )
    )
    c.blocks.append((render.PARA, remedies(auth, what="本通知")))
    seal(c, doc, auth)
    receipt(c, "当事人（签收）")


def _lift(doc, c):
    s = seizure_of(doc)
    auth = authority(doc.department)
    c.blocks.append((render.KV, unit_particulars(doc.enterprise, "当事人")))
    dec = s.decision_document
    what = measure(s)
    reason = dict(s.LIFT_REASONS).get(s.lift_reason, "")
    note = f"（{s.lift_note.strip().rstrip('。')}）" if s.lift_note.strip() else ""
    c.blocks.append(
        (
            render.PARA,
            f"本机关于{day(s.seized_on)}以{dec.number if dec else ''}查封扣押决定书对你单位的"
            f"场所、设施或者财物（{s.place}）予以{what}。现因{reason}{note}，依据"
            f"{_cited(law.lift_basis(s.lift_reason))}的规定，决定自{day(s.lifted_on)}起"
            f"解除{what}，下列财物予以退还（行政强制法第二十八条第二款）：",
        )
    )
    c.blocks.append((render.TABLE, item_rows(s, returned=True)))
    seal(c, doc, auth)
    c.blocks.append(
        (render.SIGN, ["当事人（签收退还财物）：", "执法人员（签名）：", "　　年　月　日"])
    )


def _cited(citation: str) -> str:
    return citation.replace("行政强制法", "《中华人民共和国行政强制法》", 1)


BUILDERS = {
    "seizure_decision": _decision,
    "seizure_list": _list,
    "seizure_extension": _extension,
    "seizure_lift": _lift,
}


def register_kinds() -> None:
    for kind, (label, code) in KINDS.items():
        documents.register(kind, label, code, BUILDERS[kind])
