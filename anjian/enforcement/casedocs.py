"""The case documents in the layout of the national 安全生产行政执法文书 forms (see
docs/documents.md for the form each follows): 立案审批表, 行政处罚告知书, 听证告知书, 听证会通知书,
听证笔录, 听证会报告书, 案件处理呈批表, 行政处罚决定书 (one per penalised party), 结案审批表, and the
涉嫌犯罪案件移送书 of a judicial transfer.

Each builder fills a `render.Content` from the document's linked records; the shared parts
(issuer, particulars, remedies, payment, seal) come from `docparts`. A decision never prints
the statutory range (行政处罚法第五十九条 lists what it states: the facts, the provisions
violated and applied, the penalty, the manner and time of performance, the remedies); the
internal forms (立案审批表, 案件处理呈批表) show it to the officers who approve."""

from anjian import law
from anjian.law import VIOLATIONS
from anjian.law._cn import cn_number
from anjian.law.obligations import violated_citation

from . import docparts, render
from .docparts import day

# How a citation's short law name reads in a document (with its book-title marks).
LAW_TITLES = {
    "安全生产法": "《中华人民共和国安全生产法》",
    "行政处罚法": "《中华人民共和国行政处罚法》",
    "行政强制法": "《中华人民共和国行政强制法》",
    "生产安全事故报告和调查处理条例": "《生产安全事故报告和调查处理条例》",
}


def titled(citation: str) -> str:
    """安全生产法第九十七条第三项 → 《中华人民共和国安全生产法》第九十七条第三项."""
    for short, title in LAW_TITLES.items():
        if citation.startswith(short):
            return title + citation[len(short) :]
    return citation


_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_SMALL = ["", "拾", "佰", "仟"]
_BIG = ["", "万", "亿", "万亿"]


def _four(n: int) -> str:
    out, zero = "", False
    for pos in (3, 2, 1, 0):
        d = n // 10**pos % 10
        if d == 0:
            zero = bool(out)
        else:
            if zero:
                out += "零"
                zero = False
            out += _DIGITS[d] + _SMALL[pos]
    return out


def capital_yuan(amount) -> str:
    """An amount as written on a 决定书: 伍万元整, 贰万零伍佰元整, 壹仟元伍角."""
    from decimal import ROUND_HALF_UP, Decimal

    cents = int((Decimal(amount) * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    yuan, rest = divmod(cents, 100)
    jiao, fen = divmod(rest, 10)
    groups = []
    n = yuan
    while n:
        groups.append(n % 10000)
        n //= 10000
    words, pending = "", False
    for i in range(len(groups) - 1, -1, -1):
        g = groups[i]
        if g == 0:
            pending = bool(words)
            continue
        if words and (g < 1000 or pending):
            words += "零"
        words += _four(g) + _BIG[i]
        pending = False
    words = (words or "零") + "元"
    if not rest:
        return words + "整"
    if jiao:
        words += _DIGITS[jiao] + "角"
    elif yuan:
        words += "零"
    if fen:
        words += _DIGITS[fen] + "分"
    return words


def money(amount) -> str:
    """人民币伍万元整（¥50,000.00）."""
    return f"人民币{capital_yuan(amount)}（¥{amount:,.2f}）"


def penalised(p) -> bool:
    return bool(p.fine) or bool(p.other_penalties.strip())


def addressed_parties(case) -> list:
    """The parties that get their own 行政处罚决定书: each one penalised (一案双罚: the unit and
    each person); where none is (all 不予罚款), the unit's decision alone."""
    parties = list(case.parties.all())
    out = [p for p in parties if penalised(p)]
    if not out:
        out = [p for p in parties if p.kind == "enterprise"][:1] or parties[:1]
    return sorted(out, key=lambda p: (p.kind != "enterprise", p.pk))


def particulars(doc, p, label: str | None = None) -> list:
    """The addressed party's particulars: a unit's from the registry, a person's from the case."""
    if p is None or p.kind == "enterprise":
        return docparts.unit_particulars(doc.enterprise, label or "被处罚单位")
    return docparts.person_particulars(p, label or "被处罚人")


def _you(p) -> str:
    return "你" if p is not None and p.kind == "person" else "你单位"


def _provisions(p, subject: str = "以上事实") -> str:
    """以上事实违反了…的规定，依据…的规定 (the violated and the penalty provisions, separately);
    where the penalty article stands alone, only 依据…的规定."""
    v = VIOLATIONS.get(p.violation_code)
    penalty = titled(v.citation if v else p.article)
    broken = violated_citation(p.violation_code)
    head = f"{subject}违反了{titled(broken)}的规定，" if broken else ""
    return f"{head}依据{penalty}的规定"


def _penalty_words(p) -> str:
    parts = []
    if p.fine:
        parts.append(f"罚款{money(p.fine)}")
    if p.other_penalties.strip():
        parts.append(p.other_penalties.strip())
    return "；".join(parts) or "不予罚款"


def _discretion(case, p) -> str:
    """The 裁量 sentence: the circumstances found, the published standard where one is loaded,
    and the tier applied (行政处罚法第三十四条; no amounts)."""
    from django.utils import translation

    from .models import DepartmentDiscretionStandard
    from .services.discretion import fact_labels

    if not case.discretion_facts:
        return ""
    with translation.override("zh-hans"):
        found = "、".join(fact_labels(case.discretion_facts))
    row = DepartmentDiscretionStandard.objects.filter(department=case.department_id).first()
    source = str(row.data.get("source", "")).strip() if row else ""
    basis = f"依据{source}，" if source else ""
    tier = f"{basis}按{p.tier}档次裁量，" if p.tier and p.fine_max != 0 else ""
    return f"鉴于当事人{found}，{tier}"


def _decision_party(doc):
    """The party a decision is addressed to: its own, else the case's unit."""
    if doc.party_id:
        return doc.party
    return next((p for p in doc.case.parties.all() if p.kind == "enterprise"), None)


def penalty_decision(doc, c):
    """行政处罚决定书 (one per penalised party, 行政处罚法第五十九条)."""
    case = doc.case
    auth = docparts.authority(doc.department)
    p = _decision_party(doc)
    c.blocks.append((render.KV, particulars(doc, p)))
    if p is not None and p.kind == "person" and p.phone:
        c.blocks.append((render.KV, [("联系电话", p.phone)]))
    you = _you(p)
    c.blocks.append((render.HEADING, "违法事实及证据"))
    c.blocks.append((render.PARA, case.facts or "—"))
    if case.evidence:
        c.blocks.append((render.PARA, f"上述事实，有以下证据证明：{case.evidence}。"))
    if case.notice_on:
        told = f"本机关于{day(case.notice_on)}向{you}送达了行政处罚告知书，告知了拟作出行政处罚的事实、理由、依据及{you}依法享有的陈述、申辩"
        told += "和要求听证的权利。" if case.hearing_right else "的权利。"
        if case.statement:
            told += f"{you}的陈述、申辩意见及采纳情况：{case.statement}"
        elif case.rights_waived:
            told += f"{you}明确表示放弃上述权利。"
        c.blocks.append((render.PARA, told))
    from .documents import DECISION_ROWS  # what apps above add (the 集体讨论 it names)

    for rows in filter(None, (hook(case) for hook in DECISION_ROWS)):
        c.blocks.append((render.KV, rows))
    if p is None:
        return
    c.blocks.append(
        (
            render.PARA,
            f"{_provisions(p, f'{you}的上述行为')}，{_discretion(case, p)}"
            f"本机关决定对{you}作出如下行政处罚："
            f"{_penalty_words(p)}。",
        )
    )
    if p.out_of_range_reason:
        c.blocks.append((render.PARA, f"处罚理由：{p.out_of_range_reason}"))
    if p.fine:
        due = (
            f"{day(case.payment_due_on)}前"
            if case.payment_due_on
            else f"收到本决定书之日起{cn_number(law.PAYMENT_DAYS)}日内"
        )
        c.blocks.append(
            (
                render.PARA,
                f"履行方式和期限：{docparts.payment(auth, due)}到期不缴纳罚款的，本机关可以每日按罚款"
                "数额的百分之三加处罚款，加处罚款的数额不超出罚款的数额（《中华人民共和国行政处罚法》"
                "第七十二条第一款第一项）；逾期不申请行政复议、不提起行政诉讼又不履行的，本机关将依法"
                "申请人民法院强制执行（《中华人民共和国行政强制法》第五十三条）。",
            )
        )
    c.blocks.append((render.PARA, docparts.remedies(auth)))
    docparts.seal(c, doc, auth)


def _party_lines(case, *, with_range: bool) -> list:
    """The parties table of the internal forms: the statutory range for the approving officers
    (`with_range`), never on what the party receives."""
    head = ["当事人", "类型", "违反条款", "处罚依据", "罚款金额", "其他处罚"]
    if with_range:
        head.insert(4, "法定罚款幅度")
    rows = [head]
    for p in case.parties.all():
        v = VIOLATIONS.get(p.violation_code)
        row = [
            f"{p.name}{'（' + p.position + '）' if p.position else ''}",
            p.get_kind_display(),
            violated_citation(p.violation_code) or "—",
            v.citation if v else (p.article or "—"),
            f"{p.fine:,.2f}元" if p.fine else "—",
            p.other_penalties or "—",
        ]
        if with_range:
            row.insert(4, _band(p))
        rows.append(row)
    return rows


def _band(p) -> str:
    if p.fine_min is None or p.fine_max is None:
        return "—"
    if not p.fine_max:
        return "未规定罚款"
    if not p.fine_min:
        return f"{p.fine_max:,.0f}元以下"
    return f"{p.fine_min:,.0f}元至{p.fine_max:,.0f}元"


def _all_particulars(doc, case) -> None:
    """Each party's particulars (a unit's, then each person's)."""
    for p in case.parties.all():
        if p.kind == "enterprise":
            c_rows = docparts.unit_particulars(doc.enterprise, "当事人（单位）")
        else:
            c_rows = docparts.person_particulars(p, "当事人（个人）")
        yield c_rows


def _opinion(c, title: str, text: str, signer: str, on) -> None:
    """An opinion block of an internal form: the opinion, who gave it and when."""
    c.blocks.append((render.HEADING, title))
    c.blocks.append((render.PARA, text or "　"))
    c.blocks.append((render.SIGN, [f"签名：{signer or '　　　　'}", day(on)]))


def _handlers(case) -> str:
    names = [u.display_name for u in case.handlers.all()]
    return "、".join(names) or case.created_by.display_name


def filing_approval(doc, c):
    """立案审批表: 案件来源, 当事人, 简要案情; 承办人意见, 审核意见, 审批意见 (each signed and dated)."""
    case = doc.case
    sources = [f"检查发现：{f.description}" for f in case.findings.all()]
    sources += [f"隐患台账：{h.description}" for h in case.hazards.all()]
    c.blocks.append(
        (
            render.KV,
            [
                ("案由", case.title),
                ("案件来源", "；".join(sources) or "—"),
                ("受案日期", day(case.proposed_on or case.filed_on)),
            ],
        )
    )
    for rows in _all_particulars(doc, case):
        c.blocks.append((render.KV, rows))
    c.blocks.append((render.HEADING, "简要案情"))
    c.blocks.append((render.PARA, case.facts or "—"))
    c.blocks.append((render.TABLE, _party_lines(case, with_range=True)))
    _opinion(
        c,
        "承办人意见",
        "当事人涉嫌违反安全生产法律法规，依照《中华人民共和国行政处罚法》第五十四条的规定，建议立案调查。",
        _handlers(case),
        case.proposed_on,
    )
    _opinion(c, "审核意见", "", "", None)
    approver = case.filing_approved_by.display_name if case.filing_approved_by else ""
    note = case.filing_note.strip()
    _opinion(c, "审批意见", f"同意立案。{note}" if note else "同意立案。", approver, case.filed_on)


def penalty_notice(doc, c):
    """行政处罚告知书 (行政处罚法第四十四条、第四十五条; 第六十三条、第六十四条 where a hearing is
    due): the facts, the provisions, the proposed penalty of each party, the rights and where to
    exercise them."""
    case = doc.case
    auth = docparts.authority(doc.department)
    for rows in _all_particulars(doc, case):
        c.blocks.append((render.KV, rows))
    c.blocks.append((render.PARA, f"经查，{case.facts or '—'}"))
    if case.evidence:
        c.blocks.append((render.PARA, f"以上事实有{case.evidence}等证据为证。"))
    c.blocks.append((render.PARA, "本机关拟作出如下行政处罚："))
    for p in case.parties.all():
        if penalised(p):
            c.blocks.append((render.PARA, f"对{p.name}：{_provisions(p)}，拟{_penalty_words(p)}。"))
        else:
            c.blocks.append((render.PARA, f"对{p.name}：拟不予罚款。"))
    rights = (
        "根据《中华人民共和国行政处罚法》第四十四条、第四十五条的规定，当事人享有陈述、申辩的权利，"
        "可以在收到本告知书之日起三日内向本机关提出陈述、申辩意见；逾期未提出的，视为放弃上述权利。"
    )
    if case.hearing_right:
        rights += (
            "根据《中华人民共和国行政处罚法》第六十三条、第六十四条的规定，当事人有要求举行听证的权利，"
            "可以在收到本告知书之日起五日内向本机关提出；逾期未提出的，视为放弃听证权利。"
        )
    c.blocks.append((render.PARA, rights))
    contact = docparts.contact(auth)
    if contact:
        c.blocks.append(
            (render.PARA, f"陈述、申辩{'及听证申请' if case.hearing_right else ''}：{contact}")
        )
    docparts.seal(c, doc, auth)


def hearing_notice(doc, c):
    """听证告知书 (行政处罚法第六十三条、第六十四条第一项)."""
    case = doc.case
    auth = docparts.authority(doc.department)
    for rows in _all_particulars(doc, case):
        c.blocks.append((render.KV, rows))
    c.blocks.append((render.PARA, f"经查，{case.facts or '—'}"))
    c.blocks.append((render.PARA, "本机关拟作出如下行政处罚："))
    for p in case.parties.all():
        if penalised(p):
            c.blocks.append((render.PARA, f"对{p.name}：{_provisions(p)}，拟{_penalty_words(p)}。"))
    c.blocks.append(
        (
            render.PARA,
            "依据《中华人民共和国行政处罚法》第六十三条、第六十四条的规定，当事人有权要求举行听证。"
            "如要求听证，应当在收到本告知书之日起五日内向本机关提出；逾期未提出的，视为放弃听证权利。"
            "当事人不承担行政机关组织听证的费用。",
        )
    )
    contact = docparts.contact(auth)
    if contact:
        c.blocks.append((render.PARA, contact))
    docparts.seal(c, doc, auth)


def _hearing(doc):
    return getattr(doc.case, "hearing", None) if doc.case_id else None


def hearing_meeting_notice(doc, c):
    """听证会通知书 (行政处罚法第六十四条第二项: at least seven days before the hearing)."""
    case = doc.case
    auth = docparts.authority(doc.department)
    h = _hearing(doc)
    for rows in _all_particulars(doc, case):
        c.blocks.append((render.KV, rows))
    if h is None:
        return
    c.blocks.append(
        (
            render.PARA,
            f"根据你方的听证申请，本机关定于{day(h.held_on)}{h.time}在{h.place}"
            f"{'公开' if h.public else '不公开'}举行听证会，就“{case.title}”拟作出的行政处罚进行听证。",
        )
    )
    c.blocks.append(
        (
            render.KV,
            [("听证主持人", h.host), ("记录人", h.clerk or "—")],
        )
    )
    c.blocks.append(
        (
            render.PARA,
            "请准时出席。当事人可以亲自参加听证，也可以委托一至二人代理；委托代理人参加的，应当提交"
            "授权委托书。当事人认为主持人与本案有直接利害关系的，有权申请回避。当事人无正当理由拒不出席"
            "听证或者未经许可中途退出听证的，视为放弃听证权利（《中华人民共和国行政处罚法》第六十四条）。",
        )
    )
    contact = docparts.contact(auth)
    if contact:
        c.blocks.append((render.PARA, contact))
    docparts.seal(c, doc, auth)


def hearing_record(doc, c):
    """听证笔录 (行政处罚法第六十四条第八项: signed or sealed by the parties after review)."""
    case = doc.case
    h = _hearing(doc)
    c.blocks.append((render.KV, [("案由", case.title)]))
    if h is None:
        return
    c.blocks.append(
        (
            render.KV,
            [
                ("听证时间", f"{day(h.held_on)}{h.time}"),
                ("听证地点", h.place),
                ("听证方式", "公开" if h.public else "不公开"),
                ("听证主持人", h.host),
                ("记录人", h.clerk or "—"),
                ("案件调查人员", _handlers(case)),
                ("参加人员", h.participants or "—"),
            ],
        )
    )
    for rows in _all_particulars(doc, case):
        c.blocks.append((render.KV, rows))
    c.blocks.append((render.HEADING, "听证记录"))
    c.blocks.append((render.PARA, h.transcript or "—"))
    c.blocks.append(
        (
            render.SIGN,
            [
                "当事人或者其代理人（签名）：",
                "案件调查人员（签名）：",
                f"听证主持人（签名）：{h.host}",
                f"记录人（签名）：{h.clerk}",
                day(h.recorded_on or h.held_on),
            ],
        )
    )


def hearing_report(doc, c):
    """听证会报告书: the host's report to the authority's head (行政处罚法第六十五条)."""
    case = doc.case
    h = _hearing(doc)
    c.blocks.append((render.KV, [("案由", case.title)]))
    for rows in _all_particulars(doc, case):
        c.blocks.append((render.KV, rows))
    if h is None:
        return
    c.blocks.append(
        (
            render.KV,
            [
                ("听证时间", f"{day(h.held_on)}{h.time}"),
                ("听证地点", h.place),
                ("听证主持人", h.host),
                ("参加人员", h.participants or "—"),
            ],
        )
    )
    c.blocks.append((render.HEADING, "听证会基本情况"))
    c.blocks.append((render.PARA, h.report or "—"))
    c.blocks.append((render.HEADING, "处理意见和建议"))
    c.blocks.append((render.PARA, h.opinion or "—"))
    c.blocks.append(
        (render.SIGN, [f"听证主持人（签名）：{h.host}", day(h.recorded_on or h.held_on)])
    )


def case_handling_approval(doc, c):
    """案件处理呈批表: the proposed decision put to the department's head (承办人意见, 审核意见,
    审批意见), the internal form behind the 行政处罚决定书."""
    case = doc.case
    c.blocks.append((render.KV, [("案由", case.title), ("立案日期", day(case.filed_on))]))
    for rows in _all_particulars(doc, case):
        c.blocks.append((render.KV, rows))
    c.blocks.append((render.HEADING, "违法事实"))
    c.blocks.append((render.PARA, case.facts or "—"))
    if case.evidence:
        c.blocks.append((render.KV, [("证据", case.evidence)]))
    if case.statement or case.rights_waived:
        c.blocks.append(
            (
                render.KV,
                [("陈述申辩（听证）情况", case.statement or "当事人明确放弃陈述申辩（听证）权利")],
            )
        )
    c.blocks.append((render.TABLE, _party_lines(case, with_range=True)))
    lines = []
    for p in case.parties.all():
        lines.append(f"对{p.name}：{_provisions(p)}，{_penalty_words(p)}。")
    proposer = case.decision_proposed_by.display_name if case.decision_proposed_by else ""
    _opinion(c, "承办人意见", "".join(lines), proposer or _handlers(case), case.notice_on)
    _opinion(c, "审核意见", "", "", None)
    approver = case.decision_approved_by.display_name if case.decision_approved_by else ""
    _opinion(
        c,
        "审批意见",
        case.decision_note or ("同意。" if approver else ""),
        approver,
        case.decided_on,
    )


def closing_approval(doc, c):
    """结案审批表: the decision, its service and execution, 承办人意见 and 审批意见."""
    case = doc.case
    c.blocks.append((render.KV, [("案由", case.title)]))
    for rows in _all_particulars(doc, case):
        c.blocks.append((render.KV, rows))
    decisions = [d for d in case.documents.all() if d.kind == "penalty_decision"]
    c.blocks.append(
        (
            render.KV,
            [
                ("立案日期", day(case.filed_on)),
                ("处罚决定书文号", "、".join(d.number for d in decisions) or "—"),
                ("决定日期", day(case.decided_on)),
                ("送达日期", day(case.served_on)),
            ],
        )
    )
    rows = [["当事人", "罚款金额", "加处罚款", "已缴金额", "缴款日期"]]
    for p in case.parties.all():
        rows.append(
            [
                p.name,
                f"{p.fine:,.2f}元" if p.fine else "—",
                f"{p.surcharge:,.2f}元" if p.surcharge else "—",
                f"{p.paid_amount:,.2f}元" if p.paid_amount else "—",
                day(p.paid_on) if p.paid_on else "—",
            ]
        )
    c.blocks.append((render.HEADING, "执行情况"))
    c.blocks.append((render.TABLE, rows))
    _opinion(
        c,
        "承办人意见",
        case.closing_note or "处罚决定已执行完毕，建议结案。",
        _handlers(case),
        case.closed_on,
    )
    _opinion(c, "审批意见", "同意结案。", "", case.closed_on)


# 行政执法机关移送涉嫌犯罪案件的规定 (国务院令第310号, 2020年修订) 第六条: the materials a
# transfer carries.
JUDICIAL_MATERIALS = [
    "涉嫌犯罪案件移送书",
    "涉嫌犯罪案件情况的调查报告",
    "涉案物品清单",
    "有关检验报告或者鉴定意见",
    "其他有关涉嫌犯罪的材料",
]


def criminal_transfer(doc, c):
    """涉嫌犯罪案件移送书 (行政执法机关移送涉嫌犯罪案件的规定 第五条、第六条): to the public
    security organ, approved by the authority's head, with its list of materials."""
    t = doc.transfer
    ent = doc.enterprise
    auth = docparts.authority(doc.department)
    c.title = "涉嫌犯罪案件移送书"
    c.blocks.append((render.PARA, f"{t.to_organ or t.receiver}："))
    c.blocks.append((render.KV, docparts.unit_particulars(ent, "涉案单位")))
    case_ref = ""
    if t.case_id:
        case_ref = f"（案件：{t.case.title}，{t.case.number}）"
    c.blocks.append(
        (
            render.PARA,
            f"本机关在依法查处{ent.name}安全生产违法行为{case_ref}过程中，发现其{t.reason or '涉嫌犯罪'}。"
            "根据《行政执法机关移送涉嫌犯罪案件的规定》第三条、第五条和《中华人民共和国行政处罚法》"
            "第二十七条第一款的规定，经本机关负责人批准，现将该案移送你单位依法处理，"
            "并请将处理结果书面告知本机关。",
        )
    )
    c.blocks.append((render.HEADING, "附：移送材料清单"))
    rows = [["序号", "材料名称", "份数", "页数"]]
    for i, name in enumerate(JUDICIAL_MATERIALS[1:], start=1):
        rows.append([i, name, "", ""])
    c.col_weights = [2, 14, 3, 3]
    c.blocks.append((render.TABLE, rows))
    c.blocks.append(
        (
            render.PARA,
            "涉案物品已移交的，附涉案物品清单；有关检验报告或者鉴定意见附原件或者复印件"
            "（《行政执法机关移送涉嫌犯罪案件的规定》第六条）。",
        )
    )
    docparts.seal(c, doc, auth)
    c.blocks.append((render.SIGN, ["接收机关（签章）：", "接收人：", "接收日期：　　年　月　日"]))


# kind: (label, 文书代字, builder)
KINDS = {
    "hearing_meeting": ("听证会通知书", "听通", hearing_meeting_notice),
    "hearing_record": ("听证笔录", "听笔", hearing_record),
    "hearing_report": ("听证会报告书", "听报", hearing_report),
    "case_approval": ("案件处理呈批表", "呈批", case_handling_approval),
    "criminal_transfer": ("涉嫌犯罪案件移送书", "刑移", criminal_transfer),
}
# the built-in kinds this module now builds
BUILDERS = {
    "filing_approval": filing_approval,
    "penalty_notice": penalty_notice,
    "hearing_notice": hearing_notice,
    "penalty_decision": penalty_decision,
    "closing_approval": closing_approval,
}
