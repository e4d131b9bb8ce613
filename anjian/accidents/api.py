"""T2 accidents API: scoped list and detail; recording an accident; linking tips and cases."""

from datetime import date, datetime
from decimal import Decimal

from django.db.models import Count
from ninja import Field, Router, Schema, Status
from ninja.pagination import PageNumberPagination, paginate

from anjian.core.filters import filter_queryset
from anjian.core.scoping import get_scoped_or_404
from anjian.registry.models import Enterprise

from . import services
from .filters import AccidentFilter
from .models import Accident

router = Router(tags=["事故"])


class AccidentOut(Schema):
    id: int
    version: int
    enterprise_id: int
    enterprise_name: str
    occurred_at: datetime
    reported_at: datetime | None
    discovered_via: str
    place: str
    kind: str
    deaths: int
    serious_injuries: int
    direct_loss_yuan: Decimal
    grade: str = Field(description="一般/较大/重大/特别重大")
    grade_reasons: list[str]
    late_report: bool = Field(description="迟报：超过1小时（条例第九条）")
    concealed: bool = Field(description="瞒报：经举报、医院、公安等其他途径获知")
    false_report: bool
    campaign_id: int | None
    investigation_due: date
    investigation_report_on: date | None
    four_nots_due: date | None
    four_nots_done_on: date | None
    lookback_tasks: int


class AccidentDetail(AccidentOut):
    tips: list[str] = Field(description="关联举报编号（仅本人有权查看的）")
    cases: list[dict] = Field(description="关联案件：直接关联及经关联举报核查立案的")


class LinkTipIn(Schema):
    code: str = Field(description="举报编号")
    version: int | None = None


class LinkCaseIn(Schema):
    case_id: int
    version: int | None = None


class AccidentIn(Schema):
    enterprise_id: int
    occurred_at: datetime
    reported_at: datetime | None = None
    discovered_via: str = "enterprise"
    place: str
    kind: str = Field(description="事故类别，如 机械伤害、中毒和窒息")
    deaths: int = Field(0, ge=0)
    serious_injuries: int = Field(0, ge=0)
    direct_loss_yuan: Decimal = Field(Decimal(0), ge=0)
    false_report: bool = False
    summary: str = ""


def _out(a: Accident) -> dict:
    return {
        "id": a.id,
        "version": a.version,
        "enterprise_id": a.enterprise_id,
        "enterprise_name": a.enterprise.name,
        "occurred_at": a.occurred_at,
        "reported_at": a.reported_at,
        "discovered_via": a.discovered_via,
        "place": a.place,
        "kind": a.kind,
        "deaths": a.deaths,
        "serious_injuries": a.serious_injuries,
        "direct_loss_yuan": a.direct_loss_yuan,
        "grade": a.grade,
        "grade_reasons": a.grade_reasons,
        "late_report": a.late_report,
        "concealed": a.concealed,
        "false_report": a.false_report,
        "campaign_id": a.campaign_id,
        "investigation_due": a.investigation_due,
        "investigation_report_on": a.investigation_report_on,
        "four_nots_due": a.four_nots_due,
        "four_nots_done_on": a.four_nots_done_on,
        "lookback_tasks": a.n_lookbacks if hasattr(a, "n_lookbacks") else a.lookbacks.count(),
    }


def _detail(user, a: Accident) -> dict:
    from anjian.tips.models import Tip

    tips = Tip.objects.restrict(user).filter(accidents=a).order_by("received_at")
    cases = [
        {"id": c.pk, "title": str(c), "stage": c.stage, "how": how}
        for c, how in services.related_cases(user, a)
    ]
    return _out(a) | {"tips": list(tips.values_list("code", flat=True)), "cases": cases}


class _Page:
    """A lazily converted page: the paginator slices the queryset, only that slice is read."""

    def __init__(self, qs):
        self.qs = qs

    def __len__(self):
        return self.qs.count()

    def __getitem__(self, item):
        return [_out(a) for a in self.qs[item]]


@router.get("", response=list[AccidentOut], summary="事故列表（按权限范围）")
@paginate(PageNumberPagination, page_size=50)
def list_accidents(request, grade: str | None = None, flag: str | None = None):
    qs = Accident.objects.restrict(request.user).select_related("enterprise")
    qs = filter_queryset(AccidentFilter, qs, request.user, grade=grade, flag=flag)
    return _Page(qs.annotate(n_lookbacks=Count("lookbacks")))


@router.get("/{int:accident_id}", response=AccidentDetail, summary="事故详情")
def get_accident(request, accident_id: int):
    qs = Accident.objects.select_related("enterprise")
    return _detail(request.user, get_scoped_or_404(qs, request.user, pk=accident_id))


@router.post("", response={201: AccidentDetail}, summary="登记事故（自动定级、迟报/瞒报标记）")
def create_accident(request, payload: AccidentIn):
    data = payload.dict()
    ent = get_scoped_or_404(Enterprise, request.user, pk=data.pop("enterprise_id"))
    acc = services.record_accident(request.user, enterprise=ent, **data)
    return Status(201, _detail(request.user, acc))


@router.post(
    "/{int:accident_id}/tips",
    response=AccidentDetail,
    summary="关联举报（举报早于单位报告的记为瞒报）",
)
def link_tip(request, accident_id: int, payload: LinkTipIn):
    from anjian.tips.models import Tip

    acc = get_scoped_or_404(Accident, request.user, "change", pk=accident_id)
    tip = get_scoped_or_404(Tip, request.user, code=payload.code.strip().upper())
    acc = services.link_tip(request.user, acc, tip, expected_version=payload.version)
    return _detail(request.user, acc)


@router.post("/{int:accident_id}/cases", response=AccidentDetail, summary="关联案件")
def link_case(request, accident_id: int, payload: LinkCaseIn):
    from anjian.enforcement.models import Case

    acc = get_scoped_or_404(Accident, request.user, "change", pk=accident_id)
    case = get_scoped_or_404(Case, request.user, pk=payload.case_id)
    acc = services.link_case(request.user, acc, case, expected_version=payload.version)
    return _detail(request.user, acc)
