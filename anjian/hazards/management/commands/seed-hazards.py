"""Bulk-generate realistic hazards over existing enterprises (benchmarks).

Rows are written with bulk_create in batches; no audit entries or events are written (this is
synthetic benchmark data, not user actions). Statuses, levels, sources and deadlines are mixed
so that every ledger filter has work to do, including overdue items.
"""

import random
import time
from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from anjian.accounts.models import Department
from anjian.hazards.models import Hazard
from anjian.registry.models import Enterprise

DESCRIPTIONS = [
    ("制冷车间", "液氨制冷车间氨气泄漏报警装置未定期检验"),
    ("污水处理池", "有限空间作业场所未设置安全警示标志"),
    ("包装车间", "配电箱未可靠接地"),
    ("仓库", "消防通道堆放杂物"),
    ("生产车间", "灭火器压力不足"),
    ("除尘系统", "粉尘涉爆除尘系统未按规定清理积尘"),
    ("储罐区", "可燃气体检测报警器失效"),
    ("厂区", "特种作业人员无证上岗"),
    ("机加工车间", "设备旋转部位防护罩缺失"),
    ("配电室", "配电室未配备绝缘防护用品"),
    ("施工现场", "深基坑未按专项方案支护"),
    ("吊装区", "起重机械限位装置失效"),
]
SOURCES = ["self"] * 5 + ["inspection"] * 3 + ["tip", "assigned", "transfer"]
STATUSES = ["pending"] * 2 + ["rectifying"] * 3 + ["review"] + ["closed"] * 6


class Command(BaseCommand):
    help = "Bulk-generate N synthetic hazards over existing enterprises (for benchmarks)."

    def add_arguments(self, parser):
        parser.add_argument("--hazards", type=int, default=10000)
        parser.add_argument("--batch", type=int, default=5000)
        parser.add_argument("--seed", type=int, default=2023)

    def handle(self, *args, hazards, batch, seed, **opts):
        rng = random.Random(seed)
        ents = list(Enterprise.objects.values_list("id", "region_id", "primary_sector_id"))
        if not ents:
            raise CommandError("没有企业，请先运行 anjian seed --enterprises N")
        depts = {}
        for d in Department.objects.prefetch_related("sectors").select_related("region"):
            for s in d.sectors.all():
                depts.setdefault(s.id, []).append((d.region.prefix, d.id))
        now = timezone.now()
        today = timezone.localdate()
        t0 = time.perf_counter()
        done = 0
        while done < hazards:
            rows = []
            for _ in range(min(batch, hazards - done)):
                ent_id, region, sector = rng.choice(ents)
                dept = next((i for p, i in depts.get(sector, []) if region.startswith(p)), None)
                found = now - timedelta(days=rng.randint(0, 730), minutes=rng.randint(0, 1440))
                status = rng.choice(STATUSES)
                level = "major" if rng.random() < 0.05 else "general"
                source = rng.choice(SOURCES)
                immediate = status == "closed" and rng.random() < 0.3
                deadline = None
                if not immediate:
                    # About a third of open items end up past their deadline.
                    deadline = found.date() + timedelta(days=rng.choice([7, 15, 30, 60, 90]))
                closed_at = None
                if status == "closed":
                    closed_at = found + timedelta(days=0 if immediate else rng.randint(1, 60))
                    closed_at = min(closed_at, now)
                loc, desc = rng.choice(DESCRIPTIONS)
                five = level == "major" and status != "pending"
                rows.append(
                    Hazard(
                        enterprise_id=ent_id,
                        source=source,
                        level=level,
                        description=desc,
                        location=loc,
                        found_at=found,
                        department_id=dept,
                        status=status,
                        mode="immediate" if immediate else "deadline",
                        deadline=deadline,
                        original_deadline=deadline,
                        closed_at=closed_at,
                        measures="按方案整改" if five else "",
                        responsible_person="安全管理员" if five else "",
                        funds=10000 if five else None,
                        emergency_plan="现场处置方案" if five else "",
                        discovery_reported_at=found if five and source == "self" else None,
                        region_code=region,
                    )
                )
            with transaction.atomic():
                Hazard.objects.bulk_create(rows, batch_size=batch)
            done += len(rows)
            if hazards >= 100000 and done % (batch * 20) == 0:
                self.stdout.write(f"  {done}/{hazards} …")
        overdue = Hazard.objects.overdue(today).count()
        self.stdout.write(
            f"已生成 {done} 条隐患（其中逾期未销号 {overdue} 条），"
            f"用时 {time.perf_counter() - t0:.1f} 秒"
        )
