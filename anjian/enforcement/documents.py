"""E7 执法文书: gap-free numbering per department, kind and year, and each kind's content.

Number format: （地区简称）部门简称 + 文书代字〔年份〕序号号, e.g. （安居）应急罚〔2023〕12号.

* 地区简称 is the department's region `short_name` (e.g. 安居), falling back to the first two
  characters of the region's name.
* 部门简称 comes from `Department.doc_prefix` (e.g. 安居应急) with the region's short name
  removed from its start (→ 应急); without a doc_prefix, the first two characters of
  `Department.short_name` (应急局 → 应急).
* 文书代字 per kind: see `KIND_CODES`.

The counter row (DocumentCounter) is locked with select_for_update inside the issuing
transaction, so two users issuing at once get consecutive numbers; if anything fails after the
counter moved (e.g. rendering), the whole transaction rolls back and no number is lost.
"""

from datetime import date

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction

from anjian.law import VIOLATIONS

from . import docparts, pdfsign, render
from .models import DOCUMENT_KINDS, Document, DocumentCounter, TransferItem

KIND_CODES = {
    "inspection_record": "检",
    "onsite_measure": "措",
    "rectification_order": "责改",
    "review_opinion": "复查",
    "filing_approval": "立",
    "penalty_notice": "罚告",
    "hearing_notice": "听告",
    "penalty_decision": "罚",
    "closing_approval": "结",
    "transfer_form": "移",
    "dishonesty_notice": "失告",
    "dishonesty_decision": "失列",
    "dishonesty_removal": "失移",
}
KIND_LABELS = dict(Document.KINDS)


def register(kind: str, label: str, code: str, builder) -> None:
    """Add a document kind: its label (the national form's title), its 文书代字 and the
    function that fills its `render.Content` from the document's linked records. Call it from
    an AppConfig.ready(); the kind's numbering, storage, download and listing then work as for
    the built-in kinds."""
    if KIND_CODES.get(kind, code) != code:
        raise ValueError(f"document kind {kind!r} registered twice with different codes")
    if kind not in KIND_LABELS:
        DOCUMENT_KINDS.append((kind, label))
    KIND_LABELS[kind] = label
    KIND_CODES[kind] = code
    BUILDERS[kind] = builder


def region_short(department) -> str:
    region = department.region
    return region.short_name or region.name[:2]


def department_part(department) -> str:
    short = region_short(department)
    prefix = department.doc_prefix or ""
    if prefix.startswith(short):
        prefix = prefix[len(short) :]
    return prefix or department.short_name[:2]


def format_number(department, kind: str, year: int, seq: int) -> str:
    return f"（{region_short(department)}）{department_part(department)}{KIND_CODES[kind]}〔{year}〕{seq}号"


def next_seq(department, kind: str, year: int) -> int:
    """Take the next number; must run inside the issuing transaction."""
    if kind not in KIND_CODES:
        raise ValueError(f"unknown document kind {kind!r}")
    try:
        with transaction.atomic():
            DocumentCounter.objects.get_or_create(department=department, kind=kind, year=year)
    except IntegrityError:
        pass  # created concurrently by another transaction; the locked read below sees it
    counter = DocumentCounter.objects.select_for_update().get(
        department=department, kind=kind, year=year
    )
    counter.last += 1
    counter.save(update_fields=["last"])
    return counter.last


def create(by, kind: str, *, department, enterprise, issued_on: date | None = None, **links):
    """Number, render and store one document (call inside the service's transaction)."""
    from django.utils import timezone

    issued_on = issued_on or timezone.localdate()
    seq = next_seq(department, kind, issued_on.year)
    doc = Document(
        kind=kind,
        department=department,
        region_code=enterprise.region_id,
        year=issued_on.year,
        seq=seq,
        number=format_number(department, kind, issued_on.year, seq),
        enterprise=enterprise,
        issued_on=issued_on,
        issued_by=by,
        **links,
    )
    doc.save()
    attach_files(doc)
    return doc


def attach_files(doc: Document) -> None:
    """(Re)render the document's .docx and PDF from its linked records."""
    c = content(doc)
    pdf = pdfsign.sign_document(doc, render.to_pdf(c))  # refuses without the department's key
    base = f"{doc.kind}-{doc.department_id}-{doc.year}-{doc.seq}"
    if doc.docx:
        doc.docx.delete(save=False)
    if doc.pdf:
        doc.pdf.delete(save=False)
    doc.docx.save(f"{base}.docx", ContentFile(render.to_docx(c)), save=False)
    doc.pdf.save(f"{base}.pdf", ContentFile(pdf), save=False)
    doc.pdf_sha256 = pdfsign.sha256(pdf)
    doc.save(update_fields=["docx", "pdf", "pdf_sha256"])
    doc.issued_pdfs.create(sha256=doc.pdf_sha256)


# ----------------------------------------------------------------------------- content


_d = docparts.day  # 2026年12月3日, blanks to fill by hand when there is no date


def _yuan(x) -> str:
    if x is None:
        return "—"
    return f"{x:,.2f}元"


def _ent_kv(ent) -> list:
    return [
        ("被检查单位（当事人）", ent.name),
        ("统一社会信用代码", ent.credit_code),
        ("地址", ent.address or "—"),
        ("法定代表人（负责人）", ent.legal_representative or "—"),
    ]


def _summary(code: str) -> str:
    v = VIOLATIONS.get(code)
    return f"{v.summary}（{v.citation}）" if v else code


def content(doc: Document, *, party_signatures: bool = True) -> render.Content:
    """The document's content; with the party's signatures of receipt (受送达人签收) at the end
    of a document served on it, unless `party_signatures` is false (what the party signs)."""
    builder = BUILDERS[doc.kind]
    from .docparts import authority

    c = render.Content(
        title=KIND_LABELS[doc.kind],
        number=doc.number,
        org=authority(doc.department).full_name,
        blocks=[],
    )
    builder(doc, c)
    if party_signatures and doc.party_signs and doc.pk:
        sigs = [s for s in doc.signatures.all() if s.role == "party"]
        c.blocks.append(
            (render.SIGN, ["受送达人（签名）：" + ("、".join(s.name for s in sigs) or "")])
        )
        _signatures(c, sigs)
    return c


def signed_content(doc: Document) -> dict:
    """What the party signs: the document as issued (number, kind, date and its full text)."""
    return {
        "document": doc.pk,
        "kind": doc.kind,
        "number": doc.number,
        "issued_on": doc.issued_on,
        "text": content(doc, party_signatures=False).text(),
    }


def _inspection_record(doc, c):
    insp = doc.inspection
    ent = doc.enterprise
    c.blocks.append((render.KV, _ent_kv(ent)))
    if insp is None:
        return
    team = "、".join(
        f"{m.user.display_name}（执法证号：{m.cert_no}）" if m.cert_no else m.user.display_name
        for m in insp.team.select_related("user")
    )
    c.blocks.append(
        (
            render.KV,
            [
                ("检查时间", _d(insp.inspected_on)),
                ("检查场所", insp.place or ent.address or "—"),
                ("检查方式", "、".join(insp.mode_labels()) or "—"),
                ("检查人员", team or "—"),
                ("现场负责人", f"{insp.enterprise_rep} {insp.enterprise_rep_title}".strip() or "—"),
                ("检查情况", insp.summary or "—"),
            ],
        )
    )
    rows = [["序号", "类别", "问题描述", "部位", "整改要求/违法行为"]]
    for i, f in enumerate(insp.findings.all(), start=1):
        extra = _summary(f.violation_code) if f.violation_code else f.rectification_plan
        rows.append([i, f.get_kind_display(), f.description, f.location, extra or "—"])
    if len(rows) > 1:
        c.blocks.append((render.HEADING, "检查发现的问题"))
        c.blocks.append((render.TABLE, rows))
    sigs = list(insp.signatures.all())
    inspectors = "、".join(x.name for x in sigs if x.role == "inspector")
    rep = "、".join(x.name for x in sigs if x.role == "enterprise")
    c.blocks.append(
        (
            render.SIGN,
            [
                f"检查人员（签名）：{inspectors}",
                f"被检查单位现场负责人（签名）：{rep}",
                _d(doc.issued_on),
            ],
        )
    )
    _signatures(c, sigs)
    if insp.content_digest:
        c.blocks.append((render.PARA, f"检查记录摘要（SHA-256）：{insp.content_digest}"))


def _signatures(c, sigs) -> None:
    """Each signature with how it was given, when, and the hash of what it signed, with its
    handwritten image where there is one."""
    from anjian.accounts.signatures import sign_lines

    sigs = list(sigs)
    if not sigs:
        return
    c.blocks.append((render.HEADING, "签名记录"))
    for s, line in zip(sigs, sign_lines(sigs), strict=True):
        c.blocks.append((render.SIGNATURE, (line, bytes(s.png or b""))))


def _hazard_kv(h) -> list:
    return [
        ("隐患描述", h.description),
        ("部位", h.location or "—"),
        ("隐患等级", h.get_level_display()),
        ("整改期限", _d(h.deadline) if h.deadline else "—"),
    ]


# 现场处理措施决定书: each measure kind's decision wording and its legal basis.
MEASURE_WORDING = {
    "suspend": ("责令暂时停产停业", "安全生产法第六十五条第一款第三项"),
    "stop_construction": ("责令暂时停止建设（施工）", "安全生产法第六十五条第一款第三项"),
    "stop_equipment": ("责令暂时停止使用相关设施、设备", "安全生产法第六十五条第一款第三项"),
    "evacuate": ("责令从危险区域内撤出作业人员", "安全生产法第六十五条第一款第三项"),
    "cut_power": ("通知有关单位停止供电", "安全生产法第七十条第一款"),
    "stop_explosives": ("通知有关单位停止供应民用爆炸物品", "安全生产法第七十条第一款"),
    "seize_licence": ("暂扣有关许可证", ""),
}


def _measure_title(measures) -> str:
    """The title names the measure when the document orders one kind only."""
    kinds = {m.kind for m in measures}
    if len(kinds) == 1:
        wording = MEASURE_WORDING.get(next(iter(kinds)))
        if wording:
            return f"现场处理措施决定书（{wording[0].removeprefix('责令').removeprefix('通知有关单位')}）"
    return "现场处理措施决定书"


def _inspectors(doc) -> str:
    """执法人员 and their 执法证号, as the signature line of a field document prints them."""
    team = []
    if doc.inspection_id:
        team = [
            (m.user.display_name, m.cert_no or m.user.cert_no)
            for m in doc.inspection.team.select_related("user")
        ]
    if not team:
        team = [(doc.issued_by.display_name, doc.issued_by.cert_no)]
    return "、".join(f"{n}（执法证号：{no}）" if no else n for n, no in team)


def _field_signatures(c, doc) -> None:
    from .docparts import day

    c.blocks.append(
        (
            render.SIGN,
            [
                f"执法人员（签名）：{_inspectors(doc)}",
                "被检查单位负责人（签收）：",
                "　　年　月　日" if not doc.issued_on else day(doc.issued_on),
            ],
        )
    )


def _onsite_measure(doc, c):
    from . import docparts
    from .casedocs import titled

    ent = doc.enterprise
    auth = docparts.authority(doc.department)
    c.blocks.append((render.KV, docparts.unit_particulars(ent, "被检查单位")))
    h = doc.hazard
    measures = ent.onsite_measures.filter(lifted_at__isnull=True)
    if h is not None:
        c.blocks.append((render.KV, _hazard_kv(h)))
        measures = measures.filter(hazard=h)
    measures = list(measures)
    c.title = _measure_title(measures)
    found = f"“{h.description}”" if h is not None else "上述问题"
    c.blocks.append(
        (
            render.PARA,
            f"本机关于{_d(doc.issued_on)}在执法检查中发现你单位存在{found}，"
            "重大事故隐患排除前或者排除过程中无法保证安全。现作出如下现场处理措施决定：",
        )
    )
    for i, m in enumerate(measures, start=1):
        wording, basis = MEASURE_WORDING.get(m.kind, (m.get_kind_display(), ""))
        basis = m.basis or (titled(basis) if basis else "")
        target = f"：{m.target}" if m.target else ""
        tail = f"（依据{basis}）" if basis else ""
        c.blocks.append((render.PARA, f"{i}. {wording}{target}{tail}。"))
    if not measures:
        c.blocks.append((render.PARA, "（未登记现场处理措施）"))
    c.blocks.append(
        (
            render.PARA,
            "重大事故隐患排除后，经本机关审查同意，方可恢复生产经营和使用"
            "（《中华人民共和国安全生产法》第六十五条第一款第三项）。",
        )
    )
    c.blocks.append((render.PARA, docparts.remedies(auth)))
    docparts.seal(c, doc, auth)
    _field_signatures(c, doc)


def _rectification_order(doc, c):
    from . import docparts

    ent = doc.enterprise
    auth = docparts.authority(doc.department)
    c.blocks.append((render.KV, docparts.unit_particulars(ent, "被检查单位")))
    from .services.documents import order_items

    hazards = order_items(doc.inspection, doc.hazard)
    c.blocks.append((render.PARA, "经查，你单位存在下列问题："))
    for i, h in enumerate(hazards, start=1):
        deadline = getattr(h, "deadline", None)
        c.blocks.append(
            (render.PARA, f"{i}. {h.description}（整改期限：{_d(deadline) if deadline else '—'}）")
        )
    c.blocks.append(
        (
            render.PARA,
            "依据《中华人民共和国安全生产法》第六十五条第一款第三项的规定，责令你单位于上述期限前"
            "整改完毕，并将整改情况书面报告本机关。整改期间，你单位应当采取措施，确保安全。"
            "逾期未整改的，本机关将依法处理。",
        )
    )
    c.blocks.append((render.PARA, docparts.remedies(auth, what="本指令")))
    docparts.seal(c, doc, auth)
    _field_signatures(c, doc)


def _review_opinion(doc, c):
    ent = doc.enterprise
    c.blocks.append((render.KV, _ent_kv(ent)))
    h = doc.hazard
    if h is not None:
        c.blocks.append((render.KV, _hazard_kv(h)))
        last = h.events.filter(kind__in=("review_pass", "review_fail")).order_by("-at").first()
        opinion = (
            f"{last.get_kind_display()}：{last.note}"
            if last
            else f"当前状态：{h.get_status_display()}"
        )
        c.blocks.append((render.KV, [("复查意见", opinion)]))
    c.blocks.append((render.SIGN, ["复查人员（签名）：", _d(doc.issued_on)]))


# Apps above enforcement add lines to the 行政处罚决定书 (the 集体讨论 record it names):
# each `hook(case)` returns a list of (label, text) rows, empty when it has nothing to say.
DECISION_ROWS: list = []


def add_decision_rows(hook) -> None:
    if hook not in DECISION_ROWS:
        DECISION_ROWS.append(hook)


def _transfer_form(doc, c):
    """Seed 001 附件 异地执法检查问题移交表, exactly: header, 15 columns, both signatures."""
    t = doc.transfer
    ent = doc.enterprise
    c.title = "异地执法检查问题移交表"
    c.landscape = True
    town = ent.region
    while town is not None and town.level == "village":
        town = town.parent
    checked = t.checked_on or (t.inspection.inspected_on if t.inspection_id else None)
    c.blocks.append(
        (
            render.KV,
            [
                ("企业名称", ent.name),
                ("所在镇街", town.name if town else ""),
                ("企业地址", ent.address or ""),
                ("检查时间", _d(checked)),
                ("接收单位", t.receiver),
            ],
        )
    )
    options = [label for _, label in TransferItem.DISPOSALS]
    head1 = [
        "序号",
        "所属检查项目",
        "问题描述",
        "法律依据",
        "标准依据",
        "问题提出人员",
        "执法责任单位",
    ]
    head1 += ["执法处置意见"] + [""] * 7
    head2 = [""] * 7 + options
    rows = [head1, head2]
    for item in t.items.all():
        ticks = ["√" if code in item.disposals else "" for code, _ in TransferItem.DISPOSALS]
        rows.append(
            [
                item.seq,
                item.check_item,
                item.description,
                item.legal_basis,
                item.standard_basis,
                item.raised_by,
                item.responsible_unit,
                *ticks,
            ]
        )
    c.header_rows = 2
    c.spans = [((i, 0), (i, 1)) for i in range(7)] + [((7, 0), (14, 0))]
    # Text columns wide, the eight tick columns narrow (as on the seed's paper form).
    c.col_weights = [3, 8, 14, 11, 11, 5, 6] + [3.5] * 8
    c.blocks.append((render.TABLE, rows))
    team = t.signatures_of("team")
    local = t.signatures_of("local")
    c.blocks.append(
        (
            render.SIGN,
            [
                "区执法组人员签字：" + ("、".join(x.name for x in team) or "（未签）"),
                "镇街配合人员签字："
                + ("、".join(x.name for x in local) or ("（未签）" if t.to_region_id else "—")),
            ],
        )
    )
    _signatures(c, [*team, *local])


def _dishonesty_head(doc, c):
    p = doc.dishonesty
    ent = doc.enterprise
    c.blocks.append((render.KV, [("当事人", ent.name), ("统一社会信用代码", ent.credit_code or ""),
                                 ("地址", ent.address or "")]))  # fmt: skip
    c.blocks.append((render.KV, [("列入情形及依据", p.grounds)]))
    if p.reason:
        c.blocks.append((render.KV, [("事由", p.reason)]))
    return p


def _dishonesty_notice(doc, c):
    p = _dishonesty_head(doc, c)
    c.blocks.append((render.PARA,
        "本机关拟依据《安全生产严重失信主体名单管理办法》（应急管理部令第11号）将你单位列入安全生产"
        "严重失信主体名单。你单位依法享有陈述、申辩的权利，可以在"
        f"{_d(p.statement_due_on)}前向本机关提出；逾期未提出的，视为放弃上述权利。"))  # fmt: skip
    c.blocks.append((render.SIGN, [doc.department.name + "（印章）", _d(doc.issued_on)]))


def _dishonesty_decision(doc, c):
    p = _dishonesty_head(doc, c)
    s = p.sanction
    rows = [("告知日期", _d(p.noticed_on)),
            ("陈述申辩", (p.statement or "当事人在期限内未提出陈述申辩") +
             (f"（{_d(p.statement_on)}）" if p.statement_on else "")),
            ("列入期限", f"{_d(s.starts_on)}至{_d(s.ends_on)}"),
            ("可申请提前移出日期", _d(s.early_removal_from))]  # fmt: skip
    c.blocks.append((render.KV, rows))
    c.blocks.append((render.PARA,
        "本机关决定将你单位列入安全生产严重失信主体名单，并在执法公示平台公示。列入期间依法实施"
        "联合惩戒。列入满12个月后，你单位已履行行政处罚决定、完成整改并公开作出信用承诺的，可以"
        "申请信用修复、提前移出；期满自动移出。如不服本决定，可以在收到本决定书之日起六十日内依法"
        "申请行政复议，或者在六个月内依法提起行政诉讼。"))  # fmt: skip
    c.blocks.append((render.SIGN, [doc.department.name + "（印章）", _d(doc.issued_on)]))


def _dishonesty_removal(doc, c):
    p = _dishonesty_head(doc, c)
    s = p.sanction
    how = ("经当事人申请信用修复，" + p.repair_note) if p.status == "repaired" else "列入期限届满"
    c.blocks.append((render.KV, [("列入期限", f"{_d(s.starts_on)}至{_d(s.ends_on)}"),
                                 ("移出原因", how), ("移出日期", _d(p.removed_on))]))  # fmt: skip
    c.blocks.append(
        (render.PARA, "本机关决定将你单位移出安全生产严重失信主体名单，并在执法公示平台公示。")
    )
    c.blocks.append((render.SIGN, [doc.department.name + "（印章）", _d(doc.issued_on)]))


BUILDERS = {
    "dishonesty_notice": _dishonesty_notice,
    "dishonesty_decision": _dishonesty_decision,
    "dishonesty_removal": _dishonesty_removal,
    "inspection_record": _inspection_record,
    "onsite_measure": _onsite_measure,
    "rectification_order": _rectification_order,
    "review_opinion": _review_opinion,
    "transfer_form": _transfer_form,
    # the case documents: casedocs.BUILDERS, below
}

# The case documents in the national forms' layout (`casedocs`), and the kinds it adds.
from . import casedocs  # noqa: E402  (reads nothing from this module)

BUILDERS.update(casedocs.BUILDERS)
for _kind, (_label, _code, _builder) in casedocs.KINDS.items():
    register(_kind, _label, _code, _builder)
# 听证会通知书 is served on the party, which signs for it.
Document.PARTY_SIGNED = (*Document.PARTY_SIGNED, "hearing_meeting")
