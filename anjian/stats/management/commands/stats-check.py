from django.core.management.base import BaseCommand, CommandError

from anjian.stats.rollup import check


class Command(BaseCommand):
    help = (
        "Compare the pre-aggregated monthly figures (stats rollup) with a recomputation from the "
        "raw rows and report every difference; exits non-zero if there is one."
    )

    def handle(self, *args, **opts):
        diffs = check()
        for line in diffs:
            self.stdout.write(line)
        if diffs:
            raise CommandError(f"统计汇总数据与原始记录不一致：{len(diffs)} 处差异。")
        self.stdout.write("统计汇总数据与原始记录一致。")
