"""Accident pages: the list, recording, the record's page and its steps (investigation,
“四不放过”, links to tips and cases, 回头看) — all on the core generic views."""

from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from anjian.core.views import ObjectDetailView, ObjectEditView, ObjectListView, TransitionView

from . import forms, services
from .filters import AccidentFilter
from .models import Accident, LookbackTask
from .tables import AccidentTable


def _lookbacks(user, **filters):
    """The user's 回头看 tasks, marked done once their inspection is submitted."""
    qs = (
        LookbackTask.objects.restrict(user)
        .filter(**filters)
        .select_related("accident__enterprise", "department", "inspection")
    )
    services.refresh_lookbacks(qs)
    return qs


class AccidentList(ObjectListView):
    model = Accident
    filterset_class = AccidentFilter
    table_class = AccidentTable
    table_id = "accidents"
    template_name = "accidents/list.html"
    title = gettext_lazy("生产安全事故")

    def base_queryset(self):
        return Accident.objects.select_related("enterprise", "campaign")

    def refine(self, qs):
        return qs.order_by("-occurred_at", "-id")

    def get_actions(self):
        if not services.can_record(self.request.user):
            return []
        return [(_("登记事故"), reverse("accidents:create"))]

    def get_context_data(self, ctx):
        return {
            "lookbacks": _lookbacks(self.request.user).exclude(status="done"),
            "today": timezone.localdate(),
        }


class AccidentCreate(ObjectEditView):
    model = Accident
    form_class = forms.AccidentForm
    template_name = "accidents/form.html"
    create_service = services.record_accident
    title = gettext_lazy("登记生产安全事故")
    success_message = gettext_lazy("已登记。")  # the full text: get_success_message

    def check_permission(self, obj=None):
        if not services.can_record(self.request.user):
            raise PermissionDenied(_("只有安委办和负有监管职责的部门可以登记事故"))

    def service_kwargs(self, form):
        self.posted_source = form.cleaned_data["discovered_via"]
        return super().service_kwargs(form)

    def get_success_message(self, acc):
        text = _("已登记：%(grade)s。") % {"grade": _(acc.get_grade_display())}
        if acc.discovered_via != self.posted_source:
            text += _("关联举报早于事故单位报告，事故信息来源记为群众举报（瞒报）。")
        return text


class AccidentDetail(ObjectDetailView):
    model = Accident
    template_name = "accidents/detail.html"

    def base_queryset(self):
        return Accident.objects.select_related("enterprise", "campaign", "created_by")

    def get_context(self, acc, bound=None):
        from anjian.tips.models import Tip

        user = self.request.user
        can_change = (
            services.can_record(user)
            and Accident.objects.restrict(user, "change").filter(pk=acc.pk).exists()
        )
        version = {"version": acc.version}
        ctx = {
            "acc": acc,
            "tips": Tip.objects.restrict(user).filter(accidents=acc).order_by("received_at"),
            "cases": services.related_cases(user, acc),
            "can_change": can_change,
            "today": timezone.localdate(),
            "inv_form": forms.InvestigationForm(initial={
                **version, "investigation_extension_days": acc.investigation_extension_days,
                "investigation_report_on": acc.investigation_report_on,
                "report_approved_on": acc.report_approved_on}),
            "four_form": forms.FourNotsForm(
                initial={**version, "four_nots_done_on": timezone.localdate()}
            ),
            "link_tip_form": forms.LinkTipForm(initial=version, user=user),
            "link_case_form": forms.LinkCaseForm(initial=version, user=user, accident=acc),
        }  # fmt: skip
        if bound:
            ctx[f"{bound[0]}_form"] = bound[1]
        ctx["lookbacks"] = [
            (task, self.lookback_form(task, bound)) for task in _lookbacks(user, accident=acc)
        ]
        return ctx

    def lookback_form(self, task, bound):
        user = self.request.user
        if task.inspection_id or user.department_id != task.department_id:
            return None
        if bound and bound[0] == f"lookback_{task.pk}":
            return bound[1]
        return forms.LookbackForm(user=user, task=task)


# form fields (named after the model's) -> the services' keywords
SERVICE_KEYWORDS = {
    "version": "expected_version",
    "investigation_extension_days": "extension_days",
    "investigation_report_on": "report_on",
    "report_approved_on": "approved_on",
    "four_nots_done_on": "done_on",
    "four_nots_note": "note",
}


class AccidentTransition(TransitionView):
    model = Accident
    detail_view = AccidentDetail
    rename = SERVICE_KEYWORDS
    # each step says what it did (get_success_message); this only switches the message on
    success_message = gettext_lazy("已保存。")


class Investigation(AccidentTransition):
    name = "inv"
    form_class = forms.InvestigationForm
    service = services.update_investigation

    def get_success_message(self, acc):
        return _("调查信息已保存，调查报告提交期限为 %(due)s。") % {
            "due": date_format(acc.investigation_due, "Y-m-d")
        }


class FourNots(AccidentTransition):
    name = "four"
    form_class = forms.FourNotsForm
    service = services.record_four_nots
    success_message = gettext_lazy("“四不放过”评估已登记。")


class Link(AccidentTransition):
    """关联举报 or 关联案件: two small forms on the page post here, told apart by their field."""

    FORMS = {
        "tip": ("link_tip", forms.LinkTipForm, services.link_tip),
        "case": ("link_case", forms.LinkCaseForm, services.link_case),
    }

    def post(self, request, *args, **kwargs):
        self.kind = "case" if "case" in request.POST else "tip"
        self.name, self.form_class, self.service = self.FORMS[self.kind]
        return super().post(request, *args, **kwargs)

    def form_kwargs(self, acc):
        return {"user": self.request.user, **({"accident": acc} if self.kind == "case" else {})}

    def perform(self, acc, form):
        self.linked = form.cleaned_data[self.kind]
        return super().perform(acc, form)

    def get_success_message(self, acc):
        if self.kind == "case":
            return _("已关联案件：%(case)s。") % {"case": self.linked}
        text = _("已关联举报 %(code)s。") % {"code": self.linked.code}
        if acc.discovered_via == "tip":
            text += _("该事故经举报发现，已标记为瞒报。")
        return text


class LookbackStart(TransitionView):
    """Open the 回头看 inspection; a refusal shows the form on the accident's page."""

    model = LookbackTask
    form_class = forms.LookbackForm
    service = services.start_lookback
    success_message = gettext_lazy("已生成回头看检查记录。")

    def form_kwargs(self, task):
        return {"user": self.request.user, "task": task}

    def get_success_url(self, task):
        return reverse("inspections:detail", args=[task.inspection_id])

    def form_invalid(self, task, form, status):
        view = AccidentDetail()
        view.setup(self.request, pk=task.accident_id)
        return view.render(view.get_object(), bound=(f"lookback_{task.pk}", form), status=status)
