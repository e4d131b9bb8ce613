"""Public tip pages (no login) and the staff's tip desk.

The reporter's identity is shown only on the response to an explicit, audited reveal (POST);
it is never put into the session, messages, URLs or logs.
"""

import csv
from datetime import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import FileResponse, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from django.views.decorators.http import require_GET, require_POST

from anjian.accounts.models import Department, Role, User
from anjian.core.middleware import client_ip
from anjian.core.scoping import get_scoped_or_404
from anjian.core.services import ConflictError
from anjian.registry.models import Enterprise

from . import forms, humancheck, ratelimit, services
from .models import CATEGORIES, CHANNELS, STATUSES, TODO_STATUSES, Tip, TipAttachment

# ---------------------------------------------------------------- public pages


def _apply_errors(form, exc: ValidationError):
    for field, errs in exc.message_dict.items():
        form.add_error(field if field in form.fields else None, errs)


def _fresh_challenge(form):
    challenge = humancheck.new_challenge()
    data = form.data.copy() if form.is_bound else None
    if data is not None:
        data["token"], data["answer"] = challenge.token, ""
        form.data = data
    else:
        form.initial["token"] = challenge.token
    return challenge


@never_cache
@sensitive_variables()
@sensitive_post_parameters("reporter_name", "reporter_phone")
def public_report(request):
    """网上举报: anonymous or named, with a human check, rate-limited per IP.

    Every problem is reported at once (form fields, the tip rules of `services.submit_tip` and the
    human check), so the reporter fixes everything in one pass. Only accepted tips count towards
    the per-hour limit of tips; attempts have their own, looser limit.
    """
    form = forms.PublicTipForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        ip = client_ip(request)
        if not ratelimit.allow_attempt(ip) or not ratelimit.submit_allowed(ip):
            form.add_error(None, ratelimit.SUBMIT_LIMIT_MESSAGE)
            status = 429
        else:
            valid = form.is_valid()
            d = form.cleaned_data
            if d.get("token") and d.get("answer"):
                problem = humancheck.verify(d["token"], d["answer"])
                if problem:
                    form.add_error("answer", problem)
            if valid and not form.errors:
                try:
                    tip, secret = services.submit_tip(
                        category=d["category"],
                        enterprise_name=d["enterprise_name"],
                        region=d["region"],
                        place=d["place"],
                        description=d["description"],
                        anonymous=d["identity"] != "named",
                        reporter_name=d["reporter_name"],
                        reporter_phone=d["reporter_phone"],
                        files=request.FILES.getlist("photos"),
                    )
                except ValidationError as exc:
                    _apply_errors(form, exc)
                else:
                    ratelimit.count_submit(ip)
                    return render(request, "tips/public_done.html", {"tip": tip, "secret": secret})
    challenge = _fresh_challenge(form)
    # the bound field may already exist (after validation): set the label on it too
    for target in (form.fields["answer"], form["answer"]):
        target.label = f"验证题：{challenge.question}"
    form.fields["answer"].help_text = "请填写计算结果（数字）"
    return render(
        request,
        "tips/public_report.html",
        {"form": form, "question": challenge.question},
        status=status,
    )


@never_cache
@sensitive_post_parameters("secret")
def public_status(request):
    """举报查询: progress and result with the tracking code and the secret."""
    form = forms.StatusForm(request.POST or None)
    status_obj, error = None, ""
    if request.method == "POST" and form.is_valid():
        try:
            tip = services.check_status(
                form.cleaned_data["code"], form.cleaned_data["secret"], client_ip(request)
            )
        except services.LookupError_ as exc:
            error = str(exc)
        else:
            status_obj = services.public_status(tip)
    return render(
        request,
        "tips/public_status.html",
        {"form": forms.StatusForm(initial={"code": request.POST.get("code", "")}) if error
         else form, "status": status_obj, "error": error},
        status=403 if error else 200,
    )  # fmt: skip


@require_GET
def enterprise_names(request):
    """At most 10 enterprise names for a query of at least 2 characters — nothing else."""
    q = (request.GET.get("q") or "").strip()
    if len(q) < 2:
        return JsonResponse({"names": []})
    if not ratelimit.allow_search(client_ip(request)):
        return JsonResponse({"names": [], "detail": "查询过于频繁，请稍后再试"}, status=429)
    names = list(
        Enterprise.objects.filter(name__icontains=q[:64])
        .exclude(status="closed")
        .order_by("name")
        .values_list("name", flat=True)
        .distinct()[:10]
    )
    return JsonResponse({"names": names})


# ---------------------------------------------------------------- staff pages


def _staff_only(user):
    if not services.is_staff(user):
        raise PermissionDenied("只有安委办和部门工作人员可以办理举报")


@login_required
def tip_list(request):
    _staff_only(request.user)
    g = request.GET
    qs = Tip.objects.restrict(request.user).select_related("department", "enterprise")
    view = g.get("view", "")
    ctx = {"f": g, "view": view, "statuses": STATUSES, "categories": CATEGORIES,
           "channels": CHANNELS}  # fmt: skip
    if view == "overdue":
        ctx["overdue"] = services.overdue(qs)
    elif view == "repeat":
        ctx["repeated"] = services.repeated_enterprises(request.user)
        ctx["policy"] = services.TipPolicy.current()
    else:
        if g.get("status") == "todo":
            qs = qs.filter(status__in=TODO_STATUSES)
        elif g.get("status"):
            qs = qs.filter(status=g["status"])
        if g.get("category"):
            qs = qs.filter(category=g["category"])
        if g.get("channel"):
            qs = qs.filter(channel=g["channel"])
        if g.get("q"):
            q = g["q"].strip()
            qs = qs.filter(Q(code__icontains=q) | Q(enterprise_name__icontains=q))
        params = g.copy()
        params.pop("page", None)
        ctx["page"] = Paginator(qs.order_by("-received_at", "-id"), 50).get_page(g.get("page"))
        ctx["querystring"] = params.urlencode()
    ctx["can_configure"] = request.user.role == Role.AWB or request.user.is_superuser
    ctx["can_record"] = True
    return render(request, "tips/list.html", ctx)


@login_required
@sensitive_variables()
@sensitive_post_parameters("reporter_name", "reporter_phone")
def tip_new(request):
    _staff_only(request.user)
    form = forms.HotlineForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            tip, _secret = services.submit_tip(
                by=request.user,
                channel=d["channel"],
                category=d["category"],
                enterprise_name=d["enterprise_name"],
                region=d["region"],
                place=d["place"],
                description=d["description"],
                anonymous=d["identity"] != "named",
                reporter_name=d["reporter_name"],
                reporter_phone=d["reporter_phone"],
                files=request.FILES.getlist("photos"),
                received_at=d["received_at"],
            )
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            return render(request, "tips/hotline_done.html", {"tip": tip, "secret": _secret})
    return render(
        request,
        "tips/form.html",
        {"form": form, "title": "登记举报（12350热线、来信、来访、电子邮件）"},
    )


def _detail_context(request, tip):
    user = request.user
    ctx = {
        "tip": tip,
        "events": tip.events.all(),
        "attachments": TipAttachment.objects.restrict(user).filter(tip=tip),
        "can_reveal": services.can_reveal(user, tip),
        "can_handle": services.can_handle(user, tip),
        "can_decide": services.can_decide_reward(user, tip),
        "is_awb": services.is_awb(user, tip) or user.is_superuser,
        "due": services.due_at(tip),
        "now": timezone.now(),
        "duplicates": tip.duplicates.all(),
        "accidents": tip.accidents.restrict(user) if hasattr(tip, "accidents") else [],
        "outcome": services.verification_outcome(user, tip),
    }
    if ctx["is_awb"] and tip.status in ("new",):
        ctx["triage_form"] = forms.TriageForm(
            initial={"category": tip.category, "enterprise": tip.enterprise_id}
        )
        ctx["merge_form"] = forms.MergeForm()
    if ctx["is_awb"] and tip.status in ("accepted", "assigned"):
        form = forms.AssignForm()
        suggested = services.suggest_departments(tip)
        region_prefix = tip.region_id[:6]
        form.fields["department"].queryset = Department.objects.filter(
            region__code__startswith=region_prefix
        )
        form.fields["handler"].queryset = User.objects.filter(
            role__in=(Role.INSPECTOR, Role.DEPT_LEADER),
            department__region__code__startswith=region_prefix,
            is_active=True,
        ).select_related("department")
        form.fields["handler"].label_from_instance = lambda u: f"{u.department.short_name} {u}"
        if suggested:
            form.initial["department"] = suggested[0].pk
        ctx["assign_form"], ctx["suggested"] = form, suggested
        if tip.status == "accepted":
            ctx["merge_form"] = forms.MergeForm()
    staff = User.objects.filter(
        department_id=tip.department_id, role__in=(Role.INSPECTOR, Role.DEPT_LEADER), is_active=True
    )
    if (
        tip.department_id
        and (
            ctx["is_awb"]
            or (user.role == Role.DEPT_LEADER and user.department_id == tip.department_id)
        )
        and tip.status in ("assigned", "verifying")
    ):
        form = forms.HandlerForm(initial={"handler": tip.handler_id})
        form.fields["handler"].queryset = staff
        ctx["handler_form"] = form
    if ctx["can_handle"] and tip.status == "assigned" and tip.enterprise_id:
        form = forms.VerifyForm(initial={"inspected_on": timezone.localdate()})
        form.fields["inspectors"].queryset = staff
        ctx["verify_form"] = form
    if ctx["can_handle"] and tip.status in ("assigned", "verifying"):
        ctx["result_form"] = forms.ResultForm()
    if ctx["can_decide"] and tip.reward_status == "proposed":
        ctx["reward_form"] = forms.RewardForm()
    if tip.reward_status == "approved" and (user.role == Role.AWB or ctx["can_decide"]):
        ctx["payout_form"] = forms.PayoutForm(initial={"paid_on": timezone.localdate()})
    return ctx


@login_required
def tip_detail(request, pk):
    _staff_only(request.user)
    tip = get_scoped_or_404(
        Tip.objects.select_related("enterprise", "department", "handler", "master", "inspection"),
        request.user,
        pk=pk,
    )
    return render(request, "tips/detail.html", _detail_context(request, tip))


@login_required
@require_POST
@never_cache
@sensitive_variables()
def tip_reveal(request, pk):
    """Show the reporter's identity once, on this response only; audited by the service."""
    tip = get_scoped_or_404(Tip, request.user, pk=pk)
    identity = services.reveal(request.user, tip, reason=request.POST.get("reason", ""))
    ctx = _detail_context(request, tip)
    ctx["identity"] = identity
    return render(request, "tips/detail.html", ctx)


def _date(value):
    return datetime.strptime(value, "%Y-%m-%d").date() if value else None


ACTIONS = {}


def action(name):
    def deco(fn):
        ACTIONS[name] = fn
        return fn

    return deco


@action("triage")
def _triage(request, tip):
    form = forms.TriageForm(request.POST)
    if not form.is_valid():
        raise ValidationError(form.errors.get_json_data())
    d = form.cleaned_data
    ent = None
    if d["enterprise"]:
        ent = get_scoped_or_404(Enterprise, request.user, pk=d["enterprise"])
    services.triage(request.user, tip, accept=d["decision"] == "accept", reason=d["reason"],
                    note=d["note"], category=d["category"], enterprise=ent,
                    expected_version=request.POST.get("version"))  # fmt: skip
    return "已受理。" if d["decision"] == "accept" else "已作不予受理处理。"


@action("assign")
def _assign(request, tip):
    dept = Department.objects.filter(pk=request.POST.get("department")).first()
    handler = User.objects.filter(pk=request.POST.get("handler") or 0).first()
    services.assign(request.user, tip, department=dept, handler=handler,
                    note=request.POST.get("note", ""),
                    expected_version=request.POST.get("version"))  # fmt: skip
    return f"已分办至{dept.name}。"


@action("handler")
def _handler(request, tip):
    handler = User.objects.filter(pk=request.POST.get("handler") or 0).first()
    if handler is None:
        raise ValidationError({"handler": "请选择承办人"})
    services.set_handler(request.user, tip, handler=handler,
                         expected_version=request.POST.get("version"))  # fmt: skip
    return f"承办人已指定为{handler}。"


@action("verify")
def _verify(request, tip):
    ids = request.POST.getlist("inspectors")
    inspectors = list(User.objects.filter(pk__in=ids, department_id=tip.department_id))
    on = _date(request.POST.get("inspected_on")) or timezone.localdate()
    services.start_verification(request.user, tip, inspectors=inspectors, inspected_on=on,
                                expected_version=request.POST.get("version"))  # fmt: skip
    return "已生成举报核查检查记录。"


@action("result")
def _result(request, tip):
    form = forms.ResultForm(request.POST)
    if not form.is_valid():
        raise ValidationError(form.errors.get_json_data())
    d = form.cleaned_data
    services.record_result(
        request.user, tip, result=d["result"], public_reply=d["public_reply"],
        internal_note=d["internal_note"], fine_yuan=d["fine_yuan"] or 0,
        concealed_deaths=d["concealed_deaths"], accident_grade=d["accident_grade"],
        expected_version=request.POST.get("version"),
    )  # fmt: skip
    return "核查结果已保存。"


@action("reward")
def _reward(request, tip):
    services.decide_reward(request.user, tip, approve=request.POST.get("decision") == "approve",
                           note=request.POST.get("note", ""),
                           expected_version=request.POST.get("version"))  # fmt: skip
    return "奖励审批已保存。"


@action("payout")
def _payout(request, tip):
    services.record_payout(request.user, tip, paid_on=_date(request.POST.get("paid_on")),
                           payout_ref=request.POST.get("payout_ref", ""),
                           expected_version=request.POST.get("version"))  # fmt: skip
    return "奖励发放已登记。"


@action("merge")
def _merge(request, tip):
    code = (request.POST.get("master") or "").strip().upper()
    master = Tip.objects.restrict(request.user, "change").filter(code=code).first()
    if master is None:
        raise ValidationError({"master": f"未找到举报编号“{code}”"})
    services.merge(request.user, tip, master, note=request.POST.get("note", ""))
    return f"已合并至 {master.code}。"


@login_required
@require_POST
def tip_action(request, pk, name):
    _staff_only(request.user)
    tip = get_scoped_or_404(Tip, request.user, "change", pk=pk)
    handler = ACTIONS.get(name)
    if handler is None:
        raise PermissionDenied("未知操作")
    try:
        messages.success(request, handler(request, tip))
    except ConflictError as exc:
        messages.error(request, str(exc))
    except ValidationError as exc:
        messages.error(request, _message(exc))
    return redirect("tips:detail", pk=tip.pk)


def _message(exc: ValidationError) -> str:
    if not hasattr(exc, "error_dict"):
        return "；".join(exc.messages)
    parts = []
    for errs in exc.message_dict.values():
        for e in errs:
            parts.append(e["message"] if isinstance(e, dict) else str(e))
    return "；".join(parts)


@login_required
def attachment(request, pk, att_id):
    att = get_scoped_or_404(TipAttachment, request.user, pk=att_id, tip_id=pk)
    resp = FileResponse(att.file.open("rb"), content_type=att.content_type)
    resp["Content-Disposition"] = f'inline; filename="tip-{att.pk}{att.extension}"'
    resp["X-Content-Type-Options"] = "nosniff"
    return resp


@login_required
def tip_settings(request):
    if not (request.user.role == Role.AWB or request.user.is_superuser):
        raise PermissionDenied("办理时限和反复举报规则由安委办设置")
    deadline_form = forms.DeadlineForm(request.POST if "stage" in request.POST else None)
    policy = services.TipPolicy.current()
    policy_form = forms.PolicyForm(
        request.POST if "repeat_threshold" in request.POST else None,
        initial={"repeat_threshold": policy.repeat_threshold,
                 "repeat_window_days": policy.repeat_window_days},
    )  # fmt: skip
    for form, fn in ((deadline_form, services.set_deadline), (policy_form, services.set_policy)):
        if form.is_bound and form.is_valid():
            try:
                fn(request.user, **form.cleaned_data)
            except ValidationError as exc:
                _apply_errors(form, exc)
            else:
                messages.success(request, "已保存。")
                return redirect("tips:settings")
    days = services.deadline_days()
    stages = [(code, label, days[code]) for code, label in forms.STAGES]
    return render(request, "tips/settings.html", {
        "deadline_form": deadline_form, "policy_form": policy_form, "stages": stages,
        "policy": policy,
    })  # fmt: skip


EXPORT_COLUMNS = [
    ("举报编号", "code"),
    ("渠道", "get_channel_display"),
    ("类别", "get_category_display"),
    ("被举报单位", "enterprise_name"),
    ("所在区划", "region_id"),
    ("受理时间", "received_at"),
    ("办理状态", "get_status_display"),
    ("承办部门", "department"),
    ("核查结果", "get_result_display"),
    ("罚款金额（元）", "fine_yuan"),
    ("奖励金额（元）", "reward_yuan"),
    ("奖励状态", "get_reward_status_display"),
    ("实名/匿名", "identity_kind"),
]


@login_required
def export_csv(request):
    """举报台账 export. Never contains the reporter's identity (only 实名/匿名)."""
    _staff_only(request.user)
    resp = HttpResponse(content_type="text/csv; charset=utf-8")
    resp["Content-Disposition"] = 'attachment; filename="tips.csv"'
    resp.write("\ufeff")
    w = csv.writer(resp)
    w.writerow([c for c, _ in EXPORT_COLUMNS])
    qs = Tip.objects.restrict(request.user).select_related("department").order_by("received_at")
    for tip in qs.iterator(chunk_size=500):
        row = []
        for _, attr in EXPORT_COLUMNS:
            if attr == "identity_kind":
                value = "匿名" if tip.anonymous else "实名"
            else:
                value = getattr(tip, attr)
                value = value() if callable(value) else value
            if isinstance(value, datetime):
                value = timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
            row.append("" if value is None else str(value))
        w.writerow(row)
    return resp
