import time

from django.core.management.base import BaseCommand

from anjian.accounts.basedata import load_reference_data
from anjian.registry.services import classify
from anjian.registry.synthetic import generate


class Command(BaseCommand):
    help = "Generate realistic synthetic enterprises (valid credit codes) with bulk inserts."

    def add_arguments(self, parser):
        parser.add_argument("--enterprises", type=int, default=1000)
        parser.add_argument("--seed", type=int, default=2023)
        parser.add_argument("--no-classify", action="store_true", help="skip 名录库 classification")

    def handle(self, *args, enterprises, seed, no_classify, **opts):
        load_reference_data()
        t0 = time.perf_counter()
        n = generate(enterprises, seed=seed, stdout=self.stdout if enterprises >= 20000 else None)
        t1 = time.perf_counter()
        self.stdout.write(f"已生成 {n} 家企业，用时 {t1 - t0:.1f} 秒")
        if not no_classify:
            classify()
            self.stdout.write(f"名录库分类完成，用时 {time.perf_counter() - t1:.1f} 秒")
