"""Ledger filters shared by the page, the export and the API (each maps to an index)."""

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from anjian.accounts.models import Region
from anjian.registry.models import EnterpriseSector

from .models import Hazard, Supervision

FILTER_KEYS = ("status", "overdue", "level", "source", "supervised", "town", "sector", "repeat")


def filter_hazards(qs, *, today=None, viewer=None, **f):
    """`viewer`: the user the results are for; an enterprise user never learns that a hazard
    came from a tip, so for it 执法检查 covers 举报核查 and 举报核查 finds nothing."""
    today = today or timezone.localdate()
    status = f.get("status")
    if status in dict(Hazard.STATUS):
        qs = qs.filter(status=status)
    elif status == "open":
        qs = qs.open()
    if f.get("overdue") in ("1", "yes", True):
        qs = qs.overdue(today)
    elif f.get("overdue") in ("0", "no", False):
        qs = qs.not_overdue(today)
    if f.get("level") in dict(Hazard.LEVELS):
        qs = qs.filter(level=f["level"])
    if f.get("source") in dict(Hazard.SOURCES):
        qs = qs.filter(source__in=Hazard.sources_matching(f["source"], viewer))
    if f.get("supervised") in ("1", "yes", True):
        qs = qs.filter(
            Exists(Supervision.objects.filter(hazard=OuterRef("pk"), lifted_at__isnull=True))
        )
    if f.get("town"):
        region = Region.objects.filter(code=f["town"]).first()
        qs = qs.filter(region_code__startswith=region.prefix) if region else qs.none()
    if f.get("sector"):
        try:
            sector = int(f["sector"])
        except (TypeError, ValueError):
            return qs.none()
        qs = qs.filter(
            Exists(
                EnterpriseSector.objects.filter(
                    enterprise=OuterRef("enterprise_id"), sector_id=sector
                )
            )
        )
    if f.get("repeat") in ("1", "yes", True):
        qs = qs.filter(repeat_count__gt=0)
    if f.get("enterprise"):
        qs = qs.filter(enterprise_id=f["enterprise"])
    q = (f.get("q") or "").strip()
    if q:
        qs = qs.filter(Q(enterprise__name__contains=q) | Q(description__contains=q))
    return qs
