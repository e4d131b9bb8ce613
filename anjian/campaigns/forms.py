from django import forms

from anjian.accounts.models import Department
from anjian.checklists.models import ChecklistTemplate
from anjian.registry.services import region_choices_for

from .models import Campaign, CampaignPhase, ReportingDuty

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class CampaignForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Campaign
        fields = [
            "title",
            "doc_no",
            "issuer",
            "issued_on",
            "region",
            "start",
            "end",
            "summary",
            "inspections_per_dept_month",
            "key_coverage_pct",
            "general_sample_pct",
            "departments",
            "checklists",
        ]
        widgets = {
            "issued_on": DATE,
            "start": DATE,
            "end": DATE,
            "summary": forms.Textarea(attrs={"rows": 3}),
            "departments": forms.CheckboxSelectMultiple,
            "checklists": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        regions = region_choices_for(user).exclude(level="village")
        self.fields["region"].queryset = regions
        prefix = user.region.prefix if user and user.region_id else ""
        self.fields["departments"].queryset = Department.objects.filter(
            region__code__startswith=prefix
        )
        self.fields["checklists"].queryset = ChecklistTemplate.objects.filter(status="published")
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version


class PhaseForm(forms.ModelForm):
    class Meta:
        model = CampaignPhase
        fields = ["kind", "name", "start", "end", "tasks"]
        widgets = {"start": DATE, "end": DATE, "tasks": forms.Textarea(attrs={"rows": 2})}


class DutyForm(forms.ModelForm):
    class Meta:
        model = ReportingDuty
        fields = ["title", "recurrence", "due_date", "day_of_month", "first_month", "receiver"]
        widgets = {"due_date": DATE, "first_month": DATE}


PhaseFormSet = forms.formset_factory(PhaseForm, extra=1, can_delete=True)
DutyFormSet = forms.formset_factory(DutyForm, extra=1, can_delete=True)


class FileForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    note = forms.CharField(
        label="备案意见",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="超过自查自改阶段截止日期备案的，须填写逾期说明",
    )
