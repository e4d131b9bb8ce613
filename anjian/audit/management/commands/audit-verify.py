from django.core.management.base import BaseCommand, CommandError

from anjian.audit.services import verify


class Command(BaseCommand):
    help = "Verify the audit hash chain; exits non-zero if any entry was altered or removed."

    def handle(self, *args, **opts):
        result = verify()
        if result.ok:
            self.stdout.write(f"审计链完整：{result.checked} 条记录校验通过。")
            return
        for p in result.problems:
            self.stdout.write(p)
        raise CommandError(
            f"审计链被篡改：发现 {len(result.problems)} 处问题（共校验 {result.checked} 条）。"
        )
