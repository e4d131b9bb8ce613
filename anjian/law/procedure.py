"""Procedure limits from 行政处罚法 and 行政强制法 that cases need."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from ._cn import ACL, APL, cite, yuan
from .fines import Money, percent_of
from .periods import (
    DEFAULT_COUNTING,
    DayCounting,
    Workday,
    day_name,
    is_workday,
    last_working_day,
    period_end,
    workday_source,
)
from .result import Result, Trace
from .violations import Measure

DECISION_DAYS = 90  # 行政处罚法第六十条 (calendar days)
PAYMENT_DAYS = 15  # 行政处罚法第六十七条第三款 (calendar days)
# Working days (行政处罚法第八十五条: "二日""三日""五日""七日"):
HEARING_REQUEST_DAYS = 5  # 第六十四条第一项: 告知后五日内提出
HEARING_NOTICE_DAYS = 7  # 第六十四条第二项: 举行听证的七日前通知
SERVICE_DAYS = 7  # 第六十一条第一款: 当事人不在场的，七日内送达
PRESERVATION_DAYS = 7  # 第五十六条: 先行登记保存后七日内作出处理决定
SURCHARGE_ENFORCEMENT_DAYS = 30  # 行政强制法第四十六条第一款: 加处罚款超过三十日
# 陈述申辩: the 行政处罚告知书 gives the party three days (the period the form states; 行政处罚法
# 第四十四条、第四十五条 give the right without a number, 第八十五条 makes 三日 working days)
STATEMENT_DAYS = 3
SUMMARY_LIMIT_INDIVIDUAL_YUAN = 200
SUMMARY_LIMIT_ORGANISATION_YUAN = 3_000
LATE_PAYMENT_PERCENT_PER_DAY = Decimal(3)


def decision_last_day(
    filing_date: date,
    counting: DayCounting = DEFAULT_COUNTING,
    *,
    extension_days: int = 0,
    rollover: bool = True,
    workday: Workday = is_workday,
) -> Result[date]:
    """行政处罚法第六十条: decide within 90 days of 立案 (unless other rules provide otherwise).

    ``extension_days``: an extension another 法律、法规、规章 allows (第六十条 second sentence;
    none is among the texts, so the caller names it), counted from the day after the 90th day.
    """
    if extension_days < 0:
        raise ValueError("extension_days cannot be negative")
    trace = Trace().add(
        "行政机关应当自行政处罚案件立案之日起九十日内作出行政处罚决定；法律、法规、规章另有规定的，"
        "从其规定",
        cite(APL, 60),
    )
    period = period_end(
        filing_date, days=DECISION_DAYS, counting=counting, rollover=rollover, workday=workday
    )
    trace.extend(period)
    due = period.value
    if extension_days:
        extended = period_end(
            due, days=extension_days, counting=counting, rollover=rollover, workday=workday
        )
        trace.add(f"依法律、法规、规章的规定延长{extension_days}日，自原期限届满次日起算")
        trace.extend(extended)
        due = extended.value
    trace.add(f"最迟于{due.isoformat()}作出行政处罚决定")
    return trace.result(due)


def summary_procedure_allowed(
    fine_yuan: Money, individual: bool, warning_only: bool = False
) -> Result[bool]:
    """行政处罚法第五十一条 简易程序 (当场处罚): 公民 ≤200 yuan, 法人或者其他组织 ≤3,000 yuan.

    Note that fines under 安全生产法第九十七条 etc. usually exceed these limits.
    """
    trace = Trace()
    if warning_only:
        trace.add("警告可以适用简易程序当场作出", cite(APL, 51))
        return trace.result(True)
    limit = SUMMARY_LIMIT_INDIVIDUAL_YUAN if individual else SUMMARY_LIMIT_ORGANISATION_YUAN
    who = "公民" if individual else "法人或者其他组织"
    allowed = fine_yuan <= limit
    trace.add(
        f"违法事实确凿并有法定依据，对{who}处以{yuan(limit)}以下罚款的，可以当场作出决定；"
        f"拟罚款{yuan(fine_yuan)}，{'可以' if allowed else '不能'}适用简易程序",
        cite(APL, 51),
    )
    return trace.result(allowed)


def payment_last_day(
    received_on: date,
    counting: DayCounting = DEFAULT_COUNTING,
    *,
    rollover: bool = True,
    workday: Workday = is_workday,
) -> Result[date]:
    """行政处罚法第六十七条第三款: pay within 15 days of receiving the 行政处罚决定书.

    十五日 is not among the working-day periods of 第八十五条, so it counts calendar days; the day
    of receipt is not counted and a last day on a holiday moves to the next working day.
    """
    trace = Trace().add(
        "当事人应当自收到行政处罚决定书之日起十五日内，到指定的银行或者通过电子支付系统缴纳罚款",
        cite(APL, 67, 3),
    )
    period = period_end(
        received_on, days=PAYMENT_DAYS, counting=counting, rollover=rollover, workday=workday
    )
    due = period.value
    trace.extend(period).add(f"缴纳罚款最迟{due.isoformat()}")
    trace.add(
        f"到期不缴纳罚款的，自{(due + timedelta(days=1)).isoformat()}起每日按罚款数额的百分之三"
        "加处罚款，加处罚款的数额不得超出罚款的数额",
        cite(APL, 72, 1, 1),
    )
    return trace.result(due)


@dataclass(frozen=True)
class HearingThresholds:
    """较大数额 for 听证 (行政处罚法第六十三条第一款第一项、第二项), amounts in yuan, "以上" inclusive.

    The statute does not fix the amounts; they come from provincial or departmental rules, so
    they are data with their source named. ``DEFAULT_HEARING_THRESHOLDS`` applies to fines until
    a department loads its own (``from_dict``, e.g. from the ANJIAN_HEARING_THRESHOLDS setting).
    ``confiscation_yuan``: 没收较大数额违法所得 (and 较大价值非法财物, which 第二项 names with it);
    ``property_yuan``: a separate amount for 非法财物 where the standard sets one. None = the
    standard loaded does not set it: a confiscation then leaves the hearing question undecided.
    """

    individual_yuan: int
    organisation_yuan: int
    source: str
    confiscation_yuan: int | None = None
    property_yuan: int | None = None

    @classmethod
    def from_dict(cls, data: dict) -> HearingThresholds:
        """Load a published local standard; ValueError names the missing or bad field."""
        values = {}
        for key in ("individual_yuan", "organisation_yuan"):
            if key not in data:
                raise ValueError(f"{key}: missing")
            values[key] = _whole_yuan(key, data[key])
        source = str(data.get("source") or "").strip()
        if not source:
            raise ValueError("source: name the published standard the amounts come from")
        optional = {
            key: None if data.get(key) in (None, "") else _whole_yuan(key, data[key])
            for key in ("confiscation_yuan", "property_yuan")
        }
        return cls(values["individual_yuan"], values["organisation_yuan"], source, **optional)

    def for_property(self) -> int | None:
        return self.property_yuan if self.property_yuan is not None else self.confiscation_yuan


def _whole_yuan(key: str, value: object) -> int:
    try:
        amount = int(value)  # type: ignore[call-overload]
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{key}: not a whole number of yuan") from exc
    if amount <= 0:
        raise ValueError(f"{key}: must be positive")
    return amount


# The default for fines when no local standard is loaded. 《安全生产违法行为行政处罚办法》(原国家安全
# 监管总局令第15号, 2015年第77号令修正) 第三十三条第二款: 较大数额罚款 is the amount set by the province's
# 人大常委会 or 人民政府; where none is set, 对个人罚款1万元以上, 对生产经营单位罚款3万元以上.
# That rule is not among the texts in anjian/sources/law (taken from a published copy of the rule);
# it is also the conservative choice: the lower amounts give the party the hearing right more
# often, and omitting a required 听证告知 makes the penalty unlawful, while an extra one does not.
# It sets no amount for 没收违法所得、非法财物, so the default has none: confiscations stay
# undecided until the province's standard is loaded.
DEFAULT_HEARING_THRESHOLDS = HearingThresholds(
    individual_yuan=10_000,
    organisation_yuan=30_000,
    source=(
        "默认标准：《安全生产违法行为行政处罚办法》第三十三条第二款"
        "（省级未规定数额的，对个人罚款1万元以上、对生产经营单位罚款3万元以上）；"
        "本地另有规定的，应加载本地标准"
    ),
)


_HEARING_MEASURES = {
    Measure.REVOKE_CONSTRUCTION_QUALIFICATION: 3,
    Measure.REVOKE_AGENCY_QUALIFICATION: 3,
    Measure.REVOKE_LICENCES: 3,
    Measure.SUSPEND_OR_REVOKE_QUALIFICATION: 3,
    Measure.SUSPEND_FOR_RECTIFICATION: 4,
    Measure.SUSPEND: 4,
    Measure.AGENCY_SUSPENSION: 4,
    Measure.ORDER_STOP_CONSTRUCTION_OR_SUSPEND: 4,
    Measure.CLOSURE: 4,
    Measure.BAN_5_YEARS: 4,
    Measure.LIFETIME_BAN: 4,
}

_ASK_FOR_STANDARD = "请加载本省（自治区、直辖市）规定的较大数额标准后再行判断，不得估计"


def hearing_right(
    *,
    individual: bool,
    fine_yuan: Money = 0,
    confiscation_yuan: Money = 0,
    measures: Iterable[Measure] = (),
    thresholds: HearingThresholds | None = DEFAULT_HEARING_THRESHOLDS,
    property_value_yuan: Money = 0,
    other_serious: bool = False,
    other_rule: str = "",
) -> Result[bool | None]:
    """行政处罚法第六十三条: must the party be told of the right to a hearing?

    True if a ground applies; False if none does; None (undecided) if no ground applies but one
    depends on a 较大数额 standard that is not loaded: the fine standard when ``thresholds`` is
    None, the confiscation standard (``confiscation_yuan`` of 违法所得, ``property_value_yuan`` of
    非法财物) when the standard loaded sets none — ``DEFAULT_HEARING_THRESHOLDS`` sets none. The
    reason then asks for the province's standard. ``other_serious``: the department holds the
    penalty 其他较重的行政处罚 (第五项); ``other_rule``: a 法律、法规、规章 giving the right (第六项).
    """
    if min(fine_yuan, confiscation_yuan, property_value_yuan) < 0:
        raise ValueError("amounts cannot be negative")
    trace = Trace()
    grounds = False
    for measure in measures:
        item = _HEARING_MEASURES.get(measure)
        if item:
            grounds = True
            trace.add(f"拟作出{measure}，应当告知听证权利", cite(APL, 63, 1, item))
    if other_serious:
        grounds = True
        trace.add("拟作出其他较重的行政处罚，应当告知听证权利", cite(APL, 63, 1, 5))
    if other_rule:
        grounds = True
        trace.add(f"{other_rule}规定应当告知听证权利", cite(APL, 63, 1, 6))
    open_questions = []
    if fine_yuan:
        if thresholds is None:
            open_questions.append("罚款")
            trace.add(
                "较大数额罚款的标准由地方或者部门规定，未加载听证数额标准，无法判断罚款"
                f"{yuan(fine_yuan)}是否属于较大数额；{_ASK_FOR_STANDARD}",
                cite(APL, 63, 1, 1),
            )
        else:
            limit = thresholds.individual_yuan if individual else thresholds.organisation_yuan
            if fine_yuan >= limit:
                grounds = True
                trace.add(
                    f"罚款{yuan(fine_yuan)}达到较大数额标准{yuan(limit)}（来源：{thresholds.source}）",
                    cite(APL, 63, 1, 1),
                )
            else:
                trace.add(
                    f"罚款{yuan(fine_yuan)}未达到较大数额标准{yuan(limit)}（来源：{thresholds.source}）",
                    cite(APL, 63, 1, 1),
                )
    for what, amount, limit in (
        ("违法所得", confiscation_yuan, thresholds.confiscation_yuan if thresholds else None),
        ("非法财物", property_value_yuan, thresholds.for_property() if thresholds else None),
    ):
        if not amount:
            continue
        kind = "较大数额" if what == "违法所得" else "较大价值"
        if limit is None:
            open_questions.append(f"没收{what}")
            loaded = (
                f"已加载的标准（{thresholds.source}）" if thresholds else "未加载听证数额标准，"
            )
            trace.add(
                f"拟没收{what}{yuan(amount)}：没收{kind}{what}的，应当告知听证权利；{loaded}"
                f"未规定没收{what}的{kind}标准，无法判断；{_ASK_FOR_STANDARD}",
                cite(APL, 63, 1, 2),
            )
        elif amount >= limit:
            grounds = True
            trace.add(
                f"拟没收{what}{yuan(amount)}，达到{kind}标准{yuan(limit)}（来源：{thresholds.source}）",
                cite(APL, 63, 1, 2),
            )
        else:
            trace.add(
                f"拟没收{what}{yuan(amount)}，未达到{kind}标准{yuan(limit)}（来源：{thresholds.source}）",
                cite(APL, 63, 1, 2),
            )
    if grounds:
        trace.add(
            "当事人要求听证的，应当在告知后五日（工作日）内提出；听证费用不由当事人承担",
            cite(APL, 64, item=1),
            cite(APL, 85),
            cite(APL, 63, 2),
        )
        return trace.result(True)
    if open_questions:
        trace.add(
            f"听证权利待定：{'、'.join(open_questions)}是否属于较大数额须依本地标准判断",
            cite(APL, 63),
        )
        return trace.result(None)
    trace.add("不属于应当告知听证权利的情形", cite(APL, 63))
    return trace.result(False)


@dataclass(frozen=True)
class Surcharge:
    days_late: int
    amount_yuan: Decimal
    capped: bool
    first_day: date | None = None  # first day of 加处罚款 (the day after the payment period)
    enforceable_from: date | None = None  # 行政强制法第四十六条: after 30 days of 加处罚款


def late_payment_surcharge(fine_yuan: Money, days_late: int) -> Result[Surcharge]:
    """加处罚款: 3 % of the fine per day late, never more than the fine itself.

    The 3 % rate is 行政处罚法第七十二条第一款第一项; the cap is stated there and in
    行政强制法第四十五条第二款. ``late_payment_surcharge_until`` counts the days from the dates.
    """
    if fine_yuan < 0 or days_late < 0:
        raise ValueError("fine and days must not be negative")
    raw = percent_of(fine_yuan, LATE_PAYMENT_PERCENT_PER_DAY * days_late)
    capped = raw > fine_yuan
    amount = Decimal(fine_yuan).quantize(raw) if capped else raw
    trace = Trace().add(
        f"到期不缴纳罚款的，每日按罚款数额的百分之三加处罚款：{yuan(fine_yuan)} × 3% × {days_late}日 = {yuan(raw)}",
        cite(APL, 72, 1, 1),
    )
    trace.add(
        "加处罚款的数额不得超出罚款的数额" + (f"，按{yuan(amount)}计" if capped else ""),
        cite(APL, 72, 1, 1),
        cite(ACL, 45, 2),
    )
    if days_late > SURCHARGE_ENFORCEMENT_DAYS:
        trace.add(
            "实施加处罚款超过三十日，经催告当事人仍不履行的，具有行政强制执行权的行政机关可以强制执行",
            cite(ACL, 46),
        )
    return trace.result(Surcharge(days_late, amount, capped))


def surcharge_start_day(payment_last_day: date) -> Result[date]:
    """The first day of 加处罚款: the day after the last day of the payment period
    ("到期不缴纳罚款的", 行政处罚法第七十二条第一款第一项)."""
    first = payment_last_day + timedelta(days=1)
    return (
        Trace()
        .add(
            f"缴纳罚款期限最后一日为{payment_last_day.isoformat()}，到期不缴纳罚款的，"
            f"自次日{first.isoformat()}起每日按罚款数额的百分之三加处罚款",
            cite(APL, 72, 1, 1),
        )
        .result(first)
    )


def late_payment_surcharge_until(
    fine_yuan: Money,
    payment_last_day: date,
    on_date: date,
    *,
    suspended_days: int = 0,
) -> Result[Surcharge]:
    """加处罚款 owed on ``on_date`` (the day of payment, or today) for a payment period ending on
    ``payment_last_day`` (see ``payment_last_day()``): every day from the day after that last day
    up to and including ``on_date``, less ``suspended_days`` of 行政复议 or 行政诉讼
    (行政处罚法第七十三条第三款), capped at the fine (第七十二条第一款第一项, 行政强制法第四十五条第二款).
    """
    if suspended_days < 0:
        raise ValueError("suspended_days cannot be negative")
    first = payment_last_day + timedelta(days=1)
    elapsed = max(0, (on_date - payment_last_day).days)
    days = max(0, elapsed - suspended_days)
    trace = Trace()
    if elapsed == 0:
        trace.add(
            f"截至{on_date.isoformat()}未超过缴纳期限（最后一日{payment_last_day.isoformat()}），"
            "不加处罚款",
            cite(APL, 67, 3),
        )
    else:
        trace.add(
            f"缴纳期限最后一日为{payment_last_day.isoformat()}，自{first.isoformat()}起至"
            f"{on_date.isoformat()}（含）逾期{elapsed}日",
            cite(APL, 72, 1, 1),
        )
    if suspended_days:
        trace.add(
            f"当事人申请行政复议或者提起行政诉讼的，加处罚款的数额在行政复议或者行政诉讼期间不予计算："
            f"扣除{suspended_days}日，计{days}日",
            cite(APL, 73, 3),
        )
    computed = late_payment_surcharge(fine_yuan, days)
    trace.extend(computed)
    enforceable = first + timedelta(days=SURCHARGE_ENFORCEMENT_DAYS + suspended_days)
    value = computed.value
    return trace.result(
        Surcharge(value.days_late, value.amount_yuan, value.capped, first, enforceable)
    )


def hearing_notice_last_day(hearing_on: date, *, workday: Workday = is_workday) -> Result[date]:
    """The last day to notify the party of a hearing to be held on ``hearing_on``.

    行政处罚法第六十四条第二项 "在举行听证的七日前，通知当事人及有关人员听证的时间、地点"; 七日 are
    working days (第八十五条). Read as: counted from the day after the notice (民法典第二百零一条),
    the seventh working day is at the latest the hearing day.
    """
    latest = hearing_on - timedelta(days=HEARING_NOTICE_DAYS)
    while last_working_day(latest, HEARING_NOTICE_DAYS, workday) > hearing_on:
        latest -= timedelta(days=1)
    trace = Trace().add(
        f"行政机关应当在举行听证的七日前通知当事人及有关人员听证的时间、地点；七日为工作日，"
        f"不含法定节假日：听证定于{day_name(hearing_on)}，最迟应于{day_name(latest)}通知",
        cite(APL, 64, item=2),
        cite(APL, 85),
    )
    if not workday(latest):
        earlier = latest
        while not workday(earlier):
            earlier -= timedelta(days=1)
        trace.add(f"该日不是工作日，在工作日内送达的，最迟为{day_name(earlier)}")
    return trace.result(latest)


def earliest_hearing_day(notified_on: date, *, workday: Workday = is_workday) -> Result[date]:
    """The first day a hearing may be held after notice on ``notified_on``: the seventh working
    day after the notice (行政处罚法第六十四条第二项, 第八十五条)."""
    period = period_end(
        notified_on, days=HEARING_NOTICE_DAYS, working_days=cite(APL, 85), workday=workday
    )
    trace = Trace().add(
        "行政机关应当在举行听证的七日前，通知当事人及有关人员听证的时间、地点",
        cite(APL, 64, item=2),
    )
    trace.extend(period).add(f"听证最早于{period.value.isoformat()}举行")
    return trace.result(period.value)


def service_last_day(decided_on: date, *, workday: Workday = is_workday) -> Result[date]:
    """行政处罚法第六十一条第一款: a party not present is served the decision within 七日
    (working days, 第八十五条)."""
    period = period_end(decided_on, days=SERVICE_DAYS, working_days=cite(APL, 85), workday=workday)
    trace = Trace().add(
        "行政处罚决定书应当在宣告后当场交付当事人；当事人不在场的，行政机关应当在七日内依照"
        "《中华人民共和国民事诉讼法》的有关规定，将行政处罚决定书送达当事人",
        cite(APL, 61, 1),
    )
    return trace.extend(period).result(period.value)


def preservation_decision_last_day(
    preserved_on: date, *, workday: Workday = is_workday
) -> Result[date]:
    """行政处罚法第五十六条: after 先行登记保存, a decision on the evidence within 七日
    (working days, 第八十五条)."""
    period = period_end(
        preserved_on, days=PRESERVATION_DAYS, working_days=cite(APL, 85), workday=workday
    )
    trace = Trace().add(
        "在证据可能灭失或者以后难以取得的情况下，经行政机关负责人批准，可以先行登记保存，"
        "并应当在七日内及时作出处理决定",
        cite(APL, 56),
    )
    trace.extend(period).add(f"最迟于{period.value.isoformat()}作出处理决定")
    return trace.result(period.value)


def earliest_decision_day(
    notice_on: date,
    *,
    hearing_right: bool,
    hearing_requested: bool = False,
    hearing_on: date | None = None,
    statement_made: bool = False,
    waived: bool = False,
    workday=is_workday,
) -> Result[date | None]:
    """The first day a penalty decision may be made after 告知, or None while a requested
    hearing has not been held.

    The decision must not cut short the party's rights (第六十二条): 陈述、申辩 (第四十四条、第四十五条;
    the notice's three days) and, where the law gives it, the request for a hearing within five
    days (第六十四条第一项), both in working days (第八十五条). A hearing that was requested must be
    held first and the decision made on its record (第六十五条). A party may waive the rights in
    writing, and once it has made its statement the 陈述申辩 period has served its purpose.
    """
    trace = Trace()
    if hearing_requested:
        if hearing_on is None:
            trace.add("当事人要求听证的，应当组织听证，听证结束后依据听证笔录作出决定；尚未举行听证",
                      cite(APL, 64), cite(APL, 65))  # fmt: skip
            return trace.result(None)
        trace.add(f"已于{hearing_on.isoformat()}举行听证，听证结束后可以作出决定", cite(APL, 65))
        return trace.result(hearing_on)
    if waived:
        trace.add("当事人明确放弃陈述、申辩" + ("和听证" if hearing_right else "") + "权利，可以作出决定",
                  cite(APL, 62))  # fmt: skip
        return trace.result(notice_on)
    if hearing_right:
        days, what, basis = HEARING_REQUEST_DAYS, "要求听证", [cite(APL, 64), cite(APL, 85)]
    elif statement_made:
        trace.add("当事人已提出陈述、申辩意见，可以在复核后作出决定", cite(APL, 45))
        return trace.result(notice_on)
    else:
        days, what, basis = STATEMENT_DAYS, "陈述、申辩", [cite(APL, 62), cite(APL, 85)]
    last = last_working_day(notice_on, days, workday)
    rule = workday_source(last)[1] if workday is is_workday else "所给工作日历"
    earliest = last + timedelta(days=1)
    trace.add(
        f"当事人可以在告知后{days}个工作日内提出{what}（不含法定节假日，按{rule}计算），"
        f"期限至{last.isoformat()}；期满前不得作出处罚决定，最早{earliest.isoformat()}",
        *basis,
    )
    return trace.result(earliest)
