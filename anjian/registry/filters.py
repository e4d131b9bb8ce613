"""Enterprise list filters, shared by the page and the API."""

from django.db import connections
from django.db.models import Exists, F, Func, OuterRef, Q, TextField

from anjian.accounts.models import Region, Role

from .models import RISK_TAGS, EnterpriseSector, EnterpriseTier

TAG_CHOICES = RISK_TAGS


def filter_enterprises(
    qs, user, *, town=None, sector=None, tier=None, risk=None, q=None, status=None
):
    if town:
        region = Region.objects.filter(code=town).first()
        qs = qs.filter(region__code__startswith=region.prefix) if region else qs.none()
    if sector:
        qs = qs.filter(
            Exists(EnterpriseSector.objects.filter(enterprise=OuterRef("pk"), sector_id=sector))
        )
    if tier in ("key", "general"):
        tiers = EnterpriseTier.objects.filter(enterprise=OuterRef("pk"), tier=tier)
        if user.role in (Role.INSPECTOR, Role.DEPT_LEADER) and user.department_id:
            tiers = tiers.filter(department_id=user.department_id)
        qs = qs.filter(Exists(tiers))
    if risk:
        if risk == "major_hazard_source":
            qs = qs.filter(major_hazard_level__gt=0)
        elif risk in dict(RISK_TAGS):
            qs = qs.filter(**{risk: True})
    if status:
        qs = qs.filter(status=status)
    if q:
        q = q.strip()
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
