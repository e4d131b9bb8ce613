"""涉企行政检查 API (国办发〔2024〕54号), read only: the published yearly limits, what one more
inspection of an enterprise would break, the 行政检查审批表, planned visits and their
综合查一次, and the 安委办's rating aggregates. Everything through `restrict(user, action)`."""

from datetime import date, datetime

from django.core.exceptions import ValidationError
from ninja import Field, Router, Schema
from ninja.pagination import PageNumberPagination, paginate

from anjian.core.scoping import get_scoped_or_404
from anjian.core.services import require
from anjian.registry.models import Enterprise

from . import services
from .models import InspectionApproval, JointInspection, PlannedVisit, VisitLimitRule

router = Router(tags=["涉企行政检查"])


class LimitOut(Schema):
    id: int
    region_code: str
    year: int
    tier: str = Field(description="key 重点检查 / general 一般检查")
    per_year: int = Field(description="年度检查次数上限")
    window_days: int = Field(description="其他部门检查后不得重复检查的间隔（日）")
    source: str = Field(description="公布依据")
    published_at: datetime | None


class CheckOut(Schema):
    enterprise_id: int
    on: date
    tier: str
    count: int = Field(description="该企业本年度已接受（含计划）的行政检查次数")
    limit: int
    published: bool = Field(description="False：安委办尚未公布，按系统默认值仅作提示")
    over_limit: bool
    repeats: list[dict] = Field(description="窗口期内其他部门的检查")
    problems: list[str]
    needs_approval: bool = Field(description="须先办理经批准的行政检查审批表")
    approval_id: int | None = Field(description="可使用的已批准审批表")


class ApprovalOut(Schema):
    id: int
    version: int
    number: str
    department: str
    enterprise_id: int
    enterprise_name: str
    planned_on: date
    reason: str
    problems: list[str]
    status: str
    opinion: str
    inspection_id: int | None


class PlannedOut(Schema):
    id: int
    department: str
    enterprise_id: int
    enterprise_name: str
    month: str = Field(description="YYYY-MM")
    checklist_id: int | None
    matters: str
    status: str
    joint_id: int | None


class JointOut(Schema):
    id: int
    enterprise_id: int
    enterprise_name: str
    month: str = Field(description="YYYY-MM")
    department: str = Field(description="牵头部门")
    departments: list[str]
    items: list[dict] = Field(description="一表通查：合并去重后的检查事项")
    status: str
    inspection_id: int | None


class RatingRowOut(Schema):
    department: str
    n: int
    shown: bool = Field(description="少于3条评价不显示统计值")
    avg: float | None
    low: int | None = Field(description="不满意、很不满意条数")
    conduct: int | None = Field(description="反映检查人员不文明规范的条数")


class _Page:
    """A lazily converted page: the paginator slices the queryset, only that slice is read."""

    def __init__(self, qs, out):
        self.qs, self.out = qs, out

    def __len__(self):
        return self.qs.count()

    def __getitem__(self, item):
        return [self.out(o) for o in self.qs[item]]


def _month(text: str | None) -> date | None:
    if not text:
        return None
    try:
        return datetime.strptime(text[:7], "%Y-%m").date() if len(text) == 7 else None
    except ValueError:
        return None


def _bad_month(text: str | None) -> None:
    if text and _month(text) is None:
        raise ValidationError({"month": "月份格式应为 YYYY-MM"})


@router.get("/limits", response=list[LimitOut], summary="安委办公布的涉企检查频次上限")
def list_limits(request, year: int | None = None):
    if year is not None and not 2000 <= year <= 2100:
        raise ValidationError({"year": "年度无效"})
    qs = VisitLimitRule.objects.restrict(request.user).select_related("region")
    if year is not None:
        qs = qs.filter(year=year)
    return [
        {"id": r.pk, "region_code": r.region.code, "year": r.year, "tier": r.tier,
         "per_year": r.per_year, "window_days": r.window_days, "source": r.source,
         "published_at": r.published_at}
        for r in qs.order_by("-year", "tier")
    ]  # fmt: skip


@router.get(
    "/enterprises/{int:enterprise_id}/check",
    response=CheckOut,
    summary="再检查一次该企业将触及的频次上限与重复检查（本部门）",
)
def check_enterprise(request, enterprise_id: int, on: date | None = None):
    from django.utils import timezone

    user = request.user
    require(user.department_id is not None, "只有执法部门人员可以查询")
    ent = get_scoped_or_404(Enterprise, user, pk=enterprise_id)
    on = on or timezone.localdate()
    if not 2000 <= on.year <= 2100:
        raise ValidationError({"on": "日期无效"})
    c = services.precheck(ent, user.department, on)
    approval = services.usable_approval(ent, user.department, on)
    return {
        "enterprise_id": ent.pk, "on": on, "tier": services.tier_of(ent), "count": c.count,
        "limit": c.limit, "published": c.enforced, "over_limit": c.over_limit,
        "repeats": [{"on": v.on, "department": v.department} for v in c.repeats],
        "problems": c.problems, "needs_approval": c.needs_approval,
        "approval_id": approval.pk if approval else None,
    }  # fmt: skip


@router.get("/approvals", response=list[ApprovalOut], summary="行政检查审批表")
@paginate(PageNumberPagination, page_size=50)
def list_approvals(request, status: str | None = None):
    if status and status not in dict(InspectionApproval.STATUS):
        raise ValidationError({"status": "未知的状态"})
    qs = InspectionApproval.objects.restrict(request.user).select_related(
        "department", "enterprise"
    )
    if status:
        qs = qs.filter(status=status)
    return _Page(qs.order_by("-planned_on", "-id"), lambda a: {
        "id": a.pk, "version": a.version, "number": a.number, "department": a.department.name,
         "enterprise_id": a.enterprise_id, "enterprise_name": a.enterprise.name,
         "planned_on": a.planned_on, "reason": a.reason, "problems": a.problems,
         "status": a.status, "opinion": a.opinion, "inspection_id": a.inspection_id,
    })  # fmt: skip


@router.get("/planned", response=list[PlannedOut], summary="各部门计划检查（综合查一次的来源）")
@paginate(PageNumberPagination, page_size=50)
def list_planned(request, month: str | None = None):
    _bad_month(month)
    qs = PlannedVisit.objects.restrict(request.user).select_related("department", "enterprise")
    if month:
        qs = qs.filter(month=_month(month))
    return _Page(qs.order_by("-month", "enterprise_id", "department_id"), lambda v: {
        "id": v.pk, "department": v.department.name, "enterprise_id": v.enterprise_id,
         "enterprise_name": v.enterprise.name, "month": f"{v.month:%Y-%m}",
         "checklist_id": v.checklist_id, "matters": v.matters, "status": v.status,
         "joint_id": v.joint_id,
    })  # fmt: skip


@router.get("/joints", response=list[JointOut], summary="综合查一次")
@paginate(PageNumberPagination, page_size=50)
def list_joints(request, month: str | None = None):
    _bad_month(month)
    qs = (
        JointInspection.objects.restrict(request.user)
        .select_related("department", "enterprise")
        .prefetch_related("departments")
    )
    if month:
        qs = qs.filter(month=_month(month))
    return _Page(qs.order_by("-month", "-id"), lambda j: {
        "id": j.pk, "enterprise_id": j.enterprise_id, "enterprise_name": j.enterprise.name,
         "month": f"{j.month:%Y-%m}", "department": j.department.name,
         "departments": [d.name for d in j.departments.all()], "items": j.items,
         "status": j.status, "inspection_id": j.inspection_id,
    })  # fmt: skip


@router.get("/ratings", response=list[RatingRowOut], summary="入企检查评价汇总（仅安委办）")
def rating_summary(request, year: int | None = None):
    if year is not None and not 2000 <= year <= 2100:
        raise ValidationError({"year": "年度无效"})
    return services.rating_summary(request.user, year)
