"""The drill-down list: the counted records, one line each (see `drilldown.describe`)."""

from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from anjian.core.tables import Column, Table

from .drilldown import _viewable, describe


class DrillTable(Table):
    n = Column(verbose_name="#", accessor="pk", empty_values=(), attrs={"td": {"class": "num"}})
    day = Column(verbose_name=_("日期"), accessor="pk", empty_values=())
    record = Column(
        verbose_name=_("记录"), accessor="pk", empty_values=(), attrs={"td": {"class": "record"}}
    )
    enterprise = Column(verbose_name=_("企业"), accessor="pk", empty_values=())

    class Meta(Table.Meta):
        fields = ()
        empty_text = _("没有被统计的记录")
        row_attrs = {"data-model": lambda record: type(record).__name__.lower()}

    user = None
    what = ""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._lines = None

    def lines(self) -> dict:
        """The page's lines by record id, links only to what the user may open."""
        if self._lines is None:
            objs = [row.record for row in self.page.object_list]
            visible = _viewable(self.user, objs)
            lines = {o.pk: describe(o) for o in objs}
            ents = _viewable(self.user, [ln["ent"] for ln in lines.values() if ln["ent"]])
            start = self.page.start_index()
            for i, o in enumerate(objs):
                line = lines[o.pk]
                line["n"] = start + i
                if o.pk not in visible:
                    line["url"] = None
                line["ent_url"] = line["ent"] is not None and line["ent"].pk in ents
            self._lines = lines
        return self._lines

    def render_n(self, record):
        return self.lines()[record.pk]["n"]

    def render_day(self, record):
        day = self.lines()[record.pk]["day"]
        return day.strftime("%Y-%m-%d") if day else ""

    def render_record(self, record):
        line = self.lines()[record.pk]
        if line["url"]:
            return format_html('<a href="{}">{}</a>', line["url"], line["text"])
        return line["text"]

    def render_enterprise(self, record):
        line = self.lines()[record.pk]
        ent = line["ent"]
        if ent is None:
            return ""
        if line["ent_url"]:
            url = reverse("registry:enterprise_detail", args=[ent.pk])
            return format_html('<a href="{}">{}</a>', url, ent.name)
        return ent.name


class EnterpriseDrillTable(DrillTable):
    """Enterprise figures (检查企业数量, 现场紧急处置): the enterprise and its town."""

    day = None
    enterprise = None
    record = Column(
        verbose_name=_("企业"), accessor="pk", empty_values=(), attrs={"td": {"class": "record"}}
    )
    town = Column(verbose_name=_("所在镇街（园区）"), accessor="pk", empty_values=())

    class Meta(DrillTable.Meta):
        pass

    def render_record(self, record):
        line = self.lines()[record.pk]
        if line["url"]:
            return format_html('<a href="{}">{}</a>', line["url"], line["ent"].name)
        return line["ent"].name

    def render_town(self, record):
        return self.lines()[record.pk]["text"]
