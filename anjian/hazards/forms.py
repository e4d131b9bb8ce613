"""Forms of the hazard pages: they parse (types, lengths and digits from the model fields) and
the services validate."""

from django import forms
from django.utils.translation import gettext_lazy, pgettext_lazy

from anjian.accounts.models import Department, Role
from anjian.core.forms import (
    DateInput,
    MultipleFileInput,
    SearchSelect,
    ServiceModelForm,
    VersionForm,
    XlsxUploadForm,
    model_field,
)
from anjian.core.forms import MultipleFileField as CoreMultipleFileField
from anjian.registry.forms import translate_choices
from anjian.registry.models import Enterprise

from .models import (
    DISPOSALS,
    Hazard,
    HazardCriterion,
    HazardStandardCategory,
    OnSiteMeasure,
    Supervision,
)

__all__ = ["VersionForm"]  # re-exported: the transitions that take only the version


def _rows(n):
    return forms.Textarea(attrs={"rows": n})


def MultipleFileField(**kwargs):
    """Photos and documents of a hazard (core.forms.MultipleFileField)."""
    kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "image/*,.pdf,.doc,.docx"}))
    return CoreMultipleFileField(**kwargs)


def enterprise_field(user, **kwargs) -> forms.ModelChoiceField:
    """One of the user's enterprises, searched as the user types (registry's lookup)."""
    kwargs.setdefault("label", gettext_lazy("企业"))
    return forms.ModelChoiceField(
        Enterprise.objects.restrict(user, "view"),
        widget=SearchSelect(
            "enterprise", placeholder=gettext_lazy("输入企业名称或统一社会信用代码")
        ),
        error_messages={"invalid_choice": gettext_lazy("未找到该企业，或该企业不在您的监管范围内")},
        **kwargs,
    )


def translate_all(form) -> None:
    """Every choice field's Chinese labels (kept so in the models) in the active language."""
    for field in form.fields.values():
        if isinstance(field, forms.ChoiceField) and not isinstance(field, forms.ModelChoiceField):
            translate_choices(field)


class ReportForm(ServiceModelForm):
    """登记隐患: staff pick one of their enterprises; an enterprise user reports its own 自查."""

    found_on = forms.DateField(label=gettext_lazy("发现日期"), widget=DateInput(), required=False)
    files = MultipleFileField(label=gettext_lazy("隐患照片或材料"), required=False)
    new_occurrence = forms.BooleanField(
        label=gettext_lazy("新发生的隐患"),
        required=False,
        help_text=gettext_lazy(
            "该企业已有相同的未销号隐患时，系统拒绝重复登记；确属新发生的（如另一处、另一次），勾选后登记并与原隐患关联"
        ),
    )

    class Meta:
        model = Hazard
        fields = [
            "enterprise",
            "source",
            "level",
            "criterion",
            "description",
            "location",
            "found_on",
            "mode",
            "deadline",
            "rectification_plan",
            "files",
            "new_occurrence",
        ]
        labels = {
            "source": gettext_lazy("隐患来源"),
            "level": gettext_lazy("隐患等级"),
            "mode": gettext_lazy("整改方式"),
        }
        widgets = {
            "description": _rows(3),
            "rectification_plan": _rows(2),
            "deadline": DateInput(),
        }
        help_texts = {
            "criterion": gettext_lazy(
                "属于重大事故隐患判定标准所列情形的，请选择条款（自动判定为重大隐患）"
            )
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.user is not None and self.user.role == Role.ENTERPRISE:
            del self.fields["enterprise"]
            self.fields["source"].choices = [("self", "企业自查")]
        else:
            self.fields["enterprise"] = enterprise_field(self.user)
            self.fields["source"].choices = Hazard.SOURCES
        self.fields["criterion"].queryset = HazardCriterion.objects.all()
        translate_all(self)


class FiveMeasuresForm(VersionForm):
    measures = model_field(Hazard, "measures", widget=_rows(2), required=True)
    responsible_person = model_field(Hazard, "responsible_person", required=True)
    funds = model_field(Hazard, "funds", min_value=0, required=True)
    deadline = model_field(
        Hazard, "deadline", label=gettext_lazy("整改时限"), widget=DateInput(), required=True
    )
    emergency_plan = model_field(Hazard, "emergency_plan", widget=_rows(2), required=True)


class SubmitForm(VersionForm):
    note = forms.CharField(label=gettext_lazy("整改情况说明"), widget=_rows(3))
    files = MultipleFileField(label=gettext_lazy("整改后照片或证明材料"), required=True)


class ReviewForm(VersionForm):
    passed = forms.TypedChoiceField(
        label=gettext_lazy("复查结论"),
        choices=[
            ("1", gettext_lazy("整改合格，予以销号")),
            ("0", gettext_lazy("复查不通过，继续整改")),
        ],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    opinion = forms.CharField(label=gettext_lazy("复查意见"), widget=_rows(3))


class ImmediateForm(VersionForm):
    note = forms.CharField(label=gettext_lazy("现场整改情况"), widget=_rows(2))
    files = MultipleFileField(label=gettext_lazy("整改后照片"), required=True)


class ExtensionForm(VersionForm):
    new_deadline = forms.DateField(label=gettext_lazy("申请延期至"), widget=DateInput())
    reason = forms.CharField(label=gettext_lazy("延期理由"), widget=_rows(2))


class DecideExtensionForm(VersionForm):
    approve = forms.TypedChoiceField(
        label=gettext_lazy("审批意见"),
        choices=[
            ("1", pgettext_lazy("decision", "批准延期")),
            ("0", pgettext_lazy("decision", "不批准")),
        ],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label=gettext_lazy("说明"), required=False)


class SuperviseForm(forms.Form):
    level = model_field(Supervision, "level")
    issuing_unit = model_field(Supervision, "issuing_unit")
    number = model_field(Supervision, "number")
    issued_on = model_field(Supervision, "issued_on", widget=DateInput())
    deadline = model_field(Supervision, "deadline", widget=DateInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        translate_all(self)


class DisposalForm(forms.Form):
    option = forms.ChoiceField(label=gettext_lazy("执法处置意见"), choices=DISPOSALS)
    transfer_to = forms.ModelChoiceField(
        Department.objects.all(), label=gettext_lazy("移交部门"), required=False
    )
    note = forms.CharField(label=gettext_lazy("说明"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        translate_all(self)


class MeasureForm(forms.Form):
    kind = model_field(OnSiteMeasure, "kind", label=gettext_lazy("现场处理措施"))
    target = model_field(OnSiteMeasure, "target")
    basis = model_field(OnSiteMeasure, "basis", widget=forms.TextInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        translate_all(self)


class LiftForm(VersionForm):
    note = forms.CharField(label=gettext_lazy("解除理由"))


class LiftSupervisionForm(forms.Form):
    note = forms.CharField(label=gettext_lazy("摘牌说明"), required=False)


class CriterionForm(forms.Form):
    category = forms.ModelChoiceField(
        HazardStandardCategory.objects.select_related("standard"), label=gettext_lazy("类别")
    )
    number = model_field(HazardCriterion, "number")
    text = model_field(HazardCriterion, "text", widget=_rows(3))


class ImportForm(XlsxUploadForm):
    file = forms.FileField(label=gettext_lazy("隐患台账 Excel 文件（.xlsx）"))

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if user is not None and user.role != Role.ENTERPRISE:
            self.fields = {"enterprise": enterprise_field(user), **self.fields}
