"""Compute a statistics table for a unit and month; print it or write the seed-layout .xlsx.

anjian stats_export --table s1 --unit region:510904000000 --month 2023-05 --cum --out s1.xlsx
"""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from anjian.accounts.models import Department, Region
from anjian.stats import excel, services
from anjian.stats.figures import Unit, campaign_for, compute


class Command(BaseCommand):
    help = "统计汇总表 (s1) / 月度调度表 (s2) for a unit and month, as text or .xlsx"

    def add_arguments(self, parser):
        parser.add_argument("--table", default="s1", choices=["s1", "s2"])
        parser.add_argument("--unit", required=True, help="dept:CODE|ID or region:CODE")
        parser.add_argument("--month", help="YYYY-MM (default: this month)")
        parser.add_argument("--cum", action="store_true", help="cumulative from --start")
        parser.add_argument("--start", help="YYYY-MM (default: the campaign's start month)")
        parser.add_argument("--out", help="write .xlsx here instead of printing")

    def handle(self, *args, table, unit, month, cum, start, out, **opts):
        kind, _, ref = unit.partition(":")
        if kind == "dept":
            dept = Department.objects.filter(pk=int(ref)).first() if ref.isdigit() else None
            dept = dept or Department.objects.filter(code=ref).order_by("id").first()
            u = Unit(department=dept) if dept else None
        else:
            region = Region.objects.filter(code=ref).first()
            u = Unit(region=region) if region else None
        if u is None:
            raise CommandError(f"未找到填报单位 {unit}")
        mode = "cum" if cum or table == "s2" else None
        period = services.parse_period(u, month, mode, start)
        t = compute(table, u, period)
        if out:
            c = campaign_for(u, period.year, period.month_no)
            meta = {"campaign": c.title if c else None, "filled_on": timezone.localdate()}
            wb = excel.s1_workbook(t, meta) if table == "s1" else excel.s2_workbook(t, meta)
            wb.save(out)
            self.stdout.write(f"{t.unit.label} {period.label} → {out}")
            return
        self.stdout.write(f"{t.unit.label} {period.label}")
        keys = [f.key for f in t.figures]
        self.stdout.write("\t".join(["行业领域", *[f.label for f in t.figures]]))
        for r in [*t.rows, t.total]:
            self.stdout.write("\t".join([r.label or "合计", *[str(r.values[k]) for k in keys]]))
