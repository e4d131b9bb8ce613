"""The demo builder: one submitted signed inspection, drafts from a draw; idempotent."""

from anjian.accounts.demo import create_demo_users
from anjian.inspections import demo, services
from anjian.inspections.models import Draw, Inspection


def test_demo_build_is_idempotent(iw):
    create_demo_users(enterprise=iw.general[0])
    ctx = {"enterprise": iw.general[0], "campaign": iw.campaign}
    demo.build(ctx)
    demo.build(ctx)
    submitted = Inspection.objects.get(status="submitted")
    assert submitted.enterprise == iw.general[0]
    assert {m.user.username for m in submitted.team.all()} == {"yjj_zhang", "yjj_li"}
    assert submitted.signatures.count() == 3
    draw = Draw.objects.get()
    assert services.verify_draw(draw).ok
    assert Inspection.objects.filter(draw=draw, status="draft").count() == 2
