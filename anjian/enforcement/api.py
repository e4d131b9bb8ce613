"""E3–E8 API: cases, decisions, escalations, transfers and documents, scoped like the pages."""

from datetime import date
from decimal import Decimal
from typing import Annotated

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.pagination import PageNumberPagination, paginate

from anjian.accounts.models import User
from anjian.core.filters import BIGINT_MAX
from anjian.core.scoping import get_scoped_or_404
from anjian.hazards.models import Hazard
from anjian.inspections.models import Finding
from anjian.law import VIOLATIONS

from . import services
from .filters import CaseApiFilter, DocumentFilter, SanctionFilter, TransferFilter, api_filter
from .models import Case, CaseParty, Document, Exposure, Sanction, Transfer

Id = Annotated[int, Field(ge=1, le=BIGINT_MAX)]

router = Router(tags=["执法处置"])


class PartyOut(Schema):
    id: int
    kind: str
    name: str
    position: str
    violation_code: str
    article: str
    fine_min: Decimal | None
    fine_max: Decimal | None
    suggested_fine: Decimal | None
    tier: str
    fine: Decimal | None
    out_of_range_reason: str
    paid_amount: Decimal
    surcharge: Decimal


class CaseOut(Schema):
    id: int
    version: int
    number: str
    department: str
    enterprise_id: int
    enterprise: str
    region_code: str
    title: str
    procedure: str
    stage: str
    decision_status: str
    filed_on: date
    decided_on: date | None
    served_on: date | None
    payment_due_on: date | None
    closed_on: date | None
    decision_deadline: date | None
    parties: list[PartyOut]


def _case_out(c: Case) -> dict:
    due = None
    if c.stage not in ("proposed", "rejected"):
        due = services.decision_deadline(c)[0]
    return {
        "id": c.id,
        "version": c.version,
        "number": c.number,
        "department": c.department.name,
        "enterprise_id": c.enterprise_id,
        "enterprise": c.enterprise.name,
        "region_code": c.region_code,
        "title": c.title,
        "procedure": c.procedure,
        "stage": c.stage,
        "decision_status": c.decision_status,
        "filed_on": c.filed_on,
        "decided_on": c.decided_on,
        "served_on": c.served_on,
        "payment_due_on": c.payment_due_on,
        "closed_on": c.closed_on,
        "decision_deadline": due,
        "parties": list(c.parties.all()),
    }


@router.get("/cases", response=list[CaseOut], summary="案件列表（按权限范围）")
@paginate(PageNumberPagination, page_size=50)
def list_cases(request, stage: str | None = None, enterprise: int | None = None):
    qs = Case.objects.restrict(request.user, "view").select_related("department", "enterprise")
    qs = api_filter(CaseApiFilter, qs, request.user, stage=stage, enterprise=enterprise)
    return [_case_out(c) for c in qs.prefetch_related("parties").order_by("-id")]


@router.get("/cases/{int:case_id}", response=CaseOut, summary="案件详情")
def get_case(request, case_id: int):
    c = get_scoped_or_404(
        Case.objects.select_related("department", "enterprise"), request.user, "view", pk=case_id
    )
    return _case_out(c)


class PersonIn(Schema):
    name: str = Field(max_length=128)
    position: str = Field("", max_length=64)


class CaseIn(Schema):
    title: str = Field(max_length=200)
    facts: str = ""
    finding_ids: list[int] = []
    hazard_ids: list[int] = []
    violation_code: str = Field("", description="违法行为代码，如 SPL-97-3；留空取检查发现的代码")
    persons: list[PersonIn] = Field([], description="一案双罚：责任人员")
    overdue: bool = False


@router.post("/cases", response={201: CaseOut}, summary="立案申请（执法人员）")
def propose_case(request, payload: CaseIn):
    user = request.user
    findings = [
        get_scoped_or_404(Finding.objects.select_related("inspection"), user, "view", pk=i)
        for i in payload.finding_ids
    ]
    hazards = [get_scoped_or_404(Hazard, user, "view", pk=i) for i in payload.hazard_ids]
    ent = (
        findings[0].inspection.enterprise
        if findings
        else (hazards[0].enterprise if hazards else None)
    )
    if ent is None:
        raise ValidationError({"finding_ids": _("立案须至少依据一项违法行为")})
    c = services.propose_case(
        user, enterprise=ent, title=payload.title, facts=payload.facts, findings=findings,
        hazards=hazards, violation_code=payload.violation_code,
        persons=[p.dict() for p in payload.persons], overdue=payload.overdue,
    )  # fmt: skip
    return Status(201, _case_out(c))


class ApprovalIn(Schema):
    approve: bool
    note: str = ""
    version: int | None = None


@router.post("/cases/{int:case_id}/filing", response=CaseOut, summary="立案审批（部门负责人）")
def approve_filing(request, case_id: int, payload: ApprovalIn):
    c = get_scoped_or_404(Case, request.user, "change", pk=case_id)
    c = services.approve_filing(
        request.user, c, approve=payload.approve, note=payload.note,
        expected_version=payload.version,
    )  # fmt: skip
    return _case_out(c)


class PartyDecisionIn(Schema):
    id: int
    fine: Decimal
    out_of_range_reason: str = ""
    overdue: bool = False
    last_year_income: Decimal | None = None
    other_penalties: str = Field("", max_length=200)


class DecisionIn(Schema):
    version: int | None = None
    parties: list[PartyDecisionIn]
    facts: dict[str, bool | str] | None = Field(
        None,
        description="裁量情节（first_offence, corrected, minor, harm: none/slight/harmful, "
        "repeat_offence, caused_accident, serious, reduced_harm, coerced, confessed, "
        "meritorious, no_fault_proven, reduce_below_minimum）；留空保留已记录的情节",
    )


@router.post("/cases/{int:case_id}/decision", response=CaseOut, summary="拟处罚意见（执法人员）")
def propose_decision(request, case_id: int, payload: DecisionIn):
    c = get_scoped_or_404(Case, request.user, "change", pk=case_id)
    c = services.propose_decision(
        request.user, c, parties=[p.dict() for p in payload.parties],
        facts=payload.facts, expected_version=payload.version,
    )  # fmt: skip
    return _case_out(c)


class DefectOut(Schema):
    criterion: str
    label: str
    check: str
    points: int
    message: str
    blocking: bool


class ReviewOut(Schema):
    case_id: int
    score: int
    blocking: int
    defects: list[DefectOut]


@router.get("/cases/{int:case_id}/review", response=ReviewOut, summary="案卷评查（自动）")
def case_review(request, case_id: int):
    from .review import review_case

    c = get_scoped_or_404(Case, request.user, "view", pk=case_id)
    review = review_case(c)
    defects = [
        {"criterion": d.criterion, "label": d.label, "check": d.check, "points": d.points,
         "message": d.message, "blocking": d.blocking}
        for d in review.defects
    ]  # fmt: skip
    return {
        "case_id": c.pk,
        "score": review.score,
        "blocking": len(review.blocking),
        "defects": defects,
    }


class NoticeIn(Schema):
    hearing: bool | None = Field(
        None,
        description="true: also tell of a hearing where 行政处罚法第六十三条 does not require it "
        "(the engine decides where it does)",
    )
    version: int | None = None


@router.post("/cases/{int:case_id}/notice", response=CaseOut, summary="告知（陈述申辩、听证）")
def notice(request, case_id: int, payload: NoticeIn):
    c = get_scoped_or_404(Case, request.user, "change", pk=case_id)
    c = services.issue_notice(
        request.user, c, hearing=payload.hearing, expected_version=payload.version
    )
    return _case_out(c)


class StatementIn(Schema):
    statement: str = ""
    hearing_requested: bool = False
    hearing_on: date | None = None
    waived: bool = Field(
        False, description="当事人明确放弃陈述申辩（听证）权利（行政处罚法第六十二条）"
    )
    version: int | None = None


@router.post(
    "/cases/{int:case_id}/statement", response=CaseOut, summary="陈述申辩、听证要求或放弃权利"
)
def statement(request, case_id: int, payload: StatementIn):
    c = get_scoped_or_404(Case, request.user, "change", pk=case_id)
    c = services.record_statement(
        request.user, c, statement=payload.statement, hearing_requested=payload.hearing_requested,
        hearing_on=payload.hearing_on, waived=payload.waived, expected_version=payload.version,
    )  # fmt: skip
    return _case_out(c)


@router.post(
    "/cases/{int:case_id}/decision/approval", response=CaseOut, summary="处罚决定审批（部门负责人）"
)
def approve_decision(request, case_id: int, payload: ApprovalIn):
    c = get_scoped_or_404(Case, request.user, "change", pk=case_id)
    c = services.approve_decision(
        request.user, c, approve=payload.approve, note=payload.note,
        expected_version=payload.version,
    )  # fmt: skip
    return _case_out(c)


class RangeOut(Schema):
    violation_code: str
    article: str
    party: str
    min_yuan: Decimal | None
    max_yuan: Decimal | None
    suggested_yuan: Decimal | None
    tier: str
    reasons: list[str]


@router.get("/fine-range", response=RangeOut, summary="法定罚款幅度与裁量建议（法律引擎）")
def fine_range(request, violation_code: str, kind: str = "enterprise", overdue: bool = False):
    if violation_code not in VIOLATIONS:
        raise ValidationError(
            {"violation_code": _("未知的违法行为代码“%(code)s”") % {"code": violation_code}}
        )
    if kind not in ("enterprise", "person"):
        raise ValidationError({"kind": _("当事人类型须为 enterprise 或 person")})
    r = services.party_range(violation_code, kind=kind, overdue=overdue)
    return {
        "violation_code": violation_code,
        "article": VIOLATIONS[violation_code].citation,
        "party": str(r.party),
        "min_yuan": r.min_yuan,
        "max_yuan": r.max_yuan,
        "suggested_yuan": r.suggested,
        "tier": r.tier,
        "reasons": r.reasons,
    }


class PaymentIn(Schema):
    amount: Decimal
    paid_on: date | None = None


@router.post(
    "/parties/{int:party_id}/payments", response=PartyOut, summary="登记缴款（含加处罚款）"
)
def payment(request, party_id: int, payload: PaymentIn):
    p = get_object_or_404(CaseParty, pk=party_id)
    get_scoped_or_404(Case, request.user, "change", pk=p.case_id)
    return services.record_payment(request.user, p, amount=payload.amount, paid_on=payload.paid_on)


class SanctionOut(Schema):
    id: int
    kind: str
    status: str
    enterprise_id: int
    case_id: int | None
    person_name: str
    decided_on: date
    starts_on: date | None
    ends_on: date | None
    early_removal_from: date | None
    lifted_on: date | None
    basis: str
    auto: bool


@router.get("/sanctions", response=list[SanctionOut], summary="升级处置列表")
@paginate(PageNumberPagination, page_size=50)
def list_sanctions(request, kind: str | None = None):
    qs = Sanction.objects.restrict(request.user, "view")
    return api_filter(SanctionFilter, qs, request.user, kind=kind)


class TransferItemOut(Schema):
    seq: int
    check_item: str
    description: str
    legal_basis: str
    standard_basis: str
    raised_by: str
    responsible_unit: str
    disposals: list[str]


class TransferSignatureOut(Schema):
    side: str = Field(description="team 区执法组, local 镇街配合人员")
    name: str
    organisation: str
    method: str = Field(
        description="account 本人账号, password 本人密码, token 本人令牌, device 现场手写"
    )
    id_number: str = Field(description="现场手写签名人的身份证号（部分隐藏）")
    signed_at: str
    content_sha256: str = Field(description="签署内容 SHA-256")


class TransferOut(Schema):
    id: int
    kind: str
    status: str
    enterprise_id: int
    department: str
    receiver: str
    issued_on: date
    signatures: list[TransferSignatureOut]
    signed: bool
    acknowledged_on: date | None
    result: str
    result_on: date | None
    items: list[TransferItemOut]


def _transfer_out(t: Transfer) -> dict:
    return {
        "id": t.id,
        "kind": t.kind,
        "status": t.status,
        "enterprise_id": t.enterprise_id,
        "department": t.department.name,
        "receiver": t.receiver,
        "issued_on": t.issued_on,
        "signatures": [
            {
                "side": x.role,
                "name": x.name,
                "organisation": x.organisation,
                "method": x.method,
                "id_number": x.id_masked,
                "signed_at": x.signed_at.isoformat(),
                "content_sha256": x.content_sha256,
            }
            for x in t.signatures.all()
        ],
        "signed": t.signed,
        "acknowledged_on": t.acknowledged_on,
        "result": t.result,
        "result_on": t.result_on,
        "items": list(t.items.all()),
    }


@router.get("/transfers", response=list[TransferOut], summary="移交列表（移交方与接收方）")
@paginate(PageNumberPagination, page_size=50)
def list_transfers(request, status: str | None = None):
    qs = Transfer.objects.restrict(request.user, "view").select_related(
        "department", "to_department", "to_region"
    )
    qs = api_filter(TransferFilter, qs, request.user, status=status)
    return [_transfer_out(t) for t in qs.prefetch_related("items")]


class ResultIn(Schema):
    result: str


class TransferSignIn(Schema):
    side: str = Field(description="team 区执法组, local 镇街配合人员")
    signer_id: Id | None = Field(
        None, description="签名人账号（缺省为令牌本人）；现场手写签名时留空并填姓名、身份证号、图像"
    )
    password: str | None = Field(None, description="签名人不是令牌本人时，由其本人输入的登录密码")
    token: str | None = Field(None, description="或签名人本人的 API 令牌")
    name: str = ""
    id_number: str = ""
    png: str | None = Field(None, description="手写签名 PNG 图像的 data URL 或 base64")


@router.post("/transfers/{int:transfer_id}/signatures", response=TransferOut, summary="签字")
def sign_transfer(request, transfer_id: int, payload: TransferSignIn):
    t = get_scoped_or_404(Transfer, request.user, "view", pk=transfer_id)
    device = bool(payload.name or payload.id_number or payload.png) and not payload.signer_id
    signer = None
    if payload.signer_id:
        signer = User.objects.filter(pk=payload.signer_id).first()
        if signer is None:
            raise ValidationError({"signer_id": "签名人不存在"})
    elif not device:
        signer = request.user
    services.sign_transfer(
        request.user, t, side=payload.side, signer=signer, password=payload.password,
        token=payload.token, png=payload.png, name=payload.name, id_number=payload.id_number,
    )  # fmt: skip
    return _transfer_out(Transfer.objects.get(pk=t.pk))


@router.post("/transfers/{int:transfer_id}/acknowledge", response=TransferOut, summary="确认接收")
def acknowledge(request, transfer_id: int):
    t = get_scoped_or_404(Transfer, request.user, "view", pk=transfer_id)
    return _transfer_out(services.acknowledge_transfer(request.user, t))


@router.post("/transfers/{int:transfer_id}/result", response=TransferOut, summary="反馈处理结果")
def result(request, transfer_id: int, payload: ResultIn):
    t = get_scoped_or_404(Transfer, request.user, "view", pk=transfer_id)
    return _transfer_out(services.report_transfer_result(request.user, t, result=payload.result))


class DocumentOut(Schema):
    id: int
    kind: str
    number: str
    year: int
    seq: int
    enterprise_id: int
    case_id: int | None
    issued_on: date
    docx_url: str
    pdf_url: str


@router.get("/documents", response=list[DocumentOut], summary="执法文书列表")
@paginate(PageNumberPagination, page_size=50)
def list_documents(request, kind: str | None = None):
    from django.urls import reverse

    qs = api_filter(
        DocumentFilter, Document.objects.restrict(request.user, "view"), request.user, kind=kind
    )
    return [
        {
            "id": d.id,
            "kind": d.kind,
            "number": d.number,
            "year": d.year,
            "seq": d.seq,
            "enterprise_id": d.enterprise_id,
            "case_id": d.case_id,
            "issued_on": d.issued_on,
            "docx_url": reverse("enforcement:document_file", args=[d.pk, "docx"]),
            "pdf_url": reverse("enforcement:document_file", args=[d.pk, "pdf"]),
        }
        for d in qs
    ]


class DocumentSignIn(Schema):
    signer_id: Id | None = Field(
        None, description="当事人（企业）账号；现场手写签名时留空并填姓名、身份证号、图像"
    )
    password: str | None = Field(None, description="该账号本人输入的登录密码（或 token）")
    token: str | None = None
    name: str = ""
    id_number: str = ""
    png: str | None = Field(None, description="手写签名 PNG 图像的 data URL 或 base64")


@router.post(
    "/documents/{int:document_id}/signatures",
    response=list[TransferSignatureOut],
    summary="受送达人签收",
)
def sign_document(request, document_id: int, payload: DocumentSignIn):
    doc = get_scoped_or_404(Document, request.user, "view", pk=document_id)
    signer = None
    if payload.signer_id:
        signer = User.objects.filter(pk=payload.signer_id).first()
        if signer is None:
            raise ValidationError({"signer_id": "签名人不存在"})
    doc = services.sign_document(
        request.user, doc, signer=signer, password=payload.password, token=payload.token,
        png=payload.png, name=payload.name, id_number=payload.id_number,
    )  # fmt: skip
    return [
        {"side": x.role, "name": x.name, "organisation": x.organisation, "method": x.method,
         "id_number": x.id_masked, "signed_at": x.signed_at.isoformat(),
         "content_sha256": x.content_sha256}
        for x in doc.signatures.all()
    ]  # fmt: skip


class ExposureOut(Schema):
    id: int
    channel: str
    title: str
    published_on: date
    link: str
    case_ids: list[int]


@router.get("/exposures", response=list[ExposureOut], summary="曝光记录")
@paginate(PageNumberPagination, page_size=50)
def list_exposures(request):
    qs = Exposure.objects.restrict(request.user, "view").prefetch_related("cases")
    return [
        {
            "id": e.id,
            "channel": e.channel,
            "title": e.title,
            "published_on": e.published_on,
            "link": e.link,
            "case_ids": [c.id for c in e.cases.all()],
        }
        for e in qs
    ]
