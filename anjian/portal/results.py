"""事后公开 besides decisions: 双随机 results once the inspections are done, and the totals of a
year (published by 31 January of the next: computed from the records, so available from 1
January)."""

from datetime import date
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from anjian.accounts.models import Department, User
from anjian.enforcement.models import Case, CaseParty
from anjian.enforcement.services.common import DECIDED_STAGES
from anjian.enforcement.services.publication import mask_name
from anjian.inspections.models import Draw, Inspection

from .models import Publication


def published_draws(today: date | None = None):
    """Draws whose department published the result and whose inspection day has passed."""
    today = today or timezone.localdate()
    return (
        Draw.objects.filter(published_at__isnull=False, inspection_date__lte=today)
        .select_related("department")
        .order_by("-inspection_date", "-id")
    )


def draw_outcomes(draw: Draw) -> list[dict]:
    """Per drawn enterprise: inspected or not yet, the findings and the follow-up."""
    inspections = {
        i.enterprise_id: i
        for i in Inspection.objects.filter(draw=draw, status="submitted").annotate(
            n_hazards=Count("findings", filter=Q(findings__kind="hazard")),
            n_violations=Count("findings", filter=Q(findings__kind="violation")),
        )
    }
    cases = set(
        Case.objects.filter(inspection__draw=draw).values_list(
            "inspection__enterprise_id", flat=True
        )
    )
    ids = {i for a in draw.result.get("assignments", []) for i in a.get("inspectors", [])}
    users = {u.pk: u for u in User.objects.filter(pk__in=ids)}
    out = []
    for a in draw.result.get("assignments", []):
        insp = inspections.get(a["enterprise"])
        if insp is None:
            outcome = _("尚未完成检查")
        elif a["enterprise"] in cases:
            outcome = _("发现违法行为，已立案查处")
        elif insp.n_hazards or insp.n_violations:
            outcome = _("发现问题%(n)d项，已责令整改") % {"n": insp.n_hazards + insp.n_violations}
        else:
            outcome = _("未发现问题")
        team = [users[i] for i in a.get("inspectors", []) if i in users]
        out.append(
            {
                "enterprise": a.get("name", ""),
                "town": a.get("town", ""),
                "inspected_on": insp.inspected_on.isoformat() if insp else None,
                "hazards": insp.n_hazards if insp else 0,
                "violations": insp.n_violations if insp else 0,
                "outcome": outcome,
                "inspectors": [
                    {"name": mask_name(u.full_name or u.username), "cert_no": u.cert_no}
                    for u in team
                ],
            }
        )
    return out


def draw_record(draw: Draw) -> dict:
    return {
        "id": draw.pk,
        "title": draw.title,
        "department": draw.department.name,
        "inspection_date": draw.inspection_date.isoformat(),
        "drawn": len(draw.result.get("assignments", [])),
        "seed": draw.seed,
        "algorithm": draw.algorithm,
        "input_digest": draw.input_digest,
        "outcomes": draw_outcomes(draw),
    }


def year_totals(year: int) -> dict:
    """A year's totals, per department and in all."""
    rows = []
    for dept in Department.objects.order_by("id"):
        insp = Inspection.objects.filter(
            department=dept, status="submitted", inspected_on__year=year
        )
        decided = Case.objects.filter(
            department=dept, stage__in=DECIDED_STAGES, decided_on__year=year
        )
        fines = CaseParty.objects.filter(case__in=decided).aggregate(s=Sum("fine"))["s"]
        fines = Decimal(fines or 0).quantize(Decimal("0.01"))
        row = {
            "department": dept.name,
            "department_code": dept.code,
            "inspections": insp.count(),
            "random_inspections": insp.filter(draw__isnull=False).count(),
            "draws": Draw.objects.filter(department=dept, inspection_date__year=year).count(),
            "decisions": decided.count(),
            "fines": str(fines),
            "published": Publication.objects.filter(department=dept, decided_on__year=year)
            .filter(status="published")
            .count(),
            "withdrawn": Publication.objects.filter(
                department=dept, decided_on__year=year, status="withdrawn"
            ).count(),
        }
        if any(v for k, v in row.items() if k not in ("department", "department_code", "fines")):
            rows.append(row)
    keys = ("inspections", "random_inspections", "draws", "decisions", "published", "withdrawn")
    total = {k: sum(r[k] for r in rows) for k in keys}
    total["fines"] = str(sum((Decimal(r["fines"]) for r in rows), Decimal("0.00")))
    return {"year": year, "departments": rows, "total": total}
