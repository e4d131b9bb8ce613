"""Issue 3 benchmark: a 双随机 draw of 50 enterprises from a ≥100,000-enterprise 一般 list.

`anjian bench draw --enterprises N` seeds N synthetic enterprises (reusing what is there), then
keeps adding enterprises until the 应急局 一般检查 list holds at least MIN_GENERAL enterprises
(env ANJIAN_BENCH_DRAW_LIST, default 100,000; with the synthetic sector mix about a third of all
enterprises land on that list, so ~310,000 enterprises are needed). It measures the candidate
query beside its raw-SQL floor, the whole draw (query, algorithm, digest, storage, audit) and
`anjian verify-draw` on the last draw. The registry list benchmark is not run here (its results
file belongs to `anjian bench registry`).
"""

import math
import os
import time
from datetime import date, timedelta

from django.core.management import call_command
from django.db import connection

from anjian.accounts.basedata import load_reference_data
from anjian.accounts.models import Department, Role, Sector, User
from anjian.inspections import services
from anjian.inspections.models import Draw
from anjian.registry.models import Enterprise, EnterpriseTier
from anjian.registry.services import classify
from anjian.registry.synthetic import generate

from .common import ratio, raw, timed, write

MIN_GENERAL = int(os.environ.get("ANJIAN_BENCH_DRAW_LIST", "100000"))


def _general(dept) -> int:
    return EnterpriseTier.objects.filter(department=dept, tier="general").count()


def _add(n: int, out) -> float:
    """Generate n more enterprises and classify only those; returns the seconds taken."""
    t0 = time.perf_counter()
    have = Enterprise.objects.count()
    last = Enterprise.objects.order_by("-id").values_list("id", flat=True).first() or 0
    generate(n, seed=have + 1, stdout=out)
    classify(Enterprise.objects.filter(id__gt=last))
    return time.perf_counter() - t0


def _ensure_data(enterprises: int, out) -> dict:
    call_command("migrate", interactive=False, verbosity=0)
    load_reference_data()
    dept = Department.objects.get(code="yjj")
    info = {"seed_seconds": 0.0}
    have = Enterprise.objects.count()
    if have < enterprises:
        info["seed_seconds"] += _add(enterprises - have, out)
    for _ in range(5):
        general = _general(dept)
        if general >= MIN_GENERAL:
            break
        total = Enterprise.objects.count()
        share = general / total if total and general else 0.3
        info["seed_seconds"] += _add(math.ceil((MIN_GENERAL - general) / share * 1.05) + 100, out)
    info["seed_seconds"] = round(info["seed_seconds"], 1)
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute("ANALYZE")
    return info


def run(enterprises: int, out) -> dict:
    prep = _ensure_data(enterprises, out)
    dept = Department.objects.get(code="yjj")
    general = _general(dept)
    today = date.today()
    for i in range(8):
        User.objects.get_or_create(
            username=f"bench_draw_{i}",
            defaults={
                "role": Role.INSPECTOR,
                "department": dept,
                "region": dept.region,
                "cert_no": f"B{i}",
                "cert_expiry": today + timedelta(days=365),
                "must_change_password": False,
            },
        )
    leader = User.objects.get(username="bench_draw_0")
    result = {
        "enterprises": Enterprise.objects.count(),
        "general_list_size": general,
        "min_general_list_size": MIN_GENERAL,
        "k": 50,
        **prep,
    }
    assert general >= MIN_GENERAL, f"一般 list has only {general} enterprises"
    result["candidates"] = len(services.draw_candidates(dept))
    result["candidates_query"] = timed(lambda: services.draw_candidates(dept), repeat=5, warmup=1)
    floor_sql = (
        "SELECT t.enterprise_id, e.name, e.region_code FROM registry_enterprisetier t "
        "JOIN registry_enterprise e ON e.id = t.enterprise_id WHERE t.department_id = %s "
        "AND t.tier = 'general' AND e.status = 'normal' ORDER BY t.enterprise_id"
    )
    result["raw_sql_floor_candidates"] = timed(raw(floor_sql, (dept.id,)), repeat=5, warmup=1)
    result["candidates_ratio"] = ratio(
        result["candidates_query"], result["raw_sql_floor_candidates"]
    )
    t = Sector.objects.get(name="工贸")
    result["candidates_query_by_sector"] = timed(
        lambda: services.draw_candidates(dept, sector=t), repeat=5, warmup=1
    )
    n = [0]

    def draw():
        n[0] += 1
        services.create_draw(
            leader,
            department=dept,
            title=f"基准抽查{n[0]}",
            inspection_date=today + timedelta(days=1),
            k=50,
            seed=f"bench-{n[0]}",
            create_inspections=False,
        )

    result["create_draw_total"] = timed(draw, repeat=5, warmup=1)
    last = Draw.objects.order_by("-id").values_list("id", flat=True).first()
    result["assigned"] = len(Draw.objects.get(pk=last).result["assignments"])
    t0 = time.perf_counter()
    call_command("verify-draw", str(last), stdout=out)
    result["verify_draw_seconds"] = round(time.perf_counter() - t0, 3)
    result["load_average"] = [round(x, 2) for x in os.getloadavg()]
    path = write("draw", result)
    result["file"] = str(path)
    return result
