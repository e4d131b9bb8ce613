from django import forms

from anjian.accounts.models import Department, Region
from anjian.law import VIOLATIONS

from .models import Case, Sanction, Transfer, TransferItem
from .services import CRIMES

DATE = forms.DateInput(attrs={"type": "date"})


def violation_choices():
    # Only violations with fines or measures for enterprises/persons (第九十三条起).
    out = [("", "——请选择——")]
    for code, v in VIOLATIONS.items():
        if v.fines:
            out.append((code, f"{v.citation}：{v.summary[:40]}"))
    return out


class CaseForm(forms.Form):
    title = forms.CharField(label="案由", max_length=200)
    facts = forms.CharField(label="违法事实", widget=forms.Textarea(attrs={"rows": 4}))
    violation_code = forms.ChoiceField(label="违法行为（处罚依据）", choices=())
    overdue = forms.BooleanField(label="逾期未改正（适用加重罚则）", required=False)
    person_name = forms.CharField(label="责任人员姓名（一案双罚）", max_length=32, required=False)
    person_position = forms.CharField(
        label="责任人员职务", max_length=64, required=False, help_text="如：主要负责人"
    )
    person2_name = forms.CharField(label="其他责任人员姓名", max_length=32, required=False)
    person2_position = forms.CharField(label="其他责任人员职务", max_length=64, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["violation_code"].choices = violation_choices()


class SimpleForm(forms.Form):
    title = forms.CharField(label="案由", max_length=200)
    facts = forms.CharField(label="违法事实", widget=forms.Textarea(attrs={"rows": 3}))
    violation_code = forms.ChoiceField(label="违法行为（处罚依据）", choices=())
    fine = forms.DecimalField(label="罚款金额（元）", min_value=0, decimal_places=2)
    person_name = forms.CharField(label="当事人为个人时填写姓名", max_length=32, required=False)
    out_of_range_reason = forms.CharField(
        label="超出法定幅度的法律理由", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["violation_code"].choices = violation_choices()


class NoteForm(forms.Form):
    note = forms.CharField(label="意见", widget=forms.Textarea(attrs={"rows": 2}), required=False)


class ExposureForm(forms.Form):
    channel = forms.CharField(
        label="曝光渠道", max_length=64, help_text="如：区融媒体中心、政府网站"
    )
    title = forms.CharField(label="标题", max_length=200)
    published_on = forms.DateField(label="曝光日期", widget=DATE)
    link = forms.URLField(label="链接", required=False, assume_scheme="https")
    cases = forms.ModelMultipleChoiceField(
        Case.objects.none(), label="曝光案件", required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cases"].queryset = (
            Case.objects.restrict(user, "view")
            .filter(stage__in=("decided", "served", "execution", "closed"))
            .select_related("enterprise")
        )
        self.fields["cases"].label_from_instance = lambda c: f"{c.number} {c.enterprise.name}"


class TransferForm(forms.Form):
    kind = forms.ChoiceField(label="移交类型", choices=Transfer.KINDS)
    to_region = forms.ModelChoiceField(
        Region.objects.none(), label="移交镇街（属地）", required=False
    )
    to_department = forms.ModelChoiceField(
        Department.objects.none(), label="移交部门", required=False
    )
    to_organ = forms.CharField(label="司法机关", max_length=64, required=False)
    checked_on = forms.DateField(label="检查时间", widget=DATE, required=False)
    reason = forms.CharField(
        label="移交事由", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        prefix = user.department.region.prefix if user.department_id else ""
        self.fields["to_region"].queryset = Region.objects.filter(
            level="town", code__startswith=prefix
        )
        self.fields["to_department"].queryset = Department.objects.filter(
            region__code__startswith=prefix
        ).exclude(pk=user.department_id)


ITEM_ROWS = 5  # the seed form has 5 empty rows


class TransferItemForm(forms.Form):
    check_item = forms.CharField(label="所属检查项目", max_length=128, required=False)
    description = forms.CharField(
        label="问题描述", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    legal_basis = forms.CharField(label="法律依据", required=False)
    standard_basis = forms.CharField(label="标准依据", required=False)
    raised_by = forms.CharField(label="问题提出人员", max_length=64, required=False)
    responsible_unit = forms.CharField(label="执法责任单位", max_length=64, required=False)
    disposals = forms.MultipleChoiceField(
        label="执法处置意见",
        choices=TransferItem.DISPOSALS,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class SanctionForm(forms.Form):
    """One form for the escalations; the view shows the fields each kind needs."""

    kind = forms.ChoiceField(label="类型", choices=Sanction.KINDS)
    starts_on = forms.DateField(label="起始日期", widget=DATE, required=False)
    ends_on = forms.DateField(label="截止日期", widget=DATE, required=False)
    basis = forms.CharField(label="依据", widget=forms.Textarea(attrs={"rows": 2}), required=False)
    licence = forms.IntegerField(label="证照", required=False, widget=forms.Select)
    person_name = forms.CharField(label="人员姓名", max_length=32, required=False)
    serious = forms.BooleanField(label="情节严重", required=False)
    concealed = forms.BooleanField(label="瞒报、谎报生产安全事故", required=False)
    multiplied_fine = forms.BooleanField(label="被处第一百一十四条二至五倍罚款", required=False)
    to_organ = forms.CharField(label="接收机关", max_length=64, required=False)
    crime = forms.ChoiceField(label="涉嫌罪名", choices=[("", "——")] + CRIMES, required=False)
    facts = forms.CharField(label="事实", widget=forms.Textarea(attrs={"rows": 2}), required=False)
