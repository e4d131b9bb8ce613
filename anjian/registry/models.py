from datetime import date

from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from anjian.accounts.models import Department, Region, Role, Sector
from anjian.core.models import RestrictedManager, Scoped, Versioned
from anjian.core.validators import validate_phone

RISK_TAGS = [
    ("ammonia_refrigeration", "液氨制冷"),
    ("confined_space", "有限空间"),
    ("dust_explosion", "粉尘涉爆"),
    ("two_key_one_major", "两重点一重大"),
    ("high_risk", "高危"),
    ("major_hazard_source", "重大危险源"),
]


class Enterprise(Scoped, Versioned):
    STATUS = [("normal", "正常"), ("suspended", "停产整顿"), ("closed", "关闭")]
    MHS_LEVELS = [(0, "无"), (1, "一级"), (2, "二级"), (3, "三级"), (4, "四级")]

    credit_code = models.CharField(_("统一社会信用代码"), max_length=18, unique=True)
    name = models.CharField(_("企业名称"), max_length=128, db_index=True)
    address = models.CharField(_("地址"), max_length=200, blank=True)
    region = models.ForeignKey(
        Region,
        to_field="code",
        db_column="region_code",
        on_delete=models.PROTECT,
        related_name="enterprises",
        verbose_name=_("所在区划"),
    )
    primary_sector = models.ForeignKey(
        Sector,
        on_delete=models.PROTECT,
        related_name="primary_enterprises",
        verbose_name=_("主行业领域"),
    )
    sectors = models.ManyToManyField(
        Sector, through="EnterpriseSector", related_name="enterprises", verbose_name=_("行业领域")
    )
    employees = models.PositiveIntegerField(_("从业人员数"), default=0)
    state_owned = models.BooleanField(_("国有企业"), default=False)
    ammonia_refrigeration = models.BooleanField(_("液氨制冷"), default=False)
    confined_space = models.BooleanField(_("有限空间"), default=False)
    dust_explosion = models.BooleanField(_("粉尘涉爆"), default=False)
    two_key_one_major = models.BooleanField(_("两重点一重大"), default=False)
    high_risk = models.BooleanField(_("高危"), default=False)
    major_hazard_level = models.PositiveSmallIntegerField(
        _("重大危险源等级"), choices=MHS_LEVELS, default=0
    )
    status = models.CharField(_("经营状态"), max_length=12, choices=STATUS, default="normal")
    legal_representative = models.CharField(_("法定代表人"), max_length=32, blank=True)
    contact_phone = models.CharField(
        _("联系电话"), max_length=20, blank=True, validators=[validate_phone]
    )

    objects = RestrictedManager()

    class Meta:
        ordering = ["id"]
        verbose_name = _("企业")
        indexes = [models.Index(fields=["region", "primary_sector"])]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("registry:enterprise_detail", args=[self.pk])

    @property
    def is_small(self) -> bool:
        """小微企业: fewer than 30 employees (seed 002 风险明白卡)."""
        return self.employees < 30

    @property
    def major_hazard_source(self) -> bool:
        return self.major_hazard_level > 0

    def risk_labels(self) -> list[str]:
        labels = [
            label
            for field, label in RISK_TAGS
            if field != "major_hazard_source" and getattr(self, field)
        ]
        if self.major_hazard_level:
            labels.append(f"{self.get_major_hazard_level_display()}重大危险源")
        return labels

    @classmethod
    def scope_q(cls, user, action):
        return enterprise_scope_q(user, action, prefix="")


def enterprise_scope_q(user, action, prefix: str = ""):
    """Scope of enterprises (or of rows reached through `prefix`, e.g. "enterprise__").

    安委办: its region subtree. 部门: enterprises of its sectors in its region. 镇街/园区: its
    territory. 企业用户: its own enterprise, read-only. 专家: none here (inspections grant it).
    """
    p = prefix
    region = user.region
    if user.role == Role.AWB and region:
        return Q(**{f"{p}region__code__startswith": region.prefix})
    if user.role in (Role.INSPECTOR, Role.DEPT_LEADER) and user.department_id:
        dept = user.department
        sector_ids = dept.sector_ids()
        ent_ref = OuterRef(f"{p}pk") if p else OuterRef("pk")
        in_sector = Exists(
            EnterpriseSector.objects.filter(enterprise=ent_ref, sector_id__in=sector_ids)
        )
        return Q(**{f"{p}region__code__startswith": dept.region.prefix}) & Q(in_sector)
    if user.role == Role.TOWN and region:
        return Q(**{f"{p}region__code__startswith": region.prefix})
    if user.role == Role.ENTERPRISE and user.enterprise_id and action == "view":
        return Q(**{f"{p}pk": user.enterprise_id})
    return None


class EnterpriseSector(models.Model):
    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE)
    sector = models.ForeignKey(Sector, on_delete=models.PROTECT)
    is_primary = models.BooleanField(default=False)

    class Meta:
        unique_together = [("enterprise", "sector")]
        indexes = [models.Index(fields=["sector", "enterprise"])]

    def __str__(self):
        return f"{self.enterprise_id}:{self.sector_id}"


class EnterpriseChild(Scoped):
    """Rows that belong to an enterprise and share its scope."""

    class Meta:
        abstract = True

    @classmethod
    def scope_q(cls, user, action):
        if user.role == Role.ENTERPRISE:
            return (
                Q(enterprise_id=user.enterprise_id)
                if action == "view" and user.enterprise_id
                else None
            )
        return enterprise_scope_q(user, action, prefix="enterprise__")


class Retirable(models.Model):
    """A record kept when it ends (a licence 注销, a person who left): never deleted."""

    retired_on = models.DateField(_("停用日期"), null=True, blank=True)
    retire_reason = models.CharField(_("停用原因"), max_length=200, blank=True)

    class Meta:
        abstract = True

    @property
    def active(self) -> bool:
        return self.retired_on is None


class Licence(EnterpriseChild, Versioned, Retirable):
    KINDS = [
        "安全生产许可证",
        "危险化学品经营许可证",
        "危险化学品使用许可证",
        "烟花爆竹经营许可证",
        "非药品类易制毒化学品备案证明",
        "燃气经营许可证",
        "特种设备使用登记证",
        "建筑施工企业安全生产许可证",
        "道路运输经营许可证",
        "其他",
    ]
    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="licences")
    kind = models.CharField(_("证照类型"), max_length=32, choices=[(k, k) for k in KINDS])
    number = models.CharField(_("证号"), max_length=64)
    issuer = models.CharField(_("发证机关"), max_length=64, blank=True)
    valid_from = models.DateField(_("有效期起"), null=True, blank=True)
    valid_until = models.DateField(_("有效期至"), db_index=True)
    revoked = models.BooleanField(_("已吊销"), default=False)

    class Meta:
        ordering = ["valid_until"]
        verbose_name = _("证照")

    def __str__(self):
        return f"{self.kind} {self.number}"

    def get_absolute_url(self):
        return self.enterprise.get_absolute_url()

    def days_left(self, today: date | None = None) -> int:
        return (self.valid_until - (today or date.today())).days


class Person(EnterpriseChild, Versioned, Retirable):
    """Certified people of an enterprise: principal, safety managers, special-operation workers."""

    ROLES = [
        ("principal", "主要负责人"),
        ("deputy", "安全生产分管负责人"),
        ("manager", "安全生产管理人员"),
        ("special_worker", "特种作业人员"),
    ]
    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="people")
    role = models.CharField(_("人员类别"), max_length=16, choices=ROLES)
    name = models.CharField(_("姓名"), max_length=32)
    phone = models.CharField(_("手机号码"), max_length=20, blank=True, validators=[validate_phone])
    operation = models.CharField(
        _("作业类别"), max_length=64, blank=True, help_text=_("特种作业人员填写，如：电工作业")
    )
    cert_no = models.CharField(_("证书编号"), max_length=64, blank=True)
    cert_expiry = models.DateField(_("证书有效期至"), null=True, blank=True, db_index=True)

    class Meta:
        ordering = ["role", "name"]
        verbose_name = _("企业人员")

    def __str__(self):
        return f"{self.get_role_display()} {self.name}"

    def get_absolute_url(self):
        return self.enterprise.get_absolute_url()


class EnterpriseTier(EnterpriseChild):
    """An enterprise's place in one department's 重点/一般 list (R2 名录库)."""

    TIERS = [("key", "重点"), ("general", "一般")]
    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="tiers")
    department = models.ForeignKey(Department, on_delete=models.CASCADE, related_name="tiers")
    computed_tier = models.CharField(_("规则判定"), max_length=8, choices=TIERS)
    reasons = models.JSONField(_("判定理由"), default=list)
    computed_at = models.DateTimeField(_("判定时间"))
    override_tier = models.CharField(_("人工调整"), max_length=8, choices=TIERS, blank=True)
    override_reason = models.TextField(_("调整理由"), blank=True)
    override_by = models.ForeignKey(
        "accounts.User",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("调整人"),
    )
    override_at = models.DateTimeField(_("调整时间"), null=True, blank=True)
    tier = models.CharField(_("名录"), max_length=8, choices=TIERS, db_index=True)

    class Meta:
        unique_together = [("enterprise", "department")]
        # A department's 重点/一般 list as an index-only scan (enterprise list, tier filter).
        indexes = [
            models.Index(
                fields=["department", "tier", "enterprise"], name="registry_tier_dept_tier_ent"
            )
        ]
        verbose_name = _("名录库")

    def __str__(self):
        return f"{self.enterprise} · {self.department.short_name} · {self.get_tier_display()}"

    @classmethod
    def scope_q(cls, user, action):
        q = super().scope_q(user, action)
        if q is not None and user.role in (Role.INSPECTOR, Role.DEPT_LEADER):
            q &= Q(department_id=user.department_id)
        return q
