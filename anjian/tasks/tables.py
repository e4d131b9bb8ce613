from django.urls import reverse
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from anjian.campaigns.models import Campaign
from anjian.core.tables import Column, NumberColumn, Table, join

from . import services
from .display import deadline_label
from .forms import issuer_label
from .models import Obligation, Task, TaskList


def _period(start, end, fmt="%Y-%m-%d") -> str:
    return gettext("%(start)s 至 %(end)s") % {
        "start": start.strftime(fmt),
        "end": end.strftime(fmt),
    }


def _link(url, text):
    return format_html('<a href="{}">{}</a>', url, text)


class TaskListTable(Table):
    title = Column(verbose_name=_("清单名称"), linkify=True)
    region = Column(verbose_name=_("下发单位"))
    campaign = Column(verbose_name=_("专项行动"), default="—")
    period = Column(verbose_name=_("期间"), accessor="pk", empty_values=())
    progress = Column(verbose_name="", accessor="pk", empty_values=())

    class Meta(Table.Meta):
        model = TaskList
        fields = ()
        empty_text = _("暂无清单")

    def render_region(self, value):
        return issuer_label(value)

    def render_period(self, record):
        return _period(record.start, record.end)

    def render_progress(self, record):
        return _link(reverse("tasks:list_progress", args=[record.pk]), gettext("进度"))


class TaskTable(Table):
    seq = NumberColumn(verbose_name=_("序号"))
    measure = Column(verbose_name=_("行动/措施"), attrs={"td": {"class": "hint"}})
    requirement = Column(verbose_name=_("工作要求"), linkify=True)
    units = Column(verbose_name=_("责任单位"), accessor="pk", empty_values=())
    deadline = Column(verbose_name=_("时限要求"), accessor="pk", empty_values=())
    done = Column(verbose_name=_("完成"), accessor="pk", empty_values=())
    edit = Column(verbose_name="", accessor="pk", empty_values=())

    class Meta(Table.Meta):
        model = Task
        fields = ()
        empty_text = _("没有任务")

    can_edit = False

    def render_measure(self, value):
        return Truncator(value).chars(16)

    def render_requirement(self, value):
        return Truncator(value).chars(70)

    def render_units(self, record):
        return join(u.label for u in record.units.all())

    def render_deadline(self, record):
        return deadline_label(record.deadline_spec)

    def render_done(self, record):
        cells = services.task_status(record)
        done = sum(c.status in ("done", "late_done") for c in cells)
        overdue = sum(c.status == "overdue" for c in cells)
        text = f"{done}/{len(cells)}"
        if overdue:
            return format_html(
                '{} <span class="tk-st tk-overdue">{}</span>',
                text,
                gettext("逾期 %(n)s") % {"n": overdue},
            )
        return text

    def render_edit(self, record):
        if not self.can_edit:
            return ""
        return _link(reverse("tasks:task_edit", args=[record.pk]), gettext("编辑"))


class CampaignTable(Table):
    title = Column(
        verbose_name=_("专项行动"),
        linkify=lambda record: reverse("tasks:liaisons", args=[record.pk]),
    )
    period = Column(verbose_name=_("期间"), accessor="pk", empty_values=())

    class Meta(Table.Meta):
        model = Campaign
        fields = ()
        empty_text = _("暂无专项行动")

    def render_period(self, record):
        return _period(record.start, record.end)


class ObligationTable(Table):
    title = Column(verbose_name=_("报送事项"), linkify=True)
    day_of_month = Column(verbose_name=_("截止"))
    period = Column(verbose_name=_("期间"), accessor="pk", empty_values=())
    units = Column(verbose_name=_("报送单位"), accessor="pk", empty_values=())

    class Meta(Table.Meta):
        model = Obligation
        fields = ()
        empty_text = _("暂无报送要求")

    def render_title(self, record):
        if record.campaign_id:
            return format_html('{}<div class="hint">{}</div>', record.title, record.campaign.title)
        return record.title

    def render_day_of_month(self, value):
        return gettext("每月%(day)s日前") % {"day": value}

    def render_period(self, record):
        return _period(record.start, record.end, "%Y-%m")

    def render_units(self, record):
        n = len(record.units.all())
        return gettext("%(n)s 个") % {"n": n}
