"""Every hazard state change: permission, validation, write and audit in one transaction."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from anjian.audit.services import record
from anjian.core.services import require, snapshot
from anjian.registry.models import Enterprise

from .models import Hazard, HazardEvidence

REPORT_FIELDS = [
    "enterprise",
    "source",
    "level",
    "description",
    "location",
    "rectification_plan",
    "deadline",
    "status",
    "department",
    "checklist_item",
    "criterion",
]


def report_hazard(
    by,
    *,
    enterprise: Enterprise,
    source: str,
    level: str = "general",
    description: str,
    location: str = "",
    rectification_plan: str = "",
    deadline=None,
    department=None,
    checklist_item=None,
    criterion=None,
    found_at=None,
    evidence_files=(),
) -> Hazard:
    """Enter a hazard in the ledger (H1). Enterprise users may only report 企业自查 on their own."""
    if by.role == "enterprise":
        require(
            by.enterprise_id == enterprise.pk and source == "self", "企业用户只能登记本企业自查隐患"
        )
    else:
        require(
            Enterprise.objects.restrict(by, "view").filter(pk=enterprise.pk).exists(),
            "该企业不在您的监管范围内",
        )
    errors = {}
    if source not in dict(Hazard.SOURCES):
        errors["source"] = "隐患来源无效"
    if level not in dict(Hazard.LEVELS):
        errors["level"] = "隐患等级只能为一般或重大"
    if not (description or "").strip():
        errors["description"] = "隐患描述不能为空"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        hazard = Hazard.objects.create(
            enterprise=enterprise,
            source=source,
            level=level,
            description=description.strip(),
            location=location,
            rectification_plan=rectification_plan,
            deadline=deadline,
            department=department or getattr(by, "department", None),
            checklist_item=checklist_item,
            criterion=criterion,
            found_by=by if by.role != "enterprise" or source == "self" else None,
            found_at=found_at or timezone.now(),
            region_code=enterprise.region_id,
        )
        for f in evidence_files:
            HazardEvidence.objects.create(hazard=hazard, kind="found", file=f, uploaded_by=by)
        record(by, "hazard.report", hazard, after=snapshot(hazard, REPORT_FIELDS))
        return hazard
