"""严重失信主体名单程序 pages (应急管理部令第11号): the list of procedures with each step's form
and documents; each step is its own TransitionView over `services.credit`."""

from functools import partial

import django_filters
from django.utils.translation import gettext_lazy as _

from anjian.core.tables import ChoiceColumn, Column, Table, TemplateColumn
from anjian.core.views import ObjectListView, TransitionView

from .filters import TranslatedChoices
from .forms import ListingDecisionForm, ListingRepairForm, ListingStatementForm
from .models import DishonestyProcedure
from .services import credit
from .views import DONE, ServiceErrors


class ProcedureFilter(TranslatedChoices):
    status = django_filters.ChoiceFilter(
        label=_("状态"), choices=DishonestyProcedure.STATUS, empty_label=_("全部状态")
    )

    class Meta:
        model = DishonestyProcedure
        fields = ["status"]


def _context(table):
    user = table.request.user
    return {"leader": user.role == "dept_leader" or user.is_superuser}


class ProcedureTable(Table):
    enterprise = Column(verbose_name=_("企业"), accessor="enterprise__name")
    status = ChoiceColumn(verbose_name=_("状态"))
    steps = TemplateColumn(template_name="enforcement/_dishonesty_steps.html",
                           verbose_name=_("告知、决定与移出"), orderable=False)  # fmt: skip
    actions = TemplateColumn(template_name="enforcement/_dishonesty_actions.html",
                             verbose_name="", extra_context=_context, orderable=False)  # fmt: skip

    class Meta(Table.Meta):
        model = DishonestyProcedure
        fields = ()
        empty_text = _("暂无")
        row_attrs = {"id": lambda record: f"d{record.pk}"}


class ProcedureList(ObjectListView):
    model = DishonestyProcedure
    filterset_class = ProcedureFilter
    table_class = ProcedureTable
    table_id = "dishonesty"
    template_name = "enforcement/dishonesty_list.html"
    title = _("严重失信主体名单：告知、列入与移出")
    per_page = 30

    def refine(self, qs):
        return qs.select_related("enterprise", "sanction").prefetch_related("documents")


class ProcedureTransition(ServiceErrors, TransitionView):
    model = DishonestyProcedure
    success_message = DONE


ACTIONS = {
    "statement": ProcedureTransition.as_view(
        form_class=ListingStatementForm, service=credit.record_listing_statement
    ),
    "list": ProcedureTransition.as_view(
        form_class=ListingDecisionForm, service=partial(credit.decide_listing, approve=True)
    ),
    "drop": ProcedureTransition.as_view(
        form_class=ListingDecisionForm, service=partial(credit.decide_listing, approve=False)
    ),
    "repair": ProcedureTransition.as_view(
        form_class=ListingRepairForm, service=credit.repair_listing
    ),
}
