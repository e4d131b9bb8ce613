"""Chinese choice labels and texts the pages translate where they show them (see core.i18n)."""

from django.utils.translation import gettext_noop

DISPLAY_VALUES = [
    # ResponsiblePerson.KINDS
    gettext_noop("行政负责人"),
    gettext_noop("行业部门监管负责人"),
    gettext_noop("企业负责人"),
    # DutyActivity.KINDS
    gettext_noop("指导检查挂牌企业"),
    gettext_noop("督促整改突出问题隐患"),
    gettext_noop("协调解决安全管理难题"),
    # models.QUOTA_TEXT (seed 004 任务24)
    gettext_noop(
        "行政负责人、行业部门监管负责人每月至少指导检查2家以上挂牌企业（单位），"
        "督促整改2个以上突出问题隐患，协调解决2个以上安全管理难题。"
    ),
]
