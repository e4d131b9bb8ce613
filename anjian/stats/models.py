"""Statistics are computed from the other contexts; snapshots of submitted tables live here."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from anjian.accounts.models import Role
from anjian.core.models import Scoped


class Submission(Scoped):
    """A department's (or town's) table for a month, frozen when submitted (报送).

    `figures` is the JSON of the table as it was computed at submission (`Table.as_dict()`);
    later changes to the records do not change it. Resubmitting (更正) replaces the snapshot and
    bumps `version`; the audit chain keeps the previous figures.
    """

    TABLES = [("s1", "统计汇总表"), ("s2", "月度调度表")]
    table = models.CharField("报表", max_length=4, choices=TABLES)
    unit_key = models.CharField("填报单位代码", max_length=40, editable=False)
    department = models.ForeignKey(
        "accounts.Department",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="填报部门",
    )
    region = models.ForeignKey(
        "accounts.Region",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="填报镇街/区域",
    )
    region_code = models.CharField("区划代码", max_length=12, db_index=True, editable=False)
    year = models.PositiveIntegerField("年")
    month = models.PositiveSmallIntegerField("月")
    period_start = models.DateField("统计起始日")
    period_end = models.DateField("统计截止日")
    figures = models.JSONField("报表数据")
    # The records behind each figure when submitted: {figure key: [pk, …]} (for a 家 figure the
    # enterprises' pks; for 罚款 {party pk: fine in 元}), so that later changes show as drift.
    records = models.JSONField("报送时的记录", default=dict, blank=True)
    leader_name = models.CharField("负责人", max_length=32, blank=True)
    filler_name = models.CharField("填报人", max_length=32, blank=True)
    phone = models.CharField("联系电话", max_length=20, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField("报送时间")
    version = models.PositiveIntegerField("版本", default=1)
    # drift.py's record sets as last computed, with the MonthStamp they were computed at: a page
    # view recomputes them only after a record of the period changed again
    drift_cache = models.JSONField(default=dict, blank=True, editable=False)

    class Meta:
        unique_together = [("table", "unit_key", "year", "month")]
        ordering = ["-year", "-month", "table", "unit_key"]
        verbose_name = "报表报送"

    def __str__(self):
        unit = self.department or self.region
        return f"{unit} {self.year}年{self.month}月{self.get_table_display()}"

    @classmethod
    def scope_q(cls, user, action):
        if user.role == Role.AWB and user.region_id:
            return Q(region_code__startswith=user.region.prefix) if action == "view" else None
        if user.role in (Role.INSPECTOR, Role.DEPT_LEADER) and user.department_id:
            return Q(department_id=user.department_id)
        if user.role == Role.TOWN and user.region_id:
            return Q(region_id=user.region_id)
        return None


# ----------------------------------------------------------------- pre-aggregated figures (rollup)
# Maintained by anjian/stats/rollup.py; rebuilt from the raw rows by `anjian stats-rebuild` and
# compared with them by `anjian stats-check`. No user reads these tables directly.


class MonthlyFigure(models.Model):
    """An additive figure (a count or a sum) for one month, one reporting scope and one row:
    scope `dept` is keyed by the owning department, scope `region` by the record's 区划代码 (a
    region unit sums the codes under its prefix)."""

    scope = models.CharField(max_length=6)  # dept | region
    month = models.DateField()  # first day of the month
    department_id = models.IntegerField(null=True)
    region_code = models.CharField(max_length=12, blank=True, default="")
    row = models.CharField(max_length=32, blank=True, default="")
    key = models.CharField(max_length=24)
    value = models.DecimalField(max_digits=18, decimal_places=2)

    class Meta:
        indexes = [
            # a department's read, index-only (scope, department, key, months, then the rest)
            models.Index(
                fields=["scope", "department_id", "key", "month", "row", "value"],
                name="st_fig_dept_read",
            ),
            models.Index(fields=["scope", "region_code", "month"], name="st_fig_region"),
            # a table's read (scope, its figures' keys, the months) as an index-only scan
            models.Index(
                fields=["scope", "key", "month", "region_code", "department_id", "row", "value"],
                name="st_fig_read",
            ),
        ]

    def __str__(self):
        return f"{self.month:%Y-%m} {self.scope} {self.key}={self.value}"


class MonthlyFact(models.Model):
    """A non-additive fact: an item (an enterprise for 家 figures, a hazard for 挂牌督办 and the
    已完成整改 figures of S2) counted by a figure in a month, for distinct counts over months.
    `until` is the month the hazard was closed (销号), for “已完成整改 by the period's end”."""

    scope = models.CharField(max_length=6)
    month = models.DateField()
    department_id = models.IntegerField(null=True)
    region_code = models.CharField(max_length=12, blank=True, default="")
    row = models.CharField(max_length=32, blank=True, default="")
    key = models.CharField(max_length=24)
    item = models.IntegerField()
    until = models.DateField(null=True)

    class Meta:
        indexes = [
            models.Index(
                fields=["scope", "department_id", "key", "month", "row", "item", "until"],
                name="st_fact_dept_read",
            ),
            models.Index(fields=["scope", "region_code", "month"], name="st_fact_region"),
            models.Index(
                fields=[
                    "scope",
                    "key",
                    "month",
                    "region_code",
                    "department_id",
                    "row",
                    "item",
                    "until",
                ],
                name="st_fact_read",
            ),  # fmt: skip
        ]

    def __str__(self):
        return f"{self.month:%Y-%m} {self.scope} {self.key} #{self.item}"


class DirtyMonth(models.Model):
    """A month whose rollup must be recomputed before it is read, marked in the same transaction
    as the record change (date 0001-01-01: every month, e.g. after an enterprise's sector
    changed)."""

    month = models.DateField(unique=True)

    def __str__(self):
        return f"{self.month:%Y-%m}"


class MonthStamp(models.Model):
    """When a record of a month last changed (marked with the dirty months, kept after a
    refresh; 0001-01-01: every month). A submission none of whose months changed after it was
    submitted has not drifted, so its page does not recompute the records behind its figures."""

    month = models.DateField(unique=True)
    changed_at = models.DateTimeField()

    def __str__(self):
        return f"{self.month:%Y-%m} {self.changed_at:%Y-%m-%d %H:%M:%S}"


class OpenHazard(models.Model):
    """The number of hazards open now (待整改/整改中/待复查) per town, department and deadline, kept
    by the hazard signals in the same transaction as the change: the dashboard's 未整改 and 逾期
    per town are a sum over this table (逾期: deadline before today), not a scan of the ledger.
    No department is 0, no deadline 9999-12-31 (never overdue)."""

    town = models.CharField(max_length=12)
    department_id = models.IntegerField(default=0)
    deadline = models.DateField()
    n = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["town", "department_id", "deadline"], name="st_open_key"
            )
        ]

    def __str__(self):
        return f"{self.town} {self.department_id} {self.deadline}: {self.n}"
