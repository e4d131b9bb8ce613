import django_filters
from django.utils.translation import gettext_lazy as _

from anjian.core.filters import FilterSet, SearchFilter

from .models import Task, Unit


class TitleFilter(FilterSet):
    """Task lists, campaigns or reporting requirements by a word of their title."""

    q = SearchFilter(
        fields=["title__contains"],
        widget=django_filters.widgets.forms.TextInput(
            attrs={"type": "search", "placeholder": _("名称")}
        ),
    )

    @classmethod
    def of(cls, model):
        return type(
            f"{model.__name__}TitleFilter",
            (cls,),
            {"Meta": type("Meta", (), {"model": model, "fields": ["q"]})},
        )


class TaskFilter(FilterSet):
    """The tasks of one list, by responsible unit (the units of that list)."""

    unit = django_filters.ModelChoiceFilter(
        label=_("责任单位"), queryset=Unit.objects.none(), field_name="units",
        empty_label=_("全部责任单位"),
    )  # fmt: skip

    class Meta:
        model = Task
        fields = ["unit"]

    def setup(self):
        units = (
            Unit.objects.filter(tasks__in=self.queryset)
            .distinct()
            .select_related("department", "region")
        )
        self.filters["unit"].queryset = units
        self.form.fields["unit"].queryset = units
