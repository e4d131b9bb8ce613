"""The background worker: django-tasks' database worker (`django_tasks_db`) plus the daily
reminder ticker. `anjian worker` runs it in the foreground; `anjian demo` runs it in a thread
of its own process (`start_in_thread`), so the demo needs no second process."""

import logging
import os
import threading

from django.utils.crypto import get_random_string

log = logging.getLogger(__name__)


def make_worker(*, interval: float = 1.0, batch: bool = False, max_tasks: int | None = None):
    from django_tasks_db.management.commands.db_worker import Worker

    return Worker(
        queue_names=["*"],
        excluded_queue_names=[],
        interval=interval,
        batch=batch,
        backend_name="default",
        startup_delay=False,
        max_tasks=max_tasks,
        worker_id=f"{os.uname().nodename[:16]}-{os.getpid()}-{get_random_string(6)}",
    )


def start_in_thread(*, ticker: bool = True, interval: float = 1.0):
    """A daemon thread running the worker (and the ticker thread that queues the daily
    reminders). Returns (thread, worker); set `worker.running = False` to stop it."""
    worker = make_worker(interval=interval)

    def run():
        try:
            worker.run()
        except Exception:
            log.exception("background worker stopped")

    thread = threading.Thread(target=run, name="anjian-worker", daemon=True)
    thread.start()
    if ticker:
        from anjian.notifications.scheduler import start_background_ticker

        start_background_ticker()
    return thread, worker
