"""Keep the rollup (rollup.py) true: every change of a record the figures read marks the months it
touches — its dates before and after the change — as dirty, in the same transaction as the
change. Connected in `StatsConfig.ready()`."""

from __future__ import annotations

from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save

from .rollup import ALL, month_start

# model → its own date fields that place it (or what it feeds) in a month
OWN_DATES = {
    "Inspection": ["inspected_on"],
    "Hazard": ["found_at", "closed_at"],
    "Disposal": ["decided_at"],
    "OnSiteMeasure": ["decided_at"],
    "Supervision": ["issued_on"],
    "Case": ["filed_on", "decided_on"],
    "CaseParty": ["decided_on"],
    "Sanction": ["decided_on"],
    "Document": ["issued_on"],
    "Exposure": ["published_on"],
    "Transfer": ["issued_on"],
}
# models whose rows hang on a parent's date
PARENT_DATES = {
    "TeamMember": ("inspection_id", "inspections.Inspection", ["inspected_on"]),
    "Finding": ("inspection_id", "inspections.Inspection", ["inspected_on"]),
    "CaseParty": ("case_id", "enforcement.Case", ["decided_on"]),
}


def _months_of(values) -> set:
    return {month_start(v) for v in values if v is not None}


def _related_months(instance) -> set:
    from django.apps import apps

    name = type(instance).__name__
    out = _months_of(getattr(instance, f, None) for f in OWN_DATES.get(name, []))
    if name in PARENT_DATES:
        fk, label, fields = PARENT_DATES[name]
        pk = getattr(instance, fk, None)
        if pk is not None:
            row = apps.get_model(label).objects.filter(pk=pk).values(*fields).first()
            if row:
                out |= _months_of(row.values())
    if name == "Hazard" and instance.pk:
        # 挂牌督办 facts (by supervision month) and 现场紧急处置 (by disposal/measure month)
        # depend on the hazard's status and department
        for rel, field in (("supervisions", "issued_on"), ("disposals", "decided_at"),
                           ("onsite_measures", "decided_at")):  # fmt: skip
            out |= _months_of(getattr(instance, rel).values_list(field, flat=True))
    return out


def mark(months) -> None:
    from django.utils import timezone

    from .models import DirtyMonth, MonthStamp

    months = set(months)
    if months:
        DirtyMonth.objects.bulk_create([DirtyMonth(month=m) for m in months], ignore_conflicts=True)
        now = timezone.now()
        MonthStamp.objects.bulk_create(
            [MonthStamp(month=m, changed_at=now) for m in sorted(months)],
            update_conflicts=True, unique_fields=["month"], update_fields=["changed_at"],
        )  # fmt: skip


# a change of these marks every month (the row or the region of every record of the enterprise)
WATCH_ALL = {"Enterprise": ["primary_sector_id", "region_id"], "Sector": ["stats_row"]}


OPEN_FIELDS = ["status", "region_code", "department_id", "deadline"]


def _open_key(values):
    from .rollup import open_key

    return open_key(*(values.get(f) for f in OPEN_FIELDS))


def _hazard_post_save(sender, instance, raw=False, **kw):
    from .rollup import tally

    if raw:
        return
    before = getattr(instance, "_stats_open", None)
    after = _open_key({f: getattr(instance, f) for f in OPEN_FIELDS})
    if before != after:
        if before:
            tally(before, -1)
        if after:
            tally(after, +1)
    instance._stats_open = after


def _hazard_post_delete(sender, instance, **kw):
    from .rollup import tally

    key = _open_key({f: getattr(instance, f) for f in OPEN_FIELDS})
    if key:
        tally(key, -1)


def _pre_save(sender, instance, raw=False, **kw):
    """The watched fields as stored before the change (one read: a hazard's dates and the
    fields of its OpenHazard key together)."""
    is_hazard = sender.__name__ == "Hazard"
    if is_hazard:
        instance._stats_open = None
    if raw or not instance.pk:
        return
    fields = WATCH_ALL.get(sender.__name__) or OWN_DATES.get(sender.__name__, [])
    extra = [f for f in OPEN_FIELDS if f not in fields] if is_hazard else []
    if fields or extra:
        old = sender._default_manager.filter(pk=instance.pk).values(*fields, *extra).first()
        instance._stats_old = {f: old[f] for f in fields} if old else {}
        if is_hazard and old:
            instance._stats_open = _open_key(old)


def _post_save(sender, instance, raw=False, **kw):
    if raw:
        return
    name = sender.__name__
    old = getattr(instance, "_stats_old", {})
    if name in WATCH_ALL:
        if old and any(old[k] != getattr(instance, k) for k in old):
            mark([ALL])
        return
    mark(_related_months(instance) | _months_of(old.values()))


def _post_delete(sender, instance, **kw):
    mark(_related_months(instance))


def _m2m(sender, instance, action, **kw):
    if action.startswith("post_"):
        mark(_related_months(instance))


def connect() -> None:
    from anjian.accounts.models import Sector
    from anjian.enforcement.models import (
        Case,
        CaseParty,
        Document,
        Exposure,
        Sanction,
        Transfer,
    )
    from anjian.hazards.models import Disposal, Hazard, OnSiteMeasure, Supervision
    from anjian.inspections.models import Finding, Inspection, TeamMember
    from anjian.registry.models import Enterprise

    models = [Inspection, TeamMember, Finding, Hazard, Disposal, OnSiteMeasure, Supervision, Case,
              CaseParty, Sanction, Document, Exposure, Transfer]  # fmt: skip
    for m in models:
        pre_save.connect(_pre_save, sender=m, dispatch_uid=f"stats-pre-{m.__name__}")
        post_save.connect(_post_save, sender=m, dispatch_uid=f"stats-post-{m.__name__}")
        post_delete.connect(_post_delete, sender=m, dispatch_uid=f"stats-del-{m.__name__}")
    # the dashboard's hazards open now (OpenHazard; the old key is read by _pre_save)
    post_save.connect(_hazard_post_save, sender=Hazard, dispatch_uid="stats-open-post")
    post_delete.connect(_hazard_post_delete, sender=Hazard, dispatch_uid="stats-open-del")
    for m in (Enterprise, Sector):
        pre_save.connect(_pre_save, sender=m, dispatch_uid=f"stats-pre-{m.__name__}")
        post_save.connect(_post_save, sender=m, dispatch_uid=f"stats-post-{m.__name__}")
    for through in (Exposure.enterprises.through, Exposure.cases.through, Case.hazards.through):
        m2m_changed.connect(_m2m, sender=through, dispatch_uid=f"stats-m2m-{through.__name__}")
