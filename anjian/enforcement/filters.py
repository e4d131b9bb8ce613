"""List filters of enforcement, shared by the pages and the API: every query parameter is
parsed by its form field, so a bad one is an error naming it (400 on a page, 422 in the API)."""

import re
from types import SimpleNamespace

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext, pgettext
from django.utils.translation import gettext_lazy as _

from anjian.accounts.models import Department
from anjian.core.filters import BIGINT_MAX, FilterSet, set_choices

from .models import Case, Document, Sanction, Transfer


def _choice(label, choices, empty_label) -> django_filters.ChoiceFilter:
    return django_filters.ChoiceFilter(label=label, choices=choices, empty_label=empty_label)


class TranslatedChoices(FilterSet):
    """Choice filters whose Chinese model labels are shown in the user's language."""

    def setup(self):
        for name, f in self.filters.items():
            if isinstance(f, django_filters.ChoiceFilter):
                field = self.form.fields[name]
                # the empty choice is the filter's own empty_label (added when the field is shown)
                field.choices = [(v, gettext(str(lbl))) for v, lbl in field.choices if v != ""]


class CaseFilter(TranslatedChoices):
    """Cases by text, stage and what waits for the leader (the workbench's 待审批)."""

    q = django_filters.CharFilter(
        label=_("搜索"), method="search", max_length=64,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("企业名称或案由")}),
    )  # fmt: skip
    stage = _choice(_("阶段"), Case.STAGES, _("全部阶段"))
    pending = django_filters.ChoiceFilter(
        label=_("待审批"), choices=[("1", _("待审批"))], method="awaiting",
        empty_label=_("全部案件"),
    )  # fmt: skip

    class Meta:
        model = Case
        fields = ["q", "stage", "pending"]

    def setup(self):
        super().setup()
        stage = self.form.fields["stage"]
        stage.choices = [(v, pgettext("case stage", label)) for v, label in Case.STAGES]

    def search(self, qs, name, q):
        q = q.strip()
        return qs.filter(Q(enterprise__name__icontains=q) | Q(title__icontains=q)) if q else qs

    def awaiting(self, qs, name, value):
        """立案 or a decision waiting for the leader."""
        if not value:
            return qs
        return qs.filter(Q(stage="proposed") | Q(decision_status="proposed", stage="notice"))


class IdFilter(django_filters.NumberFilter):
    """A record id: an integer the database can hold."""

    field_class = forms.IntegerField


class CaseApiFilter(CaseFilter):
    enterprise = IdFilter(
        label=_("企业"), field_name="enterprise_id", min_value=1, max_value=BIGINT_MAX
    )

    class Meta(CaseFilter.Meta):
        fields = [*CaseFilter.Meta.fields, "enterprise"]


class SanctionFilter(TranslatedChoices):
    kind = _choice(_("类型"), Sanction.KINDS, _("全部类型"))
    status = _choice(_("状态"), Sanction.STATUS, _("全部状态"))

    class Meta:
        model = Sanction
        fields = ["kind", "status"]


class TransferFilter(TranslatedChoices):
    status = _choice(_("状态"), Transfer.STATUS, _("全部状态"))
    kind = _choice(_("移交类型"), Transfer.KINDS, _("全部类型"))

    class Meta:
        model = Transfer
        fields = ["status", "kind"]


class DocumentFilter(TranslatedChoices):
    kind = _choice(_("文书种类"), Document.KINDS, _("全部文书"))

    class Meta:
        model = Document
        fields = ["kind"]


def api_filter(filterset_class, qs, user, **params):
    """The page's filters for an API list: a bad parameter raises ValidationError naming it."""
    given = {k: v for k, v in params.items() if v is not None}
    filterset = filterset_class(given, qs, request=SimpleNamespace(user=user))
    if filterset.is_valid():
        return filterset.qs
    raise ValidationError({name: list(errors) for name, errors in filterset.errors.items()})


def month_validator(value):
    if value and not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", value):
        raise ValidationError(gettext("月份格式为 YYYY-MM，如 2026-12"))


class ReviewFilter(FilterSet):
    """案卷评查 by department and month of the decision (the score's month), for both lists."""

    department = django_filters.ChoiceFilter(
        label=_("部门"), empty_label=_("全部部门"), field_name="department_id"
    )
    month = django_filters.CharFilter(
        label=_("决定月份"), method="in_month", max_length=7, validators=[month_validator],
        widget=forms.TextInput(attrs={"type": "month", "placeholder": "2026-12"}),
    )  # fmt: skip

    class Meta:
        model = Case
        fields = ["department", "month"]

    def setup(self):
        visible = Department.objects.restrict(self.user, "view") if self.user else []
        set_choices(self, "department", [(str(d.pk), d.name) for d in visible])

    def in_month(self, qs, name, value):
        if not value:
            return qs
        year, month = (int(x) for x in value.split("-"))
        return qs.filter(decided_on__year=year, decided_on__month=month)
