"""Pages of 查封扣押 and of a case's evidence records, on the core generic views: a list, a
record page, a form that creates, one TransitionView per state change."""

import django_filters
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from anjian.accounts.models import Role
from anjian.core.filters import FilterSet
from anjian.core.forms import VersionForm
from anjian.core.scoping import get_scoped_or_404
from anjian.core.tables import ChoiceColumn, Column, DateColumn, Table
from anjian.core.uploads import file_response
from anjian.core.views import ObjectDetailView, ObjectListView, TransitionView
from anjian.inspections.models import Inspection
from anjian.registry.models import Enterprise

from . import services
from .evidence import evidence_list
from .measures_forms import (
    EvidenceFilesForm,
    EvidenceForm,
    MeasureSignForm,
    PreservationDecisionForm,
    SeizureApproveForm,
    SeizureExtendForm,
    SeizureForm,
    SeizureIssueForm,
    SeizureLiftForm,
)
from .measures_models import EvidenceFile, EvidenceRecord, Seizure
from .models import Case
from .views import DONE, EnforcerForm, ServiceErrors, add_case_panel


def _translated(choices):
    return [(v, _(label)) for v, label in choices]


class SeizureFilter(FilterSet):
    status = django_filters.ChoiceFilter(label=gettext_lazy("状态"), choices=Seizure.STATUS,
                                         empty_label=gettext_lazy("全部状态"))  # fmt: skip

    class Meta:
        model = Seizure
        fields = ["status"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["status"].extra["choices"] = _translated(Seizure.STATUS)


class SeizureTable(Table):
    kind = ChoiceColumn(verbose_name=gettext_lazy("措施"))
    enterprise = Column(verbose_name=gettext_lazy("企业"), accessor="enterprise__name")
    place = Column(verbose_name=gettext_lazy("场所"))
    seized_on = DateColumn(verbose_name=gettext_lazy("查封扣押日期"), format="Y-m-d")
    last_day = DateColumn(verbose_name=gettext_lazy("期限届满日"), format="Y-m-d")
    status = ChoiceColumn(verbose_name=gettext_lazy("状态"))

    class Meta(Table.Meta):
        model = Seizure
        fields = ()
        empty_text = gettext_lazy("暂无")

    def render_place(self, record):
        return format_html('<a href="{}">{}</a>', record.get_absolute_url(), record.place)


class SeizureList(ObjectListView):
    model = Seizure
    filterset_class = SeizureFilter
    table_class = SeizureTable
    table_id = "seizures"
    title = gettext_lazy("查封扣押")
    per_page = 30

    def refine(self, qs):
        return qs.select_related("enterprise")


def _id(request, name):
    raw = request.GET.get(name) or request.POST.get(name) or ""
    return int(raw) if raw.isdigit() and len(raw) < 19 else None


class SeizureCreate(EnforcerForm):
    """查封扣押 of an enterprise, from its page, an inspection or a case."""

    model = Seizure
    form_class = SeizureForm
    create_service = services.create_seizure
    template_name = "enforcement/measure_form.html"

    def check_permission(self, obj=None):
        super().check_permission(obj)
        user = self.request.user
        self.inspection = self.case = None
        if (pk := _id(self.request, "inspection")) is not None:
            self.inspection = get_scoped_or_404(Inspection, user, "view", pk=pk)
        if (pk := _id(self.request, "case")) is not None:
            self.case = get_scoped_or_404(Case, user, "view", pk=pk)
        ent = _id(self.request, "enterprise")
        source = self.inspection or self.case
        if ent is None and source is None:
            raise Http404(_("请从企业、执法检查或案件进入查封扣押"))
        self.ent = get_scoped_or_404(
            Enterprise, user, "view", pk=ent if ent is not None else source.enterprise_id
        )

    def get_initial(self):
        return {"officers": [self.request.user.pk], "party_present": True,
                "place": self.ent.address}  # fmt: skip

    def service_kwargs(self, form):
        d = dict(form.cleaned_data)
        return {**d, "enterprise": self.ent, "inspection": self.inspection, "case": self.case}

    def get_title(self):
        return _("查封扣押：%(name)s") % {"name": self.ent.name}

    def get_context_data(self, form):
        keep = {k: v.pk for k, v in (("enterprise", self.ent), ("inspection", self.inspection),
                                     ("case", self.case)) if v is not None}  # fmt: skip
        return {"keep": keep}

    def get_success_message(self, obj):
        return _("已提交查封扣押，待部门负责人批准（行政强制法第十八条第一项）。")


def _officer_signers(obj):
    return obj.officers.filter(is_active=True).order_by("username")


# Sections apps above add to the 查封扣押 page (the 执法全过程记录 of the measure).
SEIZURE_PANELS: list = []


def add_seizure_panel(panel) -> None:
    """`panel(request, seizure)` returns a context dict with "template", or None."""
    if panel not in SEIZURE_PANELS:
        SEIZURE_PANELS.append(panel)


class SeizureDetail(ObjectDetailView):
    model = Seizure
    template_name = "enforcement/seizure_detail.html"

    def base_queryset(self):
        return Seizure.objects.select_related(
            "enterprise", "department", "inspection", "case", "approved_by",
            "extension_approved_by", "decision_document", "list_document",
            "extension_document", "lift_document",
        )  # fmt: skip

    def get_context(self, s, bound=None):
        user = self.request.user
        forms = {
            "approve": SeizureApproveForm(initial={"version": s.version}),
            "issue": SeizureIssueForm(initial={"version": s.version}),
            "extend": SeizureExtendForm(initial={"version": s.version, "days": 30}),
            "lift": SeizureLiftForm(initial={"version": s.version}),
            "sign": MeasureSignForm(signers=_officer_signers(s)),
        }
        if bound and bound[0] in forms:
            forms[bound[0]] = bound[1]
        mine = user.department_id == s.department_id and services.is_enforcer(user)
        return {
            "s": s,
            "items": s.items.all(),
            "officers": s.officers.all(),
            "sigs": list(s.signatures.order_by("signed_at", "id")),
            "problems": services.measures.seizure_signature_problems(s),
            "forms": forms,
            "mine": mine,
            "leader": services.is_leader_of(user, s.department_id),
            "documents": s.documents(),
            "bound_form": bound[1] if bound else None,
            "panels": [p for p in (f(self.request, s) for f in SEIZURE_PANELS) if p],
        }


class SeizureTransition(ServiceErrors, TransitionView):
    model = Seizure
    detail_view = SeizureDetail
    success_message = DONE


class SeizureSign(SeizureTransition):
    form_class = MeasureSignForm
    name = "sign"

    def form_kwargs(self, obj):
        return {"signers": _officer_signers(obj)}

    def service_kwargs(self, form):
        return {**form.signature_kwargs(), "witness": form.cleaned_data.get("witness", False)}


SEIZURE_ACTIONS = {
    "approve": SeizureTransition.as_view(
        name="approve", form_class=SeizureApproveForm, service=services.approve_seizure
    ),  # fmt: skip
    "sign": SeizureSign.as_view(service=services.sign_seizure),
    "issue": SeizureTransition.as_view(
        name="issue", form_class=SeizureIssueForm, service=services.issue_seizure
    ),  # fmt: skip
    "extend": SeizureTransition.as_view(
        name="extend", form_class=SeizureExtendForm, service=services.extend_seizure
    ),  # fmt: skip
    "lift": SeizureTransition.as_view(
        name="lift", form_class=SeizureLiftForm, service=services.lift_seizure
    ),  # fmt: skip
}


# ------------------------------------------------------------------------ evidence


class EvidenceFilter(FilterSet):
    kind = django_filters.ChoiceFilter(label=gettext_lazy("证据种类"), choices=EvidenceRecord.KINDS,
                                       empty_label=gettext_lazy("全部"))  # fmt: skip

    class Meta:
        model = EvidenceRecord
        fields = ["kind"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["kind"].extra["choices"] = _translated(EvidenceRecord.KINDS)


class EvidenceTable(Table):
    on = DateColumn(verbose_name=gettext_lazy("日期"), format="Y-m-d")
    kind = ChoiceColumn(verbose_name=gettext_lazy("证据种类"))
    case = Column(verbose_name=gettext_lazy("案件"), accessor="case__title")
    enterprise = Column(verbose_name=gettext_lazy("企业"), accessor="enterprise__name")
    status = ChoiceColumn(verbose_name=gettext_lazy("状态"))

    class Meta(Table.Meta):
        model = EvidenceRecord
        fields = ()
        empty_text = gettext_lazy("暂无")

    def render_on(self, record):
        return format_html(
            '<a href="{}">{}</a>', record.get_absolute_url(), f"{record.on:%Y-%m-%d}"
        )


class EvidenceList(ObjectListView):
    model = EvidenceRecord
    filterset_class = EvidenceFilter
    table_class = EvidenceTable
    table_id = "evidence"
    title = gettext_lazy("证据记录")
    per_page = 30

    def refine(self, qs):
        return qs.select_related("case", "enterprise")


class EvidenceCreate(EnforcerForm):
    model = EvidenceRecord
    form_class = EvidenceForm
    template_name = "enforcement/measure_form.html"

    def check_permission(self, obj=None):
        super().check_permission(obj)
        pk = _id(self.request, "case")
        if pk is None:
            raise Http404(_("请从案件页面进入证据记录"))
        self.case = get_scoped_or_404(Case, self.request.user, "change", pk=pk)

    def get_initial(self):
        kind = self.request.GET.get("kind")
        return {
            "kind": kind if kind in dict(EvidenceRecord.KINDS) else "inquiry",
            "officers": [self.request.user.pk], "recorder": self.request.user.pk,
            "place": self.case.enterprise.address,
        }  # fmt: skip

    create_service = services.create_evidence

    def service_kwargs(self, form):
        return {**form.cleaned_data, "case": self.case}

    def get_title(self):
        return _("证据记录：%(title)s") % {"title": self.case.title}

    def get_context_data(self, form):
        return {"keep": {"case": self.case.pk}}

    def get_success_message(self, obj):
        if obj.status == "pending":
            return _("已登记先行登记保存，待部门负责人批准（行政处罚法第五十六条）。")
        return _("已制作：%(kind)s") % {"kind": _(obj.get_kind_display())}


class EvidenceDetail(ObjectDetailView):
    model = EvidenceRecord
    template_name = "enforcement/evidence_detail.html"

    def base_queryset(self):
        return EvidenceRecord.objects.select_related(
            "case", "enterprise", "recorder", "approved_by", "document", "notice_document",
            "decision_document",
        )  # fmt: skip

    def get_context(self, r, bound=None):
        user = self.request.user
        forms = {
            "sign": MeasureSignForm(signers=_officer_signers(r)),
            "decide": PreservationDecisionForm(initial={"version": r.version}),
            "files": EvidenceFilesForm(),
        }
        if bound and bound[0] in forms:
            forms[bound[0]] = bound[1]
        return {
            "r": r,
            "items": r.items.all(),
            "officers": r.officers.all(),
            "files": r.files.all(),
            "sigs": list(r.signatures.order_by("signed_at", "id")),
            "forms": forms,
            "mine": user.department_id == r.department_id and services.is_enforcer(user),
            "leader": services.is_leader_of(user, r.department_id),
            "documents": r.documents(),
            "evidence_type": _(r.EVIDENCE_TYPES[r.kind]),
            "bound_form": bound[1] if bound else None,
        }


class EvidenceTransition(ServiceErrors, TransitionView):
    model = EvidenceRecord
    detail_view = EvidenceDetail
    success_message = DONE


class EvidenceSign(EvidenceTransition):
    form_class = MeasureSignForm
    name = "sign"

    def form_kwargs(self, obj):
        return {"signers": _officer_signers(obj)}

    def service_kwargs(self, form):
        return form.signature_kwargs()


class EvidenceFiles(EvidenceTransition):
    form_class = EvidenceFilesForm
    name = "files"


EVIDENCE_ACTIONS = {
    "sign": EvidenceSign.as_view(service=services.sign_evidence),
    "approve": EvidenceTransition.as_view(
        name="approve",
        form_class=VersionForm,
        service=lambda by, r, **kw: services.approve_preservation(
            by, r, expected_version=kw.get("expected_version")
        ),
    ),  # fmt: skip
    "decide": EvidenceTransition.as_view(
        name="decide", form_class=PreservationDecisionForm, service=services.decide_preservation
    ),  # fmt: skip
    "files": EvidenceFiles.as_view(service=services.add_evidence_files),
}


@login_required
def evidence_file(request, pk):
    """An evidence file, read through its record's scope; served by its content type."""
    f = EvidenceFile.objects.select_related("record").filter(pk=pk).first()
    if (
        f is None
        or not EvidenceRecord.objects.restrict(request.user, "view").filter(pk=f.record_id).exists()
    ):
        raise Http404
    return file_response(f.file, filename=f.name)


# ------------------------------------------------------------------------ the case page


def case_panel(request, case):
    """证据清单 and the 查封扣押 of the case on its page."""
    user = request.user
    if user.role == Role.ENTERPRISE:
        return None
    rows = evidence_list(case)
    seizures = list(case.seizures.all())
    may = services.is_enforcer(user) and user.department_id == case.department_id
    if not rows and not seizures and not may:
        return None
    kinds = [(k, _(label)) for k, label in EvidenceRecord.KINDS]
    return {
        "template": "enforcement/_evidence_panel.html",
        "rows": rows,
        "seizures": seizures,
        "may": may and case.stage not in ("proposed", "rejected", "closed"),
        "kinds": kinds,
        "case": case,
        "new_url": reverse("enforcement:evidence_new"),
        "seizure_url": reverse("enforcement:seizure_new") + f"?case={case.pk}",
    }


add_case_panel(case_panel)
