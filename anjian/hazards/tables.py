"""The ledger, on-site measure and supervision lists."""

from django.middleware.csrf import get_token
from django.template.defaultfilters import truncatechars
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_tables2 import A

from anjian.core.tables import ChoiceColumn, Column, DateColumn, Table

from .models import Hazard, OnSiteMeasure, Supervision

DAY = "Y-m-d"


def cell(table, template: str, **ctx) -> str:
    """A cell from a small template; a form in it gets the CSRF token (no context processors:
    they would run once per cell)."""
    request = getattr(table, "request", None)
    if request is not None:
        token = getattr(table, "_csrf_token", None)
        if token is None:  # one masked token per table, not one per cell
            token = table._csrf_token = get_token(request)
        ctx.setdefault("csrf_token", token)
        ctx.setdefault("user", request.user)
    return render_to_string(template, ctx)


def badges(h) -> str:
    """hazards/_badges.html in Python (a ledger row's status cell; the template cost a
    render per row)."""
    out = [
        format_html(
            '<span class="hz-badge hz-{}">{}</span>', h.status, gettext(h.get_status_display())
        )
    ]
    if h.level == "major":
        out.append(format_html('<span class="hz-badge hz-major">{}</span>', gettext("重大")))
    if getattr(h, "overdue_flag", None):
        out.append(format_html('<span class="hz-badge hz-overdue">{}</span>', gettext("逾期")))
    if getattr(h, "supervised", None):
        out.append(format_html('<span class="hz-badge hz-major">{}</span>', gettext("挂牌督办")))
    if h.repeat_count:
        text = gettext("重复%(n)s次") % {"n": h.repeat_count + 1}
        out.append(format_html('<span class="hz-badge hz-repeat">{}</span>', text))
    return mark_safe("".join(out))


class HazardTable(Table):
    enterprise = Column(
        verbose_name=_("企业"),
        accessor="enterprise__name",
        linkify=("hazards:timeline", [A("enterprise_id")]),
        attrs={"a": {"title": _("一企一档")}},
    )
    description = Column(verbose_name=_("隐患描述"), linkify=True)
    source = Column(verbose_name=_("来源"))
    found_at = DateColumn(verbose_name=_("发现时间"), format=DAY)
    deadline = DateColumn(verbose_name=_("整改期限"), format=DAY, default="—")
    status = Column(verbose_name=_("状态"), empty_values=())
    department = Column(verbose_name=_("负责部门"), accessor="department__short_name", default="")

    class Meta(Table.Meta):
        model = Hazard
        fields = ()
        empty_text = _("没有符合条件的隐患")

    def render_description(self, value):
        return truncatechars(value, 40)

    def render_status(self, record):
        return badges(record)

    def render_source(self, record):
        """An enterprise user sees 执法检查 for a hazard that came from a tip."""
        return gettext(record.source_label_for(getattr(self.request, "user", None)))


class MeasureTable(Table):
    enterprise = Column(verbose_name=_("企业"), accessor="enterprise__name")
    kind = ChoiceColumn(verbose_name=_("措施"))
    target = Column(verbose_name=_("对象"))
    decided = Column(verbose_name=_("决定"), accessor="decided_at", empty_values=())
    hazard = Column(verbose_name=_("相关隐患"), accessor="hazard__description", linkify=False)
    lift = Column(verbose_name=_("解除"), accessor="pk", empty_values=())

    class Meta(Table.Meta):
        model = OnSiteMeasure
        fields = ()
        empty_text = _("暂无")

    def render_decided(self, record):
        return f"{record.decided_at:%Y-%m-%d} · {record.decided_by.display_name}"

    def render_hazard(self, record, value):
        return cell(self, "hazards/_hazard_link.html", h=record.hazard_id, text=value, n=24)

    def render_lift(self, record):
        return cell(self, "hazards/_measure_lift.html", m=record)


class SupervisionTable(Table):
    enterprise = Column(verbose_name=_("企业"), accessor="hazard__enterprise__name")
    hazard = Column(verbose_name=_("隐患"), accessor="hazard__description")
    level = ChoiceColumn(verbose_name=_("督办级别"))
    number = Column(verbose_name=_("督办单位及文号"), empty_values=())
    issued_on = DateColumn(verbose_name=_("挂牌日期"), format=DAY)
    deadline = Column(verbose_name=_("督办期限"))
    hazard_status = Column(verbose_name=_("隐患状态"), accessor="hazard__status")
    lift = Column(verbose_name=_("摘牌"), accessor="pk", empty_values=())

    class Meta(Table.Meta):
        model = Supervision
        fields = ()
        empty_text = _("暂无挂牌督办的隐患")

    @cached_property
    def today(self):
        return timezone.localdate()

    def render_hazard(self, record, value):
        return cell(self, "hazards/_hazard_link.html", h=record.hazard_id, text=value, n=30)

    def render_number(self, record):
        return f"{record.issuing_unit} {record.number}"

    def render_deadline(self, record):
        return cell(self, "hazards/_supervision_deadline.html", s=record, today=self.today)

    def render_hazard_status(self, record):
        return gettext(record.hazard.get_status_display())

    def render_lift(self, record):
        return cell(self, "hazards/_supervision_lift.html", s=record)
