"""Issue 20: the daily reminder job's catch-up over the benchmark's hazards, run by the worker.

Prepare the database with `anjian bench stats --enterprises N` (its hazards, deadlines and
statuses), then `anjian bench reminders` on the same DATABASE_URL. Each round starts from nothing
(no escalations, reminders or tick runs: a first start on a large database), queues the day's job
as the web process's ticker does (`enqueue_if_due`) and times `anjian worker --batch` in its own
process until the job is done. The floor, in alternating rounds: the same escalations as one
set-based INSERT … SELECT over the overdue hazards in raw SQL (what no row-by-row job can beat).
"""

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.utils import timezone

from anjian.hazards.models import OPEN_STATUSES as OPEN

from .common import write

ROUNDS = int(os.environ.get("ANJIAN_BENCH_ROUNDS", "2"))


def _reset() -> None:
    from django_tasks_db.models import DBTaskResult

    from anjian.hazards.models import Escalation, HazardEvent
    from anjian.notifications.models import Notification, TickRun

    with connection.cursor() as cur:
        for model in (Escalation, Notification):
            cur.execute(f"DELETE FROM {connection.ops.quote_name(model._meta.db_table)}")
    HazardEvent.objects.filter(kind="escalate").delete()
    TickRun.objects.all().delete()
    DBTaskResult.objects.all().delete()


def _app() -> float:
    from anjian.notifications.jobs import enqueue_if_due

    _reset()
    enqueue_if_due()
    t0 = time.perf_counter()
    subprocess.run(
        [str(Path(sys.executable).with_name("anjian")), "worker", "--batch"],
        check=True, cwd=settings.BASE_DIR, stdout=subprocess.DEVNULL,
    )  # fmt: skip
    return time.perf_counter() - t0


def _floor() -> float:
    today = timezone.localdate()
    sql = """
        CREATE TEMP TABLE bench_esc AS
        SELECT h.id || ':department:' || h.department_id AS key, h.id, h.department_id, h.deadline
          FROM hazards_hazard h
         WHERE h.status = ANY(%s) AND h.deadline < %s AND h.department_id IS NOT NULL
        UNION ALL
        SELECT h.id || ':awb:0', h.id, NULL, h.deadline
          FROM hazards_hazard h
         WHERE h.status = ANY(%s) AND h.deadline < %s AND h.level = 'major'
    """
    t0 = time.perf_counter()
    with connection.cursor() as cur:
        cur.execute(sql, [list(OPEN), today, list(OPEN), today])
        cur.execute("DROP TABLE bench_esc")
    return time.perf_counter() - t0


def run(enterprises: int, out) -> dict:
    from anjian.hazards.models import Escalation, Hazard
    from anjian.notifications.models import Notification

    today = timezone.localdate()
    result = {
        "hazards": Hazard.objects.count(),
        "overdue": Hazard.objects.filter(status__in=OPEN, deadline__lt=today).count(),
        "rounds": [],
    }
    for k in range(ROUNDS):
        app = _app()
        floor = _floor()
        result["rounds"].append({"app_s": round(app, 1), "floor_s": round(floor, 2)})
        out.write(f"round {k + 1}: worker {app:.1f} s, raw SQL floor {floor:.2f} s\n")
    result["escalations"] = Escalation.objects.count()
    result["notifications"] = Notification.objects.count()
    result["app_median_s"] = statistics.median(r["app_s"] for r in result["rounds"])
    result["floor_median_s"] = statistics.median(r["floor_s"] for r in result["rounds"])
    result["file"] = str(write("reminders", result))
    return result
