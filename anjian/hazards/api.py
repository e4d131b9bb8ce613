"""Hazards API: the ledger and every transition, scoped like the pages.

Transitions take the `version` read with the hazard; a stale version answers 409.
"""

from datetime import date, datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Router, Schema
from ninja.files import UploadedFile
from ninja.pagination import PageNumberPagination, paginate

from anjian.accounts.models import Department
from anjian.core.scoping import get_scoped_or_404
from anjian.registry.models import Enterprise

from . import services
from .filters import filter_hazards
from .models import Escalation, Hazard, HazardCriterion, HazardExtension, Supervision

router = Router(tags=["隐患治理"])


class HazardOut(Schema):
    id: int
    version: int
    enterprise_id: int
    enterprise: str
    source: str = Field(description="self/inspection/tip/assigned/transfer")
    level: str = Field(description="general=一般, major=重大")
    criterion: str | None
    description: str
    location: str
    found_at: datetime
    status: str = Field(
        description="pending=待整改, rectifying=整改中, review=待复查, closed=已销号"
    )
    mode: str
    deadline: date | None
    original_deadline: date | None
    overdue: bool
    supervised: bool
    repeat_count: int
    enforcement_flag: str = Field(description="no_penalty=不予处罚, penalty=应当处罚, 空=不适用")
    five_measures_missing: list[str]
    discovery_reported_at: datetime | None
    completion_reported_at: datetime | None
    closed_at: datetime | None
    department: str | None


class EventOut(Schema):
    at: datetime
    kind: str
    label: str
    actor: str | None
    note: str


class HazardDetailOut(HazardOut):
    events: list[EventOut]


def _out(h: Hazard, today=None, viewer=None) -> dict:
    today = today or timezone.localdate()
    supervised = getattr(h, "supervised", None)
    if supervised is None:
        supervised = h.supervisions.filter(lifted_at__isnull=True).exists()
    return {
        "id": h.id,
        "version": h.version,
        "enterprise_id": h.enterprise_id,
        "enterprise": h.enterprise.name,
        "source": h.source_for(viewer),
        "level": h.level,
        "criterion": str(h.criterion) if h.criterion_id else None,
        "description": h.description,
        "location": h.location,
        "found_at": h.found_at,
        "status": h.status,
        "mode": h.mode,
        "deadline": h.deadline,
        "original_deadline": h.original_deadline,
        "overdue": h.overdue_on(today),
        "supervised": supervised,
        "repeat_count": h.repeat_count,
        "enforcement_flag": h.enforcement_flag(today),
        "five_measures_missing": h.missing_five_measures() if h.level == "major" else [],
        "discovery_reported_at": h.discovery_reported_at,
        "completion_reported_at": h.completion_reported_at,
        "closed_at": h.closed_at,
        "department": h.department.name if h.department_id else None,
    }


def _detail(h: Hazard, viewer) -> dict:
    out = _out(h, viewer=viewer)
    out["events"] = [
        {
            "at": e.at,
            "kind": e.kind,
            "label": e.get_kind_display(),
            "actor": e.actor.display_name if e.actor_id else None,
            "note": e.note,
        }
        for e in h.events.select_related("actor")
    ]
    return out


def _get(request, hazard_id: int) -> Hazard:
    return get_scoped_or_404(
        Hazard.objects.select_related("enterprise", "department", "criterion"),
        request.user,
        "view",
        pk=hazard_id,
    )


@router.get("", response=list[HazardOut], summary="隐患台账（按权限范围）")
@paginate(PageNumberPagination, page_size=50)
def list_hazards(
    request,
    status: str | None = None,
    overdue: str | None = None,
    level: str | None = None,
    source: str | None = None,
    supervised: str | None = None,
    town: str | None = None,
    sector: int | None = None,
    repeat: str | None = None,
    enterprise: int | None = None,
    q: str | None = None,
):
    qs = filter_hazards(
        Hazard.objects.restrict(request.user, "view"),
        request.user,
        status=status,
        overdue=overdue,
        level=level,
        source=source,
        supervised=supervised,
        town=town,
        sector=sector,
        repeat=repeat,
        enterprise=enterprise,
        q=q,
    )
    active = Supervision.objects.filter(hazard=OuterRef("pk"), lifted_at__isnull=True)
    today = timezone.localdate()
    qs = (
        qs.annotate(supervised=Exists(active))
        .select_related("enterprise", "department", "criterion")
        .order_by("-found_at", "-id")
    )
    return [_out(h, today, request.user) for h in qs]


@router.get("/escalations", response=list[dict], summary="逾期升级记录（报部门/安委办）")
@paginate(PageNumberPagination, page_size=50)
def list_escalations(request):
    qs = Escalation.objects.restrict(request.user).select_related("hazard", "hazard__enterprise")
    return [
        {
            "id": e.id,
            "hazard_id": e.hazard_id,
            "target": e.target,
            "department_id": e.department_id,
            "deadline": e.deadline.isoformat(),
            "escalated_on": e.escalated_on.isoformat(),
            "message": e.message,
        }
        for e in qs
    ]


@router.get("/{int:hazard_id}", response=HazardDetailOut, summary="隐患详情及处理过程")
def get_hazard(request, hazard_id: int):
    return _detail(_get(request, hazard_id), request.user)


class HazardIn(Schema):
    enterprise_id: int
    source: str = "inspection"
    level: str = "general"
    criterion_id: int | None = None
    description: str
    location: str = ""
    deadline: date | None = None
    mode: str = "deadline"
    rectification_plan: str = ""
    new_occurrence: bool = Field(
        False, description="该企业已有相同的未销号隐患时须为 true（确属新发生），否则拒绝登记"
    )


@router.post("", response={201: HazardDetailOut}, summary="登记隐患")
def create_hazard(request, payload: HazardIn):
    ent = get_scoped_or_404(Enterprise, request.user, "view", pk=payload.enterprise_id)
    data = payload.dict()
    data.pop("enterprise_id")
    crit_id = data.pop("criterion_id")
    crit = None
    if crit_id is not None:
        crit = HazardCriterion.objects.filter(pk=crit_id).first()
        if crit is None:
            raise ValidationError({"criterion_id": _("判定标准条款不存在")})
    h = services.report_hazard(request.user, enterprise=ent, criterion=crit, **data)
    return 201, _detail(_get(request, h.pk), request.user)


class VersionIn(Schema):
    version: int = Field(description="读取时的版本号；已被他人修改时返回 409")


class FiveIn(VersionIn):
    measures: str
    responsible_person: str
    funds: Decimal
    deadline: date
    emergency_plan: str


class ReviewIn(VersionIn):
    passed: bool
    opinion: str


class ExtensionIn(VersionIn):
    new_deadline: date
    reason: str


class DecideIn(VersionIn):
    approve: bool
    note: str = ""


class SuperviseIn(Schema):
    level: str = Field(description="district/city/province")
    issuing_unit: str
    number: str
    issued_on: date
    deadline: date


class DisposalIn(Schema):
    option: str = Field(description="immediate/deadline/emergency/suspend/transfer/…")
    note: str = ""
    transfer_to_department_id: int | None = None


@router.post("/{int:hazard_id}/five-measures", response=HazardDetailOut, summary="填写五落实")
def five_measures(request, hazard_id: int, payload: FiveIn):
    data = payload.dict()
    v = data.pop("version")
    h = services.set_five_measures(
        request.user, _get(request, hazard_id), expected_version=v, **data
    )
    return _detail(h, request.user)


@router.post("/{int:hazard_id}/start", response=HazardDetailOut, summary="开始整改")
def start(request, hazard_id: int, payload: VersionIn):
    h = services.start_rectification(
        request.user, _get(request, hazard_id), expected_version=payload.version
    )
    return _detail(h, request.user)


@router.post(
    "/{int:hazard_id}/submit", response=HazardDetailOut, summary="提交整改（multipart，附照片）"
)
def submit(
    request,
    hazard_id: int,
    version: int = Form(...),
    note: str = Form(...),
    files: list[UploadedFile] = File(...),
):
    h = services.submit_rectification(
        request.user, _get(request, hazard_id), note=note, files=files, expected_version=version
    )
    return _detail(h, request.user)


@router.post("/{int:hazard_id}/review", response=HazardDetailOut, summary="整改复查（销号/不通过）")
def review(request, hazard_id: int, payload: ReviewIn):
    h = services.review(
        request.user,
        _get(request, hazard_id),
        passed=payload.passed,
        opinion=payload.opinion,
        expected_version=payload.version,
    )
    return _detail(h, request.user)


@router.post("/{int:hazard_id}/close-immediately", response=HazardDetailOut, summary="即查即改销号")
def close_immediately(
    request,
    hazard_id: int,
    version: int = Form(...),
    note: str = Form(...),
    files: list[UploadedFile] = File(...),
):
    h = services.close_immediately(
        request.user, _get(request, hazard_id), note=note, files=files, expected_version=version
    )
    return _detail(h, request.user)


@router.post("/{int:hazard_id}/extensions", response={201: dict}, summary="申请延期")
def request_extension(request, hazard_id: int, payload: ExtensionIn):
    ext = services.request_extension(
        request.user,
        _get(request, hazard_id),
        new_deadline=payload.new_deadline,
        reason=payload.reason,
        expected_version=payload.version,
    )
    return 201, {"id": ext.id, "status": ext.status, "new_deadline": ext.new_deadline.isoformat()}


@router.post("/extensions/{int:extension_id}/decide", response=dict, summary="审批延期申请")
def decide_extension(request, extension_id: int, payload: DecideIn):
    ext = get_scoped_or_404(HazardExtension, request.user, "change", pk=extension_id)
    ext = services.decide_extension(
        request.user,
        ext,
        approve=payload.approve,
        note=payload.note,
        expected_version=payload.version,
    )
    return {"id": ext.id, "status": ext.status}


@router.post(
    "/{int:hazard_id}/discovery-report", response=HazardDetailOut, summary="双报告：报告发现"
)
def discovery_report(request, hazard_id: int, payload: VersionIn):
    h = services.report_discovery(
        request.user, _get(request, hazard_id), expected_version=payload.version
    )
    return _detail(h, request.user)


@router.post("/{int:hazard_id}/supervise", response={201: dict}, summary="挂牌督办")
def supervise(request, hazard_id: int, payload: SuperviseIn):
    s = services.supervise(request.user, _get(request, hazard_id), **payload.dict())
    return 201, {"id": s.id, "level": s.level, "number": s.number}


@router.post("/{int:hazard_id}/disposals", response={201: dict}, summary="执法处置意见")
def dispose(request, hazard_id: int, payload: DisposalIn):
    dept = None
    if payload.transfer_to_department_id is not None:
        dept = Department.objects.filter(pk=payload.transfer_to_department_id).first()
        if dept is None:
            raise ValidationError({"transfer_to_department_id": _("部门不存在")})
    d = services.dispose(
        request.user,
        _get(request, hazard_id),
        option=payload.option,
        note=payload.note,
        transfer_to=dept,
    )
    return 201, {"id": d.id, "option": d.option, "label": d.get_option_display()}
