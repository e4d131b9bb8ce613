from django import forms

from anjian.accounts.models import Department, Region, Role, Sector, User

from .models import MODES, Finding, FiveOne, SupervisionPlan

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class UserChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, u):
        cert = f"（执法证 {u.cert_no}，有效期至 {u.cert_expiry:%Y-%m-%d}）" if u.cert_expiry else ""
        return f"{u.display_name}{cert}"


class InspectionForm(forms.Form):
    enterprise = forms.CharField(
        label="被检查单位", help_text="统一社会信用代码或企业全称", max_length=128
    )
    inspected_on = forms.DateField(label="检查日期", widget=DATE)
    inspectors = UserChoice(
        User.objects.none(),
        label="检查组执法人员",
        widget=forms.CheckboxSelectMultiple,
        help_text="至少两名持有效执法证的执法人员（含本人）",
    )
    experts = UserChoice(
        User.objects.none(), label="专家", required=False, widget=forms.CheckboxSelectMultiple
    )
    modes = forms.MultipleChoiceField(
        label="检查方式",
        choices=[m for m in MODES if m[0] != "random"],
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    joint_departments = forms.ModelMultipleChoiceField(
        Department.objects.none(), label="联合执法部门", required=False
    )
    origin = forms.ChoiceField(
        label="检查来源",
        choices=[("adhoc", "临时检查"), ("plan", "年度计划"), ("tip", "举报线索")],
    )
    plan = forms.ModelChoiceField(SupervisionPlan.objects.none(), label="年度计划", required=False)
    tip_ref = forms.CharField(label="举报编号", required=False, max_length=64)
    inspecting_town = forms.ModelChoiceField(
        Region.objects.filter(level="town"), label="检查组所属镇街（异地互查）", required=False
    )
    campaign = forms.ModelChoiceField(None, label="专项行动", required=False)
    place = forms.CharField(label="检查场所", required=False, max_length=200)

    def __init__(self, *args, user, **kwargs):
        from anjian.campaigns.models import Campaign

        super().__init__(*args, **kwargs)
        region = user.department.region if user.department_id else user.region
        self.fields["inspectors"].queryset = User.objects.filter(
            role__in=(Role.INSPECTOR, Role.DEPT_LEADER),
            is_active=True,
            department__region=region,
        ).order_by("department_id", "id")
        self.fields["experts"].queryset = User.objects.filter(role=Role.EXPERT, is_active=True)
        self.fields["joint_departments"].queryset = Department.objects.filter(
            region=region
        ).exclude(pk=user.department_id)
        self.fields["plan"].queryset = SupervisionPlan.objects.filter(
            department_id=user.department_id
        )
        self.fields["campaign"].queryset = Campaign.objects.restrict(user)
        if region:
            self.fields["inspecting_town"].queryset = Region.objects.filter(
                level="town", code__startswith=region.prefix
            )


class MetaForm(forms.Form):
    place = forms.CharField(label="检查场所", required=False, max_length=200)
    summary = forms.CharField(
        label="检查情况", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    enterprise_rep = forms.CharField(label="被检查单位现场负责人", required=False, max_length=32)
    enterprise_rep_title = forms.CharField(label="职务", required=False, max_length=32)


class FindingForm(forms.Form):
    kind = forms.ChoiceField(label="类别", choices=Finding.KINDS)
    description = forms.CharField(label="问题描述", widget=forms.Textarea(attrs={"rows": 2}))
    location = forms.CharField(label="部位", required=False, max_length=128)
    checklist_item = forms.TypedChoiceField(
        label="对应检查项", required=False, coerce=int, empty_value=None
    )
    hazard_level = forms.ChoiceField(
        label="隐患等级", choices=Finding.LEVELS, required=False, initial="general"
    )
    rectification_plan = forms.CharField(
        label="整改要求", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    deadline = forms.DateField(label="整改期限", required=False, widget=DATE)
    violation_code = forms.CharField(
        label="违法行为代码",
        required=False,
        max_length=32,
        help_text="如 SPL-97-2（安全生产法第九十七条第二项）",
    )

    def __init__(self, *args, items=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["checklist_item"].choices = [("", "—")] + [
            (i.pk, f"{i.subject} {i.seq}. {i.item[:24]}") for i in items
        ]


class FiveOneForm(forms.Form):
    kind = forms.ChoiceField(label="事项", choices=FiveOne.KINDS)
    participants = forms.CharField(label="对象/参加人员", required=False, max_length=200)
    score = forms.IntegerField(label="测试得分", required=False, min_value=0, max_value=100)
    summary = forms.CharField(
        label="情况记录", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class AmendForm(forms.Form):
    reason = forms.CharField(label="更正原因", widget=forms.Textarea(attrs={"rows": 2}))
    content = forms.CharField(label="更正内容", widget=forms.Textarea(attrs={"rows": 3}))


class DrawForm(forms.Form):
    title = forms.CharField(label="抽查名称", max_length=128)
    inspection_date = forms.DateField(label="检查日期", widget=DATE)
    k = forms.IntegerField(label="抽取企业数", min_value=1, max_value=10000)
    team_size = forms.IntegerField(label="每家企业执法人员数", min_value=2, max_value=10, initial=2)
    sector = forms.ModelChoiceField(Sector.objects.none(), label="行业领域", required=False)
    town = forms.ModelChoiceField(Region.objects.none(), label="镇街/园区", required=False)
    cross_town = forms.BooleanField(label="异地互查（执法人员回避本镇街企业）", required=False)
    home_towns = forms.CharField(
        label="执法人员所属镇街（异地互查）",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="每行一人：用户名=镇街名称，如 yjj_zhang=白马镇。本人区划为镇街的无需填写。",
    )
    campaign = forms.ModelChoiceField(None, label="专项行动", required=False)

    def __init__(self, *args, user, **kwargs):
        from anjian.campaigns.models import Campaign

        super().__init__(*args, **kwargs)
        dept = user.department
        self.fields["sector"].queryset = dept.sectors.all() if dept else Sector.objects.none()
        self.fields["town"].queryset = (
            Region.objects.filter(level="town", code__startswith=dept.region.prefix)
            if dept
            else Region.objects.none()
        )
        self.fields["campaign"].queryset = Campaign.objects.restrict(user)

    def clean_home_towns(self):
        out = {}
        errors = []
        for n, line in enumerate((self.cleaned_data.get("home_towns") or "").splitlines(), 1):
            line = line.strip()
            if not line:
                continue
            if "=" not in line:
                errors.append(f"第{n}行格式应为 用户名=镇街名称")
                continue
            username, town = (x.strip() for x in line.split("=", 1))
            user = User.objects.filter(username=username).first()
            region = Region.objects.filter(level="town", name=town).first()
            if user is None:
                errors.append(f"第{n}行：用户“{username}”不存在")
            elif region is None:
                errors.append(f"第{n}行：镇街“{town}”不存在")
            else:
                out[str(user.pk)] = region.code
        if errors:
            raise forms.ValidationError(errors)
        return out


class PlanForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    title = forms.CharField(label="计划名称", max_length=128)
    monthly_targets = forms.CharField(
        label="每月检查目标（家次）",
        help_text="12 个数字，用空格或逗号分隔，依次为 1—12 月；如每月 3 家填 3 3 3 3 3 3 3 3 3 3 3 3",
    )
    key_coverage_target = forms.IntegerField(
        label="重点检查企业覆盖率目标（%）", min_value=0, max_value=100, initial=100
    )
    general_sample_target = forms.IntegerField(
        label="一般检查企业抽查比例目标（%）", min_value=0, max_value=100, initial=10
    )
    note = forms.CharField(label="说明", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def clean_monthly_targets(self):
        raw = self.cleaned_data["monthly_targets"].replace("，", ",").replace(",", " ").split()
        try:
            values = [int(x) for x in raw]
        except ValueError:
            raise forms.ValidationError("只能填写整数") from None
        if len(values) != 12 or any(v < 0 for v in values):
            raise forms.ValidationError(f"须为 12 个不小于 0 的整数（现有 {len(values)} 个）")
        return values
