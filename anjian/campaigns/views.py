from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from anjian.checklists.models import ChecklistTemplate
from anjian.core.scoping import get_scoped_or_404
from anjian.core.services import ConflictError

from . import services
from .forms import CampaignForm, DutyFormSet, FileForm, PhaseFormSet
from .models import Campaign, SelfInspection, SelfInspectionAnswer


def _flash(request, exc):
    if isinstance(exc, ValidationError):
        messages.error(request, "；".join(sum(exc.message_dict.values(), [])))
    else:
        messages.error(request, str(exc))


@login_required
def campaign_list(request):
    qs = Campaign.objects.restrict(request.user).select_related("region").prefetch_related("phases")
    page = Paginator(qs.order_by("-start", "-id"), 30).get_page(request.GET.get("page"))
    today = timezone.localdate()
    for c in page:
        c.current_phase = c.phase_on(today)
    return render(
        request,
        "campaigns/list.html",
        {"page": page, "today": today, "can_create": services.can_manage_campaigns(request.user)},
    )


def _kept(formset) -> list:
    """Forms that hold a row: filled-in (or pre-filled) and not marked for deletion."""
    return [f for f in formset.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]


def _formset_rows(formset) -> list[dict]:
    return [{k: v for k, v in f.cleaned_data.items() if k != "DELETE"} for f in _kept(formset)]


def _apply_errors(form, phases, duties, exc: ValidationError):
    for field, errs in exc.message_dict.items():
        if field in form.fields:
            form.add_error(field, errs)
        elif field.startswith(("phases-", "duties-")):
            name, idx, sub = field.split("-", 2)
            fs = phases if name == "phases" else duties
            rows = _kept(fs)
            i = int(idx) - 1
            if 0 <= i < len(rows) and sub in rows[i].fields:
                rows[i].add_error(sub, errs)
            else:
                form.add_error(None, errs)
        else:
            form.add_error(None, errs)


def _campaign_form(request, campaign=None):
    user = request.user
    if campaign is None and not services.can_manage_campaigns(user):
        raise PermissionDenied
    data = request.POST if request.method == "POST" else None
    form = CampaignForm(data, instance=campaign, user=user)
    initial_phases = [services.snapshot_phase(p) for p in campaign.phases.all()] if campaign else []
    initial_duties = (
        [{k: getattr(d, k) for k in services.DUTY_FIELDS} for d in campaign.duties.all()]
        if campaign
        else []
    )
    phases = PhaseFormSet(data, prefix="phases", initial=initial_phases)
    duties = DutyFormSet(data, prefix="duties", initial=initial_duties)
    if data is not None and form.is_valid() and phases.is_valid() and duties.is_valid():
        fields = {k: v for k, v in form.cleaned_data.items() if k not in ("version",)}
        departments = fields.pop("departments")
        checklists = fields.pop("checklists")
        kwargs = dict(
            phases=_formset_rows(phases),
            duties=_formset_rows(duties),
            departments=departments,
            checklists=checklists,
            **fields,
        )
        try:
            if campaign is None:
                campaign = services.create_campaign(user, **kwargs)
            else:
                campaign.refresh_from_db()
                services.update_campaign(
                    user, campaign, expected_version=form.cleaned_data.get("version"), **kwargs
                )
        except ConflictError as exc:
            form.add_error(None, str(exc))
        except ValidationError as exc:
            _apply_errors(form, phases, duties, exc)
        else:
            messages.success(request, "专项行动已保存。")
            return redirect("campaigns:detail", pk=campaign.pk)
    title = f"编辑：{campaign.title}" if campaign else "新建专项行动"
    return render(
        request,
        "campaigns/form.html",
        {"form": form, "phases": phases, "duties": duties, "title": title, "campaign": campaign},
    )


@login_required
def campaign_create(request):
    return _campaign_form(request)


@login_required
def campaign_edit(request, pk):
    campaign = get_scoped_or_404(Campaign, request.user, "change", pk=pk)
    return _campaign_form(request, campaign)


@login_required
def campaign_detail(request, pk):
    user = request.user
    c = get_scoped_or_404(
        Campaign.objects.select_related("region").prefetch_related("phases", "duties"),
        user,
        "view",
        pk=pk,
    )
    today = timezone.localdate()
    current = c.phase_on(today)
    duties = [{"duty": d, "next": d.next_due(today)} for d in c.duties.all()]
    own = []
    if user.role == "enterprise" and user.enterprise_id:
        mine = {s.template_id: s for s in SelfInspection.objects.restrict(user).filter(campaign=c)}
        own = [{"tpl": t, "si": mine.get(t.pk)} for t in c.checklists.all()]
    submissions = SelfInspection.objects.restrict(user).filter(campaign=c)
    return render(
        request,
        "campaigns/detail.html",
        {
            "c": c,
            "today": today,
            "current": current,
            "phases": c.phases.all(),
            "duties": duties,
            "departments": c.departments.all(),
            "checklists": c.checklists.all(),
            "own": own,
            "submission_count": submissions.count() if user.role != "enterprise" else None,
            "pending_count": submissions.filter(status="submitted").count(),
            "can_edit": Campaign.objects.restrict(user, "change").filter(pk=c.pk).exists(),
            "progress": _progress_for(user, c, today),
        },
    )


def _progress_for(user, c: Campaign, today):
    """Progress against the targets: 安委办 sees every participating department, department
    staff their own department's row (if it takes part); others see none."""
    from anjian.inspections.services import campaign_progress

    if user.is_superuser or user.role == "awb":
        return campaign_progress(c, today)
    if user.role in ("inspector", "dept_leader") and user.department_id:
        own = c.departments.filter(pk=user.department_id)
        return campaign_progress(c, today, departments=own) if own.exists() else None
    return None


@login_required
def self_list(request, pk):
    c = get_scoped_or_404(Campaign, request.user, "view", pk=pk)
    qs = (
        SelfInspection.objects.restrict(request.user)
        .filter(campaign=c)
        .select_related("enterprise", "template", "filed_department")
        .order_by("status", "-submitted_at")
    )
    status = request.GET.get("status")
    if status in dict(SelfInspection.STATUS):
        qs = qs.filter(status=status)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    ids = [s.pk for s in page]
    fails = {}
    for a in SelfInspectionAnswer.objects.filter(inspection_id__in=ids, result="fail"):
        fails[a.inspection_id] = fails.get(a.inspection_id, 0) + 1
    for s in page:
        s.fail_n = fails.get(s.pk, 0)
    return render(
        request,
        "campaigns/self_list.html",
        {
            "c": c,
            "page": page,
            "status": status or "",
            "statuses": SelfInspection.STATUS,
            "querystring": f"status={status}" if status else "",
        },
    )


@login_required
@require_POST
def self_start(request, pk, tpl):
    c = get_scoped_or_404(Campaign, request.user, "view", pk=pk)
    template = get_scoped_or_404(ChecklistTemplate, request.user, "view", pk=tpl)
    try:
        si = services.start_self_inspection(request.user, c, template)
    except ValidationError as exc:
        _flash(request, exc)
        return redirect("campaigns:detail", pk=c.pk)
    return redirect("campaigns:self_detail", pk=si.pk)


def _answers_from_post(post, answers) -> dict:
    out = {}
    for a in answers:
        p = f"{a.item_id}-"
        if f"{p}result" not in post and f"{p}note" not in post:
            continue
        out[a.item_id] = {
            "result": post.get(f"{p}result", ""),
            "note": post.get(f"{p}note", ""),
            "measures": post.get(f"{p}measures", ""),
            "responsible": post.get(f"{p}responsible", ""),
            "level": post.get(f"{p}level") or "general",
            "deadline": _date(post.get(f"{p}deadline")),
        }
    return out


def _date(value):
    from datetime import date

    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


@login_required
def self_detail(request, pk):
    user = request.user
    si = get_scoped_or_404(
        SelfInspection.objects.select_related("campaign", "template", "enterprise"),
        user,
        "view",
        pk=pk,
    )
    answers = list(si.answers.select_related("item", "hazard").order_by("item__row"))
    editable = si.status == "draft" and user.role == "enterprise"
    errors = {}
    if request.method == "POST":
        if not editable:
            raise PermissionDenied
        posted = _answers_from_post(request.POST, answers)
        version = request.POST.get("version")
        try:
            if request.POST.get("action") == "submit":
                services.submit_self_inspection(user, si, posted, expected_version=version)
                messages.success(request, "自查结果已提交，不符合项已登记为企业自查隐患。")
            else:
                services.save_answers(user, si, posted, expected_version=version)
                messages.success(request, "已暂存。")
            return redirect("campaigns:self_detail", pk=si.pk)
        except ConflictError as exc:
            messages.error(request, str(exc))
            return redirect("campaigns:self_detail", pk=si.pk)
        except ValidationError as exc:
            errors = exc.message_dict
            # keep what the user typed on the page
            for a in answers:
                for k, v in posted.get(a.item_id, {}).items():
                    setattr(a, k, v)
    for a in answers:
        a.errors = [m for k, ms in errors.items() if k.startswith(f"{a.item_id}-") for m in ms]
    general_errors = [m for k, ms in errors.items() if not k[:1].isdigit() for m in ms]
    deadline = si.campaign.filing_deadline
    return render(
        request,
        "campaigns/self_detail.html",
        {
            "si": si,
            "answers": answers,
            "editable": editable,
            "general_errors": general_errors,
            "error_count": sum(len(v) for v in errors.values()),
            "can_file": si.status == "submitted" and services.can_file(user, si),
            "file_form": FileForm(initial={"version": si.version}),
            "deadline": deadline,
            "late": deadline is not None and timezone.localdate() > deadline,
            "results": SelfInspectionAnswer.RESULTS,
            "levels": SelfInspectionAnswer.LEVELS,
        },
    )


@login_required
@require_POST
def self_file(request, pk):
    si = get_scoped_or_404(SelfInspection, request.user, "view", pk=pk)
    form = FileForm(request.POST)
    form.is_valid()
    try:
        services.file_self_inspection(
            request.user,
            si,
            note=form.cleaned_data.get("note", ""),
            expected_version=form.cleaned_data.get("version"),
        )
        messages.success(request, "已备案。")
    except (ValidationError, ConflictError) as exc:
        _flash(request, exc)
    return redirect("campaigns:self_detail", pk=si.pk)
