"""Enterprise list filters, shared by the page and the API (one FilterSet, one parser)."""

import django_filters
from django.db import connections
from django.db.models import Exists, F, Func, OuterRef, Q, TextField
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from anjian.accounts.filters import sectors_for, set_towns
from anjian.accounts.models import Role, Sector
from anjian.core.filters import FilterSet, TownFilter, set_choices

from .models import RISK_TAGS, Enterprise, EnterpriseSector, EnterpriseTier

TAG_CHOICES = RISK_TAGS
TIERS = [("key", _("重点检查")), ("general", _("一般检查"))]


class EnterpriseFilter(FilterSet):
    q = django_filters.CharFilter(
        label=_("搜索"), method="search", max_length=64,
        widget=django_filters.widgets.forms.TextInput(
            attrs={"type": "search", "placeholder": _("企业名称 / 信用代码 / 地址")}
        ),
    )  # fmt: skip
    town = TownFilter(field_name="region__code", empty_label=_("全部镇街"))
    sector = django_filters.ModelChoiceFilter(
        label=_("行业领域"), queryset=Sector.objects.all(), method="in_sector",
        empty_label=_("全部行业"),
    )  # fmt: skip
    tier = django_filters.ChoiceFilter(
        label=_("名录"), choices=TIERS, method="in_tier", empty_label=_("重点/一般")
    )
    risk = django_filters.ChoiceFilter(
        label=_("风险标签"), choices=RISK_TAGS, method="with_risk", empty_label=_("全部风险")
    )
    status = django_filters.ChoiceFilter(
        label=_("经营状态"), choices=Enterprise.STATUS, empty_label=_("全部状态")
    )

    class Meta:
        model = Enterprise
        fields = ["q", "town", "sector", "tier", "risk", "status"]

    def setup(self):
        set_towns(self)
        sectors = sectors_for(self.user)
        self.filters["sector"].queryset = sectors
        self.form.fields["sector"].queryset = sectors
        for name in ("risk", "status"):
            field = self.form.fields[name]
            field.choices = [(v, gettext(str(lbl)) if v else lbl) for v, lbl in field.choices]
        set_choices(self, "tier", TIERS, empty_label=_("重点/一般"))

    def in_sector(self, qs, name, sector):
        return qs.filter(
            Exists(EnterpriseSector.objects.filter(enterprise=OuterRef("pk"), sector=sector))
        )

    def in_tier(self, qs, name, tier):
        tiers = EnterpriseTier.objects.filter(enterprise=OuterRef("pk"), tier=tier)
        user = self.user
        if user is not None and user.role in (Role.INSPECTOR, Role.DEPT_LEADER):
            tiers = tiers.filter(department_id=user.department_id)
        return qs.filter(Exists(tiers))

    def with_risk(self, qs, name, risk):
        if risk == "major_hazard_source":
            return qs.filter(major_hazard_level__gt=0)
        return qs.filter(**{risk: True})

    def search(self, qs, name, q):
        q = q.strip()
        if not q:
            return qs
        qs = qs.filter(Q(name__contains=q) | Q(credit_code=q.upper()) | Q(address__contains=q))
        if len(q) >= 2 and connections[qs.db].vendor == "postgresql":
            qs = _bigram_prefilter(qs, q)
        return qs


def _bigram_prefilter(qs, q):
    """Let PostgreSQL find substring matches through the bigram GIN indexes (migration 0002).

    Every two-character piece of `q` is in the name (or address) that contains `q`, so this
    condition only narrows the rows the unchanged `LIKE` above has to check: same results.
    """
    from django.contrib.postgres.fields import ArrayField

    bigrams = sorted({q[i : i + 2] for i in range(len(q) - 1)})
    arr = ArrayField(TextField())
    return qs.alias(
        _name_bigrams=Func(F("name"), function="anjian_bigrams", output_field=arr),
        _address_bigrams=Func(F("address"), function="anjian_bigrams", output_field=arr),
    ).filter(
        Q(_name_bigrams__contains=bigrams)
        | Q(credit_code=q.upper())
        | Q(_address_bigrams__contains=bigrams)
    )


def filter_enterprises(qs, user, **params):
    """The page's filters outside a page (API, benchmarks): bad values raise ValidationError
    naming the parameter."""
    from types import SimpleNamespace

    from django.core.exceptions import ValidationError

    data = {k: v for k, v in params.items() if v not in (None, "")}
    fs = EnterpriseFilter(data, qs, request=SimpleNamespace(user=user))
    if not fs.is_valid():
        raise ValidationError({k: list(v) for k, v in fs.errors.items()})
    return fs.qs
