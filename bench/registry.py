"""Issue 2 benchmark: seed N enterprises; the filtered enterprise list vs raw SQL."""

import time

from django.core.management import call_command
from django.db import connection
from django.test import Client

from anjian.accounts.basedata import load_reference_data
from anjian.accounts.models import Department, Region, Role, Sector, User
from anjian.registry.models import Enterprise
from anjian.registry.services import classify
from anjian.registry.synthetic import generate

from .common import breakdown, ratio, raw, request, timed, write


def _user(username, **kw):
    user, _ = User.objects.get_or_create(
        username=username, defaults={"must_change_password": False, **kw}
    )
    return user


def run(enterprises: int, out) -> dict:
    call_command("migrate", interactive=False, verbosity=0)
    load_reference_data()
    have = Enterprise.objects.count()
    result = {"enterprises": enterprises}
    if have < enterprises:
        t0 = time.perf_counter()
        generate(enterprises - have, seed=have + 1, stdout=out)
        result["seed_seconds"] = round(time.perf_counter() - t0, 1)
        t0 = time.perf_counter()
        classify()
        result["classify_seconds"] = round(time.perf_counter() - t0, 1)
        if connection.vendor == "sqlite":
            with connection.cursor() as cur:
                cur.execute("ANALYZE")
    if connection.vendor == "postgresql":
        # What autovacuum does after a bulk load: statistics, and the visibility map that
        # index-only scans need. Run here so a freshly seeded database is measured as it will be.
        with connection.cursor() as cur:
            cur.execute(
                "VACUUM ANALYZE registry_enterprise, registry_enterprisesector, "
                "registry_enterprisetier"
            )
        result["maintenance"] = "VACUUM ANALYZE of the registry tables before measuring"
    result["enterprises_in_db"] = Enterprise.objects.count()

    county = Region.objects.get(code="510904000000")
    town = Region.objects.get(code="510904101000")
    yjj = Department.objects.get(code="yjj")
    gm = Sector.objects.get(name="工贸")
    awb = _user("bench_awb", role=Role.AWB, region=county)
    insp = _user("bench_yjj", role=Role.INSPECTOR, department=yjj, region=county)
    ca, ci = Client(), Client()
    ca.force_login(awb)
    ci.force_login(insp)
    e, es, t = "registry_enterprise", "registry_enterprisesector", "registry_enterprisetier"
    cols = (
        f"{e}.id, {e}.name, {e}.credit_code, {e}.region_code, {e}.primary_sector_id, {e}.employees"
    )
    sector_ids = list(yjj.sectors.values_list("id", flat=True))
    # The best hand-written SQL for a substring search on each database: on PostgreSQL the
    # bigram GIN indexes of registry migration 0002 narrow the rows LIKE has to check.
    name_match = "(name LIKE %s OR credit_code = %s OR address LIKE %s)"
    name_params = ["%食品%", "食品", "%食品%"]
    if connection.vendor == "postgresql":
        name_match += (
            " AND (anjian_bigrams(name) @> %s::text[] OR credit_code = %s"
            " OR anjian_bigrams(address) @> %s::text[])"
        )
        name_params += [["食品"], "食品", ["食品"]]
    marks = ",".join(["%s"] * len(sector_ids))
    scenarios = [
        (
            "awb: town + sector filter",
            ca,
            f"/enterprises/?town={town.code}&sector={gm.id}",
            f"SELECT COUNT(*) FROM {e} WHERE region_code LIKE %s AND EXISTS (SELECT 1 FROM {es} s WHERE "
            f"s.enterprise_id={e}.id AND s.sector_id=%s)",
            f"SELECT {cols} FROM {e} WHERE region_code LIKE %s AND EXISTS (SELECT 1 FROM {es} s WHERE "
            f"s.enterprise_id={e}.id AND s.sector_id=%s) ORDER BY id LIMIT 50",
            (town.prefix + "%", gm.id),
        ),
        (
            "awb: partial Chinese name search “食品”",
            ca,
            "/enterprises/?q=%E9%A3%9F%E5%93%81",
            f"SELECT COUNT(*) FROM {e} WHERE region_code LIKE %s AND {name_match}",
            f"SELECT {cols} FROM {e} WHERE region_code LIKE %s AND {name_match} ORDER BY id LIMIT 50",
            (county.prefix + "%", *name_params),
        ),
        (
            "应急局 inspector: 重点 list, 有限空间",
            ci,
            "/enterprises/?tier=key&risk=confined_space",
            f"SELECT COUNT(*) FROM {e} WHERE region_code LIKE %s AND EXISTS (SELECT 1 FROM {es} s WHERE "
            f"s.enterprise_id={e}.id AND s.sector_id IN ({marks})) AND confined_space AND EXISTS (SELECT 1 FROM {t} t "
            f"WHERE t.enterprise_id={e}.id AND t.tier='key' AND t.department_id=%s)",
            f"SELECT {cols} FROM {e} WHERE region_code LIKE %s AND EXISTS (SELECT 1 FROM {es} s WHERE "
            f"s.enterprise_id={e}.id AND s.sector_id IN ({marks})) AND confined_space AND EXISTS (SELECT 1 FROM {t} t "
            f"WHERE t.enterprise_id={e}.id AND t.tier='key' AND t.department_id=%s) ORDER BY id LIMIT 50",
            (county.prefix + "%", *sector_ids, yjj.id),
        ),
    ]
    rows = []
    for label, client, url, count_sql, page_sql, params in scenarios:
        server = timed(request(client, url))

        def floor_fn(count_sql=count_sql, page_sql=page_sql, params=params):
            raw(count_sql, params)()
            raw(page_sql, params)()

        floor = timed(floor_fn)
        total = raw(count_sql, params)()[0][0]
        rows.append(
            {
                "scenario": label,
                "url": url,
                "matches": total,
                "server": server,
                "raw_sql_floor": floor,
                "ratio": ratio(server, floor),
                "request_breakdown": breakdown(client, url),
            }
        )
    result["list"] = rows
    path = write("registry", result)
    result["file"] = str(path)
    return result
