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


def test_only_awb_browses_audit(world):
    record(world.awb, "test.event", world.chem)
    c = Client()
    c.force_login(world.inspector)
    assert c.get("/audit/").status_code == 403
    c.force_login(world.awb)
    assert "test.event" in c.get("/audit/").content.decode()
