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
    start = forms.DateField(
        label="开始日期", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    end = forms.DateField(
        label="结束日期", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )

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
        label="督办限期",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


class LiaisonForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Liaison
        fields = ["name", "gender", "org_title", "mobile", "note"]
        widgets = {"mobile": forms.TextInput(attrs={"type": "tel", "inputmode": "numeric"})}


class ObligationForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    title = forms.CharField(label="报送事项", max_length=200, initial="统计汇总表")
    day_of_month = forms.IntegerField(label="每月截止日", min_value=1, max_value=31, initial=23)
    start = forms.DateField(
        label="开始日期", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    end = forms.DateField(
        label="结束日期", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
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


# ------------------------------------------------------------------ lists and tasks by hand


def _county_code(user) -> str:
    from .models import county_prefix

    return county_prefix(user) or "-"


def unit_choices(user):
    """Grouped checkbox choices of the units of the user's county: 安委办, 部门, 镇街/园区."""
    from anjian.accounts.models import Department

    prefix = _county_code(user)
    counties = Region.objects.filter(code__startswith=prefix, level="county")
    depts = Department.objects.filter(region__code__startswith=prefix).order_by(
        "region__code", "id"
    )
    towns = Region.objects.filter(code__startswith=prefix, level="town").order_by("code")
    return [
        ("安委办", [(f"r{r.pk}", f"{r.short_name or r.name}安委办") for r in counties]),
        ("部门", [(f"d{d.pk}", d.name) for d in depts]),
        ("镇街/园区", [(f"r{r.pk}", r.name) for r in towns]),
    ]


def units_from_keys(keys) -> list[Unit]:
    from anjian.accounts.models import Department

    out = []
    for k in keys:
        if k.startswith("d"):
            out.append(Unit.of_department(Department.objects.get(pk=int(k[1:]))))
        else:
            out.append(Unit.of_region(Region.objects.get(pk=int(k[1:]))))
    return out


def unit_keys(units) -> list[str]:
    return [f"d{u.department_id}" if u.department_id else f"r{u.region_id}" for u in units]


class UnitsField(forms.MultipleChoiceField):
    widget = forms.CheckboxSelectMultiple


class TaskListForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    title = forms.CharField(label="清单名称", max_length=200)
    region = forms.ModelChoiceField(Region.objects.none(), label="下发单位（区域）")
    campaign = forms.ModelChoiceField(Campaign.objects.none(), label="专项行动", required=False)
    start = forms.DateField(
        label="开始日期", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    end = forms.DateField(
        label="结束日期", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound and "start" not in self.initial:
            today = timezone.localdate()
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


class TaskForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    seq = forms.IntegerField(label="序号", min_value=1, required=False, help_text="留空则排在最后")
    measure = forms.CharField(
        label="专项行动/硬措施",
        max_length=200,
        required=False,
        help_text="如“一、属地党委政府责任强化行动”",
    )
    task = forms.CharField(
        label="行动任务/重点任务", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    requirement = forms.CharField(
        label="工作要求/具体工作要点", widget=forms.Textarea(attrs={"rows": 3})
    )
    units = UnitsField(label="责任单位", help_text="可多选")
    deadline_kind = forms.ChoiceField(label="时限类型")
    deadline_date = forms.DateField(
        label="完成日期",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="时限类型为“限期”时填写",
    )
    deadline_dates = forms.CharField(
        label="时间节点",
        max_length=200,
        required=False,
        help_text="时限类型为“多个时间节点”时填写，如“8月中旬、11月中旬”或“2023年6月30日、12月底”",
    )
    deadline_day = forms.IntegerField(
        label="每月截止日",
        min_value=1,
        max_value=31,
        required=False,
        help_text="时限类型为“每月”时可填，如23表示每月23日前；留空为月底",
    )

    def __init__(self, *args, user=None, year=None, **kwargs):
        from .services import DEADLINE_KINDS

        super().__init__(*args, **kwargs)
        self.year = year or timezone.localdate().year
        self.fields["deadline_kind"].choices = DEADLINE_KINDS
        self.fields["units"].choices = unit_choices(user) if user is not None else []

    def clean(self):
        from django.core.exceptions import ValidationError

        from .services import build_deadline

        data = super().clean()
        if "deadline_kind" in data:
            try:
                data["deadline"] = build_deadline(
                    data["deadline_kind"], year=self.year, on=data.get("deadline_date"),
                    dates_text=data.get("deadline_dates", ""), day=data.get("deadline_day"),
                )  # fmt: skip
            except ValidationError as exc:
                for f, errs in exc.message_dict.items():
                    self.add_error(f, errs)
        if data.get("units"):
            data["unit_objs"] = units_from_keys(data["units"])
        return data
