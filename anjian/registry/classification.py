"""Gather facts for the 名录库 rules (anjian.law.classification) and store the tiers.

Later contexts (accidents, hazards, enforcement, tips) contribute facts by appending a
provider to FACT_PROVIDERS: `provider(enterprise_ids, today) -> {id: {field: value}}`.
"""

from collections import defaultdict
from dataclasses import asdict

from django.db import transaction
from django.utils import timezone

from anjian.accounts.models import Department
from anjian.law.classification import DEFAULT_RULES, EnterpriseFacts, classify

from .models import RISK_TAGS, Enterprise, EnterpriseSector, EnterpriseTier

FACT_PROVIDERS: list = []

TAG_LABELS = dict(RISK_TAGS)


def classify_batch(ids: list[int], today, rules=DEFAULT_RULES) -> int:
    depts = list(Department.objects.select_related("region").prefetch_related("sectors"))
    dept_sectors = {d.id: {s.id for s in d.sectors.all()} for d in depts}
    ents = {e.id: e for e in Enterprise.objects.filter(pk__in=ids)}
    memberships = defaultdict(set)
    sector_info = {}
    for es in EnterpriseSector.objects.filter(enterprise_id__in=ids).select_related("sector"):
        memberships[es.enterprise_id].add(es.sector_id)
        sector_info[es.sector_id] = es.sector
    extra = defaultdict(dict)
    for provider in FACT_PROVIDERS:
        for ent_id, facts in provider(ids, today).items():
            extra[ent_id].update(facts)
    existing = {
        (t.enterprise_id, t.department_id): t
        for t in EnterpriseTier.objects.filter(enterprise_id__in=ids)
    }
    now = timezone.now()
    to_create, to_update, keep = [], [], set()
    for ent_id, ent in ents.items():
        tags = tuple(
            label for f, label in RISK_TAGS if f != "major_hazard_source" and getattr(ent, f)
        )
        for dept in depts:
            shared = memberships[ent_id] & dept_sectors[dept.id]
            if not shared or not ent.region_id.startswith(dept.region.prefix):
                continue
            high = tuple(sorted(sector_info[s].name for s in shared if sector_info[s].high_risk))
            facts = EnterpriseFacts(
                high_risk_sectors=high,
                major_hazard_level=ent.major_hazard_level,
                risk_tags=tags,
                **extra.get(ent_id, {}),
            )
            result = classify(facts, today, rules)
            reasons = [asdict(r) for r in result.reasons]
            key = (ent_id, dept.id)
            keep.add(key)
            obj = existing.get(key)
            if obj is None:
                to_create.append(
                    EnterpriseTier(
                        enterprise_id=ent_id,
                        department_id=dept.id,
                        computed_tier=result.tier,
                        reasons=reasons,
                        computed_at=now,
                        tier=result.tier,
                    )
                )
            elif obj.computed_tier != result.tier or obj.reasons != reasons:
                obj.computed_tier, obj.reasons, obj.computed_at = result.tier, reasons, now
                obj.tier = obj.override_tier or result.tier
                to_update.append(obj)
    stale = [t.pk for k, t in existing.items() if k not in keep]
    with transaction.atomic():
        EnterpriseTier.objects.bulk_create(to_create, batch_size=1000)
        EnterpriseTier.objects.bulk_update(
            to_update, ["computed_tier", "reasons", "computed_at", "tier"], batch_size=1000
        )
        if stale:
            EnterpriseTier.objects.filter(pk__in=stale).delete()
    return len(ents)
