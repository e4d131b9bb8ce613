"""Forms of the 涉企行政检查 pages: they parse; the services validate."""

from django import forms
from django.utils.translation import gettext_lazy as _

from anjian.checklists.models import ChecklistTemplate
from anjian.core.forms import (
    DateInput,
    MonthField,
    SearchSelect,
    SearchSelectMultiple,
    VersionForm,
    model_field,
)
from anjian.core.lookups import LOOKUPS
from anjian.registry.forms import translate_choices

from .models import (
    InspectionApproval,
    InspectionNotice,
    PlannedVisit,
    VisitLimitRule,
    VisitRating,
)


def enterprise_field(user, label=_("企业")):
    lookup = LOOKUPS["enterprise"]
    field = forms.ModelChoiceField(
        lookup.queryset(user),
        label=label,
        widget=SearchSelect("enterprise", placeholder=_("输入企业名称、统一社会信用代码或地址")),
        error_messages={"invalid_choice": _("未找到该企业，或该企业不在您的监管范围内")},
    )
    field.label_from_instance = lookup.label
    return field


class UserForm(forms.Form):
    def __init__(self, *args, user=None, instance=None, **kwargs):
        self.user = user
        self.instance = instance
        super().__init__(*args, **kwargs)


class LimitForm(UserForm):
    year = model_field(VisitLimitRule, "year", min_value=2000, max_value=2100)
    tier = model_field(VisitLimitRule, "tier")
    per_year = model_field(VisitLimitRule, "per_year", min_value=1, max_value=366)
    window_days = model_field(VisitLimitRule, "window_days", min_value=0, max_value=366)
    source = model_field(
        VisitLimitRule,
        "source",
        help_text=_("公布频次上限的文件文号或公告，如“安居安委办〔2025〕3号”"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        translate_choices(self.fields["tier"])


class ApprovalForm(UserForm):
    enterprise = forms.ModelChoiceField(None)
    planned_on = model_field(InspectionApproval, "planned_on", widget=DateInput())
    reason = model_field(
        InspectionApproval,
        "reason",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("写明为何须在频次上限之外检查、或为何不能与其他部门合并为综合查一次"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enterprise"] = enterprise_field(self.user)
        self.order_fields(["enterprise", "planned_on", "reason"])


class DecideForm(VersionForm):
    approve = forms.TypedChoiceField(
        label=_("审批结论"),
        choices=[("1", _("批准")), ("0", _("不予批准"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    opinion = model_field(
        InspectionApproval, "opinion", required=True, widget=forms.Textarea(attrs={"rows": 2})
    )


class NoticeForm(UserForm):
    basis = model_field(InspectionNotice, "basis", widget=forms.Textarea(attrs={"rows": 2}))
    matters = model_field(InspectionNotice, "matters", widget=forms.Textarea(attrs={"rows": 3}))


class PlanForm(UserForm):
    enterprise = forms.ModelChoiceField(None)
    month = MonthField(label=_("计划月份"))
    checklist = forms.ModelChoiceField(
        ChecklistTemplate.objects.filter(status="published"),
        label=_("检查事项清单"),
        required=False,
    )
    matters = model_field(PlannedVisit, "matters")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enterprise"] = enterprise_field(self.user)
        self.fields["checklist"].label_from_instance = lambda t: f"{t.title}（{t.edition}）"
        self.order_fields(["enterprise", "month", "checklist", "matters"])


class MergeForm(UserForm):
    enterprise = forms.ModelChoiceField(None, widget=forms.HiddenInput)
    month = MonthField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enterprise"].queryset = LOOKUPS["enterprise"].queryset(self.user)


class StartJointForm(VersionForm):
    inspected_on = forms.DateField(label=_("检查日期"), widget=DateInput())
    inspectors = forms.ModelMultipleChoiceField(
        None, label=_("检查组执法人员"), widget=SearchSelectMultiple("inspector")
    )

    def __init__(self, *args, joint=None, **kwargs):
        from anjian.accounts.models import Role, User

        super().__init__(*args, **kwargs)
        depts = joint.departments.all() if joint is not None else []
        self.fields["inspectors"].queryset = User.objects.filter(
            role__in=(Role.INSPECTOR, Role.DEPT_LEADER), is_active=True, department__in=depts
        ).order_by("department_id", "id")
        self.fields["inspectors"].label_from_instance = lambda u: (
            f"{u.display_name}（{u.department.short_name if u.department_id else ''}）"
        )


class RateForm(UserForm):
    inspection = forms.ModelChoiceField(None, widget=forms.HiddenInput)
    score = forms.TypedChoiceField(
        label=_("评价"), choices=VisitRating.SCORES, coerce=int, widget=forms.RadioSelect
    )
    conduct_ok = forms.BooleanField(
        label=_("检查人员文明规范、未干扰正常生产经营"), required=False, initial=True
    )
    comment = model_field(VisitRating, "comment", widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        from anjian.inspections.models import Inspection

        super().__init__(*args, **kwargs)
        self.fields["inspection"].queryset = Inspection.objects.restrict(self.user, "view")
        translate_choices(self.fields["score"])
