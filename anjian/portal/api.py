"""Open data (公开数据): the portal's published records as a public JSON API under
/api/public/, no login, read-only, with its own OpenAPI document (/api/public/openapi.json)
and interactive documentation (/api/public/docs).

Everything here is read from the published, redacted records (`Publication.data`) or through
the same public functions the portal pages use, so the API shows exactly what the portal shows:
persons' names masked, no ID numbers, no persons' addresses. Each decision has a stable
identifier, `uid`, which never changes (not on an update, not on withdrawal); a withdrawn
decision answers with its withdrawal instead of its content. Lists are paginated
(`page`, `page_size` ≤ 100) in a fixed order. The same list is a download at
/public/decisions.csv and /public/decisions.xlsx.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone
from ninja import Field, NinjaAPI, Query, Schema

from . import results, services
from .models import Publication

public_api = NinjaAPI(
    title="Anjian 执法公示开放数据 API",
    version="1",
    description=__doc__,
    urls_namespace="public_api",
    auth=None,
)

MAX_PAGE_SIZE = 100


@public_api.exception_handler(ValidationError)
def on_validation_error(request, exc: ValidationError):
    errors = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
    return public_api.create_response(
        request, {"detail": "数据校验未通过", "errors": errors}, status=422
    )


@public_api.exception_handler(Http404)
def on_404(request, exc):
    return public_api.create_response(request, {"detail": "未找到"}, status=404)


class PageQuery(Schema):
    page: int = Field(1, ge=1, description="页码，从 1 开始")
    page_size: int = Field(20, ge=1, le=MAX_PAGE_SIZE, description="每页条数（最多 100）")


def _page(qs, q: PageQuery, convert) -> dict:
    count = qs.count()
    start = (q.page - 1) * q.page_size
    rows = list(qs[start : start + q.page_size])
    return {
        "count": count,
        "page": q.page,
        "page_size": q.page_size,
        "pages": (count + q.page_size - 1) // q.page_size,
        "results": [convert(r) for r in rows],
    }


class EnterpriseOut(Schema):
    name: str
    credit_code: str = Field(description="统一社会信用代码")
    legal_representative: str = Field(description="法定代表人（姓名已去标识化）")


class PartyOut(Schema):
    kind: str = Field(description="enterprise 单位 / person 个人")
    name: str = Field(description="名称；个人仅显示姓氏")
    position: str
    article: str = Field(description="处罚依据条款")
    fine: str = Field(description="罚款（元）")
    other_penalties: str


class RevisionOut(Schema):
    version: int
    kind: str = Field(description="publish 公示 / update 更新 / withdraw 撤回")
    on: date
    reason: str


class DecisionOut(Schema):
    uid: str = Field(description="公示编号（稳定标识，永不改变）")
    version: int
    status: str = Field(description="published 已公示 / withdrawn 已撤回")
    number: str = Field(description="行政处罚决定书文号")
    department: str = Field(description="处罚机关")
    department_code: str
    decided_on: date
    published_on: date
    updated_on: date
    url: str
    title: str | None = Field(None, description="案由（撤回后为空）")
    facts: str | None = None
    enterprise: EnterpriseOut | None = None
    parties: list[PartyOut] | None = None
    total_fine: str | None = None
    withdrawn_on: date | None = None
    withdrawal_reason: str | None = None


class DecisionDetailOut(DecisionOut):
    history: list[RevisionOut]


def decision_out(pub: Publication, history: bool = False) -> dict:
    d = pub.data
    out = {
        "uid": pub.uid,
        "version": pub.version,
        "status": pub.status,
        "number": d.get("number", ""),
        "department": d.get("department", ""),
        "department_code": d.get("department_code", ""),
        "decided_on": pub.decided_on,
        "published_on": pub.published_on,
        "updated_on": pub.updated_on,
        "url": pub.get_absolute_url(),
    }
    if pub.status == "withdrawn":
        out |= {"withdrawn_on": pub.withdrawn_on, "withdrawal_reason": pub.withdrawal_reason}
    else:
        out |= {k: d.get(k) for k in ("title", "facts", "enterprise", "parties", "total_fine")}
    if history:
        out["history"] = [
            {"version": r.version, "kind": r.kind, "on": r.on, "reason": r.reason}
            for r in pub.revisions.order_by("version")
        ]
    return out


class DecisionPage(Schema):
    count: int
    page: int
    page_size: int
    pages: int
    results: list[DecisionOut]


class DecisionFilter(PageQuery):
    department: str | None = Field(None, description="部门代码，如 yjj")
    year: int | None = Field(None, ge=1900, le=2999, description="决定年度")
    updated_since: date | None = Field(None, description="只返回此日期（含）以后更新的")


@public_api.get("/decisions", response=DecisionPage, tags=["行政处罚决定"], summary="处罚决定列表")
def list_decisions(request, q: Query[DecisionFilter]):
    """Published (not withdrawn) decisions, newest decision first."""
    qs = services.listed()
    if q.department:
        qs = qs.filter(department__code=q.department)
    if q.year:
        qs = qs.filter(decided_on__year=q.year)
    if q.updated_since:
        qs = qs.filter(updated_on__gte=q.updated_since)
    return _page(qs.order_by("-decided_on", "-id"), q, decision_out)


@public_api.get("/withdrawals", response=DecisionPage, tags=["行政处罚决定"], summary="撤回公示")
def list_withdrawals(request, q: Query[PageQuery]):
    """Withdrawn decisions with the date and reason of their withdrawal."""
    return _page(services.withdrawn(), q, decision_out)


@public_api.get(
    "/decisions/{uid}", response=DecisionDetailOut, tags=["行政处罚决定"], summary="处罚决定"
)
def get_decision(request, uid: str):
    pub = services.visible_publications().filter(uid=uid).first()
    if pub is None:
        raise Http404
    return decision_out(pub, history=True)


class InspectorOut(Schema):
    name: str = Field(description="姓名（已去标识化）")
    cert_no: str = Field(description="执法证号")
    department: str
    department_code: str
    valid_until: date | None
    valid: bool = Field(description="今天是否有效")


class InspectorPage(Schema):
    count: int
    page: int
    page_size: int
    pages: int
    results: list[InspectorOut]


@public_api.get("/inspectors", response=InspectorPage, tags=["执法人员"], summary="执法人员名单")
def list_inspectors(request, q: Query[PageQuery]):
    today = timezone.localdate()
    return _page(services.inspectors(), q, lambda u: services.public_inspector(u, today))


class CertCheckOut(Schema):
    found: bool
    valid: bool
    on: date
    inspector: InspectorOut | None


@public_api.get(
    "/certificates/{cert_no}", response=CertCheckOut, tags=["执法人员"], summary="执法证查询"
)
def check_certificate(request, cert_no: str, on: date | None = None):
    """Is the 执法证 `cert_no` valid on `on` (today if not given)?"""
    return services.check_cert(cert_no, on)


class OutcomeInspector(Schema):
    name: str
    cert_no: str


class OutcomeOut(Schema):
    enterprise: str
    town: str
    inspected_on: date | None
    hazards: int
    violations: int
    outcome: str
    inspectors: list[OutcomeInspector]


class DrawOut(Schema):
    id: int
    title: str
    department: str
    inspection_date: date
    drawn: int
    seed: str = Field(description="随机种子（可复核抽取结果）")
    algorithm: str
    input_digest: str
    outcomes: list[OutcomeOut]


class DrawPage(Schema):
    count: int
    page: int
    page_size: int
    pages: int
    results: list[DrawOut]


@public_api.get("/random-checks", response=DrawPage, tags=["双随机"], summary="双随机抽查结果")
def list_random_checks(request, q: Query[PageQuery]):
    return _page(results.published_draws(), q, results.draw_record)


class TotalsRow(Schema):
    department: str
    department_code: str
    inspections: int
    random_inspections: int
    draws: int
    decisions: int
    fines: str
    published: int
    withdrawn: int


class TotalsSum(Schema):
    inspections: int
    random_inspections: int
    draws: int
    decisions: int
    fines: str
    published: int
    withdrawn: int


class TotalsOut(Schema):
    year: int
    departments: list[TotalsRow]
    total: TotalsSum


@public_api.get("/totals/{year}", response=TotalsOut, tags=["年度统计"], summary="年度执法数据")
def get_totals(request, year: int):
    if year > timezone.localdate().year or year < 1900:
        raise Http404
    return results.year_totals(year)
