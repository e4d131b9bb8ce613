"""C4 task and responsibility lists (工作清单和责任清单) and C5 liaisons / reporting obligations.

A responsible *unit* (责任单位/责任部室) is either a Department (区应急局, 安全生产部 …) or a
Region: a town/street/park (镇街、园区) or a county, which stands for that county's 安委办.
`Unit` holds exactly one of the two; the users acting for a unit are the department's staff,
the town's users, or the county's 安委办 users (see `Unit.users()`).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from anjian.accounts.models import Role, User
from anjian.core.models import Scoped

from .recurrence import Deadline


def county_prefix(user) -> str | None:
    """The 6-digit county prefix a government user works in (None for others)."""
    if user.role in (Role.INSPECTOR, Role.DEPT_LEADER) and user.department_id:
        return user.department.region.code[:6]
    if user.role in (Role.AWB, Role.TOWN) and user.region_id:
        return user.region.code[:6]
    return None


class Unit(models.Model):
    department = models.OneToOneField(
        "accounts.Department",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="task_unit",
        verbose_name="部门",
    )
    region = models.OneToOneField(
        "accounts.Region",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="task_unit",
        verbose_name="镇街/园区/安委办",
    )
    region_code = models.CharField("区划代码", max_length=12, db_index=True, editable=False)

    class Meta:
        verbose_name = "责任单位"
        constraints = [
            models.CheckConstraint(
                condition=(Q(department__isnull=False) & Q(region__isnull=True))
                | (Q(department__isnull=True) & Q(region__isnull=False)),
                name="tasks_unit_exactly_one",
            )
        ]

    def __str__(self):
        return self.label

    def save(self, *args, **kwargs):
        self.region_code = self.department.region.code if self.department_id else self.region.code
        super().save(*args, **kwargs)

    @property
    def label(self) -> str:
        if self.department_id:
            return self.department.name
        if self.region.level == "county":
            return _("%(name)s安委办") % {"name": self.region.short_name or self.region.name}
        return self.region.name

    @property
    def is_awb(self) -> bool:
        return self.region_id is not None and self.region.level == "county"

    @classmethod
    def of_department(cls, dept) -> "Unit":
        unit, _ = cls.objects.get_or_create(department=dept)
        return unit

    @classmethod
    def of_region(cls, region) -> "Unit":
        unit, _ = cls.objects.get_or_create(region=region)
        return unit

    @classmethod
    def for_user(cls, user) -> "Unit | None":
        """The unit a user reports for (department staff, town office, 安委办)."""
        if user.role in (Role.INSPECTOR, Role.DEPT_LEADER) and user.department_id:
            return cls.of_department(user.department)
        if user.role == Role.TOWN and user.region_id:
            return cls.of_region(user.region)
        if user.role == Role.AWB and user.region_id:
            return cls.of_region(user.region)
        return None

    def users(self):
        qs = User.objects.filter(is_active=True)
        if self.department_id:
            return qs.filter(
                department_id=self.department_id, role__in=[Role.INSPECTOR, Role.DEPT_LEADER]
            )
        role = Role.AWB if self.is_awb else Role.TOWN
        return qs.filter(region_id=self.region_id, role=role)

    def acts_for(self, user) -> bool:
        if self.department_id:
            return user.department_id == self.department_id and user.role in (
                Role.INSPECTOR,
                Role.DEPT_LEADER,
            )
        return user.region_id == self.region_id and user.role == (
            Role.AWB if self.is_awb else Role.TOWN
        )


def _list_scope(user, action, p: str = ""):
    prefix = county_prefix(user)
    if prefix is None:
        return None
    if action == "view":
        return Q(**{f"{p}region__code__startswith": prefix})
    if user.role == Role.AWB:
        return Q(**{f"{p}region__code__startswith": user.region.prefix})
    return None


class TaskList(Scoped):
    """One imported or entered 工作清单和责任清单 (seed 002 附件1, seed 004 附件)."""

    LAYOUTS = [
        ("002", "工作清单和责任清单（八个专项行动）"),
        ("004", "重点任务和工作要点"),
        ("manual", "手工录入"),
    ]
    title = models.CharField("清单名称", max_length=200)
    campaign = models.ForeignKey(
        "campaigns.Campaign",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="task_lists",
        verbose_name="专项行动",
    )
    region = models.ForeignKey(
        "accounts.Region", on_delete=models.PROTECT, related_name="+", verbose_name="区域"
    )
    layout = models.CharField("格式", max_length=8, choices=LAYOUTS, default="manual")
    start = models.DateField("开始日期")
    end = models.DateField("结束日期")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField("版本", default=1)

    class Meta:
        ordering = ["-start", "-id"]
        verbose_name = "工作清单"

    def __str__(self):
        return self.title

    @classmethod
    def scope_q(cls, user, action):
        return _list_scope(user, action)

    def get_absolute_url(self):
        return reverse("tasks:list_detail", args=[self.pk])


class Task(Scoped):
    task_list = models.ForeignKey(TaskList, on_delete=models.CASCADE, related_name="tasks")
    seq = models.PositiveIntegerField("序号")
    measure = models.CharField("专项行动/硬措施", max_length=200, blank=True)
    measure_detail = models.TextField("措施具体内容", blank=True)
    task = models.TextField("行动任务/重点任务", blank=True)
    requirement = models.TextField("工作要求/具体工作要点")
    units = models.ManyToManyField(Unit, related_name="tasks", verbose_name="责任单位")
    units_text = models.TextField("责任单位（原文）", blank=True)
    deadline_text = models.CharField("时限要求（原文）", max_length=200, blank=True)
    deadline = models.JSONField("时限要求")
    version = models.PositiveIntegerField("版本", default=1)

    class Meta:
        ordering = ["task_list", "seq"]
        unique_together = [("task_list", "seq")]
        verbose_name = "任务"

    def __str__(self):
        return f"{self.seq}. {self.requirement[:40]}"

    def get_absolute_url(self):
        return reverse("tasks:task_detail", args=[self.pk])

    @property
    def deadline_spec(self) -> Deadline:
        return Deadline.from_json(self.deadline)

    @classmethod
    def scope_q(cls, user, action):
        return _list_scope(user, action, "task_list__")


class TaskReport(Scoped):
    """A unit's completion report for one period of a task, with evidence files."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="reports")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="reports")
    period_key = models.CharField("期次", max_length=16)
    period_label = models.CharField("期次名称", max_length=32)
    due = models.DateField("应完成日期")
    note = models.TextField("完成情况")
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reported_at = models.DateTimeField("报送时间")
    version = models.PositiveIntegerField("版本", default=1)

    class Meta:
        ordering = ["-reported_at"]
        unique_together = [("task", "unit", "period_key")]
        verbose_name = "完成情况报送"

    def __str__(self):
        return f"{self.unit} · {self.period_label}"

    @property
    def late(self) -> bool:
        return self.reported_at.date() > self.due

    @classmethod
    def scope_q(cls, user, action):
        return _list_scope(user, action, "task__task_list__")


class TaskEvidence(models.Model):
    report = models.ForeignKey(TaskReport, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField("佐证材料", upload_to="tasks/%Y/%m/")
    name = models.CharField("文件名", max_length=200)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "佐证材料"

    def __str__(self):
        return self.name


class Supervision(Scoped):
    """督办: the 安委办 presses a unit on an overdue task period."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="supervisions")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="supervisions")
    period_key = models.CharField("期次", max_length=16)
    period_label = models.CharField("期次名称", max_length=32)
    due = models.DateField("原定完成日期")
    new_due = models.DateField("督办限期", null=True, blank=True)
    note = models.TextField("督办意见")
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    issued_at = models.DateTimeField("督办时间")

    class Meta:
        ordering = ["-issued_at"]
        verbose_name = "督办"

    def __str__(self):
        return f"督办 {self.unit} · {self.period_label}"

    @classmethod
    def scope_q(cls, user, action):
        return _list_scope(user, action, "task__task_list__")


# ------------------------------------------------------------------ C5


class Liaison(Scoped):
    """专职联络员 (seed 000 附件3): 序号, 姓名, 性别, 工作单位及职务, 手机号码, 备注."""

    GENDERS = [("男", "男"), ("女", "女")]
    campaign = models.ForeignKey(
        "campaigns.Campaign", on_delete=models.CASCADE, related_name="liaisons"
    )
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="liaisons")
    seq = models.PositiveIntegerField("序号", default=1)
    name = models.CharField("姓名", max_length=32)
    gender = models.CharField("性别", max_length=2, choices=GENDERS)
    org_title = models.CharField("工作单位及职务", max_length=100)
    mobile = models.CharField("手机号码", max_length=20)
    note = models.CharField("备注", max_length=200, blank=True)
    version = models.PositiveIntegerField("版本", default=1)

    class Meta:
        ordering = ["campaign", "unit", "seq"]
        verbose_name = "专职联络员"

    def __str__(self):
        return f"{self.name}（{self.unit}）"

    def get_absolute_url(self):
        return reverse("tasks:liaisons", args=[self.campaign_id])

    @classmethod
    def scope_q(cls, user, action):
        prefix = county_prefix(user)
        if prefix is None:
            return None
        q = Q(unit__region_code__startswith=prefix)
        if action == "view" or user.role == Role.AWB:
            return q
        unit = Unit.for_user(user)
        return q & Q(unit=unit) if unit else None


class Obligation(Scoped):
    """A reporting obligation: what, by which day of the month, from which units."""

    campaign = models.ForeignKey(
        "campaigns.Campaign",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="obligations",
        verbose_name="专项行动",
    )
    region = models.ForeignKey(
        "accounts.Region", on_delete=models.PROTECT, related_name="+", verbose_name="区域"
    )
    title = models.CharField("报送事项", max_length=200)
    day_of_month = models.PositiveSmallIntegerField("每月截止日")
    start = models.DateField("开始日期")
    end = models.DateField("结束日期")
    units = models.ManyToManyField(Unit, related_name="obligations", verbose_name="报送单位")
    # The official table (统计汇总表 s1 / 月度调度表 s2) this obligation asks for, if any: its units
    # submit it on the stats pages, and its status is the one stats computes (tasks.hooks).
    stats_table = models.CharField(
        "对应统计报表",
        max_length=4,
        blank=True,
        default="",
        choices=[
            ("", gettext_noop("（无，上传文件报送）")),
            ("s1", gettext_noop("统计汇总表")),
            ("s2", gettext_noop("月度调度表")),
        ],
    )
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField("版本", default=1)

    class Meta:
        ordering = ["-start", "id"]
        verbose_name = "报送要求"

    def __str__(self):
        return f"{self.title}（每月{self.day_of_month}日前）"

    def get_absolute_url(self):
        return reverse("tasks:obligation", args=[self.pk])

    @property
    def deadline_spec(self) -> Deadline:
        return Deadline("monthly", day=self.day_of_month, text=f"每月{self.day_of_month}日前")

    @classmethod
    def scope_q(cls, user, action):
        return _list_scope(user, action)


class Submission(Scoped):
    obligation = models.ForeignKey(Obligation, on_delete=models.CASCADE, related_name="submissions")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="submissions")
    period_key = models.CharField("期次", max_length=16)
    file = models.FileField("报送文件", upload_to="obligations/%Y/%m/", blank=True)
    note = models.CharField("说明", max_length=200, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField("报送时间")

    class Meta:
        unique_together = [("obligation", "unit", "period_key")]
        verbose_name = "报送记录"

    def __str__(self):
        return f"{self.obligation.title} · {self.unit} · {self.period_key}"

    @classmethod
    def scope_q(cls, user, action):
        return _list_scope(user, action, "obligation__")
