"""Tip list filters: one FilterSet parses the query string of the list and its views."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from anjian.core.filters import FilterSet, SearchFilter, set_choices

from .forms import translated
from .models import CATEGORIES, CHANNELS, STATUSES, TODO_STATUSES, Tip

VIEWS = [("overdue", _("逾期未办结")), ("repeat", _("反复举报企业（执法式核查）"))]


class TipFilter(FilterSet):
    q = SearchFilter(
        fields=("code__icontains", "enterprise_name__icontains"),
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("举报编号 / 被举报单位")}),
    )
    status = django_filters.ChoiceFilter(
        label=_("办理状态"), choices=(), method="in_status", empty_label=_("全部状态")
    )
    category = django_filters.ChoiceFilter(
        label=_("举报类别"), choices=CATEGORIES, empty_label=_("全部类别")
    )
    channel = django_filters.ChoiceFilter(
        label=_("举报渠道"), choices=CHANNELS, empty_label=_("全部渠道")
    )
    # which list: every tip, the overdue ones, or the repeatedly tipped enterprises
    view = django_filters.ChoiceFilter(
        label=_("列表"), choices=VIEWS, method="as_view", widget=forms.HiddenInput
    )

    class Meta:
        model = Tip
        fields = ["q", "status", "category", "channel", "view"]

    def setup(self):
        todo = [("todo", _("待办（待受理、待分办、待核查）"))]
        set_choices(self, "status", todo + translated(STATUSES), empty_label=_("全部状态"))
        set_choices(self, "category", translated(CATEGORIES), empty_label=_("全部类别"))
        set_choices(self, "channel", translated(CHANNELS), empty_label=_("全部渠道"))
        for name in ("q", "status", "category", "channel"):
            field = self.form.fields[name]
            field.widget.attrs.setdefault("aria-label", field.label)

    def in_status(self, qs, name, value):
        if value == "todo":
            return qs.filter(status__in=TODO_STATUSES)
        return qs.filter(status=value)

    def as_view(self, qs, name, value):
        """Chosen by the page (TipList), not a condition on the rows."""
        return qs
