"""`anjian tick`: the daily reminder job (idempotent; safe to run more than once a day).

Production (cron, every day at 06:00, as the app user):
    0 6 * * *  cd /srv/anjian && DATABASE_URL=... ANJIAN_SMTP_HOST=... .venv/bin/anjian tick
The embedded default queues it for the background worker instead (`anjian worker`, or the
demo's worker thread: anjian.notifications.scheduler.start_background_ticker()).
"""

from datetime import date

from django.core.management.base import BaseCommand, CommandError

from anjian.notifications.services import tick


class Command(BaseCommand):
    help = "生成到期、逾期提醒并发送邮件（每天运行一次；重复运行不会重复提醒）"

    def add_arguments(self, parser):
        parser.add_argument("--date", help="按指定日期运行（YYYY-MM-DD），默认今天")

    def handle(self, *args, **opts):
        day = None
        if opts.get("date"):
            try:
                day = date.fromisoformat(opts["date"])
            except ValueError as exc:
                raise CommandError("日期格式应为 YYYY-MM-DD") from exc
        result = tick(day)
        kinds = "，".join(f"{k} {v}" for k, v in sorted(result.by_kind.items())) or "无"
        self.stdout.write(f"新提醒 {result.created} 条（{kinds}），发送邮件 {result.emailed} 封。")
