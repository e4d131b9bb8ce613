"""涉企行政检查 records: the 安委办's published limits, 行政检查审批表, 行政检查通知书, planned
visits and their 综合查一次, each enterprise's QR code, and anonymous ratings of visits."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from anjian.accounts.models import Role
from anjian.core.models import Scoped, Versioned

TIERS = [("key", "重点检查"), ("general", "一般检查")]


def dept_q(user, action, prefix: str = ""):
    """Rows of a department in a region: 安委办 its region, a department its own rows, a town
    the rows in its territory (read-only)."""
    p = prefix
    if user.role == Role.AWB and user.region_id:
        return Q(**{f"{p}region_code__startswith": user.region.prefix})
    if user.role in (Role.INSPECTOR, Role.DEPT_LEADER) and user.department_id:
        return Q(**{f"{p}department_id": user.department_id})
    if user.role == Role.TOWN and user.region_id and action == "view":
        return Q(**{f"{p}region_code__startswith": user.region.prefix})
    return None


class VisitLimitRule(Scoped, Versioned):
    """涉企行政检查频次上限 the county 安委办 publishes for a year and tier (data with its
    source); every department's inspections of an enterprise count against it."""

    region = models.ForeignKey(
        "accounts.Region", on_delete=models.PROTECT, related_name="+", verbose_name=_("区域")
    )
    year = models.PositiveIntegerField(_("年度"))
    tier = models.CharField(_("名录"), max_length=8, choices=TIERS)
    per_year = models.PositiveIntegerField(_("年度检查次数上限"))
    window_days = models.PositiveIntegerField(_("重复检查间隔（日）"), default=30)
    source = models.CharField(_("公布依据"), max_length=200)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    published_at = models.DateTimeField(_("公布时间"))

    class Meta:
        ordering = ["-year", "region_id", "tier"]
        constraints = [
            models.UniqueConstraint(fields=["region", "year", "tier"], name="visits_limit_once")
        ]
        verbose_name = _("涉企检查频次上限")

    def __str__(self):
        return f"{self.year} {self.get_tier_display()} ≤{self.per_year}"

    @classmethod
    def scope_q(cls, user, action):
        if action == "view" and user.role in (
            Role.AWB,
            Role.INSPECTOR,
            Role.DEPT_LEADER,
            Role.TOWN,
        ):
            return Q()
        if user.role == Role.AWB and user.region_id:
            return Q(region__code__startswith=user.region.prefix)
        return None


class InspectionApproval(Scoped, Versioned):
    """行政检查审批表: an inspection beyond the yearly limit, or repeating another department's
    recent visit, is done only with a recorded reason approved by the department's 负责人."""

    STATUS = [("pending", "待审批"), ("approved", "已批准"), ("rejected", "不予批准")]
    number = models.CharField(_("编号"), max_length=64, unique=True)
    department = models.ForeignKey(
        "accounts.Department", on_delete=models.PROTECT, related_name="+", verbose_name=_("部门")
    )
    enterprise = models.ForeignKey(
        "registry.Enterprise", on_delete=models.PROTECT, related_name="+", verbose_name=_("企业")
    )
    region_code = models.CharField(max_length=12, db_index=True, editable=False)
    planned_on = models.DateField(_("拟检查日期"))
    reason = models.TextField(_("检查理由"))
    problems = models.JSONField(_("须审批的情形"), default=list)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(_("申请时间"))
    status = models.CharField(_("状态"), max_length=10, choices=STATUS, default="pending")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("审批时间"), null=True, blank=True)
    opinion = models.TextField(_("审批意见"), blank=True)
    inspection = models.OneToOneField(
        "inspections.Inspection",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="approval",
        verbose_name=_("执法检查"),
    )

    class Meta:
        ordering = ["-requested_at", "-id"]
        verbose_name = _("行政检查审批表")

    def __str__(self):
        return self.number

    def get_absolute_url(self):
        return reverse("visits:approval", args=[self.pk])

    @classmethod
    def scope_q(cls, user, action):
        return dept_q(user, action)


class InspectionNotice(Scoped):
    """行政检查通知书 served on the enterprise for one inspection."""

    inspection = models.OneToOneField(
        "inspections.Inspection", on_delete=models.PROTECT, related_name="notice"
    )
    number = models.CharField(_("编号"), max_length=64, unique=True)
    department = models.ForeignKey(
        "accounts.Department", on_delete=models.PROTECT, related_name="+"
    )
    region_code = models.CharField(max_length=12, db_index=True, editable=False)
    issued_on = models.DateField(_("通知日期"))
    basis = models.TextField(_("检查依据"))
    matters = models.TextField(_("检查事项"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-issued_on", "-id"]
        verbose_name = _("行政检查通知书")

    def __str__(self):
        return self.number

    def get_absolute_url(self):
        return reverse("visits:notice", args=[self.pk])

    @classmethod
    def scope_q(cls, user, action):
        return dept_q(user, action)


class DocumentCounter(models.Model):
    """The last number given to a department's 审批表 or 通知书 in a year."""

    department = models.ForeignKey(
        "accounts.Department", on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(max_length=8)
    year = models.PositiveIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["department", "kind", "year"], name="visits_counter")
        ]

    def __str__(self):
        return f"{self.kind} {self.year}: {self.last}"


class JointInspection(Scoped):
    """综合查一次: the departments' planned visits to one enterprise in one month, merged into
    one joint visit with one 一表通查 checklist (the union of their checklists, deduplicated)."""

    STATUS = [("planned", "待实施"), ("started", "已实施")]
    enterprise = models.ForeignKey(
        "registry.Enterprise", on_delete=models.PROTECT, related_name="+", verbose_name=_("企业")
    )
    region_code = models.CharField(max_length=12, db_index=True, editable=False)
    month = models.DateField(_("月份"))
    department = models.ForeignKey(
        "accounts.Department",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("牵头部门"),
    )
    departments = models.ManyToManyField(
        "accounts.Department", related_name="+", verbose_name=_("参加部门")
    )
    items = models.JSONField(_("一表通查"), default=list)
    status = models.CharField(_("状态"), max_length=10, choices=STATUS, default="planned")
    inspection = models.OneToOneField(
        "inspections.Inspection",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="joint_plan",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-month", "-id"]
        verbose_name = _("综合查一次")

    def __str__(self):
        return f"{self.enterprise} {self.month:%Y-%m}"

    def get_absolute_url(self):
        return reverse("visits:joint", args=[self.pk])

    @classmethod
    def scope_q(cls, user, action):
        if user.role in (Role.INSPECTOR, Role.DEPT_LEADER) and user.department_id:
            part = Exists(
                cls.departments.through.objects.filter(
                    jointinspection=OuterRef("pk"), department_id=user.department_id
                )
            )
            return Q(part)
        return dept_q(user, action)


class PlannedVisit(Scoped):
    """A department's planned inspection of an enterprise in a month (the 综合查一次 planner)."""

    STATUS = [("planned", "计划"), ("merged", "已并入综合查一次"), ("cancelled", "已取消")]
    department = models.ForeignKey(
        "accounts.Department", on_delete=models.PROTECT, related_name="+", verbose_name=_("部门")
    )
    enterprise = models.ForeignKey(
        "registry.Enterprise", on_delete=models.PROTECT, related_name="+", verbose_name=_("企业")
    )
    region_code = models.CharField(max_length=12, db_index=True, editable=False)
    month = models.DateField(_("计划月份"))
    checklist = models.ForeignKey(
        "checklists.ChecklistTemplate",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("检查事项清单"),
    )
    matters = models.CharField(_("检查事项"), max_length=200, blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=STATUS, default="planned")
    joint = models.ForeignKey(
        JointInspection, null=True, blank=True, on_delete=models.SET_NULL, related_name="visits"
    )
    planned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-month", "enterprise_id", "department_id"]
        verbose_name = _("计划检查")

    def __str__(self):
        return f"{self.department} · {self.enterprise} · {self.month:%Y-%m}"

    @classmethod
    def scope_q(cls, user, action):
        if user.role == Role.AWB and user.region_id:
            return Q(region_code__startswith=user.region.prefix)
        if user.role in (Role.INSPECTOR, Role.DEPT_LEADER) and user.department_id:
            if action == "view":  # the planner shows every department's visits to its enterprises
                from anjian.registry.models import enterprise_scope_q

                return enterprise_scope_q(user, action, prefix="enterprise__")
            return Q(department_id=user.department_id)
        return None


def new_nonce() -> str:
    return secrets.token_hex(16)


class EnterpriseQr(models.Model):
    """扫码入企: the enterprise's QR code names it by a signed token with this nonce (a new
    nonce revokes every printed code)."""

    enterprise = models.OneToOneField(
        "registry.Enterprise", on_delete=models.CASCADE, related_name="qr"
    )
    nonce = models.CharField(max_length=32, default=new_nonce)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"QR {self.enterprise_id}"


class VisitRating(models.Model):
    """The enterprise's anonymous rating of one visit: no user, no time of day (only the
    month), one per inspection; the 安委办 sees aggregates only."""

    SCORES = [(5, "很满意"), (4, "满意"), (3, "基本满意"), (2, "不满意"), (1, "很不满意")]
    inspection = models.OneToOneField(
        "inspections.Inspection", on_delete=models.CASCADE, related_name="rating"
    )
    department = models.ForeignKey(
        "accounts.Department", on_delete=models.PROTECT, related_name="+"
    )
    region_code = models.CharField(max_length=12, db_index=True, editable=False)
    month = models.DateField(_("月份"))
    score = models.PositiveSmallIntegerField(_("评价"), choices=SCORES)
    conduct_ok = models.BooleanField(_("检查人员文明规范、未干扰正常生产经营"), default=True)
    comment = models.CharField(_("意见建议"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("入企检查评价")

    def __str__(self):
        return f"{self.month:%Y-%m} {self.score}"
