from django.core.management.base import BaseCommand

from anjian.stats.rollup import rebuild_all


class Command(BaseCommand):
    help = "Recompute the pre-aggregated monthly figures of S1/S2 (stats rollup) from the raw rows."

    def handle(self, *args, **opts):
        n = rebuild_all()
        self.stdout.write(f"已按原始记录重算 {n} 个月的统计汇总数据。")
