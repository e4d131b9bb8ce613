"""Forms of the public tip pages and of the staff's tip desk.

Forms parse (types, lengths and choices from the model fields) and the services validate;
the staff forms offer only what the user may pick (enterprises, departments and handlers in
scope, handlers holding a valid 执法证)."""

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from anjian.accounts.models import Department, Region, User
from anjian.core.forms import (
    DateInput,
    MultipleFileField,
    MultipleFileInput,
    SearchSelect,
    SearchSelectMultiple,
    VersionForm,
    model_field,
)
from anjian.registry.models import Enterprise

from .models import ACCIDENT_GRADES, CATEGORIES, CHANNELS, RESULTS, STAGES, Tip

# Integer columns hold at most this on every supported database (PostgreSQL's integer).
INT_MAX = 2**31 - 1


def iso_date(**kwargs) -> forms.DateField:
    """A date as the date picker sends it (YYYY-MM-DD) and nothing else: "2026/12/02" or
    "12/02/2026" is an error naming the field, never a guess."""
    kwargs.setdefault("widget", DateInput())
    return forms.DateField(input_formats=["%Y-%m-%d"], **kwargs)


IDENTITY = [("anonymous", _("匿名举报")), ("named", _("实名举报（便于核实和兑现奖励）"))]


def translated(choices) -> list:
    """Choice labels (plain Chinese in the models) in the active language."""
    return [(value, gettext(label) if label else label) for value, label in choices]


def town_choices(prefix: str = ""):
    qs = Region.objects.filter(level="town")
    if prefix:
        qs = qs.filter(code__startswith=prefix)
    return qs.select_related("parent").order_by("code")


class TownField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.parent.name} {obj.name}" if obj.parent_id else obj.name


class TipChoiceField(forms.ModelChoiceField):
    """A tip picked by its tracking code (typed, any case) or chosen in the search list."""

    default_error_messages = {"invalid_choice": _("未找到举报编号“%(value)s”或无权查看")}

    def __init__(self, queryset, lookup="tip", **kwargs):
        kwargs.setdefault("widget", SearchSelect(lookup, placeholder=_("输入举报编号或被举报单位")))
        super().__init__(queryset, **kwargs)

    def label_from_instance(self, obj):
        return f"{obj.code} {obj.enterprise_name}"

    def to_python(self, value):
        value = (str(value) if value is not None else "").strip()
        if value in self.empty_values:
            return None
        if value.isdigit() and len(value) < 19:
            found = self.queryset.filter(pk=int(value)).first()
        else:
            found = self.queryset.filter(code=value.upper()[:24]).first()
        if found is None:
            raise forms.ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": value},
            )
        return found


class IntakeFields(forms.Form):
    """What every tip says, whoever takes it (the public form and the hotline entry)."""

    enterprise_name = model_field(Tip, "enterprise_name", label=_("被举报单位"))
    region = TownField(
        label=_("所在镇街（园区）"),
        queryset=Region.objects.none(),
        required=False,
        empty_label=_("请选择"),
    )
    place = model_field(Tip, "place", label=_("具体地点"))
    description = model_field(
        Tip,
        "description",
        label=_("举报内容"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("请写明时间、地点、具体问题（至少10个字）"),
    )
    identity = forms.ChoiceField(
        label=_("举报方式"), choices=IDENTITY, initial="anonymous", widget=forms.RadioSelect
    )
    reporter_name = forms.CharField(label=_("姓名"), max_length=32, required=False)
    reporter_phone = forms.CharField(label=_("联系电话"), max_length=20, required=False)

    def intake(self) -> dict:
        """The cleaned data as `services.submit_tip` keywords."""
        d = self.cleaned_data
        return {
            "category": d["category"],
            "enterprise_name": d["enterprise_name"],
            "region": d["region"],
            "place": d["place"],
            "description": d["description"],
            "anonymous": d["identity"] != "named",
            "reporter_name": d["reporter_name"],
            "reporter_phone": d["reporter_phone"],
            "files": d.get("photos") or [],
        }


class PublicTipForm(IntakeFields):
    field_order = ["category", "enterprise_name", "region", "place", "description", "photos"]

    category = forms.ChoiceField(label=_("举报类别"), choices=(), widget=forms.RadioSelect)
    photos = MultipleFileField(
        label=_("照片或材料"),
        required=False,
        widget=MultipleFileInput(attrs={"accept": "image/jpeg,image/png,application/pdf"}),
        help_text=_("JPG、PNG 图片或 PDF，每个不超过 5 MB，最多 5 个"),
    )
    answer = forms.CharField(label=_("验证题"), max_length=8)
    token = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, names_url="", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = translated(CATEGORIES)
        self.fields["region"].queryset = town_choices()
        self.fields["enterprise_name"].help_text = _(
            "输入至少2个字可从企业名录中选择；名录中没有的单位请直接填写名称"
        )
        self.fields["enterprise_name"].widget.attrs.update(
            {"list": "enterprise-names", "autocomplete": "off", "data-names": names_url}
        )
        self.fields["region"].help_text = _("被举报单位不在企业名录中时必填")

    def clean(self):
        """The tip rules of `services.submit_tip`, checked here too so that every problem is
        shown at once (the service stays the authority)."""
        from . import services

        d = super().clean()
        if "description" in d and len(d["description"].strip()) < 10:
            self.add_error("description", gettext("请具体描述举报事项（至少10个字）"))
        name = (d.get("enterprise_name") or "").strip()
        if name and not d.get("region") and services.match_enterprise(name) is None:
            self.add_error("region", gettext("被举报单位不在企业名录中，请选择所在镇街（园区）"))
        if d.get("identity") == "named":
            errors: dict = {}
            services.validate_identity(
                False, d.get("reporter_name"), d.get("reporter_phone"), errors
            )
            for field, message in errors.items():
                self.add_error(field, message)
        return d


class StatusForm(forms.Form):
    code = forms.CharField(label=_("举报编号"), max_length=24)
    secret = forms.CharField(
        label=_("查询密码"),
        max_length=32,
        widget=forms.PasswordInput(attrs={"autocomplete": "off"}),
    )


class HotlineForm(IntakeFields):
    """A tip taken by the staff: 12350 hotline, letter, visit or e-mail."""

    field_order = [
        "channel", "received_at", "category", "enterprise", "enterprise_name", "region", "place",
    ]  # fmt: skip

    channel = forms.ChoiceField(label=_("举报渠道"), choices=())
    received_at = forms.DateTimeField(
        label=_("接报时间"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        help_text=_("留空为当前时间"),
    )
    category = forms.ChoiceField(label=_("举报类别"), choices=())
    enterprise = forms.ModelChoiceField(
        label=_("被举报企业（企业名录）"),
        queryset=Enterprise.objects.none(),
        required=False,
        widget=SearchSelect("enterprise"),
        error_messages={"invalid_choice": _("在您的管辖范围内未找到该企业")},
    )
    photos = MultipleFileField(
        label=_("材料"), required=False, widget=MultipleFileInput(), help_text=_("JPG、PNG 或 PDF")
    )

    def __init__(self, *args, user=None, instance=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enterprise"].queryset = Enterprise.objects.restrict(user)
        name = self.fields["enterprise_name"]
        name.required = False
        name.label = _("被举报单位（名录中没有的）")
        name.help_text = _("被举报单位不在企业名录中时填写名称，并选择所在镇街（园区）")
        self.fields["channel"].choices = translated([c for c in CHANNELS if c[0] != "web"])
        self.fields["category"].choices = translated(CATEGORIES)
        self.fields["reporter_name"].label = _("举报人姓名")
        self.fields["reporter_phone"].label = _("举报人电话")
        own = (
            user.department.region if user and user.department_id else getattr(user, "region", None)
        )
        self.fields["region"].queryset = town_choices(own.prefix if own else "")


# ---------------------------------------------------------------- transitions


class StepMixin:
    """A form of a step of handling a tip: built with the acting user and the tip."""

    def __init__(self, *args, user=None, tip=None, **kwargs):
        self.user, self.tip = user, tip
        super().__init__(*args, **kwargs)


class StepForm(StepMixin, VersionForm):
    """A step that carries the version of the tip the user read (optimistic locking)."""


class TriageForm(StepForm):
    decision = forms.ChoiceField(
        label=_("受理意见"), choices=[("accept", _("受理")), ("reject", _("不予受理"))]
    )
    category = forms.ChoiceField(label=_("举报类别"), choices=())
    enterprise = forms.ModelChoiceField(
        label=_("关联企业名录"),
        queryset=Enterprise.objects.none(),
        required=False,
        widget=SearchSelect("enterprise"),
        help_text=_("被举报单位在企业名录中的，请选择对应企业"),
        error_messages={"invalid_choice": _("在您的管辖范围内未找到该企业")},
    )
    reject_reason = model_field(Tip, "reject_reason", label=_("不予受理理由（告知举报人）"))
    triage_note = forms.CharField(
        label=_("内部意见"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = translated(CATEGORIES)
        self.fields["enterprise"].queryset = Enterprise.objects.restrict(self.user)


class AssignForm(StepForm):
    """分办: a department of the tip's county and, optionally, a handler of that department
    who may handle tips today (active, valid 执法证)."""

    department = forms.ModelChoiceField(label=_("承办部门"), queryset=Department.objects.none())
    handler = forms.ModelChoiceField(
        label=_("承办人"),
        queryset=User.objects.none(),
        required=False,
        help_text=_("仅列出承办部门中执法证在有效期内的在岗人员"),
    )
    note = forms.CharField(label=_("分办意见"), max_length=180, required=False)

    def __init__(self, *args, **kwargs):
        from . import services

        super().__init__(*args, **kwargs)
        county = self.tip.region_id[:6] if self.tip is not None else "-"
        self.fields["department"].queryset = Department.objects.filter(
            region__code__startswith=county
        )
        handlers = self.fields["handler"]
        handlers.queryset = services.eligible_handlers().filter(
            department__region__code__startswith=county
        )
        handlers.label_from_instance = services.handler_label


class HandlerForm(StepForm):
    handler = forms.ModelChoiceField(
        label=_("承办人"),
        queryset=User.objects.none(),
        help_text=_("仅列出承办部门中执法证在有效期内的在岗人员"),
    )

    def __init__(self, *args, **kwargs):
        from . import services

        super().__init__(*args, **kwargs)
        field = self.fields["handler"]
        field.queryset = services.eligible_handlers().filter(
            department_id=getattr(self.tip, "department_id", None)
        )
        field.label_from_instance = services.handler_label


class VerifyForm(StepForm):
    inspectors = forms.ModelMultipleChoiceField(
        label=_("核查人员（至少两名持证执法人员）"),
        queryset=User.objects.none(),
        widget=SearchSelectMultiple("inspector"),
    )
    inspected_on = iso_date(label=_("核查日期"))

    def __init__(self, *args, **kwargs):
        from . import services

        super().__init__(*args, **kwargs)
        self.fields["inspectors"].queryset = services.eligible_handlers().filter(
            department_id=getattr(self.tip, "department_id", None)
        )


class ResultForm(StepForm):
    result = forms.ChoiceField(label=_("核查结果"), choices=(), widget=forms.RadioSelect)
    public_reply = forms.CharField(
        label=_("答复举报人"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("举报人可以看到"),
    )
    internal_note = forms.CharField(
        label=_("内部核查意见"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("仅内部可见，举报人看不到"),
    )
    fine_yuan = model_field(
        Tip, "fine_yuan", label=_("罚款金额（元）"), required=False, max_value=INT_MAX
    )
    concealed_deaths = model_field(
        Tip,
        "concealed_deaths",
        label=_("查实瞒报死亡人数"),
        required=False,
        max_value=INT_MAX,
        help_text=_("瞒报谎报事故类举报填写"),
    )
    accident_grade = forms.ChoiceField(label=_("瞒报事故等级"), required=False, choices=())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["result"].choices = translated(RESULTS)
        self.fields["accident_grade"].choices = [("", _("按关联事故"))] + translated(
            ACCIDENT_GRADES
        )

    def clean_fine_yuan(self):
        return self.cleaned_data.get("fine_yuan") or 0


class RewardForm(StepForm):
    decision = forms.ChoiceField(
        label=_("审批意见"), choices=[("approve", _("批准")), ("deny", _("不予奖励"))]
    )
    reward_note = model_field(Tip, "reward_note", label=_("说明"))


class PayoutForm(StepForm):
    paid_on = iso_date(label=_("发放日期"))
    payout_ref = model_field(Tip, "payout_ref", label=_("发放凭证号"), required=True)


class MergeForm(StepMixin, forms.Form):
    master = TipChoiceField(Tip.objects.none(), lookup="tip-change", label=_("主举报编号"))
    note = forms.CharField(label=_("合并说明"), max_length=180, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        qs = Tip.objects.restrict(self.user, "change")
        if self.tip is not None:
            qs = qs.exclude(pk=self.tip.pk)
        self.fields["master"].queryset = qs


class RevealForm(StepMixin, forms.Form):
    reason = forms.CharField(max_length=200, required=False, widget=forms.HiddenInput)


class DeadlineForm(forms.Form):
    stage = forms.ChoiceField(label=_("办理环节"), choices=())
    days = forms.IntegerField(label=_("办理时限（日）"), min_value=1, max_value=365)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["stage"].choices = translated(STAGES)


class PolicyForm(forms.Form):
    repeat_threshold = forms.IntegerField(label=_("被举报次数达到"), min_value=2, max_value=20)
    repeat_window_days = forms.IntegerField(label=_("统计期间（日）"), min_value=30, max_value=1095)
