"""Queue `tick` once a day for the background worker (no cron needed).

`anjian worker` (and the demo's worker thread) calls `start_background_ticker()` once. It
starts a daemon thread that queues the job at start-up if today's run is missing (the
catch-up), then every day at ANJIAN_TICK_HOUR (default 6, local time); the worker runs it
(`notifications.jobs.daily_reminders`). The web process never runs it. Set ANJIAN_TICKER=0 to
disable it (e.g. when cron runs `anjian tick`). Running both is harmless: the job is
idempotent.
"""

import logging
import os
import threading
import time
from datetime import datetime, timedelta

from django.db import close_old_connections
from django.utils import timezone

log = logging.getLogger(__name__)
_started = threading.Event()


def seconds_until(hour: int, now: datetime) -> float:
    target = now.replace(hour=hour, minute=0, second=0, microsecond=0)
    if target <= now:
        target += timedelta(days=1)
    return (target - now).total_seconds()


def run_once_if_due() -> bool:
    from .models import TickRun
    from .services import tick

    try:
        today = timezone.localdate()
        if TickRun.objects.filter(day=today, finished_at__isnull=False).exists():
            return False
        tick(today)
        return True
    except Exception:  # never kill the ticker thread
        log.exception("daily reminder job failed")
        return False


def _run_in_thread() -> None:
    """Queue today's run for the worker; the ticker thread owns its connections."""
    from .jobs import enqueue_if_due

    close_old_connections()
    try:
        enqueue_if_due()
    except Exception:  # never kill the ticker thread
        log.exception("queueing the daily reminder job failed")
    finally:
        close_old_connections()


def _loop(hour: int) -> None:
    _run_in_thread()
    while True:
        time.sleep(seconds_until(hour, timezone.localtime()))
        _run_in_thread()


def start_background_ticker(hour: int | None = None) -> threading.Thread | None:
    if os.environ.get("ANJIAN_TICKER", "1") == "0" or _started.is_set():
        return None
    _started.set()
    hour = int(os.environ.get("ANJIAN_TICK_HOUR", "6")) if hour is None else hour
    t = threading.Thread(target=_loop, args=(hour,), name="anjian-ticker", daemon=True)
    t.start()
    return t
