"""Issue 20: where a workload page's time goes, in-process (no HTTP): queries and a profile.

On a database prepared as for bench/serving.py (same DATABASE_URL and ANJIAN_DATA_DIR):

    DATABASE_URL=... ANJIAN_DATA_DIR=... python bench/pages.py [--user yjj_zhang] [--profile]

For each page of the serving workload: the wall time and this process's CPU time (medians of
--repeat; the CPU time does not count the database's, and is steadier on a shared machine), the number of
queries and their total time, the slowest queries; with --profile the top functions by
cumulative time (cProfile).
"""

import argparse
import cProfile
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--user", default="yjj_zhang")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--sql", type=int, default=4, help="slowest queries shown per page")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "anjian.settings")
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from serving import PASSWORD, WORKLOAD

    client = Client()
    assert client.login(username=args.user, password=PASSWORD), "login failed"
    for url in WORKLOAD:
        client.get(url)  # warm
        times, cpu = [], []
        for _ in range(args.repeat):
            t0, c0 = time.perf_counter(), time.process_time()
            with CaptureQueriesContext(connection) as ctx:
                resp = client.get(url)
            times.append(time.perf_counter() - t0)
            cpu.append(time.process_time() - c0)
        assert resp.status_code == 200, (url, resp.status_code)
        qs = ctx.captured_queries
        sql_s = sum(float(q["time"]) for q in qs)
        print(
            f"{url}: {statistics.median(times) * 1000:.0f} ms "
            f"(Python CPU {statistics.median(cpu) * 1000:.0f} ms), {len(qs)} queries "
            f"{sql_s * 1000:.0f} ms, {len(resp.content) // 1024} KiB"
        )
        for q in sorted(qs, key=lambda q: -float(q["time"]))[: args.sql]:
            print(f"   {float(q['time']) * 1000:7.1f} ms  {q['sql'][:300]}")
        if args.profile:
            prof = cProfile.Profile()
            prof.enable()
            client.get(url)
            prof.disable()
            pstats.Stats(prof).sort_stats("cumulative").print_stats(25)


if __name__ == "__main__":
    main()
