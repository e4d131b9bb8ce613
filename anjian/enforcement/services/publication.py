"""E8 publication: 曝光 records and the public 行政处罚 disclosure (persons' names masked)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from anjian.audit.services import record
from anjian.core.services import snapshot

from ..models import Case, Exposure
from .common import DECIDED_STAGES, require_enforcer


def create_exposure(
    by, *, channel: str, title: str, published_on, link: str = "", cases=(), enterprises=()
) -> Exposure:
    require_enforcer(by)
    errors = {}
    if not (channel or "").strip():
        errors["channel"] = _("请填写曝光渠道")
    if not (title or "").strip():
        errors["title"] = _("请填写标题")
    if not published_on:
        errors["published_on"] = _("请填写曝光日期")
    visible = Case.objects.restrict(by, "view")
    for c in cases:
        if not visible.filter(pk=c.pk).exists():
            errors["cases"] = _("所选案件不在您的权限范围内")
        elif c.stage not in DECIDED_STAGES:
            errors["cases"] = _("案件“%(title)s”尚未作出处罚决定，不能曝光") % {"title": c.title}
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        e = Exposure.objects.create(
            department=by.department,
            region_code=(by.department.region.code if by.department_id else ""),
            channel=channel.strip(),
            title=title.strip(),
            published_on=published_on,
            link=(link or "").strip(),
            created_by=by,
        )
        e.cases.set(cases)
        ents = {c.enterprise_id for c in cases} | {x.pk for x in enterprises}
        e.enterprises.set(ents)
        record(by, "exposure.create", e, after=snapshot(e))
        return e


def mask_name(name: str) -> str:
    """张三 → 张*, 欧阳娜娜 → 欧***: persons' names on public pages."""
    name = (name or "").strip()
    return name[:1] + "*" * max(len(name) - 1, 1) if name else ""


def public_penalties():
    """Decided cases for the public 行政处罚 disclosure (no login: nothing here is scoped)."""
    return (
        Case.objects.filter(stage__in=DECIDED_STAGES, decided_on__isnull=False)
        .select_related("enterprise", "department")
        .prefetch_related("parties", "documents")
        .order_by("-decided_on", "-id")
    )


def public_parties(case: Case) -> list[dict]:
    """The parties of a decided case as published: a person's name masked."""
    return [
        {
            "name": p.name if p.kind == "enterprise" else mask_name(p.name),
            "kind": p.kind,
            "position": p.position,
            "article": p.article,
            "fine": p.fine,
            "other": p.other_penalties,
        }
        for p in case.parties.all()
    ]


def decision_number(case: Case) -> str:
    """The 行政处罚决定书 文号 of a decided case (the case number before one was issued)."""
    decisions = sorted(
        (d for d in case.documents.all() if d.kind == "penalty_decision"), key=lambda d: d.pk
    )
    decision = decisions[0] if decisions else None  # the unit's, issued first
    return decision.number if decision else case.number
