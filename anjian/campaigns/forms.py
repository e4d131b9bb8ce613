from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from anjian.accounts.models import Department
from anjian.checklists.models import ChecklistTemplate
from anjian.core.forms import (
    DateInput,
    ServiceModelForm,
    VersionForm,
    apply_errors,
    error_dict,
    model_field,
)
from anjian.registry.forms import translate_choices
from anjian.registry.services import region_choices_for

from . import services
from .models import Campaign, CampaignPhase, ReportingDuty, SelfInspection, SelfInspectionAnswer


class RowForm(forms.ModelForm):
    """One row of a formset: parsed by its model's fields, validated with the whole record by
    the campaign's service."""

    def _post_clean(self):
        """No model validation here: the service validates the rows together."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.TypedChoiceField):
                translate_choices(field)


class PhaseForm(RowForm):
    class Meta:
        model = CampaignPhase
        fields = services.PHASE_FIELDS
        widgets = {
            "start": DateInput(),
            "end": DateInput(),
            "tasks": forms.Textarea(attrs={"rows": 2}),
        }


class DutyForm(RowForm):
    class Meta:
        model = ReportingDuty
        fields = services.DUTY_FIELDS
        widgets = {"due_date": DateInput(), "first_month": DateInput()}


PhaseFormSet = forms.formset_factory(PhaseForm, extra=1, can_delete=True)
DutyFormSet = forms.formset_factory(DutyForm, extra=1, can_delete=True)


class CampaignForm(ServiceModelForm):
    """A campaign with its phases and reporting duties, edited together on one page: the rows
    are formsets, and the service checks them with the campaign (dates inside the campaign's,
    no overlapping phases, one 自查自改 phase, each duty's schedule)."""

    ROWS = (("phases", PhaseFormSet), ("duties", DutyFormSet))

    class Meta:
        model = Campaign
        fields = [*services.CAMPAIGN_FIELDS, "departments", "checklists"]
        widgets = {
            "issued_on": DateInput(),
            "start": DateInput(),
            "end": DateInput(),
            "summary": forms.Textarea(attrs={"rows": 3}),
            "departments": forms.CheckboxSelectMultiple,
            "checklists": forms.CheckboxSelectMultiple,
        }

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(data, *args, **kwargs)
        user = self.user
        self.fields["region"].queryset = region_choices_for(user).exclude(level="village")
        prefix = user.region.prefix if user and user.region_id else ""
        self.fields["departments"].queryset = Department.objects.filter(
            region__code__startswith=prefix
        )
        self.fields["checklists"].queryset = ChecklistTemplate.objects.filter(status="published")
        self.fields["checklists"].label_from_instance = lambda t: f"{t.title}（{t.edition}）"
        c = self.instance
        initial = {
            "phases": [services.snapshot_phase(p) for p in c.phases.all()] if c.pk else [],
            "duties": [services.snapshot_duty(d) for d in c.duties.all()] if c.pk else [],
        }
        self.formsets = {
            name: cls(data, prefix=name, initial=initial[name]) for name, cls in self.ROWS
        }

    @property
    def phases(self):
        return self.formsets["phases"]

    @property
    def duties(self):
        return self.formsets["duties"]

    def is_valid(self):
        valid = [super().is_valid()] + [fs.is_valid() for fs in self.formsets.values()]
        if not all(valid):
            return False
        for name, fs in self.formsets.items():
            self.cleaned_data[name] = [
                {k: v for k, v in f.cleaned_data.items() if k != "DELETE"} for f in _kept(fs)
            ]
        return True

    def route_errors(self, exc: ValidationError) -> ValidationError:
        """Put the service's row errors (`phases-2-end`) on their rows; the rest is returned
        for the campaign's own fields."""
        rest = {}
        for key, messages in error_dict(exc).items():
            name, _sep, tail = key.partition("-")
            index, _sep, field = tail.partition("-")
            rows = _kept(self.formsets[name]) if name in self.formsets else []
            if index.isdigit() and 0 < int(index) <= len(rows):
                apply_errors(rows[int(index) - 1], ValidationError({field: messages}))
            else:
                rest.setdefault(key, []).extend(messages)
        return ValidationError(rest)


def _kept(formset) -> list:
    """Forms that hold a row: filled in (or pre-filled) and not marked for deletion."""
    return [f for f in formset.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]


class FileForm(VersionForm):
    decision = forms.ChoiceField(
        label=_("审核结论"),
        choices=[("file", _("同意备案")), ("return", _("退回企业补充改正"))],
        initial="file",
        widget=forms.RadioSelect,
    )
    note = model_field(
        SelfInspection,
        "filing_note",
        label=_("备案意见"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "必填。退回的，写明需要企业补充或改正的内容；超过自查自改阶段截止日期备案的，须写明逾期说明"
        ),
    )


ROWS2 = forms.Textarea(attrs={"rows": 2})
ANSWER_FIELDS = ("result", "note", "measures", "responsible", "deadline", "level")


class AnswersForm(VersionForm):
    """Every item of a self-inspection: result and, for a 不符合 item, the plan. The fields
    are named `<item id>-<field>` as the service names its errors."""

    def __init__(self, *args, answers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.answers = list(answers)
        for a in self.answers:
            p = f"{a.item_id}-"
            label = a.item.label
            self.fields[p + "result"] = forms.ChoiceField(
                label=label,
                choices=SelfInspectionAnswer.RESULTS,
                required=False,
                widget=forms.RadioSelect,
                initial=a.result,
            )
            self.fields[p + "note"] = model_field(
                SelfInspectionAnswer, "note", label=_("存在的问题"), initial=a.note, widget=ROWS2
            )
            self.fields[p + "measures"] = model_field(
                SelfInspectionAnswer,
                "measures",
                label=_("整改措施"),
                initial=a.measures,
                widget=ROWS2,
            )
            self.fields[p + "responsible"] = model_field(
                SelfInspectionAnswer, "responsible", label=_("责任人"), initial=a.responsible
            )
            self.fields[p + "deadline"] = model_field(
                SelfInspectionAnswer,
                "deadline",
                label=_("整改期限"),
                widget=DateInput(),
                initial=a.deadline,
            )
            self.fields[p + "level"] = forms.ChoiceField(
                label=_("隐患等级"),
                choices=SelfInspectionAnswer.LEVELS,
                required=False,
                initial=a.level,
            )
            translate_choices(self.fields[p + "result"])
            translate_choices(self.fields[p + "level"])

    def rows(self) -> list[dict]:
        """Per item: the answer, its bound fields by name and their errors."""
        out = []
        for a in self.answers:
            fields = {k: self[f"{a.item_id}-{k}"] for k in ANSWER_FIELDS}
            errors = [e for f in fields.values() for e in f.errors]
            out.append({"answer": a, "item": a.item, "fields": fields, "errors": errors})
        return out

    def answers_data(self) -> dict:
        """{item id: {result, note, …}} for the service."""
        d = self.cleaned_data
        out = {}
        for a in self.answers:
            row = {k: d.get(f"{a.item_id}-{k}") for k in ANSWER_FIELDS}
            row["level"] = row["level"] or "general"
            row = {k: ("" if v is None and k != "deadline" else v) for k, v in row.items()}
            out[a.item_id] = row
        return out
