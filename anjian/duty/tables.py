from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from anjian.core.tables import ChoiceColumn, Column, NumberColumn, Table
from anjian.registry.models import Enterprise

from .models import DutyActivity


def _person(kind):
    return Column(
        verbose_name=dict(
            admin=_("行政负责人"), industry=_("行业部门监管负责人"), enterprise=_("企业负责人")
        )[kind],
        accessor="pk",
        empty_values=(),
        orderable=False,
    )


class SignTable(Table):
    name = Column(
        verbose_name=_("企业名称"),
        linkify=lambda record: reverse("duty:enterprise", args=[record.pk]),
    )
    region = Column(verbose_name=_("所在区划"), accessor="region__name")
    admin = _person("admin")
    industry = _person("industry")
    enterprise = _person("enterprise")
    sign = Column(verbose_name="", accessor="pk", empty_values=())

    class Meta(Table.Meta):
        model = Enterprise
        fields = ()
        empty_text = _("没有企业")

    def _people(self, record) -> dict:
        return {rp.kind: rp for rp in record.responsible_people.all()}

    def render_admin(self, record):
        return getattr(self._people(record).get("admin"), "name", "—")

    def render_industry(self, record):
        return getattr(self._people(record).get("industry"), "name", "—")

    def render_enterprise(self, record):
        return getattr(self._people(record).get("enterprise"), "name", "—")

    def render_sign(self, record):
        if not self._people(record):
            return ""
        return format_html(
            '<a href="{}">{}</a>', reverse("duty:sign", args=[record.pk]), gettext("公示牌")
        )


class CardTable(Table):
    name = Column(
        verbose_name=_("企业名称"), linkify=lambda record: reverse("duty:card", args=[record.pk])
    )
    region = Column(verbose_name=_("所在区划"), accessor="region__name")
    employees = NumberColumn(verbose_name=_("从业人员"))
    card = Column(verbose_name=_("明白卡"), accessor="pk", empty_values=())

    class Meta(Table.Meta):
        model = Enterprise
        fields = ()
        empty_text = _("没有小微企业")

    def render_card(self, record):
        if getattr(record, "has_card", False):
            return format_html(
                '<a href="{}">{}</a>',
                reverse("duty:card_pdf", args=[record.pk]),
                gettext("已制定（PDF）"),
            )
        return format_html('<span class="bad">{}</span>', gettext("未制定"))


class ActivityTable(Table):
    day = Column(verbose_name=_("日期"))
    kind = ChoiceColumn(verbose_name=_("类型"))
    enterprise = Column(verbose_name=_("企业"), accessor="enterprise__name")
    description = Column(verbose_name=_("情况说明"))

    class Meta(Table.Meta):
        model = DutyActivity
        fields = ()
        empty_text = _("本月暂无记录")

    def render_day(self, value):
        return value.strftime("%Y-%m-%d")
