"""The visits demo: published limits, rated visits of the demo enterprise, a planned
综合查一次; idempotent."""

from anjian.accounts.demo import create_demo_users
from anjian.inspections import demo as inspections_demo
from anjian.inspections.models import Inspection
from anjian.visits import demo, services
from anjian.visits.models import JointInspection, VisitLimitRule, VisitRating


def test_demo_build_is_idempotent(vw):
    create_demo_users(enterprise=vw.food)
    ctx = {"enterprise": vw.food}
    inspections_demo.build(ctx)
    demo.build(ctx)
    demo.build(ctx)
    assert VisitLimitRule.objects.count() == 2
    assert set(VisitLimitRule.objects.values_list("tier", "per_year")) == {
        ("key", 4),
        ("general", 2),
    }
    visits = Inspection.objects.filter(enterprise=vw.food, status="submitted")
    assert visits.count() == 3
    assert VisitRating.objects.filter(inspection__in=visits).count() == 3
    joint = JointInspection.objects.get()
    assert joint.status == "planned" and joint.departments.count() == 2 and joint.items
    from anjian.accounts.models import User

    summary = services.rating_summary(User.objects.get(username="awb"))
    assert [r for r in summary if r["shown"] and r["n"] == 3]
