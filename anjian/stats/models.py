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
