"""I1 plans, I2 双随机 draws, I3 signed inspection records — JSON API, scoped like the pages."""

from datetime import date
from typing import Annotated

from django.core.exceptions import ValidationError
from ninja import Field, File, Form, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import PageNumberPagination, paginate

from anjian.accounts.models import Department, Region, Sector, User
from anjian.core.filters import BIGINT_MAX, filter_queryset
from anjian.core.scoping import get_scoped_or_404
from anjian.registry.models import Enterprise

from . import services
from .filters import InspectionFilter
from .models import Draw, Inspection

router = Router(tags=["执法检查"])

# A record id: a number beyond the database's integer range is a 422 naming the field, not a 500.
Id = Annotated[int, Field(ge=1, le=BIGINT_MAX)]


# ---------------------------------------------------------------- schemas


class DrawIn(Schema):
    title: str
    inspection_date: date
    k: int = Field(ge=1, le=10000)
    team_size: int = Field(2, ge=2, le=10)
    sector: str | None = Field(None, description="行业领域名称")
    town_code: str | None = Field(None, description="镇街区划代码")
    cross_town: bool = False
    home_towns: dict[str, str] = Field(
        default_factory=dict, description="异地互查：用户ID → 所属镇街区划代码"
    )
    campaign_id: Id | None = None
    seed: str | None = Field(None, max_length=64, description="留空则由系统生成")


class AssignmentOut(Schema):
    enterprise: int
    name: str
    town: str
    inspectors: list[int]


class DrawOut(Schema):
    id: int
    title: str
    department: str
    inspection_date: date
    k: int
    team_size: int
    cross_town: bool
    seed: str
    algorithm: str
    input_digest: str
    published: bool
    assignments: list[AssignmentOut]


class DrawDetailOut(DrawOut):
    candidates: list[dict]
    pool: list[dict]
    rules: dict
    skipped: list[dict]
    excluded: list[dict]  # 国办发〔2024〕54号: left out before the draw, each {id, name, reason}
    verified: bool
    problems: list[str]
    inspections: list[int]


class TeamOut(Schema):
    user_id: int
    name: str
    role: str
    cert_no: str
    is_leader: bool


class ResultOut(Schema):
    item_id: int
    result: str
    note: str


class FindingOut(Schema):
    id: int
    kind: str
    description: str
    location: str
    checklist_item_id: int | None
    hazard_level: str
    rectification_plan: str
    deadline: date | None
    violation_code: str
    hazard_id: int | None
    photos: list[str]


class SignatureOut(Schema):
    id: int
    role: str
    user_id: int | None
    name: str
    sha256: str
    method: str = Field(
        description="account 本人账号, password 本人密码, token 本人令牌, device 现场手写"
    )
    id_number: str = Field(description="现场手写签名人的身份证号（部分隐藏）")
    signed_at: str
    content_sha256: str = Field(description="签署内容 SHA-256")
    amendment_seq: int | None


class AmendmentOut(Schema):
    seq: int
    reason: str
    content: str
    created_by: str
    created_at: str


class InspectionOut(Schema):
    id: int
    version: int
    enterprise_id: int
    enterprise: str
    department: str
    joint_departments: list[str]
    inspected_on: date
    origin: str
    modes: list[str]
    status: str
    draw_id: int | None
    campaign_id: int | None
    checklist_id: int | None


class InspectionDetailOut(InspectionOut):
    place: str
    summary: str
    enterprise_rep: str
    team: list[TeamOut]
    results: list[ResultOut]
    findings: list[FindingOut]
    five_one: list[dict]
    signatures: list[SignatureOut]
    amendments: list[AmendmentOut]
    missing: list[str]
    content_digest: str


class InspectionIn(Schema):
    enterprise_id: Id
    inspected_on: date
    inspector_ids: list[Id] = Field(description="检查组执法人员（至少两名持有效执法证）")
    expert_ids: list[Id] = []
    modes: list[str] = Field([], description="sbll 四不两直, covert 暗查暗访, joint 联合执法, …")
    joint_department_ids: list[Id] = []
    campaign_id: Id | None = None
    origin: str = "adhoc"
    plan_id: Id | None = None
    tip_ref: str = ""
    inspecting_town_code: str | None = None
    place: str = ""


class MetaIn(Schema):
    version: int | None = None
    place: str | None = None
    summary: str | None = None
    enterprise_rep: str | None = None
    enterprise_rep_title: str | None = None


class ResultIn(Schema):
    item_id: Id
    result: str = Field(description="ok 符合, fail 不符合, na 不涉及")
    note: str = ""


class ResultsIn(Schema):
    version: int | None = None
    results: list[ResultIn]


class SignatureIn(Schema):
    role: str = Field(description="inspector 执法人员, enterprise 被检查单位现场负责人")
    png: str = Field(description="PNG 图像的 data URL 或 base64")
    signer_id: Id | None = None
    name: str = Field("", description="现场手写签名人姓名（被检查单位现场负责人）")
    id_number: str = Field("", description="现场手写签名人的18位身份证号")
    password: str | None = Field(None, description="在他人设备上签名时由其本人输入的登录密码")
    token: str | None = Field(None, description="或签名人本人的 API 令牌")


class SubmitIn(Schema):
    version: int | None = None


class AmendmentIn(Schema):
    reason: str
    content: str
    png: str


# ---------------------------------------------------------------- helpers


def _draw_out(d: Draw) -> dict:
    return {
        "id": d.id,
        "title": d.title,
        "department": d.department.name,
        "inspection_date": d.inspection_date,
        "k": d.k,
        "team_size": d.team_size,
        "cross_town": d.cross_town,
        "seed": d.seed,
        "algorithm": d.algorithm,
        "input_digest": d.input_digest,
        "published": d.published_at is not None,
        "assignments": d.result.get("assignments", []),
    }


def _insp_out(i: Inspection, user=None) -> dict:
    hide_tip = (
        user is not None and user.role == "enterprise"
    )  # never tell a company it was reported
    return {
        "id": i.id,
        "version": i.version,
        "enterprise_id": i.enterprise_id,
        "enterprise": i.enterprise.name,
        "department": i.department.name,
        "joint_departments": [d.name for d in i.joint_departments.all()],
        "inspected_on": i.inspected_on,
        "origin": "adhoc" if hide_tip and i.origin == "tip" else i.origin,
        "modes": [m for m in i.modes if not (hide_tip and m == "tip")],
        "status": i.status,
        "draw_id": i.draw_id,
        "campaign_id": i.campaign_id,
        "checklist_id": i.checklist_id,
    }


def _insp_detail(request, i: Inspection) -> dict:
    out = _insp_out(i, request.user)
    can_change = Inspection.objects.restrict(request.user, "change").filter(pk=i.pk).exists()
    out.update(
        {
            "place": i.place,
            "summary": i.summary,
            "enterprise_rep": i.enterprise_rep,
            "team": [
                {
                    "user_id": m.user_id,
                    "name": m.user.display_name,
                    "role": m.role,
                    "cert_no": m.cert_no,
                    "is_leader": m.is_leader,
                }
                for m in i.team.select_related("user")
            ],
            "results": [
                {"item_id": r.item_id, "result": r.result, "note": r.note} for r in i.results.all()
            ],
            "findings": [
                {
                    "id": f.id,
                    "kind": f.kind,
                    "description": f.description,
                    "location": f.location,
                    "checklist_item_id": f.checklist_item_id,
                    "hazard_level": f.hazard_level,
                    "rectification_plan": f.rectification_plan,
                    "deadline": f.deadline,
                    "violation_code": f.violation_code,
                    "hazard_id": f.hazard_id,
                    "photos": [f"/inspections/photos/{p.pk}/" for p in f.photos.all()],
                }
                for f in i.findings.prefetch_related("photos")
            ],
            "five_one": [
                {
                    "kind": x.kind,
                    "participants": x.participants,
                    "score": x.score,
                    "summary": x.summary,
                }
                for x in i.five_one.all()
            ],
            "signatures": [_sig_out(s) for s in i.signatures.all()]
            + [_sig_out(s, a.seq) for a in i.amendments.all() for s in a.signatures.all()],
            "amendments": [_amend_out(a) for a in i.amendments.select_related("created_by")],
            "missing": services.missing_for_submit(i) if can_change and not i.locked else [],
            "content_digest": i.content_digest,
        }
    )
    return out


def _amend_out(a) -> dict:
    return {
        "seq": a.seq,
        "reason": a.reason,
        "content": a.content,
        "created_by": str(a.created_by),
        "created_at": a.created_at.isoformat(),
    }


def _insp(request, pk, action="view") -> Inspection:
    return get_scoped_or_404(
        Inspection.objects.select_related("enterprise", "department"),
        request.user,
        action,
        pk=pk,
    )


def _users(ids) -> list[User]:
    users = {u.pk: u for u in User.objects.filter(pk__in=ids)}
    missing = [str(i) for i in ids if i not in users]
    if missing:
        raise ValidationError({"team": f"用户不存在：{'、'.join(missing)}"})
    return [users[i] for i in ids]


# ---------------------------------------------------------------- draws


@router.get("/draws", response=list[DrawOut], summary="双随机抽查列表")
@paginate(PageNumberPagination, page_size=50)
def list_draws(request):
    return [_draw_out(d) for d in Draw.objects.restrict(request.user).select_related("department")]


@router.post("/draws", response={201: DrawDetailOut}, summary="双随机抽查（抽取并生成检查任务）")
def create_draw(request, payload: DrawIn):
    errors = {}
    sector = town = campaign = None
    if payload.sector:
        sector = Sector.objects.filter(name=payload.sector).first()
        if sector is None:
            errors["sector"] = f"未知的行业领域“{payload.sector}”"
    if payload.town_code:
        town = Region.objects.filter(code=payload.town_code, level="town").first()
        if town is None:
            errors["town"] = f"未知的镇街区划代码“{payload.town_code}”"
    if payload.campaign_id:
        from anjian.campaigns.models import Campaign

        campaign = Campaign.objects.restrict(request.user).filter(pk=payload.campaign_id).first()
        if campaign is None:
            errors["campaign"] = "专项行动不存在或无权访问"
    if errors:
        raise ValidationError(errors)
    d = services.create_draw(
        request.user,
        title=payload.title,
        inspection_date=payload.inspection_date,
        k=payload.k,
        team_size=payload.team_size,
        sector=sector,
        town=town,
        cross_town=payload.cross_town,
        home_towns=payload.home_towns,
        campaign=campaign,
        seed=payload.seed,
    )
    return Status(201, _draw_detail(request, d.pk))


def _draw_detail(request, pk) -> dict:
    d = get_scoped_or_404(Draw.objects.select_related("department"), request.user, "view", pk=pk)
    check = services.verify_draw(d)
    out = _draw_out(d)
    out.update(
        {
            "candidates": d.candidates,
            "pool": d.pool,
            "rules": d.rules,
            "skipped": d.result.get("skipped", []),
            "excluded": d.excluded,
            "verified": check.ok,
            "problems": check.problems,
            "inspections": list(d.inspections.values_list("pk", flat=True)),
        }
    )
    return out


@router.get(
    "/draws/{int:draw_id}",
    response=DrawDetailOut,
    summary="抽查详情（含种子、候选、人员库与验证结果）",
)
def get_draw(request, draw_id: int):
    return _draw_detail(request, draw_id)


@router.post("/draws/{int:draw_id}/publish", response=DrawOut, summary="公开抽查结果")
def publish_draw(request, draw_id: int):
    d = get_scoped_or_404(Draw, request.user, "view", pk=draw_id)
    return _draw_out(services.publish_draw(request.user, d))


# ---------------------------------------------------------------- inspections


@router.get("", response=list[InspectionOut], summary="执法检查列表（按权限范围）")
@paginate(PageNumberPagination, page_size=50)
def list_inspections(request, status: str | None = None, enterprise_id: int | None = None):
    qs = Inspection.objects.restrict(request.user).select_related("enterprise", "department")
    qs = filter_queryset(
        InspectionFilter, qs, request.user, status=status, enterprise=enterprise_id
    )
    return [_insp_out(i, request.user) for i in qs.prefetch_related("joint_departments")]


@router.post("", response={201: InspectionDetailOut}, summary="新建执法检查")
def create_inspection(request, payload: InspectionIn):
    ent = get_scoped_or_404(Enterprise, request.user, "view", pk=payload.enterprise_id)
    campaign = plan = town = None
    if payload.campaign_id:
        from anjian.campaigns.models import Campaign

        campaign = get_scoped_or_404(Campaign, request.user, "view", pk=payload.campaign_id)
    if payload.plan_id:
        from .models import SupervisionPlan

        plan = get_scoped_or_404(SupervisionPlan, request.user, "view", pk=payload.plan_id)
    if payload.inspecting_town_code:
        town = Region.objects.filter(code=payload.inspecting_town_code, level="town").first()
        if town is None:
            raise ValidationError({"inspecting_town": "未知的镇街区划代码"})
    insp = services.create_inspection(
        request.user,
        enterprise=ent,
        inspected_on=payload.inspected_on,
        inspectors=_users(payload.inspector_ids),
        experts=_users(payload.expert_ids),
        modes=payload.modes,
        joint_departments=list(Department.objects.filter(pk__in=payload.joint_department_ids)),
        campaign=campaign,
        origin=payload.origin,
        plan=plan,
        tip_ref=payload.tip_ref,
        inspecting_town=town,
        place=payload.place,
    )
    return Status(201, _insp_detail(request, insp))


@router.get("/{int:inspection_id}", response=InspectionDetailOut, summary="执法检查详情")
def get_inspection(request, inspection_id: int):
    return _insp_detail(request, _insp(request, inspection_id))


@router.patch("/{int:inspection_id}", response=InspectionDetailOut, summary="修改现场情况（草稿）")
def update_inspection(request, inspection_id: int, payload: MetaIn):
    insp = _insp(request, inspection_id)
    data = payload.dict(exclude_unset=True)
    version = data.pop("version", None)
    insp = services.update_inspection(request.user, insp, expected_version=version, **data)
    return _insp_detail(request, insp)


@router.put("/{int:inspection_id}/results", response=InspectionDetailOut, summary="填写检查表结果")
def put_results(request, inspection_id: int, payload: ResultsIn):
    insp = _insp(request, inspection_id)
    services.record_results(
        request.user,
        insp,
        {r.item_id: (r.result, r.note) for r in payload.results},
        expected_version=payload.version,
    )
    return _insp_detail(request, _insp(request, inspection_id))


@router.post(
    "/{int:inspection_id}/findings", response={201: FindingOut}, summary="添加发现问题（可附照片）"
)
def add_finding(
    request,
    inspection_id: int,
    kind: Form[str] = "hazard",
    description: Form[str] = "",
    location: Form[str] = "",
    checklist_item_id: Form[Id | None] = None,
    hazard_level: Form[str] = "",
    rectification_plan: Form[str] = "",
    deadline: Form[date | None] = None,
    violation_code: Form[str] = "",
    photos: File[list[UploadedFile]] = None,
):
    insp = _insp(request, inspection_id)
    item = None
    if checklist_item_id:
        from anjian.checklists.models import ChecklistItem

        item = ChecklistItem.objects.filter(pk=checklist_item_id).first()
        if item is None:
            raise ValidationError({"checklist_item": "检查项不存在"})
    f = services.add_finding(
        request.user,
        insp,
        kind=kind,
        description=description,
        location=location,
        checklist_item=item,
        hazard_level=hazard_level,
        rectification_plan=rectification_plan,
        deadline=deadline,
        violation_code=violation_code,
        photos=photos or [],
    )
    detail = _insp_detail(request, _insp(request, inspection_id))
    return Status(201, next(x for x in detail["findings"] if x["id"] == f.pk))


@router.post(
    "/{int:inspection_id}/signatures", response={201: SignatureOut}, summary="签名（PNG 图像）"
)
def add_signature(request, inspection_id: int, payload: SignatureIn):
    insp = _insp(request, inspection_id)
    signer = None
    if payload.role == "inspector" or payload.signer_id:
        signer = (
            User.objects.filter(pk=payload.signer_id).first() if payload.signer_id else request.user
        )
        if signer is None:
            raise ValidationError({"signer": "签名人不存在"})
    s = services.sign(
        request.user,
        insp,
        role=payload.role,
        png=payload.png,
        signer=signer,
        name=payload.name,
        id_number=payload.id_number,
        password=payload.password,
        token=payload.token,
    )
    return Status(201, _sig_out(s))


def _sig_out(s, seq=None) -> dict:
    return {
        "id": s.id,
        "role": s.role,
        "user_id": s.user_id,
        "name": s.name,
        "sha256": s.sha256,
        "method": s.method,
        "id_number": s.id_masked,
        "signed_at": s.signed_at.isoformat(),
        "content_sha256": s.content_sha256,
        "amendment_seq": seq,
    }


@router.post(
    "/{int:inspection_id}/submit", response=InspectionDetailOut, summary="提交并锁定检查记录"
)
def submit(request, inspection_id: int, payload: SubmitIn):
    insp = _insp(request, inspection_id)
    services.submit(request.user, insp, expected_version=payload.version)
    return _insp_detail(request, _insp(request, inspection_id))


@router.get("/{int:inspection_id}/amendments", response=list[AmendmentOut], summary="更正记录列表")
def list_amendments(request, inspection_id: int):
    insp = _insp(request, inspection_id)
    return [_amend_out(a) for a in insp.amendments.select_related("created_by")]


@router.post(
    "/{int:inspection_id}/amendments",
    response={201: AmendmentOut},
    summary="添加签名的更正记录（已提交的检查）",
)
def add_amendment(request, inspection_id: int, payload: AmendmentIn):
    insp = _insp(request, inspection_id)
    a = services.amend(
        request.user, insp, reason=payload.reason, content=payload.content, png=payload.png
    )
    return Status(201, _amend_out(a))
