"""Issue 20: the site over HTTP, server configurations side by side (a small run).

Not a Django management suite: it starts `anjian serve` itself in each configuration, on a
database prepared beforehand (`anjian demo --enterprises N --no-serve` and `anjian seed-hazards
--hazards M` with the same DATABASE_URL and ANJIAN_DATA_DIR), and talks to it on 127.0.0.1 only:

    DATABASE_URL=... ANJIAN_DATA_DIR=... python bench/serving.py --requests 240 --concurrency 8

* mixed inspector workload (a real login per client thread; filtered enterprise lists and
  hazard ledgers), in alternating rounds per configuration: requests/s, p50, p95;
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
CONFIGS = {
    "waitress-1x8-conn0": {"args": ["--threads", "8"], "env": {"ANJIAN_CONN_MAX_AGE": "0"}},
    "gunicorn-2x4-persistent": {
        "args": ["--workers", "2", "--threads", "4"],
        "env": {"ANJIAN_CONN_MAX_AGE": "600"},
    },
}
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
    def __init__(self, name: str, cfg: dict):
        self.port = free_port()
        env = {**os.environ, **demo_keys(os.environ["ANJIAN_DATA_DIR"]), **cfg["env"]}
        env["ANJIAN_EXPORT_SYNC_MAX_ROWS"] = "10000000"  # measure the .xlsx path synchronously
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "anjian.cli", "serve", "--port", str(self.port), *cfg["args"]],
            cwd=ROOT,
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

    t0 = time.perf_counter()
    threads = [threading.Thread(target=client, args=(o,)) for o in openers]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - t0
    latencies.sort()
    return {
        "requests": len(latencies),
        "errors": errors,
        "seconds": round(wall, 2),
        "rps": round(len(latencies) / wall, 1),
        "p50_ms": round(statistics.median(latencies) * 1000),
        "p95_ms": round(latencies[int(len(latencies) * 0.95) - 1] * 1000),
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


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=240)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    users = ["yjj_zhang", "yjj_li", "zjw_chen", "awb_staff"]
    results: dict = {"workload": {}, "export": {}, "settings": vars(args)}
    for rnd in range(args.rounds):
        for name, cfg in CONFIGS.items():  # alternating rounds
            server = Server(name, cfg)
            try:
                workload(server.base, users, 20, 2)  # warm-up
                res = workload(server.base, users, args.requests, args.concurrency)
                print(f"round {rnd + 1} {name}: {res}", flush=True)
                results["workload"].setdefault(name, []).append(res)
                if rnd == 0 and name.startswith("gunicorn"):
                    awb = login(server.base, "awb")
                    for label, path in (
                        ("csv", "/hazards/export.csv"),
                        ("xlsx", "/hazards/export.xlsx"),
                    ):
                        results["export"][label] = export(server, awb, path)
                        print(f"export {label}: {results['export'][label]}", flush=True)
            finally:
                server.stop()
    for name, runs in results["workload"].items():
        results["workload"][name] = {
            "rounds": runs,
            "median_rps": statistics.median(r["rps"] for r in runs),
            "median_p50_ms": statistics.median(r["p50_ms"] for r in runs),
            "median_p95_ms": statistics.median(r["p95_ms"] for r in runs),
        }
    db = "postgresql" if os.environ.get("DATABASE_URL", "").startswith("postgres") else "sqlite"
    path = ROOT / "bench" / "results" / f"serving-{db}.json"
    path.write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n")
    print(json.dumps(results, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
