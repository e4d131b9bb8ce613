from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from anjian.campaigns.models import Campaign
from anjian.core.scoping import get_scoped_or_404
from anjian.core.views import (
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
    TransitionView,
    get_or_post,
)

from . import excel, services
from .filters import TaskFilter, TitleFilter
from .forms import (
    LiaisonForm,
    ObligationForm,
    ReportForm,
    SubmissionForm,
    SuperviseForm,
    TaskForm,
    TaskImportForm,
    TaskListForm,
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
from .tables import CampaignTable, ObligationTable, TaskListTable, TaskTable

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _require_awb(user):
    if not services.is_awb(user):
        raise PermissionDenied


# ------------------------------------------------------------------ lists and tasks


class Index(ObjectListView):
    """Task lists in scope, and the current user's unit's open items."""

    model = TaskList
    filterset_class = TitleFilter.of(TaskList)
    table_class = TaskListTable
    table_id = "task-lists"
    template_name = "tasks/index.html"
    per_page = 30
    title = gettext_lazy("工作清单和责任清单")

    def refine(self, qs):
        return qs.select_related("campaign", "region")

    def get_actions(self):
        out = []
        if services.is_awb(self.request.user):
            out += [
                (_("导入清单"), reverse("tasks:import")),
                (_("新建清单"), reverse("tasks:list_new")),
            ]
        return [*out, (_("进度与排名"), reverse("tasks:progress"))]

    def get_context_data(self, ctx):
        user = self.request.user
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
        return {"unit": unit, "mine": mine[:50]}


@login_required
def import_view(request):
    _require_awb(request.user)
    form = TaskImportForm(request.POST or None, request.FILES or None, user=request.user)
    result = None
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        result = excel.import_task_list(
            request.user, d["file"], title=d["title"], region=d["region"], year=d["year"],
            start=d["start"], end=d["end"], campaign=d["campaign"],
        )  # fmt: skip
        if result.ok:
            messages.success(request, _("导入成功：共 %(n)d 项任务。") % {"n": result.created})
            return redirect("tasks:list_detail", pk=result.task_list.pk)
    return render(request, "tasks/import.html", {"form": form, "result": result})


@login_required
def import_template(request, layout):
    _require_awb(request.user)
    resp = HttpResponse(excel.template_workbook(layout), content_type=XLSX)
    resp["Content-Disposition"] = f"attachment; filename*=UTF-8''task-list-{layout}.xlsx"
    return resp


class ListDetail(ObjectListView):
    """One list's tasks (by responsible unit) with their completion."""

    model = Task
    filterset_class = TaskFilter
    table_class = TaskTable
    table_id = "tasks"
    template_name = "tasks/list_detail.html"
    per_page = 200

    def check_permission(self, obj=None):
        self.tl = get_scoped_or_404(TaskList, self.request.user, "view", pk=self.kwargs["pk"])

    def get_queryset(self):
        return super().get_queryset().filter(task_list=self.tl)

    def refine(self, qs):
        return qs.select_related("task_list").prefetch_related(
            "units__department", "units__region", "reports", "supervisions"
        )

    def get_context_data(self, ctx):
        can_edit = TaskList.objects.restrict(self.request.user, "change").filter(pk=self.tl.pk)
        ctx["table"].can_edit = can_edit.exists()
        return {"tl": self.tl, "title": self.tl.title, "can_edit": ctx["table"].can_edit}


@login_required
def progress_view(request, pk=None):
    """Progress by unit and ranking, with the overdue items (督办 for the 安委办)."""
    tl = get_scoped_or_404(TaskList, request.user, "view", pk=pk) if pk else None
    tasks = Task.objects.restrict(request.user)
    if tl is not None:
        tasks = tasks.filter(task_list=tl)
    return render(
        request,
        "tasks/progress.html",
        {
            "tl": tl,
            "ranking": services.progress(tasks),
            "overdue": services.overdue_cells(tasks)[:200],
            "can_supervise": services.is_awb(request.user),
            "today": timezone.localdate(),
        },
    )


class ListEdit(ObjectEditView):
    """A 工作清单 entered by hand (new) or edited."""

    model = TaskList
    form_class = TaskListForm
    template_name = "tasks/list_form.html"
    create_service = services.create_task_list
    update_service = services.update_task_list

    def check_permission(self, obj=None):
        if obj is None:
            _require_awb(self.request.user)

    def get_title(self):
        return _("编辑清单") if self.object else _("新建工作清单（手工录入）")

    def get_context_data(self, form):
        tl = self.object
        return {
            "tl": tl,
            "has_reports": bool(tl and TaskReport.objects.filter(task__task_list=tl).exists()),
        }

    def get_success_message(self, obj):
        return _("已保存清单。") if self.object else _("已新建清单，请逐项添加任务。")

    def get_success_url(self, obj):
        if self.object:
            return obj.get_absolute_url()
        return reverse("tasks:task_new", args=[obj.pk])


class ListDelete(TransitionView):
    model = TaskList
    action = "delete"
    service = services.delete_task_list

    def get_success_message(self, obj):
        return _("已删除清单“%(title)s”。") % {"title": obj.title}

    def get_success_url(self, obj):
        return reverse("tasks:index")

    def get_error_url(self, obj):
        return reverse("tasks:list_edit", args=[obj.pk])


class TaskEdit(ObjectEditView):
    """Add a task to a list (`list_pk`) or edit one (`pk`)."""

    model = Task
    form_class = TaskForm
    template_name = "tasks/task_form.html"
    create_service = services.add_task
    update_service = services.update_task

    def base_queryset(self):
        return Task.objects.select_related("task_list__region")

    def check_permission(self, obj=None):
        if obj is not None:
            self.tl = obj.task_list
        else:
            self.tl = get_scoped_or_404(
                TaskList, self.request.user, "change", pk=self.kwargs["list_pk"]
            )

    def form_kwargs(self):
        return {"year": self.tl.start.year}

    def service_kwargs(self, form):
        d = super().service_kwargs(form)
        out = {k: d.get(k) for k in ("seq", "measure", "task", "requirement", "expected_version")}
        out.update(units=d["unit_objs"], deadline=d["deadline"], measure=d.get("measure") or "")
        out["task"] = d.get("task") or ""
        if self.object is None:
            out["tl"] = self.tl
        return out

    def get_title(self):
        if self.object:
            return _("编辑第%(seq)s项任务") % {"seq": self.object.seq}
        return _("添加任务")

    def get_context_data(self, form):
        task = self.object
        return {
            "tl": self.tl,
            "task": task,
            "count": self.tl.tasks.count(),
            "has_reports": bool(task and task.reports.exists()),
        }

    def get_success_message(self, obj):
        if self.object:
            return _("已保存第%(seq)s项任务。") % {"seq": obj.seq}
        return _("已添加第%(seq)s项任务。") % {"seq": obj.seq}

    def get_success_url(self, obj):
        if self.object:
            return obj.get_absolute_url()
        if "again" in self.request.POST:
            return reverse("tasks:task_new", args=[self.tl.pk])
        return self.tl.get_absolute_url()


class TaskDelete(TransitionView):
    model = Task
    action = "delete"
    service = services.delete_task

    def base_queryset(self):
        return Task.objects.select_related("task_list")

    def get_success_message(self, obj):
        return _("已删除第%(seq)s项任务。") % {"seq": obj.seq}

    def get_success_url(self, obj):
        return obj.task_list.get_absolute_url()


def _open_periods(task):
    today = timezone.localdate()
    return [p for p in services.task_periods(task) if p.start <= today]


class TaskDetail(ObjectDetailView):
    model = Task
    template_name = "tasks/task_detail.html"

    def base_queryset(self):
        return Task.objects.select_related("task_list")

    def get_context(self, task, bound=None):
        user = self.request.user
        cells = services.task_status(task)
        unit = Unit.for_user(user)
        my_unit = unit if unit is not None and task.units.filter(pk=unit.pk).exists() else None
        form = None
        if bound and bound[0] == "report":
            form = bound[1]
        elif my_unit:
            form = ReportForm(periods=_open_periods(task))
            pending = [
                c.period.key
                for c in cells
                if c.unit == my_unit and c.status in ("overdue", "pending")
            ]
            if pending:
                form.fields["period_key"].initial = pending[0]
        return {
            "task": task,
            "cells": cells,
            "my_unit": my_unit,
            "form": form,
            "supervisions": task.supervisions.select_related("unit", "issued_by"),
            "can_supervise": services.is_awb(user),
            "can_edit": Task.objects.restrict(user, "change").filter(pk=task.pk).exists(),
        }


class Report(TransitionView):
    """A responsible unit reports a period of the task done, with evidence files."""

    model = Task
    action = "view"
    form_class = ReportForm
    service = services.report_completion
    name = "report"
    detail_view = TaskDetail
    success_message = gettext_lazy("已报送完成情况。")

    def base_queryset(self):
        return Task.objects.select_related("task_list")

    def form_kwargs(self, obj):
        return {"periods": _open_periods(obj)}

    def get_success_url(self, obj):
        return obj.task.get_absolute_url()


class Supervise(TransitionView):
    """督办: the 安委办 presses a unit on an overdue period (from the task or progress page)."""

    model = Task
    form_class = SuperviseForm
    service = services.issue_supervision

    def base_queryset(self):
        return Task.objects.select_related("task_list")

    def form_kwargs(self, obj):
        return {"task": obj}

    def service_kwargs(self, form):
        data = super().service_kwargs(form)
        self.next_url = data.pop("next", "")
        return data

    def get_success_message(self, obj):
        return _("已向%(unit)s下发督办。") % {"unit": obj.unit.label}

    def get_success_url(self, obj):
        return self.get_error_url(obj.task)

    def get_error_url(self, obj):
        nxt = getattr(self, "next_url", "") or self.request.POST.get("next", "")
        return nxt if nxt.startswith("/tasks/") else reverse("tasks:task_detail", args=[obj.pk])


@login_required
def evidence(request, pk):
    ev = TaskEvidence.objects.select_related("report").filter(pk=pk).first()
    if ev is None or not TaskReport.objects.restrict(request.user).filter(pk=ev.report_id).exists():
        return HttpResponse(status=404)
    return FileResponse(ev.file.open("rb"), as_attachment=True, filename=ev.name)


# ------------------------------------------------------------------ C5 liaisons


class LiaisonIndex(ObjectListView):
    model = Campaign
    filterset_class = TitleFilter.of(Campaign)
    table_class = CampaignTable
    title = gettext_lazy("专职联络员")

    def get_actions(self):
        return [(_("报送要求"), reverse("tasks:obligations"))]


class LiaisonsPage(ObjectDetailView):
    """A campaign's 专职联络员统计表 and the form for the user's unit to add one."""

    model = Campaign
    template_name = "tasks/liaisons.html"

    def get_context(self, camp, bound=None):
        user = self.request.user
        unit = Unit.for_user(user)
        form = bound[1] if bound else (LiaisonForm(user=user) if unit else None)
        liaisons = (
            Liaison.objects.restrict(user)
            .filter(campaign=camp)
            .select_related("unit__department", "unit__region")
        )
        editable = set(
            Liaison.objects.restrict(user, "change")
            .filter(campaign=camp)
            .values_list("pk", flat=True)
        )
        return {
            "camp": camp,
            "liaisons": liaisons,
            "form": form,
            "unit": unit,
            "editable": editable,
        }


class AddLiaison(TransitionView):
    model = Campaign
    action = "view"
    form_class = LiaisonForm
    service = services.add_liaison
    name = "liaison"
    detail_view = LiaisonsPage
    success_message = gettext_lazy("已登记联络员。")

    def get_form(self, obj):
        return self.form_class(self.request.POST, user=self.request.user)

    def service_kwargs(self, form):
        data = super().service_kwargs(form)
        data.pop("expected_version", None)
        return data

    def get_success_url(self, obj):
        return reverse("tasks:liaisons", args=[obj.campaign_id])


class LiaisonEdit(ObjectEditView):
    model = Liaison
    form_class = LiaisonForm
    template_name = "tasks/liaison_edit.html"
    update_service = services.update_liaison

    def base_queryset(self):
        return Liaison.objects.select_related("campaign", "unit__department", "unit__region")

    def get_context_data(self, form):
        return {"li": self.object}

    def get_success_message(self, obj):
        return _("已保存联络员%(name)s。") % {"name": obj.name}


class LiaisonDelete(TransitionView):
    model = Liaison
    action = "delete"
    service = services.delete_liaison
    success_message = gettext_lazy("已删除。")


@login_required
def liaison_export(request, pk):
    camp = get_scoped_or_404(Campaign, request.user, "view", pk=pk)
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


# ------------------------------------------------------------------ C5 reporting obligations


class Obligations(ObjectListView):
    """Reporting obligations in scope; the 安委办 sets a new one below the list."""

    model = Obligation
    filterset_class = TitleFilter.of(Obligation)
    table_class = ObligationTable
    table_id = "obligations"
    template_name = "tasks/obligations.html"
    title = gettext_lazy("报送要求")

    def refine(self, qs):
        return qs.select_related("campaign").prefetch_related("units")

    def get_actions(self):
        return [(_("专职联络员"), reverse("tasks:liaison_index"))]

    def get_context_data(self, ctx):
        user = self.request.user
        form = self.bound_form or (ObligationForm(user=user) if services.is_awb(user) else None)
        return {"form": form}


class ObligationEdit(ObjectEditView):
    model = Obligation
    form_class = ObligationForm
    template_name = "tasks/obligation_edit.html"
    create_service = services.create_obligation
    update_service = services.update_obligation
    page_view = None

    def check_permission(self, obj=None):
        _require_awb(self.request.user)

    def service_kwargs(self, form):
        data = super().service_kwargs(form)
        data.pop("departments"), data.pop("towns")
        return {**data, "units": form.units()}

    def get_context_data(self, form):
        return {"ob": self.object}

    def get_success_message(self, obj):
        return _("已保存报送要求。") if self.object else _("已设置报送要求。")


class ObligationCreate(ObligationEdit):
    page_view = Obligations


class ObligationDetail(ObjectDetailView):
    model = Obligation
    template_name = "tasks/obligation_detail.html"

    def get_context(self, ob, bound=None):
        user = self.request.user
        unit = Unit.for_user(user)
        # an official table is submitted on the stats pages, not by uploading a file here
        mine = not ob.stats_table and unit is not None and ob.units.filter(pk=unit.pk).exists()
        form = bound[1] if bound else (SubmissionForm(periods=_ob_periods(ob)) if mine else None)
        return {
            "ob": ob,
            "status": list(reversed(services.obligation_status(ob))),
            "stats_url": services.stats_table_url(ob),
            "form": form,
            "can_edit": services.is_awb(user)
            and Obligation.objects.restrict(user, "change").filter(pk=ob.pk).exists(),
        }


def _ob_periods(ob):
    today = timezone.localdate()
    return [p for p in services.obligation_periods(ob) if p.start <= today]


class Submit(TransitionView):
    model = Obligation
    action = "view"
    form_class = SubmissionForm
    service = services.submit
    name = "submission"
    detail_view = ObligationDetail
    success_message = gettext_lazy("已报送。")

    def form_kwargs(self, obj):
        return {"periods": _ob_periods(obj)}

    def get_success_url(self, obj):
        return obj.obligation.get_absolute_url()


class ObligationDelete(TransitionView):
    model = Obligation
    action = "delete"
    service = services.delete_obligation

    def get_success_message(self, obj):
        return _("已删除报送要求“%(title)s”。") % {"title": obj.title}

    def get_success_url(self, obj):
        return reverse("tasks:obligations")


@login_required
def submission_file(request, pk):
    sub = Submission.objects.restrict(request.user).filter(pk=pk).first()
    if sub is None or not sub.file:
        return HttpResponse(status=404)
    return FileResponse(
        sub.file.open("rb"), as_attachment=True, filename=sub.file.name.rsplit("/", 1)[-1]
    )


index = Index.as_view()
list_detail = ListDetail.as_view()
list_edit = ListEdit.as_view()
liaisons = get_or_post(LiaisonsPage.as_view(), AddLiaison.as_view())
obligations = get_or_post(Obligations.as_view(), ObligationCreate.as_view())
obligation = get_or_post(ObligationDetail.as_view(), Submit.as_view())
