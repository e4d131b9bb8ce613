"""T1 tips (举报): public and hotline tips, protected reporters, handling, rewards.

Scope (`Tip.scope_q`): the 安委办 of the tip's region sees and handles every tip there; a
department sees the tips assigned to it. Towns, experts and enterprise users see none — an
enterprise never sees the tips about itself. The reporter's identity is never readable through
a queryset: it is an AES-GCM ciphertext (see crypto.py), decrypted only by `services.reveal`.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from anjian.accounts.models import Role
from anjian.core.models import Scoped, Versioned

CATEGORIES = [
    ("major_hazard", "重大事故隐患"),
    ("illegal", "非法违法生产经营"),
    ("concealed", "瞒报谎报事故"),
    ("other", "其他"),
]
CHANNELS = [
    ("web", "网上举报"),
    ("hotline", "12350热线"),
    ("letter", "来信"),
    ("visit", "来访"),
    ("email", "电子邮件"),
]
STATUSES = [
    ("new", "待受理"),
    ("accepted", "待分办"),
    ("assigned", "待核查"),
    ("verifying", "核查中"),
    ("concluded", "已办结"),
    ("rejected", "不予受理"),
    ("merged", "已合并"),
]
# waiting for staff: the workbench's 待办举报 and the list's 待办 filter
TODO_STATUSES = ("new", "accepted", "assigned")
RESULTS = [("true", "属实"), ("partial", "部分属实"), ("false", "不属实")]
REWARD_STATUSES = [
    ("", "—"),
    ("proposed", "待审批"),
    ("approved", "已批准"),
    ("denied", "不予奖励"),
    ("paid", "已发放"),
]
ACCIDENT_GRADES = [
    ("一般", "一般事故"),
    ("较大", "较大事故"),
    ("重大", "重大事故"),
    ("特别重大", "特别重大事故"),
]

# Stage of each status for the handling deadlines (TipDeadline).
STAGE_OF_STATUS = {
    "new": "triage",
    "accepted": "assign",
    "assigned": "verify",
    "verifying": "verify",
}
STAGES = [
    ("triage", "受理"),
    ("assign", "分办"),
    ("verify", "核查办结"),
    ("reward_approval", "奖励审批"),
    ("payout", "奖励兑现"),
]
# Defaults, in days from entering the stage, used while no TipDeadline row overrides them:
# 受理 3 日, 分办 3 日, 核查办结 60 日, 奖励审批 15 日, 奖励兑现 15 日.
DEFAULT_DEADLINE_DAYS = {
    "triage": 3,
    "assign": 3,
    "verify": 60,
    "reward_approval": 15,
    "payout": 15,
}


class TipDeadline(models.Model):
    """Handling time limit per stage (configurable data; see DEFAULT_DEADLINE_DAYS)."""

    stage = models.CharField(_("办理环节"), max_length=16, choices=STAGES, unique=True)
    days = models.PositiveIntegerField(_("办理时限（日）"))

    class Meta:
        ordering = ["id"]
        verbose_name = _("举报办理时限")

    def __str__(self):
        return f"{self.get_stage_display()} {self.days}日"


class TipPolicy(models.Model):
    """Singleton (pk=1): when an enterprise counts as 反复举报 (seed 003 → 执法式核查)."""

    repeat_threshold = models.PositiveIntegerField(_("被举报次数达到"), default=2)
    repeat_window_days = models.PositiveIntegerField(_("统计期间（日）"), default=365)

    class Meta:
        verbose_name = _("举报处理规则")

    def __str__(self):
        return f"{self.repeat_window_days}日内被举报{self.repeat_threshold}次"

    @classmethod
    def current(cls) -> "TipPolicy":
        return cls.objects.filter(pk=1).first() or cls(pk=1)


class Tip(Scoped, Versioned):
    code = models.CharField(_("举报编号"), max_length=24, unique=True)
    secret_hash = models.CharField(_("查询密码（哈希）"), max_length=200, editable=False)
    channel = models.CharField(_("举报渠道"), max_length=8, choices=CHANNELS, default="web")
    category = models.CharField(_("举报类别"), max_length=16, choices=CATEGORIES)
    enterprise = models.ForeignKey(
        "registry.Enterprise",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="tips",
        verbose_name=_("被举报单位"),
    )
    enterprise_name = models.CharField(_("被举报单位名称"), max_length=128)
    region = models.ForeignKey(
        "accounts.Region",
        to_field="code",
        db_column="region_code",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("所在区划"),
    )
    place = models.CharField(_("地点"), max_length=200, blank=True)
    description = models.TextField(_("举报内容"))
    anonymous = models.BooleanField(_("匿名举报"), default=True)
    # AES-GCM(nonce + ciphertext) of {"name": ..., "phone": ...}; empty when anonymous.
    reporter_cipher = models.BinaryField(
        _("举报人信息（加密）"), null=True, blank=True, editable=False
    )
    received_at = models.DateTimeField(_("受理时间"), db_index=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("登记人"),
    )
    status = models.CharField(_("办理状态"), max_length=12, choices=STATUSES, default="new")
    stage_started_at = models.DateTimeField(_("本环节开始时间"))
    enforcement_check = models.BooleanField(_("执法式核查（反复举报）"), default=False)
    triage_note = models.TextField(_("受理意见（内部）"), blank=True)
    reject_reason = models.CharField(_("不予受理理由"), max_length=200, blank=True)
    department = models.ForeignKey(
        "accounts.Department",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="tips",
        verbose_name=_("承办部门"),
    )
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="handled_tips",
        verbose_name=_("承办人"),
    )
    assigned_at = models.DateTimeField(_("分办时间"), null=True, blank=True)
    result = models.CharField(_("核查结果"), max_length=8, choices=RESULTS, blank=True)
    public_reply = models.TextField(_("答复举报人"), blank=True)
    internal_note = models.TextField(_("内部核查意见"), blank=True)
    concluded_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    fine_yuan = models.PositiveIntegerField(_("罚款金额（元）"), default=0)
    concealed_deaths = models.PositiveIntegerField(_("查实瞒报死亡人数"), default=0)
    accident_grade = models.CharField(
        _("瞒报事故等级"), max_length=8, choices=ACCIDENT_GRADES, blank=True
    )
    reward_yuan = models.DecimalField(
        _("奖励金额（元）"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    reward_reasons = models.JSONField(_("奖励计算依据"), default=list, blank=True)
    reward_status = models.CharField(
        _("奖励状态"), max_length=10, choices=REWARD_STATUSES, default="", blank=True
    )
    reward_decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("奖励审批人"),
    )
    reward_decided_at = models.DateTimeField(_("奖励审批时间"), null=True, blank=True)
    reward_note = models.CharField(_("审批意见"), max_length=200, blank=True)
    paid_on = models.DateField(_("发放日期"), null=True, blank=True)
    payout_ref = models.CharField(_("发放凭证号"), max_length=64, blank=True)
    inspection = models.ForeignKey(
        "inspections.Inspection",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("举报核查检查记录"),
    )
    master = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="duplicates",
        verbose_name=_("合并至"),
    )

    class Meta:
        ordering = ["-received_at", "-id"]
        verbose_name = _("举报")
        indexes = [models.Index(fields=["enterprise", "received_at"])]

    def __str__(self):
        # Never include anything about the reporter here: it ends up in audit entries and logs.
        return f"举报 {self.code}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("tips:detail", args=[self.pk])

    @property
    def stage(self) -> str | None:
        if self.status in STAGE_OF_STATUS:
            return STAGE_OF_STATUS[self.status]
        if self.reward_status == "proposed":
            return "reward_approval"
        if self.reward_status == "approved":
            return "payout"
        return None

    @property
    def has_identity(self) -> bool:
        return bool(self.reporter_cipher)

    @classmethod
    def scope_q(cls, user, action):
        if user.role == Role.AWB and user.region_id:
            return Q(region__code__startswith=user.region.prefix)
        if user.role in (Role.INSPECTOR, Role.DEPT_LEADER) and user.department_id:
            if action in ("view", "change"):
                return Q(department_id=user.department_id)
        return None


def attachment_path(instance, filename):
    return f"tips/{instance.tip.code}/{instance.sha256[:16]}{instance.extension}"


class TipAttachment(Scoped):
    """Photo or PDF sent with a tip (JPEG/PNG/PDF, checked by magic bytes)."""

    tip = models.ForeignKey(Tip, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("文件"), upload_to=attachment_path)
    content_type = models.CharField(_("类型"), max_length=32)
    size = models.PositiveIntegerField(_("大小"))
    sha256 = models.CharField(max_length=64)

    class Meta:
        ordering = ["id"]
        verbose_name = _("举报附件")

    def __str__(self):
        return f"附件 {self.pk}"

    @property
    def extension(self) -> str:
        return {"image/jpeg": ".jpg", "image/png": ".png", "application/pdf": ".pdf"}.get(
            self.content_type, ".bin"
        )

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")

    @classmethod
    def scope_q(cls, user, action):
        q = Tip.scope_q(user, action)
        return None if q is None else Q(tip__in=Tip.objects.filter(q).values("pk"))


class TipEvent(models.Model):
    """Progress entries. `public` ones are shown to the reporter; never names of anyone."""

    tip = models.ForeignKey(Tip, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(_("时间"))
    text = models.CharField(_("进展"), max_length=200)
    public = models.BooleanField(_("举报人可见"), default=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("举报办理进展")

    def __str__(self):
        return self.text
