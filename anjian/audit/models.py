import hashlib
import hmac
import json

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models

from anjian.core.models import RestrictedManager

GENESIS = "0" * 64
ALGORITHMS = ("hmac-sha256", "hmac-sm3")
LEGACY = "sha256"  # entries written before the chain was keyed (verified, reported as legacy)


def audit_key() -> bytes:
    """The HMAC key (ANJIAN_AUDIT_KEY, base64 of 32 random bytes); never stored in the database."""
    import base64
    import binascii

    raw = getattr(settings, "ANJIAN_AUDIT_KEY", None)
    if not raw:
        raise ImproperlyConfigured("ANJIAN_AUDIT_KEY is not set: the audit trail cannot be written")
    try:
        key = base64.b64decode(raw, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise ImproperlyConfigured("ANJIAN_AUDIT_KEY is not valid base64") from exc
    if len(key) < 32:
        raise ImproperlyConfigured("ANJIAN_AUDIT_KEY must hold at least 32 bytes")
    return key


def keyed_hash(alg: str, key: bytes, payload: bytes) -> str:
    if alg == "hmac-sha256":
        return hmac.new(key, payload, hashlib.sha256).hexdigest()
    if alg == "hmac-sm3":  # 国密: HMAC over SM3 (GB/T 32905), from the cryptography package
        from cryptography.hazmat.primitives import hashes
        from cryptography.hazmat.primitives import hmac as chmac

        mac = chmac.HMAC(key, hashes.SM3())
        mac.update(payload)
        return mac.finalize().hex()
    if alg == LEGACY:
        return hashlib.sha256(payload).hexdigest()
    raise ValueError(f"unknown audit algorithm {alg!r}")


class AuditEntry(models.Model):
    """One audited event. `hash` is an HMAC, keyed with ANJIAN_AUDIT_KEY, over the entry's
    fields and the previous entry's hash in the same chain.

    There is one chain per county (the first six digits of the region code the record belongs
    to, "0" for records of no county), so writers in different counties never wait for each
    other; each chain is verified and anchored on its own."""

    chain = models.CharField("审计链", max_length=12, default="0", db_index=True)
    seq = models.PositiveBigIntegerField("序号")
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
    alg = models.CharField("算法", max_length=16, default="hmac-sha256")
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    objects = RestrictedManager()

    class Meta:
        ordering = ["-at", "-seq"]
        verbose_name = "审计记录"
        constraints = [
            models.UniqueConstraint(fields=["chain", "seq"], name="audit_entry_chain_seq")
        ]

    def __str__(self):
        return (
            f"{self.chain}#{self.seq} {self.username} {self.action} {self.model}:{self.object_id}"
        )

    @classmethod
    def scope_q(cls, user, action):
        """The audit administrator (and the 安委办 of old) reads the chains of its region."""
        from django.db.models import Q

        if action != "view":
            return None
        region = getattr(user, "region", None)
        if getattr(user, "may_read_audit", False) and region is not None:
            county = region.code[:6]
            return (
                Q(chain=county) if region.level != "province" else Q(chain__startswith=county[:2])
            )
        return None

    def payload(self) -> str:
        data = {
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
        }
        if self.alg != LEGACY:
            data.update(chain=self.chain, alg=self.alg)
        return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))

    def compute_hash(self, key: bytes | None = None) -> str:
        if self.alg == LEGACY:
            return keyed_hash(LEGACY, b"", self.payload().encode("utf-8"))
        return keyed_hash(self.alg, key or audit_key(), self.payload().encode("utf-8"))


class AuditHead(models.Model):
    """One row per chain, locked while appending, so the writers of one county form one chain."""

    chain = models.CharField(max_length=12, unique=True, default="0")
    last_seq = models.PositiveBigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default=GENESIS)

    def __str__(self):
        return f"head {self.chain}#{self.last_seq}"
