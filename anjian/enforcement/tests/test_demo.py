"""Demo data builds once (idempotent) with a decided 一案双罚 case, a transfer and an exposure."""

from anjian.accounts.demo import create_demo_users
from anjian.enforcement import demo
from anjian.enforcement.models import Case, Document, Exposure, Transfer


def test_demo_build_is_idempotent(world):
    create_demo_users(world.food)
    demo.build({"enterprise": world.food})
    demo.build({"enterprise": world.food})
    assert Case.objects.count() == 4
    stages = set(Case.objects.values_list("stage", flat=True))
    assert {"execution", "notice", "proposed", "closed"} <= stages
    decided = Case.objects.get(stage="execution")
    assert decided.parties.count() == 2 and decided.parties.filter(kind="person").get().fine > 0
    assert decided.documents.filter(kind="penalty_decision").exists()
    assert Transfer.objects.count() == 1 and Exposure.objects.count() == 1
    assert Document.objects.filter(kind="transfer_form").count() == 1


def test_demo_cases_show_review_defects(world, client):
    from anjian.enforcement.review import review_case

    create_demo_users(world.food)
    demo.build({"enterprise": world.food})
    served = Case.objects.get(stage="execution")
    checks = {d.check: d for d in review_case(served).defects}
    assert set(checks) == {"service_period"} and not checks["service_period"].blocking
    told = Case.objects.get(stage="notice")
    blocking = {d.check for d in review_case(told).blocking}
    assert "evidence" in blocking
    client.force_login(served.department.users.get(username="yjj_leader"))
    html = client.get(served.get_absolute_url()).content.decode()
    assert 'id="review-defects"' in html and "第六十一条" in html
