from datetime import date

from ninja import File, Form, Router, Schema
from ninja.files import UploadedFile
from ninja.pagination import PageNumberPagination, paginate

from anjian.core.scoping import get_scoped_or_404

from . import services
from .models import Liaison, Obligation, Task, TaskList

router = Router(tags=["工作清单"])


class TaskListOut(Schema):
    id: int
    title: str
    layout: str
    region: str
    campaign_id: int | None
    start: date
    end: date


class TaskOut(Schema):
    id: int
    seq: int
    measure: str
    task: str
    requirement: str
    units: list[str]
    deadline: str
    deadline_kind: str


class CellOut(Schema):
    unit_id: int
    unit: str
    period_key: str
    period: str
    due: date
    status: str
    supervised: int


class ProgressOut(Schema):
    rank: int
    unit_id: int
    unit: str
    due: int
    done: int
    late: int
    overdue: int
    pending: int
    supervised: int
    rate: float


class ReportOut(Schema):
    id: int
    period_key: str
    version: int
    files: list[str]


class SuperviseIn(Schema):
    unit_id: int
    period_key: str
    note: str
    new_due: date | None = None


class LiaisonOut(Schema):
    id: int
    seq: int
    name: str
    gender: str
    org_title: str
    mobile: str
    note: str
    unit: str


def _task_out(t: Task) -> dict:
    spec = t.deadline_spec
    return {
        "id": t.pk, "seq": t.seq, "measure": t.measure, "task": t.task,
        "requirement": t.requirement, "units": [u.label for u in t.units.all()],
        "deadline": spec.label, "deadline_kind": spec.kind,
    }  # fmt: skip


@router.get("/lists", response=list[TaskListOut], summary="工作清单列表")
@paginate(PageNumberPagination, page_size=50)
def lists(request):
    return [
        {"id": t.pk, "title": t.title, "layout": t.layout, "region": t.region.name,
         "campaign_id": t.campaign_id, "start": t.start, "end": t.end}
        for t in TaskList.objects.restrict(request.user).select_related("region")
    ]  # fmt: skip


@router.get("/lists/{int:list_id}/tasks", response=list[TaskOut], summary="清单中的任务")
def list_tasks(request, list_id: int):
    tl = get_scoped_or_404(TaskList, request.user, "view", pk=list_id)
    qs = (
        Task.objects.restrict(request.user)
        .filter(task_list=tl)
        .prefetch_related("units__department", "units__region")
    )
    return [_task_out(t) for t in qs]


@router.get(
    "/tasks/{int:task_id}/status", response=list[CellOut], summary="任务各单位各期次完成情况"
)
def task_status(request, task_id: int):
    task = get_scoped_or_404(Task.objects.select_related("task_list"), request.user, pk=task_id)
    return [
        {"unit_id": c.unit.pk, "unit": c.unit.label, "period_key": c.period.key,
         "period": c.period.label, "due": c.period.due, "status": c.status,
         "supervised": c.supervised}
        for c in services.task_status(task)
    ]  # fmt: skip


@router.get("/progress", response=list[ProgressOut], summary="按责任单位的完成进度与排名")
def progress(request, list_id: int | None = None):
    tasks = Task.objects.restrict(request.user)
    if list_id is not None:
        tasks = tasks.filter(task_list=get_scoped_or_404(TaskList, request.user, pk=list_id))
    return [
        {"rank": i, "unit_id": p.unit.pk, "unit": p.unit.label, "due": p.due, "done": p.done,
         "late": p.late, "overdue": p.overdue, "pending": p.pending,
         "supervised": p.supervised, "rate": p.rate}
        for i, p in enumerate(services.progress(tasks), start=1)
    ]  # fmt: skip


@router.post(
    "/tasks/{int:task_id}/reports", response={201: ReportOut}, summary="报送完成情况（附佐证材料）"
)
def report(
    request,
    task_id: int,
    period_key: Form[str],
    note: Form[str],
    version: Form[int | None] = None,
    files: File[list[UploadedFile]] = None,
):
    task = get_scoped_or_404(Task.objects.select_related("task_list"), request.user, pk=task_id)
    r = services.report_completion(
        request.user, task, period_key=period_key, note=note, files=files or [],
        expected_version=version,
    )  # fmt: skip
    return 201, {
        "id": r.pk, "period_key": r.period_key, "version": r.version,
        "files": list(r.evidence.values_list("name", flat=True)),
    }  # fmt: skip


@router.post("/tasks/{int:task_id}/supervise", response={201: dict}, summary="安委办督办逾期任务")
def supervise(request, task_id: int, payload: SuperviseIn):
    task = get_scoped_or_404(
        Task.objects.select_related("task_list"), request.user, "change", pk=task_id
    )
    unit = task.units.filter(pk=payload.unit_id).first()
    if unit is None:
        from django.core.exceptions import ValidationError

        raise ValidationError({"unit_id": "该单位不是该任务的责任单位"})
    sup = services.issue_supervision(
        request.user, task, unit, period_key=payload.period_key, note=payload.note,
        new_due=payload.new_due,
    )  # fmt: skip
    return 201, {"id": sup.pk}


@router.get("/liaisons", response=list[LiaisonOut], summary="专职联络员（按专项行动）")
def liaisons(request, campaign_id: int):
    qs = (
        Liaison.objects.restrict(request.user)
        .filter(campaign_id=campaign_id)
        .select_related("unit__department", "unit__region")
    )
    return [
        {"id": li.pk, "seq": li.seq, "name": li.name, "gender": li.gender,
         "org_title": li.org_title, "mobile": li.mobile, "note": li.note, "unit": li.unit.label}
        for li in qs
    ]  # fmt: skip


@router.get(
    "/obligations/{int:ob_id}/status", response=list[dict], summary="报送要求的各期报送情况"
)
def obligation_status(request, ob_id: int):
    ob = get_scoped_or_404(Obligation, request.user, pk=ob_id)
    return [
        {"period_key": p.key, "period": p.label, "due": p.due.isoformat(),
         "units": [{"unit": u.label, "status": st,
                    "submitted_at": s.submitted_at.isoformat() if s else None}
                   for u, s, st in row]}
        for p, row in services.obligation_status(ob)
    ]  # fmt: skip
