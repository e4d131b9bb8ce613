"""Chinese values that enforcement pages show translated: the models' choice labels (kept in
Chinese in the models for exports, documents and stored records), the law engine's tiers,
parties and violation summaries, and article citations. Listed here so that `makemessages`
collects them (see `core.i18n`). A case's stage is shown with the context "case stage"
(立案, 告知, 结案 mean other things on other pages)."""

import re

from django.utils.translation import get_language, gettext_noop, pgettext, pgettext_lazy
from django.utils.translation import gettext as _

DISPLAY_VALUES = [
    # the document kinds that enforcement.casedocs registers (documents.register)
    gettext_noop("听证会通知书"),
    gettext_noop("听证笔录"),
    gettext_noop("听证会报告书"),
    gettext_noop("案件处理呈批表"),
    gettext_noop("涉嫌犯罪案件移送书"),
    # Case.PROCEDURES
    gettext_noop("普通程序"),
    gettext_noop("简易程序"),
    # Case.STAGES
    gettext_noop("立案审批中"),
    gettext_noop("不予立案"),
    gettext_noop("立案"),
    gettext_noop("调查取证"),
    gettext_noop("告知"),
    gettext_noop("决定"),
    gettext_noop("送达"),
    gettext_noop("执行/缴款"),
    gettext_noop("结案"),
    # Case.STAGES as shown on enforcement's pages (short words other pages use otherwise)
    pgettext_lazy("case stage", "立案审批中"),
    pgettext_lazy("case stage", "不予立案"),
    pgettext_lazy("case stage", "立案"),
    pgettext_lazy("case stage", "调查取证"),
    pgettext_lazy("case stage", "告知"),
    pgettext_lazy("case stage", "决定"),
    pgettext_lazy("case stage", "送达"),
    pgettext_lazy("case stage", "执行/缴款"),
    pgettext_lazy("case stage", "结案"),
    # Case.decision_status
    gettext_noop("待审批"),
    gettext_noop("已批准"),
    gettext_noop("退回"),
    # CaseParty.KINDS
    gettext_noop("生产经营单位"),
    gettext_noop("个人"),
    # Sanction.KINDS
    gettext_noop("责令停产停业整顿"),
    gettext_noop("提请关闭"),
    gettext_noop("吊销许可证"),
    gettext_noop("行业禁入"),
    gettext_noop("严重失信主体名单"),
    gettext_noop("移送司法"),
    # Sanction.STATUS
    gettext_noop("已决定"),
    gettext_noop("不予采纳"),
    # Transfer.KINDS
    gettext_noop("一般移交"),
    gettext_noop("涉及行刑衔接"),
    # Transfer.STATUS
    gettext_noop("已移交"),
    gettext_noop("已接收"),
    gettext_noop("已反馈结果"),
    # TransferItem.DISPOSALS
    gettext_noop("现场立即整改"),
    gettext_noop("责令限期整改"),
    gettext_noop("现场紧急处置"),
    gettext_noop("暂时停产停业"),
    gettext_noop("移交其他部门"),
    gettext_noop("简易处罚"),
    gettext_noop("立案处罚"),
    gettext_noop("其他处置措施"),
    # Document.KINDS
    gettext_noop("现场检查记录"),
    gettext_noop("现场处理措施决定书"),
    gettext_noop("责令限期整改指令书"),
    gettext_noop("整改复查意见书"),
    gettext_noop("立案审批表"),
    gettext_noop("行政处罚告知书"),
    gettext_noop("听证告知书"),
    gettext_noop("行政处罚决定书"),
    gettext_noop("结案审批表"),
    gettext_noop("移交表"),
    # forms.SERVICE_METHODS (送达方式, stored in Chinese)
    gettext_noop("直接送达"),
    gettext_noop("留置送达"),
    gettext_noop("邮寄送达"),
    gettext_noop("电子送达"),
    gettext_noop("公告送达"),
    # law.Tier (裁量档次, stored in CaseParty.tier)
    gettext_noop("不予处罚"),
    gettext_noop("从轻"),
    gettext_noop("一般"),
    gettext_noop("从重"),
    # law.Party (法定处罚对象)
    gettext_noop("生产经营单位"),
    gettext_noop("直接负责的主管人员和其他直接责任人员"),
    gettext_noop("主要负责人"),
    gettext_noop("个人经营的投资人"),
    gettext_noop("决策机构"),
    gettext_noop("其他负责人和安全生产管理人员"),
    gettext_noop("从业人员"),
    gettext_noop("承担安全评价、认证、检测、检验职责的机构"),
    gettext_noop("负有安全生产监督管理职责的部门"),
    gettext_noop("负有安全生产监督管理职责的部门的工作人员"),
    gettext_noop("有关地方人民政府"),
]

# The summaries of the violations a case may rest on (law.VIOLATIONS with fines), shown in
# the case form's choice list; tests check that the list follows the law package.
VIOLATION_SUMMARIES = [
    gettext_noop("承担安全评价、认证、检测、检验职责的机构出具失实报告"),  # SPL-92-P1
    gettext_noop(
        "承担安全评价、认证、检测、检验职责的机构租借资质、挂靠、出具虚假报告"
    ),  # SPL-92-P2
    gettext_noop("未保证安全生产所必需的资金投入，导致发生生产安全事故"),  # SPL-93-P2
    gettext_noop("主要负责人未履行本法规定的安全生产管理职责"),  # SPL-94-P1
    gettext_noop(
        "主要负责人未履行本法规定的安全生产管理职责，导致发生生产安全事故（由应急管理部门按事故等级罚款）"
    ),  # SPL-95
    gettext_noop("其他负责人和安全生产管理人员未履行本法规定的安全生产管理职责"),  # SPL-96
    gettext_noop(
        "未按照规定设置安全生产管理机构或者配备安全生产管理人员、注册安全工程师"
    ),  # SPL-97-1
    gettext_noop(
        "危险物品的生产、经营、储存、装卸单位以及矿山、金属冶炼、建筑施工、运输单位的主要负责人和安全生产管理人员未按照规定经考核合格"
    ),  # SPL-97-2
    gettext_noop(
        "未按照规定对从业人员、被派遣劳动者、实习学生进行安全生产教育和培训，或者未按照规定如实告知有关的安全生产事项"
    ),  # SPL-97-3
    gettext_noop("未如实记录安全生产教育和培训情况"),  # SPL-97-4
    gettext_noop("未将事故隐患排查治理情况如实记录或者未向从业人员通报"),  # SPL-97-5
    gettext_noop("未按照规定制定生产安全事故应急救援预案或者未定期组织演练"),  # SPL-97-6
    gettext_noop("特种作业人员未按照规定经专门的安全作业培训并取得相应资格，上岗作业"),  # SPL-97-7
    gettext_noop(
        "未按照规定对矿山、金属冶炼建设项目或者用于生产、储存、装卸危险物品的建设项目进行安全评价"
    ),  # SPL-98-1
    gettext_noop(
        "矿山、金属冶炼建设项目或者用于生产、储存、装卸危险物品的建设项目没有安全设施设计或者安全设施设计未按照规定报经有关部门审查同意"
    ),  # SPL-98-2
    gettext_noop(
        "矿山、金属冶炼建设项目或者用于生产、储存、装卸危险物品的建设项目的施工单位未按照批准的安全设施设计施工"
    ),  # SPL-98-3
    gettext_noop(
        "矿山、金属冶炼建设项目或者用于生产、储存、装卸危险物品的建设项目竣工投入生产或者使用前，安全设施未经验收合格"
    ),  # SPL-98-4
    gettext_noop(
        "未在有较大危险因素的生产经营场所和有关设施、设备上设置明显的安全警示标志"
    ),  # SPL-99-1
    gettext_noop("安全设备的安装、使用、检测、改造和报废不符合国家标准或者行业标准"),  # SPL-99-2
    gettext_noop("未对安全设备进行经常性维护、保养和定期检测"),  # SPL-99-3
    gettext_noop(
        "关闭、破坏直接关系生产安全的监控、报警、防护、救生设备、设施，或者篡改、隐瞒、销毁其相关数据、信息"
    ),  # SPL-99-4
    gettext_noop("未为从业人员提供符合国家标准或者行业标准的劳动防护用品"),  # SPL-99-5
    gettext_noop(
        "危险物品的容器、运输工具，以及涉及人身安全、危险性较大的海洋石油开采特种设备和矿山井下特种设备未经具有专业资质的机构检测、检验合格，取得安全使用证或者安全标志，投入使用"
    ),  # SPL-99-6
    gettext_noop("使用应当淘汰的危及生产安全的工艺、设备"),  # SPL-99-7
    gettext_noop("餐饮等行业的生产经营单位使用燃气未安装可燃气体报警装置"),  # SPL-99-8
    gettext_noop(
        "生产、经营、运输、储存、使用危险物品或者处置废弃危险物品，未建立专门安全管理制度、未采取可靠的安全措施"
    ),  # SPL-101-1
    gettext_noop(
        "对重大危险源未登记建档，未进行定期检测、评估、监控，未制定应急预案，或者未告知应急措施"
    ),  # SPL-101-2
    gettext_noop(
        "进行爆破、吊装、动火、临时用电以及国务院应急管理部门会同国务院有关部门规定的其他危险作业，未安排专门人员进行现场安全管理"
    ),  # SPL-101-3
    gettext_noop("未建立安全风险分级管控制度或者未按照安全风险分级采取相应管控措施"),  # SPL-101-4
    gettext_noop(
        "未建立事故隐患排查治理制度，或者重大事故隐患排查治理情况未按照规定报告"
    ),  # SPL-101-5
    gettext_noop("未采取措施消除事故隐患"),  # SPL-102
    gettext_noop(
        "将生产经营项目、场所、设备发包或者出租给不具备安全生产条件或者相应资质的单位或者个人"
    ),  # SPL-103-P1
    gettext_noop(
        "未与承包单位、承租单位签订专门的安全生产管理协议或者未在承包合同、租赁合同中明确各自的安全生产管理职责，或者未对承包单位、承租单位的安全生产统一协调、管理"
    ),  # SPL-103-P2
    gettext_noop(
        "矿山、金属冶炼建设项目或者用于生产、储存、装卸危险物品的建设项目的施工单位未按照规定对施工项目进行安全管理"
    ),  # SPL-103-P3
    gettext_noop(
        "矿山、金属冶炼建设项目或者用于生产、储存、装卸危险物品的建设项目的施工单位倒卖、出租、出借、挂靠或者以其他形式非法转让施工资质"
    ),  # SPL-103-P3-S2
    gettext_noop(
        "两个以上生产经营单位在同一作业区域内进行可能危及对方安全生产的生产经营活动，未签订安全生产管理协议或者未指定专职安全生产管理人员进行安全检查与协调"
    ),  # SPL-104
    gettext_noop(
        "生产、经营、储存、使用危险物品的车间、商店、仓库与员工宿舍在同一座建筑内，或者与员工宿舍的距离不符合安全要求"
    ),  # SPL-105-1
    gettext_noop(
        "生产经营场所和员工宿舍未设有符合紧急疏散需要、标志明显、保持畅通的出口、疏散通道，或者占用、锁闭、封堵生产经营场所或者员工宿舍出口、疏散通道"
    ),  # SPL-105-2
    gettext_noop(
        "与从业人员订立协议，免除或者减轻其对从业人员因生产安全事故伤亡依法应承担的责任"
    ),  # SPL-106
    gettext_noop("拒绝、阻碍负有安全生产监督管理职责的部门依法实施监督检查"),  # SPL-108
    gettext_noop("高危行业、领域的生产经营单位未按照国家规定投保安全生产责任保险"),  # SPL-109
    gettext_noop(
        "主要负责人在本单位发生生产安全事故时，不立即组织抢救或者在事故调查处理期间擅离职守或者逃匿"
    ),  # SPL-110-P1
    gettext_noop(
        "主要负责人对生产安全事故隐瞒不报、谎报或者迟报（依照前款规定处罚）"
    ),  # SPL-110-P2
    gettext_noop(
        "发生生产安全事故，对负有责任的生产经营单位按事故等级罚款（应急管理部门）"
    ),  # SPL-114
    gettext_noop("事故发生单位主要负责人不立即组织事故抢救"),  # RIR-35-1
    gettext_noop("事故发生单位主要负责人迟报事故"),  # RIR-35-2-LATE
    gettext_noop("事故发生单位主要负责人漏报事故（迟报的见 RIR-35-2-LATE）"),  # RIR-35-2
    gettext_noop("事故发生单位主要负责人在事故调查处理期间擅离职守"),  # RIR-35-3
    gettext_noop("事故发生单位及其有关人员谎报或者瞒报事故"),  # RIR-36-1
    gettext_noop("事故发生单位及其有关人员伪造或者故意破坏事故现场"),  # RIR-36-2
    gettext_noop(
        "事故发生单位及其有关人员转移、隐匿资金、财产，或者销毁有关证据、资料"
    ),  # RIR-36-3
    gettext_noop("事故发生单位及其有关人员拒绝接受调查或者拒绝提供有关情况和资料"),  # RIR-36-4
    gettext_noop("事故发生单位及其有关人员在事故调查中作伪证或者指使他人作伪证"),  # RIR-36-5
    gettext_noop("事故发生单位及其有关人员事故发生后逃匿"),  # RIR-36-6
]

LAW_NAMES = [
    gettext_noop("安全生产法"),
    gettext_noop("行政处罚法"),
    gettext_noop("生产安全事故报告和调查处理条例"),
]

_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九")}
CITATION = re.compile(r"(安全生产法|行政处罚法|生产安全事故报告和调查处理条例)第([零一二三四五六七八九十百]+)条"
                      r"(?:第([零一二三四五六七八九十百]+)款)?(?:第([零一二三四五六七八九十百]+)项)?")  # fmt: skip


def cn_int(text: str) -> int:
    """一百零三 → 103, 九十七 → 97, 十二 → 12 (article numbers as statutes write them)."""
    total, digit = 0, 0
    for ch in text:
        if ch == "百":
            total += (digit or 1) * 100
            digit = 0
        elif ch == "十":
            total += (digit or 1) * 10
            digit = 0
        else:
            digit = _DIGITS[ch]
    return total + digit


def citation(text: str) -> str:
    """An article citation (安全生产法第九十七条第三项) in the reader's language; unchanged in
    Chinese and where it is not a plain citation."""
    match = CITATION.fullmatch(text or "")
    if match is None or get_language().startswith("zh"):
        return text
    law, article, paragraph, item = match.groups()
    out = pgettext("citation", "%(law)s第%(article)s条") % {
        "law": _(law),
        "article": cn_int(article),
    }
    if paragraph:
        out += pgettext("citation", "第%(n)s款") % {"n": cn_int(paragraph)}
    if item:
        out += pgettext("citation", "第%(n)s项") % {"n": cn_int(item)}
    return out
