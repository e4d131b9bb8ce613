from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from anjian.core.tables import ChoiceColumn, Column, DateTimeColumn, NumberColumn, Table

from .models import Accident


def flag_badges(flags) -> str:
    return format_html_join(
        " ", '<span class="tp-badge tp-warn">{}</span>', ((gettext(f),) for f in flags)
    )


class AccidentTable(Table):
    occurred_at = DateTimeColumn(verbose_name=_("发生时间"), format="Y-m-d H:i", linkify=True)
    enterprise = Column(verbose_name=_("事故单位"), accessor="enterprise__name")
    kind = Column(verbose_name=_("类别"))
    deaths = NumberColumn(verbose_name=_("死亡"))
    serious_injuries = NumberColumn(verbose_name=_("重伤"))
    direct_loss_yuan = NumberColumn(verbose_name=_("直接经济损失（元）"))
    grade = ChoiceColumn(verbose_name=_("等级"))
    flags = Column(verbose_name=_("标记"), empty_values=(), accessor="pk")
    investigation_due = Column(verbose_name=_("调查期限"))

    class Meta(Table.Meta):
        model = Accident
        fields = ()
        empty_text = _("没有事故记录")

    def render_kind(self, value):
        return gettext(value)

    def render_flags(self, record):
        return flag_badges(record.flags())

    def render_investigation_due(self, record, value):
        if record.investigation_report_on:
            return gettext("已提交")
        day = date_format(value, "Y-m-d")
        if value < timezone.localdate():
            return format_html(
                '<span class="bad">{}</span>', gettext("%(day)s（逾期）") % {"day": day}
            )
        return day
