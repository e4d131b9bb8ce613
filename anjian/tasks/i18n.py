"""Chinese choice labels the pages translate where they show them (see core.i18n)."""

from django.utils.translation import gettext_noop

DISPLAY_VALUES = [
    # TaskList.LAYOUTS
    gettext_noop("工作清单和责任清单（八个专项行动）"),
    gettext_noop("重点任务和工作要点"),
    gettext_noop("手工录入"),
    # Liaison.GENDERS
    gettext_noop("男"),
    gettext_noop("女"),
]
