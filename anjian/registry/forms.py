from django import forms

from anjian.accounts.models import Sector

from . import creditcode
from .models import Enterprise, Licence, Person
from .services import region_choices_for


class EnterpriseForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    sectors = forms.ModelMultipleChoiceField(
        Sector.objects.all(),
        label="其他行业领域",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Enterprise
        fields = [
            "credit_code",
            "name",
            "address",
            "region",
            "primary_sector",
            "sectors",
            "employees",
            "state_owned",
            "ammonia_refrigeration",
            "confined_space",
            "dust_explosion",
            "two_key_one_major",
            "high_risk",
            "major_hazard_level",
            "status",
            "legal_representative",
            "contact_phone",
        ]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = region_choices_for(user)
        self.fields["region"].label_from_instance = lambda r: (
            f"{'　' * ('county town village'.split().index(r.level))}{r.name}（{r.code}）"
        )
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
            self.fields["sectors"].initial = list(self.instance.sectors.all())

    def clean_credit_code(self):
        code = (self.cleaned_data.get("credit_code") or "").strip().upper()
        problem = creditcode.problem(code)
        if problem:
            raise forms.ValidationError(f"统一社会信用代码{problem}")
        return code

    def validate_unique(self):
        pass  # uniqueness is checked by the service with a clear message


class LicenceForm(forms.ModelForm):
    class Meta:
        model = Licence
        fields = ["kind", "number", "issuer", "valid_from", "valid_until"]
        widgets = {
            "valid_from": forms.DateInput(attrs={"type": "date"}),
            "valid_until": forms.DateInput(attrs={"type": "date"}),
        }


class PersonForm(forms.ModelForm):
    class Meta:
        model = Person
        fields = ["role", "name", "phone", "operation", "cert_no", "cert_expiry"]
        widgets = {"cert_expiry": forms.DateInput(attrs={"type": "date"})}


class ImportForm(forms.Form):
    file = forms.FileField(label="Excel 文件（.xlsx）")

    def clean_file(self):
        f = self.cleaned_data["file"]
        if not f.name.lower().endswith(".xlsx"):
            raise forms.ValidationError("请上传 .xlsx 格式的文件")
        if f.size > 20 * 1024 * 1024:
            raise forms.ValidationError("文件不能超过 20 MB")
        return f


class OverrideForm(forms.Form):
    tier = forms.ChoiceField(
        label="调整为",
        choices=[("", "恢复规则判定"), ("key", "重点"), ("general", "一般")],
        required=False,
    )
    reason = forms.CharField(
        label="调整理由", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
