"""Issue 4 benchmark: the filtered hazard ledger page and the .xlsx export on 2,000,000 hazards.

Uses the records of `bench.stats` (it tops the database up to 2.5 × enterprises inspections and
10 × enterprises hazards first, so the suite also runs on its own). Then

* the ledger page (/hazards/) for a department inspector and for the 安委办, filtered and
  unfiltered: server time of the whole request beside the same two statements (capped count and
  the first page of 50 rows with its joins) in hand-written SQL, plus the exact COUNT(*) the page
  no longer runs;
* the export of 100,000 and 1,000,000 rows through the ledger's export path
  (`anjian.hazards.excel.export_ledger`), each in a fresh subprocess so that its peak RSS is its
  own: seconds, peak RSS, RSS before the export, file size. Memory is bounded when the peak for
  1,000,000 rows is about the peak for 100,000.
"""

import json
import os
import re
import subprocess
import sys
import time

from django.conf import settings
from django.db.models import Count
from django.db.models.functions import Substr
from django.test import Client
from django.utils import timezone

from anjian.accounts.models import Department, Region, Role, User
from anjian.hazards.models import Hazard
from anjian.hazards.views import LedgerPaginator
from anjian.registry.models import Enterprise

from . import stats as stats_bench
from .common import ratio, raw, request, timed, write

EXPORT_SIZES = (100_000, 1_000_000)
TOTAL = re.compile(r'id="total"( data-capped="1")?>(\d+)<')

# Run in a subprocess: export the first N hazards (by id) of the 安委办's ledger.
CHILD = r"""
import os, resource, sys, time, json
import django
django.setup()
from anjian.accounts.models import User
from anjian.hazards.excel import export_ledger
from anjian.hazards.models import Hazard
n, upto, user = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
awb = User.objects.get(username=user)
qs = Hazard.objects.restrict(awb, "view").filter(pk__lte=upto)
def rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
before = rss_mb()
t0 = time.perf_counter()
f = export_ledger(qs)
size = os.fstat(f.fileno()).st_size
seconds = time.perf_counter() - t0
f.close()
print(json.dumps({"rows": n, "seconds": round(seconds, 1), "peak_rss_mb": round(rss_mb(), 1),
                  "rss_before_export_mb": round(before, 1), "file_mb": round(size / 2**20, 1)}))
"""


def _user(username, **kw):
    user, _ = User.objects.get_or_create(
        username=username, defaults={"must_change_password": False, **kw}
    )
    return user


def _export(n: int, username: str, out) -> dict:
    upto = Hazard.objects.order_by("id").values_list("id", flat=True)[n - 1]
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "anjian.settings"}
    t0 = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-c", CHILD, str(n), str(upto), username],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode != 0:
        raise RuntimeError(proc.stderr[-2000:])
    res = json.loads(proc.stdout.strip().splitlines()[-1])
    res["wall_seconds_with_startup"] = round(time.perf_counter() - t0, 1)
    out.write(f"export {n}: {res}\n")
    return res


def _ledger_sql(user, f: dict, today):
    """The ledger's two statements in hand-written SQL: count (capped as the page does) and the
    first page of 50 rows with the enterprise and department, newest first."""
    h, e, es, d = (
        "hazards_hazard",
        "registry_enterprise",
        "registry_enterprisesector",
        "accounts_department",
    )
    sv = "hazards_supervision"
    where, params = [], []
    if user.role == Role.AWB:
        where.append("e.region_code LIKE %s")
        params.append(user.region.prefix + "%")
    else:
        dept = user.department
        sectors = list(dept.sectors.values_list("id", flat=True))
        where.append("e.region_code LIKE %s")
        params.append(dept.region.prefix + "%")
        where.append(f"EXISTS (SELECT 1 FROM {es} s WHERE s.enterprise_id = h.enterprise_id AND "
                     f"s.sector_id IN ({','.join(['%s'] * len(sectors))}))")  # fmt: skip
        params += sectors
    if f.get("town"):
        where.append("h.region_code LIKE %s")
        params.append(Region.objects.get(code=f["town"]).prefix + "%")
    if f.get("level"):
        where.append("h.level = %s")
        params.append(f["level"])
    if f.get("status") == "open":
        where.append("h.status <> 'closed'")
    if f.get("overdue") == "1":
        where.append("h.status IN ('pending', 'rectifying', 'review') AND h.deadline < %s")
        params.append(today)
    cond = " AND ".join(where) or "TRUE"
    base = f"FROM {h} h JOIN {e} e ON e.id = h.enterprise_id WHERE {cond}"
    capped = f"SELECT COUNT(*) FROM (SELECT 1 {base} LIMIT {LedgerPaginator.CAP + 1}) c"
    exact = f"SELECT COUNT(*) {base}"
    page = (
        f"SELECT h.id, h.description, h.source, h.level, h.status, h.found_at, h.deadline, "
        f"e.id, e.name, d.short_name, EXISTS (SELECT 1 FROM {sv} v WHERE v.hazard_id = h.id AND "
        f"v.lifted_at IS NULL) FROM {h} h JOIN {e} e ON e.id = h.enterprise_id LEFT JOIN {d} d "
        f"ON d.id = h.department_id WHERE {cond} ORDER BY h.found_at DESC, h.id DESC LIMIT 50"
    )
    count_run, page_run = raw(capped, params), raw(page, params)

    def run():
        count_run()
        page_run()

    return run, raw(exact, params)


def run(enterprises: int, out) -> dict:
    n_insp = int(os.environ.get("ANJIAN_BENCH_INSPECTIONS", enterprises * 5 // 2))
    n_haz = int(os.environ.get("ANJIAN_BENCH_HAZARDS", enterprises * 10))
    result = {"enterprises": enterprises, "target_hazards": n_haz}
    stats_bench._ensure_enterprises(enterprises, out, result)
    t0 = time.perf_counter()
    result["generate"] = stats_bench.generate(n_insp, n_haz, out)
    result["generate_seconds"] = round(time.perf_counter() - t0, 1)
    total = Hazard.objects.count()
    result["rows"] = {"hazards": total, "enterprises": Enterprise.objects.count()}
    county = Region.objects.get(code="510904000000")
    yjj = Department.objects.get(code="yjj")
    awb = _user("bench_awb", role=Role.AWB, region=county)
    insp = _user("bench_yjj", role=Role.INSPECTOR, department=yjj, region=county)
    # The busiest town of the county (most hazards), so the filtered page is not trivially empty.
    busiest = (
        Hazard.objects.filter(level="major")
        .annotate(t=Substr("region_code", 1, 9))
        .values("t")
        .annotate(n=Count("id"))
        .order_by("-n")
        .first()
    )
    town = Region.objects.get(code=busiest["t"] + "000")
    today = timezone.localdate()
    clients = {}
    for u in (awb, insp):
        c = Client()
        c.force_login(u)
        clients[u.pk] = c
    filtered = {"town": town.code, "level": "major", "status": "open", "overdue": "1"}
    scenarios = [
        ("应急局 inspector: town + 重大 + 未销号 + 逾期", insp, filtered),
        ("应急局 inspector: unfiltered", insp, {}),
        ("安委办: town + 重大 + 未销号 + 逾期", awb, filtered),
        ("安委办: unfiltered (whole county)", awb, {}),
    ]
    rows = []
    for label, user, f in scenarios:
        qs = "&".join(f"{k}={v}" for k, v in f.items())
        url = f"/hazards/?{qs}"
        resp = clients[user.pk].get(url)
        assert resp.status_code == 200, (url, resp.status_code)
        shown = TOTAL.search(resp.content.decode())
        floor_run, exact_run = _ledger_sql(user, f, today)
        server = timed(request(clients[user.pk], url), repeat=7)
        floor = timed(floor_run, repeat=7)
        exact = timed(exact_run, repeat=3, warmup=1)
        rows.append({
            "scenario": label, "url": url, "matching_rows": exact_run()[0][0],
            "shown_count": int(shown.group(2)), "count_capped": bool(shown.group(1)),
            "server": server, "raw_sql_floor": floor, "ratio": ratio(server, floor),
            "exact_count_sql_not_run_by_page": exact,
        })  # fmt: skip
        out.write(f"{label}: server {server['median_ms']} ms, floor {floor['median_ms']} ms\n")
    result["ledger"] = rows
    result["export"] = [_export(n, awb.username, out) for n in EXPORT_SIZES if n <= total]
    if len(result["export"]) == 2:
        small, big = result["export"]
        result["export_memory_growth_mb_per_900k_rows"] = round(
            big["peak_rss_mb"] - small["peak_rss_mb"], 1
        )
    path = write("hazards", result)
    result["file"] = str(path)
    return result
