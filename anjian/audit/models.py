import hashlib
import json

from django.conf import settings
from django.db import models


class AuditEntry(models.Model):
    """One audited event. `hash` covers the entry's fields and the previous entry's hash."""

    seq = models.PositiveBigIntegerField("序号", unique=True)
    at = models.DateTimeField("时间", db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    username = models.CharField("用户名", max_length=150, blank=True)
    ip = models.CharField("来源地址", max_length=64, blank=True)
    action = models.CharField("操作", max_length=64, db_index=True)
    model = models.CharField("对象类型", max_length=64, blank=True, db_index=True)
    object_id = models.CharField("对象编号", max_length=64, blank=True, db_index=True)
    object_repr = models.CharField("对象", max_length=200, blank=True)
    before = models.JSONField("修改前", null=True, blank=True)
    after = models.JSONField("修改后", null=True, blank=True)
    note = models.TextField("说明", blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    class Meta:
        ordering = ["-seq"]
        verbose_name = "审计记录"

    def __str__(self):
        return f"#{self.seq} {self.username} {self.action} {self.model}:{self.object_id}"

    def payload(self) -> str:
        return json.dumps(
            {
                "seq": self.seq,
                "at": self.at.isoformat(),
                "user": self.user_id,
                "username": self.username,
                "ip": self.ip,
                "action": self.action,
                "model": self.model,
                "object_id": self.object_id,
                "object_repr": self.object_repr,
                "before": self.before,
                "after": self.after,
                "note": self.note,
                "prev_hash": self.prev_hash,
            },
            ensure_ascii=False,
            sort_keys=True,
            separators=(",", ":"),
        )

    def compute_hash(self) -> str:
        return hashlib.sha256(self.payload().encode("utf-8")).hexdigest()


class AuditHead(models.Model):
    """Single row locked while appending, so concurrent writers form one chain."""

    last_seq = models.PositiveBigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default="0" * 64)

    def __str__(self):
        return f"head #{self.last_seq}"
