"""S1 统计汇总表 and S2 月度调度表: every figure defined once, as a filter on one source.

A *source* is a model plus how its rows belong to a reporting unit (department or region) and
to a 统计汇总表 row (行业领域). A *figure* is a condition on its source for a period and a
unit, plus a measure (count rows, count distinct enterprises, or sum a field). The same
definition gives

* the table: one aggregate query per source, grouped by row, with one conditional aggregate
  per figure (`compute`), and
* the drill-down: the queryset of exactly the records a figure counts (`records`).

The counting rules are written down in docs/counting-rules.md and in `Figure.rule`.
"""

from __future__ import annotations

import calendar
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from functools import reduce
from operator import or_

from django.db.models import Count, Exists, F, OuterRef, Q, Subquery, Sum, Value
from django.utils import timezone

# The printed rows of seed 000 附件2, in order; other stats rows in use follow them.
FIXED_ROWS = ["应急管理", "道路交通", "建筑施工", "市场监管", "文化旅游", "民爆物品"]
TOTAL_LABEL = "合  计"
OTHER_ROW = "其他"
# Hazards found by the authority's own enforcement work (执法检查, 举报核查 by inspection).
ENFORCEMENT_SOURCES = ("inspection", "tip")


# --------------------------------------------------------------------------- period and unit


@dataclass(frozen=True)
class Period:
    """A reporting period: one month, or cumulative from `start` to the end of the month."""

    start: date
    end: date  # inclusive
    cumulative: bool = False
    # Recompute as the records stood at this instant (what had been recorded by then, in the
    # states they had then; see docs/counting-rules.md "As of a past date"); None: now.
    as_of: datetime | None = None

    def at(self, as_of: datetime | None) -> Period:
        """The same period as the records stood at `as_of`."""
        return Period(self.start, self.end, self.cumulative, as_of)

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        last = calendar.monthrange(year, month)[1]
        return cls(date(year, month, 1), date(year, month, last), False)

    @classmethod
    def to_month(cls, year: int, month: int, start: date) -> Period:
        last = calendar.monthrange(year, month)[1]
        end = date(year, month, last)
        start = date(start.year, start.month, 1)
        if start > end:
            start = date(year, month, 1)
        return cls(start, end, True)

    @property
    def year(self) -> int:
        return self.end.year

    @property
    def month_no(self) -> int:
        return self.end.month

    @property
    def label(self) -> str:
        one_month = (self.start.year, self.start.month) == (self.end.year, self.end.month)
        if not self.cumulative or one_month:  # not "11月至11月"
            return f"{self.end.year}年{self.end.month}月"
        if self.start.year == self.end.year:
            return f"{self.start.year}年{self.start.month}月至{self.end.month}月"
        return f"{self.start.year}年{self.start.month}月至{self.end.year}年{self.end.month}月"

    def days(self) -> tuple[date, date]:
        """[start, end] (inclusive); as of a past instant, no day after that instant's day."""
        if self.as_of is not None:
            return self.start, min(self.end, timezone.localtime(self.as_of).date())
        return self.start, self.end

    def instants(self) -> tuple[datetime, datetime]:
        """[start 00:00, day after end 00:00) in local time, for DateTimeField comparisons; as of
        a past instant, nothing after it."""
        tz = timezone.get_current_timezone()
        lo = datetime.combine(self.start, time.min).replace(tzinfo=tz)
        hi = datetime.combine(self.end + timedelta(days=1), time.min).replace(tzinfo=tz)
        if self.as_of is not None and self.as_of < hi:
            hi = self.as_of + timedelta(microseconds=1)  # [lo, as_of]
        return lo, hi

    def params(self) -> dict:
        p = {"month": f"{self.end:%Y-%m}"}
        if self.cumulative:
            p.update(mode="cum", start=f"{self.start:%Y-%m}")
        if self.as_of is not None:
            p["as_of"] = timezone.localtime(self.as_of).isoformat()
        return p


def on_day(path: str, period: Period) -> Q:
    return Q(**{f"{path}__range": period.days()})


def at_time(path: str, period: Period) -> Q:
    lo, hi = period.instants()
    return Q(**{f"{path}__gte": lo, f"{path}__lt": hi})


def until(path: str, period: Period, dt: bool = False) -> Q:
    """On or before the period's end (for 'rectified by the end of the month')."""
    if dt:
        return Q(**{f"{path}__lt": period.instants()[1]})
    return Q(**{f"{path}__lte": period.days()[1]})


@dataclass(frozen=True)
class Unit:
    """A reporting unit (填报单位): a department, or a region (a town/park or the county)."""

    department: object | None = None
    region: object | None = None

    @property
    def key(self) -> str:
        if self.department is not None:
            return f"dept:{self.department.pk}"
        return f"region:{self.region.code}"

    @property
    def label(self) -> str:
        return self.department.name if self.department is not None else self.region.name

    @property
    def is_department(self) -> bool:
        return self.department is not None

    def q(self, dept_field: str | None, region_field: str | None) -> Q:
        if self.department is not None:
            if dept_field:
                return Q(**{dept_field: self.department.pk})
            # Sources without a department (enterprises): the department's region.
            prefix = self.department.region.prefix
            return Q(**{f"{region_field}__startswith": prefix}) if region_field else Q()
        return Q(**{f"{region_field}__startswith": self.region.prefix}) if region_field else Q()


# --------------------------------------------------------------------------- sources


def _models() -> dict:
    """The record models, imported lazily (the other apps import nothing from stats)."""
    from anjian.enforcement.models import Case, CaseParty, Document, Exposure, Sanction, Transfer
    from anjian.hazards.models import Disposal, Hazard, OnSiteMeasure, Supervision
    from anjian.inspections.models import Finding, Inspection, TeamMember
    from anjian.registry.models import Enterprise

    return {
        m.__name__: m
        for m in (Case, CaseParty, Document, Exposure, Sanction, Transfer, Disposal, Hazard,
                  OnSiteMeasure, Supervision, Finding, Inspection, TeamMember, Enterprise)
    }  # fmt: skip


def _exposure_row():
    """The row of the enterprise an exposure concerns: the first (by id) exposed enterprise, else
    the enterprise of the first attached case; only an exposure about no enterprise falls back
    to its department's first supervised sector."""
    from django.db.models.functions import Coalesce

    from anjian.accounts.models import Sector
    from anjian.enforcement.models import Case
    from anjian.registry.models import Enterprise

    exposed = (
        Enterprise.objects.filter(exposures=OuterRef("pk"))
        .order_by("id")
        .values("primary_sector__stats_row")[:1]
    )
    of_case = (
        Case.objects.filter(exposures=OuterRef("pk"))
        .order_by("id")
        .values("enterprise__primary_sector__stats_row")[:1]
    )
    of_dept = (
        Sector.objects.filter(departments=OuterRef("department_id"))
        .order_by("id")
        .values("stats_row")[:1]
    )
    return Coalesce(Subquery(exposed), Subquery(of_case), Subquery(of_dept))


@dataclass(frozen=True)
class Source:
    key: str
    model: str
    dept_field: str | None
    region_field: str | None
    row: str | Callable  # path to the stats row, or a factory of an expression
    enterprise: str  # path to the enterprise id (for 家 figures)
    label: str  # what one record is, for the drill-down heading
    # one query per arm of the figures' conditions (see `_split_by_arm`); only where each arm
    # has its own covering index, otherwise one query over the table is cheaper
    split_arms: bool = False
    # the instant a record was recorded (for a table as of a past date: a record counts only if
    # it had been recorded by then); "" where the source keeps no such time (its own date then
    # bounds it, see Period.days)
    recorded: str = ""

    @property
    def model_class(self):
        return _models()[self.model]

    def row_expr(self):
        return self.row() if callable(self.row) else F(self.row)

    def queryset(self, unit: Unit, period: Period | None = None):
        qs = self.model_class.objects.filter(unit.q(self.dept_field, self.region_field))
        if period is not None and period.as_of is not None and self.recorded:
            qs = qs.filter(**{f"{self.recorded}__lte": period.as_of})
        return qs


ROW = "enterprise__primary_sector__stats_row"
SOURCES = {
    s.key: s
    for s in [
        Source(
            "inspection",
            "Inspection",
            "department_id",
            "region_code",
            ROW,
            "enterprise_id",
            "检查",
            recorded="created_at",
        ),
        Source(
            "team",
            "TeamMember",
            "inspection__department_id",
            "inspection__region_code",
            "inspection__" + ROW,
            "inspection__enterprise_id",
            "检查组成员",
            recorded="inspection__created_at",
        ),
        Source(
            "hazard",
            "Hazard",
            "department_id",
            "region_code",
            ROW,
            "enterprise_id",
            "隐患",
            split_arms=True,
            recorded="created_at",
        ),
        # 现场紧急处置 counts enterprises; the unit is applied inside the figure's condition.
        Source(
            "enterprise",
            "Enterprise",
            None,
            "region__code",
            "primary_sector__stats_row",
            "id",
            "企业",
        ),
        Source(
            "case",
            "Case",
            "department_id",
            "region_code",
            ROW,
            "enterprise_id",
            "案件",
            recorded="created_at",
        ),
        Source(
            "party",
            "CaseParty",
            "case__department_id",
            "case__region_code",
            "case__" + ROW,
            "case__enterprise_id",
            "当事人",
            recorded="case__created_at",
        ),
        Source(
            "sanction",
            "Sanction",
            "department_id",
            "region_code",
            ROW,
            "enterprise_id",
            "处置",
            recorded="created_at",
        ),
        Source(
            "document", "Document", "department_id", "region_code", ROW, "enterprise_id", "文书"
        ),
        Source("exposure", "Exposure", "department_id", "region_code", _exposure_row, "", "曝光"),
        Source(
            "transfer", "Transfer", "department_id", "region_code", ROW, "enterprise_id", "移交"
        ),
        Source(
            "finding",
            "Finding",
            "inspection__department_id",
            "inspection__region_code",
            "inspection__" + ROW,
            "inspection__enterprise_id",
            "检查发现问题",
            recorded="created_at",
        ),
    ]
}


# --------------------------------------------------------------------------- figures


@dataclass(frozen=True)
class Figure:
    key: str
    label: str  # leaf label
    unit: str  # 个, 人次, 家, 项, 起, 万元, 份, 次
    source: str
    when: Callable[[Period, Unit], Q]
    measure: str = "count"  # count | enterprises | sum:<field>
    group: str = ""  # top header of a grouped column (S1) or section (S2)
    rule: str = ""

    @property
    def src(self) -> Source:
        return SOURCES[self.source]

    def aggregate(self, period: Period, unit: Unit):
        cond = self.when(period, unit)
        if self.measure == "count":
            # COUNT(1), not COUNT(id): the id is not in the covering indexes, and reading it
            # would force a visit to the table for every counted row
            return Count(Value(1), filter=cond)
        if self.measure == "enterprises":
            return Count(self.src.enterprise, filter=cond, distinct=True)
        return Sum(self.measure.split(":", 1)[1], filter=cond)


_NOT_FILED = ("proposed", "rejected")  # 立案审批中 / 不予立案: not (yet) a filed case
# 现场紧急处置 (seed 000 附件2: 含暂扣许可证、暂时停产停业、暂时停止建设（使用设备）、停止供电、
# 停止使用民爆物品等处置措施): the disposal options that are such a measure. 暂时停产停业 chosen as a
# hazard's disposal is one of the listed measures, like the generic 现场紧急处置 option.
EMERGENCY_DISPOSALS = ("emergency", "suspend")
# 下达执法文书: documents issued to the inspected party (下达 = served on it). Internal forms
# (立案审批表, 结案审批表) and forms between authorities (移交表) are not 下达. An include list, so
# that a new internal kind is not counted by default.
ISSUED_DOCUMENTS = (
    "inspection_record",
    "onsite_measure",
    "rectification_order",
    "review_opinion",
    "penalty_notice",
    "hearing_notice",
    "hearing_meeting",
    "penalty_decision",
)


def _filed(period):
    """立案: a case filed under the ordinary procedure (普通程序) in the period; a 当场处罚 under the
    简易程序 has no 立案 (it counts in 罚款 only)."""
    return on_day("filed_on", period) & ~Q(stage__in=_NOT_FILED) & ~Q(procedure="simple")


def _submitted(period, prefix=""):
    q = Q(**{f"{prefix}status": "submitted"}) & on_day(f"{prefix}inspected_on", period)
    if period.as_of is not None:  # submitted by then (no 提交时间 recorded: by its recording)
        q &= ~Q(**{f"{prefix}submitted_at__gt": period.as_of})
    return q


def _found(period, level=None):
    q = Q(source__in=ENFORCEMENT_SOURCES) & at_time("found_at", period)
    return q & Q(level=level) if level else q


def _fixed(period, level=None):
    q = Q(source__in=ENFORCEMENT_SOURCES, status="closed") & at_time("closed_at", period)
    return q & Q(level=level) if level else q


def _emergency(period: Period, unit: Unit) -> Q:
    """Enterprises with a 现场紧急处置 disposal or an on-site measure in the period (uncorrelated
    IN subqueries: each is evaluated once, not per enterprise)."""
    m = _models()
    lo, hi = period.instants()
    disposals = (
        m["Disposal"]
        .objects.filter(
            unit.q("hazard__department_id", "hazard__region_code"),
            option__in=EMERGENCY_DISPOSALS,
            decided_at__gte=lo,
            decided_at__lt=hi,
        )
        .values("hazard__enterprise_id")
    )
    if unit.is_department:
        d = unit.department.pk
        measure_unit = Q(hazard__department_id=d) | Q(
            hazard__isnull=True, decided_by__department_id=d
        )
    else:
        measure_unit = unit.q(None, "enterprise__region__code")
    measures = (
        m["OnSiteMeasure"]
        .objects.filter(measure_unit, decided_at__gte=lo, decided_at__lt=hi)
        .values("enterprise_id")
    )
    return Q(pk__in=disposals) | Q(pk__in=measures)


def _fined(kind):
    m = _models()
    return Exists(m["CaseParty"].objects.filter(case=OuterRef("pk"), kind=kind, fine__gt=0))


def _party_decided(period):
    return Q(fine__gt=0) & (
        on_day("decided_on", period)
        | (Q(decided_on__isnull=True) & on_day("case__decided_on", period))
    )


S1 = [
    Figure("teams", "派出检查小组", "个", "inspection", lambda p, u: _submitted(p),
           rule="期内（按检查日期）已提交的执法检查记录数；每份检查记录为派出的一个检查小组。"),
    Figure("inspectors", "出动执法人员", "人次", "team",
           lambda p, u: _submitted(p, "inspection__") & Q(role="inspector"),
           rule="上述检查记录的检查组中身份为“执法人员”的成员数之和（人次，同一人多次检查按多次计）。"),
    Figure("experts", "聘用安全专家", "人次", "team",
           lambda p, u: _submitted(p, "inspection__") & Q(role="expert"),
           rule="上述检查记录的检查组中身份为“专家”的成员数之和（人次）。"),
    Figure("checked", "检查企业数量", "家", "inspection", lambda p, u: _submitted(p),
           measure="enterprises",
           rule="上述检查记录涉及的不同企业数（同一企业期内多次检查计1家）。"),
    Figure("found", "总计", "项", "hazard", lambda p, u: _found(p), group="发现隐患数量",
           rule="期内（按发现时间）登记、来源为“执法检查”或“举报核查”的隐患数（不含企业自查、上级交办、异地移交）。"),
    Figure("found_major", "重大事故隐患", "项", "hazard", lambda p, u: _found(p, "major"),
           group="发现隐患数量", rule="其中等级为“重大”的隐患数。"),
    Figure("found_general", "一般事故隐患", "项", "hazard", lambda p, u: _found(p, "general"),
           group="发现隐患数量", rule="其中等级为“一般”的隐患数。"),
    Figure("fixed", "总计", "项", "hazard", lambda p, u: _fixed(p), group="已整改隐患数量",
           rule="期内（按销号时间）已销号、来源为“执法检查”或“举报核查”的隐患数（不论何时发现）。"),
    Figure("fixed_major", "重大事故隐患", "项", "hazard", lambda p, u: _fixed(p, "major"),
           group="已整改隐患数量", rule="其中等级为“重大”的隐患数。"),
    Figure("fixed_general", "一般事故隐患", "项", "hazard", lambda p, u: _fixed(p, "general"),
           group="已整改隐患数量", rule="其中等级为“一般”的隐患数。"),
    Figure("emergency", "现场紧急处置", "家", "enterprise", _emergency,
           group="含暂扣许可证、暂时停产停业、暂时停止建设（使用设备）、停止供电、停止使用民爆物品等处置措施",
           rule="期内作出“现场紧急处置”或“暂时停产停业”执法处置意见，或现场处理措施（暂扣许可证、暂时停产停业、暂时停止建设、停止使用设备、停止供电、停止使用民爆物品）的不同企业数（家）。"),
    Figure("cases", "立案", "起", "case", lambda p, u: _filed(p), group="行政处罚",
           rule="期内（按立案日期）经批准立案的普通程序案件数（不含立案审批中、不予立案；简易程序当场处罚不立案，只计入罚款）。"),
    Figure("fines", "罚款", "万元", "party", lambda p, u: _party_decided(p), measure="sum:fine",
           group="行政处罚",
           rule="期内作出处罚决定（按当事人决定日期，缺省为案件决定日期）的罚款金额之和，单位万元（元 ÷ 10000）。"),
    Figure("double", "一案双罚、一案多罚", "起", "case",
           lambda p, u: on_day("decided_on", p) & Q(_fined("enterprise")) & Q(_fined("person")),
           group="行政处罚",
           rule="期内作出处罚决定、既对生产经营单位又对其有关人员处以罚款的案件数。"),
    Figure("closure", "提请关闭", "家", "sanction",
           lambda p, u: Q(kind="closure", status="decided") & on_day("decided_on", p), measure="enterprises",
           group="行政处罚", rule="期内（按决定日期）提请关闭的不同企业数。"),
    Figure("revocation", "吊销许可证", "个", "sanction",
           lambda p, u: Q(kind="revocation", status="decided") & on_day("decided_on", p), group="行政处罚",
           rule="期内（按决定日期）吊销许可证的决定数（每个许可证计1个）。"),
    Figure("suspension", "责令停产停业", "家", "sanction",
           lambda p, u: Q(kind="suspension", status="decided") & on_day("decided_on", p), measure="enterprises",
           group="行政处罚", rule="期内（按决定日期）责令停产停业整顿的不同企业数。"),
    Figure("documents", "下达执法文书", "份", "document",
           lambda p, u: on_day("issued_on", p) & Q(kind__in=ISSUED_DOCUMENTS),
           rule="期内（按制发日期）向被检查单位（当事人）下达的执法文书份数（现场检查记录、现场处理措施决定书、责令限期整改指令书、整改复查意见书、行政处罚告知书、听证告知书、行政处罚决定书）；立案审批表、结案审批表等内部文书和移交表等部门间文书不计。"),
    Figure("exposures", "进行曝光（附曝光报道记录）", "次", "exposure",
           lambda p, u: on_day("published_on", p),
           rule="期内（按曝光日期）的曝光记录数；行业领域按被曝光企业（或所附案件的企业，取最先登记的一家）的行业领域归行，未关联企业的按曝光部门的第一个监管行业领域归行。"),
    Figure("transfer_general", "一般移交", "起", "transfer",
           lambda p, u: Q(kind="general") & on_day("issued_on", p), group="移交案件",
           rule="期内（按移交日期）类型为“一般移交”的移交数。"),
    Figure("transfer_judicial", "涉及行刑衔接", "起", "transfer",
           lambda p, u: Q(kind="judicial") & on_day("issued_on", p), group="移交案件",
           rule="期内（按移交日期）类型为“涉及行刑衔接”的移交数（移送司法）。"),
]  # fmt: skip


# S2 (seed 002 附件2): cumulative to the end of the month.
def _major(source_q):
    def when(p, u):
        return Q(level="major") & source_q & at_time("found_at", p)

    return when


def _major_fixed(source_q):
    def when(p, u):
        return _major(source_q)(p, u) & Q(status="closed") & until("closed_at", p, dt=True)

    return when


def _supervised(p, u):
    m = _models()
    sup = m["Supervision"].objects.filter(hazard=OuterRef("pk"), issued_on__range=p.days())
    if p.as_of is not None:
        sup = sup.filter(created_at__lte=p.as_of)
    return Q(level="major") & Q(Exists(sup))


def _supervised_fixed(p, u):
    return _supervised(p, u) & Q(status="closed") & until("closed_at", p, dt=True)


# Spot-check deficiencies (抽查检查): findings of the period's submitted inspections, matched by
# the law engine's violation code (Finding.violation_code) or by the checklist item of seed 000
# 附件1 (检查对象 + 序号) the finding was recorded against.
def _ci(subject, seq=None):
    q = Q(checklist_item__subject=subject)
    return q & Q(checklist_item__seq=seq) if seq is not None else q


DEFICIENCIES = [
    ("no_study", "企业主要负责人未按要求亲自研究排查整治工作",
     Q(violation_code="SPL-101-5") | _ci("主要负责人", 6),
     "违法行为代码 SPL-101-5（未建立事故隐患排查治理制度/重大事故隐患排查治理情况未按规定报告），或附件1“主要负责人”第6项（组织建立并落实双重预防工作机制，督促、检查安全生产工作，及时消除事故隐患）不符合"),
    # 第九十四条 punishes any failure of the 主要负责人's duties (第二十一条); only a finding not
    # recorded against another specific duty, or recorded against 第二十一条第五项 (督促、检查本单位
    # 的安全生产工作, 附件1 主要负责人 6), says that he did not lead the checks.
    ("no_lead", "企业主要负责人未带队检查",
     Q(violation_code="SPL-94-P1") & (Q(checklist_item__isnull=True) | _ci("主要负责人", 6)),
     "违法行为代码 SPL-94-P1（主要负责人未履行安全生产管理职责），且未对应检查项或对应附件1“主要负责人”第6项（督促、检查本单位的安全生产工作）"),
    ("no_duty_list", "企业未制定全员安全生产责任制职责清单", _ci("主要负责人", 2),
     "附件1“主要负责人”第2项（建立健全并落实全员安全生产责任制）不符合"),
    ("no_org", "企业未依法建立安全管理机构和配足安全管理人员", Q(violation_code="SPL-97-1"),
     "违法行为代码 SPL-97-1（未按照规定设置安全生产管理机构或者配备安全生产管理人员）"),
    ("no_cert", "电焊等特种作业岗位人员无证上岗作业",
     Q(violation_code="SPL-97-7") | _ci("特种作业人员"),
     "违法行为代码 SPL-97-7（特种作业人员未取得相应资格上岗作业），或附件1“特种作业人员”各项（培训取证、证书真实性）不符合"),
    # Seed 002 附件2 注2: 外包外租管理混乱 = 承包承租方不具备安全生产条件或资质, 未签订安全生产协议,
    # 安全生产管理职责不清, 未纳入本企业统一管理 — exactly 第一百零三条第一款、第二款. 第一百零四条
    # (two units in one work area, 交叉作业) is not 外包外租.
    ("outsourcing", "外包外租安全管理混乱",
     Q(violation_code__in=["SPL-103-P1", "SPL-103-P2"]),
     "违法行为代码 SPL-103-P1（发包出租给不具备安全生产条件或者相应资质的单位、个人）、SPL-103-P2（未签订专门的安全生产管理协议、未明确各自的安全生产管理职责或未统一协调、管理）"),
    # 员工不熟悉逃生出口 is a matter of drills and training (seed 002 (二)5: 学习掌握…安全逃生路线),
    # not of a blocked exit (第一百零五条第二项 is a site condition, counted nowhere here).
    ("no_drill", "未按规定开展应急演练、员工不熟悉逃生出口",
     Q(violation_code="SPL-97-6") | _ci("主要负责人", 7) | _ci("安全生产管理人员", 5),
     "违法行为代码 SPL-97-6（未按照规定制定应急救援预案或者未定期组织演练），或附件1“主要负责人”第7项（组织制定并实施应急救援预案）、“安全生产管理人员”第5项（组织或者参与应急救援演练）不符合"),
]  # fmt: skip


def _deficiency(q):
    def when(p, u):
        return _submitted(p, "inspection__") & q

    return when


S2_OVERALL = [
    Figure("self_major", "企业自查发现的重大事故隐患", "个", "hazard",
           _major(Q(source="self")), group="总体情况",
           rule="截至本月末（自统计起始月起）来源为“企业自查”的重大事故隐患数（按发现时间）。"),
    Figure("self_major_fixed", "企业自查发现重大事故隐患中已完成整改的", "个", "hazard",
           _major_fixed(Q(source="self")), group="总体情况",
           rule="其中截至本月末已销号的隐患数。"),
    Figure("insp_major", "执法检查发现的重大事故隐患", "个", "hazard",
           _major(Q(source__in=ENFORCEMENT_SOURCES)), group="总体情况",
           rule="截至本月末来源为“执法检查”或“举报核查”的重大事故隐患数（按发现时间）。"),
    Figure("insp_major_fixed", "执法检查发现重大事故隐患中已完成整改的", "个", "hazard",
           _major_fixed(Q(source__in=ENFORCEMENT_SOURCES)), group="总体情况",
           rule="其中截至本月末已销号的隐患数。"),
    Figure("supervised", "挂牌督办的重大事故隐患", "个", "hazard", _supervised,
           group="总体情况",
           rule="统计期内（按挂牌日期）被挂牌督办（任一级别）的不同重大事故隐患数。"),
    Figure("supervised_fixed", "挂牌督办重大事故隐患中已完成整改的", "个", "hazard",
           _supervised_fixed, group="总体情况", rule="其中截至本月末已销号的隐患数。"),
]  # fmt: skip
S2_SPOT = [
    Figure("spot_total", "抽查检查的企业总数", "家", "inspection", lambda p, u: _submitted(p),
           measure="enterprises", group="对企业自查自改进行抽查检查情况",
           rule="统计期内已提交执法检查记录涉及的不同企业数。"),
] + [
    Figure(key, label, "家", "finding", _deficiency(q), measure="enterprises",
           group="对企业自查自改进行抽查检查情况",
           rule=f"统计期内已提交检查记录中存在下列问题的不同企业数：{text}。")
    for key, label, q, text in DEFICIENCIES
]  # fmt: skip
S2 = S2_OVERALL + S2_SPOT

TABLES = {"s1": S1, "s2": S2}

# The dashboard's monthly figures that are not a table column (S3 月度趋势 and 分行业领域 count
# hazards of every source), kept in the rollup beside the tables' figures.
DASHBOARD_FIGURES = [
    Figure("d_found", "发现隐患（全部来源）", "项", "hazard", lambda p, u: at_time("found_at", p)),
    Figure("d_found_closed", "其中已销号", "项", "hazard",
           lambda p, u: at_time("found_at", p) & Q(status="closed")),
    Figure("d_found_major", "其中重大事故隐患", "项", "hazard",
           lambda p, u: at_time("found_at", p) & Q(level="major")),
]  # fmt: skip
TABLE_TITLES = {"s1": "统计汇总表", "s2": "月度调度表"}


def figure(table: str, key: str) -> Figure:
    for f in TABLES[table]:
        if f.key == key:
            return f
    raise KeyError(key)


# --------------------------------------------------------------------------- computation


def to_wan(yuan) -> Decimal:
    """元 → 万元, four decimals (1 元 precision)."""
    return (Decimal(yuan or 0) / Decimal(10000)).quantize(Decimal("0.0001"))


def format_value(v, unit: str) -> str:
    """A figure as a clerk writes it in the seed's unit: counts as integers; 万元 with the
    decimals it needs, at most four (1 元): 147,000 元 → "14.7", 12,345.67 元 → "1.2346",
    0 → "0" — never "14.7000". Every page, the submissions' totals, the dashboard and the
    report use this one function."""
    if unit != "万元":
        return str(int(v or 0))
    d = Decimal(str(v or 0)).quantize(Decimal("0.0001"))
    text = f"{d:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


@dataclass
class Row:
    label: str
    values: dict = field(default_factory=dict)


@dataclass
class Table:
    table: str
    unit: Unit
    period: Period
    figures: list
    rows: list  # list[Row]; S2 has one row labelled "" (no sector breakdown)
    total: Row

    def as_dict(self) -> dict:
        def conv(v):
            return float(v) if isinstance(v, Decimal) else v

        return {
            "table": self.table,
            "unit": self.unit.key,
            "unit_name": self.unit.label,
            "period": self.period.label,
            "start": self.period.start.isoformat(),
            "end": self.period.end.isoformat(),
            "columns": [
                {"key": f.key, "label": f.label, "group": f.group, "unit": f.unit}
                for f in self.figures
            ],
            "rows": [
                {"label": r.label, "values": {k: conv(v) for k, v in r.values.items()}}
                for r in self.rows
            ],
            "total": {k: conv(v) for k, v in self.total.values.items()},
        }


def _and_terms(q) -> list | None:
    """The conjuncts of a plain AND Q (None for OR or negated Qs)."""
    if not isinstance(q, Q) or q.negated or (q.connector != Q.AND and len(q.children) > 1):
        return None
    return list(q.children)


def _arms(conds: list) -> list:
    """The figures' conditions without the ones another condition already covers
    (`A | (A & B)` is `A`): the weakest arms, whose OR selects every row any figure counts."""
    terms = [_and_terms(c) for c in conds]
    keep = []
    for i, c in enumerate(conds):
        ti = terms[i]
        covered = ti is not None and any(
            j != i
            and terms[j] is not None
            and all(t in ti for t in terms[j])
            and (len(terms[j]) < len(ti) or j < i)
            for j in range(len(conds))
        )
        if not covered:
            keep.append(c)
    return keep


def any_of(conds: list) -> Q:
    """OR of the figures' conditions, reduced to the weakest arms. The WHERE clause selects the
    same rows (each figure's own condition stays in its FILTER), but with only the weakest arms
    left — e.g. for hazards `found in period OR closed in period` instead of six arms —
    PostgreSQL can answer it from indexes instead of scanning the table."""
    return reduce(or_, _arms(conds))


def _split_by_arm(figs: list, conds: list) -> list[tuple[Q, list]]:
    """[(arm, the figures it covers)]: one query per arm when every figure falls under exactly
    one arm. Hazards found in the period and hazards closed in it are then two queries, each
    answered by an index-only scan of its covering index (an OR of both would need a bitmap
    heap scan over tens of thousands of table pages). Otherwise one query with the OR."""
    arms = _arms(conds)
    if len(arms) > 1:
        arm_terms = [_and_terms(a) for a in arms]
        groups: list[list] = [[] for _ in arms]
        for f, c in zip(figs, conds, strict=True):
            tc = _and_terms(c)
            hits = [
                i
                for i, ta in enumerate(arm_terms)
                if tc is not None and ta is not None and all(t in tc for t in ta)
            ]
            if len(hits) != 1:
                break
            groups[hits[0]].append(f)
        else:
            return list(zip(arms, groups, strict=True))
    return [(reduce(or_, arms), list(figs))]


def _grouped(figs, period, unit, by_row: bool) -> dict:
    """{row: {figure key: value}} with one aggregate query per source (or per arm of a source,
    see `_split_by_arm`)."""
    out: dict = {}
    by_source: dict = {}
    for f in figs:
        by_source.setdefault(f.source, []).append(f)
    for key, fs in by_source.items():
        src = SOURCES[key]
        conds = [f.when(period, unit) for f in fs]
        arms = _split_by_arm(fs, conds) if src.split_arms else [(any_of(conds), fs)]
        for arm, arm_figs in arms:
            qs = src.queryset(unit, period).filter(arm)
            aggs = {f.key: f.aggregate(period, unit) for f in arm_figs}
            if by_row:
                result = qs.annotate(_row=src.row_expr()).values("_row").annotate(**aggs).order_by()
                for rec in result:
                    row = rec.pop("_row") or OTHER_ROW
                    bucket = out.setdefault(row, {})
                    for k, v in rec.items():
                        bucket[k] = bucket.get(k, 0) + (v or 0)
            else:
                bucket = out.setdefault("", {})
                for k, v in qs.aggregate(**aggs).items():
                    bucket[k] = v or 0
    return out


def _row_order(labels) -> list[str]:
    from anjian.accounts.models import Sector

    order = {r: i for i, r in enumerate(FIXED_ROWS)}
    first_id: dict = {}
    for sid, row in Sector.objects.order_by("id").values_list("id", "stats_row"):
        first_id.setdefault(row, sid)
    extra = sorted((r for r in labels if r not in order), key=lambda r: (first_id.get(r, 10**9), r))
    return FIXED_ROWS + extra


def use_rollup() -> bool:
    """Read the tables and the dashboard from the pre-aggregated monthly figures (rollup.py)
    instead of the raw rows: setting ANJIAN_STATS_ROLLUP, else the environment variable of that
    name; on by default (see docs/counting-rules.md, "Pre-aggregated monthly figures")."""
    import os

    from django.conf import settings

    if hasattr(settings, "ANJIAN_STATS_ROLLUP"):
        return bool(settings.ANJIAN_STATS_ROLLUP)
    return os.environ.get("ANJIAN_STATS_ROLLUP", "1") not in ("0", "false", "False", "")


def compute(table: str, unit: Unit, period: Period, *, rollup: bool | None = None) -> Table:
    figs = TABLES[table]
    by_row = table == "s1"
    if period.as_of is not None:
        rollup = False  # the rollup holds the records as they are now
    if rollup is None:
        rollup = use_rollup()
    from . import rollup as _rollup

    if rollup and _rollup.covers(unit):
        data = _rollup.read(table, unit, period)
    else:
        data = _grouped(figs, period, unit, by_row)

    def finish(values: dict) -> dict:
        out = {}
        for f in figs:
            v = values.get(f.key, 0)
            out[f.key] = to_wan(v) if f.unit == "万元" else int(v)
        return out

    if by_row:
        rows = [Row(label, finish(data.get(label, {}))) for label in _row_order(data)]
    else:
        rows = [Row("", finish(data.get("", {})))]
    total = {}
    for f in figs:
        total[f.key] = sum((r.values[f.key] for r in rows), Decimal(0) if f.unit == "万元" else 0)
    return Table(table, unit, period, figs, rows, Row(TOTAL_LABEL, total))


def records(table: str, key: str, unit: Unit, period: Period, row: str | None = None):
    """The queryset of exactly the records figure `key` counts (for `row`, or all rows)."""
    f = figure(table, key)
    src = f.src
    qs = src.queryset(unit, period).filter(f.when(period, unit))
    if row:
        qs = qs.annotate(_row=src.row_expr())
        qs = qs.filter(_row__isnull=True) if row == OTHER_ROW else qs.filter(_row=row)
    if f.measure == "enterprises" and src.model != "Enterprise":
        from anjian.registry.models import Enterprise

        return Enterprise.objects.filter(pk__in=qs.values(src.enterprise))
    return qs


def campaign_for(unit: Unit, year: int, month: int):
    """The latest campaign of the unit's region (or an ancestor) started by the month's end."""
    from anjian.campaigns.models import Campaign

    region = unit.department.region if unit.is_department else unit.region
    end = date(year, month, calendar.monthrange(year, month)[1])
    codes = [region.code]
    node = region
    while node.parent_id:
        node = node.parent
        codes.append(node.code)
    return (
        Campaign.objects.filter(
            Q(region__code__in=codes) | Q(region__code__startswith=region.prefix), start__lte=end
        )
        .order_by("-start")
        .first()
    )


def default_start(unit: Unit, year: int, month: int) -> date:
    """Start of the cumulative period: the campaign's start month (e.g. 强安2023 from April) if
    it started within the last year, else January of the year."""
    c = campaign_for(unit, year, month)
    if c and c.start.year >= year - 1:
        return date(c.start.year, c.start.month, 1)
    return date(year, 1, 1)
