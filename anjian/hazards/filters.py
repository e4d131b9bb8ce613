"""Ledger filters, one FilterSet shared by the page, the export and the API (each maps to an
index); and the filters of the on-site measure and supervision lists."""

from types import SimpleNamespace

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from anjian.accounts.filters import sectors_for, set_towns
from anjian.accounts.models import Sector
from anjian.core.filters import BIGINT_MAX, FilterSet, SearchFilter, TownFilter, set_choices
from anjian.registry.models import EnterpriseSector

from .models import Hazard, OnSiteMeasure, Supervision

STATUSES = [("open", _("未销号")), *Hazard.STATUS]
OVERDUE = [("1", _("逾期")), ("0", _("未逾期"))]


def translated(choices) -> list[tuple[str, str]]:
    """Choice labels (Chinese in the models) in the active language."""
    return [(v, gettext(str(label))) for v, label in choices]


def choice(label, choices, empty_label, **kwargs) -> django_filters.ChoiceFilter:
    return django_filters.ChoiceFilter(
        label=label, choices=choices, empty_label=empty_label, **kwargs
    )


class FlagFilter(django_filters.ChoiceFilter):
    """A yes-only filter ("1"): rows with the flag; empty: all rows."""

    def __init__(self, *args, flag_label, **kwargs):
        kwargs.setdefault("choices", [("1", flag_label)])
        super().__init__(*args, **kwargs)


class IdFilter(django_filters.Filter):
    """A record id (API and links), bounded so that no number can overflow the database."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", BIGINT_MAX)
        kwargs.setdefault("widget", forms.HiddenInput)
        super().__init__(*args, **kwargs)


class HazardFilter(FilterSet):
    q = SearchFilter(
        fields=["enterprise__name__contains", "description__contains"],
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("企业名称 / 隐患描述")}),
    )
    status = choice(_("状态"), STATUSES, _("全部状态"), method="with_status")
    overdue = choice(_("是否逾期"), OVERDUE, _("是否逾期"), method="with_overdue")
    level = choice(_("等级"), Hazard.LEVELS, _("全部等级"))
    # every source is a valid value; the enterprise user's list offers its own (see setup)
    source = choice(_("来源"), Hazard.SOURCES, _("全部来源"), method="with_source")
    supervised = FlagFilter(
        label=_("挂牌督办"), flag_label=_("挂牌督办中"), method="with_supervision",
        empty_label=_("挂牌督办"),
    )  # fmt: skip
    town = TownFilter()
    sector = django_filters.ModelChoiceFilter(
        label=_("行业领域"), queryset=Sector.objects.all(), method="in_sector",
        empty_label=_("全部行业"),
    )  # fmt: skip
    repeat = FlagFilter(
        label=_("重复发生"), flag_label=_("重复发生"), method="repeated",
        empty_label=_("是否重复"),
    )  # fmt: skip
    enterprise = IdFilter(label=_("企业"), field_name="enterprise_id")

    class Meta:
        model = Hazard
        fields = []

    def setup(self):
        set_towns(self)
        sectors = sectors_for(self.user)
        self.filters["sector"].queryset = sectors
        self.form.fields["sector"].queryset = sectors
        empty = {name: f.extra.get("empty_label") for name, f in self.filters.items()}
        for name in ("status", "level", "overdue", "supervised", "repeat"):
            set_choices(self, name, translated(self.filters[name].extra["choices"]), empty[name])
        # the enterprise never learns of tips: the list offers what it may see
        set_choices(self, "source", translated(Hazard.SOURCES), empty["source"])
        if Hazard.hides_tips(self.user):
            self.form.fields["source"].widget.choices = [("", empty["source"])] + translated(
                Hazard.sources_for(self.user)
            )

    @property
    def today(self):
        return timezone.localdate()

    def with_status(self, qs, name, value):
        return qs.open() if value == "open" else qs.filter(status=value)

    def with_overdue(self, qs, name, value):
        return qs.overdue(self.today) if value == "1" else qs.not_overdue(self.today)

    def with_source(self, qs, name, value):
        """An enterprise user's 执法检查 covers 举报核查, and 举报核查 finds nothing."""
        return qs.filter(source__in=Hazard.sources_matching(value, self.user))

    def with_supervision(self, qs, name, value):
        active = Supervision.objects.filter(hazard=OuterRef("pk"), lifted_at__isnull=True)
        return qs.filter(Exists(active))

    def in_sector(self, qs, name, sector):
        sectors = EnterpriseSector.objects.filter(
            enterprise=OuterRef("enterprise_id"), sector=sector
        )
        return qs.filter(Exists(sectors))

    def repeated(self, qs, name, value):
        return qs.filter(repeat_count__gt=0)


def filter_hazards(qs, user, **params):
    """The ledger's filters outside the page (export, API): a bad value raises ValidationError
    naming the parameter."""
    data = {k: str(v) for k, v in params.items() if v not in (None, "")}
    fs = HazardFilter(data, qs, request=SimpleNamespace(user=user))
    if not fs.is_valid():
        raise ValidationError({k: list(v) for k, v in fs.errors.items()})
    return fs.qs


class MeasureFilter(FilterSet):
    active = FlagFilter(
        label=_("状态"), flag_label=_("只看未解除"), method="unlifted", empty_label=_("全部")
    )

    class Meta:
        model = OnSiteMeasure
        fields = []

    def unlifted(self, qs, name, value):
        return qs.filter(lifted_at__isnull=True)


class SupervisionFilter(FilterSet):
    level = choice(_("督办级别"), Supervision.LEVELS, _("全部级别"))

    class Meta:
        model = Supervision
        fields = []

    def setup(self):
        set_choices(self, "level", translated(Supervision.LEVELS), _("全部级别"))
