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

from anjian import law
from anjian.law import VIOLATIONS

from . import render
from .models import Document, DocumentCounter, TransferItem

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
    base = f"{doc.kind}-{doc.department_id}-{doc.year}-{doc.seq}"
    if doc.docx:
        doc.docx.delete(save=False)
    if doc.pdf:
        doc.pdf.delete(save=False)
    doc.docx.save(f"{base}.docx", ContentFile(render.to_docx(c)), save=False)
    doc.pdf.save(f"{base}.pdf", ContentFile(render.to_pdf(c)), save=False)
    doc.save(update_fields=["docx", "pdf"])


# ----------------------------------------------------------------------------- content


def _d(day) -> str:
    return f"{day.year}年{day.month}月{day.day}日" if day else "　　年　月　日"


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


def _penalised(p) -> bool:
    return bool(p.fine) or bool(p.other_penalties.strip())


def _band(p) -> str:
    if p.fine_min is None or p.fine_max is None:
        return "—"
    if not p.fine_max:
        return "未规定罚款"
    if not p.fine_min:
        return f"{_yuan(p.fine_max)}以下"  # the statute's own wording (处十万元以下的罚款)
    return f"{_yuan(p.fine_min)}至{_yuan(p.fine_max)}"


def _party_lines(case, penalised_only: bool = False) -> list:
    """The parties table. In notices and decisions (`penalised_only`) a party without a fine or
    other penalty is not listed as if penalised; `_unpenalised` names them below the table."""
    rows = [["当事人", "类型", "违法行为", "处罚依据", "法定幅度", "罚款金额", "其他处罚"]]
    for p in case.parties.all():
        if penalised_only and not _penalised(p):
            continue
        rows.append(
            [
                f"{p.name}{'（' + p.position + '）' if p.position else ''}",
                p.get_kind_display(),
                _summary(p.violation_code) if p.violation_code else "—",
                p.article or "—",
                _band(p),
                _yuan(p.fine) if p.fine else "—",
                p.other_penalties or "—",
            ]
        )
    return rows


def _penalty_blocks(case, c) -> None:
    c.blocks.append((render.TABLE, _party_lines(case, penalised_only=True)))
    for p in case.parties.all():
        if not _penalised(p):
            why = (
                "（该违法情形未规定对其罚款）" if p.fine_max is not None and not p.fine_max else ""
            )
            c.blocks.append((render.PARA, f"对{p.name}不予罚款{why}。"))


def content(doc: Document, *, party_signatures: bool = True) -> render.Content:
    """The document's content; with the party's signatures of receipt (受送达人签收) at the end
    of a document served on it, unless `party_signatures` is false (what the party signs)."""
    builder = BUILDERS[doc.kind]
    c = render.Content(
        title=KIND_LABELS[doc.kind], number=doc.number, org=doc.department.name, blocks=[]
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


def _onsite_measure(doc, c):
    ent = doc.enterprise
    c.blocks.append((render.KV, _ent_kv(ent)))
    h = doc.hazard
    measures = ent.onsite_measures.filter(lifted_at__isnull=True)
    if h is not None:
        c.blocks.append((render.KV, _hazard_kv(h)))
        measures = measures.filter(hazard=h)
    c.blocks.append(
        (
            render.PARA,
            "本机关在执法检查中发现你单位存在上述问题，依据《中华人民共和国安全生产法》第六十五条"
            "第一款第三项的规定，现作出如下现场处理措施决定：",
        )
    )
    for i, m in enumerate(measures, start=1):
        basis = f"（依据：{m.basis}）" if m.basis else ""
        c.blocks.append((render.PARA, f"{i}. {m.get_kind_display()} {m.target}{basis}"))
    c.blocks.append(
        (
            render.PARA,
            "如不服本决定，可以依法在六十日内申请行政复议，或者在六个月内依法提起行政诉讼，"
            "但本决定不停止执行。",
        )
    )
    c.blocks.append((render.SIGN, [doc.department.name + "（印章）", _d(doc.issued_on)]))


def _rectification_order(doc, c):
    ent = doc.enterprise
    c.blocks.append((render.KV, _ent_kv(ent)))
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
            "整改完毕，并将整改情况书面报告本机关。逾期未整改的，依法处理。",
        )
    )
    c.blocks.append((render.SIGN, [doc.department.name + "（印章）", _d(doc.issued_on)]))


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


def _case_head(doc, c):
    case = doc.case
    c.blocks.append((render.KV, _ent_kv(doc.enterprise)))
    c.blocks.append(
        (
            render.KV,
            [
                ("案由", case.title),
                ("程序", case.get_procedure_display()),
                (
                    "立案日期",
                    _d(case.filed_on) if case.stage not in ("proposed", "rejected") else "—",
                ),
            ],
        )
    )


def _filing_approval(doc, c):
    case = doc.case
    _case_head(doc, c)
    sources = [f"检查发现：{f.description}" for f in case.findings.all()]
    sources += [f"隐患台账：{h.description}" for h in case.hazards.all()]
    c.blocks.append((render.KV, [("案件来源", "；".join(sources) or "—")]))
    c.blocks.append((render.KV, [("违法事实", case.facts or "—")]))
    c.blocks.append((render.TABLE, _party_lines(case)))
    handlers = "、".join(u.display_name for u in case.handlers.all())
    c.blocks.append(
        (
            render.KV,
            [
                ("承办人", handlers or case.created_by.display_name),
                (
                    "审批意见",
                    f"同意立案。{case.filing_note}".strip()
                    + (
                        f"（{case.filing_approved_by.display_name}）"
                        if case.filing_approved_by
                        else ""
                    ),
                ),
            ],
        )
    )
    c.blocks.append((render.SIGN, ["审批人（签名）：", _d(doc.issued_on)]))


def _penalty_notice(doc, c):
    case = doc.case
    _case_head(doc, c)
    c.blocks.append((render.KV, [("违法事实", case.facts or "—")]))
    c.blocks.append((render.PARA, "本机关拟对当事人作出如下行政处罚："))
    _penalty_blocks(case, c)
    c.blocks.append(
        (
            render.PARA,
            "根据《中华人民共和国行政处罚法》第四十四条、第四十五条的规定，当事人享有陈述、申辩的权利。"
            "当事人可以在收到本告知书之日起三日内向本机关提出陈述、申辩意见；逾期未提出的，视为放弃上述权利。",
        )
    )
    if case.hearing_right:
        c.blocks.append(
            (
                render.PARA,
                "根据《中华人民共和国行政处罚法》第六十三条、第六十四条的规定，当事人有要求举行听证的权利，"
                "可以在告知后五日内提出。",
            )
        )
    c.blocks.append((render.SIGN, [doc.department.name + "（印章）", _d(doc.issued_on)]))


def _hearing_notice(doc, c):
    case = doc.case
    _case_head(doc, c)
    _penalty_blocks(case, c)
    c.blocks.append(
        (
            render.PARA,
            "本机关拟作出上述行政处罚，依据《中华人民共和国行政处罚法》第六十三条、第六十四条的规定，"
            "当事人有权要求举行听证。如要求听证，应当在告知后五日内向本机关提出；逾期不提出的，视为放弃听证权利。"
            "当事人不承担行政机关组织听证的费用。",
        )
    )
    if case.hearing_basis:
        c.blocks.append((render.KV, [("听证权利依据", case.hearing_basis)]))
    c.blocks.append((render.SIGN, [doc.department.name + "（印章）", _d(doc.issued_on)]))


def _discretion_rows(case) -> list:
    """裁量情节 found and each party's tier (行政处罚法第三十四条), as the decision states them."""
    from django.utils import translation

    from .services.discretion import fact_labels

    if not case.discretion_facts:
        return []
    with translation.override("zh-hans"):
        rows = [("裁量情节", "；".join(fact_labels(case.discretion_facts)))]
    for p in case.parties.all():
        if p.tier and p.fine_max != 0:
            rows.append((f"{p.name}裁量档次", p.tier))
    return rows


# Apps above enforcement add lines to the 行政处罚决定书 (the 集体讨论 record it names):
# each `hook(case)` returns a list of (label, text) rows, empty when it has nothing to say.
DECISION_ROWS: list = []


def add_decision_rows(hook) -> None:
    if hook not in DECISION_ROWS:
        DECISION_ROWS.append(hook)


def _penalty_decision(doc, c):
    case = doc.case
    _case_head(doc, c)
    c.blocks.append((render.KV, [("违法事实", case.facts or "—")]))
    for rows in filter(None, (hook(case) for hook in DECISION_ROWS)):
        c.blocks.append((render.KV, rows))
    if case.evidence:
        c.blocks.append((render.KV, [("证据", case.evidence)]))
    if case.statement:
        c.blocks.append((render.KV, [("陈述申辩意见及采纳情况", case.statement)]))
    c.blocks.append((render.PARA, "本机关决定对当事人作出如下行政处罚："))
    _penalty_blocks(case, c)
    discretion_rows = _discretion_rows(case)
    if discretion_rows:
        c.blocks.append((render.KV, discretion_rows))
    for p in case.parties.all():
        if p.out_of_range_reason:
            c.blocks.append(
                (render.KV, [(f"{p.name}罚款超出法定幅度的法律理由", p.out_of_range_reason)])
            )
    due = (
        f"{_d(case.payment_due_on)}前"
        if case.payment_due_on
        else f"收到本决定书之日起{law.PAYMENT_DAYS}日内（《中华人民共和国行政处罚法》第六十七条第三款）"
    )
    c.blocks.append(
        (
            render.PARA,
            f"当事人应当于{due}将罚款缴至指定银行或者通过电子支付系统缴纳。到期不缴纳罚款的，"
            "本机关可以每日按罚款数额的百分之三加处罚款，加处罚款的数额不超出罚款的数额"
            "（《中华人民共和国行政处罚法》第七十二条、《中华人民共和国行政强制法》第四十五条）。",
        )
    )
    c.blocks.append(
        (
            render.PARA,
            "当事人如不服本决定，可以在收到本决定书之日起六十日内依法申请行政复议，"
            "或者在六个月内依法提起行政诉讼。行政复议和行政诉讼期间，本决定不停止执行。",
        )
    )
    c.blocks.append((render.SIGN, [doc.department.name + "（印章）", _d(doc.issued_on)]))


def _closing_approval(doc, c):
    case = doc.case
    _case_head(doc, c)
    rows = [["当事人", "罚款金额", "加处罚款", "已缴金额", "缴款日期"]]
    for p in case.parties.all():
        rows.append(
            [
                p.name,
                _yuan(p.fine),
                _yuan(p.surcharge),
                _yuan(p.paid_amount),
                _d(p.paid_on) if p.paid_on else "—",
            ]
        )
    c.blocks.append(
        (render.KV, [("决定日期", _d(case.decided_on)), ("送达日期", _d(case.served_on))])
    )
    c.blocks.append((render.HEADING, "执行情况"))
    c.blocks.append((render.TABLE, rows))
    c.blocks.append(
        (render.KV, [("结案意见", case.closing_note or "处罚决定已执行完毕，同意结案。")])
    )
    c.blocks.append((render.SIGN, ["审批人（签名）：", _d(doc.issued_on)]))


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
    "filing_approval": _filing_approval,
    "penalty_notice": _penalty_notice,
    "hearing_notice": _hearing_notice,
    "penalty_decision": _penalty_decision,
    "closing_approval": _closing_approval,
    "transfer_form": _transfer_form,
}
