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


# A department's particulars its enforcement documents print (issuer, remedies, payment).
AUTHORITY_FIELDS = [
    "full_name",
    "review_body",
    "court",
    "address",
    "postcode",
    "phone",
    "bank_name",
    "bank_account_name",
    "bank_account",
]


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
    # As the department's enforcement documents state it (issuer, remedies, payment).
    full_name = models.CharField(
        _("机关全称"), max_length=64, blank=True, help_text=_("如：遂宁市安居区应急管理局")
    )
    review_body = models.CharField(
        _("行政复议机关"), max_length=64, blank=True, help_text=_("如：遂宁市安居区人民政府")
    )
    court = models.CharField(
        _("管辖人民法院"), max_length=64, blank=True, help_text=_("如：遂宁市安居区人民法院")
    )
    address = models.CharField(_("机关地址"), max_length=128, blank=True)
    postcode = models.CharField(_("邮政编码"), max_length=6, blank=True)
    phone = models.CharField(_("联系电话"), max_length=32, blank=True)
    bank_name = models.CharField(_("罚款代收银行"), max_length=64, blank=True)
    bank_account_name = models.CharField(_("收款账户名称"), max_length=64, blank=True)
    bank_account = models.CharField(_("收款账号"), max_length=40, blank=True)

    objects = models.Manager.from_queryset(RestrictedQuerySet)()

    class Meta:
        ordering = ["id"]
        unique_together = [("region", "code")]
        verbose_name = _("部门")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("accounts:departments")

    def sector_ids(self) -> list[int]:
        """The ids of the sectors it supervises, read once per instance: `request.user` is
        loaded once per request, so a request's scoping asks the database once, not once per
        scoped query (the workbench asked five times)."""
        cached = self.__dict__.get("_sector_ids")
        if cached is None:
            prefetched = getattr(self, "_prefetched_objects_cache", {}).get("sectors")
            cached = (
                sorted(s.id for s in prefetched)
                if prefetched is not None
                else list(self.sectors.order_by("id").values_list("id", flat=True))
            )
            self.__dict__["_sector_ids"] = cached
        return cached

    @classmethod
    def scope_q(cls, user, action):
        """The 安委办 (its system administrator for changes) sees its region's departments;
        department staff their own."""
        if user.role == "awb" and user.region_id and (action == "view" or user.is_system_admin):
            return Q(region__code__startswith=user.region.prefix)
        if user.department_id and action == "view":
            return Q(pk=user.department_id)
        return None


class Role(models.TextChoices):
    AWB = "awb", _("安委办")
    INSPECTOR = "inspector", _("部门执法人员")
    DEPT_LEADER = "dept_leader", _("部门负责人")
    TOWN = "town", _("镇街/园区")
    EXPERT = "expert", _("专家")
    ENTERPRISE = "enterprise", _("企业用户")


class AdminDuty(models.TextChoices):
    """三员分立 (等保三级): three administrators, each with one duty and none of the others'."""

    NONE = "", _("无")
    SYSTEM = "system", _("系统管理员")
    SECURITY = "security", _("安全管理员")
    AUDIT = "audit", _("审计管理员")


class ScopedUserManager(UserManager.from_queryset(RestrictedQuerySet)):
    def get_by_natural_key(self, username):
        """Usernames are case-insensitive: `YJJ1` is `yjj1` (and cannot be registered twice)."""
        return self.get(**{f"{self.model.USERNAME_FIELD}__iexact": username})


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
    admin_duty = models.CharField(
        _("管理员职责"), max_length=8, choices=AdminDuty.choices, default="", blank=True
    )
    may_reveal_reporters = models.BooleanField(
        _("举报人身份查看权"),
        default=False,
        help_text=_("经安全管理员审批授予；查看举报人身份时逐次记录审计日志"),
    )
    cert_no = models.CharField(_("执法证号"), max_length=32, blank=True)
    cert_expiry = models.DateField(_("执法证有效期至"), null=True, blank=True)
    must_change_password = models.BooleanField(_("须修改初始密码"), default=True)
    failed_logins = models.PositiveIntegerField(_("连续登录失败次数"), default=0)
    locked_until = models.DateTimeField(_("锁定至"), null=True, blank=True)
    password_changed_at = models.DateTimeField(_("密码修改时间"), null=True, blank=True)

    objects = ScopedUserManager()

    class Meta:
        verbose_name = _("用户")
        constraints = [
            models.UniqueConstraint(
                models.functions.Lower("username"), name="accounts_user_username_ci"
            )
        ]

    def __str__(self):
        return self.full_name or self.username

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("accounts:user_edit", args=[self.pk])

    @property
    def display_name(self) -> str:
        return self.full_name or self.username

    @property
    def is_system_admin(self) -> bool:
        """Manages accounts and departments of its region (not rights, not the audit)."""
        return self.is_superuser or (self.role == Role.AWB and self.admin_duty == AdminDuty.SYSTEM)

    @property
    def is_security_admin(self) -> bool:
        """Approves grants of rights and password resets requested by someone else."""
        return self.is_superuser or (
            self.role == Role.AWB and self.admin_duty == AdminDuty.SECURITY
        )

    @property
    def may_read_audit(self) -> bool:
        """The audit administrator reads and verifies the audit trail of its region."""
        return self.is_superuser or (self.role == Role.AWB and self.admin_duty == AdminDuty.AUDIT)

    def password_expired(self, now=None) -> bool:
        from django.conf import settings

        days = getattr(settings, "ANJIAN_PASSWORD_MAX_AGE_DAYS", 0)
        if not days or self.password_changed_at is None:
            return False
        return (now or timezone.now()) - self.password_changed_at > timezone.timedelta(days=days)

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
    """Personal API token; only a SHA-256 of the secret is stored.

    A token works only while it is unexpired and unrevoked and its user could log in: active,
    not locked, no password change pending (forced or expired). A password reset revokes all
    of the user's tokens."""

    DEFAULT_DAYS = 90
    MAX_DAYS = 365

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("名称"), max_length=64, blank=True)
    prefix = models.CharField(_("前缀"), max_length=12, db_index=True)
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    expires_at = models.DateTimeField(_("有效期至"), null=True)
    last_used_at = models.DateTimeField(_("最近使用"), null=True, blank=True)
    revoked = models.BooleanField(_("已吊销"), default=False)
    revoked_at = models.DateTimeField(_("吊销时间"), null=True, blank=True)

    objects = models.Manager.from_queryset(RestrictedQuerySet)()

    class Meta:
        verbose_name = _("API令牌")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.name or self.prefix}…（{self.user}）"

    @staticmethod
    def hash(raw: str) -> str:
        return hashlib.sha256(raw.encode()).hexdigest()

    @classmethod
    def issue(cls, user, name: str = "", days: int | None = None) -> tuple["ApiToken", str]:
        raw = "aj_" + secrets.token_urlsafe(32)
        days = min(max(int(days or cls.DEFAULT_DAYS), 1), cls.MAX_DAYS)
        token = cls.objects.create(
            user=user,
            name=name,
            prefix=raw[:10],
            digest=cls.hash(raw),
            expires_at=timezone.now() + timezone.timedelta(days=days),
        )
        return token, raw

    @classmethod
    def scope_q(cls, user, action):
        """Own tokens; the security administrator also those of its region's users."""
        if user.is_security_admin and user.region_id:
            p = user.region.prefix
            return (
                Q(user=user)
                | Q(user__region__code__startswith=p)
                | Q(user__department__region__code__startswith=p)
            )
        return Q(user=user)

    def status(self, now=None) -> str:
        now = now or timezone.now()
        if self.revoked:
            return "revoked"
        if self.expires_at is not None and self.expires_at <= now:
            return "expired"
        return "active"

    def refusal(self, now=None) -> str | None:
        """Why the token cannot authenticate now (None: it can)."""
        now = now or timezone.now()
        u = self.user
        if self.status(now) != "active":
            return "revoked or expired"
        if not u.is_active or u.is_locked(now):
            return "user inactive or locked"
        if u.must_change_password or u.password_expired(now):
            return "password change pending"
        return None


class PasswordHistory(models.Model):
    """The hashes of a user's recent passwords (none may be reused: last 5)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="password_history")
    password = models.CharField(max_length=128)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.user_id} @ {self.created_at:%Y-%m-%d}"


class PrivilegeRequest(models.Model):
    """A change of rights that takes a second person: requested by one administrator,
    approved or refused by a security administrator who is neither the requester nor the
    person concerned (三员分立, 双人审批)."""

    KINDS = [
        ("reveal", _("授予/收回举报人身份查看权")),
        ("leader", _("设置/取消单位负责人")),
        ("admin_duty", _("设置管理员职责")),
        ("reset_password", _("重置密码")),
    ]
    STATUS = [
        ("pending", _("待审批")),
        ("approved", _("已批准")),
        ("rejected", _("已驳回")),
        ("cancelled", _("已撤回")),
    ]
    kind = models.CharField(_("事项"), max_length=16, choices=KINDS)
    target = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="privilege_requests", verbose_name=_("对象")
    )
    value = models.CharField(_("变更为"), max_length=16, blank=True)
    reason = models.CharField(_("理由"), max_length=200)
    requested_by = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", verbose_name=_("申请人")
    )
    requested_at = models.DateTimeField(_("申请时间"), auto_now_add=True)
    status = models.CharField(_("状态"), max_length=12, choices=STATUS, default="pending")
    decided_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("审批人"),
    )  # fmt: skip
    decided_at = models.DateTimeField(_("审批时间"), null=True, blank=True)
    decision_note = models.CharField(_("审批意见"), max_length=200, blank=True)

    objects = models.Manager.from_queryset(RestrictedQuerySet)()

    class Meta:
        ordering = ["status", "-requested_at"]
        verbose_name = _("权限变更申请")

    def __str__(self):
        return f"{self.get_kind_display()} · {self.target}"

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("accounts:privileges")

    @classmethod
    def scope_q(cls, user, action):
        """System and security administrators see the requests about users of their region."""
        if (user.is_system_admin or user.is_security_admin) and user.region_id:
            p = user.region.prefix
            return Q(target__region__code__startswith=p) | Q(
                target__department__region__code__startswith=p
            )
        return None

    def describe_value(self) -> str:
        if self.kind == "reveal":
            return str(_("授予")) if self.value == "1" else str(_("收回"))
        if self.kind == "leader":
            return str(_("设为负责人")) if self.value == "1" else str(_("取消负责人"))
        if self.kind == "admin_duty":
            return str(dict(AdminDuty.choices).get(self.value, self.value))
        return ""


class Signature(models.Model):
    """One signer's signature on one record (谁检查、谁签名、谁负责): every signer signs for
    himself, and a typed name is never a signature.

    * `account` — the signer is the authenticated user of the request (his session, or his
      token on the API);
    * `password` / `token` — a colleague signing on the same device confirms with his own
      password (or, on the API, his own token);
    * `device` — someone without an account here (an enterprise's representative, a town's
      配合人员) signs by hand on the inspector's device: the drawn PNG together with his name,
      his 居民身份证 number (checksum verified) and the time.

    `content_sha256` is the SHA-256 of the canonical serialisation of the signed record as it
    was when signed (`anjian.accounts.signatures.content_hash`); it is printed on the document.
    The target is any record (inspection, amendment, transfer, document…)."""

    METHODS = [
        ("account", "本人账号"),
        ("password", "本人密码确认"),
        ("token", "本人API令牌"),
        ("device", "现场手写签名"),
    ]
    ROLES = [
        ("inspector", "执法人员"),
        ("enterprise", "被检查单位现场负责人"),
        ("team", "区执法组人员"),
        ("local", "镇街配合人员"),
        ("party", "当事人"),
    ]
    target_type = models.ForeignKey(
        "contenttypes.ContentType", on_delete=models.PROTECT, related_name="+"
    )
    target_id = models.PositiveBigIntegerField(db_index=True)
    role = models.CharField(_("身份"), max_length=12, choices=ROLES)
    method = models.CharField(_("签名方式"), max_length=10, choices=METHODS)
    user = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="signatures"
    )
    name = models.CharField(_("签名人"), max_length=32)
    id_number = models.CharField(_("身份证号"), max_length=18, blank=True)
    organisation = models.CharField(_("所在单位"), max_length=128, blank=True)
    png = models.BinaryField(_("签名图像"), blank=True, default=b"")
    sha256 = models.CharField(_("签名图像摘要"), max_length=64, blank=True)
    content_sha256 = models.CharField(_("签署内容摘要（SHA-256）"), max_length=64)
    signed_at = models.DateTimeField(_("签名时间"), default=timezone.now)
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["target_type", "target_id", "role", "id"]
        indexes = [models.Index(fields=["target_type", "target_id"])]
        verbose_name = _("签名")

    def __str__(self):
        return f"{self.get_role_display()} {self.name}"

    @property
    def data_url(self) -> str:
        import base64

        png = bytes(self.png or b"")
        return "data:image/png;base64," + base64.b64encode(png).decode() if png else ""

    @property
    def id_masked(self) -> str:
        """The ID number as printed: the birth date hidden."""
        n = self.id_number
        return f"{n[:6]}********{n[-4:]}" if len(n) == 18 else ""

    @staticmethod
    def digest(png: bytes) -> str:
        return hashlib.sha256(bytes(png)).hexdigest()
