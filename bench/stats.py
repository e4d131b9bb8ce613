"""S1 benchmark: bulk-generate inspections, team members, hazards and a few enforcement records,
then time the region's 统计汇总表 (a month and cumulative) beside hand-written SQL.

Scale: inspections = 2.5 × enterprises, hazards = 10 × enterprises (200,000 enterprises →
500,000 inspections, 2,000,000 hazards); override with ANJIAN_BENCH_INSPECTIONS /
ANJIAN_BENCH_HAZARDS. On PostgreSQL rows go in with COPY (psycopg `cursor.copy`), elsewhere with
bulk_create. Generation is idempotent: it tops up to the target counts.
"""

import json
import os
import random
import time
from datetime import date, datetime, timedelta

from django.db import connection, transaction
from django.db.models import Exists, OuterRef
from django.test import Client
from django.utils import timezone

from anjian.accounts.models import Department, Region, Role, Sector, User
from anjian.enforcement.models import Case, CaseParty, Document, Sanction, Transfer
from anjian.hazards.models import Disposal, Hazard, OnSiteMeasure
from anjian.inspections.models import Inspection, TeamMember
from anjian.registry.models import Enterprise
from anjian.stats.figures import ENFORCEMENT_SOURCES, S1, Period, Unit, compute

from .common import ratio, raw, request, timed, write

FIRST_DAY = date(2023, 1, 1)
DAYS = 730  # two years of records
MONTH = (2024, 6)
CUM_START = date(2024, 1, 1)
BATCH = 20_000


def _fields(model):
    return [f for f in model._meta.concrete_fields if not f.primary_key]


def bulk_insert(model, rows) -> int:
    """Insert dicts (attname → value); COPY on PostgreSQL, bulk_create elsewhere."""
    fields = _fields(model)
    n = 0
    if connection.vendor == "postgresql":
        cols = ", ".join(connection.ops.quote_name(f.column) for f in fields)
        sql = f"COPY {connection.ops.quote_name(model._meta.db_table)} ({cols}) FROM STDIN"
        defaults = {f.attname: f.get_default() for f in fields}
        jsons = {f.attname for f in fields if f.get_internal_type() == "JSONField"}
        with connection.cursor() as cur, cur.cursor.copy(sql) as copy:
            for row in rows:
                values = []
                for f in fields:
                    v = row.get(f.attname, defaults[f.attname])
                    values.append(json.dumps(v) if f.attname in jsons else v)
                copy.write_row(values)
                n += 1
        return n
    batch = []
    for row in rows:
        batch.append(model(**row))
        if len(batch) >= BATCH:
            model.objects.bulk_create(batch, batch_size=2000)
            n += len(batch)
            batch = []
    if batch:
        model.objects.bulk_create(batch, batch_size=2000)
        n += len(batch)
    return n


def _aware(d: date, hour: int) -> datetime:
    return datetime(d.year, d.month, d.day, hour, tzinfo=timezone.get_current_timezone())


def _bench_users(county, departments) -> dict:
    out = {}
    for d in departments:
        users = []
        for k in range(4):
            u, _ = User.objects.get_or_create(
                username=f"bench_{d.code}_{k}",
                defaults={"role": Role.INSPECTOR, "department": d, "region": county,
                          "must_change_password": False, "cert_no": f"B{d.pk}{k}",
                          "cert_expiry": date(2030, 1, 1)},
            )  # fmt: skip
            users.append(u.pk)
        out[d.pk] = users
    expert, _ = User.objects.get_or_create(
        username="bench_expert", defaults={"role": Role.EXPERT, "region": county}
    )
    out["expert"] = expert.pk
    return out


def generate(n_insp: int, n_haz: int, out) -> dict:
    rnd = random.Random(2023)
    county = Region.objects.get(code="510904000000")
    depts = list(Department.objects.filter(region=county))
    dept_of_sector = {}
    for d in depts:
        for sid in d.sectors.values_list("id", flat=True):
            dept_of_sector.setdefault(sid, d.pk)
    ents = list(
        Enterprise.objects.filter(region__code__startswith=county.prefix).values_list(
            "id", "region_id", "primary_sector_id"
        )
    )
    users = _bench_users(county, depts)
    creator = users[depts[0].pk][0]
    now = timezone.now()
    timings = {}
    have_i = Inspection.objects.count()
    have_h = Hazard.objects.count()
    todo_i, todo_h = max(0, n_insp - have_i), max(0, n_haz - have_h)

    def day():
        return FIRST_DAY + timedelta(days=rnd.randrange(DAYS))

    if todo_i:
        t0 = time.perf_counter()

        def insp_rows():
            for _ in range(todo_i):
                eid, region, sector = ents[rnd.randrange(len(ents))]
                yield {"enterprise_id": eid, "department_id": dept_of_sector.get(sector, depts[0].pk),
                       "inspected_on": day(), "status": "submitted" if rnd.random() < 0.95 else "draft",
                       "region_code": region, "created_by_id": creator, "modes": ["sbll"],
                       "created_at": now, "updated_at": now}  # fmt: skip

        with transaction.atomic():
            bulk_insert(Inspection, insp_rows())
        timings["inspections_seconds"] = round(time.perf_counter() - t0, 1)
        out.write(f"inspections +{todo_i} in {timings['inspections_seconds']} s\n")

    # Team members for every inspection without any (also completes an interrupted run). Read
    # before the COPY starts: the connection cannot run a query while a COPY is open.
    t0 = time.perf_counter()
    bare = list(
        Inspection.objects.filter(~Exists(TeamMember.objects.filter(inspection=OuterRef("pk"))))
        .order_by("id")
        .values_list("id", "department_id")
        .iterator(chunk_size=BATCH)
    )
    if bare:

        def team_rows():
            for iid, did in bare:
                a, b = rnd.sample(users.get(did) or users[depts[0].pk], 2)
                yield {"inspection_id": iid, "user_id": a, "role": "inspector", "is_leader": True}
                yield {"inspection_id": iid, "user_id": b, "role": "inspector"}
                if rnd.random() < 0.2:
                    yield {"inspection_id": iid, "user_id": users["expert"], "role": "expert"}

        with transaction.atomic():
            timings["team_members"] = bulk_insert(TeamMember, team_rows())
        timings["team_members_seconds"] = round(time.perf_counter() - t0, 1)
        out.write(
            f"team members +{timings['team_members']} in {timings['team_members_seconds']} s\n"
        )

    if todo_h:
        t0 = time.perf_counter()

        def haz_rows():
            for _ in range(todo_h):
                eid, region, sector = ents[rnd.randrange(len(ents))]
                found = day()
                closed = rnd.random() < 0.7
                close_day = found + timedelta(days=rnd.randrange(1, 60))
                r = rnd.random()
                source = "inspection" if r < 0.6 else "self" if r < 0.9 else "tip"
                yield {"enterprise_id": eid, "department_id": dept_of_sector.get(sector, depts[0].pk),
                       "source": source, "level": "major" if rnd.random() < 0.05 else "general",
                       "description": "隐患", "found_at": _aware(found, 10),
                       "status": "closed" if closed else "rectifying",
                       "closed_at": _aware(close_day, 16) if closed else None,
                       "deadline": found + timedelta(days=30), "region_code": region,
                       "created_at": now, "updated_at": now}  # fmt: skip

        last_h = Hazard.objects.order_by("-id").values_list("id", flat=True).first() or 0
        with transaction.atomic():
            bulk_insert(Hazard, haz_rows())
            # Every 100th inspection hazard gets a 现场紧急处置; read before the COPY starts.
            picked = [
                r
                for k, r in enumerate(
                    Hazard.objects.filter(id__gt=last_h, source="inspection")
                    .order_by("id")
                    .values_list("id", "found_at")
                    .iterator(chunk_size=BATCH)
                )
                if k % 100 == 0
            ]

            def disposal_rows():
                for hid, found in picked:
                    yield {"hazard_id": hid, "option": "emergency", "decided_by_id": creator,
                           "decided_at": found + timedelta(hours=1)}  # fmt: skip

            timings["disposals"] = bulk_insert(Disposal, disposal_rows())
        timings["hazards_seconds"] = round(time.perf_counter() - t0, 1)
        out.write(f"hazards +{todo_h} in {timings['hazards_seconds']} s\n")

    n_cases = max(0, n_insp // 50 - Case.objects.count())
    if n_cases:
        t0 = time.perf_counter()
        last_case = Case.objects.order_by("-id").values_list("id", flat=True).first() or 0
        every = max(1, Inspection.objects.filter(status="submitted").count() // n_cases)
        sample = [
            r
            for k, r in enumerate(
                Inspection.objects.filter(status="submitted")
                .order_by("id")
                .values_list("id", "enterprise_id", "department_id", "region_code", "inspected_on")
                .iterator(chunk_size=BATCH)
            )
            if k % every == 0
        ][:n_cases]

        def case_rows():
            for iid, eid, did, region, d in sample:
                yield {"department_id": did, "enterprise_id": eid, "region_code": region,
                       "inspection_id": iid, "title": "违法案件", "filed_on": d,
                       "decided_on": d + timedelta(days=20), "stage": "decided",
                       "created_by_id": creator, "created_at": now, "updated_at": now}  # fmt: skip

        with transaction.atomic():
            bulk_insert(Case, case_rows())
            cases = list(
                Case.objects.filter(id__gt=last_case).values_list(
                    "id", "decided_on", "enterprise_id", "department_id", "region_code"
                )
            )

            def party_rows():
                for cid, *_ in cases:
                    yield {"case_id": cid, "kind": "enterprise", "name": "企业",
                           "fine": rnd.randrange(1, 50) * 1000}  # fmt: skip
                    if rnd.random() < 0.4:
                        yield {"case_id": cid, "kind": "person", "name": "负责人",
                               "fine": rnd.randrange(1, 10) * 1000}  # fmt: skip

            bulk_insert(CaseParty, party_rows())
            seq0 = (
                Document.objects.order_by("-seq").values_list("seq", flat=True).first() or 0
            ) + 1

            def doc_rows():
                for k, (_cid, dec, eid, did, region) in enumerate(cases * 3):
                    yield {"kind": "rectification_order", "department_id": did, "region_code": region,
                           "year": dec.year, "seq": seq0 + k, "number": f"BENCH-{seq0 + k}",
                           "enterprise_id": eid, "issued_on": dec, "issued_by_id": creator}  # fmt: skip

            bulk_insert(Document, doc_rows())

            def sanction_rows():
                for cid, dec, eid, did, region in cases[::10]:
                    kind = rnd.choice(["suspension", "closure", "revocation"])
                    yield {"kind": kind, "department_id": did, "enterprise_id": eid,
                           "region_code": region, "case_id": cid, "decided_on": dec,
                           "created_by_id": creator, "created_at": now}  # fmt: skip

            bulk_insert(Sanction, sanction_rows())

            def transfer_rows():
                for _cid, dec, eid, did, region in cases[::7]:
                    yield {"kind": rnd.choice(["general", "judicial"]), "department_id": did,
                           "enterprise_id": eid, "region_code": region, "issued_on": dec,
                           "created_by_id": creator}  # fmt: skip

            bulk_insert(Transfer, transfer_rows())
        timings["enforcement_seconds"] = round(time.perf_counter() - t0, 1)
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute("ANALYZE")
    return timings


def floor_sql(prefix: str, period: Period):
    """The S1 figures for a region, grouped by stats row, in hand-written SQL (no ORM)."""
    t = {m.__name__: m._meta.db_table for m in (Inspection, TeamMember, Hazard, Enterprise, Sector,
         Case, CaseParty, Sanction, Document, Transfer, Disposal, OnSiteMeasure)}  # fmt: skip
    like = prefix + "%"
    d0, d1 = period.start, period.end
    lo, hi = (connection.ops.adapt_datetimefield_value(x) for x in period.instants())
    row = f"JOIN {t['Enterprise']} e ON e.id = x.enterprise_id JOIN {t['Sector']} s ON s.id = e.primary_sector_id"
    src = ",".join(f"'{s}'" for s in ENFORCEMENT_SOURCES)
    queries = [
        (f"SELECT s.stats_row, COUNT(*), COUNT(DISTINCT x.enterprise_id) FROM {t['Inspection']} x {row} "
         "WHERE x.region_code LIKE %s AND x.status = 'submitted' AND x.inspected_on BETWEEN %s AND %s "
         "GROUP BY s.stats_row", (like, d0, d1)),
        (f"SELECT s.stats_row, SUM(CASE WHEN m.role='inspector' THEN 1 ELSE 0 END), "
         f"SUM(CASE WHEN m.role='expert' THEN 1 ELSE 0 END) FROM {t['TeamMember']} m "
         f"JOIN {t['Inspection']} x ON x.id = m.inspection_id {row} WHERE x.region_code LIKE %s "
         "AND x.status = 'submitted' AND x.inspected_on BETWEEN %s AND %s GROUP BY s.stats_row",
         (like, d0, d1)),
        # found and closed in the period as two queries, each an index-only scan
        (f"SELECT s.stats_row, COUNT(*), SUM(CASE WHEN x.level='major' THEN 1 ELSE 0 END) "
         f"FROM {t['Hazard']} x {row} WHERE x.region_code LIKE %s AND x.source IN ({src}) AND "
         "x.found_at >= %s AND x.found_at < %s GROUP BY s.stats_row", (like, lo, hi)),
        (f"SELECT s.stats_row, COUNT(*), SUM(CASE WHEN x.level='major' THEN 1 ELSE 0 END) "
         f"FROM {t['Hazard']} x {row} WHERE x.region_code LIKE %s AND x.source IN ({src}) AND "
         "x.status = 'closed' AND x.closed_at >= %s AND x.closed_at < %s GROUP BY s.stats_row",
         (like, lo, hi)),
        (f"SELECT s.stats_row, COUNT(*) FROM {t['Enterprise']} e JOIN {t['Sector']} s ON "
         f"s.id = e.primary_sector_id WHERE e.region_code LIKE %s AND (e.id IN (SELECT h.enterprise_id "
         f"FROM {t['Disposal']} d JOIN {t['Hazard']} h ON h.id = d.hazard_id WHERE h.region_code LIKE %s "
         "AND d.option = 'emergency' AND d.decided_at >= %s AND d.decided_at < %s) OR e.id IN (SELECT "
         f"o.enterprise_id FROM {t['OnSiteMeasure']} o WHERE o.decided_at >= %s AND o.decided_at < %s)) "
         "GROUP BY s.stats_row", (like, like, lo, hi, lo, hi)),
        (f"SELECT s.stats_row, COUNT(*) FROM {t['Case']} x {row} WHERE x.region_code LIKE %s AND "
         "x.filed_on BETWEEN %s AND %s GROUP BY s.stats_row", (like, d0, d1)),
        (f"SELECT s.stats_row, SUM(p.fine) FROM {t['CaseParty']} p JOIN {t['Case']} x ON x.id = p.case_id "
         f"{row} WHERE x.region_code LIKE %s AND p.fine > 0 AND (p.decided_on BETWEEN %s AND %s OR "
         "(p.decided_on IS NULL AND x.decided_on BETWEEN %s AND %s)) GROUP BY s.stats_row",
         (like, d0, d1, d0, d1)),
        (f"SELECT s.stats_row, x.kind, COUNT(*), COUNT(DISTINCT x.enterprise_id) FROM {t['Sanction']} x "
         f"{row} WHERE x.region_code LIKE %s AND x.decided_on BETWEEN %s AND %s GROUP BY s.stats_row, x.kind",
         (like, d0, d1)),
        (f"SELECT s.stats_row, COUNT(*) FROM {t['Document']} x {row} WHERE x.region_code LIKE %s AND "
         "x.issued_on BETWEEN %s AND %s GROUP BY s.stats_row", (like, d0, d1)),
        (f"SELECT s.stats_row, x.kind, COUNT(*) FROM {t['Transfer']} x {row} WHERE x.region_code LIKE %s "
         "AND x.issued_on BETWEEN %s AND %s GROUP BY s.stats_row, x.kind", (like, d0, d1)),
    ]  # fmt: skip

    def run():
        return [raw(sql, params)() for sql, params in queries]

    return run


def run(enterprises: int, out) -> dict:
    n_insp = int(os.environ.get("ANJIAN_BENCH_INSPECTIONS", enterprises * 5 // 2))
    n_haz = int(os.environ.get("ANJIAN_BENCH_HAZARDS", enterprises * 10))
    result = {"enterprises": enterprises, "target_inspections": n_insp, "target_hazards": n_haz}
    _ensure_enterprises(enterprises, out, result)
    t0 = time.perf_counter()
    result["generate"] = generate(n_insp, n_haz, out)
    result["generate_seconds"] = round(time.perf_counter() - t0, 1)
    result["rows"] = {
        "inspections": Inspection.objects.count(),
        "team_members": TeamMember.objects.count(),
        "hazards": Hazard.objects.count(),
        "cases": Case.objects.count(),
        "documents": Document.objects.count(),
    }
    county = Region.objects.get(code="510904000000")
    awb, _ = User.objects.get_or_create(
        username="bench_awb", defaults={"role": Role.AWB, "region": county, "must_change_password": False}
    )  # fmt: skip
    c = Client()
    c.force_login(awb)
    unit = Unit(region=county)
    y, m = MONTH
    scenarios = [
        ("region S1, one month", f"/stats/?unit=region:{county.code}&month={y}-{m:02d}",
         Period.month(y, m)),
        ("region S1, cumulative", f"/stats/?unit=region:{county.code}&month={y}-{m:02d}&mode=cum"
         f"&start={CUM_START:%Y-%m}", Period.to_month(y, m, CUM_START)),
    ]  # fmt: skip
    rows = []
    for label, url, period in scenarios:
        server = timed(request(c, url), repeat=5)
        compute_only = timed(lambda period=period: compute("s1", unit, period), repeat=5)
        floor = timed(floor_sql(county.prefix, period), repeat=5)
        total = compute("s1", unit, period).total.values
        rows.append({
            "scenario": label, "url": url, "server": server, "compute": compute_only,
            "raw_sql_floor": floor, "ratio": ratio(server, floor),
            "compute_ratio": ratio(compute_only, floor),
            "totals": {f.key: float(total[f.key]) for f in S1},
        })  # fmt: skip
    result["tables"] = rows
    path = write("stats", result)
    result["file"] = str(path)
    return result


def _ensure_enterprises(enterprises: int, out, result: dict) -> None:
    """Seed the registry exactly as bench.registry does (reference data + synthetic firms)."""
    from django.core.management import call_command

    from anjian.accounts.basedata import load_reference_data
    from anjian.registry.services import classify
    from anjian.registry.synthetic import generate as gen_enterprises

    call_command("migrate", interactive=False, verbosity=0)
    load_reference_data()
    have = Enterprise.objects.count()
    if have < enterprises:
        t0 = time.perf_counter()
        gen_enterprises(enterprises - have, seed=have + 1, stdout=out)
        classify()
        result["seed_enterprises_seconds"] = round(time.perf_counter() - t0, 1)
    result["enterprises_in_db"] = Enterprise.objects.count()
