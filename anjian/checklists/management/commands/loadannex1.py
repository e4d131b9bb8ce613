from django.core.management.base import BaseCommand

from anjian.checklists.seed import ANNEX1_CODE, load_annex1


class Command(BaseCommand):
    help = "Load seed 000 附件1 企业全员安全生产履职合法性检查表 if it is missing (idempotent)."

    def handle(self, *args, **options):
        created = load_annex1()
        msg = "已导入" if created else "已存在，未重复导入"
        self.stdout.write(f"附件1 检查表（{ANNEX1_CODE}）{msg}")
