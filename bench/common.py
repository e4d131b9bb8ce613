"""Benchmark helpers: time a Django request and the same question in raw SQL, side by side."""

import json
import platform
import statistics
import time
from datetime import datetime
from pathlib import Path

from django.db import connection

RESULTS = Path(__file__).resolve().parent / "results"


def timed(fn, repeat: int = 7, warmup: int = 2) -> dict:
    for _ in range(warmup):
        fn()
    runs = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        runs.append((time.perf_counter() - t0) * 1000)
    return {
        "median_ms": round(statistics.median(runs), 2),
        "min_ms": round(min(runs), 2),
        "runs": len(runs),
    }


def raw(sql: str, params=()):
    def run():
        with connection.cursor() as cur:
            cur.execute(sql, params)
            return cur.fetchall()

    return run


def request(client, url: str):
    def run():
        resp = client.get(url)
        assert resp.status_code == 200, (url, resp.status_code)
        return resp

    return run


def breakdown(client, url: str, repeat: int = 5) -> dict:
    """Where one request's time goes: its SQL statements, their time, and this process's CPU."""
    from django.test.utils import CaptureQueriesContext

    db, cpu, count = [], [], 0
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as ctx:
            p0 = time.process_time()
            request(client, url)()
            cpu.append((time.process_time() - p0) * 1000)
        db.append(sum(float(q["time"]) for q in ctx.captured_queries) * 1000)
        count = len(ctx.captured_queries)
    return {
        "sql_statements": count,
        "sql_median_ms": round(statistics.median(db), 2),
        "python_cpu_median_ms": round(statistics.median(cpu), 2),
    }


def write(suite: str, payload: dict) -> Path:
    RESULTS.mkdir(exist_ok=True)
    vendor = connection.vendor
    payload = {
        "suite": suite,
        "database": vendor,
        "at": datetime.now().isoformat(timespec="seconds"),
        "machine": f"{platform.machine()} {platform.processor() or ''} python {platform.python_version()}".strip(),
        **payload,
    }
    path = RESULTS / f"{suite}-{vendor}.json"
    path.write_text(json.dumps(payload, ensure_ascii=False, indent=2), encoding="utf-8")
    return path


def ratio(server: dict, floor: dict) -> float:
    return round(server["median_ms"] / max(floor["median_ms"], 0.001), 1)
