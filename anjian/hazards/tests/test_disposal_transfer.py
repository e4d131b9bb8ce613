"""E1 → E6: a 移交其他部门 disposal creates the Transfer (seed 001 移交表) in the same transaction."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from anjian.audit.models import AuditEntry
from anjian.enforcement.models import Transfer
from anjian.hazards import services
from anjian.hazards.models import Disposal, HazardEvent


def test_transfer_disposal_creates_the_transfer_with_one_row(world, make_hazard):
    h = make_hazard(location="液氨制冷车间")
    d = services.dispose(
        world.inspector, h, option="transfer", transfer_to=world.zjw, note="涉及在建工程"
    )
    t = Transfer.objects.get()
    assert (t.kind, t.department, t.to_department, t.enterprise) == (
        "general",
        world.yjj,
        world.zjw,
        world.food,
    )
    assert t.status == "issued" and t.created_by == world.inspector
    assert t.issued_on == timezone.localtime(d.decided_at).date() and "涉及在建工程" in t.reason
    (row,) = t.items.all()
    assert row.hazard == h and row.disposals == ["transfer"]
    assert h.description in row.description and "液氨制冷车间" in row.description
    assert row.responsible_unit == world.zjw.name
    assert row.raised_by == world.inspector.display_name
    # Numbered 移交表 and the audit entry, written by the enforcement service.
    assert t.documents.filter(kind="transfer_form").count() == 1
    entry = AuditEntry.objects.filter(action="transfer.create").latest("seq")
    assert entry.object_id == str(t.pk) and f"隐患#{h.pk}" in entry.note
    # The receiving department sees it; an unrelated town does not.
    assert Transfer.objects.restrict(world.builder, "view").filter(pk=t.pk).exists()


def test_other_disposals_create_no_transfer(world, make_hazard):
    h = make_hazard()
    services.dispose(world.inspector, h, option="case", note="涉嫌未消除重大隐患")
    assert not Transfer.objects.exists()


def test_failed_transfer_leaves_no_disposal(world, make_hazard):
    h = make_hazard()
    events = HazardEvent.objects.filter(hazard=h).count()
    with pytest.raises(ValidationError) as exc:  # to its own department: nothing to hand over
        services.dispose(world.inspector, h, option="transfer", transfer_to=world.yjj)
    assert "transfer_to" in exc.value.message_dict
    assert not Disposal.objects.filter(hazard=h).exists()
    assert HazardEvent.objects.filter(hazard=h).count() == events
    assert not Transfer.objects.exists()


def test_town_disposal_is_sent_by_the_hazards_department(world, make_hazard):
    h = make_hazard()
    assert h.department == world.yjj
    services.dispose(world.town, h, option="transfer", transfer_to=world.zjw)
    t = Transfer.objects.get()
    assert t.department == world.yjj and t.created_by == world.town
    assert t.items.get().hazard == h


def test_enterprise_cannot_dispose_or_transfer(world, make_hazard):
    h = make_hazard()
    with pytest.raises(PermissionDenied):
        services.dispose(world.ent_user, h, option="transfer", transfer_to=world.zjw)
    assert not Transfer.objects.exists()
