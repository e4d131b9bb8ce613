"""Frozen submissions (报送) and their drift.

When a unit submits its table, the figures (`Submission.figures`) and the records behind each
figure (`Submission.records`) are frozen. Records may change afterwards (an inspection amended, a
hazard registered late, a case's fine corrected, a record deleted): the table then shows which
figures drifted from what was submitted and why — the records added to and removed from the
figure (“+2 隐患”, each linked to its record) and, for 罚款, the parties whose amount changed.
The 安委办 sees on /stats/submissions/ which submissions drifted.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from .drilldown import RELATED, _viewable, describe
from .figures import TABLES, Period, Unit, format_value, records, to_wan

SHOW = 20  # records listed per direction and figure


def _sum_field(f) -> str | None:
    return f.measure.split(":", 1)[1] if f.measure.startswith("sum:") else None


def freeze(table: str, unit: Unit, period: Period) -> dict:
    """{figure key: sorted pks} (罚款: {pk: amount in 元}) of the records each figure counts."""
    out: dict = {}
    for f in TABLES[table]:
        qs = records(table, f.key, unit, period).order_by()
        amount = _sum_field(f)
        if amount:
            out[f.key] = {str(pk): str(v or 0) for pk, v in qs.values_list("pk", amount)}
        else:
            out[f.key] = sorted(qs.values_list("pk", flat=True))
    return out


@dataclass
class FigureDrift:
    figure: object
    frozen: str  # value as submitted, written as the table writes it
    current: str
    added: list = field(default_factory=list)  # drill-down lines (describe()) of added records
    removed: list = field(default_factory=list)
    changed: list = field(default_factory=list)
    n_added: int = 0
    n_removed: int = 0
    n_changed: int = 0

    label: str = ""  # the figure's label as the page shows it (set by the view)

    @property
    def parts(self) -> list:
        """[(added|removed|changed, count, lines)] of the directions that have records."""
        return [
            (sign, n, lines)
            for sign, n, lines in (
                ("added", self.n_added, self.added),
                ("removed", self.n_removed, self.removed),
                ("changed", self.n_changed, self.changed),
            )
            if n
        ]

    @property
    def what(self) -> str:
        f = self.figure
        return "企业" if f.measure == "enterprises" else f.src.label


def submission_unit(sub) -> Unit:
    return Unit(department=sub.department) if sub.department_id else Unit(region=sub.region)


def submission_period(sub) -> Period:
    return Period.to_month(sub.year, sub.month, sub.period_start)


def _lines(user, model, pks, f) -> list:
    if not pks:
        return []
    shown = sorted(pks)[:SHOW]
    objs = list(model.objects.select_related(*RELATED.get(model.__name__, [])).filter(pk__in=shown))
    ok = _viewable(user, objs) if user is not None else {o.pk for o in objs}
    found = {o.pk for o in objs}
    lines = []
    for o in objs:
        d = describe(o)
        d.update(pk=o.pk, url=d["url"] if o.pk in ok else None)
        lines.append(d)
    for pk in shown:
        if pk not in found:  # deleted since
            lines.append(dict(pk=pk, day=None, ent=None, text=f"#{pk}", url=None, deleted=True))
    return lines


def changed_since(sub):
    """The last change of a record in the submission's months (None: none recorded)."""
    from django.db.models import Max

    from .models import MonthStamp
    from .rollup import ALL, month_start, months_between

    months = months_between(month_start(sub.period_start), month_start(sub.period_end))
    stamp = MonthStamp.objects.filter(month__in=[ALL, *months]).aggregate(m=Max("changed_at"))
    return stamp["m"]


def drift_sets(sub) -> dict | None:
    """{figure key: {old, cur, added, removed, changed (first SHOW pks each), n_added, …}} of the
    figures that differ from the records now.

    Computed from the raw rows only when a record of the period changed after the submission,
    and then once per change: the result is kept on the submission with the change's time (the
    frozen record lists, large at province scale, are read only then). None: the submission
    has no frozen records (made before they were kept)."""
    stamp = changed_since(sub)
    if stamp is None or stamp < sub.submitted_at:
        return {}
    key = stamp.isoformat()
    cache = sub.drift_cache or {}
    if cache.get("stamp") == key:
        return cache["figs"]
    if not sub.records:  # submitted before records were frozen: drift() compares the values
        return None
    unit, period = submission_unit(sub), submission_period(sub)
    now = freeze(sub.table, unit, period)
    figs = {}
    for f in TABLES[sub.table]:
        before, after = sub.records.get(f.key), now[f.key]
        if before is None:
            continue
        if _sum_field(f):
            b, a = dict(before), after
            added = {int(k) for k in a.keys() - b.keys()}
            removed = {int(k) for k in b.keys() - a.keys()}
            changed = {int(k) for k in a.keys() & b.keys() if Decimal(a[k]) != Decimal(b[k])}
            cur = to_wan(sum((Decimal(v) for v in a.values()), Decimal(0)))
            old = to_wan(sum((Decimal(v) for v in b.values()), Decimal(0)))
        else:
            bs, as_ = set(before), set(after)
            added, removed, changed = as_ - bs, bs - as_, set()
            cur, old = len(as_), len(bs)
        if not (added or removed or changed):
            continue
        figs[f.key] = {
            "old": format_value(old, f.unit), "cur": format_value(cur, f.unit),
            **{name: sorted(pks)[:SHOW] for name, pks in
               (("added", added), ("removed", removed), ("changed", changed))},
            **{f"n_{name}": len(pks) for name, pks in
               (("added", added), ("removed", removed), ("changed", changed))},
        }  # fmt: skip
    sub.drift_cache = {"stamp": key, "figs": figs}
    type(sub).objects.filter(pk=sub.pk).update(drift_cache=sub.drift_cache)
    return figs


def drift(sub, user=None) -> list[FigureDrift]:
    """The figures of a submission that differ from the records now, with the records why."""
    sets = drift_sets(sub)
    if sets is None:  # submitted before records were frozen: compare the values only
        return _value_drift(sub)
    out = []
    for f in TABLES[sub.table]:
        d = sets.get(f.key)
        if not d:
            continue
        model = f.src.model_class
        if f.measure == "enterprises" and f.src.model != "Enterprise":
            from anjian.registry.models import Enterprise

            model = Enterprise
        out.append(
            FigureDrift(
                f, d["old"], d["cur"], _lines(user, model, d["added"], f),
                _lines(user, model, d["removed"], f), _lines(user, model, d["changed"], f),
                d["n_added"], d["n_removed"], d["n_changed"],
            )
        )  # fmt: skip
    return out


def _value_drift(sub) -> list[FigureDrift]:
    from .figures import compute

    t = compute(sub.table, submission_unit(sub), submission_period(sub))
    frozen = sub.figures.get("total", {})
    out = []
    for f in TABLES[sub.table]:
        old, cur = frozen.get(f.key, 0), t.total.values[f.key]
        if format_value(old, f.unit) != format_value(cur, f.unit):
            out.append(FigureDrift(f, format_value(old, f.unit), format_value(cur, f.unit)))
    return out
