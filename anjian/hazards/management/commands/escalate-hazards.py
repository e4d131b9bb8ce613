from datetime import date

from django.core.management.base import BaseCommand

from anjian.hazards.services import escalate_overdue


class Command(BaseCommand):
    help = (
        "Escalate overdue hazards (to the department; major ones also to the 安委办). Idempotent."
    )

    def add_arguments(self, parser):
        parser.add_argument("--date", type=date.fromisoformat, default=None, help="YYYY-MM-DD")

    def handle(self, *args, date=None, **opts):
        created = escalate_overdue(date)
        self.stdout.write(f"新增逾期升级记录 {len(created)} 条")
