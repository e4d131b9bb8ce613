"""安全生产法 (2021) 第九十条–第一百一十四条 and the penalty articles of 生产安全事故报告和调查处理条例
(2007) that the law leaves in force, as data.

Code scheme: ``SPL-<article>`` for an article that is one violation, ``SPL-<article>-<item>``
for an item of the first paragraph (``SPL-97-2`` = 第九十七条第二项), ``SPL-<article>-P<n>``
for a paragraph, and ``SPL-103-P3-S2`` for the second sentence of 第一百零三条第三款 (a
separate violation: 非法转让施工资质). The items of 第九十五条 and 第一百一十四条 are accident
grades of a single violation, so those articles have one code each with a grade table.

条例 entries: ``RIR-<article>-<item>`` (``RIR-36-1`` = 条例第三十六条第一项); where one item names
two acts the law treats differently, the act the law took over has its own code
(``RIR-35-2-LATE`` = 迟报, ``RIR-35-2`` = 漏报). Their ``law`` is ``REGULATION``; an entry whose
fine the law replaced names the law's code in ``superseded_by`` and ``fine_range`` applies that.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from ._cn import APL, REGULATION, SPL, cite, spl
from .accidents import AccidentGrade

# Articles with more than one paragraph: their citations name the paragraph (款).
MULTI_PARAGRAPH_ARTICLES = frozenset({90, 92, 93, 94, 103, 110, 114})


class Party(StrEnum):
    ENTERPRISE = "生产经营单位"
    RESPONSIBLE_PERSONS = "直接负责的主管人员和其他直接责任人员"
    PRINCIPAL = "主要负责人"
    SOLE_INVESTOR = "个人经营的投资人"
    DECISION_BODY = "决策机构"
    OTHER_MANAGERS = "其他负责人和安全生产管理人员"
    EMPLOYEE = "从业人员"
    AGENCY = "承担安全评价、认证、检测、检验职责的机构"
    DEPARTMENT = "负有安全生产监督管理职责的部门"
    OFFICIAL = "负有安全生产监督管理职责的部门的工作人员"
    LOCAL_GOVERNMENT = "有关地方人民政府"


class Stage(StrEnum):
    """When a rule applies. OVERDUE covers 逾期未改正 / 拒不改正 / 拒不执行 (see Violation)."""

    BASE = "责令改正时"
    OVERDUE = "逾期未改正"
    ACCIDENT = "导致发生生产安全事故"
    SERIOUS = "情节严重"


class Measure(StrEnum):
    ORDER_RECTIFY_BY_DEADLINE = "责令限期改正"
    ORDER_RECTIFY = "责令改正"
    ORDER_ELIMINATE_HAZARD = "责令立即消除或者限期消除"
    ORDER_STOP_CONSTRUCTION_OR_SUSPEND = "责令停止建设或者停产停业整顿"
    SUSPEND_FOR_RECTIFICATION = "责令停产停业整顿"
    SUSPEND = "责令停产停业"
    AGENCY_SUSPENSION = "责令停业整顿"
    PROVIDE_FUNDS = "提供必需的资金"
    REFUND_FEES = "责令退还收取的费用"
    CONFISCATE_GAINS = "没收违法所得"
    REVOKE_CONSTRUCTION_QUALIFICATION = "吊销资质证书"
    REVOKE_AGENCY_QUALIFICATION = "吊销相应资质和资格"
    SUSPEND_OR_REVOKE_QUALIFICATION = "暂停或者吊销与安全生产有关的资格"
    REVOKE_LICENCES = "依法吊销有关证照"
    CLOSURE = "提请地方人民政府予以关闭"
    DAILY_CONTINUOUS_FINE = "按日连续处罚"
    CONTRACT_VOID = "协议无效"
    DEMOTION_OR_DISMISSAL = "降级或者撤职处分"
    DISMISSAL = "撤职处分"
    DISCIPLINARY_SANCTION = "依法给予处分"
    DETENTION = "十五日以下拘留（由公安机关决定）"
    BAN_5_YEARS = "五年内行业禁入"
    LIFETIME_BAN = "终身行业禁入"
    EMPLOYER_DISCIPLINE = "由生产经营单位批评教育、依照规章制度给予处分"
    OTHER_LAWS = "依照有关危险物品安全管理的法律、行政法规的规定予以处罚"
    PUBLIC_SECURITY_PENALTY = "治安管理处罚（由公安机关依法决定）"


@dataclass(frozen=True)
class Fixed:
    """A fine range in yuan; ``min_yuan`` is 0 where the statute only says "以下"."""

    min_yuan: int
    max_yuan: int

    def __post_init__(self) -> None:
        if not 0 <= self.min_yuan <= self.max_yuan:
            raise ValueError(f"bad range {self.min_yuan}–{self.max_yuan}")


@dataclass(frozen=True)
class GainsMultiple:
    """违法所得X元以上的，并处违法所得N倍以上M倍以下；否则单处或者并处 ``fallback``."""

    threshold_yuan: int
    min_multiple: int
    max_multiple: int
    fallback: Fixed


@dataclass(frozen=True)
class IncomeShare:
    """Percentages of 上一年年收入 (min == max for a fixed percentage)."""

    min_percent: Decimal
    max_percent: Decimal


@dataclass(frozen=True)
class ByGrade:
    """Amount depends on the accident grade; ``items`` maps the grade to the article item.

    ``multiplier`` is the 第一百一十四条第二款 factor (2–5 times) for 情节特别严重、影响特别恶劣.
    """

    table: Mapping[AccidentGrade, Fixed | IncomeShare]
    items: Mapping[AccidentGrade, int]
    paragraph: int | None = None
    multiplier: tuple[int, int] | None = None
    multiplier_paragraph: int | None = None


Amount = Fixed | GainsMultiple | IncomeShare | ByGrade


@dataclass(frozen=True)
class FineRule:
    party: Party
    stage: Stage
    amount: Amount


@dataclass(frozen=True)
class MeasureRule:
    measure: Measure
    stage: Stage = Stage.BASE
    party: Party = Party.ENTERPRISE
    detail: str = ""
    article: str = ""  # citation if it differs from the violation's own article


@dataclass(frozen=True)
class Violation:
    code: str
    article: int
    paragraph: int
    item: int | None
    summary: str
    fines: tuple[FineRule, ...] = ()
    measures: tuple[MeasureRule, ...] = ()
    criminal_referral: bool = False  # 构成犯罪的，依照刑法有关规定追究刑事责任
    overdue_label: str = "逾期未改正"
    notes: tuple[str, ...] = field(default_factory=tuple)
    law: str = SPL  # SPL or REGULATION (生产安全事故报告和调查处理条例)
    superseded_by: str = ""  # code of the 安全生产法 entry whose fine applies instead
    supersession: str = ""  # why, with the articles

    @property
    def citation(self) -> str:
        if self.law != SPL:
            return cite(self.law, self.article, None, self.item)
        paragraph = self.paragraph if self.article in MULTI_PARAGRAPH_ARTICLES else None
        return spl(self.article, paragraph, self.item)

    @property
    def parties_fined(self) -> tuple[Party, ...]:
        return tuple(dict.fromkeys(rule.party for rule in self.fines))

    def fines_at(self, stage: Stage) -> tuple[FineRule, ...]:
        return tuple(rule for rule in self.fines if rule.stage is stage)

    def measures_at(self, stage: Stage) -> tuple[MeasureRule, ...]:
        return tuple(rule for rule in self.measures if rule.stage is stage)

    def has_stage(self, stage: Stage) -> bool:
        return bool(self.fines_at(stage) or self.measures_at(stage))


# --------------------------------------------------------------------------- data helpers

E, P = Party.ENTERPRISE, Party.RESPONSIBLE_PERSONS
BASE, OVERDUE, ACCIDENT, SERIOUS = Stage.BASE, Stage.OVERDUE, Stage.ACCIDENT, Stage.SERIOUS
M = Measure

_GAINS_100K = GainsMultiple(100_000, 2, 5, Fixed(100_000, 200_000))


def _fine(party: Party, stage: Stage, low: int, high: int) -> FineRule:
    return FineRule(party, stage, Fixed(low, high))


def _pct(low: int, high: int | None = None) -> IncomeShare:
    return IncomeShare(Decimal(low), Decimal(high if high is not None else low))


def _items(article: int, texts: tuple[str, ...], **kwargs: object) -> list[Violation]:
    return [
        Violation(f"SPL-{article}-{n}", article, 1, n, text, **kwargs)  # type: ignore[arg-type]
        for n, text in enumerate(texts, start=1)
    ]


_GRADES = (
    AccidentGrade.GENERAL,
    AccidentGrade.LARGER,
    AccidentGrade.MAJOR,
    AccidentGrade.ESPECIALLY_MAJOR,
)
_GRADE_ITEMS = {grade: n for n, grade in enumerate(_GRADES, start=1)}

# 第九十七条 / 第一百零一条 share one penalty pattern.
_PATTERN_97 = {
    "fines": (
        _fine(E, BASE, 0, 100_000),
        _fine(E, OVERDUE, 100_000, 200_000),
        _fine(P, OVERDUE, 20_000, 50_000),
    ),
    "measures": (
        MeasureRule(M.ORDER_RECTIFY_BY_DEADLINE),
        MeasureRule(M.SUSPEND_FOR_RECTIFICATION, OVERDUE),
    ),
}

_BAN_92 = "五年内不得从事安全评价、认证、检测、检验等工作"
_BAN_PRINCIPAL = "五年内不得担任任何生产经营单位的主要负责人"
_LIFETIME_PRINCIPAL = "终身不得担任本行业生产经营单位的主要负责人"

_V: list[Violation] = []

# 第九十条: officials of supervising departments (处分 only).
_V += _items(
    90,
    (
        "对不符合法定安全生产条件的涉及安全生产的事项予以批准或者验收通过",
        "发现未依法取得批准、验收的单位擅自从事有关活动或者接到举报后不予取缔或者不依法予以处理",
        "对已经依法取得批准的单位不履行监督管理职责，发现其不再具备安全生产条件而不撤销原批准"
        "或者发现安全生产违法行为不予查处",
        "在监督检查中发现重大事故隐患，不依法及时处理",
    ),
    measures=(MeasureRule(M.DEMOTION_OR_DISMISSAL, party=Party.OFFICIAL),),
    criminal_referral=True,
)
_V.append(
    Violation(
        "SPL-90-P2",
        90,
        2,
        None,
        "监管部门工作人员有前款规定以外的滥用职权、玩忽职守、徇私舞弊行为",
        measures=(MeasureRule(M.DISCIPLINARY_SANCTION, party=Party.OFFICIAL),),
        criminal_referral=True,
    )
)
_V.append(
    Violation(
        "SPL-91",
        91,
        1,
        None,
        "监管部门要求被审查、验收的单位购买其指定的安全设备、器材或者其他产品，或者在审查、验收中收取费用",
        measures=(
            MeasureRule(M.ORDER_RECTIFY, party=Party.DEPARTMENT, detail="由其上级机关或者监察机关"),
            MeasureRule(M.REFUND_FEES, party=Party.DEPARTMENT),
            MeasureRule(M.DISCIPLINARY_SANCTION, SERIOUS, P),
        ),
    )
)
_V.append(
    Violation(
        "SPL-92-P1",
        92,
        1,
        None,
        "承担安全评价、认证、检测、检验职责的机构出具失实报告",
        fines=(_fine(Party.AGENCY, BASE, 30_000, 100_000),),
        measures=(MeasureRule(M.AGENCY_SUSPENSION, party=Party.AGENCY),),
        notes=("给他人造成损害的，依法承担赔偿责任",),
    )
)
_V.append(
    Violation(
        "SPL-92-P2",
        92,
        2,
        None,
        "承担安全评价、认证、检测、检验职责的机构租借资质、挂靠、出具虚假报告",
        fines=(FineRule(Party.AGENCY, BASE, _GAINS_100K), _fine(P, BASE, 50_000, 100_000)),
        measures=(
            MeasureRule(M.CONFISCATE_GAINS, party=Party.AGENCY),
            MeasureRule(
                M.REVOKE_AGENCY_QUALIFICATION,
                party=Party.AGENCY,
                detail="机构及其直接责任人员",
                article=spl(92, 3),
            ),
            MeasureRule(M.BAN_5_YEARS, party=Party.AGENCY, detail=_BAN_92, article=spl(92, 3)),
            MeasureRule(
                M.LIFETIME_BAN,
                SERIOUS,
                Party.AGENCY,
                "实行终身行业和职业禁入",
                spl(92, 3),
            ),
        ),
        criminal_referral=True,
        notes=("给他人造成损害的，与生产经营单位承担连带赔偿责任",),
    )
)
_V.append(
    Violation(
        "SPL-93-P1",
        93,
        1,
        None,
        "决策机构、主要负责人或者个人经营的投资人不依照本法规定保证安全生产所必需的资金投入，"
        "致使生产经营单位不具备安全生产条件",
        measures=(
            MeasureRule(M.ORDER_RECTIFY_BY_DEADLINE, party=Party.DECISION_BODY),
            MeasureRule(M.PROVIDE_FUNDS, party=Party.DECISION_BODY),
            MeasureRule(M.SUSPEND_FOR_RECTIFICATION, OVERDUE),
        ),
        notes=("本款未规定罚款",),
    )
)
_V.append(
    Violation(
        "SPL-93-P2",
        93,
        2,
        None,
        "未保证安全生产所必需的资金投入，导致发生生产安全事故",
        fines=(_fine(Party.SOLE_INVESTOR, BASE, 20_000, 200_000),),
        measures=(MeasureRule(M.DISMISSAL, party=Party.PRINCIPAL),),
        criminal_referral=True,
    )
)
_V.append(
    Violation(
        "SPL-94-P1",
        94,
        1,
        None,
        "主要负责人未履行本法规定的安全生产管理职责",
        fines=(
            _fine(Party.PRINCIPAL, BASE, 20_000, 50_000),
            _fine(Party.PRINCIPAL, OVERDUE, 50_000, 100_000),
        ),
        measures=(
            MeasureRule(M.ORDER_RECTIFY_BY_DEADLINE, party=Party.PRINCIPAL),
            MeasureRule(
                M.SUSPEND_FOR_RECTIFICATION, OVERDUE, detail="责令生产经营单位停产停业整顿"
            ),
        ),
        notes=("导致发生生产安全事故的，另见 SPL-94-P2（撤职）和 SPL-95（按上一年年收入罚款）",),
    )
)
_V.append(
    Violation(
        "SPL-94-P2",
        94,
        2,
        None,
        "主要负责人未履行安全生产管理职责，导致发生生产安全事故",
        measures=(
            MeasureRule(M.DISMISSAL, party=Party.PRINCIPAL),
            MeasureRule(
                M.BAN_5_YEARS,
                party=Party.PRINCIPAL,
                detail="受刑事处罚或者撤职处分的，自刑罚执行完毕或者受处分之日起，"
                + _BAN_PRINCIPAL,
                article=spl(94, 3),
            ),
            MeasureRule(
                M.LIFETIME_BAN,
                SERIOUS,
                Party.PRINCIPAL,
                "对重大、特别重大生产安全事故负有责任的，" + _LIFETIME_PRINCIPAL,
                spl(94, 3),
            ),
        ),
        criminal_referral=True,
        notes=("罚款另依第九十五条（SPL-95）",),
    )
)
_V.append(
    Violation(
        "SPL-95",
        95,
        1,
        None,
        "主要负责人未履行本法规定的安全生产管理职责，导致发生生产安全事故（由应急管理部门按事故等级罚款）",
        fines=(
            FineRule(
                Party.PRINCIPAL,
                ACCIDENT,
                ByGrade(
                    {
                        AccidentGrade.GENERAL: _pct(40),
                        AccidentGrade.LARGER: _pct(60),
                        AccidentGrade.MAJOR: _pct(80),
                        AccidentGrade.ESPECIALLY_MAJOR: _pct(100),
                    },
                    _GRADE_ITEMS,
                ),
            ),
        ),
    )
)
_V.append(
    Violation(
        "SPL-96",
        96,
        1,
        None,
        "其他负责人和安全生产管理人员未履行本法规定的安全生产管理职责",
        fines=(
            _fine(Party.OTHER_MANAGERS, BASE, 10_000, 30_000),
            FineRule(Party.OTHER_MANAGERS, ACCIDENT, _pct(20, 50)),
        ),
        measures=(
            MeasureRule(M.ORDER_RECTIFY_BY_DEADLINE, party=Party.OTHER_MANAGERS),
            MeasureRule(M.SUSPEND_OR_REVOKE_QUALIFICATION, ACCIDENT, Party.OTHER_MANAGERS),
        ),
        criminal_referral=True,
    )
)
_V += _items(
    97,
    (
        "未按照规定设置安全生产管理机构或者配备安全生产管理人员、注册安全工程师",
        "危险物品的生产、经营、储存、装卸单位以及矿山、金属冶炼、建筑施工、运输单位的主要负责人"
        "和安全生产管理人员未按照规定经考核合格",
        "未按照规定对从业人员、被派遣劳动者、实习学生进行安全生产教育和培训，或者未按照规定如实告知"
        "有关的安全生产事项",
        "未如实记录安全生产教育和培训情况",
        "未将事故隐患排查治理情况如实记录或者未向从业人员通报",
        "未按照规定制定生产安全事故应急救援预案或者未定期组织演练",
        "特种作业人员未按照规定经专门的安全作业培训并取得相应资格，上岗作业",
    ),
    **_PATTERN_97,
)
_BUILD = "矿山、金属冶炼建设项目或者用于生产、储存、装卸危险物品的建设项目"
_V += _items(
    98,
    (
        f"未按照规定对{_BUILD}进行安全评价",
        f"{_BUILD}没有安全设施设计或者安全设施设计未按照规定报经有关部门审查同意",
        f"{_BUILD}的施工单位未按照批准的安全设施设计施工",
        f"{_BUILD}竣工投入生产或者使用前，安全设施未经验收合格",
    ),
    fines=(
        _fine(E, BASE, 100_000, 500_000),
        _fine(P, BASE, 20_000, 50_000),
        _fine(E, OVERDUE, 500_000, 1_000_000),
        _fine(P, OVERDUE, 50_000, 100_000),
    ),
    measures=(
        MeasureRule(M.ORDER_STOP_CONSTRUCTION_OR_SUSPEND),
        MeasureRule(M.ORDER_RECTIFY_BY_DEADLINE),
    ),
    criminal_referral=True,
)
_V += _items(
    99,
    (
        "未在有较大危险因素的生产经营场所和有关设施、设备上设置明显的安全警示标志",
        "安全设备的安装、使用、检测、改造和报废不符合国家标准或者行业标准",
        "未对安全设备进行经常性维护、保养和定期检测",
        "关闭、破坏直接关系生产安全的监控、报警、防护、救生设备、设施，或者篡改、隐瞒、销毁其相关数据、信息",
        "未为从业人员提供符合国家标准或者行业标准的劳动防护用品",
        "危险物品的容器、运输工具，以及涉及人身安全、危险性较大的海洋石油开采特种设备和矿山井下特种设备"
        "未经具有专业资质的机构检测、检验合格，取得安全使用证或者安全标志，投入使用",
        "使用应当淘汰的危及生产安全的工艺、设备",
        "餐饮等行业的生产经营单位使用燃气未安装可燃气体报警装置",
    ),
    fines=(
        _fine(E, BASE, 0, 50_000),
        _fine(E, OVERDUE, 50_000, 200_000),
        _fine(P, OVERDUE, 10_000, 20_000),
    ),
    measures=(
        MeasureRule(M.ORDER_RECTIFY_BY_DEADLINE),
        MeasureRule(M.SUSPEND_FOR_RECTIFICATION, SERIOUS),
    ),
    criminal_referral=True,
)
_V.append(
    Violation(
        "SPL-100",
        100,
        1,
        None,
        "未经依法批准，擅自生产、经营、运输、储存、使用危险物品或者处置废弃危险物品",
        measures=(MeasureRule(M.OTHER_LAWS),),
        criminal_referral=True,
        notes=("罚款幅度见有关危险物品安全管理的法律、行政法规，本法未规定",),
    )
)
_V += _items(
    101,
    (
        "生产、经营、运输、储存、使用危险物品或者处置废弃危险物品，未建立专门安全管理制度、"
        "未采取可靠的安全措施",
        "对重大危险源未登记建档，未进行定期检测、评估、监控，未制定应急预案，或者未告知应急措施",
        "进行爆破、吊装、动火、临时用电以及国务院应急管理部门会同国务院有关部门规定的其他危险作业，"
        "未安排专门人员进行现场安全管理",
        "未建立安全风险分级管控制度或者未按照安全风险分级采取相应管控措施",
        "未建立事故隐患排查治理制度，或者重大事故隐患排查治理情况未按照规定报告",
    ),
    criminal_referral=True,
    **_PATTERN_97,
)
_V.append(
    Violation(
        "SPL-102",
        102,
        1,
        None,
        "未采取措施消除事故隐患",
        fines=(_fine(E, BASE, 0, 50_000), _fine(P, OVERDUE, 50_000, 100_000)),
        measures=(
            MeasureRule(M.ORDER_ELIMINATE_HAZARD),
            MeasureRule(M.SUSPEND_FOR_RECTIFICATION, OVERDUE),
        ),
        criminal_referral=True,
        overdue_label="拒不执行",
        notes=("拒不执行的，本条对生产经营单位未规定另处罚款（可依第一百一十二条按日连续处罚）",),
    )
)
_V.append(
    Violation(
        "SPL-103-P1",
        103,
        1,
        None,
        "将生产经营项目、场所、设备发包或者出租给不具备安全生产条件或者相应资质的单位或者个人",
        fines=(FineRule(E, BASE, _GAINS_100K), _fine(P, BASE, 10_000, 20_000)),
        measures=(MeasureRule(M.ORDER_RECTIFY_BY_DEADLINE), MeasureRule(M.CONFISCATE_GAINS)),
        notes=("导致发生生产安全事故给他人造成损害的，与承包方、承租方承担连带赔偿责任",),
    )
)
_V.append(
    Violation(
        "SPL-103-P2",
        103,
        2,
        None,
        "未与承包单位、承租单位签订专门的安全生产管理协议或者未在承包合同、租赁合同中明确各自的"
        "安全生产管理职责，或者未对承包单位、承租单位的安全生产统一协调、管理",
        fines=(_fine(E, BASE, 0, 50_000), _fine(P, BASE, 0, 10_000)),
        measures=(
            MeasureRule(M.ORDER_RECTIFY_BY_DEADLINE),
            MeasureRule(M.SUSPEND_FOR_RECTIFICATION, OVERDUE),
        ),
    )
)
_V.append(
    Violation(
        "SPL-103-P3",
        103,
        3,
        None,
        f"{_BUILD}的施工单位未按照规定对施工项目进行安全管理",
        fines=(_fine(E, BASE, 0, 100_000), _fine(P, BASE, 0, 20_000)),
        measures=(
            MeasureRule(M.ORDER_RECTIFY_BY_DEADLINE),
            MeasureRule(M.SUSPEND_FOR_RECTIFICATION, OVERDUE),
        ),
    )
)
_V.append(
    Violation(
        "SPL-103-P3-S2",
        103,
        3,
        None,
        f"{_BUILD}的施工单位倒卖、出租、出借、挂靠或者以其他形式非法转让施工资质",
        fines=(FineRule(E, BASE, _GAINS_100K), _fine(P, BASE, 50_000, 100_000)),
        measures=(
            MeasureRule(M.SUSPEND_FOR_RECTIFICATION),
            MeasureRule(M.REVOKE_CONSTRUCTION_QUALIFICATION),
            MeasureRule(M.CONFISCATE_GAINS),
        ),
        criminal_referral=True,
    )
)
_V.append(
    Violation(
        "SPL-104",
        104,
        1,
        None,
        "两个以上生产经营单位在同一作业区域内进行可能危及对方安全生产的生产经营活动，未签订安全生产"
        "管理协议或者未指定专职安全生产管理人员进行安全检查与协调",
        fines=(_fine(E, BASE, 0, 50_000), _fine(P, BASE, 0, 10_000)),
        measures=(MeasureRule(M.ORDER_RECTIFY_BY_DEADLINE), MeasureRule(M.SUSPEND, OVERDUE)),
    )
)
_V += _items(
    105,
    (
        "生产、经营、储存、使用危险物品的车间、商店、仓库与员工宿舍在同一座建筑内，或者与员工宿舍的距离"
        "不符合安全要求",
        "生产经营场所和员工宿舍未设有符合紧急疏散需要、标志明显、保持畅通的出口、疏散通道，或者占用、"
        "锁闭、封堵生产经营场所或者员工宿舍出口、疏散通道",
    ),
    fines=(_fine(E, BASE, 0, 50_000), _fine(P, BASE, 0, 10_000)),
    measures=(
        MeasureRule(M.ORDER_RECTIFY_BY_DEADLINE),
        MeasureRule(M.SUSPEND_FOR_RECTIFICATION, OVERDUE),
    ),
    criminal_referral=True,
)
_V.append(
    Violation(
        "SPL-106",
        106,
        1,
        None,
        "与从业人员订立协议，免除或者减轻其对从业人员因生产安全事故伤亡依法应承担的责任",
        fines=(
            _fine(Party.PRINCIPAL, BASE, 20_000, 100_000),
            _fine(Party.SOLE_INVESTOR, BASE, 20_000, 100_000),
        ),
        measures=(MeasureRule(M.CONTRACT_VOID),),
    )
)
_V.append(
    Violation(
        "SPL-107",
        107,
        1,
        None,
        "从业人员不落实岗位安全责任，不服从管理，违反安全生产规章制度或者操作规程",
        measures=(MeasureRule(M.EMPLOYER_DISCIPLINE, party=Party.EMPLOYEE),),
        criminal_referral=True,
        notes=("本条不设行政罚款，由生产经营单位处理",),
    )
)
_V.append(
    Violation(
        "SPL-108",
        108,
        1,
        None,
        "拒绝、阻碍负有安全生产监督管理职责的部门依法实施监督检查",
        fines=(_fine(E, OVERDUE, 20_000, 200_000), _fine(P, OVERDUE, 10_000, 20_000)),
        measures=(MeasureRule(M.ORDER_RECTIFY),),
        criminal_referral=True,
        overdue_label="拒不改正",
        notes=("责令改正后拒不改正的，方处罚款",),
    )
)
_V.append(
    Violation(
        "SPL-109",
        109,
        1,
        None,
        "高危行业、领域的生产经营单位未按照国家规定投保安全生产责任保险",
        fines=(_fine(E, BASE, 50_000, 100_000), _fine(E, OVERDUE, 100_000, 200_000)),
        measures=(MeasureRule(M.ORDER_RECTIFY_BY_DEADLINE),),
    )
)
_MEASURES_110 = (
    MeasureRule(M.DEMOTION_OR_DISMISSAL, party=Party.PRINCIPAL, detail="降级、撤职的处分"),
    MeasureRule(M.DETENTION, party=Party.PRINCIPAL, detail="对逃匿的处十五日以下拘留"),
)
_V.append(
    Violation(
        "SPL-110-P1",
        110,
        1,
        None,
        "主要负责人在本单位发生生产安全事故时，不立即组织抢救或者在事故调查处理期间擅离职守或者逃匿",
        fines=(FineRule(Party.PRINCIPAL, BASE, _pct(60, 100)),),
        measures=_MEASURES_110,
        criminal_referral=True,
    )
)
_V.append(
    Violation(
        "SPL-110-P2",
        110,
        2,
        None,
        "主要负责人对生产安全事故隐瞒不报、谎报或者迟报（依照前款规定处罚）",
        fines=(FineRule(Party.PRINCIPAL, BASE, _pct(60, 100)),),
        measures=_MEASURES_110,
        criminal_referral=True,
    )
)
_V.append(
    Violation(
        "SPL-111",
        111,
        1,
        None,
        "有关地方人民政府、负有安全生产监督管理职责的部门对生产安全事故隐瞒不报、谎报或者迟报",
        measures=(MeasureRule(M.DISCIPLINARY_SANCTION, party=P),),
        criminal_referral=True,
    )
)
_V.append(
    Violation(
        "SPL-112",
        112,
        1,
        None,
        "被责令改正且受到罚款处罚，拒不改正（自作出责令改正之日的次日起按原处罚数额按日连续处罚）",
        measures=(MeasureRule(M.DAILY_CONTINUOUS_FINE),),
        notes=("金额用 daily_continuous_fine() 计算",),
    )
)
_CLOSURE_MEASURES = (
    MeasureRule(M.CLOSURE),
    MeasureRule(M.REVOKE_LICENCES),
    MeasureRule(M.BAN_5_YEARS, party=Party.PRINCIPAL, detail=_BAN_PRINCIPAL),
    MeasureRule(M.LIFETIME_BAN, SERIOUS, Party.PRINCIPAL, "情节严重的，" + _LIFETIME_PRINCIPAL),
)
_V += _items(
    113,
    (
        "存在重大事故隐患，一百八十日内三次或者一年内四次受到本法规定的行政处罚",
        "经停产停业整顿，仍不具备法律、行政法规和国家标准或者行业标准规定的安全生产条件",
        "不具备法律、行政法规和国家标准或者行业标准规定的安全生产条件，导致发生重大、特别重大生产安全事故",
        "拒不执行负有安全生产监督管理职责的部门作出的停产停业整顿决定",
    ),
    measures=_CLOSURE_MEASURES,
    notes=("是否触发用 closure_check() 判断；关闭由县级以上人民政府决定（第一百一十五条）",),
)
_V.append(
    Violation(
        "SPL-114",
        114,
        1,
        None,
        "发生生产安全事故，对负有责任的生产经营单位按事故等级罚款（应急管理部门）",
        fines=(
            FineRule(
                E,
                ACCIDENT,
                ByGrade(
                    {
                        AccidentGrade.GENERAL: Fixed(300_000, 1_000_000),
                        AccidentGrade.LARGER: Fixed(1_000_000, 2_000_000),
                        AccidentGrade.MAJOR: Fixed(2_000_000, 10_000_000),
                        AccidentGrade.ESPECIALLY_MAJOR: Fixed(10_000_000, 20_000_000),
                    },
                    _GRADE_ITEMS,
                    paragraph=1,
                    multiplier=(2, 5),
                    multiplier_paragraph=2,
                ),
            ),
        ),
        notes=("另须依法承担相应的赔偿等责任",),
    )
)

# --------------------------------------------------------------------------- 条例 (2007)
#
# 生产安全事故报告和调查处理条例 第五章 against 安全生产法 (2021). 条例第四十三条第二款: "法律、行政法规
# 对行政处罚的种类、幅度和决定机关另有规定的，依照其规定"; 行政处罚法第二十九条: the same act is fined
# once, "按照罚款数额高的规定处罚". So:
#
# * 条例第三十七条 (事故发生单位 by grade: 10–20万, 20–50万, 50–200万, 200–500万) is superseded by
#   安全生产法第一百一十四条 (30–100万, 100–200万, 200–1000万, 1000–2000万; SPL-114): not encoded.
# * 条例第三十八条 (主要负责人 by grade: 上一年年收入30%/40%/60%/80%) is superseded by 安全生产法第九十五条
#   (40%/60%/80%/100%; SPL-95): not encoded.
# * 条例第三十五条第一项 (不立即组织事故抢救), 第三项 (在事故调查处理期间擅离职守) and 第二项 as to 迟报:
#   安全生产法第一百一十条第一款、第二款 fine the same acts of the 主要负责人 上一年年收入60%至100%
#   (SPL-110-P1, SPL-110-P2) instead of 40%至80%: encoded with ``superseded_by``. 漏报 (第二项) is not
#   among the acts of 第一百一十条 ("隐瞒不报、谎报或者迟报"), so 40%至80% still applies to it (RIR-35-2).
# * 条例第三十六条 stays: the law has no fine on the 事故发生单位 for these acts (100万–500万), nor on the
#   other responsible persons. For the 主要负责人, 第一项 (谎报或者瞒报) and 第六项 (逃匿) are also
#   安全生产法第一百一十条 acts with the same 60%至100% (and 处分, 拘留 for 逃匿 under the law).
# * 条例第三十九条 (governments and departments: 处分) overlaps 安全生产法第一百一十一条 and 条例第四十条
#   (证照, 执业资格, five-year ban) overlaps 安全生产法第九十四条第三款; neither sets a fine: not encoded.

_R = REGULATION
_OFFICIAL_SANCTION = "属于国家工作人员的，并依法给予处分"


def _superseded(code: str, law_text: str) -> str:
    return (
        f"安全生产法对同一行为另有规定（{law_text}）：同一个违法行为违反多个法律规范应当给予罚款处罚的，"
        f"按照罚款数额高的规定处罚（{cite(APL, 29)}）；法律对行政处罚的幅度另有规定的，依照其规定"
        f"（{cite(REGULATION, 43, 2)}）。适用 {code}"
    )


_MEASURES_35 = (
    MeasureRule(M.DISCIPLINARY_SANCTION, party=Party.PRINCIPAL, detail=_OFFICIAL_SANCTION),
)
_ITEMS_35 = {
    "RIR-35-1": (1, "事故发生单位主要负责人不立即组织事故抢救", "SPL-110-P1"),
    "RIR-35-2-LATE": (2, "事故发生单位主要负责人迟报事故", "SPL-110-P2"),
    "RIR-35-2": (2, "事故发生单位主要负责人漏报事故（迟报的见 RIR-35-2-LATE）", ""),
    "RIR-35-3": (3, "事故发生单位主要负责人在事故调查处理期间擅离职守", "SPL-110-P1"),
}
_LAW_110 = {
    "SPL-110-P1": "安全生产法第一百一十条第一款：上一年年收入百分之六十至百分之一百",
    "SPL-110-P2": "安全生产法第一百一十条第二款：依照第一款处罚",
}
for _code, (_item, _summary, _by) in _ITEMS_35.items():
    _V.append(
        Violation(
            _code,
            35,
            1,
            _item,
            _summary,
            fines=(FineRule(Party.PRINCIPAL, BASE, _pct(40, 80)),),
            measures=_MEASURES_35,
            criminal_referral=True,
            law=_R,
            superseded_by=_by,
            supersession=_superseded(_by, _LAW_110[_by]) if _by else "",
        )
    )

_ITEMS_36 = (
    "谎报或者瞒报事故",
    "伪造或者故意破坏事故现场",
    "转移、隐匿资金、财产，或者销毁有关证据、资料",
    "拒绝接受调查或者拒绝提供有关情况和资料",
    "在事故调查中作伪证或者指使他人作伪证",
    "事故发生后逃匿",
)
_NOTE_36_PRINCIPAL = (
    "主要负责人谎报、瞒报或者逃匿的，同时属于安全生产法第一百一十条规定的行为（罚款幅度同为上一年年收入"
    "百分之六十至百分之一百，另给予降级、撤职的处分，逃匿的处十五日以下拘留）；同一行为只罚款一次"
    "（行政处罚法第二十九条）"
)
for _item, _summary in enumerate(_ITEMS_36, start=1):
    _V.append(
        Violation(
            f"RIR-36-{_item}",
            36,
            1,
            _item,
            f"事故发生单位及其有关人员{_summary}",
            fines=(
                _fine(E, BASE, 1_000_000, 5_000_000),
                FineRule(Party.PRINCIPAL, BASE, _pct(60, 100)),
                FineRule(P, BASE, _pct(60, 100)),
            ),
            measures=(
                MeasureRule(M.DISCIPLINARY_SANCTION, party=P, detail=_OFFICIAL_SANCTION),
                MeasureRule(M.PUBLIC_SECURITY_PENALTY, party=P, detail="构成违反治安管理行为的"),
            ),
            criminal_referral=True,
            law=_R,
            notes=(_NOTE_36_PRINCIPAL,) if _item in (1, 6) else (),
        )
    )

VIOLATIONS: dict[str, Violation] = {v.code: v for v in _V}
if len(VIOLATIONS) != len(_V):  # pragma: no cover - guards the data above
    raise RuntimeError("duplicate violation code")
for _violation in _V:  # pragma: no cover - guards the data above
    if _violation.superseded_by and _violation.superseded_by not in VIOLATIONS:
        raise RuntimeError(f"{_violation.code}: unknown superseded_by")
del _V, _R


def get_violation(code: str) -> Violation:
    try:
        return VIOLATIONS[code]
    except KeyError:
        raise KeyError(f"unknown violation code {code!r}; see VIOLATIONS") from None
