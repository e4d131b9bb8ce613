from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from anjian.accounts.models import Sector
from anjian.core.forms import DateInput, ServiceModelForm, VersionForm, XlsxUploadForm, model_field

from .models import Enterprise, Licence, Person
from .services import ENTERPRISE_FIELDS, region_choices_for


def translate_choices(field) -> None:
    """Show a model field's Chinese choice labels in the active language (see core.i18n)."""
    field.choices = [(value, _(label) if label else label) for value, label in field.choices]


class EnterpriseForm(ServiceModelForm):
    sectors = forms.ModelMultipleChoiceField(
        Sector.objects.all(),
        label=gettext_lazy("其他行业领域"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Enterprise
        # the enterprise's fields as the service records them, with the other sectors
        fields = [*ENTERPRISE_FIELDS[:5], "sectors", *ENTERPRISE_FIELDS[5:]]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = region_choices_for(self.user)
        self.fields["region"].label_from_instance = lambda r: (
            f"{'　' * ('county town village'.split().index(r.level))}{r.name}（{r.code}）"
        )
        translate_choices(self.fields["status"])
        translate_choices(self.fields["major_hazard_level"])
        if self.instance.pk:
            self.fields["sectors"].initial = list(self.instance.sectors.all())


class LicenceForm(ServiceModelForm):
    class Meta:
        model = Licence
        fields = ["kind", "number", "issuer", "valid_from", "valid_until"]
        widgets = {"valid_from": DateInput(), "valid_until": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        translate_choices(self.fields["kind"])


class PersonForm(ServiceModelForm):
    class Meta:
        model = Person
        fields = ["role", "name", "phone", "operation", "cert_no", "cert_expiry"]
        widgets = {"cert_expiry": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        translate_choices(self.fields["role"])


class RetireForm(VersionForm):
    retired_on = forms.DateField(label=gettext_lazy("停用日期"), required=False, widget=DateInput())
    reason = model_field(Licence, "retire_reason", label=gettext_lazy("停用原因"), required=True)


ImportForm = XlsxUploadForm


class OverrideForm(forms.Form):
    tier = forms.ChoiceField(
        label=gettext_lazy("调整为"),
        choices=[
            ("", gettext_lazy("恢复规则判定")),
            ("key", pgettext_lazy("list", "重点")),
            ("general", pgettext_lazy("list", "一般")),
        ],
        required=False,
    )
    reason = forms.CharField(
        label=gettext_lazy("调整理由"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
