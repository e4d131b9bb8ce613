import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from anjian.core.filters import FilterSet
from anjian.registry.models import Enterprise

SHOW = [("signed", _("已挂牌企业")), ("key", _("重点检查企业")), ("all", _("全部企业"))]


class SignFilter(FilterSet):
    """挂牌企业: by name or credit code; signed ones (the default), key ones or all."""

    q = django_filters.CharFilter(
        label=_("搜索"), method="search", max_length=64,
        widget=django_filters.widgets.forms.TextInput(
            attrs={"type": "search", "placeholder": _("企业名称 / 信用代码")}
        ),
    )  # fmt: skip
    show = django_filters.ChoiceFilter(
        label=_("范围"), choices=SHOW, method="in_scope", empty_label=None
    )

    class Meta:
        model = Enterprise
        fields = ["q", "show"]

    def __init__(self, data=None, *args, **kwargs):
        data = data.copy() if data is not None else {}
        data.setdefault("show", "signed")
        super().__init__(data, *args, **kwargs)

    def search(self, qs, name, q):
        q = q.strip()
        if not q:
            return qs
        return qs.filter(Q(name__contains=q) | Q(credit_code__contains=q.upper()))

    def in_scope(self, qs, name, show):
        if show == "signed":
            return qs.filter(responsible_people__isnull=False).distinct()
        if show == "key":
            return qs.filter(tiers__tier="key").distinct()
        return qs


class CardFilter(FilterSet):
    missing = django_filters.BooleanFilter(
        label=_("只看未制定的"), method="without_card",
        widget=django_filters.widgets.forms.CheckboxInput,
    )  # fmt: skip

    class Meta:
        model = Enterprise
        fields = ["missing"]

    def without_card(self, qs, name, missing):
        return qs.filter(risk_card__isnull=True) if missing else qs
