"""P2: the audit chain detects an edited, inserted or deleted entry."""

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from anjian.audit.models import AuditEntry
from anjian.audit.services import record, verify
from anjian.registry import services


def _some_entries(world):
    for n in (81, 82, 83):
        services.update_enterprise(world.awb, world.chem, expected_version=n - 80, employees=n)


def test_intact_chain_verifies(world, capsys):
    _some_entries(world)
    call_command("audit-verify")
    assert "校验通过" in capsys.readouterr().out


def test_edited_entry_detected(world):
    _some_entries(world)
    entry = AuditEntry.objects.filter(action="enterprise.update").order_by("seq")[1]
    AuditEntry.objects.filter(pk=entry.pk).update(after={**entry.after, "employees": 1})
    result = verify()
    assert not result.ok and any(f"#{entry.seq}" in p and "修改" in p for p in result.problems)
    with pytest.raises(CommandError):
        call_command("audit-verify")


def test_deleted_entry_detected(world):
    _some_entries(world)
    entry = AuditEntry.objects.order_by("seq")[1]
    entry.delete()
    assert not verify().ok


def test_deleted_last_entry_detected(world):
    _some_entries(world)
    AuditEntry.objects.order_by("-seq").first().delete()
    assert not verify().ok


def test_rehashed_forgery_detected(world):
    """Editing an entry and recomputing its own hash still breaks the next link."""
    _some_entries(world)
    entry = AuditEntry.objects.order_by("seq")[2]
    entry.note = "forged"
    entry.hash = entry.compute_hash()
    entry.save()
    assert not verify().ok


def test_only_the_audit_administrator_browses_audit(world):
    """三员分立 (issue 14): the audit trail is the audit administrator's, not the system's."""
    record(world.awb, "test.event", world.chem)
    c = Client()
    for someone in (world.inspector, world.awb, world.secadmin):
        c.force_login(someone)
        assert c.get("/audit/").status_code == 403
    c.force_login(world.auditor)
    assert "test.event" in c.get("/audit/").content.decode()


# ---------------------------------------------------------------- issue 14: keyed, anchored


def _rechain(chain: str, hasher):
    """What an attacker with write access to the database does after deleting an entry:
    renumber and recompute every hash and link of the chain, and fix the head."""
    from anjian.audit.models import GENESIS, AuditHead

    prev, seq = GENESIS, 0
    for e in AuditEntry.objects.filter(chain=chain).order_by("seq"):
        seq += 1
        AuditEntry.objects.filter(pk=e.pk).update(seq=seq + 100000)
        e.seq, e.prev_hash = seq, prev
        e.hash = hasher(e)
        AuditEntry.objects.filter(pk=e.pk).update(seq=seq, prev_hash=prev, hash=e.hash)
        prev = e.hash
    AuditHead.objects.filter(chain=chain).update(last_seq=seq, last_hash=prev)


def test_rechained_trail_without_the_key_is_reported(world):
    """Delete an entry, re-hash the rest with plain SHA-256: audit-verify fails (issue 14)."""
    import hashlib

    _some_entries(world)
    victim = AuditEntry.objects.filter(action="enterprise.update").order_by("seq")[1]
    chain = victim.chain
    victim.delete()
    _rechain(chain, lambda e: hashlib.sha256(e.payload().encode()).hexdigest())
    result = verify(anchors=[])
    assert not result.ok and any("签名不符" in p for p in result.problems)
    with pytest.raises(CommandError):
        call_command("audit-verify")


def test_rechained_trail_with_the_key_is_caught_by_the_anchors(world, tmp_path):
    """Even a holder of the key cannot rewrite what was anchored outside the database."""
    _some_entries(world)
    anchors = tmp_path / "anchors.jsonl"
    from anjian.audit.services import anchor, read_anchors

    anchor(str(anchors))
    assert verify(anchors=read_anchors(str(anchors))).ok
    victim = AuditEntry.objects.filter(action="enterprise.update").order_by("seq")[1]
    chain = victim.chain
    victim.delete()
    _rechain(chain, lambda e: e.compute_hash())
    assert verify(anchors=[]).ok  # the keyed chain alone looks intact...
    result = verify(anchors=read_anchors(str(anchors)))
    assert not result.ok  # ...but not against its anchor
    assert any("锚点" in p for p in result.problems)


def test_truncated_trail_is_caught_by_the_anchors(world, tmp_path, settings):
    _some_entries(world)
    settings.ANJIAN_AUDIT_ANCHORS = str(tmp_path / "anchors.jsonl")
    call_command("audit-anchor")
    from anjian.audit.models import AuditHead

    last = AuditEntry.objects.filter(chain="510904").order_by("-seq").first()
    last.delete()
    AuditHead.objects.filter(chain="510904").update(last_seq=last.seq - 1, last_hash=last.prev_hash)
    result = verify()
    assert not result.ok and any("截断" in p for p in result.problems)


def test_the_anchors_file_is_append_only_and_private(world, tmp_path):
    from anjian.audit.services import anchor

    path = tmp_path / "anchors.jsonl"
    _some_entries(world)
    anchor(str(path))
    anchor(str(path))
    assert len(path.read_text().splitlines()) >= 2
    assert path.stat().st_mode & 0o777 == 0o600


def test_each_county_writes_its_own_chain(world):
    from anjian.audit.models import AuditHead

    record(world.awb, "test.here", world.chem)
    record(None, "test.there", world.other)
    assert AuditEntry.objects.get(action="test.here").chain == "510904"
    assert AuditEntry.objects.get(action="test.there").chain == "510903"
    assert set(AuditHead.objects.values_list("chain", flat=True)) >= {"510904", "510903"}
    assert verify(anchors=[]).ok


def test_hmac_sm3_option(world, settings):
    settings.ANJIAN_AUDIT_ALGORITHM = "hmac-sm3"
    e = record(world.awb, "test.sm3", world.chem)
    assert e.alg == "hmac-sm3" and len(e.hash) == 64
    assert verify(anchors=[]).ok
    AuditEntry.objects.filter(pk=e.pk).update(note="forged")
    assert not verify(anchors=[]).ok


def test_the_audit_cannot_be_written_without_its_key(world, settings):
    from django.core.exceptions import ImproperlyConfigured

    settings.ANJIAN_AUDIT_KEY = None
    with pytest.raises(ImproperlyConfigured):
        record(world.awb, "test.nokey", world.chem)


@pytest.mark.django_db(transaction=True)
def test_writers_in_two_counties_do_not_wait_for_each_other():
    """Issue 20: two connections append to two counties' chains at once; the second does not
    wait for the first's lock (lock_timeout would fail it)."""
    import threading

    from django.db import connection, connections, transaction

    if connection.vendor != "postgresql":
        pytest.skip("row locks between two connections are exercised on PostgreSQL")
    from anjian.conftest import load_world

    w = load_world()
    record(None, "warm.a", w.chem)
    record(None, "warm.b", w.other)
    holding, done, errors = threading.Event(), threading.Event(), []

    def first():
        try:
            with transaction.atomic():
                record(None, "slow.a", w.chem)  # holds county 510904's head
                holding.set()
                done.wait(10)
        finally:
            connections.close_all()

    t = threading.Thread(target=first)
    t.start()
    holding.wait(10)
    from django.db import OperationalError

    same_county_waited = False
    try:
        with transaction.atomic():
            with connection.cursor() as cur:
                cur.execute("SET LOCAL lock_timeout = '2s'")
            record(None, "fast.b", w.other)  # county 510903: no wait
        # the control: a writer in the first writer's county does wait on its head row, so
        # the lock timeout above would have failed a writer that shared one head
        try:
            with transaction.atomic():
                with connection.cursor() as cur:
                    cur.execute("SET LOCAL lock_timeout = '300ms'")
                record(None, "blocked.a", w.chem)
        except OperationalError:
            same_county_waited = True
    except Exception as exc:  # noqa: BLE001
        errors.append(exc)
    finally:
        done.set()
        t.join()
    assert errors == []
    assert same_county_waited
    assert AuditEntry.objects.filter(action="fast.b", chain="510903").exists()
    assert not AuditEntry.objects.filter(action="blocked.a").exists()
    result = verify(anchors=[])  # `audit-verify` checks every county's chain
    assert result.ok, result.problems
    assert {"510903", "510904"} <= set(result.chains)
