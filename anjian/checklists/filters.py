"""Checklist list filters."""

import django_filters
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from anjian.core.filters import FilterSet, SearchFilter, set_choices

from .models import ChecklistTemplate


class TemplateFilter(FilterSet):
    q = SearchFilter(
        fields=("title__contains", "code__contains", "source__contains"),
        widget=django_filters.widgets.forms.TextInput(
            attrs={"type": "search", "placeholder": _("名称 / 代码 / 来源")}
        ),
    )
    status = django_filters.ChoiceFilter(
        label=_("状态"), choices=ChecklistTemplate.STATUS, empty_label=_("全部状态")
    )

    class Meta:
        model = ChecklistTemplate
        fields = ["q", "status"]

    def setup(self):
        set_choices(self, "status", [(v, gettext(label)) for v, label in ChecklistTemplate.STATUS])
