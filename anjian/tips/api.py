"""T1 tips (举报) API: scoped list and detail, hotline entry, audited reveal.

The reporter's identity is in no schema except RevealOut, answered by the audited reveal.
"""

from datetime import datetime
from decimal import Decimal

from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_variables
from ninja import Field, Router, Schema, Status
from ninja.pagination import PageNumberPagination, paginate

from anjian.accounts.models import Region
from anjian.core.filters import filter_queryset
from anjian.core.scoping import get_scoped_or_404
from anjian.core.services import require
from anjian.registry.models import Enterprise

from . import services
from .filters import TipFilter
from .models import Tip

router = Router(tags=["举报"])


class TipOut(Schema):
    id: int
    version: int
    code: str
    channel: str
    category: str
    enterprise_id: int | None
    enterprise_name: str
    region_code: str
    place: str
    description: str
    anonymous: bool
    received_at: datetime
    status: str
    enforcement_check: bool = Field(description="反复举报，开展执法式核查")
    department: str | None
    handler: str | None
    inspection_id: int | None
    result: str
    reward_yuan: Decimal | None
    reward_status: str
    master_code: str | None


class TipIn(Schema):
    channel: str = Field(description="hotline=12350热线, letter=来信, visit=来访, email=电子邮件")
    category: str = Field(description="major_hazard, illegal, concealed, other")
    enterprise_id: int | None = None
    enterprise_name: str = ""
    region_code: str | None = Field(None, description="被举报单位不在名录中时填写所在镇街代码")
    place: str = ""
    description: str
    anonymous: bool = True
    reporter_name: str = ""
    reporter_phone: str = ""
    received_at: datetime | None = None


class TipCreated(Schema):
    id: int
    code: str
    secret: str = Field(description="举报人查询密码，仅返回这一次")


class RevealIn(Schema):
    reason: str = ""


class RevealOut(Schema):
    name: str
    phone: str


def _out(t: Tip) -> dict:
    return {
        "id": t.id,
        "version": t.version,
        "code": t.code,
        "channel": t.channel,
        "category": t.category,
        "enterprise_id": t.enterprise_id,
        "enterprise_name": t.enterprise_name,
        "region_code": t.region_id,
        "place": t.place,
        "description": t.description,
        "anonymous": t.anonymous,
        "received_at": t.received_at,
        "status": t.status,
        "enforcement_check": t.enforcement_check,
        "department": t.department.name if t.department_id else None,
        "handler": str(t.handler) if t.handler_id else None,
        "inspection_id": t.inspection_id,
        "result": t.result,
        "reward_yuan": t.reward_yuan,
        "reward_status": t.reward_status,
        "master_code": t.master.code if t.master_id else None,
    }


def _qs(user):
    return Tip.objects.restrict(user).select_related("department", "handler", "master")


@router.get("", response=list[TipOut], summary="举报列表（按权限范围；status 可为 todo）")
@paginate(PageNumberPagination, page_size=50)
def list_tips(request, status: str | None = None, category: str | None = None):
    require(services.is_staff(request.user), _("无权查看举报"))
    qs = filter_queryset(
        TipFilter, _qs(request.user), request.user, status=status, category=category
    )
    return [_out(t) for t in qs.order_by("-received_at", "-id")]


@router.get("/{int:tip_id}", response=TipOut, summary="举报详情（不含举报人信息）")
def get_tip(request, tip_id: int):
    return _out(get_scoped_or_404(_qs(request.user), request.user, pk=tip_id))


@router.post("", response={201: TipCreated}, summary="登记热线、来信、来访、电子邮件举报")
@sensitive_variables()
def create_tip(request, payload: TipIn):
    data = payload.dict()
    ent = None
    if data.pop("enterprise_id"):
        ent = get_scoped_or_404(Enterprise, request.user, pk=payload.enterprise_id)
    code = data.pop("region_code")
    region = Region.objects.filter(code=code).first() if code else None
    tip, secret = services.submit_tip(by=request.user, enterprise=ent, region=region, **data)
    return Status(201, {"id": tip.pk, "code": tip.code, "secret": secret})


@router.post("/{int:tip_id}/reveal", response=RevealOut, summary="查看举报人信息（记入审计）")
@sensitive_variables()
def reveal(request, tip_id: int, payload: RevealIn):
    tip = get_scoped_or_404(Tip, request.user, pk=tip_id)
    return services.reveal(request.user, tip, reason=payload.reason)
