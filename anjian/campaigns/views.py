from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from anjian.checklists.models import ChecklistTemplate
from anjian.core.scoping import get_scoped_or_404
from anjian.core.views import (
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
    RecordErrorsMixin,
    TransitionView,
)

from . import services
from .filters import CampaignFilter, CampaignSelfFilter
from .forms import AnswersForm, CampaignForm, FileForm
from .models import Campaign, SelfInspection
from .progress import progress_sections
from .tables import CampaignTable, SelfInspectionTable


class CampaignList(ObjectListView):
    model = Campaign
    filterset_class = CampaignFilter
    table_class = CampaignTable
    table_id = "campaigns"
    title = gettext_lazy("专项行动")
    per_page = 30

    def refine(self, qs):
        return qs.select_related("region").prefetch_related("phases").order_by("-start", "-id")

    def get_actions(self):
        if not services.can_manage_campaigns(self.request.user):
            return []
        return [(_("新建专项行动"), reverse("campaigns:create"))]


class CampaignEdit(RecordErrorsMixin, ObjectEditView):
    """A campaign with its phases and reporting duties, on one page (CampaignForm)."""

    model = Campaign
    form_class = CampaignForm
    template_name = "campaigns/form.html"
    create_service = services.create_campaign
    update_service = services.update_campaign
    success_message = gettext_lazy("专项行动已保存。")

    def check_permission(self, obj=None):
        if obj is None and not services.can_manage_campaigns(self.request.user):
            raise PermissionDenied

    def service_kwargs(self, form):
        data = super().service_kwargs(form)
        data["departments"] = list(data["departments"])
        data["checklists"] = list(data["checklists"])
        return data

    def service_errors(self, form, exc):
        return super().service_errors(form, form.route_errors(exc))

    def get_title(self):
        if self.object is None:
            return _("新建专项行动")
        return _("编辑：%(title)s") % {"title": self.object.title}


class CampaignDetail(ObjectDetailView):
    model = Campaign
    template_name = "campaigns/detail.html"

    def base_queryset(self):
        return Campaign.objects.select_related("region").prefetch_related("phases", "duties")

    def get_context(self, c, bound=None):
        user = self.request.user
        today = timezone.localdate()
        own = []
        if user.role == "enterprise" and user.enterprise_id:
            mine = {
                s.template_id: s for s in SelfInspection.objects.restrict(user).filter(campaign=c)
            }
            own = [{"tpl": t, "si": mine.get(t.pk)} for t in c.checklists.all()]
        submissions = SelfInspection.objects.restrict(user).filter(campaign=c)
        return {
            "c": c,
            "today": today,
            "current": c.phase_on(today),
            "phases": c.phases.all(),
            "duties": [{"duty": d, "next": d.next_due(today)} for d in c.duties.all()],
            "departments": c.departments.all(),
            "checklists": c.checklists.all(),
            "own": own,
            "submission_count": submissions.count() if user.role != "enterprise" else None,
            "pending_count": submissions.filter(status="submitted").count(),
            "can_edit": Campaign.objects.restrict(user, "change").filter(pk=c.pk).exists(),
            "progress_sections": progress_sections(self.request, c),
        }


class SelfList(ObjectListView):
    """The self-inspections submitted in one campaign."""

    model = SelfInspection
    filterset_class = CampaignSelfFilter
    table_class = SelfInspectionTable
    table_id = "submissions"
    template_name = "campaigns/self_list.html"
    title = gettext_lazy("企业自查")

    def get_queryset(self):
        self.campaign = get_scoped_or_404(Campaign, self.request.user, "view", pk=self.kwargs["pk"])
        return super().get_queryset().filter(campaign=self.campaign)

    def refine(self, qs):
        return (
            qs.select_related("enterprise", "template", "filed_department")
            .annotate(fail_n=Count("answers", filter=Q(answers__result="fail")))
            .order_by("status", "-submitted_at", "-id")
        )

    def get_context_data(self, ctx):
        return {"c": self.campaign}


class SelfStart(RecordErrorsMixin, TransitionView):
    """The enterprise opens (or resumes) its self-inspection against a campaign checklist."""

    model = Campaign
    action = "view"

    def perform(self, obj, form):
        template = get_scoped_or_404(
            ChecklistTemplate, self.request.user, "view", pk=self.kwargs["tpl"]
        )
        return services.start_self_inspection(self.request.user, obj, template)


class SelfDetail(ObjectDetailView):
    model = SelfInspection
    template_name = "campaigns/self_detail.html"

    def base_queryset(self):
        return SelfInspection.objects.select_related("campaign", "template", "enterprise")

    def get_context(self, si, bound=None):
        user = self.request.user
        answers = list(si.answers.select_related("item", "hazard").order_by("item__row"))
        forms = {
            "answers": AnswersForm(answers=answers, initial={"version": si.version}),
            "file": FileForm(initial={"version": si.version}),
        }
        if bound:
            forms[bound[0]] = bound[1]
        deadline = si.campaign.filing_deadline
        editable = si.status in ("draft", "returned") and user.role == "enterprise"
        can_file = si.status == "submitted" and services.can_file(user, si)
        shown = {"answers": editable, "file": can_file}
        return {
            "si": si,
            # a refusal whose form the page no longer shows (the record changed meanwhile)
            "refused": bound[1] if bound and not shown[bound[0]] else None,
            "answers": answers,
            "form": forms["answers"],
            "rows": forms["answers"].rows(),
            "editable": editable,
            "can_file": can_file,
            "file_form": forms["file"],
            "deadline": deadline,
            "late": deadline is not None and timezone.localdate() > deadline,
        }


class SelfAnswers(RecordErrorsMixin, TransitionView):
    """Save (暂存) or submit the answers: the same form, sent back on the page when refused."""

    model = SelfInspection
    name = "answers"
    form_class = AnswersForm
    detail_view = SelfDetail

    def check_permission(self, obj):
        if self.request.user.role != "enterprise":
            raise PermissionDenied

    def form_kwargs(self, obj):
        return {"answers": list(obj.answers.select_related("item").order_by("item__row"))}

    def service_kwargs(self, form):
        return {
            "answers": form.answers_data(),
            "expected_version": form.cleaned_data.get("version"),
        }


class SelfFile(RecordErrorsMixin, TransitionView):
    """The supervising department files (备案) a submitted self-inspection."""

    model = SelfInspection
    action = "view"  # departments read submitted self-inspections; the service checks who files
    name = "file"
    form_class = FileForm
    service = services.file_self_inspection
    detail_view = SelfDetail

    def get_success_message(self, obj) -> str:
        return _("已退回企业。") if obj.status == "returned" else _("已备案。")
