"""Pages for cases, decisions, escalations, transfers, documents and publication, built on the
core generic views: lists (ObjectListView), records (ObjectDetailView), forms that create
(ObjectEditView) and one TransitionView per state change."""

from functools import partial

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, F
from django.db.models.functions import TruncMonth
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from anjian import law
from anjian.accounts.forms import SignatureForm
from anjian.core.filters import BIGINT_MAX
from anjian.core.forms import apply_errors, error_dict
from anjian.core.scoping import get_scoped_or_404
from anjian.core.views import ObjectDetailView, ObjectEditView, ObjectListView, TransitionView
from anjian.hazards.models import OPEN_STATUSES, Hazard
from anjian.inspections.models import Finding, Inspection
from anjian.registry.models import Enterprise

from . import services
from .filters import CaseFilter, DocumentFilter, ReviewFilter, SanctionFilter, TransferFilter
from .forms import (
    CaseForm,
    CloseForm,
    DecisionApprovalForm,
    DecisionForm,
    DocumentForm,
    ExposureForm,
    ExtendForm,
    HearingRecordForm,
    HearingScheduleForm,
    InvestigateForm,
    NoteForm,
    NoticeForm,
    PaymentForm,
    ResultForm,
    SanctionForm,
    SanctionNoteForm,
    ServeForm,
    SignForm,
    SimpleForm,
    StatementForm,
    TransferForm,
)
from .models import Case, CaseParty, Document, Exposure, Sanction, Transfer
from .review import review_case
from .services.credit import remove_listing_early
from .tables import (
    CaseTable,
    DocumentTable,
    ExposureTable,
    PublicPenaltyTable,
    ReviewCaseTable,
    ReviewMonthTable,
    SanctionTable,
    TransferTable,
)

DONE = gettext_lazy("已办理。")


class ServiceErrors:
    """Service refusals on the form that was filled in: a permission refusal as the form's own
    error (403), and the keys a service names that the form has no field for (the case's
    stage, a status) as errors of the whole form, or on the field `error_fields` names."""

    error_fields: dict = {}

    def run_service(self, form, call):
        def named_by_form():
            try:
                return call()
            except ValidationError as exc:
                raise on_fields(exc, form, self.error_fields) from exc

        try:
            return super().run_service(form, named_by_form)
        except PermissionDenied as exc:
            form.add_error(None, str(exc) or _("无权执行此操作"))
            return None, 403


def on_fields(exc: ValidationError, form, renames: dict) -> ValidationError:
    errors = {}
    for key, msgs in error_dict(exc).items():
        key = renames.get(key, key)
        errors.setdefault(key if key in form.fields else "__all__", []).extend(msgs)
    return ValidationError(errors)


class EnforcerForm(ServiceErrors, ObjectEditView):
    """A form only certified department staff get (the services check again)."""

    def check_permission(self, obj=None):
        if not services.is_enforcer(self.request.user):
            raise PermissionDenied


def enforcer_form(request, form_class, **kwargs):
    """The form shown below a list to certified staff (None for everyone else)."""
    user = request.user
    return form_class(user=user, **kwargs) if services.is_enforcer(user) else None


# ------------------------------------------------------------------------------ cases


class CaseList(ObjectListView):
    model = Case
    filterset_class = CaseFilter
    table_class = CaseTable
    table_id = "cases"
    template_name = "enforcement/case_list.html"
    title = gettext_lazy("执法案件（立案处罚）")
    per_page = 30

    def refine(self, qs):
        return qs.select_related("enterprise", "department").order_by("-id")

    def get_actions(self):
        return [
            (_("曝光记录"), reverse("enforcement:exposure_list")),
            (_("行政处罚公示"), reverse("enforcement:public")),
        ]


def _ids(request, name) -> list[int]:
    """Record ids from the query string (or the form); anything else is a 404 like an
    out-of-scope id."""
    values = request.GET.getlist(name) + request.POST.getlist(name)
    if not all(str(v).isdigit() and int(v) <= BIGINT_MAX for v in values):
        raise Http404(_("编号无效"))
    return list(dict.fromkeys(int(v) for v in values))


def _sources(request):
    """Findings / hazards named in the query string, fetched through scoping."""
    user = request.user
    findings = [
        get_scoped_or_404(
            Finding.objects.select_related("inspection", "inspection__enterprise"),
            user,
            "view",
            pk=pk,
        )
        for pk in _ids(request, "finding")
    ]
    hazards = [
        get_scoped_or_404(
            Hazard.objects.select_related("enterprise", "checklist_item"), user, "view", pk=pk
        )
        for pk in _ids(request, "hazard")
    ]
    ent = None
    if findings:
        ent = findings[0].inspection.enterprise
    elif hazards:
        ent = hazards[0].enterprise
    return findings, hazards, ent


def _source_code(findings, hazards) -> str:
    """The violation code the sources name: a finding's, else the hazard's checklist item or
    the finding that registered the hazard."""
    for f in findings:
        if f.violation_code:
            return f.violation_code
    for h in hazards:
        if h.checklist_item_id and h.checklist_item.violation_code:
            return h.checklist_item.violation_code
        linked = Finding.objects.filter(hazard=h).exclude(violation_code="").first()
        if linked:
            return linked.violation_code
    return ""


def _source_initial(findings, hazards, ent) -> dict:
    """Form prefill from the findings or hazards the case is opened from."""
    records = findings or hazards
    initial = {"violation_code": _source_code(findings, hazards)}
    if records:
        initial["facts"] = "；".join(r.description for r in records)
        initial["title"] = f"{ent.name}{records[0].description[:20]}案"
    today = timezone.localdate()
    if any(
        h.status in OPEN_STATUSES
        and h.deadline
        and h.deadline < today
        and h.disposals.filter(option="deadline").exists()
        for h in hazards
    ):  # 责令限期整改 and the deadline has passed: 逾期未改正
        initial["overdue"] = True
    return initial


def _range_preview(code, overdue=False):
    if not code or code not in law.VIOLATIONS:
        return None
    return [
        {"kind": kind, "r": services.party_range(code, kind=kind, overdue=overdue)}
        for kind in ("enterprise", "person")
    ]


def _existing_cases(user, findings, hazards) -> list:
    """Cases not refused that already rest on these findings or hazards (shown as a warning)."""
    qs = Case.objects.restrict(user, "view").exclude(stage="rejected")
    found = {c.pk: c for c in qs.filter(findings__in=findings)} if findings else {}
    if hazards:
        found.update({c.pk: c for c in qs.filter(hazards__in=hazards)})
    return list(found.values())


class CaseOpen(ServiceErrors, ObjectEditView):
    """立案申请 from the findings or hazards named in the query string."""

    model = Case
    form_class = CaseForm
    template_name = "enforcement/case_form.html"
    create_service = services.propose_case
    title = gettext_lazy("申请立案")
    missing = gettext_lazy("请从检查发现的违法行为或隐患处置进入立案")
    success_message = gettext_lazy("已提交立案申请，待部门负责人审批。")

    def check_permission(self, obj=None):
        self.findings, self.hazards, self.ent = _sources(self.request)
        if self.ent is None:
            raise Http404(self.missing)
        # Only certified staff supervising the enterprise get the forms (services check again).
        if not services.is_enforcer(self.request.user):
            raise PermissionDenied(_("只有持有效执法证的部门执法人员可以立案或当场处罚"))
        get_scoped_or_404(Enterprise, self.request.user, "change", pk=self.ent.pk)

    def get(self, request, *args, **kwargs):
        if request.GET.get("preview"):
            # the engine's range for the code chosen in the form (case_form.js asks for it)
            preview = _range_preview(request.GET.get("code", ""), request.GET.get("overdue") == "1")
            return render(request, "enforcement/_range.html", {"preview": preview})
        return super().get(request, *args, **kwargs)

    def get_initial(self):
        initial = _source_initial(self.findings, self.hazards, self.ent)
        principal = self.ent.people.filter(role="principal").first()
        name = principal.name if principal else self.ent.legal_representative
        if name:
            initial["person_name"], initial["person_position"] = name, "主要负责人"
        return initial

    def service_kwargs(self, form):
        d = form.cleaned_data
        return {
            "enterprise": self.ent, "title": d["title"], "facts": d["facts"],
            "findings": self.findings, "hazards": self.hazards,
            "violation_code": d["violation_code"], "persons": form.persons(),
            "overdue": d["overdue"],
        }  # fmt: skip

    def preview(self, form):
        return _range_preview(form["violation_code"].value(), bool(form["overdue"].value()))

    def get_context_data(self, form):
        return {
            "ent": self.ent,
            "findings": self.findings,
            "hazards": self.hazards,
            "preview": self.preview(form),
            "existing": _existing_cases(self.request.user, self.findings, self.hazards),
        }


class SimpleOpen(CaseOpen):
    """简易程序 (当场处罚): decided on the spot."""

    form_class = SimpleForm
    create_service = services.simple_penalty
    title = gettext_lazy("简易程序（当场处罚）")
    missing = gettext_lazy("请从检查发现的违法行为或隐患处置进入简易处罚")

    def get_initial(self):
        initial = _source_initial(self.findings, self.hazards, self.ent)
        initial.pop("overdue", None)
        initial["title"] = f"{self.ent.name}当场处罚"
        return initial

    def service_kwargs(self, form):
        d = form.cleaned_data
        return {
            "enterprise": self.ent, "title": d["title"], "facts": d["facts"],
            "violation_code": d["violation_code"], "fine": d["fine"], "findings": self.findings,
            "hazards": self.hazards, "out_of_range_reason": d["out_of_range_reason"],
            "person": {
                "name": d["person_name"], "id_number": d["person_id_number"],
                "address": d["person_address"],
            } if d["person_name"].strip() else None,
        }  # fmt: skip

    def get_success_message(self, obj):
        return _("已作出当场处罚决定：%(number)s") % {"number": obj.number}

    def preview(self, form):
        return _range_preview(form["violation_code"].value())


STEPS = ["filed", "investigation", "notice", "decided", "served", "execution", "closed"]

# The forms of a case's page, by the name of the transition they post to.
CASE_FORMS = {
    "filing": NoteForm,
    "investigate": InvestigateForm,
    "notice": NoticeForm,
    "statement": StatementForm,
    "hearing": HearingScheduleForm,
    "hearing_record": HearingRecordForm,
    "decision": DecisionApprovalForm,
    "extend": ExtendForm,
    "serve": ServeForm,
    "close": CloseForm,
}


# Sections other apps add to the case page: `panel(request, case)` returns None or
# {"template": ..., **context} (the 法制审核 of the case).
CASE_PANELS: list = []


def add_case_panel(panel) -> None:
    if panel not in CASE_PANELS:
        CASE_PANELS.append(panel)


class CaseDetail(ObjectDetailView):
    model = Case
    template_name = "enforcement/case_detail.html"

    def base_queryset(self):
        return Case.objects.select_related("enterprise", "department", "created_by")

    def forms(self, case, today, bound=None) -> dict:
        initial = {
            "version": case.version,
            "served_on": today,
            "decided_on": today,
            "statement": case.statement,
            "hearing_requested": case.hearing_requested,
            "hearing_on": case.hearing_on,
            "waived": case.rights_waived,
        }
        forms = {
            name: cls(initial=initial, auto_id=f"id_{name}_%s") for name, cls in CASE_FORMS.items()
        }
        if bound:
            forms[bound[0]] = bound[1]
        return forms

    def get_context(self, case, bound=None):
        user = self.request.user
        today = timezone.localdate()
        can_change = Case.objects.restrict(user, "change").filter(pk=case.pk).exists()
        enforcer = can_change and services.is_enforcer(user)
        deadline = None
        if case.stage in ("filed", "investigation", "notice") or case.decided_on:
            due, reasons = services.decision_deadline(case)
            deadline = {"due": due, "reasons": reasons, "left": (due - today).days}
        parties = list(case.parties.all())
        for p in parties:
            p.outstanding = services.outstanding(p)
            if case.payment_due_on and p.outstanding > 0:
                p.surcharge_today = services.surcharge_for(p, today).value
                p.payment_form = PaymentForm(initial={"paid_on": today}, auto_id=f"id_pay{p.pk}_%s")
        hearing = None
        if (
            enforcer
            and case.decision_status == "proposed"
            and case.stage in ("filed", "investigation")
        ):
            right, reasons = services.hearing_assessment(case)
            hearing = {"right": right, "reasons": reasons}
        labels = dict(Case.STAGES)
        reached = STEPS.index(case.stage) if case.stage in STEPS else -1
        return {
            "case": case,
            "parties": parties,
            "documents": case.documents.select_related("party").order_by("id"),
            "hearing_info": getattr(case, "hearing", None),
            "source_records": source_records(user, case),
            "sanctions": Sanction.objects.restrict(user, "view").filter(case=case),
            "enforcer": enforcer,
            "leader": can_change and services.is_leader_of(user, case.department_id),
            "deadline": deadline,
            "hearing": hearing,
            "earliest": services.earliest_decision(case) if case.stage == "notice" else None,
            "steps": [
                {"code": s, "label": labels[s], "done": i <= reached} for i, s in enumerate(STEPS)
            ],
            "today": today,
            "facts_found": services.discretion.fact_labels(case.discretion_facts),
            "review": review_case(case, today=today),
            "forms": self.forms(case, today, bound),
            "bound_form": bound[1] if bound else None,
            "panels": [p for p in (panel(self.request, case) for panel in CASE_PANELS) if p],
        }


def source_records(user, case: Case) -> list:
    """The inspections the case rests on (its findings' records), each with its amendments:
    a cited record is never changed, only amended, and the amendment belongs to the case file."""
    ids = set(case.findings.values_list("inspection_id", flat=True))
    if case.inspection_id:
        ids.add(case.inspection_id)
    qs = Inspection.objects.restrict(user, "view").filter(pk__in=ids)
    return list(qs.prefetch_related("amendments").order_by("inspected_on", "id"))


class CaseTransition(ServiceErrors, TransitionView):
    """A state change posted from the case's page; a refusal shows that page again with the
    form and its errors."""

    model = Case
    success_message = DONE

    def form_kwargs(self, obj):
        return {"auto_id": f"id_{self.name}_%s"}

    def case_of(self, obj) -> Case:
        return obj

    def form_invalid(self, obj, form, status):
        view = CaseDetail()
        view.setup(self.request, pk=self.case_of(obj).pk)
        return view.render(view.get_object(), bound=(self.name, form), status=status)


def _transition(base, name, form_class, service):
    return base.as_view(name=name, form_class=form_class, service=service)


# /<pk>/do/<action>/ (URL name enforcement:case_action): one view per action.
CASE_ACTIONS = {
    "approve_filing": _transition(
        CaseTransition, "filing", NoteForm, partial(services.approve_filing, approve=True)
    ),
    "reject_filing": _transition(
        CaseTransition, "filing", NoteForm, partial(services.approve_filing, approve=False)
    ),
    "investigate": _transition(
        CaseTransition, "investigate", InvestigateForm, services.start_investigation
    ),
    "notice": _transition(CaseTransition, "notice", NoticeForm, services.issue_notice),
    "statement": _transition(CaseTransition, "statement", StatementForm, services.record_statement),
    "hearing": _transition(
        CaseTransition, "hearing", HearingScheduleForm, services.schedule_hearing
    ),
    "hearing_record": _transition(
        CaseTransition, "hearing_record", HearingRecordForm, services.record_hearing
    ),
    "approve_decision": _transition(
        CaseTransition,
        "decision",
        DecisionApprovalForm,
        partial(services.approve_decision, approve=True),
    ),  # fmt: skip
    "return_decision": _transition(
        CaseTransition,
        "decision",
        DecisionApprovalForm,
        partial(services.approve_decision, approve=False),
    ),  # fmt: skip
    "extend": _transition(CaseTransition, "extend", ExtendForm, services.extend_deadline),
    "serve": _transition(CaseTransition, "serve", ServeForm, services.serve),
    "close": _transition(CaseTransition, "close", CloseForm, services.close_case),
}


class Payment(CaseTransition):
    """缴款 of one party (加处罚款 after the due date, from the engine)."""

    model = CaseParty
    name = "payment"
    form_class = PaymentForm
    service = services.record_payment
    success_message = gettext_lazy("已登记缴款。")

    def get_object(self):
        party = get_object_or_404(CaseParty.objects.select_related("case"), pk=self.kwargs["pk"])
        get_scoped_or_404(Case, self.request.user, "change", pk=party.case_id)
        return party

    def case_of(self, obj):
        return obj.case


class DecisionEdit(EnforcerForm):
    """拟处罚意见: the fine of each party, checked against the engine's range by the service."""

    model = Case
    form_class = DecisionForm
    template_name = "enforcement/decision_form.html"
    update_service = services.propose_decision
    success_message = gettext_lazy("已提出拟处罚意见。")
    error_fields = {k: f"fact_{k}" for k in services.discretion.FACT_KEYS}

    def service_kwargs(self, form):
        return {
            "parties": form.party_rows(),
            "facts": form.facts(),
            "expected_version": form.cleaned_data.get("version"),
        }

    def get_title(self):
        return _("拟处罚意见：%(title)s") % {"title": self.object.title}

    preview = None

    def post(self, request, *args, **kwargs):
        """「试算」 shows the tier, suggestion and reasons for the facts entered, saving nothing."""
        if "preview" not in request.POST:
            return super().post(request, *args, **kwargs)
        form = self.get_form()
        if form.is_valid():
            try:
                self.preview = services.preview_discretion(
                    self.object, parties=form.party_rows(), facts=form.facts()
                )
            except ValidationError as exc:
                apply_errors(form, on_fields(exc, form, self.error_fields))
        return self.render(form)

    def get_context_data(self, form):
        rows = form.rows()
        for row in rows:
            row["preview"] = (self.preview or {}).get(row["party"].pk)
        return {
            "case": self.object,
            "rows": rows,
            "standard": services.discretion.standard_for(self.object.department),
        }


# ------------------------------------------------------------------------- 案卷评查


class ReviewScores(ObjectListView):
    """Monthly 案卷评查 score per department: the cases decided in the month, reviewed
    automatically (enforcement.review); each row links to the cases behind it."""

    model = Case
    filterset_class = ReviewFilter
    table_class = ReviewMonthTable
    table_id = "review-scores"
    title = gettext_lazy("案卷评查：各部门月度得分")
    per_page = 24

    def check_permission(self, obj=None):
        if self.request.user.role in ("enterprise", "expert", "town"):
            raise PermissionDenied

    def refine(self, qs):
        self.scoped = qs
        return (
            qs.filter(decided_on__isnull=False)
            .annotate(month=TruncMonth("decided_on"))
            .values("department_id", "month", dept_name=F("department__name"))
            .annotate(cases=Count("id"))
            .order_by("-month", "department_id")
        )

    def get_context_data(self, ctx):
        ctx["table"].scoped = self.scoped
        return {}


class ReviewCases(ReviewScores):
    """The cases behind a score, each with its score and the points taken off."""

    table_class = ReviewCaseTable
    table_id = "review-cases"
    title = gettext_lazy("案卷评查：案件明细")
    per_page = 30

    def refine(self, qs):
        return (
            qs.filter(decided_on__isnull=False)
            .select_related("enterprise", "department")
            .order_by("-decided_on", "-id")
        )

    def get_context_data(self, ctx):
        return {}

    def get_actions(self):
        return [(_("各部门月度得分"), reverse("enforcement:review"))]


# ----------------------------------------------------------------------- escalations


class SanctionList(ObjectListView):
    model = Sanction
    filterset_class = SanctionFilter
    table_class = SanctionTable
    table_id = "sanctions"
    template_name = "enforcement/sanction_list.html"
    title = gettext_lazy("升级处置")
    per_page = 30

    def refine(self, qs):
        return qs.select_related("enterprise", "case", "licence")

    def get_context_data(self, ctx):
        kind = self.request.GET.get("new")
        kind = kind if kind in dict(Sanction.KINDS) else "suspension"
        return {"form": enforcer_form(self.request, SanctionForm, initial={"kind": kind})}


class SanctionCreate(EnforcerForm):
    """责令停产停业整顿, 提请关闭, 吊销许可证, 行业禁入, 严重失信名单, 移送司法."""

    model = Sanction
    form_class = SanctionForm
    create_service = services.create_sanction
    title = gettext_lazy("登记升级处置")
    success_message = gettext_lazy("已登记。")
    error_fields = {"reason": "basis"}


class SanctionTransition(ServiceErrors, TransitionView):
    """A decision on an escalation, posted from the list; a refusal is a message there."""

    model = Sanction
    form_class = SanctionNoteForm
    success_message = DONE

    def perform(self, obj, form):
        result = super().perform(obj, form)
        return result[0] if isinstance(result, tuple) else result  # 验收: (整顿, 提请关闭)


SANCTION_ACTIONS = {
    "approve": SanctionTransition.as_view(service=partial(services.decide_sanction, approve=True)),
    "reject": SanctionTransition.as_view(service=partial(services.decide_sanction, approve=False)),
    "pass": SanctionTransition.as_view(service=partial(services.verify_suspension, passed=True)),
    "fail": SanctionTransition.as_view(service=partial(services.verify_suspension, passed=False)),
    "remove": SanctionTransition.as_view(service=remove_listing_early),
}


# -------------------------------------------------------------------------- transfers


class TransferList(ObjectListView):
    model = Transfer
    filterset_class = TransferFilter
    table_class = TransferTable
    table_id = "transfers"
    template_name = "enforcement/transfer_list.html"
    title = gettext_lazy("移交（异地执法检查问题移交表、行刑衔接）")
    per_page = 30

    def refine(self, qs):
        return qs.select_related("enterprise", "department", "to_department", "to_region")


class TransferOpen(EnforcerForm):
    """异地执法检查问题移交表 for an inspection (its findings prefill the rows) or an enterprise."""

    model = Transfer
    form_class = TransferForm
    template_name = "enforcement/transfer_new.html"
    create_service = services.create_transfer
    success_message = gettext_lazy("已生成移交表，请双方签字。")

    def check_permission(self, obj=None):
        super().check_permission(obj)
        user = self.request.user
        inspections = _ids(self.request, "inspection")[:1]
        self.inspection = (
            get_scoped_or_404(Inspection, user, "view", pk=inspections[0]) if inspections else None
        )
        ents = _ids(self.request, "enterprise")[:1]
        if not ents and self.inspection is None:
            raise Http404(_("请从执法检查或企业进入移交"))
        ent_id = ents[0] if ents else self.inspection.enterprise_id
        self.ent = get_scoped_or_404(Enterprise, user, "view", pk=ent_id)

    def get_form(self):
        user = self.request.user
        if self.request.method == "POST":
            return self.form_class(self.request.POST, user=user)
        return self.form_class(initial=self.get_initial(), user=user, items=self.item_initial())

    def get_initial(self):
        return {"checked_on": self.inspection.inspected_on if self.inspection else None}

    def item_initial(self) -> list[dict]:
        """A row for each finding of the inspection (the seed form's five rows at most)."""
        if self.inspection is None:
            return []
        user = self.request.user
        unit = user.department.name if user.department_id else ""
        rows = []
        for f in self.inspection.findings.select_related("checklist_item")[:5]:
            item = f.checklist_item
            violation = law.VIOLATIONS.get(f.violation_code)
            rows.append(
                {
                    "check_item": item.item[:128] if item else "",
                    "description": f.description,
                    "legal_basis": violation.citation if violation else "",
                    "standard_basis": item.basis if item else "",
                    "raised_by": user.display_name,
                    "responsible_unit": unit,
                }
            )
        return rows

    def service_kwargs(self, form):
        d = form.cleaned_data
        return {
            "enterprise": self.ent, "kind": d["kind"], "to_department": d["to_department"],
            "to_region": d["to_region"], "to_organ": d["to_organ"], "inspection": self.inspection,
            "checked_on": d["checked_on"], "reason": d["reason"], "items": form.rows(),
        }  # fmt: skip

    def get_title(self):
        return _("异地执法检查问题移交表：%(name)s") % {"name": self.ent.name}

    def get_context_data(self, form):
        return {"ent": self.ent, "inspection": self.inspection}


TRANSFER_FORMS = {"sign_team": SignForm, "sign_local": SignForm, "result": ResultForm}


class TransferDetail(ObjectDetailView):
    model = Transfer
    template_name = "enforcement/transfer_detail.html"

    def base_queryset(self):
        return Transfer.objects.select_related(
            "enterprise", "department", "to_department", "to_region"
        )

    def get_context(self, t, bound=None):
        user = self.request.user
        town = t.enterprise.region
        while town is not None and town.level == "village":
            town = town.parent
        team = transfer_signers(t, "team")
        forms = {
            "sign_team": SignForm(initial={"side": "team", "signer": user.pk}, signers=team),
            "sign_town": SignForm(initial={"side": "local", "signer": user.pk}),
            "sign_local": SignForm(initial={"side": "local"}),
            "result": ResultForm(),
        }
        if bound:
            key = bound[0]
            if bound[0] == "sign":
                side = bound[1].data.get("side")
                key = "sign_team" if side == "team" else (
                    "sign_town" if bound[1].data.get("signer") else "sign_local")  # fmt: skip
            if key in forms:
                forms[key] = bound[1]
        model = t.items.model
        return {
            "t": t,
            "town": town,
            "items": t.items.all(),
            "options": [_(label) for _code, label in model.DISPOSALS],
            "option_codes": [code for code, _label in model.DISPOSALS],
            "documents": t.documents.all(),
            "issuer": user.department_id == t.department_id and services.is_enforcer(user),
            "receiver": services.is_receiver(user, t),
            "town_account": services.is_town_of(user, t),
            "team_sigs": t.signatures_of("team"),
            "local_sigs": t.signatures_of("local"),
            "all_sigs": list(t.signatures.order_by("signed_at", "id")),
            "forms": forms,
            "bound_form": bound[1] if bound else None,
        }


class TransferTransition(ServiceErrors, TransitionView):
    """Signing, acknowledging and answering a transfer: the receiving side sees it (view)."""

    model = Transfer
    action = "view"
    detail_view = TransferDetail
    success_message = DONE


def transfer_signers(t: Transfer, side: str):
    """Who may sign a side of the 移交表 with an account: the issuing department's enforcers
    (team), the receiving town's accounts (local)."""
    from anjian.accounts.models import Role, User

    if side == "team":
        return User.objects.filter(
            department_id=t.department_id, role__in=[Role.INSPECTOR, Role.DEPT_LEADER],
            is_active=True,
        ).order_by("username")  # fmt: skip
    if t.to_region_id is None:
        return User.objects.none()
    return User.objects.filter(role=Role.TOWN, is_active=True).order_by("username")


class TransferSign(TransferTransition):
    """One side's signature: an account (the logged-in user, or a colleague with his own
    password) or a handwritten signature with name and 身份证号 — never a typed name."""

    def form_kwargs(self, obj):
        return {"signers": transfer_signers(obj, self.request.POST.get("side", ""))}

    def service_kwargs(self, form):
        return {"side": form.cleaned_data["side"], **form.signature_kwargs()}


TRANSFER_ACTIONS = {
    "sign": TransferSign.as_view(name="sign", form_class=SignForm, service=services.sign_transfer),
    "acknowledge": TransferTransition.as_view(
        name="acknowledge",
        form_class=forms.Form,
        service=services.acknowledge_transfer,
    ),
    "result": TransferTransition.as_view(
        name="result", form_class=ResultForm, service=services.report_transfer_result
    ),
}


# -------------------------------------------------------------------------- documents


class DocumentList(ObjectListView):
    model = Document
    filterset_class = DocumentFilter
    table_class = DocumentTable
    table_id = "documents"
    template_name = "enforcement/document_list.html"
    title = gettext_lazy("执法文书")
    per_page = 30

    def refine(self, qs):
        return qs.select_related("enterprise", "case")

    def get_context_data(self, ctx):
        return {"form": enforcer_form(self.request, DocumentForm)}


class DocumentCreate(EnforcerForm):
    """A field document (现场检查记录, 措施决定书, 指令书, 复查意见书) for a record."""

    model = Document
    form_class = DocumentForm
    create_service = services.issue_field_document
    title = gettext_lazy("制发现场文书")

    def get_success_message(self, doc):
        return _("已制发：%(kind)s %(number)s") % {
            "kind": _(doc.get_kind_display()),
            "number": doc.number,
        }


class DocumentSign(ServiceErrors, TransitionView):
    """受送达人签收 on the officer's device: the party's representative signs by hand with his
    name and 身份证号, or an account of the party with its own password."""

    model = Document
    action = "view"
    form_class = SignatureForm
    service = services.sign_document
    name = "sign"
    success_message = gettext_lazy("当事人已签收。")

    def form_kwargs(self, obj):
        from anjian.accounts.models import Role, User

        return {"signers": User.objects.filter(role=Role.ENTERPRISE, enterprise=obj.enterprise)}

    def service_kwargs(self, form):
        return form.signature_kwargs()


@login_required
def document_file(request, pk, fmt):
    doc = get_scoped_or_404(Document, request.user, "view", pk=pk)
    f = doc.docx if fmt == "docx" else doc.pdf if fmt == "pdf" else None
    if not f:
        raise Http404
    name = f"{doc.get_kind_display()}{doc.number}.{fmt}"
    return FileResponse(f.open("rb"), as_attachment=True, filename=name)


# ------------------------------------------------------------------------ publication


class ExposureCreate(EnforcerForm):
    model = Exposure
    form_class = ExposureForm
    create_service = services.create_exposure
    title = gettext_lazy("登记曝光")
    success_message = gettext_lazy("已登记曝光记录。")


class ExposureList(ObjectListView):
    model = Exposure
    table_class = ExposureTable
    table_id = "exposures"
    template_name = "enforcement/exposure_list.html"
    title = gettext_lazy("曝光记录")
    per_page = 30

    def refine(self, qs):
        return qs.prefetch_related("cases")

    def get_context_data(self, ctx):
        return {"form": enforcer_form(self.request, ExposureForm)}

    def post(self, request, *args, **kwargs):
        """The form below the list registers an exposure (the same URL, as it always did)."""
        return ExposureCreate.as_view()(request)


class PublicPenalties(ObjectListView):
    """行政处罚 disclosure, no login: decided cases with persons' names masked."""

    table_class = PublicPenaltyTable
    table_id = "penalties"
    template_name = "enforcement/public.html"
    title = gettext_lazy("行政处罚信息公示")
    per_page = 20

    def dispatch(self, request, *args, **kwargs):
        return View.dispatch(self, request, *args, **kwargs)  # public: no login

    def get_queryset(self):
        return services.public_penalties()

    def get_context_data(self, ctx):
        return {"exposures": Exposure.objects.order_by("-published_on")[:10]}
