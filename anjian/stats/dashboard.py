"""S3 dashboard figures: trends, breakdowns, overdue hazards, rankings, 零执法/零处罚, 以罚代管.

Every figure is a grouped aggregate (a handful of queries per block); see docs/counting-rules.md.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Exists, F, Max, Min, OuterRef, Q, Sum
from django.db.models.functions import Substr, TruncMonth
from django.urls import reverse
from django.utils import timezone

from anjian.accounts.models import Department, Region
from anjian.core.context import capped_count

from . import rollup
from .figures import Period, Unit, at_time, figure, format_value, on_day, to_wan, use_rollup

# 执法力度指数 = 检查次数 + 发现隐患数 + 5 × 立案数 + 执法文书数 (see docs/counting-rules.md).
INTENSITY_WEIGHTS = {"inspections": 1, "hazards": 1, "cases": 5, "documents": 1}
REVIEW_EVENTS = ("review_pass", "review_fail", "close_immediate")


def _m():
    from anjian.enforcement.models import Case, CaseParty, Document
    from anjian.hazards.models import Hazard, HazardEvent
    from anjian.inspections.models import Inspection

    return Inspection, Hazard, HazardEvent, Case, CaseParty, Document


def months_back(year: int, month: int, n: int) -> list[tuple[int, int]]:
    out = []
    for _ in range(n):
        out.append((year, month))
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return out[::-1]


def _month_key(v) -> tuple[int, int] | None:
    if v is None:
        return None
    if hasattr(v, "astimezone") and timezone.is_aware(v):
        v = timezone.localtime(v)
    return (v.year, v.month)


def trends(unit: Unit, year: int, month: int, n: int = 12) -> dict:
    """Per month: submitted inspections, hazards found (all sources), rectification rate (% of
    the month's hazards closed by now), tips received and accidents."""
    Inspection, Hazard, *_ = _m()
    months = months_back(year, month, n)
    span = Period(Period.month(*months[0]).start, Period.month(*months[-1]).end, True)
    if use_rollup():
        got = rollup.sums(
            unit, span.start, span.end, ("teams", "d_found", "d_found_closed"), "month"
        )
        i_by = {_month_key(m): int(v) for (m, k), v in got.items() if k == "teams"}
        h_by = {}
        for (m, k), v in got.items():
            if k in ("d_found", "d_found_closed"):
                found, closed = h_by.get(_month_key(m), (0, 0))
                h_by[_month_key(m)] = (
                    (found + int(v), closed) if k == "d_found" else (found, closed + int(v))
                )
    else:
        i_by, h_by = _trends_raw(unit, span)
    return _trend_series(unit, months, span, i_by, h_by)


def _trends_raw(unit: Unit, span: Period):
    Inspection, Hazard, *_ = _m()
    insp = (
        Inspection.objects.filter(unit.q("department_id", "region_code"), status="submitted")
        .filter(on_day("inspected_on", span))
        .annotate(m=TruncMonth("inspected_on"))
        .values("m")
        .annotate(n=Count("id"))
        .order_by()
    )
    haz = (
        Hazard.objects.filter(unit.q("department_id", "region_code"))
        .filter(at_time("found_at", span))
        .annotate(m=TruncMonth("found_at"))
        .values("m")
        .annotate(n=Count("id"), closed=Count("id", filter=Q(status="closed")))
        .order_by()
    )
    i_by = {_month_key(r["m"]): r["n"] for r in insp}
    h_by = {_month_key(r["m"]): (r["n"], r["closed"]) for r in haz}
    return i_by, h_by


def _trend_series(unit: Unit, months, span: Period, i_by: dict, h_by: dict) -> dict:
    from anjian.accidents.models import Accident
    from anjian.tips.models import Tip

    tips = (
        Tip.objects.filter(_tips_q(unit))
        .exclude(status__in=("rejected", "merged"))
        .filter(at_time("received_at", span))
        .annotate(m=TruncMonth("received_at"))
        .values("m")
        .annotate(n=Count("id"))
        .order_by()
    )
    accs = (
        Accident.objects.filter(_accidents_q(unit))
        .filter(at_time("occurred_at", span))
        .annotate(m=TruncMonth("occurred_at"))
        .values("m")
        .annotate(n=Count("id"))
        .order_by()
    )
    t_by = {_month_key(r["m"]): r["n"] for r in tips}
    a_by = {_month_key(r["m"]): r["n"] for r in accs}
    out = {"labels": [], "inspections": [], "hazards": [], "rate": [], "tips": [], "accidents": []}
    for ym in months:
        found, closed = h_by.get(ym, (0, 0))
        out["labels"].append(f"{ym[0]}-{ym[1]:02d}")
        out["inspections"].append(i_by.get(ym, 0))
        out["hazards"].append(found)
        out["rate"].append(round(100 * closed / found, 1) if found else None)
        out["tips"].append(t_by.get(ym, 0))
        out["accidents"].append(a_by.get(ym, 0))
    return out


def _tips_q(unit: Unit) -> Q:
    """Tips (举报) of the unit: a department's are those assigned to it for verification; a
    region's are those located in it."""
    return unit.q("department_id", "region__code")


def _accidents_q(unit: Unit) -> Q:
    """Accidents (生产安全事故) of the unit. An accident belongs to no department: a department
    sees those of enterprises whose primary sector it supervises, within its region."""
    if unit.is_department:
        d = unit.department
        return Q(region_code__startswith=d.region.prefix) & Q(
            enterprise__primary_sector__departments=d.pk
        )
    return Q(region_code__startswith=unit.region.prefix)


def tips_accidents(unit: Unit, period: Period) -> dict:
    """The period's tips (received, of which verified true or partly true, still unconcluded)
    and accidents (count, deaths, serious injuries) of the unit."""
    from anjian.accidents.models import Accident
    from anjian.tips.models import Tip

    tips = (
        Tip.objects.filter(_tips_q(unit))
        .filter(at_time("received_at", period))
        .exclude(status__in=("rejected", "merged"))
        .aggregate(
            received=Count("id"),
            verified=Count("id", filter=Q(status="concluded", result__in=("true", "partial"))),
            open=Count("id", filter=~Q(status="concluded")),
        )
    )
    acc = (
        Accident.objects.filter(_accidents_q(unit))
        .filter(at_time("occurred_at", period))
        .aggregate(n=Count("id"), deaths=Sum("deaths"), injuries=Sum("serious_injuries"))
    )
    return {
        "tips": tips,
        "accidents": {k: v or 0 for k, v in acc.items()},
    }


def _towns(unit: Unit) -> dict[str, Region]:
    region = unit.department.region if unit.is_department else unit.region
    towns = Region.objects.filter(level="town", code__startswith=region.prefix)
    return {t.code[:9]: t for t in towns}


def by_town(unit: Unit, period: Period) -> list[dict]:
    """Per town: the month's inspections and hazards found (from the rollup for a region unit),
    and hazards open now, of which overdue (the OpenHazard tally, not a scan of the ledger)."""
    if not (use_rollup() and not unit.is_department):
        return _by_town_raw(unit, period)
    today = timezone.localdate()
    towns = _towns(unit)
    rows = {code: {"town": t, "inspections": 0, "found": 0, "open": 0, "overdue": 0}
            for code, t in towns.items()}  # fmt: skip
    got = rollup.sums(unit, period.start, period.end, ("teams", "d_found"), "group")
    for (code, k), v in got.items():
        r = rows.get(code[:9])
        if r is not None:
            r["inspections" if k == "teams" else "found"] += int(v)
    for code, (n_open, n_overdue) in rollup.open_by_town(unit, today).items():
        if code in rows:
            rows[code].update(open=n_open, overdue=n_overdue)
    return sorted(rows.values(), key=lambda r: r["town"].code)


def _by_town_raw(unit: Unit, period: Period) -> list[dict]:
    Inspection, Hazard, *_ = _m()
    today = timezone.localdate()
    towns = _towns(unit)
    insp = (
        Inspection.objects.filter(unit.q("department_id", "region_code"), status="submitted")
        .filter(on_day("inspected_on", period))
        .annotate(t=Substr("region_code", 1, 9))
        .values("t")
        .annotate(n=Count("id"))
        .order_by()
    )
    hz = Hazard.objects.filter(unit.q("department_id", "region_code"))
    haz = (
        hz.filter(at_time("found_at", period) | Q(status__in=("pending", "rectifying", "review")))
        .annotate(t=Substr("region_code", 1, 9))
        .values("t")
        .annotate(
            found=Count("id", filter=at_time("found_at", period)),
            open=Count("id", filter=~Q(status="closed")),
            overdue=Count("id", filter=~Q(status="closed") & Q(deadline__lt=today)),
        )
        .order_by()
    )
    rows = {code: {"town": t, "inspections": 0, "found": 0, "open": 0, "overdue": 0}
            for code, t in towns.items()}  # fmt: skip
    for r in insp:
        if r["t"] in rows:
            rows[r["t"]]["inspections"] = r["n"]
    for r in haz:
        if r["t"] in rows:
            rows[r["t"]].update(found=r["found"], open=r["open"], overdue=r["overdue"])
    return sorted(rows.values(), key=lambda r: r["town"].code)


def by_sector(unit: Unit, period: Period) -> list[dict]:
    if not use_rollup():
        return _by_sector_raw(unit, period)
    got = rollup.sums(unit, period.start, period.end, ("teams", "d_found", "d_found_major"), "row")
    out: dict = {}
    name = {"teams": "inspections", "d_found": "found", "d_found_major": "major"}
    for (row, k), v in got.items():
        row = row or None
        out.setdefault(row, {"sector": row, "inspections": 0, "found": 0, "major": 0})
        out[row][name[k]] += int(v)
    out = {k: r for k, r in out.items() if r["inspections"] or r["found"] or r["major"]}
    return sorted(out.values(), key=lambda r: (-(r["inspections"] + r["found"]), r["sector"] or ""))


def _by_sector_raw(unit: Unit, period: Period) -> list[dict]:
    Inspection, Hazard, *_ = _m()
    row = "enterprise__primary_sector__stats_row"
    insp = (
        Inspection.objects.filter(unit.q("department_id", "region_code"), status="submitted")
        .filter(on_day("inspected_on", period))
        .values(row)
        .annotate(n=Count("id"))
        .order_by()
    )
    haz = (
        Hazard.objects.filter(unit.q("department_id", "region_code"))
        .filter(at_time("found_at", period))
        .values(row)
        .annotate(found=Count("id"), major=Count("id", filter=Q(level="major")))
        .order_by()
    )
    out: dict = {}
    for r in insp:
        out.setdefault(r[row], {"sector": r[row], "inspections": 0, "found": 0, "major": 0})
        out[r[row]]["inspections"] = r["n"]
    for r in haz:
        out.setdefault(r[row], {"sector": r[row], "inspections": 0, "found": 0, "major": 0})
        out[r[row]].update(found=r["found"], major=r["major"])
    return sorted(out.values(), key=lambda r: (-(r["inspections"] + r["found"]), r["sector"] or ""))


def overdue(unit: Unit, limit: int = 20):
    _, Hazard, *_ = _m()
    qs = (
        Hazard.objects.filter(unit.q("department_id", "region_code"))
        .overdue(timezone.localdate())
        .select_related("enterprise", "department")
        .order_by("deadline", "id")
    )
    # a capped count ("1000+"): counting every overdue hazard of a province costs a scan
    return capped_count(qs, OVERDUE_CAP), list(qs[:limit])


OVERDUE_CAP = 1000


def _intensity(group: str, period: Period, base_unit: Unit, labels: dict) -> list[dict]:
    """Per department (group='department_id') or town (group='town'): the month's enforcement."""
    Inspection, Hazard, _, Case, CaseParty, Document = _m()

    def grouped(qs, expr_field, agg):
        if group == "town":
            qs = qs.annotate(g=Substr(expr_field, 1, 9))
        else:
            qs = qs.annotate(g=F(group))
        return {r["g"]: r["v"] for r in qs.values("g").annotate(v=agg).order_by()}

    if use_rollup():
        return _rank(_intensity_rollup(group, period, base_unit, labels), labels)
    uq = base_unit.q("department_id", "region_code")

    def when(key):  # the S1 figure's own condition, so the ranking counts what S1 counts
        return figure("s1", key).when(period, base_unit)

    metrics = {
        "inspections": grouped(
            Inspection.objects.filter(uq).filter(when("teams")), "region_code", Count("id")
        ),
        "hazards": grouped(
            Hazard.objects.filter(uq).filter(when("found")), "region_code", Count("id")
        ),
        "cases": grouped(Case.objects.filter(uq).filter(when("cases")), "region_code", Count("id")),
        "documents": grouped(
            Document.objects.filter(uq).filter(when("documents")), "region_code", Count("id")
        ),
    }
    pq = base_unit.q("case__department_id", "case__region_code")
    fines_qs = CaseParty.objects.filter(pq).filter(when("fines"))
    if group == "town":
        fines_qs = fines_qs.annotate(g=Substr("case__region_code", 1, 9))
    else:
        fines_qs = fines_qs.annotate(g=F("case__department_id"))
    fines = {r["g"]: r["v"] for r in fines_qs.values("g").annotate(v=Sum("fine")).order_by()}
    return _rank({**metrics, "fines": fines}, labels)


RANK_KEYS = {"inspections": "teams", "hazards": "found", "cases": "cases",
             "documents": "documents", "fines": "fines"}  # fmt: skip


def _intensity_rollup(group: str, period: Period, base_unit: Unit, labels: dict) -> dict:
    """The ranking's figures from the rollup: per department (scope dept) or per town (the
    region scope's 区划代码 under the town's prefix) — the S1 figures themselves."""
    keys = list(RANK_KEYS.values())
    if group == "town":
        got = rollup.sums(base_unit, period.start, period.end, keys, "group")
        got = [(code[:9], k, v) for (code, k), v in got.items()]
    else:
        got = rollup.dept_sums(labels, period.start, period.end, keys)
        got = [(d, k, v) for (d, k), v in got.items()]
    metrics: dict = {m: {} for m in RANK_KEYS}
    back = {v: m for m, v in RANK_KEYS.items()}
    for g, k, v in got:
        m = back[k]
        metrics[m][g] = metrics[m].get(g, 0) + (v if m == "fines" else int(v))
    return metrics


def _rank(metrics: dict, labels: dict) -> list[dict]:
    fines = metrics["fines"]
    rows = []
    for key, label in labels.items():
        r = {"key": key, "label": label}
        for m in INTENSITY_WEIGHTS:
            r[m] = metrics[m].get(key, 0)
        r["fines"] = to_wan(fines.get(key, 0))
        r["fines_text"] = format_value(r["fines"], "万元")
        r["score"] = sum(INTENSITY_WEIGHTS[m] * r[m] for m in INTENSITY_WEIGHTS)
        # 零执法: no enforcement at all in the month (no inspection, hazard, case, fine or
        # document); 零处罚: no case filed and no fine decided (a 简易程序 fine is a penalty)
        r["no_penalty"] = r["cases"] == 0 and not r["fines"]
        r["zero"] = r["score"] == 0 and not r["fines"]
        rows.append(r)
    rows.sort(key=lambda r: (-r["score"], -r["fines"], r["label"]))
    for n, r in enumerate(rows, start=1):
        r["rank"] = n
    return rows


def ranking(region_unit: Unit, period: Period) -> dict:
    """Monthly ranking of the region's departments and towns by 执法力度指数."""
    region = region_unit.region
    depts = {
        d.pk: d.name for d in Department.objects.filter(region__code__startswith=region.prefix)
    }
    towns = {code: t.name for code, t in _towns(region_unit).items()}
    return {
        "departments": _intensity("department_id", period, region_unit, depts),
        "towns": _intensity("town", period, region_unit, towns),
    }


def zero_units(rank: dict) -> dict:
    """零执法 and 零处罚 in the period, read from the ranking's own figures (one source): a unit
    ranked with any enforcement is never 零执法, one with a fine never 零处罚."""
    out = {}
    for kind in ("departments", "towns"):
        rows = rank[kind]
        out[kind] = {
            "no_inspection": [r["label"] for r in rows if r["zero"]],
            "no_penalty": [r["label"] for r in rows if r["no_penalty"]],
        }
    return out


def penalty_without_review(unit: Unit, as_of: date, limit: int = 50):
    """以罚代管: hazards penalised (linked to a decided case) and never reviewed afterwards (no
    整改复查 or 即查即改销号 on or after the decision date), and violation cases (cases about no
    hazard) decided and never reviewed afterwards (no 整改复查意见书 for the case or its
    enterprise on or after the decision date, and no later submitted inspection of the enterprise
    by the case's department). Returns (count, [PenaltyRow]) over both, oldest decision first."""
    hz, hz_n = _hazards_without_review(unit, as_of, limit)
    cs, cs_n = _cases_without_review(unit, as_of, limit)
    rows = sorted(hz + cs, key=lambda r: (r.penalised_on, r.kind, r.pk))[:limit]
    return hz_n + cs_n, rows


@dataclass
class PenaltyRow:
    kind: str  # hazard | case
    pk: int
    obj: object
    enterprise: object
    text: str
    penalised_on: date
    status: str
    url: str


def _hazards_without_review(unit: Unit, as_of: date, limit: int):
    """Two grouped queries over the case↔hazard links (not a subquery per hazard): each
    penalised hazard's first decision date, and each such hazard's last review; a hazard whose
    last review (if any) falls before its first decision is 以罚代管."""
    _, Hazard, HazardEvent, Case, *_ = _m()
    links = Case.hazards.through.objects.filter(
        case__decided_on__isnull=False, case__decided_on__lte=as_of
    ).filter(unit.q("hazard__department_id", "hazard__region_code"))
    first = dict(
        links.values("hazard_id").annotate(d=Min("case__decided_on")).values_list("hazard_id", "d")
        .order_by()
    )  # fmt: skip
    if not first:
        return [], 0
    # the penalised hazards' ids in pieces (an index lookup each, hz_event_review), not a
    # semi-join that scans the review events of every hazard
    ids, last = sorted(first), {}
    for i in range(0, len(ids), 5000):
        reviews = (
            HazardEvent.objects.filter(kind__in=REVIEW_EVENTS, hazard_id__in=ids[i : i + 5000])
            .values("hazard_id")
            .annotate(last=Max("at"))
            .values_list("hazard_id", "last")
            .order_by()
        )
        last.update((pk, timezone.localtime(at).date()) for pk, at in reviews)
    hit = sorted((d, pk) for pk, d in first.items() if pk not in last or last[pk] < d)
    shown = hit[:limit]
    objs = Hazard.objects.select_related("enterprise", "department").in_bulk(
        [pk for _, pk in shown]
    )
    rows = [
        PenaltyRow("hazard", pk, h, h.enterprise, h.description, d, h.get_status_display(),
                   reverse("hazards:detail", args=[pk]))
        for d, pk in shown
        if (h := objs.get(pk)) is not None
    ]  # fmt: skip
    return rows, len(hit)


def _cases_without_review(unit: Unit, as_of: date, limit: int):
    Inspection, _, _, Case, _, Document = _m()
    review_doc = Document.objects.filter(
        Q(case=OuterRef("pk")) | Q(enterprise=OuterRef("enterprise_id")),
        kind="review_opinion",
        issued_on__gte=OuterRef("decided_on"),
    )
    later_inspection = Inspection.objects.filter(
        enterprise=OuterRef("enterprise_id"),
        department=OuterRef("department_id"),
        status="submitted",
        inspected_on__gt=OuterRef("decided_on"),
    )
    qs = (
        Case.objects.filter(unit.q("department_id", "region_code"))
        .filter(decided_on__isnull=False, decided_on__lte=as_of, hazards__isnull=True)
        .filter(~Exists(review_doc), ~Exists(later_inspection))
        .select_related("enterprise")
        .order_by("decided_on", "id")
    )
    rows = [
        PenaltyRow("case", c.pk, c, c.enterprise, c.title, c.decided_on, c.get_stage_display(),
                   c.get_absolute_url())
        for c in qs[:limit]
    ]  # fmt: skip
    return rows, qs.count()


def build(unit: Unit, period: Period) -> dict:
    data = {
        "trends": trends(unit, period.year, period.month_no),
        "by_town": by_town(unit, period),
        "by_sector": by_sector(unit, period),
        "signals": tips_accidents(unit, period),
    }
    data["overdue_count"], data["overdue"] = overdue(unit)
    data["ypdg_count"], data["ypdg"] = penalty_without_review(unit, period.end)
    if not unit.is_department and unit.region.level == "county":
        data["ranking"] = ranking(unit, period)
        data["zero"] = zero_units(data["ranking"])
    return data
