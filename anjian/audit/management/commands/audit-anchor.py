import json

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError

from anjian.audit.services import anchor, heads
from anjian.core.keys import refuse_weak_keys


class Command(BaseCommand):
    help = (
        "Append every audit chain's head to the append-only anchors file "
        "(ANJIAN_AUDIT_ANCHORS), or print it (--print) for a second system to keep."
    )

    def add_arguments(self, parser):
        parser.add_argument("--print", action="store_true", help="print the heads, write nothing")
        parser.add_argument("--file", help="an anchors file other than ANJIAN_AUDIT_ANCHORS")

    def handle(self, *args, file=None, **opts):
        try:
            refuse_weak_keys("anjian audit-anchor")
        except ImproperlyConfigured as exc:
            raise CommandError(str(exc)) from exc
        if opts["print"]:
            for h in heads():
                self.stdout.write(json.dumps(h, ensure_ascii=False, sort_keys=True))
            return
        lines = anchor(file)
        where = file or settings.ANJIAN_AUDIT_ANCHORS
        self.stdout.write(f"已写入 {len(lines)} 条审计链锚点：{where}")
