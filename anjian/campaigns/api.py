"""C1 campaigns (专项行动) with phases and targets; C3 enterprise self-inspection (自查自改)."""

from datetime import date, datetime

from django.utils import timezone
from ninja import Field, Router, Schema
from ninja.pagination import PageNumberPagination, paginate

from anjian.core.filters import filter_queryset
from anjian.core.scoping import get_scoped_or_404

from . import services
from .filters import SelfInspectionFilter
from .models import Campaign, SelfInspection

router = Router(tags=["专项行动"])


class PhaseOut(Schema):
    kind: str
    name: str
    start: date
    end: date
    tasks: str


class DutyOut(Schema):
    title: str
    recurrence: str = Field(description="once=一次性, monthly=每月")
    due_date: date | None
    day_of_month: int | None
    first_month: date | None
    receiver: str
    schedule: str


class TargetsOut(Schema):
    inspections_per_dept_month: int
    key_coverage_pct: int
    general_sample_pct: int | None


class CampaignOut(Schema):
    id: int
    version: int
    title: str
    doc_no: str
    issuer: str
    issued_on: date | None
    region_code: str
    region_name: str
    start: date
    end: date
    current_phase: str | None


class CampaignDetailOut(CampaignOut):
    summary: str
    phases: list[PhaseOut]
    targets: TargetsOut
    duties: list[DutyOut]
    departments: list[str]
    checklists: list[dict]
    filing_deadline: date | None


def _out(c: Campaign, today: date) -> dict:
    phase = c.phase_on(today)
    return {
        "id": c.id,
        "version": c.version,
        "title": c.title,
        "doc_no": c.doc_no,
        "issuer": c.issuer,
        "issued_on": c.issued_on,
        "region_code": c.region.code,
        "region_name": c.region.name,
        "start": c.start,
        "end": c.end,
        "current_phase": phase.name if phase else None,
    }


class HazardRef(Schema):
    id: int
    level: str
    status: str
    deadline: date | None


class AnswerOut(Schema):
    item_id: int
    row: int
    subject: str
    seq: int
    item: str
    result: str
    note: str
    measures: str
    responsible: str
    deadline: date | None
    level: str
    hazard_id: int | None


class SelfInspectionOut(Schema):
    id: int
    version: int
    campaign_id: int
    campaign: str
    template_id: int
    template: str
    enterprise_id: int
    enterprise: str
    status: str
    submitted_at: datetime | None
    filed_at: datetime | None
    filed_department: str | None
    filed_late: bool


class SelfInspectionDetailOut(SelfInspectionOut):
    answers: list[AnswerOut]
    hazards: list[HazardRef]


@router.get("", response=list[CampaignOut], summary="专项行动列表（按权限范围）")
@paginate(PageNumberPagination, page_size=50)
def list_campaigns(request):
    today = timezone.localdate()
    qs = Campaign.objects.restrict(request.user).select_related("region").prefetch_related("phases")
    return [_out(c, today) for c in qs.order_by("-start", "-id")]


@router.get(
    "/self-inspections", response=list[SelfInspectionOut], summary="企业自查列表（按权限范围）"
)
@paginate(PageNumberPagination, page_size=50)
def list_self_inspections(
    request, campaign: int | None = None, status: str | None = None, enterprise: int | None = None
):
    qs = SelfInspection.objects.restrict(request.user).select_related(
        "enterprise", "campaign", "template", "filed_department"
    )
    qs = filter_queryset(
        SelfInspectionFilter,
        qs,
        request.user,
        campaign=campaign,
        status=status,
        enterprise=enterprise,
    )
    return [_si_out(s, answers=False) for s in qs.order_by("-id")]


@router.get(
    "/self-inspections/{int:si_id}",
    response=SelfInspectionDetailOut,
    summary="企业自查详情（含逐项结果与隐患）",
)
def get_self_inspection(request, si_id: int):
    si = get_scoped_or_404(SelfInspection, request.user, "view", pk=si_id)
    return _si_out(si, answers=True)


class AnswerIn(Schema):
    item_id: int
    result: str = Field(description="ok=符合, fail=不符合, na=不涉及")
    note: str = ""
    measures: str = Field("", description="整改措施（不符合时必填）")
    responsible: str = Field("", description="责任人（不符合时必填）")
    deadline: date | None = Field(None, description="整改期限（不符合时必填）")
    level: str = Field("general", description="general=一般, major=重大")


class SubmitIn(Schema):
    version: int | None = Field(None, description="读取时的版本号；已被修改时返回 409")
    answers: list[AnswerIn] = []


@router.post(
    "/self-inspections/{int:si_id}/submit",
    response=SelfInspectionDetailOut,
    summary="提交企业自查（不符合项登记为企业自查隐患）",
)
def submit_self_inspection(request, si_id: int, payload: SubmitIn):
    si = get_scoped_or_404(SelfInspection, request.user, "view", pk=si_id)
    answers = {a.item_id: a.dict(exclude={"item_id"}) for a in payload.answers}
    si = services.submit_self_inspection(
        request.user, si, answers, expected_version=payload.version
    )
    return _si_out(si, answers=True)


@router.get("/{int:campaign_id}", response=CampaignDetailOut, summary="专项行动详情")
def get_campaign(request, campaign_id: int):
    c = get_scoped_or_404(
        Campaign.objects.select_related("region").prefetch_related("phases", "duties"),
        request.user,
        "view",
        pk=campaign_id,
    )
    out = _out(c, timezone.localdate())
    out.update(
        summary=c.summary,
        phases=list(c.phases.all()),
        targets={
            "inspections_per_dept_month": c.inspections_per_dept_month,
            "key_coverage_pct": c.key_coverage_pct,
            "general_sample_pct": c.general_sample_pct,
        },
        duties=list(c.duties.all()),
        departments=[d.name for d in c.departments.all()],
        checklists=[
            {"id": t.id, "code": t.code, "version": t.version, "title": t.title}
            for t in c.checklists.all()
        ],
        filing_deadline=c.filing_deadline,
    )
    return out


def _si_out(si: SelfInspection, answers: bool) -> dict:
    out = {
        "id": si.id,
        "version": si.version,
        "campaign_id": si.campaign_id,
        "campaign": si.campaign.title,
        "template_id": si.template_id,
        "template": si.template.title,
        "enterprise_id": si.enterprise_id,
        "enterprise": si.enterprise.name,
        "status": si.status,
        "submitted_at": si.submitted_at,
        "filed_at": si.filed_at,
        "filed_department": si.filed_department.name if si.filed_department_id else None,
        "filed_late": si.filed_late,
    }
    if answers:
        rows = list(si.answers.select_related("item", "hazard").order_by("item__row"))
        out["answers"] = [
            {
                "item_id": a.item_id,
                "row": a.item.row,
                "subject": a.item.subject,
                "seq": a.item.seq,
                "item": a.item.item,
                "result": a.result,
                "note": a.note,
                "measures": a.measures,
                "responsible": a.responsible,
                "deadline": a.deadline,
                "level": a.level,
                "hazard_id": a.hazard_id,
            }
            for a in rows
        ]
        out["hazards"] = [
            {
                "id": a.hazard.id,
                "level": a.hazard.level,
                "status": a.hazard.status,
                "deadline": a.hazard.deadline,
            }
            for a in rows
            if a.hazard_id
        ]
    return out
