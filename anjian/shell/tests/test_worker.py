"""Background jobs (django-tasks, database backend): `anjian worker` runs them; the daily
reminder job is queued for the worker, runs in bounded batches and never in `serve`."""

import threading

import pytest
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from anjian.notifications.jobs import daily_reminders, enqueue_if_due
from anjian.notifications.models import Notification, TickRun
from anjian.notifications.services import tick
from anjian.notifications.tests.test_tick import setup_due_things


@pytest.fixture
def run_worker(monkeypatch):
    """Run the queued jobs in this test's transaction (the worker's connection clean-up would
    close the test's connection)."""
    monkeypatch.setattr(
        "django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None
    )

    def run():
        call_command("worker", batch=True)

    return run


def test_daily_job_is_queued_once_and_run_by_the_worker(world, run_worker):
    setup_due_things(world)
    queued = enqueue_if_due()
    assert queued is not None and queued.task.name == "daily_reminders"
    assert enqueue_if_due() is None  # already waiting: not twice
    assert not Notification.objects.exists()  # nothing ran yet
    run_worker()
    row = DBTaskResult.objects.get(pk=queued.id)
    assert row.status == "SUCCESSFUL", row.traceback
    assert row.return_value["created"] == Notification.objects.count() > 0
    assert TickRun.objects.filter(finished_at__isnull=False).exists()
    assert enqueue_if_due() is None  # today's run finished


def test_bounded_batches_give_the_same_reminders(world):
    setup_due_things(world)
    small = tick(batch=1)
    keys = set(Notification.objects.values_list("recipient_id", "key"))
    assert small.created == len(keys) > 2
    Notification.objects.all().delete()
    TickRun.objects.all().delete()
    assert tick().created == small.created
    assert set(Notification.objects.values_list("recipient_id", "key")) == keys
    assert tick(batch=1).created == 0  # idempotent across batches too


def test_failed_job_reports_its_error(world, run_worker, monkeypatch):
    def broken(day=None, batch=2000):
        raise RuntimeError("邮件服务器不可用")

    monkeypatch.setattr("anjian.notifications.services.tick", broken)
    queued = daily_reminders.enqueue()
    run_worker()
    row = DBTaskResult.objects.get(pk=queued.id)
    assert row.status == "FAILED"
    assert "邮件服务器不可用" in row.traceback


def test_serve_starts_no_reminder_job(world, monkeypatch):
    monkeypatch.setattr("waitress.serve", lambda app, **kw: None)
    call_command("serve")
    assert "anjian-ticker" not in {t.name for t in threading.enumerate()}
    assert not DBTaskResult.objects.exists()
    assert not TickRun.objects.exists()
