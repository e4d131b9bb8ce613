from django import forms
from django.utils import timezone

from anjian.accounts.models import Region
from anjian.campaigns.models import Campaign

from .models import Liaison, Unit


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


class TaskImportForm(forms.Form):
    file = forms.FileField(label="Excel 文件（.xlsx）")
    title = forms.CharField(label="清单名称", max_length=200)
    region = forms.ModelChoiceField(Region.objects.none(), label="下发单位（区域）")
    campaign = forms.ModelChoiceField(Campaign.objects.none(), label="专项行动", required=False)
    year = forms.IntegerField(
        label="年度", min_value=2000, max_value=2100, help_text="未写年份的日期按此年度"
    )
    start = forms.DateField(label="开始日期", widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label="结束日期", widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.fields["year"].initial = today.year
        self.fields["start"].initial = today
        self.fields["end"].initial = today.replace(month=12, day=31)
        if user is not None and user.region_id:
            self.fields["region"].queryset = Region.objects.filter(
                code__startswith=user.region.prefix, level__in=["county", "town"]
            )
            self.fields["region"].initial = user.region
            self.fields["campaign"].queryset = Campaign.objects.restrict(user, "view")
        self.fields["region"].label_from_instance = lambda r: (
            f"{r.name}安委办" if r.level == "county" else r.name
        )

    def clean_file(self):
        f = self.cleaned_data["file"]
        if not f.name.lower().endswith(".xlsx"):
            raise forms.ValidationError("请上传 .xlsx 格式的文件")
        if f.size > 20 * 1024 * 1024:
            raise forms.ValidationError("文件不能超过 20 MB")
        return f

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", "结束日期不能早于开始日期")
        return data


class ReportForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    period_key = forms.ChoiceField(label="期次")
    note = forms.CharField(label="完成情况", widget=forms.Textarea(attrs={"rows": 3}))
    files = MultipleFileField(
        label="佐证材料",
        required=False,
        help_text="可多选；PDF、图片、Word、Excel 等，单个不超过 20 MB",
    )

    def __init__(self, *args, periods=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period_key"].choices = [
            (p.key, f"{p.label}（{p.due:%m月%d日}前）") for p in periods
        ]


class SuperviseForm(forms.Form):
    unit = forms.IntegerField(widget=forms.HiddenInput)
    period_key = forms.CharField(widget=forms.HiddenInput)
    note = forms.CharField(label="督办意见", widget=forms.Textarea(attrs={"rows": 2}))
    new_due = forms.DateField(
        label="督办限期", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class LiaisonForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Liaison
        fields = ["name", "gender", "org_title", "mobile", "note"]


class ObligationForm(forms.Form):
    title = forms.CharField(label="报送事项", max_length=200, initial="统计汇总表")
    day_of_month = forms.IntegerField(label="每月截止日", min_value=1, max_value=31, initial=23)
    start = forms.DateField(label="开始日期", widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label="结束日期", widget=forms.DateInput(attrs={"type": "date"}))
    departments = forms.ModelMultipleChoiceField(
        queryset=None, label="报送部门", required=False, widget=forms.CheckboxSelectMultiple
    )
    towns = forms.ModelMultipleChoiceField(
        queryset=None, label="报送镇街/园区", required=False, widget=forms.CheckboxSelectMultiple
    )
    campaign = forms.ModelChoiceField(Campaign.objects.none(), label="专项行动", required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        from anjian.accounts.models import Department

        prefix = user.region.prefix if user and user.region_id else "-"
        self.fields["departments"].queryset = Department.objects.filter(
            region__code__startswith=prefix
        )
        self.fields["towns"].queryset = Region.objects.filter(code__startswith=prefix, level="town")
        if user is not None:
            self.fields["campaign"].queryset = Campaign.objects.restrict(user, "view")

    def units(self) -> list[Unit]:
        d = self.cleaned_data
        return [Unit.of_department(x) for x in d["departments"]] + [
            Unit.of_region(r) for r in d["towns"]
        ]


class SubmissionForm(forms.Form):
    period_key = forms.ChoiceField(label="期次")
    file = forms.FileField(label="报送文件", required=False)
    note = forms.CharField(label="说明", max_length=200, required=False)

    def __init__(self, *args, periods=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period_key"].choices = [
            (p.key, f"{p.label}（{p.due:%m月%d日}前）") for p in periods
        ]
