"""Hazard ledger (H1–H5), disposal of findings (E1) and on-site measures (E2).

Overdue is never stored: `deadline` is the effective deadline (an approved extension moves it;
`original_deadline` keeps the first one) and `HazardQuerySet.overdue(today)` / `Hazard.is_overdue`
compare it with the day.
"""

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Case, Q, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from anjian.accounts.models import Role
from anjian.core.models import Scoped
from anjian.core.scoping import RestrictedQuerySet
from anjian.registry.models import EnterpriseChild, enterprise_scope_q

OPEN_STATUSES = ("pending", "rectifying", "review")


def hazard_child_q(user, action, prefix: str = "hazard__"):
    """Scope of rows that belong to a hazard: the scope of the hazard's enterprise."""
    if user.role == Role.ENTERPRISE:
        if action == "view" and user.enterprise_id:
            return Q(**{f"{prefix}enterprise_id": user.enterprise_id})
        return None
    return enterprise_scope_q(user, action, prefix=f"{prefix}enterprise__")


class HazardStandard(models.Model):
    """A 重大事故隐患判定标准 (e.g. 工贸企业重大事故隐患判定标准, 应急管理部令第10号)."""

    name = models.CharField(_("判定标准"), max_length=128, unique=True)
    document = models.CharField(_("文号"), max_length=64, blank=True)
    effective_from = models.DateField(_("施行日期"), null=True, blank=True)
    total_count = models.PositiveIntegerField(_("情形总数"), null=True, blank=True)
    note = models.TextField(_("说明"), blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = "重大事故隐患判定标准"

    def __str__(self):
        return self.name


class HazardStandardCategory(models.Model):
    standard = models.ForeignKey(
        HazardStandard, on_delete=models.CASCADE, related_name="categories"
    )
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    name = models.CharField(_("类别"), max_length=64)
    expected_count = models.PositiveIntegerField(_("情形数"), null=True, blank=True)
    order = models.PositiveIntegerField(_("顺序"), default=0)

    class Meta:
        ordering = ["standard", "order", "id"]
        unique_together = [("standard", "name")]
        verbose_name = "判定标准类别"

    def __str__(self):
        return f"{self.standard.name} · {self.name}"


class HazardCriterion(models.Model):
    """An item of a 重大事故隐患判定标准, kept as data; staff enter the items' text."""

    standard = models.CharField(_("判定标准"), max_length=128)
    category = models.CharField(_("类别"), max_length=64, blank=True)
    number = models.CharField(_("条款"), max_length=32)
    text = models.TextField(_("情形"))
    category_ref = models.ForeignKey(
        HazardStandardCategory,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="criteria",
        verbose_name=_("所属类别"),
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    added_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["standard", "id"]
        verbose_name = "重大事故隐患判定标准条款"

    def __str__(self):
        return f"{self.standard} {self.number}"


class HazardQuerySet(RestrictedQuerySet):
    def open(self):
        return self.exclude(status="closed")

    def overdue(self, today: date | None = None):
        """Open hazards whose effective deadline is before `today` (the deadline day is not)."""
        today = today or timezone.localdate()
        return self.filter(status__in=OPEN_STATUSES, deadline__lt=today)

    def not_overdue(self, today: date | None = None):
        today = today or timezone.localdate()
        return self.exclude(status__in=OPEN_STATUSES, deadline__lt=today)

    def with_overdue(self, today: date | None = None):
        today = today or timezone.localdate()
        return self.annotate(
            overdue_flag=Case(
                When(status__in=OPEN_STATUSES, deadline__lt=today, then=Value(True)),
                default=Value(False),
                output_field=models.BooleanField(),
            )
        )


HazardManager = models.Manager.from_queryset(HazardQuerySet)


class Hazard(EnterpriseChild):
    SOURCES = [
        ("self", gettext_noop("企业自查")),
        ("inspection", gettext_noop("执法检查")),
        ("tip", gettext_noop("举报核查")),
        ("assigned", gettext_noop("上级交办")),
        ("transfer", gettext_noop("异地移交")),
    ]
    LEVELS = [("general", gettext_noop("一般")), ("major", gettext_noop("重大"))]
    STATUS = [
        ("pending", gettext_noop("待整改")),
        ("rectifying", gettext_noop("整改中")),
        ("review", gettext_noop("待复查")),
        ("closed", gettext_noop("已销号")),
    ]
    MODES = [("deadline", gettext_noop("限期整改")), ("immediate", gettext_noop("即查即改"))]
    enterprise = models.ForeignKey(
        "registry.Enterprise", on_delete=models.PROTECT, related_name="hazards"
    )
    source = models.CharField(_("来源"), max_length=12, choices=SOURCES, db_index=True)
    level = models.CharField(
        _("等级"), max_length=8, choices=LEVELS, default="general", db_index=True
    )
    criterion = models.ForeignKey(
        HazardCriterion,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        verbose_name=_("判定标准条款"),
    )
    checklist_item = models.ForeignKey(
        "checklists.ChecklistItem",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        verbose_name=_("检查项"),
    )
    description = models.TextField(_("隐患描述"))
    location = models.CharField(_("部位"), max_length=128, blank=True)
    rectification_plan = models.TextField(_("整改方案"), blank=True)
    found_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("发现人"),
    )
    found_at = models.DateTimeField(_("发现时间"))  # indexed by hazard_found_cover
    department = models.ForeignKey(
        "accounts.Department",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="hazards",
        verbose_name=_("负责部门"),
    )
    status = models.CharField(
        _("状态"), max_length=12, choices=STATUS, default="pending", db_index=True
    )
    mode = models.CharField(_("整改方式"), max_length=12, choices=MODES, default="deadline")
    deadline = models.DateField(_("整改期限"), null=True, blank=True, db_index=True)
    original_deadline = models.DateField(_("原整改期限"), null=True, blank=True)
    closed_at = models.DateTimeField(_("销号时间"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("销号人"),
    )
    # 五落实 (major hazards): 措施, 责任人, 资金, 时限 (= deadline), 预案.
    measures = models.TextField(_("整改措施"), blank=True)
    responsible_person = models.CharField(_("整改责任人"), max_length=64, blank=True)
    funds = models.DecimalField(
        _("整改资金（元）"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    emergency_plan = models.TextField(_("应急预案"), blank=True)
    # 双报告: the enterprise reports discovery and completion to the authority.
    discovery_reported_at = models.DateTimeField(_("发现报告时间"), null=True, blank=True)
    completion_reported_at = models.DateTimeField(_("整改完成报告时间"), null=True, blank=True)
    # H4: the enterprise's earlier self-report of the same hazard (for government findings).
    self_report = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("企业自查报告"),
    )
    # H5: earlier occurrences of the same hazard at the enterprise (computed at entry).
    repeat_of = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="repeats",
        verbose_name=_("前次同类隐患"),
    )
    repeat_count = models.PositiveIntegerField(_("此前发生次数"), default=0)
    # H5: the open hazard this one duplicates, entered as a new occurrence (hazards.duplicates).
    duplicate_of = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="duplicates",
        verbose_name=_("相同的在册隐患"),
    )
    region_code = models.CharField(_("区划代码"), max_length=12, db_index=True, editable=False)
    version = models.PositiveIntegerField(_("版本"), default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = HazardManager()

    # What an enterprise user is shown instead of 举报核查: it must not learn it was reported.
    TIP_MASK = "inspection"

    @staticmethod
    def hides_tips(user) -> bool:
        return user is not None and getattr(user, "role", None) == Role.ENTERPRISE

    def source_for(self, user) -> str:
        return self.TIP_MASK if self.source == "tip" and self.hides_tips(user) else self.source

    def source_label_for(self, user) -> str:
        return dict(self.SOURCES)[self.source_for(user)]

    @classmethod
    def sources_matching(cls, source: str, user) -> list[str]:
        """The stored sources a filter on `source` covers for `user`."""
        if cls.hides_tips(user):
            return (
                [] if source == "tip" else [source, "tip"] if source == cls.TIP_MASK else [source]
            )
        return [source]

    @classmethod
    def sources_for(cls, user) -> list[tuple[str, str]]:
        return [s for s in cls.SOURCES if not (s[0] == "tip" and cls.hides_tips(user))]

    class Meta:
        ordering = ["-found_at"]
        verbose_name = "隐患"
        indexes = [
            models.Index(fields=["enterprise", "status"]),
            models.Index(fields=["department", "status", "found_at"]),
            models.Index(fields=["status", "deadline"], name="hazard_status_deadline"),
            # The statistics count hazards found, and hazards closed (销号), in a period. These
            # two carry the columns the figures read (INCLUDE, PostgreSQL only; plain indexes
            # elsewhere), so each count is an index-only scan instead of a visit to every
            # table page that holds one of the period's rows.
            models.Index(
                fields=["found_at"],
                include=["source", "level", "region_code", "enterprise", "department"],
                name="hazard_found_cover",
            ),
            models.Index(
                fields=["closed_at"],
                # status too: the figures' FILTER clauses read it, not only the WHERE
                include=["status", "source", "level", "region_code", "enterprise", "department"],
                condition=models.Q(status="closed"),
                name="hazard_closed_cover",
            ),
            models.Index(fields=["region_code", "status", "found_at"], name="hazard_region_status"),
            models.Index(fields=["level", "status", "found_at"], name="hazard_level_status"),
            models.Index(fields=["source", "found_at"], name="hazard_source_found"),
            models.Index(fields=["-found_at", "-id"], name="hazard_found_desc"),
            models.Index(fields=["enterprise", "criterion"], name="hazard_ent_criterion"),
            models.Index(fields=["enterprise", "checklist_item"], name="hazard_ent_item"),
        ]

    def __str__(self):
        return gettext("%(level)s隐患：%(text)s") % {
            "level": gettext(self.get_level_display()),
            "text": self.description[:30],
        }

    def get_absolute_url(self):
        return reverse("hazards:detail", args=[self.pk])

    # ------------------------------------------------------------ computed, never stored

    def overdue_on(self, today: date) -> bool:
        return self.status in OPEN_STATUSES and self.deadline is not None and self.deadline < today

    @property
    def is_overdue(self) -> bool:
        return self.overdue_on(timezone.localdate())

    def days_left(self, today: date | None = None) -> int | None:
        if self.deadline is None:
            return None
        return (self.deadline - (today or timezone.localdate())).days

    @property
    def is_major(self) -> bool:
        return self.level == "major"

    def missing_five_measures(self) -> list[str]:
        """Labels of the 五落实 items still missing (措施, 责任人, 资金, 时限, 预案)."""
        missing = []
        if not self.measures.strip():
            missing.append(gettext_noop("整改措施"))
        if not self.responsible_person.strip():
            missing.append(gettext_noop("整改责任人"))
        if self.funds is None:
            missing.append(gettext_noop("整改资金"))
        if self.deadline is None:
            missing.append(gettext_noop("整改时限"))
        if not self.emergency_plan.strip():
            missing.append(gettext_noop("应急预案"))
        return missing

    @property
    def five_measures_complete(self) -> bool:
        return not self.missing_five_measures()

    @property
    def self_reported(self) -> bool:
        return self.source == "self" or self.self_report_id is not None

    def enforcement_flag(self, today: date | None = None) -> str:
        """H4 (seed 003 精准执法): "no_penalty", "penalty" or "" (no rule applies).

        A major hazard the enterprise found itself, reported, and is effectively rectifying
        (rectification started under 五落实 and not overdue, or already closed) → 不予处罚.
        A major hazard found by the government that the enterprise had not self-reported →
        应当处罚.
        """
        if self.level != "major":
            return ""
        today = today or timezone.localdate()
        if self.source == "self":
            effective = self.status == "closed" or (
                self.status in ("rectifying", "review") and not self.overdue_on(today)
            )
            return "no_penalty" if effective and self.discovery_reported_at else ""
        if self.self_report_id is None:
            return "penalty"
        return ""

    FLAG_LABELS = {
        "no_penalty": gettext_noop("不予处罚"),
        "penalty": gettext_noop("应当处罚"),
        "": "",
    }

    def enforcement_flag_label(self) -> str:
        return self.FLAG_LABELS[self.enforcement_flag()]

    @property
    def is_repeat(self) -> bool:
        return self.repeat_count > 0

    @property
    def active_supervision(self):
        return next((s for s in self.supervisions.all() if s.lifted_at is None), None)


class HazardEvent(Scoped):
    """One step in a hazard's history (the timeline and the detail page read these)."""

    KINDS = [
        ("report", gettext_noop("登记隐患")),
        ("measures", gettext_noop("落实五落实")),
        ("discovery_report", gettext_noop("报告发现（双报告）")),
        ("start", gettext_noop("开始整改")),
        ("submit", gettext_noop("提交整改")),
        ("review_pass", gettext_noop("复查通过，销号")),
        ("review_fail", gettext_noop("复查不通过")),
        ("close_immediate", gettext_noop("即查即改销号")),
        ("completion_report", gettext_noop("报告整改完成（双报告）")),
        ("extension_request", gettext_noop("申请延期")),
        ("extension_approve", gettext_noop("批准延期")),
        ("extension_reject", gettext_noop("不批准延期")),
        ("supervise", gettext_noop("挂牌督办")),
        ("supervise_lift", gettext_noop("摘牌")),
        ("disposal", gettext_noop("执法处置")),
        ("measure", gettext_noop("现场处理措施")),
        ("measure_lift", gettext_noop("解除现场处理措施")),
        ("escalate", gettext_noop("逾期升级")),
    ]
    hazard = models.ForeignKey(Hazard, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("环节"), max_length=20, choices=KINDS)
    at = models.DateTimeField(_("时间"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    note = models.TextField(_("说明"), blank=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = "隐患处理记录"
        # a hazard's last review (the dashboard's 以罚代管) as an index-only lookup
        indexes = [models.Index(fields=["hazard", "kind", "at"], name="hz_event_review")]

    def __str__(self):
        return f"{self.get_kind_display()} {self.at:%Y-%m-%d %H:%M}"

    @classmethod
    def scope_q(cls, user, action):
        return hazard_child_q(user, action)


class HazardEvidence(Scoped):
    hazard = models.ForeignKey(Hazard, on_delete=models.CASCADE, related_name="evidence")
    kind = models.CharField(
        _("类型"),
        max_length=16,
        default="found",
        choices=[("found", gettext_noop("发现")), ("rectified", gettext_noop("整改"))],
    )
    file = models.FileField(_("文件"), upload_to="hazards/%Y/%m/")
    event = models.ForeignKey(
        HazardEvent, null=True, blank=True, on_delete=models.SET_NULL, related_name="files"
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "隐患证据"

    def __str__(self):
        return self.file.name

    @classmethod
    def scope_q(cls, user, action):
        return hazard_child_q(user, action)

    @property
    def is_image(self) -> bool:
        return self.file.name.lower().rsplit(".", 1)[-1] in ("jpg", "jpeg", "png", "gif", "webp")

    @property
    def basename(self) -> str:
        return self.file.name.rsplit("/", 1)[-1]


class HazardExtension(Scoped):
    """A request to move the rectification deadline; it moves only once approved."""

    STATUS = [
        ("pending", gettext_noop("待审批")),
        ("approved", gettext_noop("已批准")),
        ("rejected", gettext_noop("不批准")),
    ]
    hazard = models.ForeignKey(Hazard, on_delete=models.CASCADE, related_name="extensions")
    old_deadline = models.DateField(_("原期限"))
    new_deadline = models.DateField(_("申请延期至"))
    reason = models.TextField(_("延期理由"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(_("审批状态"), max_length=10, choices=STATUS, default="pending")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(_("审批意见"), blank=True)

    class Meta:
        ordering = ["-requested_at"]
        verbose_name = "延期申请"

    def __str__(self):
        return gettext("延期至 %(date)s（%(status)s）") % {
            "date": self.new_deadline,
            "status": gettext(self.get_status_display()),
        }

    @classmethod
    def scope_q(cls, user, action):
        return hazard_child_q(user, action)


class Supervision(Scoped):
    """挂牌督办 of a major hazard by a Safety Committee (区级/市级/省级)."""

    LEVELS = [
        ("district", gettext_noop("区（县）级")),
        ("city", gettext_noop("市级")),
        ("province", gettext_noop("省级")),
    ]
    hazard = models.ForeignKey(Hazard, on_delete=models.CASCADE, related_name="supervisions")
    level = models.CharField(_("督办级别"), max_length=10, choices=LEVELS, db_index=True)
    issuing_unit = models.CharField(_("督办单位"), max_length=64)
    number = models.CharField(_("督办文号"), max_length=64)
    issued_on = models.DateField(_("挂牌日期"))
    deadline = models.DateField(_("督办期限"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    lifted_at = models.DateTimeField(_("摘牌时间"), null=True, blank=True)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    lift_note = models.TextField(_("摘牌说明"), blank=True)

    class Meta:
        ordering = ["-issued_on", "-id"]
        verbose_name = "挂牌督办"
        indexes = [models.Index(fields=["hazard", "lifted_at"], name="supervision_hazard_open")]

    def __str__(self):
        return gettext("%(level)s挂牌督办 %(number)s") % {
            "level": gettext(self.get_level_display()),
            "number": self.number,
        }

    @classmethod
    def scope_q(cls, user, action):
        return hazard_child_q(user, action)


class Escalation(Scoped):
    """An overdue hazard escalated to its department and, if major, to the 安委办.

    One row per (hazard, target, department, effective deadline): running
    `services.escalate_overdue` again adds nothing; a new deadline that lapses escalates again.
    """

    TARGETS = [("department", gettext_noop("监管部门")), ("awb", gettext_noop("安委办"))]
    key = models.CharField(max_length=80, unique=True, editable=False)
    hazard = models.ForeignKey(Hazard, on_delete=models.CASCADE, related_name="escalations")
    target = models.CharField(_("报送对象"), max_length=12, choices=TARGETS)
    department = models.ForeignKey(
        "accounts.Department", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    region_code = models.CharField(_("区划代码"), max_length=12, db_index=True)
    deadline = models.DateField(_("逾期的整改期限"))
    escalated_on = models.DateField(_("升级日期"), db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-escalated_on", "-id"]
        verbose_name = "逾期升级"

    def __str__(self):
        return f"隐患#{self.hazard_id} 逾期报{self.get_target_display()}"

    @property
    def message(self) -> str:
        h = self.hazard
        return self.message_for(h.enterprise.name, h.level, h.description, self.deadline)

    @staticmethod
    def message_for(enterprise_name, level, description, deadline) -> str:
        levels = dict(Hazard.LEVELS)
        return (
            f"{enterprise_name}的{levels.get(level, level)}隐患“{description[:40]}”"
            f"整改期限 {deadline:%Y-%m-%d} 已过，尚未销号"
        )

    @classmethod
    def scope_q(cls, user, action):
        if action != "view":
            return None
        if user.role == Role.AWB:
            base = hazard_child_q(user, action)
            return base & Q(target="awb") if base is not None else None
        if user.role in (Role.INSPECTOR, Role.DEPT_LEADER) and user.department_id:
            return Q(target="department", department_id=user.department_id)
        if user.role == Role.TOWN:
            return hazard_child_q(user, action)
        return None


DISPOSALS = [
    ("immediate", gettext_noop("现场立即整改")),
    ("deadline", gettext_noop("责令限期整改")),
    ("emergency", gettext_noop("现场紧急处置")),
    ("suspend", gettext_noop("暂时停产停业")),
    ("transfer", gettext_noop("移交其他部门")),
    ("simple_penalty", gettext_noop("简易处罚")),
    ("case", gettext_noop("立案处罚")),
    ("other", gettext_noop("其他处置措施")),
]


class Disposal(Scoped):
    """E1: the 执法处置意见 for a finding (seed 001 异地执法检查问题移交表)."""

    OPTIONS = DISPOSALS
    hazard = models.ForeignKey(Hazard, on_delete=models.CASCADE, related_name="disposals")
    option = models.CharField(_("执法处置意见"), max_length=16, choices=DISPOSALS, db_index=True)
    note = models.TextField(_("说明"), blank=True)
    transfer_to = models.ForeignKey(
        "accounts.Department",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("移交部门"),
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["decided_at", "id"]
        verbose_name = "执法处置"

    def __str__(self):
        return self.get_option_display()

    @classmethod
    def scope_q(cls, user, action):
        return hazard_child_q(user, action)


class OnSiteMeasure(EnterpriseChild):
    """E2: 现场处理措施 with its lifting."""

    KINDS = [
        ("seize_licence", gettext_noop("暂扣许可证")),
        ("suspend", gettext_noop("暂时停产停业")),
        ("stop_construction", gettext_noop("暂时停止建设")),
        ("stop_equipment", gettext_noop("停止使用设备")),
        ("cut_power", gettext_noop("停止供电")),
        ("stop_explosives", gettext_noop("停止使用民爆物品")),
    ]
    enterprise = models.ForeignKey(
        "registry.Enterprise", on_delete=models.PROTECT, related_name="onsite_measures"
    )
    hazard = models.ForeignKey(
        Hazard,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="onsite_measures",
        verbose_name=_("相关隐患"),
    )
    kind = models.CharField(_("措施"), max_length=20, choices=KINDS, db_index=True)
    target = models.CharField(
        _("对象"), max_length=128, blank=True, help_text=_("如：设备名称、许可证号")
    )
    basis = models.TextField(_("依据"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("决定时间"), default=timezone.now)
    lifted_at = models.DateTimeField(_("解除时间"), null=True, blank=True)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    lift_note = models.TextField(_("解除理由"), blank=True)
    version = models.PositiveIntegerField(_("版本"), default=1)

    class Meta:
        ordering = ["-decided_at", "-id"]
        verbose_name = "现场处理措施"

    def __str__(self):
        kind = gettext(self.get_kind_display())
        return gettext("%(kind)s（已解除）") % {"kind": kind} if self.lifted_at else kind

    @property
    def active(self) -> bool:
        return self.lifted_at is None
