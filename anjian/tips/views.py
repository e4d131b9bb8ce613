"""Public tip pages (no login) and the staff's tip desk.

The reporter's identity is shown only on the response to an explicit, audited reveal (POST);
it is never put into the session, messages, URLs or logs.
"""

from datetime import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from django.views.decorators.http import require_GET

from anjian.accounts.models import Role
from anjian.core.excel import SafeCsvWriter
from anjian.core.forms import apply_errors
from anjian.core.middleware import client_ip
from anjian.core.scoping import get_scoped_or_404
from anjian.core.tables import join
from anjian.core.uploads import file_response
from anjian.core.views import ObjectDetailView, ObjectEditView, ObjectListView, TransitionView
from anjian.registry.models import Enterprise

from . import forms, humancheck, ratelimit, services
from .filters import VIEWS, TipFilter
from .models import Tip, TipAttachment
from .tables import OverdueTable, RepeatTable, TipTable

# ---------------------------------------------------------------- public pages


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
    form = forms.PublicTipForm(
        request.POST or None, request.FILES or None, names_url=reverse("tips:enterprise_names")
    )
    status = 200
    if request.method == "POST":
        ip = client_ip(request)
        if not ratelimit.allow_attempt(ip) or not ratelimit.submit_allowed(ip):
            form.add_error(None, str(ratelimit.SUBMIT_LIMIT_MESSAGE))
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
                    tip, secret = services.submit_tip(**form.intake())
                except ValidationError as exc:
                    apply_errors(form, exc)
                else:
                    ratelimit.count_submit(ip)
                    return render(request, "tips/public_done.html", {"tip": tip, "secret": secret})
    challenge = _fresh_challenge(form)
    # the bound field may already exist (after validation): set the label on it too
    label = _("验证题：%(question)s") % {"question": challenge.question}
    for target in (form.fields["answer"], form["answer"]):
        target.label = label
    form.fields["answer"].help_text = _("请填写计算结果（数字）")
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
    if error:  # a fresh form: the secret is never sent back
        form = forms.StatusForm(initial={"code": request.POST.get("code", "")[:24]})
    return render(
        request,
        "tips/public_status.html",
        {"form": form, "status": status_obj, "error": error},
        status=403 if error else 200,
    )


@require_GET
def enterprise_names(request):
    """At most 10 enterprise names for a query of at least 2 characters — nothing else."""
    q = (request.GET.get("q") or "").strip()
    if len(q) < 2:
        return JsonResponse({"names": []})
    if not ratelimit.allow_search(client_ip(request)):
        return JsonResponse({"names": [], "detail": _("查询过于频繁，请稍后再试")}, status=429)
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
        raise PermissionDenied(_("只有安委办和部门工作人员可以办理举报"))


class StaffOnly:
    """Tip pages are for the 安委办 and the departments (never towns, experts, enterprises)."""

    model = Tip

    def check_permission(self, obj=None):
        _staff_only(self.request.user)


def _can_configure(user) -> bool:
    return user.role == Role.AWB or user.is_superuser


class TipList(StaffOnly, ObjectListView):
    """Every tip in scope, the overdue ones (?view=overdue) or the repeatedly tipped
    enterprises (?view=repeat): one page, one filter set, a table per view."""

    filterset_class = TipFilter
    template_name = "tips/list.html"
    title = gettext_lazy("举报受理与办理")
    TABLES = {"": (TipTable, "tips"), "overdue": (OverdueTable, "overdue"),
              "repeat": (RepeatTable, "repeated")}  # fmt: skip

    def get(self, request, *args, **kwargs):
        view = request.GET.get("view") or ""
        self.mode = view if view in dict(VIEWS) else ""
        return super().get(request, *args, **kwargs)

    @property
    def table_class(self):
        return self.TABLES[self.mode][0]

    @property
    def table_id(self):
        return self.TABLES[self.mode][1]

    def base_queryset(self):
        return Tip.objects.select_related("department", "enterprise")

    def refine(self, qs):
        if self.mode == "overdue":
            return qs.filter(services.overdue_q()).order_by("stage_started_at", "id")
        if self.mode == "repeat":
            return services.repeated_rows(qs)
        return qs.order_by("-received_at", "-id")

    def get_actions(self):
        actions = [
            (_("登记热线/来信/来访举报"), reverse("tips:new")),
            (_("导出台账"), reverse("tips:export")),
        ]
        if _can_configure(self.request.user):
            actions.append((_("办理时限与规则"), reverse("tips:settings")))
        actions.append((_("公众举报页面"), reverse("tips:report")))
        return actions

    def get_context_data(self, ctx):
        extra = {"mode": self.mode, "views": VIEWS, "policy": services.TipPolicy.current()}
        if self.mode == "repeat" and not (ctx["filter"] and ctx["filter"].errors):
            extra["filter"] = None  # the policy counts every tip: nothing to filter
        return extra


class TipDetail(StaffOnly, ObjectDetailView):
    template_name = "tips/detail.html"
    identity = None  # set by Reveal, for its own response only

    def base_queryset(self):
        return Tip.objects.select_related(
            "enterprise", "department", "handler", "master", "inspection"
        )

    def get_context(self, tip, bound=None):
        user = self.request.user
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
            "identity": self.identity,
        }
        for name in self.offered_forms(tip, ctx):
            initial = {"version": tip.version, **self.initial(name, tip)}
            ctx[f"{name}_form"] = TRANSITIONS[name].form_class(
                initial=initial, **TRANSITIONS[name].build_kwargs(user, tip)
            )
        if ctx.get("assign_form") is not None or (bound and bound[0] == "assign"):
            ctx["suggested"] = services.suggest_departments(tip)
        if bound:
            ctx[f"{bound[0]}_form"] = bound[1]  # shown even if the tip has moved on
        return ctx

    def offered_forms(self, tip, ctx) -> list[str]:
        """The transitions this user may take on the tip now."""
        user, status, awb = self.request.user, tip.status, ctx["is_awb"]
        leader = user.role == Role.DEPT_LEADER and user.department_id == tip.department_id
        offered = {
            "triage": awb and status == "new",
            "merge": awb and status in ("new", "accepted"),
            "assign": awb and status in ("accepted", "assigned"),
            "handler": bool(tip.department_id)
            and (awb or leader)
            and status in ("assigned", "verifying"),
            "verify": ctx["can_handle"] and status == "assigned" and bool(tip.enterprise_id),
            "result": ctx["can_handle"] and status in ("assigned", "verifying"),
            "reward": ctx["can_decide"] and tip.reward_status == "proposed",
            "payout": tip.reward_status == "approved"
            and (user.role == Role.AWB or ctx["can_decide"]),
        }
        return [name for name, ok in offered.items() if ok]

    def initial(self, name, tip) -> dict:
        today = timezone.localdate()
        if name == "triage":
            return {"category": tip.category, "enterprise": tip.enterprise_id}
        if name == "assign":
            suggested = services.suggest_departments(tip)
            return {"department": suggested[0].pk} if suggested else {}
        if name == "handler":
            return {"handler": tip.handler_id}
        if name == "verify":
            return {"inspected_on": today}
        if name == "payout":
            return {"paid_on": today}
        return {}


class TipTransition(StaffOnly, TransitionView):
    """A step of handling a tip, posted from its page; a refusal shows the form there."""

    detail_view = TipDetail
    # each step says what it did (get_success_message); this only switches the message on
    success_message = gettext_lazy("已办理。")
    # form fields (named after the model's) -> the services' keywords
    rename = {
        "version": "expected_version",
        "reject_reason": "reason",
        "triage_note": "note",
        "reward_note": "note",
    }
    decision = None  # (service keyword, the choice that means yes) of a yes/no `decision` field

    def service_kwargs(self, form):
        data = super().service_kwargs(form)
        if self.decision is not None:
            keyword, yes = self.decision
            data[keyword] = data.pop("decision") == yes
        return data

    @classmethod
    def build_kwargs(cls, user, tip) -> dict:
        return {"user": user, "tip": tip}

    def form_kwargs(self, obj):
        return self.build_kwargs(self.request.user, obj)


class Triage(TipTransition):
    name = "triage"
    form_class = forms.TriageForm
    service = services.triage
    decision = ("accept", "accept")

    def get_success_message(self, tip):
        if tip.status == "rejected":
            return _("已作不予受理处理，理由将告知举报人。")
        return _("已受理举报 %(code)s，请分办。") % {"code": tip.code}


class Assign(TipTransition):
    name = "assign"
    form_class = forms.AssignForm
    service = services.assign

    def get_success_message(self, tip):
        if tip.handler_id:
            return _("已分办至%(dept)s，指派给 %(handler)s。") % {
                "dept": tip.department.name,
                "handler": services.handler_label(tip.handler),
            }
        return _("已分办至%(dept)s。") % {"dept": tip.department.name}


class SetHandler(TipTransition):
    name = "handler"
    form_class = forms.HandlerForm
    service = services.set_handler

    def get_success_message(self, tip):
        return _("已指派给 %(handler)s。") % {"handler": services.handler_label(tip.handler)}


class Verify(TipTransition):
    name = "verify"
    form_class = forms.VerifyForm
    service = services.start_verification

    def get_success_message(self, tip):
        names = join(self.form_data["inspectors"])
        return _("已生成举报核查检查记录，核查人员：%(names)s。") % {"names": names}

    def service_kwargs(self, form):
        self.form_data = form.cleaned_data
        return super().service_kwargs(form)


class Result(TipTransition):
    name = "result"
    form_class = forms.ResultForm
    service = services.record_result

    def get_success_message(self, tip):
        text = _("已办结，核查结果：%(result)s。") % {"result": _(tip.get_result_display())}
        if tip.reward_status == "proposed":
            text += _("按规定拟奖励 %(yuan)s 元，待审批。") % {"yuan": tip.reward_yuan}
        return text


class Reward(TipTransition):
    name = "reward"
    form_class = forms.RewardForm
    service = services.decide_reward
    decision = ("approve", "approve")

    def get_success_message(self, tip):
        if tip.reward_status == "approved":
            return _("已批准举报奖励 %(yuan)s 元。") % {"yuan": tip.reward_yuan}
        return _("已决定不予奖励。")


class Payout(TipTransition):
    name = "payout"
    form_class = forms.PayoutForm
    service = services.record_payout

    def get_success_message(self, tip):
        return _("已登记奖励发放：%(date)s，凭证号 %(ref)s。") % {
            "date": date_format(tip.paid_on, "Y-m-d"),
            "ref": tip.payout_ref,
        }


class Merge(TipTransition):
    name = "merge"
    form_class = forms.MergeForm

    def perform(self, tip, form):
        d = form.cleaned_data
        return services.merge(self.request.user, tip, d["master"], note=d["note"])

    def get_success_message(self, tip):
        return _("已合并至 %(code)s。") % {"code": tip.master.code}


@method_decorator([never_cache, sensitive_variables()], name="dispatch")
class Reveal(TipTransition):
    """Show the reporter's identity once, on this response only; audited by the service.

    Nothing of it goes into a message, the session or a redirect: the answer is the page."""

    name = "reveal"
    action = "view"
    form_class = forms.RevealForm
    service = services.reveal

    def success(self, identity):
        view = self.detail_view()
        view.setup(self.request, *self.args, **self.kwargs)
        view.identity = identity
        return view.render(view.get_object())


TRANSITIONS = {
    cls.name: cls for cls in (Triage, Assign, SetHandler, Verify, Result, Reward, Payout, Merge)
}


def _record_hotline(user, **data):
    return services.submit_tip(by=user, **data)


@method_decorator(
    [sensitive_variables(), sensitive_post_parameters("reporter_name", "reporter_phone")],
    name="dispatch",
)
class TipNew(StaffOnly, ObjectEditView):
    """A tip taken by the staff; the reporter's code and secret are shown once."""

    form_class = forms.HotlineForm
    template_name = "tips/form.html"
    create_service = _record_hotline
    title = gettext_lazy("登记举报（12350热线、来信、来访、电子邮件）")

    def service_kwargs(self, form):
        d = form.cleaned_data
        return {
            **form.intake(),
            "enterprise": d["enterprise"],
            "channel": d["channel"],
            "received_at": d["received_at"],
        }

    def success(self, result):
        tip, secret = result
        return render(self.request, "tips/hotline_done.html", {"tip": tip, "secret": secret})


@login_required
def attachment(request, pk, att_id):
    att = get_scoped_or_404(TipAttachment, request.user, pk=att_id, tip_id=pk)
    return file_response(
        att.file, filename=f"tip-{att.pk}{att.extension}", content_type=att.content_type
    )


@login_required
def tip_settings(request):
    """The handling time limits and the repeat rule (安委办): two small forms on one page,
    told apart by their fields."""
    if not _can_configure(request.user):
        raise PermissionDenied(_("办理时限和反复举报规则由安委办设置"))
    policy = services.TipPolicy.current()
    deadline_form = forms.DeadlineForm(request.POST if "stage" in request.POST else None)
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
                apply_errors(form, exc)
            else:
                messages.success(request, _("已保存。"))
                return redirect("tips:settings")
    days = services.deadline_days()
    stages = [(label, days[code]) for code, label in forms.STAGES]
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
    """举报台账 export. Never contains the reporter's identity (only 实名/匿名); every cell goes
    through SafeCsvWriter, since the public tip form decides what some of them say."""
    _staff_only(request.user)
    resp = HttpResponse(content_type="text/csv; charset=utf-8")
    resp["Content-Disposition"] = 'attachment; filename="tips.csv"'
    resp.write("\ufeff")
    w = SafeCsvWriter(resp)
    w.writerow([c for c, _attr in EXPORT_COLUMNS])
    qs = Tip.objects.restrict(request.user).select_related("department").order_by("received_at")
    for tip in qs.iterator(chunk_size=500):
        row = []
        for _c, attr in EXPORT_COLUMNS:
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
