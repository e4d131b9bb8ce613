"""The provision a party VIOLATED, as distinct from the article that PENALISES it.

A 行政处罚决定书 states both (违反了《中华人民共和国安全生产法》第二十八条第一款的规定，依据
《中华人民共和国安全生产法》第九十七条第三项的规定，决定……): ``VIOLATIONS`` holds the penalty
articles (第九十条–第一百一十四条 and 条例 第三十五、三十六条); this table maps each of their
codes to the duty article(s) of 安全生产法 (2021) — or of the 条例 — that the act breaches.

Source: the statute texts in ``anjian/sources/law/`` (安全生产法(2021-06-10).md,
生产安全事故报告和调查处理条例(2007-04-09).md). Each reference carries a phrase of the cited
paragraph (``phrase``) that ``law/tests/test_obligations.py`` finds in the statute text, so a
wrong article or paragraph number fails the suite.

A reference with ``when`` applies only to that alternative of a penalty item that names several
acts (第九十七条第三项: 未进行教育和培训 → 第二十八条; 未如实告知 → 第四十四条第一款); the default
citation (``violated``) lists the references without ``when``.

Codes without an entry (the officials' and departments' articles, 第一百一十二条 按日连续处罚,
第一百一十三条 关闭, 第一百一十四条 事故罚款) have no single duty article: the decision then
states the facts and the penalty article only.
"""

from __future__ import annotations

from dataclasses import dataclass

from ._cn import REGULATION, SPL, cite


@dataclass(frozen=True)
class Ref:
    article: int
    paragraph: int | None = None
    item: int | None = None
    phrase: str = ""  # words of the cited paragraph (checked against the statute text)
    when: str = ""  # the alternative act this reference is for ("" = always)
    law: str = SPL

    @property
    def citation(self) -> str:
        return cite(self.law, self.article, self.paragraph, self.item)


def _r(article, paragraph=None, item=None, phrase="", when="", law=SPL) -> Ref:
    return Ref(article, paragraph, item, phrase, when, law)


OBLIGATIONS: dict[str, tuple[Ref, ...]] = {
    "SPL-92-P1": (
        _r(72, 1, phrase="对其作出的安全评价、认证、检测、检验结果的合法性、真实性负责"),
    ),
    "SPL-92-P2": (_r(72, 2, phrase="不得租借资质、挂靠、出具虚假报告"),),
    "SPL-93-P1": (
        _r(23, 1, phrase="由生产经营单位的决策机构、主要负责人或者个人经营的投资人予以保证"),
    ),
    "SPL-93-P2": (
        _r(23, 1, phrase="由生产经营单位的决策机构、主要负责人或者个人经营的投资人予以保证"),
    ),
    "SPL-94-P1": (_r(21, phrase="生产经营单位的主要负责人对本单位安全生产工作负有下列职责"),),
    "SPL-94-P2": (_r(21, phrase="生产经营单位的主要负责人对本单位安全生产工作负有下列职责"),),
    "SPL-95": (_r(21, phrase="生产经营单位的主要负责人对本单位安全生产工作负有下列职责"),),
    "SPL-96": (_r(25, 1, phrase="安全生产管理机构以及安全生产管理人员履行下列职责"),),
    "SPL-97-1": (
        _r(24, phrase="应当设置安全生产管理机构或者配备专职安全生产管理人员"),
        _r(27, 3, phrase="应当有注册安全工程师从事安全生产管理工作", when="未配备注册安全工程师"),
    ),
    "SPL-97-2": (_r(27, 2, phrase="对其安全生产知识和管理能力考核合格"),),
    "SPL-97-3": (
        _r(28, 1, phrase="生产经营单位应当对从业人员进行安全生产教育和培训"),
        _r(
            28,
            2,
            phrase="对被派遣劳动者进行岗位安全操作规程",
            when="未对被派遣劳动者进行教育和培训",
        ),
        _r(
            28,
            3,
            phrase="应当对实习学生进行相应的安全生产教育和培训",
            when="未对实习学生进行教育和培训",
        ),
        _r(
            44,
            1,
            phrase="如实告知作业场所和工作岗位存在的危险因素",
            when="未如实告知有关的安全生产事项",
        ),
    ),
    "SPL-97-4": (_r(28, 4, phrase="如实记录安全生产教育和培训的时间、内容、参加人员以及考核结果"),),
    "SPL-97-5": (_r(41, 2, phrase="事故隐患排查治理情况应当如实记录"),),
    "SPL-97-6": (_r(81, phrase="应当制定本单位生产安全事故应急救援预案"),),
    "SPL-97-7": (_r(30, 1, phrase="必须按照国家有关规定经专门的安全作业培训，取得相应资格"),),
    "SPL-98-1": (_r(32, phrase="应当按照国家有关规定进行安全评价"),),
    "SPL-98-2": (_r(33, 2, phrase="安全设施设计应当按照国家有关规定报经有关部门审查"),),
    "SPL-98-3": (_r(34, 1, phrase="必须按照批准的安全设施设计施工"),),
    "SPL-98-4": (_r(34, 2, phrase="验收合格后，方可投入生产和使用"),),
    "SPL-99-1": (_r(35, phrase="设置明显的安全警示标志"),),
    "SPL-99-2": (_r(36, 1, phrase="应当符合国家标准或者行业标准"),),
    "SPL-99-3": (_r(36, 2, phrase="必须对安全设备进行经常性维护、保养，并定期检测"),),
    "SPL-99-4": (
        _r(36, 3, phrase="不得关闭、破坏直接关系生产安全的监控、报警、防护、救生设备、设施"),
    ),
    "SPL-99-5": (_r(45, phrase="必须为从业人员提供符合国家标准或者行业标准的劳动防护用品"),),
    "SPL-99-6": (_r(37, phrase="取得安全使用证或者安全标志，方可投入使用"),),
    "SPL-99-7": (_r(38, 3, phrase="生产经营单位不得使用应当淘汰的危及生产安全的工艺、设备"),),
    "SPL-99-8": (_r(36, 4, phrase="应当安装可燃气体报警装置"),),
    "SPL-100": (
        _r(39, 1, phrase="由有关主管部门依照有关法律、法规的规定和国家标准或者行业标准审批"),
    ),
    "SPL-101-1": (_r(39, 2, phrase="建立专门的安全管理制度，采取可靠的安全措施"),),
    "SPL-101-2": (_r(40, 1, phrase="对重大危险源应当登记建档"),),
    "SPL-101-3": (_r(43, phrase="应当安排专门人员进行现场安全管理"),),
    "SPL-101-4": (_r(41, 1, phrase="应当建立安全风险分级管控制度"),),
    "SPL-101-5": (_r(41, 2, phrase="建立健全并落实生产安全事故隐患排查治理制度"),),
    "SPL-102": (_r(41, 2, phrase="采取技术、管理措施，及时发现并消除事故隐患"),),
    "SPL-103-P1": (
        _r(49, 1, phrase="不得将生产经营项目、场所、设备发包或者出租给不具备安全生产条件"),
    ),
    "SPL-103-P2": (_r(49, 2, phrase="应当与承包单位、承租单位签订专门的安全生产管理协议"),),
    "SPL-103-P3": (_r(49, 3, phrase="应当加强对施工项目的安全管理"),),
    "SPL-103-P3-S2": (
        _r(49, 3, phrase="不得倒卖、出租、出借、挂靠或者以其他形式非法转让施工资质"),
    ),
    "SPL-104": (_r(48, phrase="应当签订安全生产管理协议"),),
    "SPL-105-1": (_r(42, 1, phrase="不得与员工宿舍在同一座建筑物内"),),
    "SPL-105-2": (
        _r(42, 2, phrase="禁止占用、锁闭、封堵生产经营场所或者员工宿舍的出口、疏散通道"),
    ),
    "SPL-106": (
        _r(
            52,
            2,
            phrase="不得以任何形式与从业人员订立协议，免除或者减轻其对从业人员因生产安全事故伤亡",
        ),
    ),
    "SPL-107": (_r(57, phrase="应当严格落实岗位安全责任，遵守本单位的安全生产规章制度和操作规程"),),
    "SPL-108": (_r(66, phrase="应当予以配合，不得拒绝、阻挠"),),
    "SPL-109": (_r(51, 2, phrase="应当投保安全生产责任保险"),),
    "SPL-110-P1": (_r(83, 2, phrase="应当迅速采取有效措施，组织抢救"),),
    "SPL-110-P2": (_r(83, 2, phrase="不得隐瞒不报、谎报或者迟报"),),
    "RIR-35-1": (_r(14, phrase="立即启动事故相应应急预案", law=REGULATION),),
    "RIR-35-2-LATE": (_r(9, 1, phrase="单位负责人接到报告后，应当于1小时内", law=REGULATION),),
    "RIR-35-2": (_r(9, 1, phrase="单位负责人接到报告后，应当于1小时内", law=REGULATION),),
    "RIR-35-3": (
        _r(
            26, 2, phrase="事故发生单位的负责人和有关人员在事故调查期间不得擅离职守", law=REGULATION
        ),
    ),
    "RIR-36-1": (_r(4, 1, phrase="事故报告应当及时、准确、完整", law=REGULATION),),
    "RIR-36-2": (_r(16, 1, phrase="任何单位和个人不得破坏事故现场、毁灭相关证据", law=REGULATION),),
    "RIR-36-3": (_r(16, 1, phrase="任何单位和个人不得破坏事故现场、毁灭相关证据", law=REGULATION),),
    "RIR-36-4": (_r(26, 1, phrase="有关单位和个人不得拒绝", law=REGULATION),),
    "RIR-36-5": (_r(26, 2, phrase="如实提供有关情况", law=REGULATION),),
    "RIR-36-6": (_r(26, 2, phrase="不得擅离职守", law=REGULATION),),
}


def violated(code: str, *, alternatives: bool = False) -> tuple[Ref, ...]:
    """The duty provisions the act of ``code`` breaches (without the alternative-only ones
    unless ``alternatives``); empty where the penalty article stands alone."""
    refs = OBLIGATIONS.get(code, ())
    return refs if alternatives else tuple(r for r in refs if not r.when)


def violated_citation(code: str) -> str:
    """The violated provisions as one citation: 安全生产法第二十八条第一款 (several joined by 、,
    the law named once)."""
    refs = violated(code)
    if not refs:
        return ""
    out, law = [], None
    for r in refs:
        text = r.citation
        if r.law == law:
            text = text.removeprefix(r.law)
        out.append(text)
        law = r.law
    return "、".join(out)
