"""`anjian worker`: runs the background jobs (django-tasks, database backend) — large
exports, the daily reminders and their catch-up — outside the web process. Run one or more
beside `anjian serve` (e.g. a systemd unit each); they share the queue in the database."""

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "运行后台任务（大批量导出、每日提醒）。"

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=1.0, help="idle poll, seconds")
        parser.add_argument(
            "--batch", action="store_true", help="run the queued jobs, then exit (no ticker)"
        )
        parser.add_argument("--max-tasks", type=int, default=None)
        parser.add_argument(
            "--no-ticker", action="store_true", help="do not queue the daily reminder job"
        )

    def handle(self, *args, interval, batch, max_tasks, no_ticker, **opts):
        from anjian.core.keys import refuse_weak_keys
        from anjian.shell.worker import make_worker

        if interval <= 0:
            raise CommandError("--interval must be positive")
        from django.core.exceptions import ImproperlyConfigured

        try:
            refuse_weak_keys("anjian worker")
        except ImproperlyConfigured as exc:
            raise CommandError(str(exc)) from exc
        worker = make_worker(interval=interval, batch=batch, max_tasks=max_tasks)
        if not (batch or no_ticker):
            from anjian.notifications.scheduler import start_background_ticker

            start_background_ticker()
        if not batch:
            self.stdout.write("后台任务已启动（Ctrl+C 停止）")
            worker.configure_signals()
        worker.run()
