"""Issue 20: the site over HTTP, server configurations side by side (a small run).

Not a Django management suite: it starts `anjian serve` itself in each configuration, on a
database prepared beforehand (`anjian demo --enterprises N --no-serve` and `anjian seed-hazards
--hazards M` with the same DATABASE_URL and ANJIAN_DATA_DIR), and talks to it on 127.0.0.1 only:

    DATABASE_URL=... ANJIAN_DATA_DIR=... python bench/serving.py --requests 240 --concurrency 16

Against the baseline (issue 20: today's main at commit 9477d21), give its git worktree, which
has run its own `python3 run.py` (its .venv), and its own database seeded the same way by its
own commands (`python3 run.py demo --enterprises N --no-serve`, `python3 run.py seed-hazards
--hazards M` there):

    git worktree add ../base9477 9477d21
    ... --baseline ../base9477 --baseline-database-url postgres://.../anjian_base \
        --baseline-data-dir /tmp/basedata

* mixed inspector workload (a real login per client thread; filtered enterprise lists and
  hazard ledgers), in alternating rounds per configuration (every server started once, the
  order of the configurations rotated each round, one configuration loaded at a time):
  requests/s, p50, p95, and the median requests/s as a multiple of the baseline's;
* the hazard ledger export over HTTP as the 安委办: the streamed CSV (time to first byte,
  rows/s) beside the .xlsx built before sending; the server's RSS sampled from /proc while it
  runs (the process's own memory, not a peak counter inherited from a parent).

Bounded: a fixed number of requests per round, a time limit per request, the servers stopped
at the end. Results to bench/results/serving-<db>.json.
"""

import argparse
import http.cookiejar
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "Anjian@2023!"
# name: serve arguments and environment. "baseline" runs in the baseline's worktree.
CONFIGS = {
    "baseline-9477d21-waitress-1x8": {"args": ["--threads", "8"], "env": {}, "baseline": True},
    "waitress-1x8-persistent": {"args": ["--threads", "8"], "env": {"ANJIAN_CONN_MAX_AGE": "600"}},
    "gunicorn-2x4-persistent": {
        "args": ["--workers", "2", "--threads", "4"],
        "env": {"ANJIAN_CONN_MAX_AGE": "600"},
    },
    "gunicorn-3x4-persistent": {
        "args": ["--workers", "3", "--threads", "4"],
        "env": {"ANJIAN_CONN_MAX_AGE": "600"},
    },
}
BASELINE = "baseline-9477d21-waitress-1x8"
WORKLOAD = [
    "/enterprises/",
    "/enterprises/?q=%E5%8C%96%E5%B7%A5",
    "/hazards/",
    "/hazards/?level=major",
    "/hazards/?status=open",
    "/hazards/?overdue=1",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def demo_keys(data_dir: str) -> dict:
    keys = {}
    for line in (Path(data_dir) / "demo-keys.env").read_text().splitlines():
        if "=" in line and not line.startswith("#"):
            k, v = line.split("=", 1)
            keys[k] = v
    return keys


class Server:
    def __init__(self, name: str, cfg: dict, baseline: dict | None = None):
        self.port = free_port()
        python, cwd = sys.executable, ROOT
        if cfg.get("baseline"):
            # the baseline's own code, interpreter, database and data folder (it predates
            # the demo keys: its defaults)
            env = {**os.environ, **cfg["env"]}
            env["DATABASE_URL"] = baseline["database_url"]
            env["ANJIAN_DATA_DIR"] = baseline["data_dir"]
            cwd = Path(baseline["dir"]).resolve()
            python = str(cwd / ".venv" / "bin" / "python")
        else:
            env = {**os.environ, **demo_keys(os.environ["ANJIAN_DATA_DIR"]), **cfg["env"]}
        env["ANJIAN_EXPORT_SYNC_MAX_ROWS"] = "10000000"  # measure the .xlsx path synchronously
        self.proc = subprocess.Popen(
            [python, "-m", "anjian.cli", "serve", "--port", str(self.port), *cfg["args"]],
            cwd=cwd,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self.base = f"http://127.0.0.1:{self.port}"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(self.base + "/accounts/login/", timeout=2).read()
                return
            except OSError:
                time.sleep(0.3)
        raise RuntimeError(f"{name} did not start")

    def pids(self) -> list[int]:
        out = [self.proc.pid]
        for task in Path(f"/proc/{self.proc.pid}/task").iterdir():
            out += [int(p) for p in (task / "children").read_text().split()]
        return out

    def rss_mb(self) -> float:
        total = 0
        for pid in self.pids():
            try:
                for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
            except FileNotFoundError:
                pass
        return total / 1024

    def stop(self):
        self.proc.terminate()
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def login(base: str, username: str):
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(base + "/accounts/login/", timeout=30).read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    data = urllib.parse.urlencode(
        {"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token}
    ).encode()
    req = urllib.request.Request(base + "/accounts/login/", data=data)
    req.add_header("Referer", base + "/accounts/login/")
    resp = opener.open(req, timeout=30)
    assert "/accounts/login/" not in resp.geturl(), f"login of {username} failed"
    return opener


def workload(base: str, users: list[str], requests: int, concurrency: int) -> dict:
    openers = [login(base, users[i % len(users)]) for i in range(concurrency)]
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    counter = iter(range(requests))

    def client(opener):
        nonlocal errors
        while True:
            with lock:
                n = next(counter, None)
            if n is None:
                return
            url = base + WORKLOAD[n % len(WORKLOAD)]
            t0 = time.perf_counter()
            try:
                opener.open(url, timeout=60).read()
            except OSError:
                with lock:
                    errors += 1
                continue
            with lock:
                latencies.append(time.perf_counter() - t0)

    t0, c0 = time.perf_counter(), time.process_time()
    threads = [threading.Thread(target=client, args=(o,)) for o in openers]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - t0
    client_cpu = time.process_time() - c0  # this load generator's own share of the 2 cores
    latencies.sort()
    return {
        "requests": len(latencies),
        "errors": errors,
        "seconds": round(wall, 2),
        "rps": round(len(latencies) / wall, 1),
        "p50_ms": round(statistics.median(latencies) * 1000),
        "p95_ms": round(latencies[int(len(latencies) * 0.95) - 1] * 1000),
        "client_cpu_ms_per_request": round(client_cpu / max(len(latencies), 1) * 1000, 1),
    }


def export(server: Server, opener, path: str) -> dict:
    samples: list[float] = []
    done = threading.Event()

    def sample():
        while not done.is_set():
            samples.append(server.rss_mb())
            time.sleep(0.05)

    before = server.rss_mb()
    sampler = threading.Thread(target=sample)
    sampler.start()
    t0 = time.perf_counter()
    resp = opener.open(server.base + path, timeout=600)
    first = resp.read(1)
    ttfb = time.perf_counter() - t0
    size = len(first)
    lines = first.count(b"\n")
    while chunk := resp.read(1 << 16):
        size += len(chunk)
        lines += chunk.count(b"\n")
    total = time.perf_counter() - t0
    done.set()
    sampler.join()
    out = {
        "first_byte_s": round(ttfb, 3),
        "total_s": round(total, 2),
        "bytes": size,
        "rss_before_mb": round(before, 1),
        "rss_max_sampled_mb": round(max(samples, default=before), 1),
    }
    if path.endswith(".csv") or ".csv?" in path:
        out["rows"] = lines - 1
        out["rows_per_s"] = round((lines - 1) / total)
    return out


def git_head(path: Path) -> str:
    out = subprocess.run(
        ["git", "-C", str(path), "rev-parse", "--short", "HEAD"], capture_output=True, text=True
    )
    return out.stdout.strip()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=240, help="requests per round")
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--configs", default=",".join(CONFIGS), help="comma-separated names")
    parser.add_argument("--baseline", help="git worktree of the baseline commit (its .venv)")
    parser.add_argument("--baseline-database-url")
    parser.add_argument("--baseline-data-dir")
    parser.add_argument("--no-export", action="store_true")
    args = parser.parse_args()
    names = [n for n in args.configs.split(",") if n]
    baseline = None
    if args.baseline:
        if not (args.baseline_database_url and args.baseline_data_dir):
            parser.error("--baseline needs --baseline-database-url and --baseline-data-dir")
        baseline = {
            "dir": args.baseline,
            "database_url": args.baseline_database_url,
            "data_dir": args.baseline_data_dir,
        }
    else:
        names = [n for n in names if not CONFIGS[n].get("baseline")]
    users = ["yjj_zhang", "yjj_li", "zjw_chen", "awb_staff"]
    results: dict = {
        "workload": {},
        "export": {},
        "settings": {
            **{k: v for k, v in vars(args).items() if k not in ("baseline_database_url",)},
            "commit": git_head(ROOT),
            "baseline_commit": git_head(Path(args.baseline)) if args.baseline else None,
            "pages": WORKLOAD,
            "users": users,
        },
    }
    servers = {}
    try:
        for name in names:
            servers[name] = Server(name, CONFIGS[name], baseline)
            workload(servers[name].base, users, 24, 4)  # warm-up (logins, caches, connections)
        for rnd in range(args.rounds):
            order = names[rnd % len(names) :] + names[: rnd % len(names)]
            for name in order:  # alternating rounds, one configuration loaded at a time
                res = workload(servers[name].base, users, args.requests, args.concurrency)
                print(f"round {rnd + 1} {name}: {res}", flush=True)
                results["workload"].setdefault(name, []).append(res)
        export_on = next((n for n in names if n.startswith("gunicorn")), None)
        if export_on and not args.no_export:
            server = servers[export_on]
            awb = login(server.base, "awb")
            results["export"]["server"] = export_on
            for label, path in (("csv", "/hazards/export.csv"), ("xlsx", "/hazards/export.xlsx")):
                results["export"][label] = export(server, awb, path)
                print(f"export {label}: {results['export'][label]}", flush=True)
    finally:
        for server in servers.values():
            server.stop()
    for name, runs in results["workload"].items():
        results["workload"][name] = {
            "rounds": runs,
            "median_rps": statistics.median(r["rps"] for r in runs),
            "median_p50_ms": statistics.median(r["p50_ms"] for r in runs),
            "median_p95_ms": statistics.median(r["p95_ms"] for r in runs),
        }
    if BASELINE in results["workload"]:
        base = results["workload"][BASELINE]["median_rps"]
        for row in results["workload"].values():
            row["x_baseline_rps"] = round(row["median_rps"] / base, 2) if base else None
    db = "postgresql" if os.environ.get("DATABASE_URL", "").startswith("postgres") else "sqlite"
    path = ROOT / "bench" / "results" / f"serving-{db}.json"
    path.write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n")
    print(json.dumps(results, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
