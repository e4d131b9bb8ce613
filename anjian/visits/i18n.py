"""Choice labels of the visits models shown through gettext / `{% translate %}` (the models keep
the Chinese wording); listed so makemessages collects them."""

from django.utils.translation import gettext_noop

DISPLAY_VALUES = [
    gettext_noop("重点检查"),
    gettext_noop("一般检查"),
    gettext_noop("待审批"),
    gettext_noop("已批准"),
    gettext_noop("不予批准"),
    gettext_noop("待实施"),
    gettext_noop("已实施"),
    gettext_noop("计划"),
    gettext_noop("已并入综合查一次"),
    gettext_noop("已取消"),
    # law.inspection_limits.SOURCE
    gettext_noop("国办发〔2024〕54号《关于严格规范涉企行政检查的意见》"),
]
