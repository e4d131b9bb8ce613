from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from anjian.accounts.models import Department
from anjian.core.forms import (
    DateInput,
    MonthField,
    SearchSelect,
    ServiceModelForm,
    VersionForm,
    model_field,
)
from anjian.registry.models import Enterprise

from .lookups import label, listed_for, officials_in
from .models import DutyActivity, ResponsiblePerson, RiskCard


def translate_choices(field) -> None:
    field.choices = [(value, _(label) if label else label) for value, label in field.choices]


class ResponsibleForm(ServiceModelForm):
    """One of the 三个责任人; the officials pick a system account and (行业) a department."""

    class Meta:
        model = ResponsiblePerson
        fields = ["name", "position", "phone", "user", "department"]
        widgets = {
            "user": SearchSelect("duty-official"),
            "phone": forms.TextInput(attrs={"type": "tel"}),
        }
        labels = {
            "name": gettext_lazy("姓名"),
            "position": gettext_lazy("单位及职务"),
            "phone": gettext_lazy("联系电话"),
            "user": gettext_lazy("系统账号"),
            "department": gettext_lazy("行业部门"),
        }
        help_texts = {
            "user": gettext_lazy(
                "行政负责人、行业部门监管负责人须关联系统账号，以便记录每月履职情况"
            )
        }

    def __init__(self, *args, kind="enterprise", ent=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        if kind == "enterprise":
            del self.fields["user"]
            del self.fields["department"]
            return
        county = ent.region_id[:6] if ent else "-"
        self.fields["user"].queryset = officials_in(county)
        self.fields["user"].required = True
        self.fields["user"].label_from_instance = label
        if kind == "industry":
            self.fields["department"].queryset = Department.objects.filter(
                region__code__startswith=county
            )
        else:
            del self.fields["department"]


class ActivityForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("履职类型"), choices=DutyActivity.KINDS)
    enterprise = forms.ModelChoiceField(
        None, label=gettext_lazy("挂牌企业"), widget=SearchSelect("duty-listed")
    )
    day = forms.DateField(label=gettext_lazy("日期"), widget=DateInput())
    description = model_field(
        DutyActivity, "description", label=gettext_lazy("情况说明"),
        widget=forms.Textarea(attrs={"rows": 2}),
    )  # fmt: skip

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        translate_choices(self.fields["kind"])
        self.fields["enterprise"].queryset = Enterprise.objects.filter(pk__in=listed_for(user))


def _lines(name, label):
    return model_field(
        RiskCard, name, label=label, widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy("每行一项"),
    )  # fmt: skip


class RiskCardForm(VersionForm):
    main_risks = _lines("main_risks", gettext_lazy("主要安全风险"))
    key_controls = _lines("key_controls", gettext_lazy("关键管控措施"))
    emergency_measures = _lines("emergency_measures", gettext_lazy("应急处置措施"))
    contacts = forms.CharField(
        label=gettext_lazy("应急联系方式"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=gettext_lazy(
            "每行一项：联系人类别 姓名 电话，如：安全管理员 王五 13800000000；火警 119"
        ),
    )

    def clean_contacts(self):
        out = []
        for line in self.cleaned_data["contacts"].splitlines():
            parts = line.replace("，", " ").replace(",", " ").split()
            if not parts:
                continue
            if len(parts) == 2:
                out.append({"role": parts[0], "name": "", "phone": parts[1]})
            elif len(parts) >= 3:
                out.append({"role": parts[0], "name": " ".join(parts[1:-1]), "phone": parts[-1]})
            else:
                raise forms.ValidationError(_("“%(line)s”缺少联系电话") % {"line": line.strip()})
        return out

    @staticmethod
    def contacts_text(contacts) -> str:
        return "\n".join(
            " ".join(x for x in (c.get("role", ""), c.get("name", ""), c.get("phone", "")) if x)
            for c in contacts
        )


class MonthForm(forms.Form):
    """?month=YYYY-MM of the quota pages (a bad value is a 400 naming the field)."""

    month = MonthField(label=gettext_lazy("月份"), required=False)
