from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from anjian.accounts.models import Role, User
from anjian.core.scoping import get_scoped_or_404
from anjian.core.services import ConflictError
from anjian.registry.models import Enterprise

from . import forms, services
from .models import GRADES, Accident, LookbackTask


def _message(exc: ValidationError) -> str:
    if hasattr(exc, "error_dict"):
        return "；".join(m for errs in exc.message_dict.values() for m in errs)
    return "；".join(exc.messages)


@login_required
def accident_list(request):
    user = request.user
    qs = Accident.objects.restrict(user).select_related("enterprise", "campaign")
    g = request.GET
    if g.get("grade"):
        qs = qs.filter(grade=g["grade"])
    if g.get("flag") == "late":
        qs = qs.filter(late_report=True)
    elif g.get("flag") == "concealed":
        qs = qs.filter(concealed=True)
    elif g.get("flag") == "open":
        qs = qs.filter(investigation_report_on__isnull=True)
    params = g.copy()
    params.pop("page", None)
    lookbacks = LookbackTask.objects.restrict(user).select_related(
        "accident__enterprise", "department", "inspection"
    )
    services.refresh_lookbacks(lookbacks)
    return render(request, "accidents/list.html", {
        "page": Paginator(qs, 50).get_page(g.get("page")),
        "querystring": params.urlencode(),
        "f": g,
        "grades": GRADES,
        "lookbacks": lookbacks.exclude(status="done"),
        "today": timezone.localdate(),
        "can_record": services.can_record(user),
    })  # fmt: skip


@login_required
def accident_create(request):
    user = request.user
    if not services.can_record(user):
        raise PermissionDenied("只有安委办和负有监管职责的部门可以登记事故")
    form = forms.AccidentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        ents = Enterprise.objects.restrict(user, "change")
        ent = (ents.filter(pk=d["enterprise"]).first() if d["enterprise"] else None) or (
            ents.filter(name=d["enterprise_name"].strip()).first()
        )
        from anjian.tips.models import Tip

        codes = [c.strip().upper() for c in (d["tips"] or "").split() if c.strip()]
        tips = list(Tip.objects.restrict(user).filter(code__in=codes))
        if ent is None:
            form.add_error("enterprise_name", "在您的监管范围内未找到该企业")
        elif len(tips) != len(set(codes)):
            form.add_error("tips", "部分举报编号不存在或无权查看")
        else:
            try:
                acc = services.record_accident(
                    user, enterprise=ent, occurred_at=d["occurred_at"], place=d["place"],
                    kind=d["kind"], deaths=d["deaths"], serious_injuries=d["serious_injuries"],
                    direct_loss_yuan=d["direct_loss_yuan"], reported_at=d["reported_at"],
                    discovered_via=d["discovered_via"], false_report=d["false_report"],
                    summary=d["summary"], tips=tips,
                )  # fmt: skip
            except ValidationError as exc:
                for field, errs in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errs)
            else:
                note = ""
                if acc.discovered_via != d["discovered_via"]:
                    note = "关联举报早于事故单位报告，事故信息来源记为群众举报（瞒报）。"
                messages.success(request, f"已登记：{acc.grade}事故。{note}")
                return redirect("accidents:detail", pk=acc.pk)
    names = (
        Enterprise.objects.restrict(user, "change")
        .order_by("name")
        .values_list("name", flat=True)[:500]
    )
    return render(request, "accidents/form.html", {"form": form, "names": names})


@login_required
def accident_detail(request, pk):
    user = request.user
    acc = get_scoped_or_404(
        Accident.objects.select_related("enterprise", "campaign", "created_by"), user, pk=pk
    )
    can_change = (
        services.can_record(user)
        and Accident.objects.restrict(user, "change").filter(pk=acc.pk).exists()
    )
    from anjian.tips.models import Tip

    lookbacks = (
        LookbackTask.objects.restrict(user)
        .filter(accident=acc)
        .select_related("department", "inspection")
    )
    services.refresh_lookbacks(lookbacks)
    staff = User.objects.filter(department_id=user.department_id, is_active=True,
                                role__in=(Role.INSPECTOR, Role.DEPT_LEADER))  # fmt: skip
    linkable_cases = []
    if can_change:
        from anjian.enforcement.models import Case

        linkable_cases = (
            Case.objects.restrict(user)
            .filter(enterprise_id=acc.enterprise_id)
            .exclude(accidents=acc)
            .order_by("-filed_on", "-pk")[:50]
        )
    return render(request, "accidents/detail.html", {
        "acc": acc,
        "tips": Tip.objects.restrict(user).filter(accidents=acc).order_by("received_at"),
        "cases": services.related_cases(user, acc),
        "linkable_cases": linkable_cases,
        "can_change": can_change,
        "lookbacks": lookbacks,
        "staff": staff,
        "today": timezone.localdate(),
        "inv_form": forms.InvestigationForm(initial={
            "extension_days": acc.investigation_extension_days,
            "report_on": acc.investigation_report_on, "approved_on": acc.report_approved_on}),
        "four_form": forms.FourNotsForm(initial={"done_on": timezone.localdate()}),
        "lookback_form": forms.LookbackForm(initial={"inspected_on": timezone.localdate()}),
    })  # fmt: skip


@login_required
@require_POST
def investigation(request, pk):
    acc = get_scoped_or_404(Accident, request.user, "change", pk=pk)
    form = forms.InvestigationForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        try:
            services.update_investigation(
                request.user, acc, extension_days=d["extension_days"] or 0,
                report_on=d["report_on"], approved_on=d["approved_on"],
                expected_version=request.POST.get("version"),
            )  # fmt: skip
            messages.success(request, "调查信息已保存。")
        except (ValidationError, ConflictError) as exc:
            messages.error(request, _message(exc) if isinstance(exc, ValidationError) else str(exc))
    else:
        messages.error(
            request, "；".join(f"{form.fields[k].label}：{v[0]}" for k, v in form.errors.items())
        )
    return redirect("accidents:detail", pk=acc.pk)


@login_required
@require_POST
def four_nots(request, pk):
    acc = get_scoped_or_404(Accident, request.user, "change", pk=pk)
    form = forms.FourNotsForm(request.POST)
    if form.is_valid():
        try:
            services.record_four_nots(request.user, acc, **form.cleaned_data,
                                      expected_version=request.POST.get("version"))  # fmt: skip
            messages.success(request, "“四不放过”评估已登记。")
        except (ValidationError, ConflictError) as exc:
            messages.error(request, _message(exc) if isinstance(exc, ValidationError) else str(exc))
    else:
        messages.error(request, "请填写评估完成日期和评估结论。")
    return redirect("accidents:detail", pk=acc.pk)


@login_required
@require_POST
def lookback_start(request, pk):
    task = get_scoped_or_404(LookbackTask, request.user, "change", pk=pk)
    form = forms.LookbackForm(request.POST)
    inspectors = list(User.objects.filter(pk__in=request.POST.getlist("inspectors"),
                                          department_id=task.department_id))  # fmt: skip
    if form.is_valid():
        try:
            task = services.start_lookback(request.user, task, inspectors=inspectors,
                                           inspected_on=form.cleaned_data["inspected_on"])  # fmt: skip
        except ValidationError as exc:
            messages.error(request, _message(exc))
        else:
            messages.success(request, "已生成回头看检查记录。")
            return redirect("inspections:detail", pk=task.inspection_id)
    return redirect("accidents:detail", pk=task.accident_id)


@login_required
@require_POST
def link(request, pk):
    """Link a tip (by its tracking code) or a case of the enterprise to the accident."""
    from anjian.enforcement.models import Case
    from anjian.tips.models import Tip

    user = request.user
    acc = get_scoped_or_404(Accident, user, "change", pk=pk)
    version = request.POST.get("version")
    try:
        if "tip" in request.POST:
            code = (request.POST.get("tip") or "").strip().upper()
            tip = Tip.objects.restrict(user).filter(code=code).first() if code else None
            if tip is None:
                raise ValidationError({"tips": f"未找到举报编号“{code}”或无权查看" if code
                                       else "请填写举报编号"})  # fmt: skip
            acc = services.link_tip(user, acc, tip, expected_version=version)
            messages.success(request, f"已关联举报 {tip.code}。" + (
                "该事故经举报发现，已标记为瞒报。" if acc.discovered_via == "tip" else ""))  # fmt: skip
        else:
            case = get_scoped_or_404(Case, user, pk=request.POST.get("case") or 0)
            services.link_case(user, acc, case, expected_version=version)
            messages.success(request, f"已关联案件：{case}。")
    except ConflictError as exc:
        messages.error(request, str(exc))
    except ValidationError as exc:
        messages.error(request, _message(exc))
    return redirect("accidents:detail", pk=acc.pk)
