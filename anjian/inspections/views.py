from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import redirect, render
from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from django.utils import timezone
from django.views.decorators.http import require_POST

from anjian.accounts.models import Role, User
from anjian.core.scoping import get_scoped_or_404
from anjian.core.services import ConflictError
from anjian.registry.models import Enterprise

from . import services
from .forms import (
    AmendForm,
    DrawForm,
    FindingForm,
    FiveOneForm,
    InspectionForm,
    MetaForm,
    PlanForm,
)
from .models import Draw, FindingPhoto, FiveOne, Inspection, SupervisionPlan


def _error_list(exc) -> list[str]:
    if isinstance(exc, ValidationError):
        if hasattr(exc, "error_dict"):
            return [m for msgs in exc.message_dict.values() for m in msgs]
        return list(exc.messages)
    return [str(exc) or "无权执行此操作"]


def _apply_errors(form, exc: ValidationError):
    for field, errs in exc.message_dict.items():
        form.add_error(field if field in form.fields else None, errs)


# ---------------------------------------------------------------- inspections


@login_required
def inspection_list(request):
    g = request.GET
    qs = Inspection.objects.restrict(request.user).select_related("enterprise", "department")
    if g.get("status") in ("draft", "submitted"):
        qs = qs.filter(status=g["status"])
    if g.get("q"):
        qs = qs.filter(enterprise__name__contains=g["q"].strip())
    if g.get("mine"):
        qs = qs.filter(team__user=request.user)
    page = Paginator(qs.order_by("-inspected_on", "-id"), 30).get_page(g.get("page"))
    params = g.copy()
    params.pop("page", None)
    return render(
        request,
        "inspections/list.html",
        {
            "page": page,
            "f": g,
            "querystring": params.urlencode(),
            "can_add": services._staff(request.user) and request.user.department_id,
        },
    )


def _find_enterprise(user, text):
    text = (text or "").strip()
    qs = Enterprise.objects.restrict(user)
    return qs.filter(Q(credit_code=text.upper()) | Q(name=text)).first()


@login_required
def inspection_create(request):
    if not (services._staff(request.user) and request.user.department_id):
        raise PermissionDenied
    initial = {"inspected_on": timezone.localdate(), "inspectors": [request.user.pk]}
    if request.GET.get("enterprise"):
        ent = Enterprise.objects.restrict(request.user).filter(pk=request.GET["enterprise"]).first()
        if ent:
            initial["enterprise"] = ent.credit_code
    form = InspectionForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        ent = _find_enterprise(request.user, d["enterprise"])
        if ent is None:
            form.add_error("enterprise", "未找到该企业，或不在您的监管范围内")
        else:
            try:
                insp = services.create_inspection(
                    request.user,
                    enterprise=ent,
                    inspected_on=d["inspected_on"],
                    inspectors=list(d["inspectors"]),
                    experts=list(d["experts"]),
                    modes=d["modes"],
                    joint_departments=list(d["joint_departments"]),
                    campaign=d["campaign"],
                    origin=d["origin"],
                    plan=d["plan"],
                    tip_ref=d["tip_ref"],
                    inspecting_town=d["inspecting_town"],
                    place=d["place"],
                )
            except ValidationError as exc:
                errs = dict(exc.message_dict)
                for m in errs.pop("team", []):
                    form.add_error("inspectors", m)
                for field, msgs in errs.items():
                    form.add_error(field if field in form.fields else None, msgs)
            else:
                messages.success(request, "已创建执法检查。")
                return redirect("inspections:detail", pk=insp.pk)
    return render(request, "inspections/form.html", {"form": form, "title": "新建执法检查"})


def _self_report_context(insp):
    ctx = services.self_reported(insp)
    ctx["self_report_tpl"] = ""
    if ctx["self_reports"] is not None:
        try:
            get_template("campaigns/_self_reported.html")
            ctx["self_report_tpl"] = "campaigns/_self_reported.html"
        except TemplateDoesNotExist:
            pass
    return ctx


def _detail_context(request, insp, **extra):
    user = request.user
    can_change = (
        not insp.locked and Inspection.objects.restrict(user, "change").filter(pk=insp.pk).exists()
    )
    team = list(insp.team.select_related("user"))
    inspectors = [m for m in team if m.role == "inspector"]
    is_team_inspector = any(m.user_id == user.pk for m in inspectors)
    sigs = list(insp.signatures.filter(amendment__isnull=True))
    sig_by_user = {s.user_id: s for s in sigs if s.role == "inspector"}
    ent_sig = next((s for s in sigs if s.role == "enterprise"), None)
    items = list(insp.checklist.items.all()) if insp.checklist_id else []
    results = {r.item_id: r for r in insp.results.all()}
    rows = [(i, results.get(i.pk)) for i in items]
    five = {x.kind: x for x in insp.five_one.all()}
    ctx = {
        "insp": insp,
        "ent": insp.enterprise,
        "team": team,
        "inspectors": [(m, sig_by_user.get(m.user_id)) for m in inspectors],
        "experts": [m for m in team if m.role == "expert"],
        "ent_sig": ent_sig,
        "can_change": can_change,
        "can_sign": can_change and (is_team_inspector or user.is_superuser),
        "can_amend": insp.locked
        and (
            is_team_inspector
            or user.is_superuser
            or (user.role == Role.DEPT_LEADER and user.department_id == insp.department_id)
        ),
        "rows": rows,
        "answered": len(results),
        "findings": insp.findings.prefetch_related("photos").select_related("checklist_item"),
        "five_one": [(k, label, five.get(k)) for k, label in FiveOne.KINDS],
        "amendments": insp.amendments.prefetch_related("signatures").select_related("created_by"),
        "missing": services.missing_for_submit(insp) if can_change else [],
        "meta_form": MetaForm(initial={f: getattr(insp, f) for f in services.EDITABLE_FIELDS}),
        "finding_form": FindingForm(items=items),
        "five_form": FiveOneForm(),
        "amend_form": AmendForm(),
        "joint": list(insp.joint_departments.all()),
        "user_id": user.pk,
    }
    ctx.update(_self_report_context(insp))
    ctx.update(extra)
    return ctx


@login_required
def inspection_detail(request, pk):
    insp = get_scoped_or_404(
        Inspection.objects.select_related(
            "enterprise", "enterprise__region", "department", "campaign", "checklist"
        ),
        request.user,
        "view",
        pk=pk,
    )
    if request.method == "POST":
        errors = []
        action = request.POST.get("action", "")
        try:
            message = _do_action(request, insp, action)
        except (ValidationError, PermissionDenied, ConflictError) as exc:
            errors = _error_list(exc)
        else:
            messages.success(request, message)
            return redirect(f"{request.path}#{action}")
        insp.refresh_from_db()
        return render(
            request,
            "inspections/detail.html",
            _detail_context(request, insp, errors=errors, action=action),
        )
    return render(request, "inspections/detail.html", _detail_context(request, insp))


def _do_action(request, insp, action) -> str:
    p, user = request.POST, request.user
    if action == "meta":
        form = MetaForm(p)
        if not form.is_valid():
            raise ValidationError(form.errors)
        services.update_inspection(user, insp, **form.cleaned_data)
        return "已保存现场情况。"
    if action == "results":
        results = {}
        for key, value in p.items():
            if key.startswith("r_") and value:
                item_id = key[2:]
                results[item_id] = (value, p.get(f"n_{item_id}", ""))
        services.record_results(user, insp, results)
        return f"已保存检查表结果（{len(results)} 项）。"
    if action == "finding":
        items = list(insp.checklist.items.all()) if insp.checklist_id else []
        form = FindingForm(p, items=items)
        if not form.is_valid():
            raise ValidationError(
                {k: [f"{form.fields[k].label}：{e}" for e in v] for k, v in form.errors.items()}
            )
        d = form.cleaned_data
        item = next((i for i in items if i.pk == d["checklist_item"]), None)
        services.add_finding(
            user,
            insp,
            kind=d["kind"],
            description=d["description"],
            location=d["location"],
            checklist_item=item,
            hazard_level=d["hazard_level"] if d["kind"] == "hazard" else "",
            rectification_plan=d["rectification_plan"],
            deadline=d["deadline"],
            violation_code=d["violation_code"],
            photos=request.FILES.getlist("photos"),
        )
        return "已添加发现问题。"
    if action == "finding_remove":
        finding = insp.findings.filter(pk=p.get("finding")).first()
        if finding is None:
            raise Http404
        services.remove_finding(user, finding)
        return "已删除该问题。"
    if action == "five_one":
        form = FiveOneForm(p)
        if not form.is_valid():
            raise ValidationError(form.errors)
        services.record_five_one(user, insp, **form.cleaned_data)
        return "已保存“五个一”记录。"
    if action == "sign":
        role = p.get("role")
        signer = None
        if role == "inspector":
            signer = User.objects.filter(pk=p.get("signer") or user.pk).first()
            if signer is None:
                raise ValidationError({"signer": "签名人无效"})
        services.sign(
            user,
            insp,
            role=role,
            png=p.get("png", ""),
            signer=signer,
            name=p.get("name", ""),
            password=p.get("password") or None,
        )
        return "已签名。"
    if action == "submit":
        services.submit(user, insp, expected_version=p.get("version"))
        return "检查记录已提交并锁定。"
    if action == "amend":
        form = AmendForm(p)
        if not form.is_valid():
            raise ValidationError(form.errors)
        services.amend(user, insp, png=p.get("png", ""), **form.cleaned_data)
        return "已添加更正记录。"
    raise ValidationError({"action": "未知操作"})


@login_required
def inspection_print(request, pk):
    insp = get_scoped_or_404(
        Inspection.objects.select_related("enterprise", "department", "checklist"),
        request.user,
        "view",
        pk=pk,
    )
    ctx = _detail_context(request, insp)
    ctx["fail_rows"] = [(i, r) for i, r in ctx["rows"] if r and r.result == "fail"]
    return render(request, "inspections/print.html", ctx)


@login_required
def photo(request, pk):
    ph = FindingPhoto.objects.select_related("finding").filter(pk=pk).first()
    if ph is None:
        raise Http404
    get_scoped_or_404(Inspection, request.user, "view", pk=ph.finding.inspection_id)
    return FileResponse(ph.file.open("rb"), content_type=ph.content_type)


# ---------------------------------------------------------------- draws


@login_required
def draw_list(request):
    qs = Draw.objects.restrict(request.user).select_related("department", "created_by")
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    return render(
        request,
        "inspections/draw_list.html",
        {"page": page, "can_add": services._staff(request.user) and request.user.department_id},
    )


@login_required
def draw_create(request):
    if not (services._staff(request.user) and request.user.department_id):
        raise PermissionDenied
    form = DrawForm(
        request.POST or None,
        user=request.user,
        initial={"inspection_date": timezone.localdate(), "team_size": 2},
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            draw = services.create_draw(
                request.user,
                title=d["title"],
                inspection_date=d["inspection_date"],
                k=d["k"],
                team_size=d["team_size"],
                sector=d["sector"],
                town=d["town"],
                cross_town=d["cross_town"],
                home_towns=d["home_towns"],
                campaign=d["campaign"],
            )
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, f"已完成抽取：{len(draw.result['assignments'])} 家企业。")
            return redirect("inspections:draw_detail", pk=draw.pk)
    return render(request, "inspections/form.html", {"form": form, "title": "双随机抽查"})


def _draw_context(draw):
    people = {p["id"]: p for p in draw.pool}
    rows = [
        {
            "n": n,
            "enterprise": a["name"],
            "enterprise_id": a["enterprise"],
            "inspectors": [people.get(i, {"name": f"#{i}"})["name"] for i in a["inspectors"]],
        }
        for n, a in enumerate(draw.result.get("assignments", []), 1)
    ]
    return {
        "draw": draw,
        "rows": rows,
        "skipped": draw.result.get("skipped", []),
        "pool": draw.pool,
        "candidate_count": len(draw.candidates),
    }


@login_required
def draw_detail(request, pk):
    draw = get_scoped_or_404(
        Draw.objects.select_related("department", "sector", "town", "campaign"),
        request.user,
        "view",
        pk=pk,
    )
    ctx = _draw_context(draw)
    ctx["inspections"] = draw.inspections.select_related("enterprise")
    ctx["check"] = services.verify_draw(draw)
    ctx["can_publish"] = not draw.published_at and (
        request.user.is_superuser or request.user.department_id == draw.department_id
    )
    return render(request, "inspections/draw_detail.html", ctx)


@login_required
@require_POST
def draw_publish(request, pk):
    draw = get_scoped_or_404(Draw, request.user, "view", pk=pk)
    try:
        services.publish_draw(request.user, draw)
        messages.success(request, "抽查结果已公开。")
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, "；".join(_error_list(exc)))
    return redirect("inspections:draw_detail", pk=draw.pk)


def public_draw_list(request):
    """双随机、一公开: published draws, no login needed."""
    qs = Draw.objects.filter(published_at__isnull=False).select_related("department")
    page = Paginator(qs.order_by("-published_at"), 30).get_page(request.GET.get("page"))
    return render(request, "inspections/public_list.html", {"page": page})


def public_draw_detail(request, pk):
    draw = (
        Draw.objects.filter(pk=pk, published_at__isnull=False)
        .select_related("department", "sector", "town")
        .first()
    )
    if draw is None:
        raise Http404("未找到已公开的抽查结果")
    ctx = _draw_context(draw)
    ctx["check"] = services.verify_draw(draw)
    return render(request, "inspections/public_detail.html", ctx)


def public_draw_inputs(request, pk):
    """Everything needed to recompute a published draw with algorithm.run_draw."""
    draw = Draw.objects.filter(pk=pk, published_at__isnull=False).first()
    if draw is None:
        raise Http404("未找到已公开的抽查结果")
    data = {
        "algorithm": draw.algorithm,
        "seed": draw.seed,
        "date": draw.inspection_date.isoformat(),
        "k": draw.k,
        "team_size": draw.team_size,
        "rules": draw.rules,
        "candidates": draw.candidates,
        "pool": draw.pool,
        "input_digest": draw.input_digest,
        "result": draw.result,
    }
    return JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 1})


# ---------------------------------------------------------------- plans


@login_required
def plan_list(request):
    qs = SupervisionPlan.objects.restrict(request.user).select_related("department")
    can_add = request.user.is_superuser or request.user.role in (Role.DEPT_LEADER, Role.AWB)
    return render(request, "inspections/plan_list.html", {"plans": qs, "can_add": can_add})


@login_required
def plan_create(request):
    if not (request.user.role == Role.DEPT_LEADER and request.user.department_id):
        raise PermissionDenied
    year = timezone.localdate().year
    form = PlanForm(
        request.POST or None,
        initial={
            "year": year,
            "title": f"{request.user.department.name}{year}年度监督检查计划",
            "monthly_targets": " ".join(["3"] * 12),
        },
    )
    if request.method == "POST" and form.is_valid():
        d = dict(form.cleaned_data)
        d.pop("version", None)
        try:
            plan = services.create_plan(request.user, department=request.user.department, **d)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, "已保存年度监督检查计划。")
            return redirect("inspections:plan_detail", pk=plan.pk)
    return render(request, "inspections/form.html", {"form": form, "title": "制定年度监督检查计划"})


@login_required
def plan_edit(request, pk):
    plan = get_scoped_or_404(SupervisionPlan, request.user, "change", pk=pk)
    initial = {
        "version": plan.version,
        "year": plan.year,
        "title": plan.title,
        "monthly_targets": " ".join(str(x) for x in plan.monthly_targets),
        "key_coverage_target": plan.key_coverage_target,
        "general_sample_target": plan.general_sample_target,
        "note": plan.note,
    }
    form = PlanForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = dict(form.cleaned_data)
        version = d.pop("version", None)
        try:
            services.update_plan(request.user, plan, expected_version=version, **d)
        except ConflictError as exc:
            form.add_error(None, str(exc))
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, "已保存。")
            return redirect("inspections:plan_detail", pk=plan.pk)
    return render(request, "inspections/form.html", {"form": form, "title": f"编辑：{plan.title}"})


@login_required
def plan_detail(request, pk):
    plan = get_scoped_or_404(
        SupervisionPlan.objects.select_related("department"), request.user, "view", pk=pk
    )
    can_change = SupervisionPlan.objects.restrict(request.user, "change").filter(pk=pk).exists()
    return render(
        request,
        "inspections/plan_detail.html",
        {"plan": plan, "p": services.plan_progress(plan), "can_change": can_change},
    )
