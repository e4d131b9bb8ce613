"""Filters of the inspection, draw and plan lists (the inspection one also serves the API)."""

import django_filters
from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from anjian.core.filters import FilterSet, SearchFilter, set_choices
from anjian.registry.models import Enterprise

from .models import Draw, Inspection, SupervisionPlan


def _search_box(placeholder):
    return django_filters.widgets.forms.TextInput(
        attrs={"type": "search", "placeholder": placeholder}
    )


class InspectionFilter(FilterSet):
    q = SearchFilter(fields=("enterprise__name__contains",), widget=_search_box(_("企业名称")))
    status = django_filters.ChoiceFilter(
        label=_("状态"), choices=Inspection.STATUS, empty_label=_("全部状态")
    )
    mine = django_filters.BooleanFilter(
        label=_("我参加的"), method="of_mine", widget=forms.CheckboxInput
    )
    enterprise = django_filters.ModelChoiceFilter(
        label=_("企业"), queryset=Enterprise.objects.none()
    )

    class Meta:
        model = Inspection
        fields = ["q", "status", "mine", "enterprise"]

    def setup(self):
        set_choices(self, "status", [(v, gettext(label)) for v, label in Inspection.STATUS])
        if getattr(self.user, "role", None) not in ("inspector", "dept_leader", "expert"):
            self.filters.pop("mine")
            self.form.fields.pop("mine")
        qs = Enterprise.objects.restrict(self.user)
        self.filters["enterprise"].queryset = qs
        self.form.fields["enterprise"].queryset = qs
        self.form.fields["enterprise"].widget = forms.HiddenInput()  # the API's, or a link's

    def of_mine(self, qs, name, value):
        return qs.filter(team__user=self.user) if value else qs


class DrawFilter(FilterSet):
    q = SearchFilter(fields=("title__contains",), widget=_search_box(_("抽查名称")))
    published = django_filters.ChoiceFilter(
        label=_("公开"),
        choices=[("yes", _("已公开")), ("no", _("未公开"))],
        method="is_published",
        empty_label=_("全部"),
    )

    class Meta:
        model = Draw
        fields = ["q", "published"]

    def is_published(self, qs, name, value):
        return qs.filter(published_at__isnull=value != "yes")


class PlanFilter(FilterSet):
    year = django_filters.NumberFilter(label=_("年度"), min_value=2000, max_value=2100)

    class Meta:
        model = SupervisionPlan
        fields = ["year"]
