from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db.models import Case as DbCase
from django.db.models import Exists, F, OuterRef, Prefetch, Value, When
from django.http import FileResponse, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from anjian.accounts.models import Role
from anjian.core import exports
from anjian.core.forms import apply_errors, error_dict
from anjian.core.scoping import get_scoped_or_404
from anjian.core.tables import CappedPaginator
from anjian.core.uploads import file_response
from anjian.core.views import ObjectDetailView, ObjectEditView, ObjectListView, TransitionView
from anjian.registry.models import Enterprise

from . import excel, forms, services, timeline
from .filters import HazardFilter, MeasureFilter, SupervisionFilter
from .models import (
    Hazard,
    HazardEvidence,
    HazardStandard,
    OnSiteMeasure,
    Supervision,
)
from .tables import HazardTable, MeasureTable, SupervisionTable

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
LedgerPaginator = CappedPaginator  # the ledger's paginator (bench/hazards.py reads its CAP)


class StaffOnly:
    """Pages every role but the expert (who sees no hazards directly) may open."""

    def check_permission(self, obj=None):
        if self.request.user.role == Role.EXPERT:
            raise PermissionDenied


class HazardList(StaffOnly, ObjectListView):
    """The ledger with its filters; for the enterprise user its own hazards with deadlines."""

    model = Hazard
    filterset_class = HazardFilter
    table_class = HazardTable
    table_id = "hazards"
    template_name = "hazards/ledger.html"
    title = gettext_lazy("隐患台账")

    @property
    def mine(self) -> bool:
        return self.request.user.role == Role.ENTERPRISE

    def get(self, request, *args, **kwargs):
        if self.mine:
            self.template_name, self.per_page = "hazards/mine.html", 30
            self.title = gettext_lazy("本企业隐患整改")
        return super().get(request, *args, **kwargs)

    def refine(self, qs):
        active = Supervision.objects.filter(hazard=OuterRef("pk"), lifted_at__isnull=True)
        qs = (
            qs.with_overdue(timezone.localdate())
            .annotate(supervised=Exists(active))
            .select_related("enterprise", "department")
        )
        if self.mine:
            # open hazards first, the most urgent deadline (overdue ones) at the top; closed last
            closed_last = DbCase(When(status="closed", then=Value(1)), default=Value(0))
            return qs.annotate(_closed=closed_last).order_by(
                "_closed", F("deadline").asc(nulls_last=True), "-found_at"
            )
        return qs.order_by("-found_at", "-id")

    def get_context_data(self, ctx):
        # the enterprise's list has no filter form (its figures link to it with filters)
        return {"filter": None, "mine_filter": ctx["filter"]} if self.mine else {}


def _export_filter(request):
    if request.user.role == Role.EXPERT:
        raise PermissionDenied
    fs = HazardFilter(request.GET, Hazard.objects.restrict(request.user, "view"), request=request)
    return fs


@login_required
def ledger_export(request):
    """The ledger as .xlsx: at once when small; above ANJIAN_EXPORT_SYNC_MAX_ROWS rows a
    background job with a progress page and a download link (`core.exports`)."""
    fs = _export_filter(request)
    if not fs.is_valid():
        return HttpResponseBadRequest(fs.error_text())
    filename = f"hazards-{timezone.localdate():%Y%m%d}.xlsx"
    if exports.too_large(fs.qs):
        job = exports.start_export(
            request.user, exporter="anjian.hazards.excel.ledger_job",
            params={k: v for k, v in request.GET.items() if v}, title=_("隐患台账导出"),
            filename=filename, content_type=XLSX,
        )  # fmt: skip
        return redirect("exports:job", job.pk)
    f = excel.export_ledger(fs.qs, viewer=request.user)
    resp = FileResponse(f, content_type=XLSX, as_attachment=True)
    resp["Content-Disposition"] = f"attachment; filename*=UTF-8''{filename}"
    return resp


@login_required
def ledger_export_csv(request):
    """The ledger as CSV, streamed: the first bytes leave at once, rows follow as the cursor
    yields them, however many."""
    fs = _export_filter(request)
    if not fs.is_valid():
        return HttpResponseBadRequest(fs.error_text())
    rows = excel.ledger_rows(fs.qs, viewer=request.user)
    return exports.stream_csv(
        excel.EXPORT_HEADER, rows, f"hazards-{timezone.localdate():%Y%m%d}.csv"
    )


class HazardNew(StaffOnly, ObjectEditView):
    """登记隐患: staff for one of their enterprises, an enterprise user its own 自查."""

    model = Hazard
    action = "view"
    form_class = forms.ReportForm
    template_name = "hazards/new.html"
    create_service = services.report_hazard
    success_message = gettext_lazy("隐患已登记。")

    def get(self, request, *args, **kwargs):
        """`?enterprise=<id>` (from 一企一档) preselects one of the user's enterprises."""
        self.preset = None
        value = request.GET.get("enterprise")
        if value and not self.mine:
            try:
                self.preset = forms.enterprise_field(request.user).clean(value)
            except ValidationError as exc:
                return HttpResponseBadRequest(
                    _("参数 enterprise（企业）无效：%(error)s") % {"error": "；".join(exc.messages)}
                )
        return super().get(request, *args, **kwargs)

    @property
    def mine(self) -> bool:
        return self.request.user.role == Role.ENTERPRISE

    def get_initial(self):
        return {"enterprise": self.preset.pk} if getattr(self, "preset", None) else {}

    def get_title(self):
        ent = self.request.user.enterprise if self.mine else getattr(self, "preset", None)
        if ent is None:
            return pgettext("button", "登记隐患")
        return _("登记隐患：%(name)s") % {"name": ent.name}

    def service_kwargs(self, form):
        data = super().service_kwargs(form)
        found_on = data.pop("found_on", None)
        if found_on:
            data["found_at"] = timezone.make_aware(
                timezone.datetime.combine(found_on, timezone.localtime().time())
            )
        data["evidence_files"] = data.pop("files", None) or []
        if self.mine:
            data["enterprise"] = self.request.user.enterprise
        return data


class HazardDetail(ObjectDetailView):
    model = Hazard
    template_name = "hazards/detail.html"

    def base_queryset(self):
        return Hazard.objects.select_related(
            "enterprise", "department", "criterion", "found_by", "closed_by", "checklist_item"
        )

    def get_context(self, h, bound=None):
        user = self.request.user
        today = timezone.localdate()
        own = services.is_own_enterprise(user, h)
        staff = services.staff_can_change(user, h)
        missing = h.missing_five_measures() if h.level == "major" else []
        ctx = {
            "h": h,
            "today": today,
            "overdue": h.overdue_on(today),
            "flag": h.enforcement_flag(today),
            "events": h.events.select_related("actor").prefetch_related("files"),
            "found_files": h.evidence.filter(kind="found"),
            "extensions": h.extensions.select_related("requested_by", "decided_by"),
            "supervisions": h.supervisions.all(),
            "disposals": h.disposals.select_related("decided_by", "transfer_to"),
            "measures": h.onsite_measures.select_related("decided_by"),
            "missing": _("、").join(_(m) for m in missing),
            "own": own,
            "staff": staff,
        }
        f = self.forms(h, own, staff, today, ctx)
        if bound:
            name, form = bound
            f[name] = form
        ctx["forms"] = f
        return ctx

    def forms(self, h, own, staff, today, ctx) -> dict:
        """The transitions this user may start on this hazard now, each with its form."""
        user = self.request.user
        act = own or staff
        reviewer = services.can_review(user, h)
        initial = {"version": h.version}
        open_ = h.status in ("pending", "rectifying")
        f = {}
        if act and open_:
            f["measures"] = forms.FiveMeasuresForm(
                initial={
                    **initial,
                    "measures": h.measures,
                    "responsible_person": h.responsible_person,
                    "funds": h.funds,
                    "deadline": h.deadline,
                    "emergency_plan": h.emergency_plan,
                }
            )
            if h.deadline and not h.extensions.filter(status="pending").exists():
                f["extension"] = forms.ExtensionForm(initial=initial)
        if act and h.status == "pending":
            f["start"] = forms.VersionForm(initial=initial)
        if act and h.status == "rectifying":
            f["submit"] = forms.SubmitForm(initial=initial)
        if reviewer and h.status == "review":
            f["review"] = forms.ReviewForm(initial=initial)
        if reviewer and open_ and h.level != "major":  # a major hazard closes after 复查 only
            f["immediate"] = forms.ImmediateForm(initial=initial)
        if staff and open_:
            pending = h.extensions.filter(status="pending").first()
            if pending:
                ctx["pending_extension"] = pending
                f["decide"] = forms.DecideExtensionForm(initial=initial)
        if own and h.level == "major" and not h.discovery_reported_at:
            f["discovery"] = forms.VersionForm(initial=initial)
        if services.can_supervise(user) and staff and h.level == "major" and h.status != "closed":
            if not h.supervisions.filter(lifted_at__isnull=True).exists():
                f["supervise"] = forms.SuperviseForm(initial={"issued_on": today})
        if staff:
            f["dispose"] = forms.DisposalForm()
        if services.can_enforce(user) and staff:
            f["measure"] = forms.MeasureForm()
        return f


def _record_errors(form, call):
    """Run `call`; errors about the record (its status, its 五落实) rather than a field of the
    form become errors of the form itself, shown without a field name."""
    try:
        return call()
    except ValidationError as exc:
        errors: dict[str, list] = {}
        for key, msgs in error_dict(exc).items():
            errors.setdefault(key if key in form.fields else NON_FIELD_ERRORS, []).extend(msgs)
        raise ValidationError(errors) from exc


class HazardTransition(TransitionView):
    """A step of the hazard's loop posted from its page; a refusal shows the page again with
    the form where it was filled in (400, or 409 for a stale version).

    Read with the "view" scope: the services decide who may act (the enterprise views its
    hazards and may still rectify them; a crafted review by it is a 403)."""

    model = Hazard
    action = "view"
    detail_view = HazardDetail

    def run_service(self, form, call):
        return super().run_service(form, lambda: _record_errors(form, call))

    def get_success_url(self, obj):
        return reverse("hazards:detail", args=[self.kwargs["pk"]])


def _impose(by, hazard, **data):
    return services.impose_measure(by, hazard.enterprise, hazard=hazard, **data)


# The steps of the loop, each posted from the hazard's page (`name`: its form there).
hazard_start = HazardTransition.as_view(
    name="start", form_class=forms.VersionForm, service=services.start_rectification,
    success_message=gettext_lazy("已开始整改。"),
)  # fmt: skip
hazard_measures = HazardTransition.as_view(
    name="measures", form_class=forms.FiveMeasuresForm, service=services.set_five_measures,
    success_message=gettext_lazy("五落实已保存。"),
)  # fmt: skip
hazard_submit = HazardTransition.as_view(
    name="submit", form_class=forms.SubmitForm, service=services.submit_rectification,
    success_message=gettext_lazy("整改情况已提交，等待监管部门复查。"),
)  # fmt: skip
hazard_review = HazardTransition.as_view(
    name="review", form_class=forms.ReviewForm, service=services.review,
    success_message=gettext_lazy("复查意见已保存。"),
)  # fmt: skip
hazard_immediate = HazardTransition.as_view(
    name="immediate", form_class=forms.ImmediateForm, service=services.close_immediately,
    success_message=gettext_lazy("即查即改，已销号。"),
)  # fmt: skip
hazard_extension = HazardTransition.as_view(
    name="extension", form_class=forms.ExtensionForm, service=services.request_extension,
    success_message=gettext_lazy("延期申请已提交，等待审批。"),
)  # fmt: skip
hazard_decide = HazardTransition.as_view(
    name="decide", form_class=forms.DecideExtensionForm, service=services.decide_pending_extension,
    success_message=gettext_lazy("延期申请已审批。"),
)  # fmt: skip
hazard_discovery = HazardTransition.as_view(
    name="discovery", form_class=forms.VersionForm, service=services.report_discovery,
    success_message=gettext_lazy("已向监管部门报告。"),
)  # fmt: skip
hazard_supervise = HazardTransition.as_view(
    name="supervise", form_class=forms.SuperviseForm, service=services.supervise,
    success_message=gettext_lazy("已挂牌督办。"),
)  # fmt: skip
hazard_dispose = HazardTransition.as_view(
    name="dispose", form_class=forms.DisposalForm, service=services.dispose,
    success_message=gettext_lazy("执法处置意见已记录。"),
)  # fmt: skip
hazard_measure = HazardTransition.as_view(
    name="measure", form_class=forms.MeasureForm, service=_impose,
    success_message=gettext_lazy("现场处理措施已记录。"),
)  # fmt: skip


class Lift(TransitionView):
    """Lifting an on-site measure or a supervision, posted from its list (or, for a measure,
    the hazard's page: the user returns where the record is shown)."""

    back = ""  # URL name of the list
    via_hazard = False

    def get_error_url(self, obj):
        if self.via_hazard and obj.hazard_id:
            return reverse("hazards:detail", args=[obj.hazard_id])
        return reverse(self.back)


measure_lift = Lift.as_view(
    model=OnSiteMeasure, form_class=forms.LiftForm, service=services.lift_measure,
    success_message=gettext_lazy("现场处理措施已解除。"), back="hazards:measures", via_hazard=True,
)  # fmt: skip
supervision_lift = Lift.as_view(
    model=Supervision, form_class=forms.LiftSupervisionForm, service=services.lift_supervision,
    success_message=gettext_lazy("已摘牌。"), back="hazards:supervision",
)  # fmt: skip


class RecordList(StaffOnly, ObjectListView):
    """The lists of on-site measures and of supervisions: open ones first."""

    related: tuple = ()
    ordering: tuple = ()

    def refine(self, qs):
        return qs.select_related(*self.related).order_by(*self.ordering)


measure_list = RecordList.as_view(
    model=OnSiteMeasure, filterset_class=MeasureFilter, table_class=MeasureTable,
    table_id="measures", title=gettext_lazy("现场处理措施"),
    related=("enterprise", "hazard", "decided_by", "lifted_by"),
    ordering=("lifted_at", "-decided_at"),
)  # fmt: skip
supervision_list = RecordList.as_view(  # 挂牌督办清单
    model=Supervision, filterset_class=SupervisionFilter, table_class=SupervisionTable,
    table_id="supervisions", title=gettext_lazy("重大事故隐患挂牌督办清单"),
    related=("hazard", "hazard__enterprise", "created_by"), ordering=("lifted_at", "deadline"),
)  # fmt: skip


@login_required
def evidence_file(request, pk):
    ev = get_scoped_or_404(HazardEvidence, request.user, "view", pk=pk)
    return file_response(ev.file, filename=ev.basename)


@login_required
def enterprise_timeline(request, pk):
    """一企一档: the enterprise's whole history in one timeline."""
    ent = get_scoped_or_404(Enterprise, request.user, "view", pk=pk)
    events = timeline.events_for(ent, request.user)
    repeats = services.repeat_summary(ent) if request.user.role != Role.EXPERT else []
    open_count = Hazard.objects.restrict(request.user).filter(enterprise=ent).open().count()
    return render(
        request,
        "hazards/timeline.html",
        {"ent": ent, "events": events, "repeats": repeats, "open_count": open_count},
    )


@login_required
def criteria(request):
    """判定标准: standards, categories with verified counts, and the items staff entered."""
    can_add = request.user.is_superuser or request.user.role in (
        Role.AWB,
        Role.INSPECTOR,
        Role.DEPT_LEADER,
    )
    form = forms.CriterionForm(request.POST or None)
    if request.method == "POST":
        if not can_add:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.add_criterion(request.user, **form.cleaned_data)
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("已录入判定标准条款。"))
                return redirect("hazards:criteria")
    standards = HazardStandard.objects.prefetch_related(
        Prefetch("categories__criteria"), "categories__children"
    )
    rows = []
    for std in standards:
        cats = []
        for c in std.categories.all():
            if c.parent_id:
                continue
            entered = len(c.criteria.all()) + sum(len(ch.criteria.all()) for ch in c.children.all())
            cats.append({"cat": c, "entered": entered})
        rows.append({"std": std, "cats": cats})
    return render(
        request, "hazards/criteria.html", {"rows": rows, "form": form, "can_add": can_add}
    )


@login_required
def register_import(request):
    """Import an enterprise's own hazard register (企业自查): all rows or none."""
    user = request.user
    if user.role == Role.EXPERT:
        raise PermissionDenied
    form = forms.ImportForm(request.POST or None, request.FILES or None, user=user)
    result = None
    if request.method == "POST" and form.is_valid():
        ent = user.enterprise if user.role == Role.ENTERPRISE else form.cleaned_data["enterprise"]
        result = excel.import_register(user, ent, form.cleaned_data["file"])
        if result.ok:
            messages.success(request, _("导入成功：共 %(n)d 条隐患。") % {"n": result.created})
            return redirect("hazards:list")
    return render(
        request,
        "hazards/import.html",
        {"form": form, "result": result, "columns": excel.COLUMNS},
    )


@login_required
def import_template(request):
    resp = HttpResponse(excel.template_workbook(), content_type=XLSX)
    resp["Content-Disposition"] = "attachment; filename*=UTF-8''hazard-register-template.xlsx"
    return resp
