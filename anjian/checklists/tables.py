from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from anjian.core.tables import Column, LinkColumn, Table

from .models import ChecklistTemplate


def status_badge(tpl) -> str:
    return format_html(
        '<span class="cl-status cl-{}">{}</span>', tpl.status, gettext(tpl.get_status_display())
    )


def department_name(tpl) -> str:
    return tpl.department.name if tpl.department_id else gettext("安委办（全区通用）")


class TemplateTable(Table):
    """One row per checklist (its newest version the user may read), older versions linked."""

    title = LinkColumn(verbose_name=_("名称"))
    version = Column(verbose_name=_("版本"))
    status = Column(verbose_name=_("状态"))
    department = Column(verbose_name=_("制定部门"), empty_values=())
    source = Column(verbose_name=_("来源"))
    older = Column(verbose_name=_("历史版本"), empty_values=(), accessor="pk")

    class Meta(Table.Meta):
        empty_text = _("暂无检查表")

    def render_version(self, record):
        return record.edition

    def render_status(self, record):
        return status_badge(record)

    def render_department(self, record):
        return department_name(record)

    def render_older(self, record):
        older = (
            ChecklistTemplate.objects.restrict(self.request.user)
            .filter(code=record.code, version__lt=record.version)
            .order_by("-version")
        )
        links = format_html_join(
            gettext("、"),
            '<a href="{}">{}（{}）</a>',
            ((o.get_absolute_url(), o.edition, gettext(o.get_status_display())) for o in older),
        )
        return links or "—"
