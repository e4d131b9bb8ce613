from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from anjian.accounts.models import Sector

from . import creditcode
from .models import Enterprise, Licence, Person
from .services import region_choices_for


def credit_code_message(code: str, problem: str) -> str:
    """The 统一社会信用代码 error in the active language.

    `creditcode.problem` decides validity and words the Chinese message; this re-states the
    same checks, in the same order, to word it through gettext. An unknown case falls back to
    the Chinese text.
    """
    if not code:
        return _("统一社会信用代码不能为空")
    if len(code) != 18:
        return _("统一社会信用代码应为18位，实为%(n)d位") % {"n": len(code)}
    bad = [c for c in code if c not in creditcode.CHARSET]
    if bad:
        return _("统一社会信用代码含有不允许的字符“%(char)s”（不使用 I、O、Z、S、V）") % {
            "char": bad[0]
        }
    if not code[2:8].isdigit():
        return _("统一社会信用代码第3–8位应为行政区划代码（数字）")
    expected = creditcode.check_char(code[:17])
    if code[17] != expected:
        return _("统一社会信用代码校验码错误（第18位应为 %(char)s）") % {"char": expected}
    return f"统一社会信用代码{problem}"


def translate_choices(field) -> None:
    """Show a model field's Chinese choice labels in the active language (see core.i18n)."""
    field.choices = [(value, _(label) if label else label) for value, label in field.choices]


class EnterpriseForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    sectors = forms.ModelMultipleChoiceField(
        Sector.objects.all(),
        label=gettext_lazy("其他行业领域"),
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
        translate_choices(self.fields["status"])
        translate_choices(self.fields["major_hazard_level"])
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
            self.fields["sectors"].initial = list(self.instance.sectors.all())

    def clean_credit_code(self):
        code = (self.cleaned_data.get("credit_code") or "").strip().upper()
        problem = creditcode.problem(code)
        if problem:
            raise forms.ValidationError(credit_code_message(code, problem))
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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        translate_choices(self.fields["kind"])


class PersonForm(forms.ModelForm):
    class Meta:
        model = Person
        fields = ["role", "name", "phone", "operation", "cert_no", "cert_expiry"]
        widgets = {"cert_expiry": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        translate_choices(self.fields["role"])


class ImportForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Excel 文件（.xlsx）"))

    def clean_file(self):
        f = self.cleaned_data["file"]
        if not f.name.lower().endswith(".xlsx"):
            raise forms.ValidationError(_("请上传 .xlsx 格式的文件"))
        if f.size > 20 * 1024 * 1024:
            raise forms.ValidationError(_("文件不能超过 20 MB"))
        return f


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
