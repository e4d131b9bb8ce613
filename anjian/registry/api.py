from ninja import Field, Router, Schema, Status
from ninja.pagination import PageNumberPagination, paginate

from anjian.core.scoping import get_scoped_or_404

from . import services
from .filters import filter_enterprises
from .models import Enterprise, EnterpriseTier

router = Router(tags=["企业名录"])


class TierOut(Schema):
    department: str
    tier: str = Field(description="key=重点, general=一般")
    computed_tier: str
    reasons: list[dict]
    override_reason: str


class EnterpriseOut(Schema):
    id: int
    version: int
    credit_code: str
    name: str
    address: str
    region_code: str
    region_name: str
    primary_sector: str
    sectors: list[str]
    employees: int
    small: bool
    state_owned: bool
    risk_tags: list[str]
    major_hazard_level: int
    status: str
    legal_representative: str
    contact_phone: str


class EnterpriseDetailOut(EnterpriseOut):
    tiers: list[TierOut]


class EnterpriseIn(Schema):
    credit_code: str
    name: str
    address: str = ""
    region_code: str
    primary_sector: str = Field(description="行业领域名称，如 危险化学品")
    sectors: list[str] = []
    employees: int = Field(0, ge=0)
    state_owned: bool = False
    ammonia_refrigeration: bool = False
    confined_space: bool = False
    dust_explosion: bool = False
    two_key_one_major: bool = False
    high_risk: bool = False
    major_hazard_level: int = Field(0, ge=0, le=4)
    status: str = "normal"
    legal_representative: str = ""
    contact_phone: str = ""


class EnterprisePatch(Schema):
    version: int = Field(description="读取时的版本号；已被他人修改时返回 409")
    name: str | None = None
    address: str | None = None
    region_code: str | None = None
    primary_sector: str | None = None
    sectors: list[str] | None = None
    employees: int | None = Field(None, ge=0)
    state_owned: bool | None = None
    ammonia_refrigeration: bool | None = None
    confined_space: bool | None = None
    dust_explosion: bool | None = None
    two_key_one_major: bool | None = None
    high_risk: bool | None = None
    major_hazard_level: int | None = Field(None, ge=0, le=4)
    status: str | None = None
    legal_representative: str | None = None
    contact_phone: str | None = None


def _out(e: Enterprise) -> dict:
    return {
        "id": e.id,
        "version": e.version,
        "credit_code": e.credit_code,
        "name": e.name,
        "address": e.address,
        "region_code": e.region_id,
        "region_name": e.region.name,
        "primary_sector": e.primary_sector.name,
        "sectors": [s.name for s in e.sectors.all()],
        "employees": e.employees,
        "small": e.is_small,
        "state_owned": e.state_owned,
        "risk_tags": e.risk_labels(),
        "major_hazard_level": e.major_hazard_level,
        "status": e.status,
        "legal_representative": e.legal_representative,
        "contact_phone": e.contact_phone,
    }


@router.get("", response=list[EnterpriseOut], summary="企业列表（按权限范围）")
@paginate(PageNumberPagination, page_size=50)
def list_enterprises(
    request,
    town: str | None = None,
    sector: int | None = None,
    tier: str | None = None,
    risk: str | None = None,
    q: str | None = None,
    status: str | None = None,
):
    qs = Enterprise.objects.restrict(request.user, "view")
    qs = filter_enterprises(
        qs, request.user, town=town, sector=sector, tier=tier, risk=risk, q=q, status=status
    )
    return [
        _out(e)
        for e in qs.select_related("region", "primary_sector")
        .prefetch_related("sectors")
        .order_by("id")
    ]


@router.get("/{int:enterprise_id}", response=EnterpriseDetailOut, summary="企业详情")
def get_enterprise(request, enterprise_id: int):
    e = get_scoped_or_404(
        Enterprise.objects.select_related("region", "primary_sector"),
        request.user,
        "view",
        pk=enterprise_id,
    )
    tiers = (
        EnterpriseTier.objects.restrict(request.user)
        .filter(enterprise=e)
        .select_related("department")
    )
    out = _out(e)
    out["tiers"] = [
        {
            "department": t.department.name,
            "tier": t.tier,
            "computed_tier": t.computed_tier,
            "reasons": t.reasons,
            "override_reason": t.override_reason,
        }
        for t in tiers
    ]
    return out


@router.post("", response={201: EnterpriseOut}, summary="登记企业")
def create_enterprise(request, payload: EnterpriseIn):
    data, sectors = services.resolve_codes(payload.dict())
    e = services.create_enterprise(request.user, sectors=sectors, **data)
    return Status(201, _out(e))


@router.patch(
    "/{int:enterprise_id}", response=EnterpriseOut, summary="修改企业（带版本号，防止覆盖他人修改）"
)
def update_enterprise(request, enterprise_id: int, payload: EnterprisePatch):
    e = get_scoped_or_404(Enterprise, request.user, "change", pk=enterprise_id)
    raw = payload.dict(exclude_unset=True)
    version = raw.pop("version")
    data, sectors = services.resolve_codes(raw)
    e = services.update_enterprise(
        request.user, e, expected_version=version, sectors=sectors, **data
    )
    return _out(e)
