"""The parts every enforcement document shares: the issuing authority as configured on its
department, the parties' particulars, the remedies and the seal and receipt areas.

The document builders (`enforcement.documents` and the modules that `register` more kinds)
compose these, so the authority's name, 复议机关, court and bank read the same everywhere.
"""

from dataclasses import dataclass

from . import render


@dataclass(frozen=True)
class Authority:
    full_name: str
    review_body: str
    court: str
    address: str
    postcode: str
    phone: str
    bank_name: str
    bank_account_name: str
    bank_account: str


def authority(department) -> Authority:
    """The department as its documents name it; the short name stands in where the
    authority's full name is not configured yet."""
    return Authority(
        full_name=department.full_name or department.name,
        review_body=department.review_body,
        court=department.court,
        address=department.address,
        postcode=department.postcode,
        phone=department.phone,
        bank_name=department.bank_name,
        bank_account_name=department.bank_account_name,
        bank_account=department.bank_account,
    )


def day(d) -> str:
    return f"{d.year}年{d.month}月{d.day}日" if d else "　　年　月　日"


def unit_particulars(ent, label: str = "被处罚单位") -> list:
    """A unit's particulars (名称、地址、统一社会信用代码、法定代表人)."""
    return [
        (label, ent.name),
        ("地址", ent.address or "—"),
        ("统一社会信用代码", ent.credit_code),
        ("法定代表人（负责人）", ent.legal_representative or "—"),
    ]


def person_particulars(party, label: str = "被处罚人") -> list:
    """A person's particulars (姓名、身份证号、住址、工作单位及职务)."""
    unit = party.case.enterprise.name if party.case_id else ""
    return [
        (label, party.name),
        ("身份证号", party.id_number or "—"),
        ("住址", party.address or "—"),
        ("工作单位及职务", f"{unit}{party.position}" or "—"),
    ]


def remedies(auth: Authority, *, what: str = "本决定", suspends: bool = False) -> str:
    """The remedies paragraph with the 复议机关 and the court and their periods
    (行政复议法第二十条: 60 days; 行政诉讼法第四十六条: 6 months)."""
    body = auth.review_body or "本机关的本级人民政府"
    court = auth.court or "有管辖权的人民法院"
    tail = "" if suspends else f"行政复议或者行政诉讼期间，{what}不停止执行。"
    return (
        f"如不服{what}，可以在收到{what}书之日起六十日内向{body}申请行政复议，"
        f"或者在六个月内依法向{court}提起行政诉讼。{tail}"
    )


def payment(auth: Authority, due: str) -> str:
    """Where and by when a fine is paid (罚缴分离, 行政处罚法第六十七条)."""
    bank = auth.bank_name or "指定银行"
    account = (
        f"（户名：{auth.bank_account_name}，账号：{auth.bank_account}）"
        if auth.bank_account
        else ""
    )
    return f"罚款应当于{due}缴至{bank}{account}或者通过电子支付系统缴纳。"


def contact(auth: Authority) -> str:
    """The authority's address and telephone, for a party's 陈述申辩 or 听证 request."""
    parts = []
    if auth.address:
        parts.append(
            f"地址：{auth.address}" + (f"（邮编：{auth.postcode}）" if auth.postcode else "")
        )
    if auth.phone:
        parts.append(f"联系电话：{auth.phone}")
    return f"本机关{'，'.join(parts)}。" if parts else ""


def seal(c, doc, auth: Authority | None = None) -> None:
    """The issuing authority's name, the seal area and the date, right-aligned at the end."""
    auth = auth or authority(doc.department)
    c.blocks.append((render.SIGN, [f"{auth.full_name}（印章）", day(doc.issued_on)]))


def receipt(c, label: str = "被处罚单位（人）签收") -> None:
    """The receipt area a served party signs (签收人、日期)."""
    c.blocks.append((render.SIGN, [f"{label}：", "　　年　月　日"]))
