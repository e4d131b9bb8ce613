"""R4 三个责任人 挂牌 and monthly quota; R5 安全风险明白卡 for small enterprises (seeds 002, 004)."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from anjian.accounts.models import Role
from anjian.core.models import Scoped
from anjian.core.validators import validate_phone
from anjian.registry.models import EnterpriseChild, enterprise_scope_q

# Seed 004 任务24 (line 369), verbatim.
QUOTA_TEXT = (
    "行政负责人、行业部门监管负责人每月至少指导检查2家以上挂牌企业（单位），"
    "督促整改2个以上突出问题隐患，协调解决2个以上安全管理难题。"
)
QUOTA = {"check": 2, "hazard": 2, "problem": 2}


class ResponsiblePerson(EnterpriseChild):
    """One of an enterprise's 三个责任人, shown on its 公示牌."""

    KINDS = [
        ("admin", "行政负责人"),
        ("industry", "行业部门监管负责人"),
        ("enterprise", "企业负责人"),
    ]
    OFFICIAL_KINDS = ("admin", "industry")
    enterprise = models.ForeignKey(
        "registry.Enterprise", on_delete=models.CASCADE, related_name="responsible_people"
    )
    kind = models.CharField("责任人类别", max_length=12, choices=KINDS)
    name = models.CharField("姓名", max_length=32)
    position = models.CharField("单位及职务", max_length=100)
    phone = models.CharField("联系电话", max_length=20, validators=[validate_phone])
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="duty_posts",
        verbose_name="系统账号",
        help_text="行政负责人、行业部门监管负责人须关联系统账号，以便记录每月履职情况",
    )
    department = models.ForeignKey(
        "accounts.Department",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="行业部门",
    )
    version = models.PositiveIntegerField("版本", default=1)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        ordering = ["enterprise", "kind"]
        unique_together = [("enterprise", "kind")]
        verbose_name = "三个责任人"

    def __str__(self):
        return f"{self.get_kind_display()} {self.name}"

    @classmethod
    def scope_q(cls, user, action):
        q = super().scope_q(user, action)
        if action == "view" and user.role in (Role.INSPECTOR, Role.DEPT_LEADER, Role.TOWN):
            own = Q(user_id=user.pk)
            return own if q is None else q | own
        return q


class DutyActivity(Scoped):
    """A responsible official's monthly work at a listed enterprise (履职记录)."""

    KINDS = [
        ("check", "指导检查挂牌企业"),
        ("hazard", "督促整改突出问题隐患"),
        ("problem", "协调解决安全管理难题"),
    ]
    official = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="duty_activities",
        verbose_name="责任人",
    )
    enterprise = models.ForeignKey(
        "registry.Enterprise",
        on_delete=models.PROTECT,
        related_name="duty_activities",
        verbose_name="挂牌企业",
    )
    kind = models.CharField("履职类型", max_length=12, choices=KINDS)
    day = models.DateField("日期")
    month = models.DateField("月份", db_index=True, editable=False)
    description = models.TextField("情况说明")
    hazard = models.ForeignKey(
        "hazards.Hazard",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="关联隐患",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-day", "-id"]
        verbose_name = "履职记录"
        indexes = [models.Index(fields=["official", "month"])]

    def __str__(self):
        return f"{self.official} {self.get_kind_display()} {self.day}"

    def save(self, *args, **kwargs):
        self.month = self.day.replace(day=1)
        super().save(*args, **kwargs)

    @classmethod
    def scope_q(cls, user, action):
        own = Q(official_id=user.pk)
        if action != "view":
            return own
        if user.role == Role.AWB and user.region_id:
            return own | Q(enterprise__region__code__startswith=user.region.prefix)
        if user.role == Role.DEPT_LEADER and user.department_id:
            return own | Q(official__department_id=user.department_id)
        if user.role == Role.TOWN and user.region_id:
            return own | Q(enterprise__region__code__startswith=user.region.prefix)
        return own


class RiskCard(EnterpriseChild):
    """安全风险明白卡 of a small enterprise (fewer than 30 employees, seed 002)."""

    enterprise = models.OneToOneField(
        "registry.Enterprise", on_delete=models.CASCADE, related_name="risk_card"
    )
    main_risks = models.TextField("主要安全风险", help_text="每行一项，如：液氨泄漏中毒")
    key_controls = models.TextField("关键管控措施", help_text="每行一项")
    emergency_measures = models.TextField("应急处置措施", help_text="每行一项")
    contacts = models.JSONField("应急联系方式", default=list)
    version = models.PositiveIntegerField("版本", default=1)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "安全风险明白卡"

    def __str__(self):
        return f"安全风险明白卡：{self.enterprise}"

    @staticmethod
    def lines(text: str) -> list[str]:
        return [ln.strip() for ln in (text or "").splitlines() if ln.strip()]

    @classmethod
    def scope_q(cls, user, action):
        if user.role == Role.ENTERPRISE and user.enterprise_id:
            # The enterprise drafts and keeps its own card (seed 002: 企业制定).
            return Q(enterprise_id=user.enterprise_id)
        return enterprise_scope_q(user, action, prefix="enterprise__")
