"""Forms of plans, draws and inspections: they parse (types and limits from the model fields);
the services validate."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from anjian.accounts.models import Department, Region, Role, Sector, Signature, User
from anjian.core.forms import (
    DateInput,
    MultipleFileField,
    MultipleFileInput,
    SearchSelect,
    SearchSelectMultiple,
    ServiceModelForm,
    VersionForm,
    model_field,
)
from anjian.registry.forms import translate_choices
from anjian.registry.models import Enterprise

from . import services
from .models import (
    MODES,
    Amendment,
    Draw,
    Finding,
    FiveOne,
    Inspection,
    ItemResult,
    SupervisionPlan,
)

PNG_MAX_CHARS = services.SIGNATURE_MAX_BYTES * 4 // 3 + 64  # a data URL of the largest PNG


def translated(choices) -> list:
    return [(value, gettext(label)) for value, label in choices]


class UserChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, u):
        if not u.cert_expiry:
            return u.display_name
        return gettext("%(name)s（执法证 %(no)s，有效期至 %(date)s）") % {
            "name": u.display_name,
            "no": u.cert_no,
            "date": f"{u.cert_expiry:%Y-%m-%d}",
        }


def _region(user):
    return user.department.region if user.department_id else user.region


def towns_of(region):
    qs = Region.objects.filter(level="town").order_by("code")
    return qs.filter(code__startswith=region.prefix) if region else qs.none()


class InspectionForm(ServiceModelForm):
    """A new inspection: the enterprise searched in the user's scope, the team from the
    department's region (the service checks certificates, departments and 异地互查)."""

    enterprise = forms.ModelChoiceField(
        Enterprise.objects.none(), label=_("被检查单位"), widget=SearchSelect("enterprise")
    )
    inspectors = UserChoice(
        User.objects.none(),
        label=_("检查组执法人员"),
        widget=SearchSelectMultiple("inspector"),
        help_text=_("至少两名持有效执法证的执法人员（含本人）"),
    )
    experts = UserChoice(
        User.objects.none(), label=_("专家"), required=False, widget=SearchSelectMultiple("expert")
    )
    modes = forms.MultipleChoiceField(
        label=_("检查方式"), required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Inspection
        fields = [
            "enterprise",
            "inspected_on",
            "inspectors",
            "experts",
            "modes",
            "joint_departments",
            "origin",
            "plan",
            "tip_ref",
            "inspecting_town",
            "campaign",
            "place",
        ]
        widgets = {"inspected_on": DateInput(), "inspecting_town": SearchSelect("town")}
        labels = {"plan": _("年度计划"), "joint_departments": _("联合执法部门")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from anjian.campaigns.models import Campaign

        user = self.user
        region = _region(user)
        f = self.fields
        f["enterprise"].queryset = Enterprise.objects.restrict(user)
        f["inspectors"].queryset = User.objects.filter(
            role__in=(Role.INSPECTOR, Role.DEPT_LEADER), is_active=True, department__region=region
        ).order_by("department_id", "id")
        f["experts"].queryset = User.objects.filter(role=Role.EXPERT, is_active=True)
        f["modes"].choices = translated(m for m in MODES if m[0] != "random")
        f["joint_departments"].queryset = Department.objects.filter(region=region).exclude(
            pk=user.department_id
        )
        f["joint_departments"].required = False
        f["origin"].choices = translated(
            [("adhoc", "临时检查"), ("plan", "年度计划"), ("tip", "举报线索")]
        )
        f["plan"].queryset = SupervisionPlan.objects.filter(department_id=user.department_id)
        f["campaign"].queryset = Campaign.objects.restrict(user)
        f["inspecting_town"].queryset = towns_of(region)


class MetaForm(VersionForm):
    place = model_field(Inspection, "place")
    summary = model_field(Inspection, "summary", widget=forms.Textarea(attrs={"rows": 3}))
    enterprise_rep = model_field(Inspection, "enterprise_rep")
    enterprise_rep_title = model_field(Inspection, "enterprise_rep_title")


class ResultsForm(VersionForm):
    """One result (and note) per checklist item, named r_<item id> and n_<item id>."""

    def __init__(self, *args, items=(), results=None, **kwargs):
        super().__init__(*args, **kwargs)
        results = results or {}
        self.items = list(items)
        for item in self.items:
            r = results.get(item.pk)
            self.fields[f"r_{item.pk}"] = forms.ChoiceField(
                label=item.label,
                choices=translated(ItemResult.RESULTS),
                required=False,
                widget=forms.RadioSelect,
                initial=r.result if r else None,
            )
            self.fields[f"n_{item.pk}"] = model_field(
                ItemResult,
                "note",
                label=_("说明"),
                initial=r.note if r else "",
                widget=forms.TextInput(
                    attrs={"placeholder": _("说明（可选）"), "class": "ck-note"}
                ),
            )

    def rows(self) -> list[tuple]:
        return [(i, self[f"r_{i.pk}"], self[f"n_{i.pk}"]) for i in self.items]

    def results(self) -> dict:
        d = self.cleaned_data
        return {
            i.pk: (d[f"r_{i.pk}"], d.get(f"n_{i.pk}") or "") for i in self.items if d[f"r_{i.pk}"]
        }


class FindingForm(forms.Form):
    kind = model_field(Finding, "kind")
    description = model_field(Finding, "description", widget=forms.Textarea(attrs={"rows": 2}))
    location = model_field(Finding, "location")
    checklist_item = forms.ModelChoiceField(
        None, label=_("对应检查项"), required=False, empty_label="—"
    )
    hazard_level = model_field(Finding, "hazard_level", initial="general")
    rectification_plan = model_field(
        Finding, "rectification_plan", widget=forms.Textarea(attrs={"rows": 2})
    )
    deadline = model_field(Finding, "deadline", widget=DateInput())
    violation_code = model_field(
        Finding, "violation_code", help_text=_("如 SPL-97-2（安全生产法第九十七条第二项）")
    )
    disposal = model_field(Finding, "disposal")
    transfer_to = forms.ModelChoiceField(
        None, label=_("移交部门（移交其他部门时）"), required=False, empty_label="—"
    )
    criterion = forms.ModelChoiceField(
        None, label=_("判定标准条款（重大隐患）"), required=False, empty_label="—"
    )
    measures = model_field(Finding, "measures", widget=forms.Textarea(attrs={"rows": 2}))
    responsible_person = model_field(Finding, "responsible_person")
    photos = MultipleFileField(
        label=_("现场照片"),
        required=False,
        help_text=_("JPG、PNG 或 WebP，每张不超过 10 MB，最多 9 张"),
        widget=MultipleFileInput(
            attrs={"accept": "image/jpeg,image/png,image/webp", "capture": "environment"}
        ),
    )

    def __init__(self, *args, inspection=None, **kwargs):
        super().__init__(*args, **kwargs)
        from anjian.checklists.models import ChecklistItem

        items = ChecklistItem.objects.none()
        if inspection is not None and inspection.checklist_id:
            items = inspection.checklist.items.order_by("row")
        self.fields["checklist_item"].queryset = items
        self.fields["checklist_item"].label_from_instance = lambda i: (
            f"{i.subject} {i.seq}. {i.item[:24]}"
        )
        translate_choices(self.fields["kind"])
        translate_choices(self.fields["hazard_level"])
        translate_choices(self.fields["disposal"])
        self.fields["transfer_to"].queryset = (
            services.transfer_departments(inspection)
            if inspection is not None
            else Department.objects.none()
        )
        from anjian.hazards.models import HazardCriterion

        self.fields["criterion"].queryset = HazardCriterion.objects.order_by("standard", "id")
        self.fields["criterion"].label_from_instance = lambda c: f"{c} {c.text[:30]}"


class FiveOneForm(forms.Form):
    kind = model_field(FiveOne, "kind")
    participants = model_field(FiveOne, "participants")
    score = model_field(FiveOne, "score")
    summary = model_field(FiveOne, "summary", widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        translate_choices(self.fields["kind"])


class SignatureField(forms.CharField):
    """The PNG drawn on the signature canvas, as a data URL (checked by the service)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", forms.HiddenInput)
        super().__init__(
            label=_("签名"), required=False, max_length=PNG_MAX_CHARS, strip=False, **kwargs
        )


class SignForm(forms.Form):
    role = forms.ChoiceField(label=_("身份"), choices=Signature.ROLES[:2], widget=forms.HiddenInput)
    png = SignatureField()
    signer = forms.ModelChoiceField(
        User.objects.none(), label=_("签名人"), required=False, widget=forms.HiddenInput
    )
    name = model_field(Signature, "name", label=_("姓名"), required=False)
    id_number = forms.CharField(label=_("身份证号"), required=False, max_length=18)
    password = forms.CharField(
        label=_("登录密码"), required=False, max_length=128, widget=forms.PasswordInput
    )

    def __init__(self, *args, inspection=None, **kwargs):
        super().__init__(*args, **kwargs)
        if inspection is not None:
            self.fields["signer"].queryset = User.objects.filter(
                pk__in=inspection.team.filter(role="inspector").values("user_id")
            )


class AmendForm(forms.Form):
    reason = model_field(Amendment, "reason", widget=forms.Textarea(attrs={"rows": 2}))
    content = model_field(Amendment, "content", widget=forms.Textarea(attrs={"rows": 3}))
    png = SignatureField()


class HomeTownForm(forms.Form):
    """异地互查: the home town of one inspector of the pool whose own region is no town."""

    user = forms.ModelChoiceField(User.objects.none(), widget=forms.HiddenInput)
    town = forms.ModelChoiceField(
        Region.objects.none(), label=_("所属镇街"), required=False, widget=SearchSelect("town")
    )

    def __init__(self, *args, pool=None, towns=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = pool if pool is not None else User.objects.none()
        self.fields["town"].queryset = towns if towns is not None else Region.objects.none()

    @property
    def person(self):
        return self.initial.get("user")


HomeTownFormSet = forms.formset_factory(HomeTownForm, extra=0)


class DrawForm(forms.Form):
    title = model_field(Draw, "title")
    inspection_date = model_field(Draw, "inspection_date", widget=DateInput())
    k = model_field(Draw, "k", min_value=1, max_value=10000)
    team_size = model_field(Draw, "team_size", min_value=2, max_value=10)
    sector = forms.ModelChoiceField(Sector.objects.none(), label=_("行业领域"), required=False)
    town = forms.ModelChoiceField(
        Region.objects.none(), label=_("镇街/园区"), required=False, widget=SearchSelect("town")
    )
    cross_town = model_field(Draw, "cross_town", label=_("异地互查（执法人员回避本镇街企业）"))
    campaign = forms.ModelChoiceField(None, label=pgettext_lazy("one", "专项行动"), required=False)

    def __init__(self, data=None, *args, user, **kwargs):
        from anjian.campaigns.models import Campaign

        super().__init__(data, *args, **kwargs)
        dept = user.department
        region = dept.region if dept else None
        self.fields["sector"].queryset = dept.sectors.all() if dept else Sector.objects.none()
        self.fields["town"].queryset = towns_of(region)
        self.fields["campaign"].queryset = Campaign.objects.restrict(user)
        pool = services.pool_users(dept) if dept else User.objects.none()
        away = [u for u in pool.select_related("region") if not services.home_town(u)]
        self.home_towns = HomeTownFormSet(
            data,
            prefix="home",
            initial=[{"user": u} for u in away],
            form_kwargs={"pool": pool, "towns": towns_of(region)},
        )

    def is_valid(self):
        valid = [super().is_valid(), self.home_towns.is_valid()]
        if not all(valid):
            return False
        self.cleaned_data["home_towns"] = {
            str(f.cleaned_data["user"].pk): f.cleaned_data["town"].code
            for f in self.home_towns.forms
            if f.cleaned_data.get("town")
        }
        return True


class PlanForm(ServiceModelForm):
    """A department's annual plan; the twelve monthly targets are twelve number fields."""

    class Meta:
        model = SupervisionPlan
        fields = ["year", "title", "key_coverage_target", "general_sample_target", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        targets = self.instance.monthly_targets if self.instance.pk else [3] * 12
        for m in range(1, 13):
            self.fields[f"month_{m}"] = forms.IntegerField(
                label=_("%(m)s月") % {"m": m},
                min_value=0,
                max_value=10000,
                initial=targets[m - 1] if len(targets) == 12 else 0,
                widget=forms.NumberInput(attrs={"class": "month-target"}),
            )
        self.order_fields(["year", "title", *(f"month_{m}" for m in range(1, 13))])

    def month_fields(self):
        return [self[f"month_{m}"] for m in range(1, 13)]

    def main_fields(self):
        return [f for f in self.visible_fields() if not f.name.startswith("month_")]

    def clean(self):
        data = super().clean()
        months = [data.pop(f"month_{m}", None) for m in range(1, 13)]
        if all(v is not None for v in months):
            data["monthly_targets"] = months
        return data


def team_error_key(exc: ValidationError) -> ValidationError:
    """The service names the team's problems `team`; the form asks for them as `inspectors`."""
    from anjian.core.forms import error_dict

    errors = error_dict(exc)
    if "team" in errors:
        errors.setdefault("inspectors", []).extend(errors.pop("team"))
    return ValidationError(errors)
