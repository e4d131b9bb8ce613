from django import forms

from anjian.accounts.models import Department

from .models import (
    DISPOSALS,
    Hazard,
    HazardCriterion,
    HazardStandardCategory,
    OnSiteMeasure,
    Supervision,
)

DATE = forms.DateInput(attrs={"type": "date"})


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "image/*,.pdf,.doc,.docx"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


class VersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class ReportForm(forms.Form):
    credit_code = forms.CharField(label="企业统一社会信用代码", max_length=18, required=False)
    source = forms.ChoiceField(label="隐患来源", choices=Hazard.SOURCES)
    level = forms.ChoiceField(label="隐患等级", choices=Hazard.LEVELS)
    criterion = forms.ModelChoiceField(
        HazardCriterion.objects.all(),
        label="判定标准条款",
        required=False,
        help_text="属于重大事故隐患判定标准所列情形的，请选择条款（自动判定为重大隐患）",
    )
    description = forms.CharField(label="隐患描述", widget=forms.Textarea(attrs={"rows": 3}))
    location = forms.CharField(label="部位", max_length=128, required=False)
    found_on = forms.DateField(label="发现日期", widget=DATE, required=False)
    mode = forms.ChoiceField(label="整改方式", choices=Hazard.MODES)
    deadline = forms.DateField(label="整改期限", widget=DATE, required=False)
    rectification_plan = forms.CharField(
        label="整改方案", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    files = MultipleFileField(label="隐患照片或材料", required=False)

    def __init__(self, *args, user=None, enterprise=None, **kwargs):
        super().__init__(*args, **kwargs)
        if user is not None and user.role == "enterprise":
            del self.fields["credit_code"]
            self.fields["source"].choices = [("self", "企业自查")]
        elif enterprise is not None:
            self.fields["credit_code"].initial = enterprise.credit_code


class FiveMeasuresForm(VersionForm):
    measures = forms.CharField(label="整改措施", widget=forms.Textarea(attrs={"rows": 2}))
    responsible_person = forms.CharField(label="整改责任人", max_length=64)
    funds = forms.DecimalField(label="整改资金（元）", min_value=0, decimal_places=2)
    deadline = forms.DateField(label="整改时限", widget=DATE)
    emergency_plan = forms.CharField(label="应急预案", widget=forms.Textarea(attrs={"rows": 2}))


class SubmitForm(VersionForm):
    note = forms.CharField(label="整改情况说明", widget=forms.Textarea(attrs={"rows": 3}))
    files = MultipleFileField(label="整改后照片或证明材料", required=True)


class ReviewForm(VersionForm):
    passed = forms.TypedChoiceField(
        label="复查结论",
        choices=[("1", "整改合格，予以销号"), ("0", "复查不通过，继续整改")],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    opinion = forms.CharField(label="复查意见", widget=forms.Textarea(attrs={"rows": 3}))


class ImmediateForm(VersionForm):
    note = forms.CharField(label="现场整改情况", widget=forms.Textarea(attrs={"rows": 2}))
    files = MultipleFileField(label="整改后照片", required=True)


class ExtensionForm(VersionForm):
    new_deadline = forms.DateField(label="申请延期至", widget=DATE)
    reason = forms.CharField(label="延期理由", widget=forms.Textarea(attrs={"rows": 2}))


class DecideExtensionForm(VersionForm):
    approve = forms.TypedChoiceField(
        label="审批意见",
        choices=[("1", "批准延期"), ("0", "不批准")],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label="说明", required=False)


class SuperviseForm(forms.Form):
    level = forms.ChoiceField(label="督办级别", choices=Supervision.LEVELS)
    issuing_unit = forms.CharField(label="督办单位", max_length=64)
    number = forms.CharField(label="督办文号", max_length=64)
    issued_on = forms.DateField(label="挂牌日期", widget=DATE)
    deadline = forms.DateField(label="督办期限", widget=DATE)


class DisposalForm(forms.Form):
    option = forms.ChoiceField(label="执法处置意见", choices=DISPOSALS)
    transfer_to = forms.ModelChoiceField(Department.objects.all(), label="移交部门", required=False)
    note = forms.CharField(label="说明", required=False)


class MeasureForm(forms.Form):
    kind = forms.ChoiceField(label="现场处理措施", choices=OnSiteMeasure.KINDS)
    target = forms.CharField(label="对象", max_length=128, required=False)
    basis = forms.CharField(label="依据", required=False)


class LiftForm(VersionForm):
    note = forms.CharField(label="解除理由")


class CriterionForm(forms.Form):
    category = forms.ModelChoiceField(
        HazardStandardCategory.objects.select_related("standard"), label="类别"
    )
    number = forms.CharField(label="条款", max_length=32)
    text = forms.CharField(label="情形", widget=forms.Textarea(attrs={"rows": 3}))


class ImportForm(forms.Form):
    credit_code = forms.CharField(label="企业统一社会信用代码", max_length=18, required=False)
    file = forms.FileField(label="隐患台账 Excel 文件（.xlsx）")

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if user is not None and user.role == "enterprise":
            del self.fields["credit_code"]

    def clean_file(self):
        f = self.cleaned_data["file"]
        if not f.name.lower().endswith(".xlsx"):
            raise forms.ValidationError("请上传 .xlsx 格式的文件")
        if f.size > 20 * 1024 * 1024:
            raise forms.ValidationError("文件不能超过 20 MB")
        return f
