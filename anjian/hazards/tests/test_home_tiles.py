"""The workbench (home page) figures the hazard ledger contributes, and their cap."""

import re
from datetime import timedelta

from django.test import Client

from anjian.core.context import capped_count
from anjian.hazards.models import Hazard


def _tiles(user) -> dict[str, str]:
    c = Client()
    c.force_login(user)
    html = c.get("/").content.decode()
    return {
        label.strip(): n
        for n, label in re.findall(
            r'<a class="tile" href="[^"]*"><span class="n">([^<]+)</span>([^<]+)</a>', html
        )
    }


def test_home_counts_overdue_major_and_review(world, make_hazard, today):
    late = make_hazard()
    Hazard.objects.filter(pk=late.pk).update(deadline=today - timedelta(days=1))
    make_hazard(level="major", description="重大隐患：液氨储罐区未设置紧急切断装置")
    make_hazard(enterprise=world.chem, description="another enterprise")  # not the ent_user's
    tiles = _tiles(world.inspector)
    assert tiles["逾期未整改隐患"] == "1"
    assert tiles["未销号重大隐患"] == "1"
    assert tiles["待复查隐患"] == "0"
    assert _tiles(world.builder)["逾期未整改隐患"] == "0"  # 住建委: not its sectors
    mine = _tiles(world.ent_user)  # the enterprise sees its own, and no review queue
    assert mine["逾期未整改隐患"] == "1" and "待复查隐患" not in mine
    assert "监管范围内企业" not in mine


def test_capped_count(world, make_hazard):
    for i in range(3):
        make_hazard(description=f"隐患 {i}")
    qs = Hazard.objects.all()
    assert capped_count(qs, cap=5) == 3
    assert capped_count(qs, cap=2) == "2+"
