"""涉企行政检查 pages, from the generic views (core.views)."""

from datetime import date

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from anjian.accounts.models import Role
from anjian.core.scoping import get_scoped_or_404
from anjian.core.views import ObjectDetailView, ObjectEditView, ObjectListView, TransitionView
from anjian.enforcement import render as docrender
from anjian.inspections.models import Inspection
from anjian.registry.models import Enterprise

from . import documents, forms, services, tables
from .models import (
    InspectionApproval,
    InspectionNotice,
    JointInspection,
    PlannedVisit,
    VisitLimitRule,
)

STAFF = ("inspector", "dept_leader")


def _staff(user) -> bool:
    return user.role in STAFF and bool(user.department_id)


class StaffOnly:
    def check_permission(self, obj=None):
        if not _staff(self.request.user):
            raise PermissionDenied


# ------------------------------------------------------------------ limits


class LimitList(ObjectListView):
    model = VisitLimitRule
    table_class = tables.LimitTable
    table_id = "limits"
    template_name = "visits/limit_list.html"
    title = gettext_lazy("涉企检查频次上限")

    def refine(self, qs):
        return qs.select_related("region")

    def get_actions(self):
        if self.request.user.role == Role.AWB:
            return [(_("公布频次上限"), reverse("visits:limit_new"))]
        return []

    def get_context_data(self, ctx):
        from anjian.law import inspection_limits as law

        return {"law": law}


class LimitNew(ObjectEditView):
    model = VisitLimitRule
    form_class = forms.LimitForm
    create_service = services.publish_limit
    title = gettext_lazy("公布涉企检查频次上限")
    success_message = gettext_lazy("已公布频次上限。")

    def check_permission(self, obj=None):
        if self.request.user.role != Role.AWB:
            raise PermissionDenied

    def get_initial(self):
        return {"year": timezone.localdate().year, "window_days": 30}

    def get_success_url(self, obj):
        return reverse("visits:limits")


# ------------------------------------------------------------------ 审批表


class ApprovalList(ObjectListView):
    model = InspectionApproval
    table_class = tables.ApprovalTable
    table_id = "approvals"
    title = gettext_lazy("行政检查审批表")

    def refine(self, qs):
        return qs.select_related("enterprise", "department", "requested_by")

    def get_actions(self):
        if _staff(self.request.user):
            return [(_("申请行政检查审批"), reverse("visits:approval_new"))]
        return []


class ApprovalNew(StaffOnly, ObjectEditView):
    model = InspectionApproval
    form_class = forms.ApprovalForm
    template_name = "visits/approval_new.html"
    create_service = services.request_approval
    title = gettext_lazy("申请行政检查审批")
    success_message = gettext_lazy("已提交行政检查审批表，待本部门负责人审批。")

    def get_initial(self):
        initial = {"planned_on": timezone.localdate()}
        ent = self.request.GET.get("enterprise", "")
        if ent.isdigit() and len(ent) < 19:
            initial["enterprise"] = (
                Enterprise.objects.restrict(self.request.user).filter(pk=int(ent)).first()
            )
        return initial

    def get_context_data(self, form):
        ent = form.initial.get("enterprise") if not form.is_bound else None
        if ent is None:
            return {}
        check = services.precheck(ent, self.request.user.department, timezone.localdate())
        return {"check": check}


class ApprovalDetail(ObjectDetailView):
    model = InspectionApproval
    template_name = "visits/approval.html"

    def base_queryset(self):
        return InspectionApproval.objects.select_related(
            "enterprise", "department", "requested_by", "decided_by", "inspection"
        )

    def get_context(self, obj, bound=None):
        user = self.request.user
        form = bound[1] if bound else forms.DecideForm(initial={"version": obj.version})
        may_decide = (
            obj.status == "pending"
            and user.role == Role.DEPT_LEADER
            and user.department_id == obj.department_id
            and user.pk != obj.requested_by_id
        )
        return {"a": obj, "form": form, "may_decide": may_decide}


class ApprovalDecide(TransitionView):
    model = InspectionApproval
    form_class = forms.DecideForm
    service = services.decide_approval
    detail_view = ApprovalDetail
    name = "decide"
    success_message = gettext_lazy("已审批。")


def _file(content, fmt, name):
    if fmt == "docx":
        data, ctype = (
            docrender.to_docx(content),
            ("application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        )
    elif fmt == "pdf":
        data, ctype = docrender.to_pdf(content), "application/pdf"
    else:
        raise Http404
    resp = HttpResponse(data, content_type=ctype)
    from urllib.parse import quote

    resp["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}.{fmt}"
    return resp


@login_required
def approval_file(request, pk, fmt):
    a = get_scoped_or_404(InspectionApproval, request.user, "view", pk=pk)
    return _file(documents.approval_content(a), fmt, f"行政检查审批表{a.number}")


# ------------------------------------------------------------------ 通知书


class NoticeNew(StaffOnly, ObjectEditView):
    model = InspectionNotice
    form_class = forms.NoticeForm
    create_service = services.issue_notice
    title = gettext_lazy("制发行政检查通知书")
    success_message = gettext_lazy("已制发行政检查通知书。")

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.inspection = get_scoped_or_404(
                Inspection, request.user, "view", pk=kwargs["inspection"]
            )
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        insp = self.inspection
        matters = "、".join(insp.mode_labels()) if hasattr(insp, "mode_labels") else ""
        if insp.checklist_id:
            matters = f"《{insp.checklist.title}》所列事项"
        return {
            "basis": _("《中华人民共和国安全生产法》第六十五条"),
            "matters": matters or _("安全生产法律法规执行情况"),
        }

    def service_kwargs(self, form):
        return {**super().service_kwargs(form), "inspection": self.inspection}

    def get_title(self):
        return _("制发行政检查通知书：%(ent)s") % {"ent": self.inspection.enterprise.name}


class NoticeDetail(ObjectDetailView):
    model = InspectionNotice
    template_name = "visits/notice.html"

    def get_context(self, obj, bound=None):
        return {"n": obj, "text": documents.notice_content(obj).text()}


@login_required
def notice_file(request, pk, fmt):
    n = get_scoped_or_404(InspectionNotice, request.user, "view", pk=pk)
    return _file(documents.notice_content(n), fmt, f"行政检查通知书{n.number}")


# ------------------------------------------------------------------ 综合查一次


def _month(request) -> date:
    raw = request.GET.get("month", "")
    try:
        y, m = (int(x) for x in raw.split("-")[:2])
        return date(y, m, 1)
    except (ValueError, TypeError):
        return timezone.localdate().replace(day=1)


class PlanList(ObjectListView):
    model = PlannedVisit
    table_class = tables.PlannedVisitTable
    table_id = "planned"
    template_name = "visits/plan_list.html"
    title = gettext_lazy("综合查一次：各部门计划检查")

    def check_permission(self, obj=None):
        if not (_staff(self.request.user) or self.request.user.role == Role.AWB):
            raise PermissionDenied

    def refine(self, qs):
        self.month = _month(self.request)
        return qs.filter(month=self.month).select_related("enterprise", "department", "checklist")

    def get_actions(self):
        if _staff(self.request.user):
            return [(_("登记计划检查"), reverse("visits:plan_new"))]
        return []

    def get_context_data(self, ctx):
        month = getattr(self, "month", _month(self.request))
        return {
            "month": month,
            "candidates": services.merge_candidates(self.request.user, month),
            "joints": JointInspection.objects.restrict(self.request.user, "view")
            .filter(month=month)
            .select_related("enterprise", "department"),
        }


class PlanNew(StaffOnly, ObjectEditView):
    model = PlannedVisit
    form_class = forms.PlanForm
    create_service = services.plan_visit
    title = gettext_lazy("登记计划检查")
    success_message = gettext_lazy("已登记计划检查。")

    def get_success_url(self, obj):
        return reverse("visits:plan") + f"?month={obj.month:%Y-%m}"


class Merge(ObjectEditView):
    model = JointInspection
    form_class = forms.MergeForm
    create_service = services.merge_month
    success_message = gettext_lazy("已合并为综合查一次。")
    http_method_names = ["post"]

    def check_permission(self, obj=None):
        if not (_staff(self.request.user) or self.request.user.role == Role.AWB):
            raise PermissionDenied


class JointDetail(ObjectDetailView):
    model = JointInspection
    template_name = "visits/joint.html"

    def get_context(self, obj, bound=None):
        user = self.request.user
        form = (
            bound[1]
            if bound
            else forms.StartJointForm(
                joint=obj, initial={"inspected_on": timezone.localdate(), "inspectors": [user.pk]}
            )
        )
        visits = obj.visits.select_related("department", "checklist")
        return {
            "j": obj,
            "visits": visits,
            "form": form,
            "may_start": obj.status == "planned" and user.department_id == obj.department_id,
        }


class JointStart(TransitionView):
    model = JointInspection
    action = "view"
    form_class = forms.StartJointForm
    service = services.start_joint
    detail_view = JointDetail
    name = "start"
    success_message = gettext_lazy("已按综合查一次创建联合执法检查。")

    def form_kwargs(self, obj):
        return {"joint": obj}

    def service_kwargs(self, form):
        data = super().service_kwargs(form)
        data.pop("expected_version", None)
        data["inspectors"] = list(data["inspectors"])
        return data


# ------------------------------------------------------------------ 扫码入企


class EnterpriseQrPage(ObjectDetailView):
    """The enterprise's 入企码 to print and post at its entrance."""

    model = Enterprise
    template_name = "visits/qr.html"

    def check_permission(self, obj=None):
        if self.request.user.role not in ("awb", "inspector", "dept_leader", "town", "enterprise"):
            raise PermissionDenied

    def get_context(self, obj, bound=None):
        url = self.request.build_absolute_uri(reverse("visits:scan", args=[services.qr_token(obj)]))
        return {"ent": obj, "svg": services.qr_svg(url), "url": url}


class QrRenew(TransitionView):
    model = Enterprise
    service = services.renew_qr
    success_message = gettext_lazy("已更换入企码，此前打印的入企码已失效。")

    def service_kwargs(self, form):
        return {}

    def get_success_url(self, obj):
        return reverse("visits:qr", args=[obj.pk])

    get_error_url = get_success_url


@login_required
def scan(request, token):
    """What the phone opens when it scans an enterprise's 入企码: for an inspector, the start of
    a visit (the enterprise's card and the cross-department check); for the enterprise, its
    visits."""
    ent = services.enterprise_from_token(token)
    if ent is None:
        raise Http404
    user = request.user
    if user.role == Role.ENTERPRISE:
        if user.enterprise_id != ent.pk:
            raise Http404
        return redirect("visits:mine")
    if not Enterprise.objects.restrict(user, "view").filter(pk=ent.pk).exists():
        raise Http404
    ctx = {"ent": ent, "staff": _staff(user)}
    if _staff(user):
        today = timezone.localdate()
        ctx["check"] = services.precheck(ent, user.department, today)
        ctx["approval"] = services.usable_approval(ent, user.department, today)
    ctx["recent"] = (
        Inspection.objects.filter(enterprise=ent)
        .select_related("department")
        .order_by("-inspected_on")[:5]
    )
    return render(request, "visits/scan.html", ctx)


# ------------------------------------------------------------------ the enterprise's visits


class MyVisits(ObjectListView):
    model = Inspection
    table_class = tables.MyVisitTable
    table_id = "my-visits"
    template_name = "visits/mine.html"
    title = gettext_lazy("入企检查记录")
    per_page = 30

    def check_permission(self, obj=None):
        if self.request.user.role != Role.ENTERPRISE:
            raise PermissionDenied

    def refine(self, qs):
        return (
            qs.select_related("department", "rating")
            .prefetch_related("team__user", "joint_departments")
            .order_by("-inspected_on", "-id")
        )


class Rate(ObjectEditView):
    model = Inspection
    form_class = forms.RateForm
    success_message = gettext_lazy("感谢评价。评价为匿名，不记录评价人。")
    http_method_names = ["post"]
    page_view = MyVisits

    @staticmethod
    def create_service(user, inspection, **data):
        services.rate_visit(user, inspection, **data)
        return inspection

    def check_permission(self, obj=None):
        if self.request.user.role != Role.ENTERPRISE:
            raise PermissionDenied

    def get_success_url(self, obj):
        return reverse("visits:mine")


@login_required
def rating_summary(request):
    if request.user.role != Role.AWB:
        raise PermissionDenied
    year = request.GET.get("year", "")
    year = int(year) if year.isdigit() and len(year) == 4 else timezone.localdate().year
    rows = services.rating_summary(request.user, year)
    return render(
        request,
        "visits/ratings.html",
        {"rows": rows, "year": year, "min_group": services.MIN_GROUP},
    )
