"""Choice labels of inspections shown through gettext / `{% translate %}` at display time (the
models keep the Chinese wording for records and exports); listed so makemessages collects them."""

from django.utils.translation import gettext_noop

DISPLAY_VALUES = [
    # MODES
    gettext_noop("四不两直"),
    gettext_noop("暗查暗访"),
    gettext_noop("双随机"),
    gettext_noop("联合执法"),
    gettext_noop("异地互查"),
    gettext_noop("回头看"),
    gettext_noop("举报核查"),
    gettext_noop("专家参与"),
    # ORIGINS
    gettext_noop("年度计划"),
    gettext_noop("双随机抽取"),
    gettext_noop("举报线索"),
    gettext_noop("临时检查"),
    # Inspection.STATUS
    gettext_noop("检查中"),
    gettext_noop("已提交"),
    # TeamMember.ROLES, Signature.ROLES
    gettext_noop("执法人员"),
    gettext_noop("专家"),
    gettext_noop("被检查单位现场负责人"),
    # ItemResult.RESULTS
    gettext_noop("符合"),
    gettext_noop("不符合"),
    gettext_noop("不涉及"),
    # Finding.KINDS, Finding.LEVELS
    gettext_noop("隐患"),
    gettext_noop("违法行为"),
    gettext_noop("一般"),
    gettext_noop("重大"),
    # FiveOne.KINDS
    gettext_noop("履职能力测试"),
    gettext_noop("面对面谈话"),
    gettext_noop("员工书面评价"),
    gettext_noop("普法宣传"),
    gettext_noop("片区反馈会"),
    # hazards.Hazard.STATUS and SOURCES, shown with the hazards a record or a self-inspection made
    gettext_noop("待整改"),
    gettext_noop("整改中"),
    gettext_noop("待复查"),
    gettext_noop("已销号"),
    gettext_noop("企业自查"),
]
