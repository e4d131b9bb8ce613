"""The daily reminder job as a background job (django-tasks): queued in the database, run by
`anjian worker` (or the demo's worker thread), never by the web process."""

from datetime import date

from django.utils import timezone
from django_tasks import task


@task()
def daily_reminders(day: str | None = None) -> dict:
    """`tick` for `day` (ISO date; today by default), in bounded batches."""
    from .services import tick

    result = tick(date.fromisoformat(day) if day else None)
    return {"created": result.created, "emailed": result.emailed, "by_kind": result.by_kind}


def enqueue_if_due(today: date | None = None):
    """Queue today's run (the catch-up after a start, or the daily run) unless it finished or
    is already queued or running. Returns the queued result, or None."""
    from django_tasks_db.models import DBTaskResult

    from .models import TickRun

    today = today or timezone.localdate()
    if TickRun.objects.filter(day=today, finished_at__isnull=False).exists():
        return None
    waiting = DBTaskResult.objects.filter(
        task_path=daily_reminders.module_path, status__in=["READY", "RUNNING"]
    )
    if waiting.exists():
        return None
    return daily_reminders.enqueue(today.isoformat())
