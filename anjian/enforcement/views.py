"""Pages for cases, decisions, escalations, transfers, documents and publication."""

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from anjian import law
from anjian.core.scoping import get_scoped_or_404
from anjian.core.services import ConflictError
from anjian.hazards.models import OPEN_STATUSES, Hazard
from anjian.inspections.models import Finding, Inspection
from anjian.registry.models import Enterprise, Licence

from . import services
from .forms import (
    ITEM_ROWS,
    CaseForm,
    ExposureForm,
    NoteForm,
    SanctionForm,
    SimpleForm,
    TransferForm,
    TransferItemForm,
)
from .models import Case, CaseParty, Document, Exposure, Sanction, Transfer


def _errors_text(exc: ValidationError) -> str:
    if hasattr(exc, "message_dict"):
        return "；".join(m for msgs in exc.message_dict.values() for m in msgs)
    return "；".join(exc.messages)


def _apply(form, exc: ValidationError):
    for field, errs in exc.message_dict.items():
        form.add_error(field if field in form.fields else None, errs)


def _date(value):
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise ValidationError({"date": "日期格式无效"}) from exc


# ------------------------------------------------------------------------------ cases


@login_required
def case_list(request):
    g = request.GET
    qs = Case.objects.restrict(request.user, "view").select_related("enterprise", "department")
    if g.get("stage"):
        qs = qs.filter(stage=g["stage"])
    if g.get("q"):
        qs = qs.filter(enterprise__name__icontains=g["q"]) | qs.filter(title__icontains=g["q"])
    if g.get("pending") == "1":
        qs = qs.filter(stage="proposed") | qs.filter(decision_status="proposed", stage="notice")
    page = Paginator(qs.order_by("-id"), 30).get_page(g.get("page"))
    params = g.copy()
    params.pop("page", None)
    return render(
        request,
        "enforcement/case_list.html",
        {"page": page, "stages": Case.STAGES, "f": g, "querystring": params.urlencode()},
    )


def _ids(values) -> list[int]:
    """Record ids from the query string; anything else is a 404 like an out-of-scope id."""
    if not all(str(v).isdigit() for v in values):
        raise Http404("编号无效")
    return [int(v) for v in values]


def _sources(request):
    """Findings / hazards named in the query string, fetched through scoping."""
    user = request.user
    findings = [
        get_scoped_or_404(
            Finding.objects.select_related("inspection", "inspection__enterprise"),
            user,
            "view",
            pk=pk,
        )
        for pk in _ids(request.GET.getlist("finding") + request.POST.getlist("finding"))
    ]
    hazards = [
        get_scoped_or_404(
            Hazard.objects.select_related("enterprise", "checklist_item"), user, "view", pk=pk
        )
        for pk in _ids(request.GET.getlist("hazard") + request.POST.getlist("hazard"))
    ]
    findings = list({f.pk: f for f in findings}.values())
    hazards = list({h.pk: h for h in hazards}.values())
    ent = None
    if findings:
        ent = findings[0].inspection.enterprise
    elif hazards:
        ent = hazards[0].enterprise
    return findings, hazards, ent


def _source_code(findings, hazards) -> str:
    """The violation code the sources name: a finding's, else the hazard's checklist item or
    the finding that registered the hazard."""
    for f in findings:
        if f.violation_code:
            return f.violation_code
    for h in hazards:
        if h.checklist_item_id and h.checklist_item.violation_code:
            return h.checklist_item.violation_code
        linked = Finding.objects.filter(hazard=h).exclude(violation_code="").first()
        if linked:
            return linked.violation_code
    return ""


def _source_initial(findings, hazards, ent) -> dict:
    """Form prefill from the findings or hazards the case is opened from."""
    records = findings or hazards
    initial = {"violation_code": _source_code(findings, hazards)}
    if records:
        initial["facts"] = "；".join(r.description for r in records)
        initial["title"] = f"{ent.name}{records[0].description[:20]}案"
    today = timezone.localdate()
    if any(
        h.status in OPEN_STATUSES
        and h.deadline
        and h.deadline < today
        and h.disposals.filter(option="deadline").exists()
        for h in hazards
    ):  # 责令限期整改 and the deadline has passed: 逾期未改正
        initial["overdue"] = True
    return initial


def _require_may_open(user, ent):
    """Only certified staff supervising the enterprise get the forms (services check it again)."""
    if not services.is_enforcer(user):
        raise PermissionDenied("只有持有效执法证的部门执法人员可以立案或当场处罚")
    get_scoped_or_404(Enterprise, user, "change", pk=ent.pk)


def _range_preview(code, overdue=False):
    if not code or code not in law.VIOLATIONS:
        return None
    out = []
    for kind in ("enterprise", "person"):
        r = services.party_range(code, kind=kind, overdue=overdue)
        out.append({"kind": kind, "r": r})
    return out


def _range_fragment(request):
    """The engine's range for the code chosen in the form (fetched when the choice changes)."""
    g = request.GET
    preview = _range_preview(g.get("code", ""), g.get("overdue") == "1")
    return render(request, "enforcement/_range.html", {"preview": preview})


def _existing_cases(user, findings, hazards) -> list:
    """Cases not refused that already rest on these findings or hazards (shown as a warning)."""
    qs = Case.objects.restrict(user, "view").exclude(stage="rejected")
    found = {c.pk: c for c in qs.filter(findings__in=findings)} if findings else {}
    if hazards:
        found.update({c.pk: c for c in qs.filter(hazards__in=hazards)})
    return list(found.values())


@login_required
def case_new(request):
    findings, hazards, ent = _sources(request)
    if ent is None:
        raise Http404("请从检查发现的违法行为或隐患处置进入立案")
    _require_may_open(request.user, ent)
    if request.GET.get("preview"):
        return _range_fragment(request)
    initial = _source_initial(findings, hazards, ent)
    principal = ent.people.filter(role="principal").first()
    if principal:
        initial["person_name"], initial["person_position"] = principal.name, "主要负责人"
    elif ent.legal_representative:
        initial["person_name"], initial["person_position"] = ent.legal_representative, "主要负责人"
    form = CaseForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        persons = []
        for n, pos in (("person_name", "person_position"), ("person2_name", "person2_position")):
            if d[n].strip():
                persons.append({"name": d[n], "position": d[pos]})
        try:
            case = services.propose_case(
                request.user, enterprise=ent, title=d["title"], facts=d["facts"],
                findings=findings, hazards=hazards, violation_code=d["violation_code"],
                persons=persons, overdue=d["overdue"],
            )  # fmt: skip
        except ValidationError as exc:
            _apply(form, exc)
        else:
            messages.success(request, "已提交立案申请，待部门负责人审批。")
            return redirect("enforcement:case_detail", pk=case.pk)
    code = form["violation_code"].value()
    return render(
        request,
        "enforcement/case_form.html",
        {
            "form": form,
            "ent": ent,
            "findings": findings,
            "hazards": hazards,
            "preview": _range_preview(code, bool(form["overdue"].value())),
            "existing": _existing_cases(request.user, findings, hazards),
            "title": "立案申请",
        },
    )


@login_required
def simple_new(request):
    findings, hazards, ent = _sources(request)
    if ent is None:
        raise Http404("请从检查发现的违法行为或隐患处置进入简易处罚")
    _require_may_open(request.user, ent)
    if request.GET.get("preview"):
        return _range_fragment(request)
    initial = _source_initial(findings, hazards, ent)
    initial.pop("overdue", None)
    initial["title"] = f"{ent.name}当场处罚"
    form = SimpleForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            case = services.simple_penalty(
                request.user, enterprise=ent, title=d["title"], facts=d["facts"],
                violation_code=d["violation_code"], fine=d["fine"], findings=findings,
                hazards=hazards, out_of_range_reason=d["out_of_range_reason"],
                person={"name": d["person_name"]} if d["person_name"].strip() else None,
            )  # fmt: skip
        except ValidationError as exc:
            _apply(form, exc)
        else:
            messages.success(request, f"已作出当场处罚决定：{case.number}")
            return redirect("enforcement:case_detail", pk=case.pk)
    return render(
        request,
        "enforcement/case_form.html",
        {
            "form": form,
            "ent": ent,
            "findings": findings,
            "hazards": hazards,
            "preview": _range_preview(form["violation_code"].value()),
            "existing": _existing_cases(request.user, findings, hazards),
            "title": "简易程序（当场处罚）",
        },
    )


STEPS = ["filed", "investigation", "notice", "decided", "served", "execution", "closed"]


@login_required
def case_detail(request, pk):
    user = request.user
    case = get_scoped_or_404(
        Case.objects.select_related("enterprise", "department", "created_by"), user, "view", pk=pk
    )
    can_change = Case.objects.restrict(user, "change").filter(pk=case.pk).exists()
    enforcer = can_change and services.is_enforcer(user)
    leader = can_change and services.is_leader_of(user, case.department_id)
    deadline = None
    if case.stage in ("filed", "investigation", "notice") or case.decided_on:
        due, reasons = services.decision_deadline(case)
        deadline = {
            "due": due,
            "reasons": reasons,
            "left": (due - timezone.localdate()).days,
        }
    parties = list(case.parties.all())
    today = timezone.localdate()
    for p in parties:
        p.outstanding = services.outstanding(p)
        if case.payment_due_on and p.outstanding > 0:
            p.surcharge_today = services.surcharge_for(p, today).value
    hearing = None
    if enforcer and case.decision_status == "proposed" and case.stage in ("filed", "investigation"):
        right, reasons = services.hearing_assessment(case)
        hearing = {"right": right, "reasons": reasons}
    earliest = services.earliest_decision(case) if case.stage == "notice" else None
    labels = dict(Case.STAGES)
    reached = STEPS.index(case.stage) if case.stage in STEPS else -1
    steps = [{"code": s, "label": labels[s], "done": i <= reached} for i, s in enumerate(STEPS)]
    return render(
        request,
        "enforcement/case_detail.html",
        {
            "case": case,
            "parties": parties,
            "documents": case.documents.order_by("id"),
            "sanctions": Sanction.objects.restrict(user, "view").filter(case=case),
            "enforcer": enforcer,
            "leader": leader,
            "deadline": deadline,
            "hearing": hearing,
            "earliest": earliest,
            "steps": steps,
            "today": today,
            "note_form": NoteForm(),
        },
    )


@login_required
def decision_form(request, pk):
    case = get_scoped_or_404(Case, request.user, "change", pk=pk)
    if not services.is_enforcer(request.user):
        raise PermissionDenied
    parties = list(case.parties.all())
    errors = {}
    if request.method == "POST":
        rows = []
        for p in parties:
            rows.append(
                {
                    "id": p.pk,
                    "fine": request.POST.get(f"fine_{p.pk}"),
                    "out_of_range_reason": request.POST.get(f"reason_{p.pk}", ""),
                    "overdue": request.POST.get(f"overdue_{p.pk}") == "on",
                    "last_year_income": request.POST.get(f"income_{p.pk}") or None,
                    "other_penalties": request.POST.get(f"other_{p.pk}", ""),
                }
            )
        try:
            services.propose_decision(
                request.user, case, parties=rows, expected_version=request.POST.get("version")
            )
        except ConflictError as exc:
            messages.error(request, str(exc))
        except ValidationError as exc:
            errors = exc.message_dict
        else:
            messages.success(request, "已提出拟处罚意见。")
            return redirect("enforcement:case_detail", pk=case.pk)
    for p in parties:
        p.errors = errors.get(f"fine_{p.pk}", [])
        p.posted_fine = request.POST.get(f"fine_{p.pk}") if request.method == "POST" else None
        p.posted_reason = request.POST.get(f"reason_{p.pk}", p.out_of_range_reason)
    other = [m for k, msgs in errors.items() if not k.startswith("fine_") for m in msgs]
    return render(
        request,
        "enforcement/decision_form.html",
        {"case": case, "parties": parties, "other_errors": other},
    )


ACTIONS = {
    "approve_filing",
    "reject_filing",
    "investigate",
    "notice",
    "statement",
    "approve_decision",
    "return_decision",
    "extend",
    "serve",
    "close",
}


@login_required
@require_POST
def case_action(request, pk, action):
    if action not in ACTIONS:
        raise Http404
    user = request.user
    case = get_scoped_or_404(Case, user, "change", pk=pk)
    p = request.POST
    v = p.get("version")
    try:
        if action in ("approve_filing", "reject_filing"):
            services.approve_filing(
                user, case, approve=action == "approve_filing", note=p.get("note", ""),
                expected_version=v,
            )  # fmt: skip
        elif action == "investigate":
            services.start_investigation(
                user, case, evidence=p.get("evidence", ""), expected_version=v
            )
        elif action == "notice":
            hearing = p.get("hearing") in ("yes", "on")
            services.issue_notice(user, case, hearing=hearing, expected_version=v)
        elif action == "statement":
            services.record_statement(
                user, case, statement=p.get("statement", ""),
                hearing_requested=p.get("hearing_requested") == "on",
                hearing_on=_date(p.get("hearing_on")), waived=p.get("waived") == "on",
                expected_version=v,
            )  # fmt: skip
        elif action in ("approve_decision", "return_decision"):
            services.approve_decision(
                user, case, approve=action == "approve_decision", note=p.get("note", ""),
                decided_on=_date(p.get("decided_on")), expected_version=v,
            )  # fmt: skip
        elif action == "extend":
            services.extend_deadline(
                user, case, days=int(p.get("days") or 0), reason=p.get("reason", ""),
                expected_version=v,
            )  # fmt: skip
        elif action == "serve":
            services.serve(
                user, case, served_on=_date(p.get("served_on")), method=p.get("method", ""),
                expected_version=v,
            )  # fmt: skip
        elif action == "close":
            services.close_case(user, case, note=p.get("note", ""), expected_version=v)
    except ConflictError as exc:
        messages.error(request, str(exc))
    except ValidationError as exc:
        messages.error(request, _errors_text(exc))
    except PermissionDenied as exc:
        messages.error(request, str(exc) or "无权执行此操作")
    else:
        messages.success(request, "已办理。")
    return redirect("enforcement:case_detail", pk=case.pk)


@login_required
@require_POST
def payment(request, pk):
    party = CaseParty.objects.select_related("case").filter(pk=pk).first()
    if party is None:
        raise Http404
    get_scoped_or_404(Case, request.user, "change", pk=party.case_id)
    try:
        services.record_payment(
            request.user, party, amount=request.POST.get("amount"),
            paid_on=_date(request.POST.get("paid_on")),
        )  # fmt: skip
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, _errors_text(exc) if isinstance(exc, ValidationError) else str(exc))
    else:
        messages.success(request, "已登记缴款。")
    return redirect("enforcement:case_detail", pk=party.case_id)


# ----------------------------------------------------------------------- escalations


@login_required
def sanction_list(request):
    user = request.user
    qs = Sanction.objects.restrict(user, "view").select_related("enterprise", "case", "licence")
    if request.GET.get("kind"):
        qs = qs.filter(kind=request.GET["kind"])
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    form = None
    if services.is_enforcer(user):
        form = SanctionForm(initial={"kind": request.GET.get("new") or "suspension"})
    ents = Enterprise.objects.restrict(user, "change").order_by("name")[:500] if form else []
    licences = (
        Licence.objects.restrict(user, "view")
        .filter(revoked=False)
        .select_related("enterprise")[:500]
        if form
        else []
    )
    return render(
        request,
        "enforcement/sanction_list.html",
        {
            "page": page,
            "kinds": Sanction.KINDS,
            "form": form,
            "enterprises": ents,
            "licences": licences,
            "leader": user.role == "dept_leader" or user.is_superuser,
            "querystring": "",
            "crimes": services.CRIMES,
        },
    )


@login_required
@require_POST
def sanction_new(request):
    user = request.user
    p = request.POST
    kind = p.get("kind")
    try:
        ent = get_scoped_or_404(Enterprise, user, "view", pk=int(p.get("enterprise") or 0))
        case = get_scoped_or_404(Case, user, "view", pk=int(p["case"])) if p.get("case") else None
        if kind == "suspension":
            services.order_suspension(
                user, ent, starts_on=_date(p.get("starts_on")), ends_on=_date(p.get("ends_on")),
                basis=p.get("basis", ""), case=case,
            )  # fmt: skip
        elif kind == "closure":
            services.propose_closure(user, ent, basis=p.get("basis", ""), case=case)
        elif kind == "revocation":
            lic = get_scoped_or_404(Licence, user, "view", pk=int(p.get("licence") or 0))
            services.revoke_licence(user, lic, basis=p.get("basis", ""), case=case)
        elif kind == "industry_ban":
            services.ban_person(
                user, ent, person_name=p.get("person_name", ""), case=case,
                serious=p.get("serious") == "on",
            )  # fmt: skip
        elif kind == "dishonesty":
            services.list_dishonest(
                user, ent, concealed=p.get("concealed") == "on",
                multiplied_fine=p.get("multiplied_fine") == "on", reason=p.get("basis", ""),
            )  # fmt: skip
        elif kind == "judicial":
            services.refer_judicial(
                user, ent, to_organ=p.get("to_organ", ""), crime=p.get("crime", ""),
                facts=p.get("facts", ""), case=case,
            )  # fmt: skip
        else:
            raise ValidationError({"kind": "类型无效"})
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, _errors_text(exc) if isinstance(exc, ValidationError) else str(exc))
    except ValueError:
        messages.error(request, "请选择企业")
    else:
        messages.success(request, "已登记。")
    return redirect("enforcement:sanction_list")


@login_required
@require_POST
def sanction_action(request, pk, action):
    user = request.user
    s = get_scoped_or_404(Sanction, user, "change", pk=pk)
    p = request.POST
    try:
        if action in ("approve", "reject"):
            services.decide_sanction(user, s, approve=action == "approve", note=p.get("note", ""))
        elif action in ("pass", "fail"):
            services.verify_suspension(user, s, passed=action == "pass", note=p.get("note", ""))
        elif action == "remove":
            services.remove_early(user, s, note=p.get("note", ""))
        else:
            raise Http404
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, _errors_text(exc) if isinstance(exc, ValidationError) else str(exc))
    else:
        messages.success(request, "已办理。")
    return redirect("enforcement:sanction_list")


# -------------------------------------------------------------------------- transfers


@login_required
def transfer_list(request):
    qs = Transfer.objects.restrict(request.user, "view").select_related(
        "enterprise", "department", "to_department", "to_region"
    )
    if request.GET.get("status"):
        qs = qs.filter(status=request.GET["status"])
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    return render(
        request,
        "enforcement/transfer_list.html",
        {"page": page, "statuses": Transfer.STATUS, "querystring": ""},
    )


@login_required
def transfer_new(request):
    user = request.user
    if not services.is_enforcer(user):
        raise PermissionDenied
    insp = None
    if request.GET.get("inspection"):
        insp = get_scoped_or_404(Inspection, user, "view", pk=request.GET["inspection"])
    ent_id = request.GET.get("enterprise") or (insp.enterprise_id if insp else None)
    if not ent_id:
        raise Http404("请从执法检查或企业进入移交")
    ent = get_scoped_or_404(Enterprise, user, "view", pk=ent_id)
    initial = {"checked_on": insp.inspected_on if insp else None}
    form = TransferForm(request.POST or None, user=user, initial=initial)
    item_initial = []
    if insp:
        unit = user.department.name if user.department_id else ""
        for f in insp.findings.select_related("checklist_item")[:ITEM_ROWS]:
            item = f.checklist_item
            violation = law.VIOLATIONS.get(f.violation_code)
            item_initial.append(
                {
                    "check_item": item.item[:128] if item else "",
                    "description": f.description,
                    "legal_basis": violation.citation if violation else "",
                    "standard_basis": item.basis if item else "",
                    "raised_by": user.display_name,
                    "responsible_unit": unit,
                }
            )
    items = [
        TransferItemForm(
            request.POST or None,
            prefix=f"i{i}",
            initial=item_initial[i] if i < len(item_initial) else {},
        )
        for i in range(ITEM_ROWS)
    ]
    if request.method == "POST" and form.is_valid() and all(f.is_valid() for f in items):
        d = form.cleaned_data
        rows = [f.cleaned_data for f in items if f.cleaned_data.get("description", "").strip()]
        try:
            t = services.create_transfer(
                user, enterprise=ent, kind=d["kind"], to_department=d["to_department"],
                to_region=d["to_region"], to_organ=d["to_organ"], inspection=insp,
                checked_on=d["checked_on"], reason=d["reason"], items=rows,
            )  # fmt: skip
        except ValidationError as exc:
            _apply(form, exc)
        else:
            messages.success(request, "已生成移交表，请双方签字。")
            return redirect("enforcement:transfer_detail", pk=t.pk)
    return render(
        request,
        "enforcement/transfer_new.html",
        {"form": form, "items": items, "ent": ent, "inspection": insp},
    )


@login_required
def transfer_detail(request, pk):
    user = request.user
    t = get_scoped_or_404(
        Transfer.objects.select_related("enterprise", "department", "to_department", "to_region"),
        user,
        "view",
        pk=pk,
    )
    ent = t.enterprise
    town = ent.region
    while town is not None and town.level == "village":
        town = town.parent
    return render(
        request,
        "enforcement/transfer_detail.html",
        {
            "t": t,
            "town": town,
            "items": t.items.all(),
            "options": [label for _, label in t.items.model.DISPOSALS],
            "option_codes": [code for code, _ in t.items.model.DISPOSALS],
            "documents": t.documents.all(),
            "issuer": user.department_id == t.department_id and services.is_enforcer(user),
            "receiver": services.is_receiver(user, t),
        },
    )


@login_required
@require_POST
def transfer_action(request, pk, action):
    user = request.user
    t = get_scoped_or_404(Transfer, user, "view", pk=pk)
    p = request.POST
    try:
        if action == "sign":
            services.sign_transfer(user, t, side=p.get("side", ""), name=p.get("name", ""))
        elif action == "acknowledge":
            services.acknowledge_transfer(user, t)
        elif action == "result":
            services.report_transfer_result(user, t, result=p.get("result", ""))
        else:
            raise Http404
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, _errors_text(exc) if isinstance(exc, ValidationError) else str(exc))
    else:
        messages.success(request, "已办理。")
    return redirect("enforcement:transfer_detail", pk=t.pk)


# -------------------------------------------------------------------------- documents


@login_required
def document_list(request):
    user = request.user
    qs = Document.objects.restrict(user, "view").select_related("enterprise", "case")
    if request.GET.get("kind"):
        qs = qs.filter(kind=request.GET["kind"])
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    return render(
        request,
        "enforcement/document_list.html",
        {
            "page": page,
            "kinds": Document.KINDS,
            "querystring": "",
            "can_issue": services.is_enforcer(user),
        },
    )


@login_required
@require_POST
def document_new(request):
    user = request.user
    p = request.POST
    insp = hazard = None
    try:
        if p.get("inspection"):
            insp = get_scoped_or_404(Inspection, user, "view", pk=int(p["inspection"]))
        if p.get("hazard"):
            hazard = get_scoped_or_404(Hazard, user, "view", pk=int(p["hazard"]))
        ent = (insp or hazard).enterprise if (insp or hazard) else None
        if ent is None:
            raise ValidationError({"inspection": "请填写执法检查编号或隐患编号"})
        doc = services.issue_document(
            user, p.get("kind", ""), enterprise=ent, inspection=insp, hazard=hazard
        )
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, _errors_text(exc) if isinstance(exc, ValidationError) else str(exc))
    except ValueError:
        messages.error(request, "编号须为数字")
    else:
        messages.success(request, f"已制发：{doc.get_kind_display()} {doc.number}")
    return redirect("enforcement:document_list")


@login_required
def document_file(request, pk, fmt):
    doc = get_scoped_or_404(Document, request.user, "view", pk=pk)
    f = doc.docx if fmt == "docx" else doc.pdf if fmt == "pdf" else None
    if not f:
        raise Http404
    name = f"{doc.get_kind_display()}{doc.number}.{fmt}"
    return FileResponse(f.open("rb"), as_attachment=True, filename=name)


# ------------------------------------------------------------------------ publication


@login_required
def exposure_list(request):
    user = request.user
    qs = Exposure.objects.restrict(user, "view").prefetch_related("cases", "enterprises")
    form = ExposureForm(request.POST or None, user=user) if services.is_enforcer(user) else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.create_exposure(user, **form.cleaned_data)
            except ValidationError as exc:
                _apply(form, exc)
            else:
                messages.success(request, "已登记曝光记录。")
                return redirect("enforcement:exposure_list")
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    return render(
        request,
        "enforcement/exposure_list.html",
        {"page": page, "form": form, "querystring": ""},
    )


def public_penalties(request):
    """行政处罚 disclosure, no login: decided cases with persons' names masked."""
    qs = (
        Case.objects.filter(stage__in=services.DECIDED_STAGES, decided_on__isnull=False)
        .select_related("enterprise", "department")
        .prefetch_related("parties", "documents")
        .order_by("-decided_on", "-id")
    )
    page = Paginator(qs, 20).get_page(request.GET.get("page"))
    rows = []
    for c in page:
        parties = []
        for p in c.parties.all():
            parties.append(
                {
                    "name": p.name if p.kind == "enterprise" else services.mask_name(p.name),
                    "kind": p.get_kind_display(),
                    "position": p.position,
                    "article": p.article,
                    "fine": p.fine,
                    "other": p.other_penalties,
                }
            )
        decision = next((d for d in c.documents.all() if d.kind == "penalty_decision"), None)
        rows.append(
            {"case": c, "parties": parties, "number": decision.number if decision else c.number}
        )
    exposures = Exposure.objects.order_by("-published_on")[:10]
    return render(
        request,
        "enforcement/public.html",
        {"page": page, "rows": rows, "exposures": exposures, "querystring": ""},
    )
