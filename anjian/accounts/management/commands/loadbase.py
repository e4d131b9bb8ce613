from django.core.management.base import BaseCommand

from anjian.accounts.basedata import load_reference_data


class Command(BaseCommand):
    help = "Load the region tree, sectors and departments (idempotent)."

    def handle(self, *args, **opts):
        county = load_reference_data()
        self.stdout.write(f"基础数据已加载：{county.name}")
