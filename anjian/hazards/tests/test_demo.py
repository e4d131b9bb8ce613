"""The demo builder covers every state and is idempotent."""

from django.utils import timezone

from anjian.accounts.demo import create_demo_users
from anjian.hazards import demo
from anjian.hazards.models import Hazard


def test_demo_covers_all_states_and_runs_twice(world):
    create_demo_users(world.food)
    demo.build({"enterprise": world.food})
    hazards = Hazard.objects.filter(enterprise=world.food)
    assert set(hazards.values_list("status", flat=True)) == {
        "pending",
        "rectifying",
        "review",
        "closed",
    }
    major = hazards.get(level="major")
    assert major.five_measures_complete and major.supervisions.filter(lifted_at=None).exists()
    assert Hazard.objects.overdue(timezone.localdate()).filter(enterprise=world.food).exists()
    assert Hazard.objects.filter(enterprise=world.chem, level="major").exists()
    n = Hazard.objects.count()
    demo.build({"enterprise": world.food})
    assert Hazard.objects.count() == n


def test_seed_hazards_bulk_generates_a_realistic_mix(world):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("seed-hazards", hazards=600, batch=250, stdout=out)
    qs = Hazard.objects.all()
    assert qs.count() == 600
    assert set(qs.values_list("status", flat=True)) == {"pending", "rectifying", "review", "closed"}
    assert set(qs.values_list("level", flat=True)) == {"general", "major"}
    assert len(set(qs.values_list("source", flat=True))) == 5
    assert qs.overdue(timezone.localdate()).exists()
    assert not qs.filter(status="closed", closed_at=None).exists()
    assert "已生成 600 条隐患" in out.getvalue()
