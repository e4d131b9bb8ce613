"""Base classes every domain model builds on."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .scoping import RestrictedQuerySet


class RestrictedManager(models.Manager.from_queryset(RestrictedQuerySet)):
    pass


class Scoped(models.Model):
    """A model whose rows are visible per user; subclasses define `scope_q(user, action)`."""

    objects = RestrictedManager()

    class Meta:
        abstract = True

    @classmethod
    def scope_q(cls, user, action):  # pragma: no cover - each model overrides
        raise NotImplementedError(f"{cls.__name__} must define scope_q")


class Versioned(models.Model):
    """Optimistic locking: services bump `version` and refuse stale writes."""

    version = models.PositiveIntegerField(_("版本"), default=1)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        abstract = True


def scope_through(parent, lookup: str, user, action):
    """The scope of rows seen and changed with their parent record (`lookup` is the foreign
    key to it): the parent's own scope, as a subquery."""
    q = parent.scope_q(user, action)
    if q is None:
        return None
    return Q(**{f"{lookup}__in": parent.objects.filter(q).values("pk")})


class IdempotencyKey(models.Model):
    """A submitted form's one-time key: the same key again (a double click, a resent form, a
    retried sync) does not run the change twice but answers with the first result.

    Pages get a fresh key per form from app.js (hidden `_idem`); API clients send an
    `Idempotency-Key` header. Keys are per user; old ones are pruned."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=64)
    path = models.CharField(max_length=200)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    location = models.CharField(max_length=300, blank=True)  # where the first result was shown

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="core_idempotency_user_key")
        ]

    def __str__(self):
        return f"{self.user_id}:{self.key}"


class ExportJob(models.Model):
    """An export too large for a browser to wait for, run by the background worker
    (`core.exports.run_export`): its progress, and its file when done. Seen by its owner only;
    the exporter re-applies the owner's scope when it runs."""

    STATUS = [
        ("queued", _("排队中")),
        ("running", _("正在导出")),
        ("done", _("已完成")),
        ("failed", _("失败")),
    ]
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    title = models.CharField(_("导出内容"), max_length=100)
    exporter = models.CharField(max_length=200)  # dotted path of fn(user, params, file, progress)
    params = models.JSONField(default=dict, blank=True)
    filename = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    status = models.CharField(_("状态"), max_length=8, choices=STATUS, default="queued")
    total = models.PositiveIntegerField(_("总行数"), default=0)
    done = models.PositiveIntegerField(_("已导出行数"), default=0)
    error = models.TextField(_("错误"), blank=True)
    file = models.FileField(upload_to="exports/%Y/%m/", blank=True)
    task_id = models.CharField(max_length=64, blank=True)
    # the request that started it could read from the replica (core/routers.py): so may the job
    use_replica = models.BooleanField(default=False)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("导出任务")

    def __str__(self):
        return f"{self.title} ({self.status})"

    @property
    def percent(self) -> int:
        if self.status == "done":
            return 100
        return min(99, self.done * 100 // self.total) if self.total else 0

    @property
    def finished(self) -> bool:
        return self.status in ("done", "failed")
