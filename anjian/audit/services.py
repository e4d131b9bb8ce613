"""Append to, verify and anchor the audit chains.

Each county's records form one chain of HMACs keyed with ANJIAN_AUDIT_KEY (a secret outside
the database): whoever can write the database but does not hold the key cannot re-chain an
edited or truncated trail. `anchor()` writes each chain's head to an append-only file outside
the database (ANJIAN_AUDIT_ANCHORS) or prints it for a second system, so that even a holder of
the key cannot rewrite what was anchored without `verify()` noticing.
"""

import json
import os
from dataclasses import dataclass, field

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from anjian.core.context import current_meta

from .models import GENESIS, LEGACY, AuditEntry, AuditHead, audit_key

GLOBAL_CHAIN = "0"


def algorithm() -> str:
    alg = getattr(settings, "ANJIAN_AUDIT_ALGORITHM", "hmac-sha256") or "hmac-sha256"
    if alg not in ("hmac-sha256", "hmac-sm3"):
        raise ValueError(f"ANJIAN_AUDIT_ALGORITHM must be hmac-sha256 or hmac-sm3, not {alg!r}")
    return alg


def _county(code) -> str | None:
    code = str(code or "")
    return code[:6] if len(code) >= 6 and code[:6].isdigit() else None


def chain_for(obj=None, actor=None) -> str:
    """The county whose chain records this event: the record's region code, else the actor's."""
    for attr in ("region_code", "region_id"):
        found = _county(getattr(obj, attr, None)) if obj is not None else None
        if found:
            return found
    dept_region = getattr(getattr(obj, "department", None), "region_id", None) if obj else None
    if _county(dept_region):
        return _county(dept_region)
    if actor is not None and getattr(actor, "is_authenticated", False):
        found = _county(actor.region_id) or (
            _county(actor.department.region_id) if actor.department_id else None
        )
        if found:
            return found
    return GLOBAL_CHAIN


def _head(chain: str) -> AuditHead:
    """The chain's head, locked for this transaction (created on the chain's first entry)."""
    try:
        with transaction.atomic():
            head, _ = AuditHead.objects.select_for_update().get_or_create(chain=chain)
    except IntegrityError:  # another writer created it first: wait for its lock
        head = AuditHead.objects.select_for_update().get(chain=chain)
    return AuditHead.objects.select_for_update().get(pk=head.pk)


def _entry(head, seq, actor, action, obj, *, before, after, note, username, at, alg, key, meta):
    user = actor if getattr(actor, "is_authenticated", False) else None
    entry = AuditEntry(
        chain=head.chain,
        seq=seq,
        at=at,
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
        alg=alg,
        prev_hash=head.last_hash,
    )
    entry.hash = entry.compute_hash(key)
    head.last_seq, head.last_hash = seq, entry.hash
    return entry


def record(
    actor, action: str, obj=None, *, before=None, after=None, note: str = "", username=None,
    chain: str | None = None,
):  # fmt: skip
    """Write one audit entry in the caller's transaction (or its own)."""
    key, alg, meta = audit_key(), algorithm(), current_meta()
    with transaction.atomic():
        head = _head(chain or chain_for(obj, actor))
        entry = _entry(
            head, head.last_seq + 1, actor, action, obj, before=before, after=after, note=note,
            username=username, at=timezone.now(), alg=alg, key=key, meta=meta,
        )  # fmt: skip
        entry.save()
        head.save(update_fields=["last_seq", "last_hash"])
        return entry


def record_many(actor, action: str, objects, *, after_of=None, note: str = "") -> int:
    """Append one entry per object, each to its county's chain, locking each head once."""
    key, alg, meta, now = audit_key(), algorithm(), current_meta(), timezone.now()
    objects = list(objects)
    by_chain: dict[str, list] = {}
    for obj in objects:
        by_chain.setdefault(chain_for(obj, actor), []).append(obj)
    with transaction.atomic():
        for chain in sorted(by_chain):  # a fixed order: two bulk writers never deadlock
            head, entries = _head(chain), []
            for obj in by_chain[chain]:
                entries.append(
                    _entry(
                        head,
                        head.last_seq + 1,
                        actor,
                        action,
                        obj,
                        before=None,
                        after=after_of(obj) if after_of else None,
                        note=note,
                        username=None,
                        at=now,
                        alg=alg,
                        key=key,
                        meta=meta,
                    )  # fmt: skip
                )
            AuditEntry.objects.bulk_create(entries, batch_size=500)
            head.save(update_fields=["last_seq", "last_hash"])
    return len(objects)


@dataclass
class VerifyResult:
    ok: bool
    checked: int
    problems: list[str]
    chains: dict[str, int] = field(default_factory=dict)
    legacy: int = 0
    anchors: int = 0


def read_anchors(path=None) -> list[dict]:
    path = path or getattr(settings, "ANJIAN_AUDIT_ANCHORS", None)
    if not path or not os.path.exists(path):
        return []
    out = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, start=1):
            line = line.strip()
            if line:
                try:
                    out.append({**json.loads(line), "_line": n})
                except ValueError:
                    out.append({"_line": n, "_bad": line[:80]})
    return out


def verify(batch: int = 5000, anchors: list[dict] | None = None) -> VerifyResult:
    """Recompute every HMAC and link of every chain and hold the chains against the anchors;
    report edited, inserted, deleted or re-chained entries and a truncated tail."""
    key = audit_key()
    problems: list[str] = []
    chains: dict[str, int] = {}
    last: dict[str, tuple[int, str]] = {}
    checked = legacy = 0
    keyed_seen: dict[str, bool] = {}
    for chain in AuditEntry.objects.order_by().values_list("chain", flat=True).distinct():
        prev_hash, expected_seq = GENESIS, 1
        for entry in AuditEntry.objects.filter(chain=chain).order_by("seq").iterator(batch):
            checked += 1
            chains[chain] = chains.get(chain, 0) + 1
            where = f"{chain}#{entry.seq}"
            if entry.seq != expected_seq:
                problems.append(
                    f"审计链 {chain} 序号 {expected_seq}–{entry.seq - 1} 的记录缺失（已被删除）"
                )
            if entry.prev_hash != prev_hash:
                problems.append(f"记录 {where} 与前一条记录的链接不符")
            if entry.alg == LEGACY:
                legacy += 1
                if keyed_seen.get(chain):
                    problems.append(f"记录 {where} 未加密钥签名，却位于已签名记录之后（伪造）")
            else:
                keyed_seen[chain] = True
            if entry.compute_hash(key) != entry.hash:
                problems.append(f"记录 {where} 的内容已被修改或重新计算（签名不符）")
            prev_hash, expected_seq = entry.hash, entry.seq + 1
        last[chain] = (expected_seq - 1, prev_hash)
    for head in AuditHead.objects.all():
        seq, h = last.get(head.chain, (0, GENESIS))
        if head.last_seq != seq or head.last_hash != h:
            problems.append(
                f"审计链 {head.chain} 链尾不符：应为 #{head.last_seq}，实际最后一条为 #{seq}"
                "（末尾记录被删除？）"
            )
    anchors = read_anchors() if anchors is None else anchors
    for a in anchors:
        if "_bad" in a:
            problems.append(f"锚点文件第 {a['_line']} 行无法读取")
            continue
        chain, seq, h = str(a.get("chain")), int(a.get("seq", 0)), a.get("hash")
        entry = AuditEntry.objects.filter(chain=chain, seq=seq).only("hash").first()
        if entry is None:
            problems.append(
                f"锚点 {chain}#{seq}（{a.get('at', '')}）之前的记录已不存在（审计链被截断）"
            )
        elif entry.hash != h:
            problems.append(f"锚点 {chain}#{seq} 与记录不符（审计链被重写）")
    return VerifyResult(
        ok=not problems, checked=checked, problems=problems, chains=chains, legacy=legacy,
        anchors=len(anchors),
    )  # fmt: skip


def heads() -> list[dict]:
    return [
        {"chain": h.chain, "seq": h.last_seq, "hash": h.last_hash}
        for h in AuditHead.objects.order_by("chain")
        if h.last_seq
    ]


def anchor(path=None) -> list[dict]:
    """Append every chain's head to the anchors file (created 0600, opened append-only)."""
    now = timezone.now().isoformat()
    lines = [{**h, "at": now} for h in heads()]
    path = path or getattr(settings, "ANJIAN_AUDIT_ANCHORS", None)
    if path and lines:
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        with os.fdopen(fd, "a", encoding="utf-8") as f:
            for line in lines:
                f.write(json.dumps(line, ensure_ascii=False, sort_keys=True) + "\n")
    return lines
