"""S1/S2 computed from the records: every column, for a month and cumulatively, by hand."""

from decimal import Decimal

import pytest

from anjian.stats.figures import (
    FIXED_ROWS,
    S1,
    S2,
    TOTAL_LABEL,
    Period,
    Unit,
    compute,
    records,
)

MAY = Period.month(2023, 5)
CUM = Period.to_month(2023, 5, Period.month(2023, 4).start)
S1_KEYS = [f.key for f in S1]
S2_KEYS = [f.key for f in S2]


def s1(**values):
    out = dict.fromkeys(S1_KEYS, 0)
    out["fines"] = Decimal("0")
    out.update({k: Decimal(v) if k == "fines" else v for k, v in values.items()})
    return out


def s2(**values):
    out = dict.fromkeys(S2_KEYS, 0)
    out.update(values)
    return out


def rows_of(table):
    return {r.label: r.values for r in table.rows}


# Hand-computed from the scenario (see conftest.py).
YJJ_MAY = s1(
    teams=2, inspectors=4, experts=1, checked=1,
    found=2, found_major=1, found_general=1, fixed=2, fixed_major=1, fixed_general=1,
    emergency=2, cases=1, fines="5.0346", double=1, closure=1, revocation=2, suspension=0,
    documents=2, exposures=1, transfer_general=1, transfer_judicial=1,
)  # fmt: skip
ZJW_MAY = s1(
    teams=1, inspectors=2, experts=1, checked=1, found=2, found_major=1, found_general=1,
    emergency=1, cases=1, suspension=1, documents=1,
)  # fmt: skip
YJJ_CUM = s1(
    teams=3, inspectors=6, experts=2, checked=2,
    found=4, found_major=2, found_general=2, fixed=3, fixed_major=2, fixed_general=1,
    emergency=2, cases=2, fines="5.7346", double=2, closure=1, revocation=2, suspension=1,
    documents=3, exposures=1, transfer_general=1, transfer_judicial=1,
)  # fmt: skip
ZJW_CUM = s1(
    teams=1, inspectors=2, experts=1, checked=1, found=2, found_major=1, found_general=1,
    emergency=1, cases=1, suspension=1, documents=1, exposures=1, transfer_general=1,
)  # fmt: skip


@pytest.mark.parametrize(
    "period,yjj,zjw", [(MAY, YJJ_MAY, ZJW_MAY), (CUM, YJJ_CUM, ZJW_CUM)], ids=["month", "cum"]
)
def test_s1_departments_and_region(scenario, period, yjj, zjw):
    w = scenario.world
    t_yjj = compute("s1", Unit(department=w.yjj), period)
    assert [r.label for r in t_yjj.rows][:6] == FIXED_ROWS
    assert rows_of(t_yjj)["应急管理"] == yjj
    assert rows_of(t_yjj)["建筑施工"] == s1()
    assert t_yjj.total.label == TOTAL_LABEL and t_yjj.total.values == yjj

    t_zjw = compute("s1", Unit(department=w.zjw), period)
    assert rows_of(t_zjw)["建筑施工"] == zjw and t_zjw.total.values == zjw

    # The region's 合计 is the sum over its departments (no double counting of the joint
    # inspection I4, which counts for its lead department 住建委 only).
    region = compute("s1", Unit(region=w.county), period)
    assert rows_of(region)["应急管理"] == yjj
    assert rows_of(region)["建筑施工"] == zjw
    assert region.total.values == {k: yjj[k] + zjw[k] for k in S1_KEYS}


def test_s1_town_unit(scenario):
    w = scenario.world
    t = compute("s1", Unit(region=w.baima), MAY)
    food = s1(fixed=1, fixed_general=1, emergency=1, fines="1.2346", revocation=1,
              documents=1, transfer_judicial=1)  # fmt: skip
    assert rows_of(t)["应急管理"] == food
    assert rows_of(t)["建筑施工"] == ZJW_MAY
    assert t.total.values["teams"] == 1 and t.total.values["exposures"] == 0


def test_s2_cumulative(scenario):
    w = scenario.world
    yjj = s2(self_major=2, self_major_fixed=1, insp_major=2, insp_major_fixed=2,
             supervised=1, supervised_fixed=1, spot_total=2, no_lead=1, outsourcing=1)  # fmt: skip
    zjw = s2(insp_major=1, supervised=1, spot_total=1, no_cert=1)
    assert compute("s2", Unit(department=w.yjj), CUM).total.values == yjj
    assert compute("s2", Unit(department=w.zjw), CUM).total.values == zjw
    region = compute("s2", Unit(region=w.county), CUM).total.values
    assert region == {k: yjj[k] + zjw[k] for k in S2_KEYS}
    # To the end of April only: H4 (self, May) and H1 (May) are not yet there.
    april = Period.to_month(2023, 4, CUM.start)
    t = compute("s2", Unit(department=w.yjj), april).total.values
    assert (t["self_major"], t["insp_major"], t["insp_major_fixed"], t["spot_total"]) == (
        1,
        1,
        1,
        1,
    )


@pytest.mark.parametrize("period", [MAY, CUM], ids=["month", "cum"])
def test_drilldown_lists_exactly_the_counted_records(scenario, period):
    w = scenario.world
    for unit in (Unit(department=w.yjj), Unit(department=w.zjw), Unit(region=w.county)):
        table = compute("s1", unit, period)
        for row in table.rows:
            for f in S1:
                qs = records("s1", f.key, unit, period, row.label)
                if f.unit == "万元":
                    total = sum((p.fine for p in qs), Decimal(0))
                    assert (total / 10000).quantize(Decimal("0.0001")) == row.values[f.key]
                else:
                    assert qs.count() == row.values[f.key], (unit.key, row.label, f.key)
        for f in S1:
            if f.unit != "万元":
                assert records("s1", f.key, unit, period).count() == table.total.values[f.key]
        s2t = compute("s2", unit, period)
        for f in S2:
            assert records("s2", f.key, unit, period).count() == s2t.total.values[f.key]


def test_drilldown_records_are_the_right_ones(scenario):
    w, s = scenario.world, scenario
    unit = Unit(department=w.yjj)
    assert set(records("s1", "teams", unit, MAY, "应急管理")) == {s.i1, s.i2}
    assert set(records("s1", "found_major", unit, CUM)) == {s.h1, s.h9}
    assert set(records("s1", "checked", unit, CUM)) == {w.chem, w.food}
    assert set(records("s1", "double", unit, CUM)) == {s.c1, s.c4}
    assert set(records("s2", "self_major", unit, CUM)) == {s.h4, s.h8}
    assert not records("s1", "teams", unit, MAY, "建筑施工").exists()


def test_extra_sector_rows_appear_when_in_use(scenario):
    from anjian.conftest import make_enterprise
    from anjian.inspections.models import Inspection

    w = scenario.world
    school = make_enterprise("安居区实验学校", "510904101201", "学校", 99)
    Inspection.objects.create(
        enterprise=school, department=w.yjj, inspected_on=MAY.start, status="submitted",
        region_code=school.region_id, created_by=w.inspector,
    )  # fmt: skip
    t = compute("s1", Unit(department=w.yjj), MAY)
    labels = [r.label for r in t.rows]
    assert labels[:6] == FIXED_ROWS and "学校" in labels
    assert rows_of(t)["学校"]["teams"] == 1 and t.total.values["teams"] == 3
