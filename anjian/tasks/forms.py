from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from anjian.accounts.models import Department, Region
from anjian.campaigns.models import Campaign
from anjian.core.forms import (
    DateInput,
    MultipleFileField,
    SearchSelectMultiple,
    ServiceModelForm,
    VersionForm,
    XlsxUploadForm,
    apply_errors,
    model_field,
)

from .display import period_label
from .models import Liaison, Obligation, Submission, Task, TaskList, Unit


def issuer_label(region) -> str:
    """A list's issuing unit: a county stands for its 安委办."""
    return _("%(name)s安委办") % {"name": region.name} if region.level == "county" else region.name


def _scope_choices(form, user) -> None:
    """下发单位 in the user's county and 专项行动 the user may see."""
    if user is not None and user.region_id:
        form.fields["region"].queryset = Region.objects.filter(
            code__startswith=user.region.prefix, level__in=["county", "town"]
        )
        if not form.initial.get("region"):
            form.fields["region"].initial = user.region
        form.fields["campaign"].queryset = Campaign.objects.restrict(user, "view")
    else:
        form.fields["region"].queryset = Region.objects.none()
        form.fields["campaign"].queryset = Campaign.objects.none()
    form.fields["region"].label_from_instance = issuer_label


def _check_dates(form, data) -> None:
    if data.get("start") and data.get("end") and data["end"] < data["start"]:
        form.add_error("end", _("结束日期不能早于开始日期"))


def _period_choices(periods):
    return [(p.key, _("%(period)s（%(due)s前）") % {"period": period_label(p),
             "due": p.due.strftime("%m-%d")}) for p in periods]  # fmt: skip


class TaskImportForm(XlsxUploadForm):
    title = model_field(TaskList, "title", label=gettext_lazy("清单名称"))
    region = forms.ModelChoiceField(Region.objects.none(), label=gettext_lazy("下发单位（区域）"))
    campaign = forms.ModelChoiceField(
        Campaign.objects.none(), label=gettext_lazy("专项行动"), required=False
    )
    year = forms.IntegerField(
        label=gettext_lazy("年度"), min_value=2000, max_value=2100,
        help_text=gettext_lazy("未写年份的日期按此年度"),
    )  # fmt: skip
    start = forms.DateField(label=gettext_lazy("开始日期"), widget=DateInput())
    end = forms.DateField(label=gettext_lazy("结束日期"), widget=DateInput())

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.fields["year"].initial = today.year
        self.fields["start"].initial = today
        self.fields["end"].initial = today.replace(month=12, day=31)
        _scope_choices(self, user)

    def clean(self):
        data = super().clean()
        _check_dates(self, data)
        return data


class ReportForm(VersionForm):
    period_key = forms.ChoiceField(label=gettext_lazy("期次"))
    note = forms.CharField(
        label=gettext_lazy("完成情况"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )
    files = MultipleFileField(
        label=gettext_lazy("佐证材料"),
        required=False,
        help_text=gettext_lazy("可多选；PDF、图片、Word、Excel 等，单个不超过 20 MB"),
    )

    def __init__(self, *args, periods=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period_key"].choices = _period_choices(periods)


class SuperviseForm(forms.Form):
    unit = forms.ModelChoiceField(Unit.objects.none(), widget=forms.HiddenInput)
    period_key = forms.CharField(max_length=16, widget=forms.HiddenInput)
    note = forms.CharField(
        label=gettext_lazy("督办意见"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    new_due = forms.DateField(label=gettext_lazy("督办限期"), required=False, widget=DateInput())
    next = forms.CharField(required=False, max_length=200, widget=forms.HiddenInput)

    def __init__(self, *args, task=None, **kwargs):
        super().__init__(*args, **kwargs)
        if task is not None:
            self.fields["unit"].queryset = task.units.all()
        self.fields["unit"].error_messages["invalid_choice"] = _("该单位不是该任务的责任单位")


class LiaisonForm(ServiceModelForm):
    class Meta:
        model = Liaison
        fields = ["name", "gender", "org_title", "mobile", "note"]
        widgets = {"mobile": forms.TextInput(attrs={"type": "tel", "inputmode": "numeric"})}
        labels = {
            "name": gettext_lazy("姓名"),
            "gender": gettext_lazy("性别"),
            "org_title": gettext_lazy("工作单位及职务"),
            "mobile": gettext_lazy("手机号码"),
            "note": gettext_lazy("备注"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["gender"].choices = [
            (v, _(label) if v else label) for v, label in self.fields["gender"].choices
        ]


class ObligationForm(ServiceModelForm):
    departments = forms.ModelMultipleChoiceField(
        queryset=Department.objects.none(), label=gettext_lazy("报送部门"), required=False,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
    towns = forms.ModelMultipleChoiceField(
        queryset=Region.objects.none(), label=gettext_lazy("报送镇街/园区"), required=False,
        widget=SearchSelectMultiple("town", placeholder=gettext_lazy("输入镇街名称或区划代码")),
    )  # fmt: skip
    day_of_month = forms.IntegerField(label=gettext_lazy("每月截止日"), min_value=1, max_value=31)

    class Meta:
        model = Obligation
        fields = [
            "title", "stats_table", "day_of_month", "start", "end", "departments", "towns",
            "campaign",
        ]  # fmt: skip
        widgets = {"start": DateInput(), "end": DateInput()}
        labels = {
            "title": gettext_lazy("报送事项"),
            "stats_table": gettext_lazy("对应统计报表"),
            "day_of_month": gettext_lazy("每月截止日"),
            "start": gettext_lazy("开始日期"),
            "end": gettext_lazy("结束日期"),
            "campaign": gettext_lazy("专项行动"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.user
        prefix = user.region.prefix if user and user.region_id else "-"
        self.fields["departments"].queryset = Department.objects.filter(
            region__code__startswith=prefix
        )
        self.fields["towns"].queryset = Region.objects.filter(code__startswith=prefix, level="town")
        self.fields["campaign"].queryset = (
            Campaign.objects.restrict(user, "view") if user else Campaign.objects.none()
        )
        self.fields["stats_table"].choices = [
            (v, _(label)) for v, label in self.fields["stats_table"].choices
        ]
        if self.instance.pk:
            units = list(self.instance.units.all())
            self.initial["departments"] = [u.department_id for u in units if u.department_id]
            self.initial["towns"] = [u.region_id for u in units if u.region_id]
        else:
            self.initial.setdefault("title", _("统计汇总表"))
            self.initial.setdefault("stats_table", "s1")
            self.initial.setdefault("day_of_month", 23)

    def units(self) -> list[Unit]:
        d = self.cleaned_data
        return [Unit.of_department(x) for x in d["departments"]] + [
            Unit.of_region(r) for r in d["towns"]
        ]


class SubmissionForm(forms.Form):
    period_key = forms.ChoiceField(label=gettext_lazy("期次"))
    file = forms.FileField(label=gettext_lazy("报送文件"), required=False)
    note = model_field(Submission, "note", label=gettext_lazy("说明"))

    def __init__(self, *args, periods=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period_key"].choices = _period_choices(periods)


# ------------------------------------------------------------------ lists and tasks by hand


def _county_code(user) -> str:
    from .models import county_prefix

    return county_prefix(user) or "-"


def unit_choices(user):
    """Grouped checkbox choices of the units of the user's county: 安委办, 部门, 镇街/园区."""
    prefix = _county_code(user)
    counties = Region.objects.filter(code__startswith=prefix, level="county")
    depts = Department.objects.filter(region__code__startswith=prefix).order_by(
        "region__code", "id"
    )
    towns = Region.objects.filter(code__startswith=prefix, level="town").order_by("code")
    return [
        (
            _("安委办"),
            [
                (f"r{r.pk}", _("%(name)s安委办") % {"name": r.short_name or r.name})
                for r in counties
            ],
        ),
        (_("部门"), [(f"d{d.pk}", d.name) for d in depts]),
        (_("镇街/园区"), [(f"r{r.pk}", r.name) for r in towns]),
    ]


def units_from_keys(keys) -> list[Unit]:
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


class TaskListForm(ServiceModelForm):
    class Meta:
        model = TaskList
        fields = ["title", "region", "campaign", "start", "end"]
        widgets = {"start": DateInput(), "end": DateInput()}
        labels = {
            "title": gettext_lazy("清单名称"),
            "region": gettext_lazy("下发单位（区域）"),
            "campaign": gettext_lazy("专项行动"),
            "start": gettext_lazy("开始日期"),
            "end": gettext_lazy("结束日期"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            today = timezone.localdate()
            self.initial.setdefault("start", today)
            self.initial.setdefault("end", today.replace(month=12, day=31))
        _scope_choices(self, self.user)


class TaskForm(ServiceModelForm):
    units = UnitsField(label=gettext_lazy("责任单位"), help_text=gettext_lazy("可多选"))
    deadline_kind = forms.ChoiceField(label=gettext_lazy("时限类型"))
    deadline_date = forms.DateField(
        label=gettext_lazy("完成日期"), required=False, widget=DateInput(),
        help_text=gettext_lazy("时限类型为“限期”时填写"),
    )  # fmt: skip
    deadline_dates = forms.CharField(
        label=gettext_lazy("时间节点"),
        max_length=200,
        required=False,
        help_text=gettext_lazy(
            "时限类型为“多个时间节点”时填写，如“8月中旬、11月中旬”或“2023年6月30日、12月底”"
        ),
    )
    deadline_day = forms.IntegerField(
        label=gettext_lazy("每月截止日"),
        min_value=1,
        max_value=31,
        required=False,
        help_text=gettext_lazy("时限类型为“每月”时可填，如23表示每月23日前；留空为月底"),
    )

    class Meta:
        model = Task
        fields = ["seq", "measure", "task", "requirement"]
        widgets = {
            "task": forms.Textarea(attrs={"rows": 2}),
            "requirement": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {
            "seq": gettext_lazy("序号"),
            "measure": gettext_lazy("专项行动/硬措施"),
            "task": gettext_lazy("行动任务/重点任务"),
            "requirement": gettext_lazy("工作要求/具体工作要点"),
        }
        help_texts = {
            "seq": gettext_lazy("留空则排在最后"),
            "measure": gettext_lazy("如“一、属地党委政府责任强化行动”"),
        }

    def __init__(self, *args, year=None, **kwargs):
        from .services import DEADLINE_KINDS, deadline_fields

        super().__init__(*args, **kwargs)
        self.year = year or timezone.localdate().year
        self.fields["seq"].required = False
        self.fields["seq"].min_value = 1
        self.fields["deadline_kind"].choices = [(k, _(label)) for k, label in DEADLINE_KINDS]
        self.fields["units"].choices = unit_choices(self.user) if self.user is not None else []
        if self.instance.pk:
            self.initial["units"] = unit_keys(self.instance.units.all())
            self.initial.update(deadline_fields(self.instance.deadline_spec))

    def clean(self):
        from .services import build_deadline

        data = super().clean()
        if "deadline_kind" in data:
            try:
                data["deadline"] = build_deadline(
                    data["deadline_kind"], year=self.year, on=data.get("deadline_date"),
                    dates_text=data.get("deadline_dates", ""), day=data.get("deadline_day"),
                )  # fmt: skip
            except ValidationError as exc:
                apply_errors(self, exc)
        if data.get("units"):
            data["unit_objs"] = units_from_keys(data["units"])
        return data
