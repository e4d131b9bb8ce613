from django.contrib.auth.decorators import login_required
from django.core.exceptions import BadRequest, PermissionDenied
from django.db.models import Exists, OuterRef
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from anjian.accounts.models import Role
from anjian.core.scoping import get_scoped_or_404
from anjian.core.views import (
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
    TransitionView,
    get_or_post,
)
from anjian.registry.models import Enterprise

from . import services
from .filters import CardFilter, SignFilter
from .forms import ActivityForm, MonthForm, ResponsibleForm, RiskCardForm
from .models import QUOTA_TEXT, DutyActivity, ResponsiblePerson, RiskCard
from .pdf import risk_card_pdf
from .tables import ActivityTable, CardTable, SignTable

GOV_ROLES = (Role.AWB, Role.INSPECTOR, Role.DEPT_LEADER, Role.TOWN)


def _gov(user):
    if not (user.is_superuser or user.role in GOV_ROLES):
        raise PermissionDenied


def kind_label(kind: str) -> str:
    return _(dict(ResponsiblePerson.KINDS)[kind])


class GovMixin:
    def check_permission(self, obj=None):
        _gov(self.request.user)


class SignList(GovMixin, ObjectListView):
    """挂牌企业: enterprises in scope and their 三个责任人."""

    model = Enterprise
    filterset_class = SignFilter
    table_class = SignTable
    table_id = "signs"
    per_page = 30
    title = gettext_lazy("“三个责任人”挂牌公示")

    def refine(self, qs):
        return qs.select_related("region").prefetch_related("responsible_people").order_by("id")

    def get_actions(self):
        return [
            (_("我的履职记录"), reverse("duty:activities")),
            (_("履职情况"), reverse("duty:shortfall")),
        ]


class EnterpriseDuty(ObjectDetailView):
    """One enterprise's 三个责任人, a form for each (shown read-only without the right)."""

    model = Enterprise
    template_name = "duty/enterprise.html"

    def get_context(self, ent, bound=None):
        current = {rp.kind: rp for rp in ResponsiblePerson.objects.filter(enterprise=ent)}
        forms = {}
        for kind, _label in ResponsiblePerson.KINDS:
            if bound and bound[0] == kind:
                form = bound[1]
            else:
                form = ResponsibleForm(
                    kind=kind, ent=ent, instance=current.get(kind), prefix=kind,
                    user=self.request.user,
                )  # fmt: skip
            forms[kind] = (kind_label(kind), form)
        return {
            "ent": ent,
            "forms": forms,
            "current": current,
            "can_change": services._can_change(self.request.user, ent),
            "card": RiskCard.objects.filter(enterprise=ent).first(),
        }


class SetResponsible(TransitionView):
    """Save one of the 三个责任人 (the posted `kind` says which form it is)."""

    model = Enterprise
    detail_view = EnterpriseDuty
    service = services.set_responsible

    def kind(self) -> str:
        kind = self.request.POST.get("kind", "")
        if kind not in dict(ResponsiblePerson.KINDS):
            raise BadRequest(_("责任人类别无效"))
        return kind

    def get_form(self, obj):
        kind = self.kind()
        self.name = kind
        instance = ResponsiblePerson.objects.filter(enterprise=obj, kind=kind).first()
        return ResponsibleForm(
            self.request.POST, kind=kind, ent=obj, instance=instance, prefix=kind,
            user=self.request.user,
        )  # fmt: skip

    def service_kwargs(self, form):
        return {**super().service_kwargs(form), "kind": form.kind}

    def get_success_message(self, obj):
        return _("已保存%(what)s。") % {"what": kind_label(self.name)}

    def get_success_url(self, obj):
        return reverse("duty:enterprise", args=[obj.pk])


enterprise = get_or_post(EnterpriseDuty.as_view(), SetResponsible.as_view())


@login_required
def sign(request, pk):
    """公示牌: printable public sign of the 三个责任人."""
    ent = get_scoped_or_404(Enterprise, request.user, "view", pk=pk)
    people = {rp.kind: rp for rp in ResponsiblePerson.objects.filter(enterprise=ent)}
    rows = [(kind_label(kind), people.get(kind)) for kind, _label in ResponsiblePerson.KINDS]
    return render(
        request, "duty/sign.html", {"ent": ent, "rows": rows, "today": timezone.localdate()}
    )


def _month(request):
    """The ?month= of a quota page: the current month by default, a 400 naming it if bad."""
    form = MonthForm(request.GET)
    if not form.is_valid():
        raise BadRequest(form.errors["month"][0])
    return form.cleaned_data["month"] or timezone.localdate().replace(day=1)


class Activities(GovMixin, ObjectListView):
    """The official's own monthly 履职记录 and the form to add one."""

    model = DutyActivity
    table_class = ActivityTable
    table_id = "activities"
    template_name = "duty/activities.html"
    per_page = 100

    def get(self, request, *args, **kwargs):
        self.month = _month(request)
        return super().get(request, *args, **kwargs)

    def refine(self, qs):
        return qs.filter(official=self.request.user, month=self.month).select_related("enterprise")

    def get_context_data(self, ctx):
        user = self.request.user
        form = self.bound_form or ActivityForm(user=user)
        mine = [r for r in services.shortfall(self.month) if r.official.pk == user.pk]
        return {
            "form": form,
            "month": self.month,
            "row": mine[0] if mine else None,
            "quota_text": _(QUOTA_TEXT),
            "listed": form.fields["enterprise"].queryset,
        }


class RecordActivity(GovMixin, ObjectEditView):
    model = DutyActivity
    form_class = ActivityForm
    page_view = Activities
    success_message = gettext_lazy("已记录。")

    @staticmethod
    def create_service(user, **data):
        data.pop("expected_version", None)
        return services.record_activity(user, **data)

    def get_success_url(self, obj):
        return f"{reverse('duty:activities')}?month={obj.day:%Y-%m}"


activities = get_or_post(Activities.as_view(), RecordActivity.as_view())


@login_required
def shortfall(request):
    _gov(request.user)
    month = _month(request)
    rows = services.shortfall(month, by=request.user)
    return render(
        request,
        "duty/shortfall.html",
        {"rows": rows, "month": month, "quota_text": _(QUOTA_TEXT),
         "short": sum(not r.met for r in rows)},
    )  # fmt: skip


class Cards(GovMixin, ObjectListView):
    """小微企业 (fewer than 30 employees) in scope and whether each has its 风险明白卡."""

    model = Enterprise
    filterset_class = CardFilter
    table_class = CardTable
    table_id = "cards"
    template_name = "duty/cards.html"
    title = gettext_lazy("小微企业安全风险明白卡")

    def get(self, request, *args, **kwargs):
        user = request.user
        if user.role == Role.ENTERPRISE:
            if not user.enterprise_id:
                raise PermissionDenied
            return redirect("duty:card", pk=user.enterprise_id)
        return super().get(request, *args, **kwargs)

    def refine(self, qs):
        has_card = Exists(RiskCard.objects.filter(enterprise=OuterRef("pk")))
        return (
            qs.filter(employees__lt=30)
            .annotate(has_card=has_card)
            .select_related("region")
            .order_by("id")
        )


cards = Cards.as_view()


class CardPage(ObjectDetailView):
    model = Enterprise
    template_name = "duty/card.html"

    def get_context(self, ent, bound=None):
        card = RiskCard.objects.filter(enterprise=ent).first()
        if bound:
            form = bound[1]
        elif card:
            form = RiskCardForm(
                initial={
                    "main_risks": card.main_risks, "key_controls": card.key_controls,
                    "emergency_measures": card.emergency_measures,
                    "contacts": RiskCardForm.contacts_text(card.contacts),
                    "version": card.version,
                }
            )  # fmt: skip
        else:
            form = RiskCardForm(
                initial={
                    "main_risks": "\n".join(ent.risk_labels()),
                    "contacts": RiskCardForm.contacts_text(services.default_contacts(ent)),
                }
            )
        return {"ent": ent, "card": card, "form": form}


class SaveCard(TransitionView):
    """The enterprise (or its supervising department / town) drafts or updates its card."""

    model = Enterprise
    action = "view"  # the enterprise keeps its own card; the service checks who may
    form_class = RiskCardForm
    service = services.save_risk_card
    name = "card"
    detail_view = CardPage
    success_message = gettext_lazy("已保存安全风险明白卡。")

    def get_success_url(self, obj):
        return reverse("duty:card", args=[obj.pk])


card = get_or_post(CardPage.as_view(), SaveCard.as_view())


@login_required
def card_pdf(request, pk):
    ent = get_scoped_or_404(Enterprise, request.user, "view", pk=pk)
    card = RiskCard.objects.filter(enterprise=ent).first()
    if card is None:
        return HttpResponse(_("该企业尚未制定安全风险明白卡"), status=404)
    resp = HttpResponse(risk_card_pdf(card), content_type="application/pdf")
    resp["Content-Disposition"] = f"inline; filename*=UTF-8''risk-card-{ent.pk}.pdf"
    return resp
