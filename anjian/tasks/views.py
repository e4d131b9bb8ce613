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
    TaskForm,
    TaskImportForm,
    TaskListForm,
    unit_keys,
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


def _fail(form, exc):
    """Show a service's refusal on the form: field errors, or the conflict message on top."""
    if isinstance(exc, ConflictError):
        form.add_error(None, str(exc))
    else:
        _apply(form, exc)


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
        {
            "tl": tl,
            "rows": rows,
            "units": units,
            "unit_id": unit_id,
            "can_edit": TaskList.objects.restrict(request.user, "change").filter(pk=tl.pk).exists(),
        },
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
def list_new(request):
    """A 工作清单 entered by hand."""
    if not services.is_awb(request.user):
        raise PermissionDenied
    form = TaskListForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            tl = services.create_task_list(
                request.user, title=d["title"], region=d["region"], start=d["start"],
                end=d["end"], campaign=d["campaign"],
            )  # fmt: skip
            messages.success(request, "已新建清单，请逐项添加任务。")
            return redirect("tasks:task_new", pk=tl.pk)
        except ValidationError as exc:
            _apply(form, exc)
    return render(request, "tasks/list_form.html", {"form": form, "tl": None})


@login_required
def list_edit(request, pk):
    tl = get_scoped_or_404(TaskList, request.user, "change", pk=pk)
    initial = {
        "version": tl.version, "title": tl.title, "region": tl.region, "campaign": tl.campaign,
        "start": tl.start, "end": tl.end,
    }  # fmt: skip
    form = TaskListForm(request.POST or None, initial=initial, user=request.user)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.update_task_list(
                request.user, tl, expected_version=d.get("version"), title=d["title"],
                region=d["region"], start=d["start"], end=d["end"], campaign=d["campaign"],
            )  # fmt: skip
            messages.success(request, "已保存清单。")
            return redirect("tasks:list_detail", pk=tl.pk)
        except (ValidationError, ConflictError) as exc:
            _fail(form, exc)
    has_reports = TaskReport.objects.filter(task__task_list=tl).exists()
    return render(
        request, "tasks/list_form.html", {"form": form, "tl": tl, "has_reports": has_reports}
    )


@login_required
@require_POST
def list_delete(request, pk):
    tl = get_scoped_or_404(TaskList, request.user, "delete", pk=pk)
    try:
        services.delete_task_list(request.user, tl)
    except ValidationError as exc:
        messages.error(request, f"未删除：{_errors_text(exc)}")
        return redirect("tasks:list_edit", pk=tl.pk)
    messages.success(request, f"已删除清单“{tl.title}”。")
    return redirect("tasks:index")


def _task_kwargs(d) -> dict:
    return {
        "seq": d.get("seq"), "measure": d.get("measure", ""), "task": d.get("task", ""),
        "requirement": d["requirement"], "units": d["unit_objs"], "deadline": d["deadline"],
    }  # fmt: skip


@login_required
def task_new(request, pk):
    tl = get_scoped_or_404(TaskList, request.user, "change", pk=pk)
    form = TaskForm(request.POST or None, user=request.user, year=tl.start.year)
    if request.method == "POST" and form.is_valid():
        try:
            t = services.add_task(request.user, tl, **_task_kwargs(form.cleaned_data))
            messages.success(request, f"已添加第{t.seq}项任务。")
            if "again" in request.POST:
                return redirect("tasks:task_new", pk=tl.pk)
            return redirect("tasks:list_detail", pk=tl.pk)
        except ValidationError as exc:
            _apply(form, exc)
    count = tl.tasks.count()
    return render(request, "tasks/task_form.html", {"form": form, "tl": tl, "count": count})


@login_required
def task_edit(request, pk):
    task = get_scoped_or_404(
        Task.objects.select_related("task_list__region"), request.user, "change", pk=pk
    )
    tl = task.task_list
    initial = {
        "version": task.version, "seq": task.seq, "measure": task.measure, "task": task.task,
        "requirement": task.requirement, "units": unit_keys(task.units.all()),
        **services.deadline_fields(task.deadline_spec),
    }  # fmt: skip
    form = TaskForm(request.POST or None, initial=initial, user=request.user, year=tl.start.year)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_task(
                request.user, task, expected_version=form.cleaned_data.get("version"),
                **_task_kwargs(form.cleaned_data),
            )  # fmt: skip
            messages.success(request, f"已保存第{form.cleaned_data.get('seq') or task.seq}项任务。")
            return redirect("tasks:task_detail", pk=task.pk)
        except (ValidationError, ConflictError) as exc:
            _fail(form, exc)
    return render(
        request,
        "tasks/task_form.html",
        {"form": form, "tl": tl, "task": task, "has_reports": task.reports.exists()},
    )


@login_required
@require_POST
def task_delete(request, pk):
    task = get_scoped_or_404(
        Task.objects.select_related("task_list"), request.user, "delete", pk=pk
    )
    try:
        services.delete_task(request.user, task)
    except ValidationError as exc:
        messages.error(request, f"未删除：{_errors_text(exc)}")
        return redirect("tasks:task_detail", pk=task.pk)
    messages.success(request, f"已删除第{task.seq}项任务。")
    return redirect("tasks:list_detail", pk=task.task_list_id)


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
            "can_edit": Task.objects.restrict(request.user, "change").filter(pk=task.pk).exists(),
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
def liaison_edit(request, pk):
    li = get_scoped_or_404(
        Liaison.objects.select_related("campaign", "unit__department", "unit__region"),
        request.user,
        "change",
        pk=pk,
    )
    form = LiaisonForm(request.POST or None, instance=li, initial={"version": li.version})
    if request.method == "POST" and form.is_valid():
        d = {f: form.cleaned_data[f] for f in ("name", "gender", "org_title", "mobile", "note")}
        try:
            services.update_liaison(
                request.user, Liaison.objects.get(pk=pk),
                expected_version=form.cleaned_data.get("version"), **d,
            )  # fmt: skip
            messages.success(request, f"已保存联络员{d['name']}。")
            return redirect("tasks:liaisons", campaign_id=li.campaign_id)
        except (ValidationError, ConflictError) as exc:
            _fail(form, exc)
    return render(request, "tasks/liaison_edit.html", {"li": li, "form": form})


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
def obligation_edit(request, pk):
    """Edit a reporting obligation (what, by which day of the month, which units)."""
    ob = get_scoped_or_404(Obligation, request.user, "change", pk=pk)
    if not services.is_awb(request.user):
        raise PermissionDenied
    units = list(ob.units.all())
    initial = {
        "version": ob.version, "title": ob.title, "day_of_month": ob.day_of_month,
        "start": ob.start, "end": ob.end, "campaign": ob.campaign,
        "departments": [u.department_id for u in units if u.department_id],
        "towns": [u.region_id for u in units if u.region_id],
    }  # fmt: skip
    form = ObligationForm(request.POST or None, initial=initial, user=request.user)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.update_obligation(
                request.user, ob, expected_version=d.get("version"), title=d["title"],
                day_of_month=d["day_of_month"], start=d["start"], end=d["end"],
                units=form.units(), campaign=d["campaign"],
            )  # fmt: skip
            messages.success(request, "已保存报送要求。")
            return redirect("tasks:obligation", pk=ob.pk)
        except (ValidationError, ConflictError) as exc:
            _fail(form, exc)
    return render(request, "tasks/obligation_edit.html", {"ob": ob, "form": form})


@login_required
@require_POST
def obligation_delete(request, pk):
    ob = get_scoped_or_404(Obligation, request.user, "delete", pk=pk)
    try:
        services.delete_obligation(request.user, ob)
    except ValidationError as exc:
        messages.error(request, f"未删除：{_errors_text(exc)}")
        return redirect("tasks:obligation", pk=ob.pk)
    messages.success(request, f"已删除报送要求“{ob.title}”。")
    return redirect("tasks:obligations")


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
        {
            "ob": ob,
            "status": status,
            "form": form,
            "can_edit": services.is_awb(request.user)
            and Obligation.objects.restrict(request.user, "change").filter(pk=ob.pk).exists(),
        },
    )


@login_required
def submission_file(request, pk):
    sub = Submission.objects.restrict(request.user).filter(pk=pk).first()
    if sub is None or not sub.file:
        return HttpResponse(status=404)
    return FileResponse(
        sub.file.open("rb"), as_attachment=True, filename=sub.file.name.rsplit("/", 1)[-1]
    )
