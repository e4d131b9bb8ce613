from datetime import date

from anjian.law.inspection_limits import SOURCE, Limits, Visit, check

LIMITS = Limits(per_year=2, window_days=30, source="安居区安委办公告")


def v(day, dept=2, joint=()):
    return Visit(on=day, department=f"部门{dept}", department_id=dept, joint_ids=joint)


def test_within_limit_and_no_recent_visit_needs_nothing():
    c = check(on=date(2025, 6, 1), department_id=1, tier="general", limits=LIMITS,
              visits=[v(date(2025, 1, 10))])  # fmt: skip
    assert not c.needs_approval and c.count == 1


def test_over_the_yearly_limit_needs_approval_and_cites_the_source():
    visits = [v(date(2025, 1, 10)), v(date(2025, 3, 10), dept=1)]
    c = check(on=date(2025, 9, 1), department_id=1, tier="general", limits=LIMITS, visits=visits)
    assert c.over_limit and c.needs_approval
    assert (
        "上限 2 次" in c.problems[0]
        and SOURCE in c.problems[0]
        and "安居区安委办公告" in c.problems[0]
    )
    # last year's visits do not count
    c = check(on=date(2026, 1, 5), department_id=1, tier="general", limits=LIMITS, visits=visits)
    assert not c.over_limit


def test_another_departments_visit_within_the_window_is_a_repeat():
    c = check(on=date(2025, 2, 1), department_id=1, tier="key",
              limits=Limits(10, 30, "x"), visits=[v(date(2025, 1, 10), dept=2)])  # fmt: skip
    assert c.repeats and "部门2（2025-01-10）" in c.problems[0]
    # outside the window, or the same department, or a joint visit it was part of: no repeat
    assert not check(on=date(2025, 3, 1), department_id=1, tier="key", limits=Limits(10, 30, "x"),
                     visits=[v(date(2025, 1, 10), dept=2)]).repeats  # fmt: skip
    assert not check(on=date(2025, 2, 1), department_id=2, tier="key", limits=Limits(10, 30, "x"),
                     visits=[v(date(2025, 1, 10), dept=2)]).repeats  # fmt: skip
    assert not check(on=date(2025, 2, 1), department_id=1, tier="key", limits=Limits(10, 30, "x"),
                     visits=[v(date(2025, 1, 10), dept=2, joint=(1,))]).repeats  # fmt: skip


def test_a_tip_inspection_is_not_held_back():
    visits = [v(date(2025, 1, 10)), v(date(2025, 1, 20))]
    c = check(on=date(2025, 1, 25), department_id=1, tier="general", limits=LIMITS,
              visits=visits, origin="tip")  # fmt: skip
    assert not c.needs_approval and c.count == 2


def test_unpublished_default_limits_only_warn():
    visits = [v(date(2025, 1, 10)), v(date(2025, 1, 20))]
    c = check(on=date(2025, 1, 25), department_id=1, tier="general", visits=visits,
              limits=Limits(2, 30, "默认", published=False))  # fmt: skip
    assert c.over_limit and c.problems and not c.needs_approval
