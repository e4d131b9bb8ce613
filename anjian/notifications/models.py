"""P3 reminders: one row per (recipient, reminder key); the key makes `anjian tick` idempotent."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from anjian.core.models import Scoped
from anjian.core.scoping import RestrictedQuerySet


class NotificationQuerySet(RestrictedQuerySet):
    def unread(self):
        return self.filter(read_at__isnull=True)


class NotificationManager(models.Manager.from_queryset(NotificationQuerySet)):
    pass


class Notification(Scoped):
    KINDS = [
        ("hazard_due", "隐患整改即将到期"),
        ("hazard_overdue", "隐患整改逾期"),
        ("task_due", "工作任务即将到期"),
        ("task_overdue", "工作任务逾期"),
        ("supervision", "督办"),
        ("report_due", "报送即将到期"),
        ("report_overdue", "报送逾期"),
        ("licence_expiring", "证照即将到期"),
        ("licence_expired", "证照已过期"),
        ("person_cert", "人员证书到期"),
        ("inspector_cert", "执法证到期"),
        ("duty_quota", "三个责任人履职提醒"),
        ("other", "其他"),
    ]
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField("类型", max_length=20, choices=KINDS)
    key = models.CharField("提醒键", max_length=120)
    title = models.CharField("标题", max_length=200)
    body = models.TextField("内容", blank=True)
    url = models.CharField("链接", max_length=200, blank=True)
    due = models.DateField("到期日", null=True, blank=True)
    created_at = models.DateTimeField("提醒时间", auto_now_add=True)
    read_at = models.DateTimeField("已读时间", null=True, blank=True)
    emailed_at = models.DateTimeField("邮件发送时间", null=True, blank=True)
    email_error = models.CharField("邮件发送错误", max_length=200, blank=True)

    objects = NotificationManager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "消息提醒"
        constraints = [
            models.UniqueConstraint(fields=["recipient", "key"], name="notification_once_per_key")
        ]
        indexes = [models.Index(fields=["recipient", "read_at"])]

    def __str__(self):
        return self.title

    @classmethod
    def scope_q(cls, user, action):
        # Everyone sees and marks only their own inbox.
        if action in ("view", "change"):
            return Q(recipient_id=user.pk)
        return None


class TickRun(models.Model):
    """One row per day the daily job ran (the background ticker checks it)."""

    day = models.DateField("日期", unique=True)
    started_at = models.DateTimeField("开始时间", auto_now_add=True)
    finished_at = models.DateTimeField("结束时间", null=True, blank=True)
    created = models.PositiveIntegerField("新提醒数", default=0)
    emailed = models.PositiveIntegerField("发送邮件数", default=0)

    class Meta:
        ordering = ["-day"]
        verbose_name = "每日提醒运行记录"

    def __str__(self):
        return str(self.day)
