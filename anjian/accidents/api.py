"""T2 accidents API: scoped list and detail; recording an accident."""

from datetime import date, datetime
from decimal import Decimal

from ninja import Field, Router, Schema, Status
from ninja.pagination import PageNumberPagination, paginate

from anjian.core.scoping import get_scoped_or_404
from anjian.registry.models import Enterprise

from . import services
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
        "lookback_tasks": a.lookbacks.count(),
    }


@router.get("", response=list[AccidentOut], summary="事故列表（按权限范围）")
@paginate(PageNumberPagination, page_size=50)
def list_accidents(request, grade: str | None = None):
    qs = Accident.objects.restrict(request.user).select_related("enterprise")
    if grade:
        qs = qs.filter(grade=grade)
    return [_out(a) for a in qs]


@router.get("/{int:accident_id}", response=AccidentOut, summary="事故详情")
def get_accident(request, accident_id: int):
    qs = Accident.objects.select_related("enterprise")
    return _out(get_scoped_or_404(qs, request.user, pk=accident_id))


@router.post("", response={201: AccidentOut}, summary="登记事故（自动定级、迟报/瞒报标记）")
def create_accident(request, payload: AccidentIn):
    data = payload.dict()
    ent = get_scoped_or_404(Enterprise, request.user, pk=data.pop("enterprise_id"))
    acc = services.record_accident(request.user, enterprise=ent, **data)
    return Status(201, _out(acc))
