"""Issue 3 benchmark: a 双随机 draw of 50 enterprises from a ~100,000-enterprise 一般 list."""

import time
from datetime import date, timedelta

from django.db import connection

from anjian.accounts.models import Department, Role, Sector, User
from anjian.inspections import services
from anjian.registry.models import EnterpriseTier

from . import registry
from .common import raw, timed, write


def run(enterprises: int, out) -> dict:
    registry.run(enterprises, out)  # reuses the seeded registry when it is already there
    dept = Department.objects.get(code="yjj")
    # Draw from the largest single-department 一般 list we have: 应急局 supervises 工贸 etc.
    general = EnterpriseTier.objects.filter(department=dept, tier="general").count()
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
    result = {"enterprises": enterprises, "general_list_size": general, "k": 50}
    result["candidates_query"] = timed(lambda: services.draw_candidates(dept), repeat=5, warmup=1)
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
    floor_sql = (
        "SELECT t.enterprise_id, e.name, e.region_code FROM registry_enterprisetier t JOIN registry_enterprise e "
        "ON e.id = t.enterprise_id WHERE t.department_id = %s AND t.tier = 'general' AND e.status = 'normal' "
        "ORDER BY t.enterprise_id"
    )
    result["raw_sql_floor_candidates"] = timed(raw(floor_sql, (dept.id,)), repeat=5, warmup=1)
    t0 = time.perf_counter()
    from django.core.management import call_command

    from anjian.inspections.models import Draw

    last = Draw.objects.order_by("-id").first()
    call_command("verify-draw", str(last.pk), stdout=out)
    result["verify_draw_seconds"] = round(time.perf_counter() - t0, 3)
    result["database"] = connection.vendor
    path = write("draw", result)
    result["file"] = str(path)
    return result
