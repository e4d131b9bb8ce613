"""Pre-aggregated monthly figures (rollup) for S1 and S2.

Every figure of `figures.TABLES` is, for a whole month, either

* **additive** (a count or a sum whose condition places each record in one month): stored as
  `MonthlyFigure(scope, month, department | 区划代码, row, key, value)`; a period's value is the
  sum over its months;
* **distinct** (the 家 figures: 检查企业数量, 现场紧急处置, 提请关闭, 责令停产停业, S2 抽查 figures):
  stored as `MonthlyFact(…, item=enterprise)`; a period's value is the number of distinct items
  over its months;
* **until** (S2 已完成整改 figures and 挂牌督办): `MonthlyFact(…, item=hazard, until=销号月)`;
  “已完成整改 by the period's end” is `until <= the period's last month`.

Scope `dept` holds a department's figures (keyed by the owning department, as `Unit.q` does),
scope `region` the figures by the town of the record's 区划代码 (its first nine digits: the
smallest reporting unit is a town, and a county or town unit sums the towns under its prefix;
keying by village would only multiply the rows a county reads).
Both are computed with the figures' own conditions (`Figure.when` for one month), so the rollup
cannot count differently from the raw computation.

**Maintenance.** Signals on every record model the figures read mark the months a change touches
(old and new dates) as dirty (`DirtyMonth`) in the same transaction as the change; a read first
recomputes the dirty months (`refresh`), so a table never reads a stale month. A change of an
enterprise's sector or 区划 marks every month. `anjian stats-rebuild` recomputes every month from
the raw rows; `anjian stats-check` recomputes them in memory and reports every difference from
what is stored.
"""

from __future__ import annotations

import calendar
from collections import defaultdict
from datetime import date, datetime
from decimal import Decimal

from django.db import transaction
from django.db.models import Count, F, Q, Sum
from django.db.models.functions import Substr, TruncMonth
from django.utils import timezone

from .figures import DASHBOARD_FIGURES, OTHER_ROW, TABLES, Period, Unit, any_of, figure, records

ALL = date(1, 1, 1)  # DirtyMonth marker: every month
TOWN = 9  # digits of a 区划代码 that name its town (乡镇/街道): the region scope's key
UNTIL_KEYS = {"self_major_fixed": "self_major", "insp_major_fixed": "insp_major"}
SUPERVISED = ("supervised", "supervised_fixed")


def _all_figures():
    seen = {}
    for table in ("s1", "s2"):
        for f in TABLES[table]:
            seen.setdefault(f.key, f)
    for f in DASHBOARD_FIGURES:
        seen.setdefault(f.key, f)
    return list(seen.values())


def kind_of(f) -> str:
    if f.key == "emergency":
        return "emergency"
    if f.key in UNTIL_KEYS or f.key in SUPERVISED:
        return "until"
    if f.measure == "enterprises":
        return "distinct"
    return "additive"


def month_start(d) -> date:
    if isinstance(d, datetime):
        d = timezone.localtime(d).date() if timezone.is_aware(d) else d.date()
    return date(d.year, d.month, 1)


def months_between(start: date, end: date) -> list[date]:
    out, y, m = [], start.year, start.month
    while (y, m) <= (end.year, end.month):
        out.append(date(y, m, 1))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


# --------------------------------------------------------------------------- one month from raw


def month_cube(month: date) -> tuple[dict, set]:
    """({(scope, dept, region, row, key): value}, {(scope, dept, region, row, key, item, until)})
    of one month, from the raw rows."""
    from anjian.accounts.models import Department, Region

    p = Period.month(month.year, month.month)
    figs: dict = defaultdict(Decimal)
    facts: set = set()
    by_source: dict = defaultdict(list)
    for f in _all_figures():
        if kind_of(f) == "additive":
            by_source[f.source].append(f)
    for fs in by_source.values():
        src = fs[0].src
        conds = [f.when(p, None) for f in fs]
        qs = src.model_class.objects.filter(any_of(conds)).annotate(_row=src.row_expr())
        aggs = {f.key: f.aggregate(p, None) for f in fs}
        for scope, path in (("dept", src.dept_field), ("region", src.region_field)):
            g = F(path) if scope == "dept" else Substr(path, 1, TOWN)
            grouped = qs.annotate(_g=g).values("_g", "_row").annotate(**aggs).order_by()
            for rec in grouped:
                if rec["_g"] is None:
                    continue
                dept, region = (rec["_g"], "") if scope == "dept" else (None, rec["_g"])
                for f in fs:
                    v = rec[f.key] or 0
                    if v:
                        figs[(scope, dept, region, rec["_row"] or "", f.key)] += Decimal(v)
    for f in _all_figures():
        k = kind_of(f)
        if k == "distinct":
            src = f.src
            qs = src.model_class.objects.filter(f.when(p, None)).annotate(_row=src.row_expr())
            for scope, path in (("dept", src.dept_field), ("region", src.region_field)):
                rows = qs.values_list(path, "_row", src.enterprise).distinct().order_by()
                for g, row, ent in rows:
                    if g is None or ent is None:
                        continue
                    dept, region = (g, "") if scope == "dept" else (None, g[:TOWN])
                    facts.add((scope, dept, region, row or "", f.key, ent, None))
        elif k == "until" and f.key in UNTIL_KEYS:
            base = figure("s2", UNTIL_KEYS[f.key]).when(p, None) & Q(status="closed")
            _hazard_facts(facts, f.key, base, p)
    _hazard_facts(facts, "supervised", figure("s2", "supervised").when(p, None), p)
    if not _has_emergency(p):
        return dict(figs), facts
    for d in Department.objects.select_related("region"):
        unit = Unit(department=d)
        for ent, row, _region in _emergency(unit, p):
            facts.add(("dept", d.pk, "", row or "", "emergency", ent, None))
    for county in Region.objects.filter(level="county"):
        for ent, row, region in _emergency(Unit(region=county), p):
            facts.add(("region", None, region[:TOWN], row or "", "emergency", ent, None))
    return dict(figs), facts


def _has_emergency(p) -> bool:
    from anjian.hazards.models import Disposal, OnSiteMeasure

    lo, hi = p.instants()
    return (
        Disposal.objects.filter(decided_at__gte=lo, decided_at__lt=hi).exists()
        or OnSiteMeasure.objects.filter(decided_at__gte=lo, decided_at__lt=hi).exists()
    )


def _emergency(unit, p):
    return records("s1", "emergency", unit, p).values_list(
        "pk", "primary_sector__stats_row", "region_id"
    )


def _hazard_facts(facts: set, key: str, cond: Q, p: Period) -> None:
    from anjian.hazards.models import Hazard

    qs = Hazard.objects.filter(cond).values_list(
        "pk", "department_id", "region_code", "enterprise__primary_sector__stats_row", "status",
        "closed_at",
    )  # fmt: skip
    for pk, dept, region, row, status, closed_at in qs:
        until = month_start(closed_at) if status == "closed" and closed_at else None
        if dept is not None:
            facts.add(("dept", dept, "", row or "", key, pk, until))
        facts.add(("region", None, region[:TOWN], row or "", key, pk, until))


# --------------------------------------------------------------------------- stored


def _stored(month: date) -> tuple[dict, set]:
    from .models import MonthlyFact, MonthlyFigure

    figs = {
        (r.scope, r.department_id, r.region_code, r.row, r.key): r.value
        for r in MonthlyFigure.objects.filter(month=month)
    }
    facts = {
        (r.scope, r.department_id, r.region_code, r.row, r.key, r.item, r.until)
        for r in MonthlyFact.objects.filter(month=month)
    }
    return figs, facts


def rebuild_month(month: date) -> None:
    from .models import MonthlyFact, MonthlyFigure

    figs, facts = month_cube(month)
    with transaction.atomic():
        MonthlyFigure.objects.filter(month=month).delete()
        MonthlyFact.objects.filter(month=month).delete()
        MonthlyFigure.objects.bulk_create(
            [
                MonthlyFigure(scope=s, month=month, department_id=d, region_code=r, row=row,
                              key=k, value=v)
                for (s, d, r, row, k), v in figs.items()
            ],
            batch_size=2000,
        )  # fmt: skip
        MonthlyFact.objects.bulk_create(
            [
                MonthlyFact(scope=s, month=month, department_id=d, region_code=r, row=row, key=k,
                            item=i, until=u)
                for (s, d, r, row, k, i, u) in facts
            ],
            batch_size=2000,
        )  # fmt: skip


def data_months() -> list[date]:
    """Every month any record the figures read has a date in (months without records have no
    figures)."""
    from anjian.enforcement.models import Case, CaseParty, Document, Exposure, Sanction, Transfer
    from anjian.hazards.models import Disposal, Hazard, OnSiteMeasure, Supervision
    from anjian.inspections.models import Inspection

    months: set = set()
    for model, fields in (
        (Inspection, ["inspected_on"]), (Hazard, ["found_at", "closed_at"]),
        (Case, ["filed_on", "decided_on"]), (CaseParty, ["decided_on"]),
        (Document, ["issued_on"]), (Exposure, ["published_on"]), (Transfer, ["issued_on"]),
        (Sanction, ["decided_on"]), (Disposal, ["decided_at"]), (OnSiteMeasure, ["decided_at"]),
        (Supervision, ["issued_on"]),
    ):  # fmt: skip
        for name in fields:
            qs = model.objects.filter(**{f"{name}__isnull": False})
            for v in qs.annotate(_m=TruncMonth(name)).values_list("_m", flat=True).distinct():
                months.add(month_start(v))
    return sorted(months)


# --------------------------------------------------------------------------- open hazards now

NO_DEADLINE = date(9999, 12, 31)


def open_key(status, region_code, department_id, deadline):
    """The OpenHazard row a hazard in this state counts in (None: not open)."""
    from anjian.hazards.models import OPEN_STATUSES

    if status not in OPEN_STATUSES or not region_code:
        return None
    return (region_code[:TOWN], department_id or 0, deadline or NO_DEADLINE)


def tally(key, delta: int) -> None:
    from .models import OpenHazard

    town, dept, deadline = key
    row, _ = OpenHazard.objects.get_or_create(town=town, department_id=dept, deadline=deadline)
    OpenHazard.objects.filter(pk=row.pk).update(n=F("n") + delta)


def _open_raw() -> dict:
    from anjian.hazards.models import OPEN_STATUSES, Hazard

    out: dict = defaultdict(int)
    qs = (
        Hazard.objects.filter(status__in=OPEN_STATUSES)
        .exclude(region_code="")
        .annotate(t=Substr("region_code", 1, TOWN))
        .values("t", "department_id", "deadline")
        .annotate(n=Count("id"))
        .order_by()
    )
    for r in qs:
        out[(r["t"], r["department_id"] or 0, r["deadline"] or NO_DEADLINE)] += r["n"]
    return dict(out)


def _open_stored() -> dict:
    from .models import OpenHazard

    return {(r.town, r.department_id, r.deadline): r.n for r in OpenHazard.objects.filter(n__gt=0)}


def rebuild_open() -> None:
    from .models import OpenHazard

    with transaction.atomic():
        OpenHazard.objects.all().delete()
        OpenHazard.objects.bulk_create(
            [OpenHazard(town=t, department_id=d, deadline=dl, n=n)
             for (t, d, dl), n in _open_raw().items()],
            batch_size=2000,
        )  # fmt: skip


def open_by_town(unit: Unit, today: date) -> dict:
    """{town code: (open, overdue)} of the hazards open now under a region unit."""
    from .models import OpenHazard

    refresh()
    qs = (
        OpenHazard.objects.filter(town__startswith=unit.region.prefix[:TOWN], n__gt=0)
        .values("town")
        .annotate(open=Sum("n"), overdue=Sum("n", filter=Q(deadline__lt=today)))
        .order_by()
    )
    return {r["town"]: (r["open"] or 0, r["overdue"] or 0) for r in qs}


def rebuild_all() -> int:
    from .models import DirtyMonth, MonthlyFact, MonthlyFigure

    months = data_months()
    rebuild_open()
    with transaction.atomic():
        MonthlyFigure.objects.exclude(month__in=months).delete()
        MonthlyFact.objects.exclude(month__in=months).delete()
        for m in months:
            rebuild_month(m)
        DirtyMonth.objects.all().delete()
    return len(months)


def refresh() -> int:
    """Recompute the months marked dirty (the read path calls this first)."""
    from .models import DirtyMonth

    dirty = list(DirtyMonth.objects.values_list("month", flat=True))
    if not dirty:
        return 0
    if ALL in dirty:
        return rebuild_all()
    with transaction.atomic():
        for m in dirty:
            rebuild_month(m)
        DirtyMonth.objects.filter(month__in=dirty).delete()
    return len(dirty)


def check() -> list[str]:
    """Every difference between the stored rollup and a recomputation from the raw rows (after
    the dirty months are refreshed, as a read would)."""
    from .models import MonthlyFact, MonthlyFigure

    refresh()
    months = set(data_months())
    months |= set(MonthlyFigure.objects.values_list("month", flat=True).distinct())
    months |= set(MonthlyFact.objects.values_list("month", flat=True).distinct())
    out = []
    want, have = _open_raw(), _open_stored()
    for k in sorted(set(want) | set(have), key=str):
        if want.get(k, 0) != have.get(k, 0):
            out.append(
                f"未整改隐患 {'/'.join(map(str, k))}: 原始记录 {want.get(k, 0)}，汇总 {have.get(k, 0)}"
            )
    for m in sorted(months):
        want_f, want_x = month_cube(m)
        have_f, have_x = _stored(m)
        for k in sorted(set(want_f) | set(have_f), key=str):
            a, b = want_f.get(k, Decimal(0)), have_f.get(k, Decimal(0))
            if Decimal(a) != Decimal(b):
                out.append(f"{m:%Y-%m} {'/'.join(map(str, k))}: 原始记录 {a}，汇总 {b}")
        for k in sorted(want_x - have_x, key=str):
            out.append(f"{m:%Y-%m} {'/'.join(map(str, k))}: 汇总缺少")
        for k in sorted(have_x - want_x, key=str):
            out.append(f"{m:%Y-%m} {'/'.join(map(str, k))}: 汇总多出")
    return out


# --------------------------------------------------------------------------- read


def covers(unit: Unit) -> bool:
    """The rollup holds departments, counties and towns (not villages: the region scope is keyed
    by town)."""
    return unit.is_department or len(unit.region.prefix) <= TOWN


def _scope(unit: Unit) -> Q:
    if unit.is_department:
        return Q(scope="dept", department_id=unit.department.pk)
    if not covers(unit):
        raise ValueError(f"the rollup holds no unit below a town: {unit.region.code}")
    return Q(scope="region", region_code__startswith=unit.region.prefix)


def read(table: str, unit: Unit, period: Period) -> dict:
    """{row: {figure key: value}} of the table from the rollup (the same shape as the raw
    computation's `_grouped`)."""
    from .models import MonthlyFact, MonthlyFigure

    refresh()
    by_row = table == "s1"
    lo, hi = month_start(period.start), month_start(period.end)
    scope = _scope(unit)
    base = Q(month__gte=lo, month__lte=hi) & scope
    figs = TABLES[table]
    out: dict = {}

    def put(row, key, v):
        row = (row or OTHER_ROW) if by_row else ""
        bucket = out.setdefault(row, {})
        bucket[key] = bucket.get(key, 0) + v

    add = [f.key for f in figs if kind_of(f) == "additive"]
    for r in (
        MonthlyFigure.objects.filter(base, key__in=add)
        .values("row", "key")
        .annotate(v=Sum("value"))
        .order_by()
    ):
        v = r["v"]
        put(r["row"], r["key"], v if figure(table, r["key"]).unit == "万元" else int(v))
    group = ["row", "key"] if by_row else ["key"]
    distinct = [f.key for f in figs if kind_of(f) in ("distinct", "emergency")]
    until = [f.key for f in figs if f.key in UNTIL_KEYS]
    queries = [(Q(key__in=distinct), None)]
    if until:
        queries.append((Q(key__in=until, until__lte=hi), None))
    if any(f.key == "supervised" for f in figs):
        queries.append((Q(key="supervised"), "supervised"))
        queries.append((Q(key="supervised", until__lte=hi), "supervised_fixed"))
    for cond, as_key in queries:
        qs = (
            MonthlyFact.objects.filter(base & cond)
            .values(*group)
            .annotate(n=Count("item", distinct=True))
            .order_by()
        )
        for r in qs:
            put(r.get("row", ""), as_key or r["key"], r["n"])
    return out


def last_day(month: date) -> date:
    return date(month.year, month.month, calendar.monthrange(month.year, month.month)[1])


def sums(unit: Unit, first: date, last: date, keys, by: str = "") -> dict:
    """{(group, key): value} of additive figures over the months first … last (inclusive) of
    the unit: `by` = "month", "row", "group" (a department unit's own department, or a region
    unit's 区划代码) or "" (the unit's total). For the dashboard (S3)."""

    refresh()
    return _sums(_scope(unit), first, last, keys, by)


def dept_sums(department_ids, first: date, last: date, keys) -> dict:
    """{(department id, key): value} of additive figures of the departments (scope dept)."""
    refresh()
    return _sums(Q(scope="dept", department_id__in=list(department_ids)), first, last, keys, "dept")


def _sums(scope: Q, first: date, last: date, keys, by: str) -> dict:
    from .models import MonthlyFigure

    field = {"month": "month", "row": "row", "group": "region_code", "dept": "department_id"}
    group = [field[by]] if by else []
    qs = (
        MonthlyFigure.objects.filter(scope, month__gte=month_start(first), month__lte=month_start(last),
                                     key__in=list(keys))
        .values(*group, "key")
        .annotate(v=Sum("value"))
        .order_by()
    )  # fmt: skip
    return {(r[group[0]] if group else "", r["key"]): r["v"] for r in qs}
