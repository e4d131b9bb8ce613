"""Append to and verify the audit chain."""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from anjian.core.context import current_meta

from .models import AuditEntry, AuditHead

GENESIS = "0" * 64


def record(actor, action: str, obj=None, *, before=None, after=None, note: str = "", username=None):
    """Write one audit entry in the caller's transaction (or its own)."""
    meta = current_meta()
    with transaction.atomic():
        head, _ = AuditHead.objects.select_for_update().get_or_create(pk=1)
        # Re-read under the lock (get_or_create may return a stale instance on SQLite).
        head = AuditHead.objects.select_for_update().get(pk=1)
        user = actor if getattr(actor, "is_authenticated", False) else None
        entry = AuditEntry(
            seq=head.last_seq + 1,
            at=timezone.now(),
            user=user,
            username=username if username is not None else (getattr(user, "username", "") or ""),
            ip=meta.ip,
            action=action,
            model=obj._meta.label_lower if obj is not None else "",
            object_id=str(obj.pk) if obj is not None else "",
            object_repr=str(obj)[:200] if obj is not None else "",
            before=before,
            after=after,
            note=note,
            prev_hash=head.last_hash,
        )
        entry.hash = entry.compute_hash()
        entry.save()
        head.last_seq = entry.seq
        head.last_hash = entry.hash
        head.save(update_fields=["last_seq", "last_hash"])
        return entry


@dataclass
class VerifyResult:
    ok: bool
    checked: int
    problems: list[str]


def verify(batch: int = 5000) -> VerifyResult:
    """Recompute every hash and link; report edited, inserted or deleted entries."""
    problems: list[str] = []
    prev_hash = GENESIS
    expected_seq = 1
    checked = 0
    last_seq = 0
    qs = AuditEntry.objects.order_by("seq")
    for entry in qs.iterator(chunk_size=batch):
        checked += 1
        if entry.seq != expected_seq:
            problems.append(f"序号 {expected_seq}–{entry.seq - 1} 的记录缺失（已被删除）")
        if entry.prev_hash != prev_hash:
            problems.append(f"记录 #{entry.seq} 与前一条记录的链接不符")
        if entry.compute_hash() != entry.hash:
            problems.append(f"记录 #{entry.seq} 的内容已被修改（哈希不符）")
        prev_hash = entry.hash
        expected_seq = entry.seq + 1
        last_seq = entry.seq
    head = AuditHead.objects.filter(pk=1).first()
    if head and (head.last_seq != last_seq or head.last_hash != prev_hash):
        problems.append(
            f"链尾不符：应为 #{head.last_seq}，实际最后一条为 #{last_seq}（末尾记录被删除？）"
        )
    return VerifyResult(ok=not problems, checked=checked, problems=problems)


def record_many(actor, action: str, objects, *, after_of=None, note: str = "") -> int:
    """Append one entry per object under a single lock (bulk imports)."""
    meta = current_meta()
    with transaction.atomic():
        AuditHead.objects.get_or_create(pk=1)
        head = AuditHead.objects.select_for_update().get(pk=1)
        user = actor if getattr(actor, "is_authenticated", False) else None
        seq, prev, now, entries = head.last_seq, head.last_hash, timezone.now(), []
        for obj in objects:
            seq += 1
            e = AuditEntry(
                seq=seq,
                at=now,
                user=user,
                username=getattr(user, "username", "") or "",
                ip=meta.ip,
                action=action,
                model=obj._meta.label_lower,
                object_id=str(obj.pk),
                object_repr=str(obj)[:200],
                before=None,
                after=after_of(obj) if after_of else None,
                note=note,
                prev_hash=prev,
            )
            e.hash = e.compute_hash()
            prev = e.hash
            entries.append(e)
        AuditEntry.objects.bulk_create(entries, batch_size=500)
        head.last_seq, head.last_hash = seq, prev
        head.save(update_fields=["last_seq", "last_hash"])
        return len(entries)
