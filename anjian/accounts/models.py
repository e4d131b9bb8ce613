import hashlib
import secrets

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from anjian.core.scoping import RestrictedQuerySet


class Region(models.Model):
    """行政区划 node. `code` is the 12-digit code; `prefix` its significant digits.

    A subtree is every code starting with the node's prefix (county 6, town 9, village 12
    digits), so rows that carry a region code can be scoped without joins.
    """

    LEVELS = [("county", _("区县")), ("town", _("乡镇/街道/园区")), ("village", _("村/社区"))]
    KINDS = [
        ("county", _("区县")),
        ("town", _("镇")),
        ("street", _("街道")),
        ("park", _("园区")),
        ("village", _("村")),
        ("community", _("社区")),
    ]
    code = models.CharField(_("区划代码"), max_length=12, unique=True)
    name = models.CharField(_("名称"), max_length=64)
    short_name = models.CharField(_("简称"), max_length=16, blank=True)
    level = models.CharField(_("层级"), max_length=8, choices=LEVELS)
    kind = models.CharField(_("类型"), max_length=12, choices=KINDS)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    prefix = models.CharField(max_length=12, db_index=True, editable=False)

    class Meta:
        ordering = ["code"]
        verbose_name = _("行政区划")

    def __str__(self):
        return self.name

    PREFIX_LEN = {"county": 6, "town": 9, "village": 12}

    def save(self, *args, **kwargs):
        self.prefix = self.code[: self.PREFIX_LEN[self.level]]
        super().save(*args, **kwargs)

    @property
    def town_code(self) -> str:
        return self.code[:9] + "000"


class Sector(models.Model):
    """行业领域, e.g. 危险化学品, 建筑施工. `stats_row` is its row in 统计汇总表."""

    code = models.SlugField(_("代码"), max_length=32, unique=True)
    name = models.CharField(_("行业领域"), max_length=32, unique=True)
    stats_row = models.CharField(_("统计表行"), max_length=32, blank=True)
    high_risk = models.BooleanField(_("高危行业"), default=False)

    class Meta:
        ordering = ["id"]
        verbose_name = _("行业领域")

    def __str__(self):
        return self.name


class Department(models.Model):
    name = models.CharField(_("部门名称"), max_length=64)
    short_name = models.CharField(_("简称"), max_length=16)
    code = models.SlugField(_("代码"), max_length=32)
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="departments", verbose_name=_("所属区划")
    )
    sectors = models.ManyToManyField(
        Sector, blank=True, related_name="departments", verbose_name=_("监管行业领域")
    )
    doc_prefix = models.CharField(
        _("文书简称"), max_length=16, blank=True, help_text=_("如：安居应急")
    )

    class Meta:
        ordering = ["id"]
        unique_together = [("region", "code")]
        verbose_name = _("部门")

    def __str__(self):
        return self.name


class Role(models.TextChoices):
    AWB = "awb", _("安委办")
    INSPECTOR = "inspector", _("部门执法人员")
    DEPT_LEADER = "dept_leader", _("部门负责人")
    TOWN = "town", _("镇街/园区")
    EXPERT = "expert", _("专家")
    ENTERPRISE = "enterprise", _("企业用户")


class ScopedUserManager(UserManager.from_queryset(RestrictedQuerySet)):
    pass


class User(AbstractUser):
    role = models.CharField(_("角色"), max_length=16, choices=Role.choices, default=Role.INSPECTOR)
    full_name = models.CharField(_("姓名"), max_length=32, blank=True)
    phone = models.CharField(_("手机号码"), max_length=20, blank=True)
    region = models.ForeignKey(
        Region,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
        verbose_name=_("所属区划"),
    )
    department = models.ForeignKey(
        Department,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
        verbose_name=_("所属部门"),
    )
    enterprise = models.ForeignKey(
        "registry.Enterprise",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
        verbose_name=_("所属企业"),
    )
    is_leader = models.BooleanField(_("单位负责人"), default=False)
    cert_no = models.CharField(_("执法证号"), max_length=32, blank=True)
    cert_expiry = models.DateField(_("执法证有效期至"), null=True, blank=True)
    must_change_password = models.BooleanField(_("须修改初始密码"), default=True)
    failed_logins = models.PositiveIntegerField(_("连续登录失败次数"), default=0)
    locked_until = models.DateTimeField(_("锁定至"), null=True, blank=True)
    password_changed_at = models.DateTimeField(_("密码修改时间"), null=True, blank=True)

    objects = ScopedUserManager()

    class Meta:
        verbose_name = _("用户")

    def __str__(self):
        return self.full_name or self.username

    @property
    def display_name(self) -> str:
        return self.full_name or self.username

    @property
    def is_department_staff(self) -> bool:
        return self.role in (Role.INSPECTOR, Role.DEPT_LEADER)

    @property
    def can_manage_registry(self) -> bool:
        return self.is_superuser or self.role in (
            Role.AWB,
            Role.INSPECTOR,
            Role.DEPT_LEADER,
            Role.TOWN,
        )

    @classmethod
    def scope_q(cls, user, action):
        """安委办 manages the accounts of its region; everyone else sees only themselves."""
        if user.role == Role.AWB and user.region_id:
            p = user.region.prefix
            return Q(region__code__startswith=p) | Q(department__region__code__startswith=p)
        return Q(pk=user.pk) if action == "view" else None

    def cert_valid_on(self, day) -> bool:
        return bool(self.cert_no) and self.cert_expiry is not None and self.cert_expiry >= day

    def is_locked(self, now=None) -> bool:
        return self.locked_until is not None and self.locked_until > (now or timezone.now())


class ApiToken(models.Model):
    """Personal API token; only a SHA-256 of the secret is stored."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("名称"), max_length=64, blank=True)
    prefix = models.CharField(max_length=12, db_index=True)
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("API令牌")

    def __str__(self):
        return f"{self.prefix}… ({self.user})"

    @staticmethod
    def hash(raw: str) -> str:
        return hashlib.sha256(raw.encode()).hexdigest()

    @classmethod
    def issue(cls, user, name: str = "") -> tuple["ApiToken", str]:
        raw = "aj_" + secrets.token_urlsafe(32)
        token = cls.objects.create(user=user, name=name, prefix=raw[:10], digest=cls.hash(raw))
        return token, raw
