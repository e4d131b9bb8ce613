from django.middleware.csrf import get_token
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from anjian.core.tables import ChoiceColumn, Column, Table

from .models import Notification


class InboxTable(Table):
    kind = ChoiceColumn(verbose_name=_("类型"))
    title = Column(verbose_name=_("提醒"))
    created_at = Column(verbose_name=_("时间"))
    open = Column(verbose_name="", accessor="pk", empty_values=())

    class Meta(Table.Meta):
        model = Notification
        fields = ()
        empty_text = _("没有提醒")
        row_attrs = {"class": lambda record: "" if record.read_at else "nt-unread"}

    def render_title(self, record):
        body = format_html("<div>{}</div>", record.body) if record.body else ""
        return format_html("<strong>{}</strong>{}", record.title, body)

    def render_created_at(self, record):
        text = record.created_at.strftime("%Y-%m-%d %H:%M")
        if record.due:
            text += " · " + gettext("到期 %(day)s") % {"day": record.due.strftime("%Y-%m-%d")}
        return text

    def render_open(self, record):
        label = gettext("查看") if record.url else gettext("标为已读")
        return format_html(
            '<form method="post" action="{}" class="inline">'
            '<input type="hidden" name="csrfmiddlewaretoken" value="{}">'
            '<button type="submit" class="link">{}</button></form>',
            reverse("notifications:open", args=[record.pk]),
            get_token(self.request),
            label,
        )
