"""Anjian law engine: 安全生产法 (2021) penalties and related rules as plain Python.

No web framework here: everything is data plus pure functions. Every public function returns a
``Result(value, reasons, articles)``: the answer, the reasons in Chinese, and the articles
applied (e.g. "安全生产法第九十七条第二项"). Amounts are int yuan; Decimal where a percentage
applies (rounded to the fen). Sources: the statute texts in anjian/sources/law/.

Violations (安全生产法第九十条–第一百一十四条; 条例第三十五条、第三十六条 as RIR-*)
    VIOLATIONS: dict code → Violation (e.g. "SPL-97-2" = 第九十七条第二项, "RIR-36-1" =
        生产安全事故报告和调查处理条例第三十六条第一项; see violations.py, which also says which
        条例 articles the law superseded)
    fine_range(code, overdue=False, accident_grade=None, *, caused_accident, illegal_gains,
               last_year_income, especially_serious, serious) → FineAssessment
    suggest_fine(code, facts=Facts(), standard=DEFAULT_STANDARD) → FineSuggestion
        tier 不予处罚/减轻/从轻/一般/从重, sub-ranges and round suggestions;
        DiscretionStandard.from_dict/from_json loads a department's published standard
        (行政处罚法第三十四条; ``step``, ``mitigated_floor``)
    check_fine(code, party, amount_yuan, facts=Facts(), standard=DEFAULT_STANDARD) → FineCheck
        allowed or refused, with the message and articles (range, 减轻 with a ground, never above)

Accidents (生产安全事故报告和调查处理条例)
    grade_accident(deaths, serious_injuries=0, direct_loss_yuan=0) → AccidentGrade (第三条)
    accident_report_deadline(received_at) (第九条, 1 hour), escalation_deadline (第十一条),
    supplementary_report_last_day (第十三条), investigation_last_day (第二十九条, 60 days;
    第二十七条 appraisal_days)

Accident-linked fines
    accident_fine_enterprise(grade, especially_serious=False)  第一百一十四条
    principal_accident_fine(grade, last_year_income)           第九十五条
    manager_accident_fine(last_year_income)                    第九十六条
    principal_misconduct_fine(last_year_income, concealed_report=False)  第一百一十条
    daily_continuous_fine(original_fine_yuan, *, days | order_date+until_date)  第一百一十二条

Closure and lists
    closure_check(penalty_dates, has_major_hazard, on_date, ...)  第一百一十三条
    tip_reward(kind, *, fine_yuan, concealed_deaths, accident_grade)  安监总财〔2018〕19号
        (no reward for a fine of 0)
    dishonesty_listing(*, on_date, accidents, ...)  应急管理部令第11号
    industry_ban(starts_on, *, violation_code, closed, serious)  行业禁入 (第九十二条第三款,
        第九十四条第三款, 第一百一十三条; BAN_YEARS)

Procedure (行政处罚法)
    decision_last_day(filing_date, *, extension_days) (第六十条), summary_procedure_allowed
    (第五十一条), payment_last_day(received_on) (第六十七条第三款, 15 days; PAYMENT_DAYS),
    hearing_right(..., thresholds=DEFAULT_HEARING_THRESHOLDS) → True/False/None (第六十三条;
    None = undecided: a 较大数额 standard is not loaded; HearingThresholds.from_dict loads a
    department's standard, the default names its source), hearing_notice_last_day /
    earliest_hearing_day (第六十四条第二项), earliest_decision_day (第六十二条、第六十四条),
    service_last_day (第六十一条), preservation_decision_last_day (第五十六条),
    late_payment_surcharge(fine_yuan, days_late), surcharge_start_day(payment_last_day),
    late_payment_surcharge_until(fine_yuan, payment_last_day, on_date, *, suspended_days)
    (第七十二条、第七十三条第三款; 行政强制法第四十五条、第四十六条)

行政强制法 (compulsion.py)
    seizure_period(seized_on, *, extension_days, testing_days) (第二十五条, 第二十七条),
    court_application_earliest_day(reminder_served_on) (第三十五条, 第五十四条, 第六十九条),
    court_application_last_day(review_period_last_day, *, deferred_until) (第五十三条)
    seizure_extension_problem (once, ≤ 30 days, by the 负责人), seizure_reminder_day,
    LIFT_REASONS / lift_basis (第二十八条), SEIZURE_MIN_OFFICERS (第十八条)

送达 and after the decision (service.py; import ``anjian.law.service``)
    service_problems(method, *, witnesses, tracking_number, notice_medium, published_on,
    consented) (行政处罚法第六十一条, 民事诉讼法第八十七条–第九十五条), deemed_service_day(published_on,
    *, abroad) (公告: 30/60 days), remedy_periods(served_on, *, review_decided_on) (复议 60 days,
    诉讼 6 months or 15 days after review), surcharge_with_deferral(fine, payment_last_day,
    on_date, *, deferred_until, instalments, suspended_days) (第六十六条、第七十二条、第七十三条)

Periods (periods.py): the start day is not counted (民法典第二百零一条), months end on the
corresponding day (第二百零二条) and a deadline ending on a holiday ends on the next working day
(第二百零三条); "二日""三日""五日""七日" of 行政处罚法 (第八十五条) and "十日以内" of 行政强制法
(第六十九条) are working days (`chinesecalendar` tables, Monday–Friday for years they do not
cover). ``period_end`` is the common function; ``DayCounting.START_DAY_COUNTS`` and
``rollover=False`` give the former dates.
"""

from .accidents import (
    AccidentGrade,
    accident_report_deadline,
    escalation_deadline,
    grade_accident,
    investigation_last_day,
    supplementary_report_last_day,
)
from .bans import BAN_YEARS, IndustryBan, industry_ban
from .closure import ClosureDecision, closure_check, penalty_window
from .compulsion import (
    LIFT_REASONS,
    SEIZURE_EXTENSIONS_MAX,
    SEIZURE_MIN_OFFICERS,
    SeizurePeriod,
    court_application_earliest_day,
    court_application_last_day,
    lift_basis,
    seizure_extension_problem,
    seizure_period,
    seizure_reminder_day,
)
from .discretion import (
    DEFAULT_SOURCE,
    DEFAULT_STANDARD,
    DiscretionStandard,
    Facts,
    FineCheck,
    FineSuggestion,
    Harm,
    Mitigation,
    Tier,
    TierBand,
    check_fine,
    is_repeat_offence,
    round_to_step,
    suggest_fine,
)
from .dishonesty import ListingDecision, dishonesty_listing
from .fines import (
    DailyFine,
    FineAssessment,
    FineBand,
    accident_fine_enterprise,
    daily_continuous_fine,
    fine_range,
    manager_accident_fine,
    principal_accident_fine,
    principal_misconduct_fine,
)
from .periods import (
    CIVIL_CODE_201,
    CIVIL_CODE_202,
    CIVIL_CODE_203,
    DayCounting,
    is_workday,
    last_working_day,
    period_end,
)
from .procedure import (
    DEFAULT_HEARING_THRESHOLDS,
    PAYMENT_DAYS,
    HearingThresholds,
    Surcharge,
    decision_last_day,
    earliest_decision_day,
    earliest_hearing_day,
    hearing_notice_last_day,
    hearing_right,
    late_payment_surcharge,
    late_payment_surcharge_until,
    payment_last_day,
    preservation_decision_last_day,
    service_last_day,
    summary_procedure_allowed,
    surcharge_start_day,
)
from .result import Result
from .rewards import TipKind, tip_reward
from .violations import (
    VIOLATIONS,
    ByGrade,
    FineRule,
    Fixed,
    GainsMultiple,
    IncomeShare,
    Measure,
    MeasureRule,
    Party,
    Stage,
    Violation,
    get_violation,
)

__all__ = [
    "BAN_YEARS",
    "CIVIL_CODE_201",
    "CIVIL_CODE_202",
    "CIVIL_CODE_203",
    "FineCheck",
    "check_fine",
    "round_to_step",
    "SeizurePeriod",
    "LIFT_REASONS",
    "SEIZURE_EXTENSIONS_MAX",
    "SEIZURE_MIN_OFFICERS",
    "lift_basis",
    "seizure_extension_problem",
    "seizure_reminder_day",
    "court_application_earliest_day",
    "court_application_last_day",
    "earliest_hearing_day",
    "hearing_notice_last_day",
    "late_payment_surcharge_until",
    "period_end",
    "preservation_decision_last_day",
    "seizure_period",
    "service_last_day",
    "surcharge_start_day",
    "DEFAULT_HEARING_THRESHOLDS",
    "DEFAULT_SOURCE",
    "DEFAULT_STANDARD",
    "VIOLATIONS",
    "AccidentGrade",
    "ByGrade",
    "ClosureDecision",
    "DailyFine",
    "DayCounting",
    "earliest_decision_day",
    "is_workday",
    "last_working_day",
    "DiscretionStandard",
    "Facts",
    "FineAssessment",
    "FineBand",
    "FineRule",
    "FineSuggestion",
    "Fixed",
    "GainsMultiple",
    "Harm",
    "HearingThresholds",
    "IncomeShare",
    "IndustryBan",
    "ListingDecision",
    "Measure",
    "MeasureRule",
    "PAYMENT_DAYS",
    "Mitigation",
    "Party",
    "Result",
    "Stage",
    "Surcharge",
    "Tier",
    "TierBand",
    "TipKind",
    "Violation",
    "accident_fine_enterprise",
    "accident_report_deadline",
    "closure_check",
    "daily_continuous_fine",
    "decision_last_day",
    "dishonesty_listing",
    "escalation_deadline",
    "fine_range",
    "get_violation",
    "grade_accident",
    "hearing_right",
    "industry_ban",
    "investigation_last_day",
    "is_repeat_offence",
    "late_payment_surcharge",
    "manager_accident_fine",
    "payment_last_day",
    "penalty_window",
    "principal_accident_fine",
    "principal_misconduct_fine",
    "suggest_fine",
    "summary_procedure_allowed",
    "supplementary_report_last_day",
    "tip_reward",
]
