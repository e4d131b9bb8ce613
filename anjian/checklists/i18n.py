"""Choice labels of checklists shown through `{% translate %}` / gettext at display time (the
models keep the Chinese wording); listed here so that makemessages collects them."""

from django.utils.translation import gettext_noop

DISPLAY_VALUES = [
    # ChecklistTemplate.STATUS
    gettext_noop("草稿"),
    gettext_noop("已发布"),
    gettext_noop("已停用"),
]
