"""送达 (行政处罚法第六十一条, 民事诉讼法 by reference) and the periods after a decision: the
remedies' periods, 加处罚款 under an approved 延期（分期）缴纳 (行政处罚法第六十六条).

The 民事诉讼法 (2023年修正), 行政复议法 (2023年修订) and 行政诉讼法 (2017年修正) are not among
anjian/sources/law; their rules are cited here with their text (``CPL_*``, ``ARL_*``, ``ALL_*``),
as periods.py does for the 民法典.

Counting: 民事诉讼法第八十五条 counts periods as the 民法典 does (the start day not counted, a
last day on a holiday moves to the next working day), so ``periods.period_end`` applies to the
公告 period and to the remedies' periods; they are calendar days (no law makes them working days).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from ._cn import APL, cite, yuan
from .fines import Money, percent_of
from .periods import Workday, is_workday, period_end
from .procedure import (
    LATE_PAYMENT_PERCENT_PER_DAY,
    Surcharge,
    late_payment_surcharge,
    late_payment_surcharge_until,
)
from .result import Result, Trace

CPL = "民事诉讼法"
CPL_87 = "民事诉讼法第八十七条：送达诉讼文书必须有送达回证，由受送达人在送达回证上记明收到日期，签名或者盖章"
CPL_88 = "民事诉讼法第八十八条：送达诉讼文书，应当直接送交受送达人"
CPL_89 = (
    "民事诉讼法第八十九条：受送达人或者他的同住成年家属拒绝接收诉讼文书的，送达人可以邀请有关基层"
    "组织或者所在单位的代表到场，说明情况，在送达回证上记明拒收事由和日期，由送达人、见证人签名或者"
    "盖章，把诉讼文书留在受送达人的住所"
)
CPL_90 = (
    "民事诉讼法第九十条：经受送达人同意，可以采用能够确认其收悉的电子方式送达诉讼文书；"
    "到达受送达人特定系统的日期为送达日期"
)
CPL_91 = (
    "民事诉讼法第九十一条：直接送达诉讼文书有困难的，可以委托其他人民法院代为送达，或者邮寄送达"
)
CPL_95 = (
    "民事诉讼法第九十五条：受送达人下落不明，或者用本节规定的其他方式无法送达的，公告送达。"
    "自发出公告之日起，经过三十日，即视为送达"
)
CPL_283 = "民事诉讼法第二百八十三条：对在中华人民共和国领域内没有住所的当事人公告送达，自发出公告之日起，经过六十日，即视为送达"
CPL_85 = (
    "民事诉讼法第八十五条：期间开始的时和日，不计算在期间内；期间届满的最后一日是法定休假日的，"
    "以法定休假日后的第一日为期间届满的日期"
)
ARL_20 = "行政复议法第二十条：自知道或者应当知道该行政行为之日起六十日内提出行政复议申请"
ALL_45 = (
    "行政诉讼法第四十五条：不服复议决定的，可以在收到复议决定书之日起十五日内向人民法院提起诉讼"
)
ALL_46 = "行政诉讼法第四十六条：应当自知道或者应当作出行政行为之日起六个月内提出"

PUBLIC_NOTICE_DAYS = 30  # 民事诉讼法第九十五条
PUBLIC_NOTICE_ABROAD_DAYS = 60  # 民事诉讼法第二百八十三条
REVIEW_DAYS = 60  # 行政复议法第二十条
LITIGATION_MONTHS = 6  # 行政诉讼法第四十六条
AFTER_REVIEW_DAYS = 15  # 行政诉讼法第四十五条

DIRECT, LODGED, POST, NOTICE, ELECTRONIC = "direct", "lodged", "post", "notice", "electronic"
METHODS = {
    DIRECT: "直接送达",
    LODGED: "留置送达",
    POST: "邮寄送达",
    NOTICE: "公告送达",
    ELECTRONIC: "电子送达",
}
METHOD_BASIS = {
    DIRECT: CPL_88,
    LODGED: CPL_89,
    POST: CPL_91,
    NOTICE: CPL_95,
    ELECTRONIC: CPL_90,
}


def service_problems(
    method: str,
    *,
    witnesses: tuple[str, ...] = (),
    tracking_number: str = "",
    notice_medium: str = "",
    published_on: date | None = None,
    consented: bool = False,
    addressee: str = "",
) -> dict[str, str]:
    """What a 送达 by ``method`` lacks, by field: {} when the service may be recorded.

    留置 needs the witnesses who were present (民事诉讼法第八十九条); 邮寄 the postal tracking
    number (第九十一条, the return receipt is the proof); 公告 where and when it was published
    (第九十五条); 电子 the party's written consent with its address or account
    (行政处罚法第六十一条第二款, 民事诉讼法第九十条).
    """
    errors: dict[str, str] = {}
    if method not in METHODS:
        return {"method": f"未知的送达方式“{method}”"}
    if not addressee.strip():
        errors["addressee"] = "请填写受送达人（民事诉讼法第八十七条：送达回证记明受送达人）"
    if method == LODGED and not any(w.strip() for w in witnesses):
        errors["witness_1"] = (
            "留置送达须有见证人到场并签名或者盖章，请填写见证人姓名（" + CPL_89 + "）"
        )
    if method == POST and not tracking_number.strip():
        errors["tracking_number"] = (
            "邮寄送达须登记邮件号码（挂号信、EMS 等），以回执为送达凭证（" + CPL_91 + "）"
        )
    if method == NOTICE:
        if not notice_medium.strip():
            errors["notice_medium"] = "公告送达须写明公告的载体或地点（" + CPL_95 + "）"
        if published_on is None:
            errors["published_on"] = "公告送达须写明发出公告的日期（" + CPL_95 + "）"
    if method == ELECTRONIC and not consented:
        errors["method"] = (
            "当事人未签订送达地址确认书同意电子送达，不能电子送达：行政处罚法第六十一条第二款规定，"
            "当事人同意并签订确认书的，行政机关可以采用传真、电子邮件等方式送达"
        )
    return errors


def deemed_service_day(
    published_on: date, *, abroad: bool = False, workday: Workday = is_workday
) -> Result[date]:
    """公告送达: deemed served when thirty days have passed since the notice was published
    (民事诉讼法第九十五条; sixty days for a party without a domicile in China, 第二百八十三条),
    counted as 民事诉讼法第八十五条 counts periods."""
    days = PUBLIC_NOTICE_ABROAD_DAYS if abroad else PUBLIC_NOTICE_DAYS
    trace = Trace().add(
        f"自发出公告之日（{published_on.isoformat()}）起，经过{'六十' if abroad else '三十'}日，"
        "即视为送达",
        CPL_283 if abroad else CPL_95,
    )
    trace.add("期间按民事诉讼法第八十五条计算", CPL_85)
    period = period_end(published_on, days=days, workday=workday)
    trace.extend(period).add(f"视为送达日期：{period.value.isoformat()}")
    return trace.result(period.value)


@dataclass(frozen=True)
class RemedyPeriods:
    review_last_day: date  # 行政复议 (六十日)
    litigation_last_day: date  # 行政诉讼 (六个月, or 十五日 after the review decision)
    last_day: date  # the later of the two: when the decision can no longer be challenged


def remedy_periods(
    served_on: date,
    *,
    review_decided_on: date | None = None,
    workday: Workday = is_workday,
) -> Result[RemedyPeriods]:
    """The periods to challenge a decision served on ``served_on``: 行政复议 within sixty days
    (行政复议法第二十条), 行政诉讼 within six months (行政诉讼法第四十六条), or, after a review
    decision received on ``review_decided_on``, within fifteen days of it (第四十五条).
    行政强制法第五十三条 counts the three months for the court application from their end."""
    trace = Trace()
    review = period_end(served_on, days=REVIEW_DAYS, workday=workday)
    trace.add(f"申请行政复议的期限：至{review.value.isoformat()}", ARL_20)
    trace.extend(review)
    if review_decided_on is not None:
        suit = period_end(review_decided_on, days=AFTER_REVIEW_DAYS, workday=workday)
        trace.add(f"收到复议决定书后提起行政诉讼的期限：至{suit.value.isoformat()}", ALL_45)
    else:
        suit = period_end(served_on, months=LITIGATION_MONTHS, workday=workday)
        trace.add(f"提起行政诉讼的期限：至{suit.value.isoformat()}", ALL_46)
    trace.extend(suit)
    last = max(review.value, suit.value)
    trace.add(f"申请行政复议或者提起行政诉讼的法定期限届满之日：{last.isoformat()}")
    return trace.result(RemedyPeriods(review.value, suit.value, last))


@dataclass(frozen=True)
class Instalment:
    due_on: date
    amount_yuan: Money
    paid_on: date | None = None


def surcharge_with_deferral(
    fine_yuan: Money,
    payment_last_day: date,
    on_date: date,
    *,
    deferred_until: date | None = None,
    instalments: tuple[Instalment, ...] = (),
    suspended_days: int = 0,
) -> Result:
    """加处罚款 owed on ``on_date`` where the department approved 延期 or 分期 缴纳罚款
    (行政处罚法第六十六条第二款): no surcharge runs during the approved deferral; 延期 moves the
    payment's last day to ``deferred_until``; 分期 makes each instalment due on its own day and
    the surcharge of a late instalment is 3 % of that instalment per day, all capped at the fine
    (第七十二条第一款第一项). Without either, it is ``late_payment_surcharge_until``.
    Returns a Result of ``procedure.Surcharge`` (days_late: the most days any part was late).
    """
    if not instalments:
        trace = Trace()
        last = payment_last_day
        if deferred_until is not None and deferred_until > payment_last_day:
            trace.add(
                f"经当事人申请和行政机关批准，暂缓缴纳罚款至{deferred_until.isoformat()}，"
                "暂缓期间不加处罚款",
                cite(APL, 66, 2),
            )
            last = deferred_until
        res = late_payment_surcharge_until(fine_yuan, last, on_date, suspended_days=suspended_days)
        return trace.extend(res).result(res.value)
    total = sum((Decimal(i.amount_yuan) for i in instalments), Decimal(0))
    if total != Decimal(fine_yuan):
        raise ValueError("the instalments must add up to the fine")
    trace = Trace().add(
        f"经当事人申请和行政机关批准，分{len(instalments)}期缴纳罚款，每期在批准的期限内缴纳的不加处罚款",
        cite(APL, 66, 2),
    )
    raw = Decimal(0)
    worst = 0
    for n, inst in enumerate(instalments, start=1):
        until = min(inst.paid_on, on_date) if inst.paid_on else on_date
        late = max(0, (until - inst.due_on).days - suspended_days)
        if late:
            part = percent_of(inst.amount_yuan, LATE_PAYMENT_PERCENT_PER_DAY * late)
            trace.add(
                f"第{n}期{yuan(inst.amount_yuan)}应于{inst.due_on.isoformat()}前缴纳，逾期{late}日，"
                f"加处罚款{yuan(inst.amount_yuan)} × 3% × {late}日 = {yuan(part)}",
                cite(APL, 72, 1, 1),
            )
            if part > Decimal(inst.amount_yuan):
                part = Decimal(inst.amount_yuan).quantize(Decimal("0.01"))
                trace.add(f"该期加处罚款不超出该期罚款数额，按{yuan(part)}计", cite(APL, 72, 1, 1))
            raw += part
            worst = max(worst, late)
    capped = raw > Decimal(fine_yuan)
    amount = Decimal(fine_yuan).quantize(Decimal("0.01")) if capped else raw
    cap = late_payment_surcharge(fine_yuan, 0)
    trace.cite(*cap.articles)
    if capped:
        trace.add(f"加处罚款的数额不得超出罚款的数额，按{yuan(amount)}计", cite(APL, 72, 1, 1))
    first_due = min(i.due_on for i in instalments)
    return trace.result(Surcharge(worst, amount, capped, first_due + timedelta(days=1), None))
