"""Chinese choice labels of the enforcement models, shown translated (`{% translate %}`,
`core.tables.ChoiceColumn`); the models keep them in Chinese for exports, documents and stored
records. Listed here so that `makemessages` collects them (see `core.i18n`); a case's stage is shown
with the context "case stage" on these pages (立案, 告知, 结案 mean other things elsewhere)."""

from django.utils.translation import gettext_noop, pgettext_lazy

DISPLAY_VALUES = [
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
