"""Filters of the campaign list and the self-inspection list (page and API)."""

import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from anjian.core.filters import FilterSet, SearchFilter, set_choices
from anjian.registry.models import Enterprise

from .models import Campaign, SelfInspection

STATES = [("running", _("进行中")), ("upcoming", _("未开始")), ("ended", _("已结束"))]


class CampaignFilter(FilterSet):
    q = SearchFilter(
        fields=("title__contains", "doc_no__contains"),
        widget=django_filters.widgets.forms.TextInput(
            attrs={"type": "search", "placeholder": _("行动名称 / 发文字号")}
        ),
    )
    state = django_filters.ChoiceFilter(
        label=_("状态"), choices=STATES, method="in_state", empty_label=_("全部")
    )

    class Meta:
        model = Campaign
        fields = ["q", "state"]

    def in_state(self, qs, name, value):
        today = timezone.localdate()
        return qs.filter(
            {
                "running": Q(start__lte=today, end__gte=today),
                "upcoming": Q(start__gt=today),
                "ended": Q(end__lt=today),
            }[value]
        )


class SelfInspectionFilter(FilterSet):
    """By status (and, for the API, campaign and enterprise: picked among the user's own)."""

    campaign = django_filters.ModelChoiceFilter(
        label=pgettext_lazy("one", "专项行动"), queryset=Campaign.objects.none()
    )
    enterprise = django_filters.ModelChoiceFilter(
        label=_("企业"), queryset=Enterprise.objects.none()
    )
    status = django_filters.ChoiceFilter(
        label=_("状态"), choices=SelfInspection.STATUS, empty_label=_("全部状态")
    )

    class Meta:
        model = SelfInspection
        fields = ["campaign", "enterprise", "status"]

    def setup(self):
        for name, model in (("campaign", Campaign), ("enterprise", Enterprise)):
            qs = model.objects.restrict(self.user)
            self.filters[name].queryset = qs
            self.form.fields[name].queryset = qs
        statuses = SelfInspection.STATUS
        if getattr(self.user, "role", None) != "enterprise":  # drafts are the enterprise's
            statuses = [s for s in statuses if s[0] != "draft"]
        set_choices(self, "status", [(v, gettext(label)) for v, label in statuses])


class CampaignSelfFilter(SelfInspectionFilter):
    """The self-inspections of one campaign (the page's): by status only."""

    class Meta(SelfInspectionFilter.Meta):
        fields = ["status"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("campaign", "enterprise"):
            self.filters.pop(name, None)
            self.form.fields.pop(name, None)
