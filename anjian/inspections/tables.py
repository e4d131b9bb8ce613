from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from anjian.core.tables import Column, LinkColumn, MonoColumn, NumberColumn, Table

from .templatetags.inspection_tags import modes_for


def _date(value) -> str:
    return f"{value:%Y-%m-%d}"


class InspectionTable(Table):
    inspected_on = Column(verbose_name=_("检查日期"))
    enterprise = Column(verbose_name=_("被检查单位"), accessor="enterprise__name")
    department = Column(verbose_name=_("牵头部门"), accessor="department")
    modes = Column(verbose_name=_("检查方式"), empty_values=())
    status = Column(verbose_name=_("状态"))

    class Meta(Table.Meta):
        attrs = {"class": "list insp-list"}
        empty_text = _("暂无检查记录")

    def render_inspected_on(self, value):
        return _date(value)

    def render_enterprise(self, record, value):
        return format_html('<a href="{}">{}</a>', record.get_absolute_url(), value)

    def render_department(self, value):
        return value.short_name or value.name

    def render_modes(self, record):
        return modes_for(record, self.request.user)

    def render_status(self, record):
        return format_html(
            '<span class="status-{}">{}</span>', record.status, gettext(record.get_status_display())
        )


class DrawTable(Table):
    title = LinkColumn(verbose_name=_("抽查名称"))
    department = Column(verbose_name=_("部门"), accessor="department__name")
    inspection_date = Column(verbose_name=_("检查日期"))
    drawn = Column(verbose_name=_("抽取"), empty_values=(), accessor="pk")
    seed = MonoColumn(verbose_name=_("种子"))
    published_at = Column(verbose_name=_("公开"), empty_values=())

    class Meta(Table.Meta):
        empty_text = _("暂无抽查")

    def render_inspection_date(self, value):
        return _date(value)

    def render_drawn(self, record):
        return f"{len(record.result.get('assignments', []))}/{record.k}"

    def render_seed(self, value):
        return value[:11] + "…" if len(value) > 12 else value

    def render_published_at(self, value):
        return gettext("已公开") if value else gettext("未公开")


class PublicDrawTable(Table):
    title = Column(verbose_name=_("抽查名称"))
    department = Column(verbose_name=_("部门"), accessor="department__name")
    inspection_date = Column(verbose_name=_("检查日期"))
    published_at = Column(verbose_name=_("公开时间"))

    class Meta(Table.Meta):
        empty_text = _("暂无公开的抽查结果")

    def render_title(self, record, value):
        url = reverse("inspections:public_draw_detail", args=[record.pk])
        return format_html('<a href="{}">{}</a>', url, value)

    def render_inspection_date(self, value):
        return _date(value)

    def render_published_at(self, value):
        from django.utils import timezone

        return f"{timezone.localtime(value):%Y-%m-%d %H:%M}"


class PlanTable(Table):
    year = Column(verbose_name=_("年度"))
    department = Column(verbose_name=_("部门"), accessor="department__name")
    title = LinkColumn(verbose_name=_("计划名称"))
    annual = NumberColumn(verbose_name=_("全年目标（家次）"), empty_values=(), accessor="pk")

    class Meta(Table.Meta):
        empty_text = _("暂无计划")

    def render_annual(self, record):
        return record.annual_target
