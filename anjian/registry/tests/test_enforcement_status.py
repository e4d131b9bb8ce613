"""Registry changes decided by enforcement: 经营状态 and 吊销证照, with permission and audit."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from anjian.audit.models import AuditEntry
from anjian.core.services import ConflictError
from anjian.registry import services
from anjian.registry.models import Enterprise, Licence


def _licence(world, ent=None):
    return Licence.objects.create(
        enterprise=ent or world.chem,
        kind="危险化学品经营许可证",
        number="川遂危化经001",
        valid_until=date.today() + timedelta(days=300),
    )


def test_department_sets_status_with_audit_and_version(world):
    v = world.chem.version
    ent = services.set_enterprise_status(
        world.leader, world.chem, status="suspended", note="责令停产停业整顿", expected_version=v
    )
    fresh = Enterprise.objects.get(pk=world.chem.pk)
    assert fresh.status == "suspended" and fresh.version == v + 1 == ent.version
    entry = AuditEntry.objects.filter(action="enterprise.status").latest("seq")
    assert entry.note == "责令停产停业整顿"
    assert entry.user == world.leader
    # A form still holding the old version is refused.
    with pytest.raises(ConflictError):
        services.set_enterprise_status(world.leader, fresh, status="normal", expected_version=v)


def test_status_unchanged_writes_nothing(world):
    before = AuditEntry.objects.filter(action="enterprise.status").count()
    services.set_enterprise_status(world.leader, world.chem, status="normal")
    assert AuditEntry.objects.filter(action="enterprise.status").count() == before
    assert Enterprise.objects.get(pk=world.chem.pk).version == world.chem.version


def test_status_needs_department_scope_and_valid_value(world):
    with pytest.raises(PermissionDenied):  # 安委办 and towns do not decide enforcement
        services.set_enterprise_status(world.awb, world.chem, status="suspended")
    with pytest.raises(PermissionDenied):  # 住建局 does not supervise the chemical plant
        services.set_enterprise_status(world.builder, world.chem, status="suspended")
    with pytest.raises(PermissionDenied):  # another county
        services.set_enterprise_status(world.leader, world.other, status="suspended")
    with pytest.raises(ValidationError) as exc:
        services.set_enterprise_status(world.leader, world.chem, status="bankrupt")
    assert "status" in exc.value.message_dict
    assert Enterprise.objects.get(pk=world.chem.pk).status == "normal"


def test_licence_revoked_with_basis_and_audit(world):
    lic = _licence(world)
    with pytest.raises(ValidationError) as exc:
        services.mark_licence_revoked(world.leader, lic, basis=" ")
    assert "basis" in exc.value.message_dict
    services.mark_licence_revoked(world.leader, lic, basis="安全生产法第一百一十三条")
    assert Licence.objects.get(pk=lic.pk).revoked
    entry = AuditEntry.objects.filter(action="licence.revoke").latest("seq")
    assert entry.note == "安全生产法第一百一十三条" and entry.user == world.leader
    with pytest.raises(ValidationError) as exc:
        services.mark_licence_revoked(world.leader, lic, basis="再次")
    assert "licence" in exc.value.message_dict


def test_licence_revocation_is_scoped(world):
    lic = _licence(world, world.other)
    with pytest.raises(PermissionDenied):
        services.mark_licence_revoked(world.leader, lic, basis="依据")
    with pytest.raises(PermissionDenied):
        services.mark_licence_revoked(world.town, _licence(world, world.food), basis="依据")
    assert not Licence.objects.filter(revoked=True).exists()
