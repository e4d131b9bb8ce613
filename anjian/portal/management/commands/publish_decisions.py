from django.core.management.base import BaseCommand

from anjian.portal.services import overdue, publish_due


class Command(BaseCommand):
    help = "Publish decided 行政处罚 cases not yet on the 执法公示 portal (run daily)."

    def handle(self, *args, **opts):
        done = publish_due()
        self.stdout.write(f"published {len(done)} decision(s)")
        for case in overdue():
            self.stdout.write(f"overdue: case {case.pk} decided {case.decided_on}")
