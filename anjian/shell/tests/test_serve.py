"""`anjian serve`: waitress by default, gunicorn with worker processes on Linux."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from anjian.shell.management.commands import serve
from anjian.testing import TEST_KEYS


def test_choice_of_server():
    assert not serve.use_gunicorn(1, "linux")
    assert serve.use_gunicorn(4, "linux")
    assert not serve.use_gunicorn(4, "win32")
    assert not serve.use_gunicorn(4, "darwin")


def test_one_worker_is_waitress(monkeypatch):
    seen = {}
    monkeypatch.setattr("waitress.serve", lambda app, **kw: seen.update(kw))
    call_command("serve", port=8123, threads=3)
    assert seen == {"host": "127.0.0.1", "port": 8123, "threads": 3, "ident": "anjian"}


def test_workers_on_linux_are_gunicorn_processes(monkeypatch):
    if not sys.platform.startswith("linux"):
        pytest.skip("gunicorn runs on Linux only")
    seen = {}

    def fake_run(self):
        seen.update({k: self.cfg.settings[k].value for k in ("bind", "workers", "threads")})
        seen["app"] = self.load()

    monkeypatch.setattr("gunicorn.app.base.BaseApplication.run", fake_run)
    call_command("serve", port=8124, workers=3, threads=4)
    from anjian.wsgi import application

    assert seen == {"bind": ["127.0.0.1:8124"], "workers": 3, "threads": 4, "app": application}


def test_bad_counts_refused():
    with pytest.raises(CommandError):
        call_command("serve", workers=0)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _children(pid: int) -> list[int]:
    out = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        text = (task / "children").read_text().split()
        out += [int(p) for p in text]
    return out


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="gunicorn runs on Linux only")
def test_gunicorn_really_serves_with_two_worker_processes(tmp_path):
    """A real start: two worker processes answer over HTTP (a static file: no database)."""
    port = _free_port()
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("DATABASE")},
        **TEST_KEYS,
        "ANJIAN_DATA_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "anjian.settings",
    }
    proc = subprocess.Popen(
        [sys.executable, "-m", "anjian.cli", "serve", "--workers", "2", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        url = f"http://127.0.0.1:{port}/static/stats/stats.css"
        deadline, status = time.monotonic() + 30, None
        while time.monotonic() < deadline and status is None:
            try:
                with urllib.request.urlopen(url, timeout=2) as resp:
                    status = resp.status
            except OSError:
                time.sleep(0.3)
        assert status == 200, proc.stdout.read1().decode() if proc.poll() is not None else ""
        deadline = time.monotonic() + 10
        while len(_children(proc.pid)) < 2 and time.monotonic() < deadline:
            time.sleep(0.2)
        assert len(_children(proc.pid)) == 2
    finally:
        proc.terminate()
        proc.wait(timeout=30)
