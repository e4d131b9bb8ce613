"""Accident list filters, shared by the page and the API."""

import django_filters
from django.utils.translation import gettext_lazy as _

from anjian.core.filters import FilterSet, set_choices
from anjian.tips.forms import translated

from .models import GRADES, Accident

FLAGS = [("late", _("迟报")), ("concealed", _("瞒报")), ("open", _("调查未结"))]


class AccidentFilter(FilterSet):
    grade = django_filters.ChoiceFilter(
        label=_("事故等级"), choices=GRADES, empty_label=_("全部等级")
    )
    flag = django_filters.ChoiceFilter(
        label=_("标记"), choices=FLAGS, method="flagged", empty_label=_("全部")
    )

    class Meta:
        model = Accident
        fields = ["grade", "flag"]

    def setup(self):
        set_choices(self, "grade", translated(GRADES), empty_label=_("全部等级"))
        for field in self.form.fields.values():
            field.widget.attrs.setdefault("aria-label", field.label)

    def flagged(self, qs, name, value):
        if value == "late":
            return qs.filter(late_report=True)
        if value == "concealed":
            return qs.filter(concealed=True)
        return qs.filter(investigation_report_on__isnull=True)
