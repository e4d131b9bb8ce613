"""Chinese choice labels the inbox translates where it shows them (see core.i18n)."""

from django.utils.translation import gettext_noop

DISPLAY_VALUES = [
    # Notification.KINDS
    gettext_noop("隐患整改即将到期"),
    gettext_noop("隐患整改逾期"),
    gettext_noop("工作任务即将到期"),
    gettext_noop("工作任务逾期"),
    gettext_noop("督办"),
    gettext_noop("报送即将到期"),
    gettext_noop("报送逾期"),
    gettext_noop("证照即将到期"),
    gettext_noop("证照已过期"),
    gettext_noop("人员证书到期"),
    gettext_noop("执法证到期"),
    gettext_noop("三个责任人履职提醒"),
    gettext_noop("其他"),
]
