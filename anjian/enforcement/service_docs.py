"""Documents of 送达 and execution (issue 16), registered with `documents.register` from
EnforcementConfig.ready(): 送达回证, 罚款催缴通知书, 行政强制执行事先催告书, 强制执行申请书,
延期（分期）缴纳罚款审批表 and 批准书. docs/documents.md names the national form each follows.

A builder reads the record the document belongs to (a Service, Demand, CourtApplication or
Deferral) through its reverse link; while the record's service is creating the document the
link is not saved yet, so the service names it with ``building(record)``.
"""

import contextlib
import contextvars
from datetime import date
from decimal import Decimal

from anjian.law import service as law_service

from . import documents, render
from .docparts import (
    authority,
    contact,
    day,
    payment,
    person_particulars,
    receipt,
    remedies,
    seal,
    unit_particulars,
)

_BUILDING: contextvars.ContextVar = contextvars.ContextVar("building", default=None)


@contextlib.contextmanager
def building(obj):
    token = _BUILDING.set(obj)
    try:
        yield
    finally:
        _BUILDING.reset(token)


def _record(doc, attr: str, model_name: str):
    pending = _BUILDING.get()
    if pending is not None and type(pending).__name__ == model_name:
        return pending
    try:
        return getattr(doc, attr)
    except Exception:  # noqa: BLE001 (RelatedObjectDoesNotExist of the reverse one-to-one)
        return None


def _yuan(x) -> str:
    return f"{Decimal(x or 0):,.2f}元"


def _party_kv(p) -> list:
    if p.kind == "person":
        return person_particulars(p, "当事人")
    return unit_particulars(p.case.enterprise, "当事人")


def _decision(case):
    return case.documents.filter(kind="penalty_decision").order_by("id").first()


# ---------------------------------------------------------------------------- 送达回证


def _service_receipt(doc, c):
    """送达回证 (安全生产行政执法文书 送达回证; 民事诉讼法第八十七条)."""
    s = _record(doc, "receipt_of", "Service")
    if s is None:
        c.blocks.append((render.PARA, "—"))
        return
    served = s.document
    when = day(s.served_on)
    if s.served_at:
        from django.utils import timezone

        when = timezone.localtime(s.served_at).strftime("%Y年%m月%d日 %H时%M分")
    if s.method == "electronic":
        sign = f"电子送达，由企业账号 {s.opened_by.username if s.opened_by else ''} 于{when}首次打开签收"
    elif s.method == "notice":
        deemed = law_service.deemed_service_day(s.published_on)
        sign = f"公告送达：{s.notice_medium}，{day(s.published_on)}发出公告；{deemed.reasons[0]}，视为送达日期{day(deemed.value)}"
    elif s.method == "post":
        sign = f"邮寄送达，邮件号码：{s.tracking_number}（以邮件回执为准）"
    elif s.method == "lodged":
        sign = f"受送达人拒绝签收{('（' + s.refusal + '）') if s.refusal else ''}，文书已留置于送达地点"
    else:
        sign = f"{s.recipient or s.addressee}（签名或盖章）"
    rows = [
        ["送达文书名称及文号", f"{served.get_kind_display()} {served.number}"],
        ["受送达人", s.addressee],
        ["送达地点", s.place or "—"],
        ["送达方式", s.get_method_display()],
        ["收件人签名或盖章", sign],
        ["送达时间", when],
        ["送达人", s.server or s.created_by.display_name],
        ["见证人", "、".join(s.witnesses) or "—"],
        [
            "备注",
            "；".join(
                x
                for x in (
                    f"签收人：{s.recipient}" if s.recipient and s.recipient != s.addressee else "",
                    s.note,
                )
                if x
            )
            or "—",
        ],
    ]
    c.col_weights = [3, 9]
    c.blocks.append((render.TABLE, rows))
    c.header_rows = 0
    seal(c, doc)


# -------------------------------------------------------------------- 催缴 and 催告


def _payment_demand(doc, c):
    """罚款催缴通知书."""
    d = _record(doc, "demand", "Demand")
    case = doc.case
    auth = authority(doc.department)
    if d is None:
        return
    p = d.party
    c.blocks.append((render.KV, _party_kv(p)))
    dec = _decision(case)
    c.blocks.append(
        (
            render.PARA,
            f"本机关于{day(case.decided_on)}对你（单位）作出{dec.number if dec else ''}《行政处罚决定书》，"
            f"该决定书已于{day(case.served_on)}送达。你（单位）应当于{day(case.payment_due_on)}前缴纳罚款"
            f"{_yuan(d.fine)}，至今未缴纳。",
        )
    )
    c.blocks.append(
        (
            render.PARA,
            "依据《中华人民共和国行政处罚法》第七十二条第一款第一项的规定，到期不缴纳罚款的，每日按罚款数额的"
            f"百分之三加处罚款，加处罚款的数额不得超出罚款的数额。截至{day(d.issued_on)}，加处罚款{_yuan(d.surcharge)}。"
            "请你（单位）接到本通知书后立即缴纳罚款及加处罚款。",
        )
    )
    c.blocks.append((render.PARA, payment(auth, "接到本通知书后立即")))
    if text := contact(auth):
        c.blocks.append((render.PARA, text))
    seal(c, doc, auth)
    receipt(c, "当事人签收")


def _enforcement_reminder(doc, c):
    """行政强制执行事先催告书 (行政强制法第三十五条、第五十四条)."""
    d = _record(doc, "demand", "Demand")
    case = doc.case
    auth = authority(doc.department)
    if d is None:
        return
    p = d.party
    c.blocks.append((render.KV, _party_kv(p)))
    dec = _decision(case)
    c.blocks.append(
        (
            render.PARA,
            f"本机关于{day(case.decided_on)}对你（单位）作出{dec.number if dec else ''}《行政处罚决定书》，"
            f"已于{day(case.served_on)}送达。你（单位）在法定期限内未履行该决定规定的缴纳罚款义务。",
        )
    )
    c.blocks.append(
        (
            render.KV,
            [
                ("履行义务的期限", f"收到本催告书之日起十日内（工作日，{day(d.pay_by)}前）"),
                ("履行方式", "缴纳罚款及加处罚款"),
                ("罚款金额", _yuan(d.fine)),
                ("加处罚款金额", f"{_yuan(d.surcharge)}（截至{day(d.issued_on)}）"),
            ],
        )
    )
    c.blocks.append((render.PARA, payment(auth, "上述期限内")))
    c.blocks.append(
        (
            render.PARA,
            "依据《中华人民共和国行政强制法》第三十五条、第五十四条的规定，现催告你（单位）履行上述义务。"
            "你（单位）依法享有陈述权和申辩权，可以在收到本催告书之日起三日内向本机关提出陈述、申辩意见。"
            "逾期仍不履行的，本机关将依法申请人民法院强制执行。",
        )
    )
    if text := contact(auth):
        c.blocks.append((render.PARA, text))
    seal(c, doc, auth)
    receipt(c, "当事人签收")


def _court_application(doc, c):
    """强制执行申请书 (行政强制法第五十三条、第五十五条)."""
    a = _record(doc, "court_application", "CourtApplication")
    case = doc.case
    auth = authority(doc.department)
    if a is None:
        return
    p = a.party
    c.blocks.append((render.KV, [("致", a.court)]))
    c.blocks.append(
        (
            render.KV,
            [
                ("申请人", auth.full_name),
                ("地址", auth.address or "—"),
                ("联系电话", auth.phone or "—"),
            ],
        )
    )
    c.blocks.append((render.KV, _party_kv(p)))
    dec = _decision(case)
    rserved = None
    if a.reminder.document_id:
        s = a.reminder.document.services.filter(status="served").first()
        rserved = s.served_on if s else None
    c.blocks.append(
        (
            render.PARA,
            f"申请人于{day(case.decided_on)}作出{dec.number if dec else ''}《行政处罚决定书》，"
            f"{day(case.served_on)}送达被申请人。被申请人在法定期限内未申请行政复议或者提起行政诉讼，"
            f"又不履行行政处罚决定。申请人于{day(rserved)}送达"
            f"{a.reminder.document.number if a.reminder.document_id else ''}《行政强制执行事先催告书》，"
            "催告书送达十日后被申请人仍未履行义务。",
        )
    )
    c.blocks.append(
        (
            render.KV,
            [
                ("申请执行的内容", f"罚款及加处罚款共计{_yuan(a.amount)}"),
                ("罚款", _yuan(law_fine(p))),
            ],
        )
    )
    c.blocks.append(
        (
            render.PARA,
            "依据《中华人民共和国行政强制法》第五十三条、第五十四条、第五十五条的规定，特申请你院强制执行。",
        )
    )
    c.blocks.append(
        (
            render.PARA,
            "附：行政处罚决定书及作出决定的事实、理由和依据；当事人的意见及行政机关催告情况；申请强制执行"
            "标的情况；送达回证。",
        )
    )
    c.blocks.append(
        (
            render.SIGN,
            [f"{auth.full_name}负责人（签名）：", f"{auth.full_name}（印章）", day(doc.issued_on)],
        )
    )


def law_fine(p):
    from .services.execution import final_fine

    return final_fine(p)


# -------------------------------------------------------------- 延期（分期）缴纳


def _deferral_terms(d) -> str:
    if d.kind == "defer":
        return f"延期至{day(d.due_on)}前缴纳"
    parts = [
        f"第{n}期{day(date.fromisoformat(i['due_on']))}前缴纳{_yuan(i['amount'])}"
        for n, i in enumerate(d.instalments, start=1)
    ]
    return "分期缴纳：" + "；".join(parts)


def _deferral_form(doc, c):
    """延期（分期）缴纳罚款审批表."""
    d = _record(doc, "deferral_form", "Deferral")
    case = doc.case
    if d is None:
        return
    p = d.party
    dec = _decision(case)
    c.blocks.append(
        (render.KV, [("案由", case.title), ("处罚决定书文号", dec.number if dec else "—")])
    )
    c.blocks.append((render.KV, _party_kv(p)))
    c.blocks.append(
        (
            render.KV,
            [
                ("罚款金额", _yuan(law_fine(p))),
                ("原缴款期限", day(case.payment_due_on)),
                ("申请日期", day(d.applied_on)),
                ("申请事项", d.get_kind_display()),
                ("申请理由", d.reason),
                ("拟批准内容", _deferral_terms(d)),
                ("承办人意见", d.handler_opinion or "—"),
                ("承办人", d.created_by.display_name),
                ("审批意见", f"{d.get_status_display()}。{d.opinion}"),
                ("审批人", d.decided_by.display_name if d.decided_by else "—"),
                ("审批日期", day(d.decided_on)),
            ],
        )
    )
    c.blocks.append((render.PARA, "依据：《中华人民共和国行政处罚法》第六十六条第二款。"))
    c.blocks.append((render.SIGN, ["审批人（签名）：", day(doc.issued_on)]))


def _deferral_approval(doc, c):
    """延期（分期）缴纳罚款批准书."""
    d = _record(doc, "deferral_approval", "Deferral")
    case = doc.case
    auth = authority(doc.department)
    if d is None:
        return
    p = d.party
    dec = _decision(case)
    c.blocks.append((render.KV, _party_kv(p)))
    c.blocks.append(
        (
            render.PARA,
            f"你（单位）于{day(d.applied_on)}提出{d.get_kind_display()}罚款的申请。经审查，本机关依据"
            f"《中华人民共和国行政处罚法》第六十六条第二款的规定，同意你（单位）对"
            f"{dec.number if dec else ''}《行政处罚决定书》确定的罚款{_yuan(law_fine(p))}"
            f"{_deferral_terms(d)}。",
        )
    )
    c.blocks.append(
        (
            render.PARA,
            "在批准的期限内缴纳的，不加处罚款；逾期不缴纳的，依法每日按罚款数额的百分之三加处罚款，"
            "并依法申请人民法院强制执行（《中华人民共和国行政处罚法》第七十二条）。",
        )
    )
    c.blocks.append((render.PARA, payment(auth, "上述期限内")))
    c.blocks.append((render.PARA, remedies(auth, what="本批准")))
    seal(c, doc, auth)
    receipt(c, "当事人签收")


KINDS = [
    ("service_receipt", "送达回证", "送", _service_receipt),
    ("payment_demand", "罚款催缴通知书", "催缴", _payment_demand),
    ("enforcement_reminder", "行政强制执行事先催告书", "催告", _enforcement_reminder),
    ("court_application", "强制执行申请书", "强执", _court_application),
    ("deferral_form", "延期（分期）缴纳罚款审批表", "延审", _deferral_form),
    ("deferral_approval", "延期（分期）缴纳罚款批准书", "延批", _deferral_approval),
]


def register_all() -> None:
    for kind, label, code, builder in KINDS:
        documents.register(kind, label, code, builder)
