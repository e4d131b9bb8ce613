"""The query strings of the stats pages, parsed by forms: a bad value is a 400 that names the
parameter (never a 500)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from anjian.core.forms import MonthField, model_field

from .models import Submission

TABLES = [("s1", _("统计汇总表")), ("s2", _("月度调度表"))]


class SelectionForm(forms.Form):
    """?unit=&month=&mode=&start= of a table, the dashboard and the report."""

    unit = forms.CharField(label=_("填报单位"), required=False, max_length=40)
    month = MonthField(label=_("统计月份"), required=False)
    mode = forms.ChoiceField(
        label=_("统计口径"), required=False,
        choices=[("", ""), ("month", _("当月")), ("cum", _("自起始月累计"))],
    )  # fmt: skip
    start = MonthField(label=_("起始月份"), required=False)
    # recompute as the records stood then: YYYY-MM-DD, an ISO date-time, or "submitted"
    as_of = forms.CharField(label=_("重算时点"), required=False, max_length=40)

    def raw(self, name) -> str | None:
        """The validated value as the services read it (YYYY-MM), or None."""
        v = self.cleaned_data.get(name)
        return f"{v:%Y-%m}" if hasattr(v, "strftime") else (v or None)


class DrillForm(SelectionForm):
    table = forms.ChoiceField(label=_("报表"), required=False, choices=TABLES)
    fig = forms.CharField(label=_("统计项"), max_length=40)
    row = forms.CharField(label=_("行业领域"), required=False, max_length=64)


class SubmissionsForm(forms.Form):
    table = forms.ChoiceField(label=_("报表"), required=False, choices=TABLES)
    month = MonthField(label=_("月份"), required=False)


class SubmitForm(forms.Form):
    """报送: who signs the table (the figures are frozen from the records)."""

    leader_name = model_field(Submission, "leader_name", label=_("负责人"))
    filler_name = model_field(Submission, "filler_name", label=_("填报人"), required=True)
    phone = model_field(Submission, "phone", label=_("联系电话"))
    version = forms.IntegerField(required=False, min_value=0, max_value=2147483647)
