from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from anjian.campaigns.models import Campaign
from anjian.core.scoping import get_scoped_or_404
from anjian.core.services import ConflictError

from . import excel, services
from .forms import (
    LiaisonForm,
    ObligationForm,
    ReportForm,
    SubmissionForm,
    SuperviseForm,
    TaskImportForm,
)
from .models import (
    Liaison,
    Obligation,
    Submission,
    Task,
    TaskEvidence,
    TaskList,
    TaskReport,
    Unit,
)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _errors_text(exc: ValidationError) -> str:
    if hasattr(exc, "error_dict"):
        return "；".join("，".join(v) for v in exc.message_dict.values())
    return "；".join(exc.messages)


def _apply(form, exc: ValidationError):
    for field, errs in exc.message_dict.items():
        form.add_error(field if field in form.fields else None, errs)


@login_required
def index(request):
    """Task lists in scope, and the current user's unit's open items."""
    user = request.user
    lists = TaskList.objects.restrict(user).select_related("campaign", "region")
    page = Paginator(lists, 30).get_page(request.GET.get("page"))
    unit = Unit.for_user(user)
    mine = []
    if unit is not None:
        tasks = Task.objects.restrict(user).filter(units=unit)
        for task in tasks.select_related("task_list").prefetch_related(
            "units__department", "units__region", "reports", "supervisions"
        )[:300]:
            for c in services.task_status(task):
                if c.unit == unit and c.status in ("overdue", "pending"):
                    mine.append((task, c))
        mine.sort(key=lambda tc: (tc[1].status != "overdue", tc[1].period.due))
    return render(
        request,
        "tasks/index.html",
        {"page": page, "unit": unit, "mine": mine[:50], "can_import": services.is_awb(user)},
    )


@login_required
def import_view(request):
    if not services.is_awb(request.user):
        raise PermissionDenied
    form = TaskImportForm(request.POST or None, request.FILES or None, user=request.user)
    result = None
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        result = excel.import_task_list(
            request.user, d["file"], title=d["title"], region=d["region"], year=d["year"],
            start=d["start"], end=d["end"], campaign=d["campaign"],
        )  # fmt: skip
        if result.ok:
            messages.success(request, f"导入成功：共 {result.created} 项任务。")
            return redirect("tasks:list_detail", pk=result.task_list.pk)
    return render(request, "tasks/import.html", {"form": form, "result": result})


@login_required
def list_detail(request, pk):
    tl = get_scoped_or_404(TaskList, request.user, "view", pk=pk)
    tasks = (
        Task.objects.restrict(request.user)
        .filter(task_list=tl)
        .prefetch_related("units__department", "units__region", "reports", "supervisions")
    )
    unit_id = request.GET.get("unit")
    if unit_id and unit_id.isdigit():
        tasks = tasks.filter(units__id=int(unit_id))
    rows = []
    for t in tasks:
        t.task_list = tl
        cells = services.task_status(t)
        rows.append(
            {
                "task": t,
                "done": sum(c.status in ("done", "late_done") for c in cells),
                "overdue": sum(c.status == "overdue" for c in cells),
                "total": len(cells),
            }
        )
    units = (
        Unit.objects.filter(tasks__task_list=tl).distinct().select_related("department", "region")
    )
    return render(
        request,
        "tasks/list_detail.html",
        {"tl": tl, "rows": rows, "units": units, "unit_id": unit_id},
    )


@login_required
def progress_view(request, pk=None):
    """Progress by unit and ranking, with the overdue items (督办 for the 安委办)."""
    tl = get_scoped_or_404(TaskList, request.user, "view", pk=pk) if pk else None
    tasks = Task.objects.restrict(request.user)
    if tl is not None:
        tasks = tasks.filter(task_list=tl)
    ranking = services.progress(tasks)
    overdue = services.overdue_cells(tasks)[:200]
    return render(
        request,
        "tasks/progress.html",
        {
            "tl": tl,
            "ranking": ranking,
            "overdue": overdue,
            "can_supervise": services.is_awb(request.user),
            "today": timezone.localdate(),
        },
    )


@login_required
def task_detail(request, pk):
    task = get_scoped_or_404(Task.objects.select_related("task_list"), request.user, "view", pk=pk)
    cells = services.task_status(task)
    unit = Unit.for_user(request.user)
    my_unit = unit if unit is not None and task.units.filter(pk=unit.pk).exists() else None
    today = timezone.localdate()
    open_periods = [p for p in services.task_periods(task) if p.start <= today]
    form = ReportForm(periods=open_periods) if my_unit else None
    if form is not None:
        pending = [
            c.period.key for c in cells if c.unit == my_unit and c.status in ("overdue", "pending")
        ]
        if pending:
            form.fields["period_key"].initial = pending[0]
    return render(
        request,
        "tasks/task_detail.html",
        {
            "task": task,
            "cells": cells,
            "my_unit": my_unit,
            "form": form,
            "supervisions": task.supervisions.select_related("unit", "issued_by"),
            "can_supervise": services.is_awb(request.user),
        },
    )


@login_required
@require_POST
def report(request, pk):
    task = get_scoped_or_404(Task.objects.select_related("task_list"), request.user, "view", pk=pk)
    today = timezone.localdate()
    form = ReportForm(
        request.POST,
        request.FILES,
        periods=[p for p in services.task_periods(task) if p.start <= today],
    )
    if form.is_valid():
        d = form.cleaned_data
        try:
            services.report_completion(
                request.user, task, period_key=d["period_key"], note=d["note"],
                files=d["files"], expected_version=d.get("version"),
            )  # fmt: skip
            messages.success(request, "已报送完成情况。")
        except (ValidationError, ConflictError) as exc:
            text = str(exc) if isinstance(exc, ConflictError) else _errors_text(exc)
            messages.error(request, f"报送未成功：{text}")
    else:
        messages.error(
            request,
            "报送未成功："
            + "；".join(f"{form.fields[k].label}：{'，'.join(v)}" for k, v in form.errors.items()),
        )
    return redirect("tasks:task_detail", pk=task.pk)


@login_required
@require_POST
def supervise(request, pk):
    task = get_scoped_or_404(
        Task.objects.select_related("task_list"), request.user, "change", pk=pk
    )
    form = SuperviseForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        unit = task.units.filter(pk=d["unit"]).first()
        try:
            if unit is None:
                raise ValidationError({"unit": "该单位不是该任务的责任单位"})
            services.issue_supervision(
                request.user, task, unit, period_key=d["period_key"], note=d["note"],
                new_due=d["new_due"],
            )  # fmt: skip
            messages.success(request, f"已向{unit.label}下发督办。")
        except ValidationError as exc:
            messages.error(request, f"督办未下发：{_errors_text(exc)}")
    else:
        messages.error(request, "督办未下发：请填写督办意见")
    nxt = request.POST.get("next", "")
    if nxt.startswith("/tasks/"):
        return redirect(nxt)
    return redirect("tasks:task_detail", pk=task.pk)


@login_required
def evidence(request, pk):
    ev = TaskEvidence.objects.select_related("report").filter(pk=pk).first()
    if ev is None or not TaskReport.objects.restrict(request.user).filter(pk=ev.report_id).exists():
        return HttpResponse(status=404)
    return FileResponse(ev.file.open("rb"), as_attachment=True, filename=ev.name)


# ------------------------------------------------------------------ C5


@login_required
def liaison_index(request):
    camps = Campaign.objects.restrict(request.user, "view")
    return render(request, "tasks/liaison_index.html", {"campaigns": camps})


@login_required
def liaison_list(request, campaign_id):
    camp = get_scoped_or_404(Campaign, request.user, "view", pk=campaign_id)
    liaisons = (
        Liaison.objects.restrict(request.user)
        .filter(campaign=camp)
        .select_related("unit__department", "unit__region")
    )
    unit = Unit.for_user(request.user)
    form = LiaisonForm(request.POST or None) if unit else None
    if request.method == "POST" and form is not None and form.is_valid():
        d = dict(form.cleaned_data)
        d.pop("version", None)
        try:
            services.add_liaison(request.user, camp, **d)
            messages.success(request, "已登记联络员。")
            return redirect("tasks:liaisons", campaign_id=camp.pk)
        except ValidationError as exc:
            _apply(form, exc)
    editable = set(
        Liaison.objects.restrict(request.user, "change")
        .filter(campaign=camp)
        .values_list("pk", flat=True)
    )
    return render(
        request,
        "tasks/liaisons.html",
        {"camp": camp, "liaisons": liaisons, "form": form, "unit": unit, "editable": editable},
    )


@login_required
@require_POST
def liaison_delete(request, pk):
    li = get_scoped_or_404(Liaison, request.user, "delete", pk=pk)
    services.delete_liaison(request.user, li)
    messages.success(request, "已删除。")
    return redirect("tasks:liaisons", campaign_id=li.campaign_id)


@login_required
def liaison_export(request, campaign_id):
    camp = get_scoped_or_404(Campaign, request.user, "view", pk=campaign_id)
    qs = (
        Liaison.objects.restrict(request.user)
        .filter(campaign=camp)
        .select_related("unit__department", "unit__region")
        .order_by("unit_id", "seq")
    )
    unit = Unit.for_user(request.user)
    if request.GET.get("mine") and unit is not None:
        qs = qs.filter(unit=unit)
    label = unit.label if unit is not None else ""
    data = excel.liaison_workbook(camp, list(qs), unit_label=label)
    resp = HttpResponse(data, content_type=XLSX)
    resp["Content-Disposition"] = "attachment; filename*=UTF-8''liaisons.xlsx"
    return resp


@login_required
def obligation_index(request):
    user = request.user
    obligations = Obligation.objects.restrict(user).prefetch_related("units")
    form = None
    if services.is_awb(user):
        form = ObligationForm(request.POST or None, user=user)
        if request.method == "POST" and form.is_valid():
            d = form.cleaned_data
            try:
                ob = services.create_obligation(
                    user, title=d["title"], day_of_month=d["day_of_month"], start=d["start"],
                    end=d["end"], units=form.units(), campaign=d["campaign"],
                )  # fmt: skip
                messages.success(request, "已设置报送要求。")
                return redirect("tasks:obligation", pk=ob.pk)
            except ValidationError as exc:
                _apply(form, exc)
    return render(request, "tasks/obligations.html", {"obligations": obligations, "form": form})


@login_required
def obligation_detail(request, pk):
    ob = get_scoped_or_404(Obligation, request.user, "view", pk=pk)
    unit = Unit.for_user(request.user)
    mine = unit is not None and ob.units.filter(pk=unit.pk).exists()
    today = timezone.localdate()
    open_periods = [p for p in services.obligation_periods(ob) if p.start <= today]
    form = None
    if mine:
        form = SubmissionForm(request.POST or None, request.FILES or None, periods=open_periods)
        if request.method == "POST" and form.is_valid():
            d = form.cleaned_data
            try:
                services.submit(
                    request.user, ob, period_key=d["period_key"], file=d["file"], note=d["note"]
                )
                messages.success(request, "已报送。")
                return redirect("tasks:obligation", pk=ob.pk)
            except ValidationError as exc:
                _apply(form, exc)
    status = list(reversed(services.obligation_status(ob)))
    return render(
        request,
        "tasks/obligation_detail.html",
        {"ob": ob, "status": status, "form": form},
    )


@login_required
def submission_file(request, pk):
    sub = Submission.objects.restrict(request.user).filter(pk=pk).first()
    if sub is None or not sub.file:
        return HttpResponse(status=404)
    return FileResponse(
        sub.file.open("rb"), as_attachment=True, filename=sub.file.name.rsplit("/", 1)[-1]
    )
