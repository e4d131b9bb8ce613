"""The tip list and its views (overdue tips, repeatedly tipped enterprises)."""

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from anjian.core.tables import ChoiceColumn, Column, DateTimeColumn, NumberColumn, Table

from . import services
from .models import Tip


def _dt(value) -> str:
    return date_format(timezone.localtime(value), "Y-m-d H:i") if value else ""


class CodeColumn(Column):
    """The tracking code, linking to the tip's page."""

    def __init__(self, **kwargs):
        kwargs.setdefault("verbose_name", _("举报编号"))
        kwargs.setdefault("linkify", True)
        kwargs.setdefault("attrs", {"a": {"class": "mono"}})
        super().__init__(**kwargs)


class TipTable(Table):
    code = CodeColumn()
    received_at = DateTimeColumn(verbose_name=_("受理时间"), format="Y-m-d H:i")
    channel = ChoiceColumn(verbose_name=_("渠道"))
    category = ChoiceColumn(verbose_name=_("类别"))
    enterprise_name = Column(verbose_name=_("被举报单位"))
    status = ChoiceColumn(verbose_name=_("办理状态"))
    department = Column(verbose_name=_("承办部门"), accessor="department__short_name", default="—")
    result = ChoiceColumn(verbose_name=_("核查结果"), default="—")
    reward_status = ChoiceColumn(verbose_name=_("奖励"), default="—")

    class Meta(Table.Meta):
        model = Tip
        fields = ()
        empty_text = _("没有举报")

    def render_enterprise_name(self, record, value):
        if not record.enforcement_check:
            return value
        badge = gettext("执法式核查")
        return format_html('{} <span class="tp-badge tp-warn">{}</span>', value, badge)


class OverdueTable(Table):
    code = CodeColumn()
    enterprise_name = Column(verbose_name=_("被举报单位"))
    status = Column(verbose_name=_("办理状态"), empty_values=())
    department = Column(verbose_name=_("承办部门"), accessor="department__name", default="—")
    due = Column(verbose_name=_("期限"), empty_values=(), attrs={"td": {"class": "bad"}})

    class Meta(Table.Meta):
        model = Tip
        fields = ()
        empty_text = _("没有逾期的举报")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.days = services.deadline_days()

    def render_status(self, record):
        text = gettext(record.get_status_display())
        if record.reward_status:
            reward = gettext(record.get_reward_status_display())
            text += gettext(" · 奖励%(status)s") % {"status": reward}
        return text

    def render_due(self, record):
        return _dt(services.due_at(record, self.days))


class RepeatTable(Table):
    """Rows of `services.repeated_rows`: enterprise, enterprise__name, n."""

    name = Column(verbose_name=_("企业名称"), accessor="enterprise__name")
    n = NumberColumn(verbose_name=_("被举报次数"))

    class Meta(Table.Meta):
        empty_text = _("没有反复被举报的企业")

    def render_name(self, record, value):
        url = reverse("registry:enterprise_detail", args=[record["enterprise"]])
        return format_html('<a href="{}">{}</a>', url, value)
