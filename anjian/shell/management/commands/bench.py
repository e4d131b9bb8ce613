import json
import sys

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

SUITES = ["registry", "draw", "stats", "hazards", "reminders"]


class Command(BaseCommand):
    help = "Run a benchmark suite on the configured database; results go to bench/results/<suite>-<db>.json."

    def add_arguments(self, parser):
        parser.add_argument("suite", choices=SUITES)
        parser.add_argument("--enterprises", type=int, default=200_000)

    def handle(self, *args, suite, enterprises, **opts):
        sys.path.insert(0, str(settings.BASE_DIR))
        import importlib

        try:
            mod = importlib.import_module(f"bench.{suite}")
        except ModuleNotFoundError as exc:
            raise CommandError(f"unknown suite {suite}") from exc
        result = mod.run(enterprises=enterprises, out=self.stdout)
        self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2))
