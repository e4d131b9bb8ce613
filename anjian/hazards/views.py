from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Case as DbCase
from django.db.models import Exists, F, OuterRef, Prefetch, Value, When
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.functional import cached_property
from django.views.decorators.http import require_POST

from anjian.accounts.models import Region, Role, Sector
from anjian.core.scoping import get_scoped_or_404
from anjian.core.services import ConflictError
from anjian.registry.models import Enterprise

from . import excel, forms, services, timeline
from .filters import filter_hazards
from .models import (
    Hazard,
    HazardEvidence,
    HazardExtension,
    HazardStandard,
    OnSiteMeasure,
    Supervision,
)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _towns_for(user):
    qs = Region.objects.filter(level="town")
    if user.is_superuser:
        return qs
    if user.department_id:
        return qs.filter(code__startswith=user.department.region.prefix)
    if user.region_id:
        return qs.filter(code__startswith=user.region.prefix)
    return qs.none()


def _sectors_for(user):
    if user.role in (Role.INSPECTOR, Role.DEPT_LEADER) and user.department_id:
        return user.department.sectors.all()
    return Sector.objects.all()


class LedgerPaginator(Paginator):
    """Paginator whose count stops at CAP + 1 rows.

    On a county's 2,000,000 hazards a full COUNT(*) of an unfiltered ledger costs seconds while
    the page itself (index scan on -found_at, -id) costs milliseconds. Counting within
    ``LIMIT CAP + 1`` keeps the pages and their rows identical; only the total above CAP is
    shown as "超过 CAP 项" and the pager ends at the page holding row CAP + 1 (narrow the
    filters, or export, to go further).
    """

    CAP = 10_000

    @cached_property
    def count(self):
        return self.object_list.order_by()[: self.CAP + 1].count()

    @property
    def capped(self) -> bool:
        return self.count > self.CAP


def _ledger_qs(request):
    qs = Hazard.objects.restrict(request.user, "view")
    params = {k: v for k, v in request.GET.items() if k != "page"}
    return filter_hazards(qs, viewer=request.user, **params)


@login_required
def hazard_list(request):
    """Department ledger with filters, or the enterprise user's own list with deadlines."""
    user = request.user
    today = timezone.localdate()
    active = Supervision.objects.filter(hazard=OuterRef("pk"), lifted_at__isnull=True)
    qs = (
        _ledger_qs(request)
        .with_overdue(today)
        .annotate(supervised=Exists(active))
        .select_related("enterprise", "department")
        .order_by("-found_at", "-id")
    )
    if user.role == Role.ENTERPRISE:
        # open hazards first, the most urgent deadline (overdue ones) at the top; closed last
        closed_last = DbCase(When(status="closed", then=Value(1)), default=Value(0))
        qs = qs.annotate(_closed=closed_last).order_by(
            "_closed", F("deadline").asc(nulls_last=True), "-found_at"
        )
        page = Paginator(qs, 30).get_page(request.GET.get("page"))
        return render(request, "hazards/mine.html", {"page": page, "today": today})
    if user.role == Role.EXPERT:
        raise PermissionDenied
    page = LedgerPaginator(qs, 50).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "hazards/ledger.html",
        {
            "page": page,
            "f": request.GET,
            "querystring": params.urlencode(),
            "towns": _towns_for(user),
            "sectors": _sectors_for(user),
            "statuses": Hazard.STATUS,
            "levels": Hazard.LEVELS,
            "sources": Hazard.sources_for(user),
            "today": today,
            "cap": LedgerPaginator.CAP,
        },
    )


@login_required
def ledger_export(request):
    if request.user.role in (Role.EXPERT,):
        raise PermissionDenied
    f = excel.export_ledger(_ledger_qs(request), viewer=request.user)
    resp = FileResponse(f, content_type=XLSX, as_attachment=True)
    resp["Content-Disposition"] = (
        f"attachment; filename*=UTF-8''hazards-{timezone.localdate():%Y%m%d}.xlsx"
    )
    return resp


@login_required
def hazard_new(request):
    user = request.user
    if user.role == Role.EXPERT:
        raise PermissionDenied
    ent = None
    if request.GET.get("enterprise"):
        ent = get_scoped_or_404(Enterprise, user, "view", pk=request.GET["enterprise"])
    form = forms.ReportForm(request.POST or None, request.FILES or None, user=user, enterprise=ent)
    if request.method == "POST" and form.is_valid():
        cd = form.cleaned_data
        if user.role == Role.ENTERPRISE:
            ent = user.enterprise
        else:
            code = (cd.get("credit_code") or "").strip().upper()
            ent = Enterprise.objects.restrict(user, "view").filter(credit_code=code).first()
            if ent is None:
                form.add_error("credit_code", "未找到该企业，或该企业不在您的监管范围内")
        if ent is not None:
            found_at = None
            if cd.get("found_on"):
                found_at = timezone.make_aware(
                    timezone.datetime.combine(cd["found_on"], timezone.localtime().time())
                )
            try:
                h = services.report_hazard(
                    user,
                    enterprise=ent,
                    source=cd["source"],
                    level=cd["level"],
                    criterion=cd.get("criterion"),
                    description=cd["description"],
                    location=cd.get("location", ""),
                    found_at=found_at,
                    mode=cd["mode"],
                    deadline=cd.get("deadline"),
                    rectification_plan=cd.get("rectification_plan", ""),
                    evidence_files=cd.get("files") or [],
                )
            except ValidationError as exc:
                _apply_errors(form, exc)
            else:
                messages.success(request, "隐患已登记。")
                return redirect("hazards:detail", pk=h.pk)
    return render(request, "hazards/new.html", {"form": form, "ent": ent})


def _apply_errors(form, exc: ValidationError):
    for field, errs in exc.message_dict.items():
        form.add_error(field if field in form.fields else None, errs)


def _detail_context(request, h, bound=None):
    user = request.user
    today = timezone.localdate()
    own = services.is_own_enterprise(user, h)
    staff = services.staff_can_change(user, h)
    act = own or staff
    reviewer = services.can_review(user, h)
    initial = {"version": h.version}
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
        "missing": h.missing_five_measures() if h.level == "major" else [],
        "own": own,
        "staff": staff,
    }
    f = {}
    if act and h.status in ("pending", "rectifying"):
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
    if reviewer and h.status in ("pending", "rectifying"):
        f["immediate"] = forms.ImmediateForm(initial=initial)
    if staff and h.status in ("pending", "rectifying"):
        pend = h.extensions.filter(status="pending").first()
        if pend:
            ctx["pending_extension"] = pend
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
    if bound:
        name, form = bound
        f[name] = form
    ctx["forms"] = f
    ctx["lift_form"] = forms.LiftForm()
    return ctx


def _load(request, pk):
    return get_scoped_or_404(
        Hazard.objects.select_related(
            "enterprise", "department", "criterion", "found_by", "closed_by", "checklist_item"
        ),
        request.user,
        "view",
        pk=pk,
    )


@login_required
def hazard_detail(request, pk):
    h = _load(request, pk)
    return render(request, "hazards/detail.html", _detail_context(request, h))


def _action(name, form_class, call, success):
    """A POST endpoint that runs one service function, re-rendering the page on error."""

    @login_required
    @require_POST
    def view(request, pk):
        h = _load(request, pk)
        form = form_class(request.POST, request.FILES)
        status = 400
        if form.is_valid():
            try:
                call(request.user, h, form.cleaned_data)
            except ConflictError as exc:
                form.add_error(None, str(exc))
                status = 409
            except ValidationError as exc:
                _apply_errors(form, exc)
            else:
                messages.success(request, success)
                return redirect("hazards:detail", pk=h.pk)
        h = _load(request, pk)
        ctx = _detail_context(request, h, bound=(name, form))
        ctx["error_form"] = name
        return render(request, "hazards/detail.html", ctx, status=status)

    view.__name__ = f"hazard_{name}"
    return view


def _v(cd):
    return cd.get("version")


hazard_start = _action(
    "start",
    forms.VersionForm,
    lambda by, h, cd: services.start_rectification(by, h, expected_version=_v(cd)),
    "已开始整改。",
)
hazard_measures = _action(
    "measures",
    forms.FiveMeasuresForm,
    lambda by, h, cd: services.set_five_measures(
        by,
        h,
        measures=cd["measures"],
        responsible_person=cd["responsible_person"],
        funds=cd["funds"],
        deadline=cd["deadline"],
        emergency_plan=cd["emergency_plan"],
        expected_version=_v(cd),
    ),
    "五落实已保存。",
)
hazard_submit = _action(
    "submit",
    forms.SubmitForm,
    lambda by, h, cd: services.submit_rectification(
        by, h, note=cd["note"], files=cd["files"], expected_version=_v(cd)
    ),
    "整改情况已提交，等待监管部门复查。",
)
hazard_review = _action(
    "review",
    forms.ReviewForm,
    lambda by, h, cd: services.review(
        by, h, passed=cd["passed"], opinion=cd["opinion"], expected_version=_v(cd)
    ),
    "复查意见已保存。",
)
hazard_immediate = _action(
    "immediate",
    forms.ImmediateForm,
    lambda by, h, cd: services.close_immediately(
        by, h, note=cd["note"], files=cd["files"], expected_version=_v(cd)
    ),
    "即查即改，已销号。",
)
hazard_extension = _action(
    "extension",
    forms.ExtensionForm,
    lambda by, h, cd: services.request_extension(
        by, h, new_deadline=cd["new_deadline"], reason=cd["reason"], expected_version=_v(cd)
    ),
    "延期申请已提交，等待审批。",
)


def _decide(by, h, cd):
    ext = HazardExtension.objects.restrict(by).filter(hazard=h, status="pending").first()
    if ext is None:
        raise ValidationError({"approve": "没有待审批的延期申请"})
    return services.decide_extension(
        by, ext, approve=cd["approve"], note=cd.get("note", ""), expected_version=_v(cd)
    )


hazard_decide = _action("decide", forms.DecideExtensionForm, _decide, "延期申请已审批。")
hazard_discovery = _action(
    "discovery",
    forms.VersionForm,
    lambda by, h, cd: services.report_discovery(by, h, expected_version=_v(cd)),
    "已向监管部门报告。",
)
hazard_supervise = _action(
    "supervise",
    forms.SuperviseForm,
    lambda by, h, cd: services.supervise(by, h, **cd),
    "已挂牌督办。",
)
hazard_dispose = _action(
    "dispose",
    forms.DisposalForm,
    lambda by, h, cd: services.dispose(
        by, h, option=cd["option"], note=cd.get("note", ""), transfer_to=cd.get("transfer_to")
    ),
    "执法处置意见已记录。",
)
hazard_measure = _action(
    "measure",
    forms.MeasureForm,
    lambda by, h, cd: services.impose_measure(
        by, h.enterprise, hazard=h, kind=cd["kind"], target=cd["target"], basis=cd["basis"]
    ),
    "现场处理措施已记录。",
)


@login_required
@require_POST
def measure_lift(request, pk):
    m = get_scoped_or_404(OnSiteMeasure, request.user, "change", pk=pk)
    form = forms.LiftForm(request.POST)
    if form.is_valid():
        try:
            services.lift_measure(
                request.user,
                m,
                note=form.cleaned_data["note"],
                expected_version=_v(form.cleaned_data),
            )
            messages.success(request, "现场处理措施已解除。")
        except (ValidationError, ConflictError) as exc:
            messages.error(request, "；".join(getattr(exc, "messages", [str(exc)])))
    else:
        messages.error(request, "请填写解除理由")
    if m.hazard_id:
        return redirect("hazards:detail", pk=m.hazard_id)
    return redirect("hazards:measures")


@login_required
def measure_list(request):
    if request.user.role == Role.EXPERT:
        raise PermissionDenied
    qs = (
        OnSiteMeasure.objects.restrict(request.user)
        .select_related("enterprise", "hazard", "decided_by", "lifted_by")
        .order_by("lifted_at", "-decided_at")
    )
    if request.GET.get("active") == "1":
        qs = qs.filter(lifted_at__isnull=True)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "hazards/measures.html",
        {"page": page, "lift_form": forms.LiftForm(), "querystring": ""},
    )


@login_required
def supervision_list(request):
    """挂牌督办清单."""
    if request.user.role == Role.EXPERT:
        raise PermissionDenied
    today = timezone.localdate()
    qs = (
        Supervision.objects.restrict(request.user)
        .select_related("hazard", "hazard__enterprise", "created_by")
        .order_by("lifted_at", "deadline")
    )
    if request.GET.get("level") in dict(Supervision.LEVELS):
        qs = qs.filter(level=request.GET["level"])
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "hazards/supervision.html",
        {
            "page": page,
            "today": today,
            "levels": Supervision.LEVELS,
            "f": request.GET,
            "querystring": params.urlencode(),
        },
    )


@login_required
@require_POST
def supervision_lift(request, pk):
    s = get_scoped_or_404(Supervision, request.user, "change", pk=pk)
    try:
        services.lift_supervision(request.user, s, note=request.POST.get("note", ""))
        messages.success(request, "已摘牌。")
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    return redirect("hazards:supervision")


@login_required
def evidence_file(request, pk):
    ev = get_scoped_or_404(HazardEvidence, request.user, "view", pk=pk)
    return FileResponse(ev.file.open("rb"), filename=ev.basename)


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
                _apply_errors(form, exc)
            else:
                messages.success(request, "已录入判定标准条款。")
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
    user = request.user
    if user.role == Role.EXPERT:
        raise PermissionDenied
    form = forms.ImportForm(request.POST or None, request.FILES or None, user=user)
    result = None
    if request.method == "POST" and form.is_valid():
        ent = user.enterprise if user.role == Role.ENTERPRISE else None
        if ent is None:
            code = (form.cleaned_data.get("credit_code") or "").strip().upper()
            ent = Enterprise.objects.restrict(user, "view").filter(credit_code=code).first()
            if ent is None:
                form.add_error("credit_code", "未找到该企业，或该企业不在您的监管范围内")
        if ent is not None:
            result = excel.import_register(user, ent, form.cleaned_data["file"])
            if result.ok:
                messages.success(request, f"导入成功：共 {result.created} 条隐患。")
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
