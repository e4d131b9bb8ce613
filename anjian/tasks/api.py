from datetime import date
from typing import Annotated

from ninja import Field, File, Form, Router, Schema
from ninja.files import UploadedFile
from ninja.pagination import PageNumberPagination, paginate

from anjian.core.filters import BIGINT_MAX
from anjian.core.scoping import get_scoped_or_404

from . import services
from .models import Liaison, Obligation, Task, TaskList, Unit

router = Router(tags=["工作清单"])

# ids, versions and numbers bounded like the database columns they are compared with
Id = Annotated[int, Field(ge=1, le=BIGINT_MAX)]
Version = Annotated[int, Field(ge=0, le=2147483647)]
Seq = Annotated[int, Field(ge=1, le=2147483647)]


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
    unit_id: Id
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


class TaskListIn(Schema):
    title: str = Field(..., max_length=200)
    region_id: Id | None = None
    campaign_id: Id | None = None
    start: date
    end: date
    version: Version | None = None


class TaskIn(Schema):
    seq: Seq | None = None
    measure: str = Field("", max_length=200)
    task: str = ""
    requirement: str
    department_ids: list[Id] = []
    region_ids: list[Id] = []
    deadline_kind: str
    deadline_date: date | None = None
    deadline_dates: str = Field("", max_length=200)
    deadline_day: Annotated[int, Field(ge=1, le=31)] | None = None
    version: Version | None = None


class LiaisonIn(Schema):
    name: str
    gender: str
    org_title: str
    mobile: str
    note: str = ""
    version: Version | None = None


def _list_args(request, payload: TaskListIn) -> dict:
    from django.core.exceptions import ValidationError

    from anjian.accounts.models import Region
    from anjian.campaigns.models import Campaign

    region = request.user.region
    if payload.region_id is not None:
        region = Region.objects.filter(pk=payload.region_id).first()
        if region is None:
            raise ValidationError({"region_id": "没有这个区域"})
    campaign = None
    if payload.campaign_id is not None:
        campaign = get_scoped_or_404(Campaign, request.user, "view", pk=payload.campaign_id)
    return {"title": payload.title, "region": region, "campaign": campaign,
            "start": payload.start, "end": payload.end}  # fmt: skip


def _task_args(tl: TaskList, payload: TaskIn) -> dict:
    from django.core.exceptions import ValidationError

    from anjian.accounts.models import Department, Region

    depts = list(Department.objects.filter(pk__in=payload.department_ids))
    regions = list(Region.objects.filter(pk__in=payload.region_ids))
    if len(depts) != len(set(payload.department_ids)) or len(regions) != len(
        set(payload.region_ids)
    ):
        raise ValidationError({"units": "责任单位中有不存在的部门或区域"})
    units = [Unit.of_department(d) for d in depts] + [Unit.of_region(r) for r in regions]
    deadline = services.build_deadline(
        payload.deadline_kind, year=tl.start.year, on=payload.deadline_date,
        dates_text=payload.deadline_dates, day=payload.deadline_day,
    )  # fmt: skip
    return {"seq": payload.seq, "measure": payload.measure, "task": payload.task,
            "requirement": payload.requirement, "units": units, "deadline": deadline}  # fmt: skip


def _list_out(t: TaskList) -> dict:
    return {"id": t.pk, "title": t.title, "layout": t.layout, "region": t.region.name,
            "campaign_id": t.campaign_id, "start": t.start, "end": t.end}  # fmt: skip


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
    return [_list_out(t) for t in TaskList.objects.restrict(request.user).select_related("region")]


@router.post("/lists", response={201: TaskListOut}, summary="新建工作清单（手工录入）")
def create_list(request, payload: TaskListIn):
    tl = services.create_task_list(request.user, **_list_args(request, payload))
    return 201, _list_out(tl)


@router.put("/lists/{int:list_id}", response=TaskListOut, summary="修改工作清单（版本冲突返回409）")
def update_list(request, list_id: int, payload: TaskListIn):
    tl = get_scoped_or_404(TaskList, request.user, "change", pk=list_id)
    tl = services.update_task_list(
        request.user, tl, expected_version=payload.version, **_list_args(request, payload)
    )
    return _list_out(tl)


@router.post("/lists/{int:list_id}/tasks", response={201: TaskOut}, summary="在清单中添加任务")
def create_task(request, list_id: int, payload: TaskIn):
    tl = get_scoped_or_404(TaskList, request.user, "change", pk=list_id)
    t = services.add_task(request.user, tl, **_task_args(tl, payload))
    return 201, _task_out(t)


@router.put("/tasks/{int:task_id}", response=TaskOut, summary="修改任务（版本冲突返回409）")
def update_task(request, task_id: int, payload: TaskIn):
    t = get_scoped_or_404(
        Task.objects.select_related("task_list"), request.user, "change", pk=task_id
    )
    t = services.update_task(
        request.user, t, expected_version=payload.version, **_task_args(t.task_list, payload)
    )
    return _task_out(t)


@router.delete("/tasks/{int:task_id}", response={204: None}, summary="删除任务（无报送时）")
def delete_task(request, task_id: int):
    t = get_scoped_or_404(Task, request.user, "delete", pk=task_id)
    services.delete_task(request.user, t)
    return 204, None


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
def progress(request, list_id: Id | None = None):
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
    version: Form[Version | None] = None,
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
def liaisons(request, campaign_id: Id):
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


@router.put(
    "/liaisons/{int:liaison_id}", response=LiaisonOut, summary="修改联络员（版本冲突返回409）"
)
def update_liaison(request, liaison_id: int, payload: LiaisonIn):
    li = get_scoped_or_404(Liaison, request.user, "change", pk=liaison_id)
    data = payload.dict()
    version = data.pop("version")
    li = services.update_liaison(request.user, li, expected_version=version, **data)
    return {"id": li.pk, "seq": li.seq, "name": li.name, "gender": li.gender,
            "org_title": li.org_title, "mobile": li.mobile, "note": li.note,
            "unit": li.unit.label}  # fmt: skip


@router.delete("/liaisons/{int:liaison_id}", response={204: None}, summary="删除联络员")
def delete_liaison(request, liaison_id: int):
    li = get_scoped_or_404(Liaison, request.user, "delete", pk=liaison_id)
    services.delete_liaison(request.user, li)
    return 204, None


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
