"""The Chinese wording of the seed tables (labels, units, headings, counting rules), for
the catalogue: pages translate them where they show them; the Excel exports, the API and
the submitted snapshots keep the seed's Chinese (see core.i18n). Generated from
`figures` and `layout`; `tests/test_i18n.py` checks that nothing is missing."""

from django.utils.translation import gettext_noop

DISPLAY_VALUES = [
    gettext_noop("派出检查小组"),
    gettext_noop("个"),
    gettext_noop("期内（按检查日期）已提交的执法检查记录数；每份检查记录为派出的一个检查小组。"),
    gettext_noop("出动执法人员"),
    gettext_noop("人次"),
    gettext_noop(
        "上述检查记录的检查组中身份为“执法人员”的成员数之和（人次，同一人多次检查按多次计）。"
    ),
    gettext_noop("聘用安全专家"),
    gettext_noop("上述检查记录的检查组中身份为“专家”的成员数之和（人次）。"),
    gettext_noop("检查企业数量"),
    gettext_noop("家"),
    gettext_noop("上述检查记录涉及的不同企业数（同一企业期内多次检查计1家）。"),
    gettext_noop("总计"),
    gettext_noop("项"),
    gettext_noop("发现隐患数量"),
    gettext_noop(
        "期内（按发现时间）登记、来源为“执法检查”或“举报核查”的隐患数（不含企业自查、上级交办、异地移交）。"
    ),
    gettext_noop("重大事故隐患"),
    gettext_noop("其中等级为“重大”的隐患数。"),
    gettext_noop("一般事故隐患"),
    gettext_noop("其中等级为“一般”的隐患数。"),
    gettext_noop("已整改隐患数量"),
    gettext_noop(
        "期内（按销号时间）已销号、来源为“执法检查”或“举报核查”的隐患数（不论何时发现）。"
    ),
    gettext_noop("现场紧急处置"),
    gettext_noop(
        "含暂扣许可证、暂时停产停业、暂时停止建设（使用设备）、停止供电、停止使用民爆物品等处置措施"
    ),
    gettext_noop(
        "期内作出“现场紧急处置”或“暂时停产停业”执法处置意见，或现场处理措施（暂扣许可证、暂时停产停业、暂时停止建设、停止使用设备、停止供电、停止使用民爆物品）的不同企业数（家）。"
    ),
    gettext_noop("立案"),
    gettext_noop("起"),
    gettext_noop("行政处罚"),
    gettext_noop(
        "期内（按立案日期）经批准立案的普通程序案件数（不含立案审批中、不予立案；简易程序当场处罚不立案，只计入罚款）。"
    ),
    gettext_noop("罚款"),
    gettext_noop("万元"),
    gettext_noop(
        "期内作出处罚决定（按当事人决定日期，缺省为案件决定日期）的罚款金额之和，单位万元（元 ÷ 10000）。"
    ),
    gettext_noop("一案双罚、一案多罚"),
    gettext_noop("期内作出处罚决定、既对生产经营单位又对其有关人员处以罚款的案件数。"),
    gettext_noop("提请关闭"),
    gettext_noop("期内（按决定日期）提请关闭的不同企业数。"),
    gettext_noop("吊销许可证"),
    gettext_noop("期内（按决定日期）吊销许可证的决定数（每个许可证计1个）。"),
    gettext_noop("责令停产停业"),
    gettext_noop("期内（按决定日期）责令停产停业整顿的不同企业数。"),
    gettext_noop("下达执法文书"),
    gettext_noop("份"),
    gettext_noop(
        "期内（按制发日期）向被检查单位（当事人）下达的执法文书份数（现场检查记录、现场处理措施决定书、责令限期整改指令书、整改复查意见书、行政处罚告知书、听证告知书、行政处罚决定书）；立案审批表、结案审批表等内部文书和移交表等部门间文书不计。"
    ),
    gettext_noop("进行曝光（附曝光报道记录）"),
    gettext_noop("次"),
    gettext_noop(
        "期内（按曝光日期）的曝光记录数；行业领域按被曝光企业（或所附案件的企业，取最先登记的一家）的行业领域归行，未关联企业的按曝光部门的第一个监管行业领域归行。"
    ),
    gettext_noop("一般移交"),
    gettext_noop("移交案件"),
    gettext_noop("期内（按移交日期）类型为“一般移交”的移交数。"),
    gettext_noop("涉及行刑衔接"),
    gettext_noop("期内（按移交日期）类型为“涉及行刑衔接”的移交数（移送司法）。"),
    gettext_noop("企业自查发现的重大事故隐患"),
    gettext_noop("总体情况"),
    gettext_noop("截至本月末（自统计起始月起）来源为“企业自查”的重大事故隐患数（按发现时间）。"),
    gettext_noop("企业自查发现重大事故隐患中已完成整改的"),
    gettext_noop("其中截至本月末已销号的隐患数。"),
    gettext_noop("执法检查发现的重大事故隐患"),
    gettext_noop("截至本月末来源为“执法检查”或“举报核查”的重大事故隐患数（按发现时间）。"),
    gettext_noop("执法检查发现重大事故隐患中已完成整改的"),
    gettext_noop("挂牌督办的重大事故隐患"),
    gettext_noop("统计期内（按挂牌日期）被挂牌督办（任一级别）的不同重大事故隐患数。"),
    gettext_noop("挂牌督办重大事故隐患中已完成整改的"),
    gettext_noop("抽查检查的企业总数"),
    gettext_noop("对企业自查自改进行抽查检查情况"),
    gettext_noop("统计期内已提交执法检查记录涉及的不同企业数。"),
    gettext_noop("企业主要负责人未按要求亲自研究排查整治工作"),
    gettext_noop("企业主要负责人未带队检查"),
    gettext_noop("企业未制定全员安全生产责任制职责清单"),
    gettext_noop("企业未依法建立安全管理机构和配足安全管理人员"),
    gettext_noop("电焊等特种作业岗位人员无证上岗作业"),
    gettext_noop("外包外租安全管理混乱"),
    gettext_noop("未按规定开展应急演练、员工不熟悉逃生出口"),
    gettext_noop(
        "违法行为代码 SPL-101-5（未建立事故隐患排查治理制度/重大事故隐患排查治理情况未按规定报告），或附件1“主要负责人”第6项（组织建立并落实双重预防工作机制，督促、检查安全生产工作，及时消除事故隐患）不符合"
    ),
    gettext_noop(
        "违法行为代码 SPL-94-P1（主要负责人未履行安全生产管理职责），且未对应检查项或对应附件1“主要负责人”第6项（督促、检查本单位的安全生产工作）"
    ),
    gettext_noop("附件1“主要负责人”第2项（建立健全并落实全员安全生产责任制）不符合"),
    gettext_noop("违法行为代码 SPL-97-1（未按照规定设置安全生产管理机构或者配备安全生产管理人员）"),
    gettext_noop(
        "违法行为代码 SPL-97-7（特种作业人员未取得相应资格上岗作业），或附件1“特种作业人员”各项（培训取证、证书真实性）不符合"
    ),
    gettext_noop(
        "违法行为代码 SPL-103-P1（发包出租给不具备安全生产条件或者相应资质的单位、个人）、SPL-103-P2（未签订专门的安全生产管理协议、未明确各自的安全生产管理职责或未统一协调、管理）"
    ),
    gettext_noop(
        "违法行为代码 SPL-97-6（未按照规定制定应急救援预案或者未定期组织演练），或附件1“主要负责人”第7项（组织制定并实施应急救援预案）、“安全生产管理人员”第5项（组织或者参与应急救援演练）不符合"
    ),
    gettext_noop("行业领域"),
    gettext_noop("注：1．调度表自6月份开始上报，每月底前上报截至本月末的累计情况。"),
    gettext_noop(
        "2．调度表内容应围绕专项行动并对照方案具体要求如实填报，特别是对企业自查情况进行抽查检查时，要深挖细查，查出问题。如：电焊等人员无证上岗作业，既要通过现场检查发现问题，也要通过对企业动火等特种作业存单进行检查核实来发现问题；外包外租管理混乱，是指符合以下情形之一的：承包承租方不具备安全生产条件、未取得相应资质，双方未签订安全生产协议，安全生产管理职责不清，未纳入本企业统一管理。"
    ),
    gettext_noop("应急管理"),
    gettext_noop("道路交通"),
    gettext_noop("建筑施工"),
    gettext_noop("市场监管"),
    gettext_noop("文化旅游"),
    gettext_noop("民爆物品"),
    gettext_noop("合  计"),
    gettext_noop("其他"),
    gettext_noop("统计汇总表"),
    gettext_noop("月度调度表"),
    gettext_noop("检查"),
    gettext_noop("检查组成员"),
    gettext_noop("隐患"),
    gettext_noop("企业"),
    gettext_noop("案件"),
    gettext_noop("当事人"),
    gettext_noop("处置"),
    gettext_noop("文书"),
    gettext_noop("曝光"),
    gettext_noop("移交"),
    gettext_noop("检查发现问题"),
]

# figures.S2_SPOT: the rule of each deficiency figure, around its text
SPOT_RULE = gettext_noop("统计期内已提交检查记录中存在下列问题的不同企业数：%(text)s。")

# core.forms.MonthField's message, shown on these pages (core keeps no catalogue of its own and
# the project catalogue is not this app's to edit): move it there when core gets one
CORE_MESSAGES = [gettext_noop("月份格式应为 YYYY-MM，如 2023-05")]
