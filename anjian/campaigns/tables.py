from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from anjian.core.tables import ChoiceColumn, Column, LinkColumn, NumberColumn, Table


def period(start, end) -> str:
    return gettext("%(start)s 至 %(end)s") % {
        "start": f"{start:%Y-%m-%d}",
        "end": f"{end:%Y-%m-%d}",
    }


class CampaignTable(Table):
    title = LinkColumn(verbose_name=_("行动名称"))
    doc_no = Column(verbose_name=_("发文字号"))
    region = Column(verbose_name=_("区域"), accessor="region__name")
    period = Column(verbose_name=_("起止日期"), empty_values=(), accessor="pk")
    phase = Column(verbose_name=_("当前阶段"), empty_values=(), accessor="pk")

    class Meta(Table.Meta):
        empty_text = _("暂无专项行动")

    def render_period(self, record):
        return period(record.start, record.end)

    def render_phase(self, record):
        today = timezone.localdate()
        current = record.phase_on(today)
        if current:
            return format_html("<strong>{}</strong>", current.name)
        return gettext("已结束") if record.end < today else gettext("未开始")


class SelfInspectionTable(Table):
    enterprise = Column(verbose_name=_("企业"), accessor="enterprise__name")
    template = Column(verbose_name=pgettext_lazy("one", "检查表"), accessor="template__title")
    submitted_at = Column(verbose_name=_("提交时间"))
    fail_n = NumberColumn(verbose_name=_("不符合项"), accessor="fail_n")
    status = ChoiceColumn(verbose_name=_("状态"))
    filing = Column(verbose_name=_("备案"), empty_values=(), accessor="pk")

    class Meta(Table.Meta):
        empty_text = _("暂无企业提交自查")

    def render_enterprise(self, record, value):
        return format_html('<a href="{}">{}</a>', record.get_absolute_url(), value)

    def render_submitted_at(self, value):
        return f"{timezone.localtime(value):%Y-%m-%d %H:%M}"

    def render_filing(self, record):
        if record.status != "filed":
            return "—"
        late = (
            format_html(' <span class="bad">{}</span>', gettext("逾期备案"))
            if record.filed_late
            else ""
        )
        dept = record.filed_department.short_name if record.filed_department_id else ""
        return format_html("{} {}{}", dept, f"{timezone.localtime(record.filed_at):%Y-%m-%d}", late)
