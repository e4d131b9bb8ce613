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

from .common import raw, request, write

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
    timings.update(generate_links(rnd, users, creator, depts, now, out))
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute("ANALYZE")
    return timings


DEFICIENCY_CODES = ["SPL-101-5", "SPL-94-P1", "SPL-97-1", "SPL-97-7", "SPL-103-P1", "SPL-103-P2",
                    "SPL-97-6", "SPL-99-1"]  # fmt: skip
MEASURES = ["seize_licence", "suspend", "stop_construction", "stop_equipment", "cut_power",
            "stop_explosives"]  # fmt: skip


def generate_links(rnd, users, creator, depts, now, out) -> dict:
    """Every other table the figures and the dashboard read: case↔hazard links, hazard events
    (登记, 销号, 复查), 挂牌督办, findings, exposures (with their enterprises and cases), on-site
    measures. Each table is filled once (skipped when it already has rows)."""
    from anjian.enforcement.models import Exposure
    from anjian.hazards.models import HazardEvent, Supervision
    from anjian.inspections.models import Finding

    t = {}

    def step(name, fn):
        t0 = time.perf_counter()
        with transaction.atomic():
            t[name] = fn()
        t[f"{name}_seconds"] = round(time.perf_counter() - t0, 1)
        out.write(f"{name} +{t[name]} in {t[f'{name}_seconds']} s\n")

    through = Case.hazards.through
    if not through.objects.exists():

        def links():
            by_ent: dict = {}
            for hid, eid in (
                Hazard.objects.filter(source="inspection")
                .values_list("id", "enterprise_id")
                .iterator(chunk_size=BATCH)
            ):
                by_ent.setdefault(eid, []).append(hid)
            rows = []
            for cid, eid in Case.objects.values_list("id", "enterprise_id").iterator():
                hs = by_ent.get(eid)
                if hs and rnd.random() < 0.8:  # the rest are violation cases (no hazard)
                    for hid in rnd.sample(hs, min(len(hs), rnd.choice([1, 1, 2]))):
                        rows.append({"case_id": cid, "hazard_id": hid})
            return bulk_insert(through, iter(rows))

        step("case_hazard_links", links)
    if not HazardEvent.objects.exists():

        def events():
            hz = list(
                Hazard.objects.values_list(
                    "id", "found_at", "status", "closed_at", "source"
                ).iterator(chunk_size=BATCH)
            )

            def rows():
                for hid, found, status, closed, source in hz:
                    yield {"hazard_id": hid, "kind": "report", "at": found, "actor_id": creator,
                           "note": ""}  # fmt: skip
                    if status == "closed":
                        kind = "close_immediate" if rnd.random() < 0.3 else "review_pass"
                        if kind == "review_pass" and source != "self":
                            yield {"hazard_id": hid, "kind": "submit", "actor_id": creator,
                                   "at": closed - timedelta(days=1), "note": ""}  # fmt: skip
                        yield {"hazard_id": hid, "kind": kind, "at": closed, "actor_id": creator,
                               "note": ""}  # fmt: skip

            return bulk_insert(HazardEvent, rows())

        step("hazard_events", events)
    if not Supervision.objects.exists():

        def sups():
            major = list(
                Hazard.objects.filter(level="major").values_list("id", "found_at").iterator()
            )

            def rows():
                for k, (hid, found) in enumerate(major):
                    if k % 3:
                        continue
                    day = timezone.localtime(found).date() + timedelta(days=5)
                    yield {"hazard_id": hid, "level": rnd.choice(["county", "district", "city"]),
                           "issuing_unit": "区安委会", "number": f"BENCH-督{hid}", "issued_on": day,
                           "deadline": day + timedelta(days=60), "created_by_id": creator,
                           "created_at": _aware(day, 9), "lift_note": ""}  # fmt: skip

            return bulk_insert(Supervision, rows())

        step("supervisions", sups)
    if not Finding.objects.exists():

        def findings():
            insp = list(
                Inspection.objects.filter(status="submitted")
                .values_list("id", "inspected_on")
                .iterator(chunk_size=BATCH)
            )

            def rows():
                for iid, day in insp:
                    if rnd.random() < 0.3:
                        yield {"inspection_id": iid, "kind": "violation", "description": "违法行为",
                               "violation_code": rnd.choice(DEFICIENCY_CODES),
                               "recorded_by_id": creator, "created_at": _aware(day, 15)}  # fmt: skip

            return bulk_insert(Finding, rows())

        step("findings", findings)
    if not OnSiteMeasure.objects.exists():

        def measures():
            hz = [
                r
                for k, r in enumerate(
                    Hazard.objects.filter(source="inspection")
                    .order_by("id")
                    .values_list("id", "enterprise_id", "found_at")
                    .iterator(chunk_size=BATCH)
                )
                if k % 150 == 7
            ]

            def rows():
                for hid, eid, found in hz:
                    yield {"enterprise_id": eid, "hazard_id": hid, "kind": rnd.choice(MEASURES),
                           "decided_by_id": creator, "decided_at": found + timedelta(hours=2),
                           "target": "", "basis": "", "lift_note": ""}  # fmt: skip

            return bulk_insert(OnSiteMeasure, rows())

        step("onsite_measures", measures)
    if not Exposure.objects.exists():

        def exposures():
            ents = list(Enterprise.objects.values_list("id", flat=True)[:5000])
            cases = list(Case.objects.values_list("id", flat=True)[:5000])
            day, n = FIRST_DAY, 0
            while day < FIRST_DAY + timedelta(days=DAYS):
                for d in depts:
                    for _ in range(2):
                        e = Exposure.objects.create(
                            department=d, region_code=d.region.code, channel="区融媒体中心",
                            title="曝光典型案例", published_on=day + timedelta(days=rnd.randrange(28)),
                            created_by_id=creator,
                        )  # fmt: skip
                        e.enterprises.set(rnd.sample(ents, 2))
                        if cases and rnd.random() < 0.5:
                            e.cases.set([rnd.choice(cases)])
                        n += 1
                day += timedelta(days=31)
            return n

        step("exposures", exposures)
    return t


def generate_submissions(out) -> dict:
    """Every department's and town's S1 and S2 for the three months up to the benchmark month,
    submitted through the service (frozen figures and records)."""
    from anjian.stats import services
    from anjian.stats.models import Submission

    if Submission.objects.exists():
        return {}
    t0 = time.perf_counter()
    county = Region.objects.get(code="510904000000")
    y, m = MONTH
    months = [(y, m - 2), (y, m - 1), (y, m)]
    n = 0
    for d in Department.objects.filter(region=county):
        by = User.objects.filter(department=d, role=Role.INSPECTOR).first()
        for yy, mm in months:
            for table in ("s1", "s2"):
                services.submit(by, table, Unit(department=d), yy, mm, start=CUM_START,
                                filler_name="填报人")  # fmt: skip
                n += 1
    for town in Region.objects.filter(level="town", code__startswith=county.prefix):
        by, _ = User.objects.get_or_create(
            username=f"bench_town_{town.code}",
            defaults={"role": Role.TOWN, "region": town, "must_change_password": False},
        )
        for yy, mm in months:
            for table in ("s1", "s2"):
                services.submit(by, table, Unit(region=town), yy, mm, start=CUM_START,
                                filler_name="填报人")  # fmt: skip
                n += 1
    out.write(f"submissions +{n}\n")
    return {"submissions": n, "submissions_seconds": round(time.perf_counter() - t0, 1)}


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


def floor_s2(prefix: str, period: Period):
    """The S2 figures for a region in hand-written SQL over the raw rows."""
    from anjian.hazards.models import Supervision
    from anjian.inspections.models import Finding

    t = {m.__name__: m._meta.db_table for m in (Inspection, Hazard, Supervision, Finding)}
    like = prefix + "%"
    d0, d1 = period.start, period.end
    lo, hi = (connection.ops.adapt_datetimefield_value(x) for x in period.instants())
    src = ",".join(f"'{s}'" for s in ENFORCEMENT_SOURCES)
    codes = ",".join(f"'{c}'" for c in DEFICIENCY_CODES)
    queries = [
        (f"SELECT x.source IN ({src}), COUNT(*), SUM(CASE WHEN x.status = 'closed' AND x.closed_at < %s "
         f"THEN 1 ELSE 0 END) FROM {t['Hazard']} x WHERE x.region_code LIKE %s AND x.level = 'major' "
         "AND x.found_at >= %s AND x.found_at < %s GROUP BY 1", (hi, like, lo, hi)),
        (f"SELECT COUNT(DISTINCT x.id), COUNT(DISTINCT CASE WHEN x.status = 'closed' AND x.closed_at < %s "
         f"THEN x.id END) FROM {t['Hazard']} x JOIN {t['Supervision']} s ON s.hazard_id = x.id WHERE "
         "x.region_code LIKE %s AND x.level = 'major' AND s.issued_on BETWEEN %s AND %s",
         (hi, like, d0, d1)),
        (f"SELECT COUNT(DISTINCT x.enterprise_id) FROM {t['Inspection']} x WHERE x.region_code LIKE %s "
         "AND x.status = 'submitted' AND x.inspected_on BETWEEN %s AND %s", (like, d0, d1)),
        (f"SELECT f.violation_code, COUNT(DISTINCT x.enterprise_id) FROM {t['Finding']} f JOIN "
         f"{t['Inspection']} x ON x.id = f.inspection_id WHERE x.region_code LIKE %s AND x.status = "
         f"'submitted' AND x.inspected_on BETWEEN %s AND %s AND f.violation_code IN ({codes}) "
         "GROUP BY f.violation_code", (like, d0, d1)),
    ]  # fmt: skip

    def run():
        return [raw(sql, params)() for sql, params in queries]

    return run


def floor_dashboard(prefix: str, period: Period):
    """The county dashboard's blocks in hand-written SQL over the raw rows: 12-month trends,
    by town, by sector, the ranking's five figures per department and per town, overdue hazards
    and 以罚代管 (hazards penalised and not reviewed since, and violation cases)."""
    from anjian.hazards.models import HazardEvent

    t = {m.__name__: m._meta.db_table for m in (Inspection, Hazard, HazardEvent, Case, CaseParty,
         Document, Enterprise, Sector)}  # fmt: skip
    links = Case.hazards.through._meta.db_table
    like = prefix + "%"
    d0, d1 = period.start, period.end
    lo, hi = (connection.ops.adapt_datetimefield_value(x) for x in period.instants())
    y0 = date(d1.year - 1, d1.month, 1) if d1.month < 12 else date(d1.year, 1, 1)
    ylo = connection.ops.adapt_datetimefield_value(_aware(y0, 0))
    today = timezone.localdate()
    row = f"JOIN {t['Enterprise']} e ON e.id = x.enterprise_id JOIN {t['Sector']} s ON s.id = e.primary_sector_id"
    src = ",".join(f"'{s}'" for s in ENFORCEMENT_SOURCES)
    month = (
        "date_trunc('month', x.{})"
        if connection.vendor == "postgresql"
        else "strftime('%%Y-%%m', x.{})"
    )
    queries = [
        (
            f"SELECT {month.format('inspected_on')}, COUNT(*) FROM {t['Inspection']} x WHERE x.region_code LIKE %s "
            "AND x.status = 'submitted' AND x.inspected_on BETWEEN %s AND %s GROUP BY 1",
            (like, y0, d1),
        ),
        (
            f"SELECT {month.format('found_at')}, COUNT(*), SUM(CASE WHEN x.status = 'closed' THEN 1 ELSE 0 END) "
            f"FROM {t['Hazard']} x WHERE x.region_code LIKE %s AND x.found_at >= %s AND x.found_at < %s "
            "GROUP BY 1",
            (like, ylo, hi),
        ),
        (
            f"SELECT substr(x.region_code, 1, 9), COUNT(*) FROM {t['Inspection']} x WHERE x.region_code LIKE %s "
            "AND x.status = 'submitted' AND x.inspected_on BETWEEN %s AND %s GROUP BY 1",
            (like, d0, d1),
        ),
        (
            f"SELECT substr(x.region_code, 1, 9), SUM(CASE WHEN x.found_at >= %s AND x.found_at < %s THEN 1 ELSE 0 END), "
            "SUM(CASE WHEN x.status <> 'closed' THEN 1 ELSE 0 END), SUM(CASE WHEN x.status <> 'closed' AND "
            f"x.deadline < %s THEN 1 ELSE 0 END) FROM {t['Hazard']} x WHERE x.region_code LIKE %s AND "
            "((x.found_at >= %s AND x.found_at < %s) OR x.status IN ('pending', 'rectifying', 'review')) GROUP BY 1",
            (lo, hi, today, like, lo, hi),
        ),
        (
            f"SELECT s.stats_row, COUNT(*) FROM {t['Inspection']} x {row} WHERE x.region_code LIKE %s AND "
            "x.status = 'submitted' AND x.inspected_on BETWEEN %s AND %s GROUP BY 1",
            (like, d0, d1),
        ),
        (
            f"SELECT s.stats_row, COUNT(*), SUM(CASE WHEN x.level = 'major' THEN 1 ELSE 0 END) FROM "
            f"{t['Hazard']} x {row} WHERE x.region_code LIKE %s AND x.found_at >= %s AND x.found_at < %s "
            "GROUP BY 1",
            (like, lo, hi),
        ),
    ]
    for g in ("x.department_id", "substr(x.region_code, 1, 9)"):
        queries += [
            (
                f"SELECT {g}, COUNT(*) FROM {t['Inspection']} x WHERE x.region_code LIKE %s AND x.status = "
                "'submitted' AND x.inspected_on BETWEEN %s AND %s GROUP BY 1",
                (like, d0, d1),
            ),
            (
                f"SELECT {g}, COUNT(*) FROM {t['Hazard']} x WHERE x.region_code LIKE %s AND x.source IN ({src}) "
                "AND x.found_at >= %s AND x.found_at < %s GROUP BY 1",
                (like, lo, hi),
            ),
            (
                f"SELECT {g}, COUNT(*) FROM {t['Case']} x WHERE x.region_code LIKE %s AND x.filed_on BETWEEN "
                "%s AND %s GROUP BY 1",
                (like, d0, d1),
            ),
            (
                f"SELECT {g}, COUNT(*) FROM {t['Document']} x WHERE x.region_code LIKE %s AND x.issued_on "
                "BETWEEN %s AND %s GROUP BY 1",
                (like, d0, d1),
            ),
            (
                f"SELECT {g}, SUM(p.fine) FROM {t['CaseParty']} p JOIN {t['Case']} x ON x.id = p.case_id WHERE "
                "x.region_code LIKE %s AND p.fine > 0 AND (p.decided_on BETWEEN %s AND %s OR (p.decided_on IS "
                "NULL AND x.decided_on BETWEEN %s AND %s)) GROUP BY 1",
                (like, d0, d1, d0, d1),
            ),
        ]
    queries += [
        (f"SELECT COUNT(*) FROM (SELECT 1 FROM {t['Hazard']} x WHERE x.region_code LIKE %s AND x.status "
         "IN ('pending', 'rectifying', 'review') AND x.deadline < %s LIMIT 1001) q", (like, today)),
        (f"SELECT l.hazard_id, MIN(c.decided_on) FROM {links} l JOIN {t['Case']} c ON c.id = l.case_id "
         f"JOIN {t['Hazard']} x ON x.id = l.hazard_id WHERE x.region_code LIKE %s AND c.decided_on <= %s "
         f"GROUP BY l.hazard_id HAVING NOT EXISTS (SELECT 1 FROM {t['HazardEvent']} v WHERE v.hazard_id = "
         "l.hazard_id AND v.kind IN ('review_pass', 'review_fail', 'close_immediate') AND v.at >= MIN(c.decided_on))",
         (like, d1)),
        (f"SELECT COUNT(*) FROM {t['Case']} c WHERE c.region_code LIKE %s AND c.decided_on <= %s AND NOT EXISTS "
         f"(SELECT 1 FROM {links} l WHERE l.case_id = c.id) AND NOT EXISTS (SELECT 1 FROM {t['Document']} d "
         "WHERE (d.case_id = c.id OR d.enterprise_id = c.enterprise_id) AND d.kind = 'review_opinion' AND "
         f"d.issued_on >= c.decided_on) AND NOT EXISTS (SELECT 1 FROM {t['Inspection']} i WHERE "
         "i.enterprise_id = c.enterprise_id AND i.department_id = c.department_id AND i.status = 'submitted' "
         "AND i.inspected_on > c.decided_on)", (like, d1)),
    ]  # fmt: skip

    def run():
        return [raw(sql, params)() for sql, params in queries]

    return run


def floor_home(prefix: str):
    """The county 安委办 workbench's figures in hand-written SQL (capped where the page caps)."""
    from anjian.tips.models import Tip

    today = timezone.localdate()
    like = prefix + "%"
    h, e, tip = Hazard._meta.db_table, Enterprise._meta.db_table, Tip._meta.db_table
    queries = [
        (f"SELECT COUNT(*) FROM {e} WHERE region_code LIKE %s", (like,)),
        (f"SELECT COUNT(*) FROM (SELECT 1 FROM {h} WHERE region_code LIKE %s AND status IN ('pending', "
         "'rectifying', 'review') AND deadline < %s LIMIT 1001) q", (like, today)),
        (f"SELECT COUNT(*) FROM (SELECT 1 FROM {h} WHERE region_code LIKE %s AND status IN ('pending', "
         "'rectifying', 'review') AND level = 'major' LIMIT 1001) q", (like,)),
        (f"SELECT COUNT(*) FROM (SELECT 1 FROM {h} WHERE region_code LIKE %s AND status = 'review' "
         "LIMIT 1001) q", (like,)),
        (f"SELECT COUNT(*) FROM (SELECT 1 FROM {tip} WHERE status IN ('new', 'accepted', "
         "'assigned') LIMIT 1001) q", ()),
    ]  # fmt: skip

    def run():
        return [raw(sql, params)() for sql, params in queries]

    return run


ROUNDS = int(os.environ.get("ANJIAN_BENCH_ROUNDS", "7"))


def _rounds(scenarios, out) -> list[dict]:
    """Alternate the app (rollup on, rollup off) and the raw-SQL floor in rounds, the order
    reversed every other round, so that a load shift on the shared machine hits all alike."""
    import statistics

    from django.test import override_settings

    times: dict = {s["scenario"]: {"rollup": [], "raw": [], "floor": []} for s in scenarios}

    def once(fn):
        t0 = time.perf_counter()
        fn()
        return (time.perf_counter() - t0) * 1000

    for s in scenarios:  # warm-up
        for flag in (True, False):
            with override_settings(ANJIAN_STATS_ROLLUP=flag):
                s["app"]()
        s["floor"]()
    for r in range(ROUNDS):
        for s in scenarios:
            kinds = ["rollup", "raw", "floor"]
            for kind in kinds if r % 2 == 0 else kinds[::-1]:
                if kind == "floor":
                    ms = once(s["floor"])
                else:
                    with override_settings(ANJIAN_STATS_ROLLUP=kind == "rollup"):
                        ms = once(s["app"])
                times[s["scenario"]][kind].append(ms)
        out.write(f"round {r + 1}/{ROUNDS}\n")
    rows = []
    for s in scenarios:
        tt = times[s["scenario"]]
        med = {k: round(statistics.median(v), 1) for k, v in tt.items()}
        rows.append({
            "scenario": s["scenario"], "url": s.get("url", ""),
            "app_rollup_median_ms": med["rollup"], "app_raw_median_ms": med["raw"],
            "raw_sql_floor_median_ms": med["floor"],
            "rollup_vs_floor": round(med["rollup"] / max(med["floor"], 0.001), 2),
            "raw_vs_floor": round(med["raw"] / max(med["floor"], 0.001), 2),
            "runs": {k: [round(x, 1) for x in v] for k, v in tt.items()},
        })  # fmt: skip
    return rows


def run(enterprises: int, out) -> dict:
    from anjian.stats import rollup

    n_insp = int(os.environ.get("ANJIAN_BENCH_INSPECTIONS", enterprises * 5 // 2))
    n_haz = int(os.environ.get("ANJIAN_BENCH_HAZARDS", enterprises * 10))
    result = {"enterprises": enterprises, "target_inspections": n_insp, "target_hazards": n_haz,
              "scale_note": f"{enterprises} enterprises (the issue's targets are for 200,000)"}  # fmt: skip
    _ensure_enterprises(enterprises, out, result)
    t0 = time.perf_counter()
    result["generate"] = generate(n_insp, n_haz, out)
    result["generate_seconds"] = round(time.perf_counter() - t0, 1)
    if os.environ.get("ANJIAN_BENCH_MEASURE_ONLY") == "1":
        # measure on what an earlier (seeding) run left: its rebuild and check are kept
        from .common import RESULTS

        prev = json.loads((RESULTS / f"stats-{connection.vendor}.json").read_text(encoding="utf-8"))
        for k in ("generate", "generate_seconds", "rollup_months", "stats_rebuild_seconds", "rows",
                  "stats_check", "seed_enterprises_seconds"):  # fmt: skip
            if k in prev:
                result[k] = prev[k]
        result["seeded_at"] = prev.get("at")
        return _measure(result, out)
    t0 = time.perf_counter()
    result["rollup_months"] = rollup.rebuild_all()
    result["stats_rebuild_seconds"] = round(time.perf_counter() - t0, 1)
    result["generate"].update(generate_submissions(out))
    from anjian.enforcement.models import Exposure
    from anjian.hazards.models import HazardEvent, Supervision
    from anjian.inspections.models import Finding
    from anjian.stats.models import MonthlyFact, MonthlyFigure, Submission

    result["rows"] = {
        name: model.objects.count()
        for name, model in (
            ("enterprises", Enterprise), ("inspections", Inspection), ("team_members", TeamMember),
            ("findings", Finding), ("hazards", Hazard), ("hazard_events", HazardEvent),
            ("supervisions", Supervision), ("disposals", Disposal), ("onsite_measures", OnSiteMeasure),
            ("cases", Case), ("case_hazard_links", Case.hazards.through), ("parties", CaseParty),
            ("documents", Document), ("sanctions", Sanction), ("transfers", Transfer),
            ("exposures", Exposure), ("submissions", Submission), ("monthly_figures", MonthlyFigure),
            ("monthly_facts", MonthlyFact),
        )
    }  # fmt: skip
    t0 = time.perf_counter()
    diffs = rollup.check()
    result["stats_check"] = {"differences": len(diffs), "first": diffs[:10],
                             "seconds": round(time.perf_counter() - t0, 1)}  # fmt: skip
    out.write(f"stats-check: {len(diffs)} differences\n")
    if os.environ.get("ANJIAN_BENCH_SEED_ONLY") == "1":
        path = write("stats", result)
        result["file"] = str(path)
        return result
    return _measure(result, out)


def _measure(result: dict, out) -> dict:
    county = Region.objects.get(code="510904000000")
    awb, _ = User.objects.get_or_create(
        username="bench_awb", defaults={"role": Role.AWB, "region": county, "must_change_password": False}
    )  # fmt: skip
    c = Client()
    c.force_login(awb)
    y, m = MONTH
    year_start = date(y - 1, m + 1, 1) if m < 12 else date(y, 1, 1)
    one, twelve = Period.month(y, m), Period.to_month(y, m, year_start)
    u = f"unit=region:{county.code}&month={y}-{m:02d}"
    scenarios = [
        ("S1 county, one month", f"/stats/?{u}", floor_sql(county.prefix, one)),
        ("S1 county, 12 months", f"/stats/?{u}&mode=cum&start={year_start:%Y-%m}",
         floor_sql(county.prefix, twelve)),
        ("S2 county, one month", f"/stats/s2/?{u}&start={y}-{m:02d}", floor_s2(county.prefix, one)),
        ("S2 county, 12 months", f"/stats/s2/?{u}&start={year_start:%Y-%m}",
         floor_s2(county.prefix, twelve)),
        ("dashboard county, one month", f"/stats/dashboard/?{u}", floor_dashboard(county.prefix, one)),
        ("home page (县安委办)", "/", floor_home(county.prefix)),
    ]  # fmt: skip
    result["tables"] = _rounds(
        [{"scenario": label, "url": url, "app": request(c, url), "floor": floor}
         for label, url, floor in scenarios], out,
    )  # fmt: skip
    result["rounds"] = ROUNDS
    unit = Unit(region=county)
    result["totals_s1_one_month"] = {
        f.key: float(compute("s1", unit, one).total.values[f.key]) for f in S1
    }
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
