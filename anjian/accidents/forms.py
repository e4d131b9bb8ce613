"""Forms of the accident pages: parsing by the model's fields, the rules in the services."""

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from anjian.accounts.models import User
from anjian.core.forms import (
    DateInput,
    SearchSelect,
    SearchSelectMultiple,
    ServiceModelForm,
    VersionForm,
    model_field,
)
from anjian.registry.models import Enterprise
from anjian.tips.forms import INT_MAX, TipChoiceField, iso_date, translated
from anjian.tips.models import Tip

from .models import KINDS, SOURCES, Accident

ISO_DATE = {"input_formats": ["%Y-%m-%d"], "widget": DateInput()}
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class TipCodesField(forms.CharField):
    """关联举报编号: tracking codes separated by spaces, each a tip the user may see."""

    def __init__(self, *args, **kwargs):
        self.queryset = Tip.objects.none()
        kwargs.setdefault("max_length", 500)
        super().__init__(*args, **kwargs)

    def clean(self, value):
        text = super().clean(value)
        codes = list(dict.fromkeys(c.strip().upper() for c in text.split() if c.strip()))
        tips = list(self.queryset.filter(code__in=codes))
        missing = sorted(set(codes) - {t.code for t in tips})
        if missing:
            raise forms.ValidationError(
                gettext("举报编号不存在或无权查看：%(codes)s") % {"codes": " ".join(missing)}
            )
        return tips


class AccidentForm(ServiceModelForm):
    enterprise = forms.ModelChoiceField(
        label=_("事故单位"),
        queryset=Enterprise.objects.none(),
        widget=SearchSelect("enterprise-change"),
        help_text=_("输入企业名称或统一社会信用代码，从企业名录中选择"),
        error_messages={"invalid_choice": _("在您的监管范围内未找到该企业")},
    )
    tips = TipCodesField(label=_("关联举报编号"), required=False, help_text=_("多个编号用空格分隔"))

    class Meta:
        model = Accident
        fields = [
            "enterprise",
            "occurred_at",
            "discovered_via",
            "reported_at",
            "place",
            "kind",
            "deaths",
            "serious_injuries",
            "direct_loss_yuan",
            "false_report",
            "summary",
        ]
        widgets = {
            "occurred_at": DATETIME,
            "reported_at": DATETIME,
            "summary": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "reported_at": _("超过发生后1小时报告的记为迟报（条例第九条）；事故单位未报告的留空"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enterprise"].queryset = Enterprise.objects.restrict(self.user, "change")
        self.fields["tips"].queryset = Tip.objects.restrict(self.user)
        self.fields["discovered_via"].choices = translated(SOURCES)
        self.fields["kind"].choices = [("", _("请选择"))] + translated(KINDS)
        loss = self.fields["direct_loss_yuan"]
        loss.validators.append(MinValueValidator(0))
        loss.widget.attrs["min"] = 0
        for name in ("deaths", "serious_injuries"):
            self.fields[name].max_value = INT_MAX
            self.fields[name].validators.append(MaxValueValidator(INT_MAX))


class InvestigationForm(VersionForm):
    investigation_extension_days = model_field(
        Accident, "investigation_extension_days", label=_("批准延长天数"), max_value=60
    )
    investigation_report_on = model_field(
        Accident, "investigation_report_on", label=_("调查报告提交日期"), **ISO_DATE
    )
    report_approved_on = model_field(
        Accident, "report_approved_on", label=_("调查报告批复日期"), **ISO_DATE
    )


class FourNotsForm(VersionForm):
    four_nots_done_on = iso_date(label=_("评估完成日期"))
    four_nots_note = model_field(
        Accident,
        "four_nots_note",
        label=_("评估结论"),
        required=True,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class LinkTipForm(VersionForm):
    tip = TipChoiceField(
        Tip.objects.none(),
        label=_("举报编号"),
        help_text=_("举报早于事故单位报告的，事故按经举报发现记为瞒报"),
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tip"].queryset = Tip.objects.restrict(user)
        self.fields["tip"].widget.attrs["id"] = "link-tip"


class LinkCaseForm(VersionForm):
    case = forms.ModelChoiceField(
        label=_("事故单位的案件"), queryset=None, empty_label=None, widget=forms.Select
    )

    def __init__(self, *args, user=None, accident=None, **kwargs):
        from anjian.enforcement.models import Case

        super().__init__(*args, **kwargs)
        field = self.fields["case"]
        qs = Case.objects.restrict(user)
        if accident is not None:
            qs = qs.filter(enterprise_id=accident.enterprise_id).exclude(accidents=accident)
        field.queryset = qs.order_by("-filed_on", "-pk")
        field.label_from_instance = lambda c: f"{c}（{c.filed_on:%Y-%m-%d}）"
        field.widget.attrs["id"] = "link-case"


class LookbackForm(forms.Form):
    """回头看: at least two certified inspectors of the task's department and the day."""

    inspectors = forms.ModelMultipleChoiceField(
        label=_("检查人员（至少两名持证执法人员）"),
        queryset=User.objects.none(),
        widget=SearchSelectMultiple("inspector"),
    )
    inspected_on = iso_date(label=_("检查日期"))

    def __init__(self, *args, user=None, task=None, **kwargs):
        from anjian.tips.services import eligible_handlers

        super().__init__(*args, **kwargs)
        self.fields["inspectors"].queryset = eligible_handlers().filter(
            department_id=getattr(task, "department_id", None)
        )
        if user is not None and not self.is_bound:
            self.initial.setdefault("inspectors", [user.pk])
            self.initial.setdefault("inspected_on", timezone.localdate())
