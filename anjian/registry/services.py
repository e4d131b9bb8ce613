"""Every state change of the registry: permission, validation, write and audit in one transaction."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from anjian.accounts.models import Department, Region, Role, Sector
from anjian.audit.services import record
from anjian.core.services import check_version, require, snapshot

from . import creditcode
from .models import Enterprise, EnterpriseSector, EnterpriseTier, Licence, Person

ENTERPRISE_FIELDS = [
    "credit_code",
    "name",
    "address",
    "region",
    "primary_sector",
    "employees",
    "state_owned",
    "ammonia_refrigeration",
    "confined_space",
    "dust_explosion",
    "two_key_one_major",
    "high_risk",
    "major_hazard_level",
    "status",
    "legal_representative",
    "contact_phone",
]


def _snap(ent: Enterprise) -> dict:
    data = snapshot(ent, ENTERPRISE_FIELDS)
    data["sectors"] = (
        sorted(ent.enterprisesector_set.values_list("sector_id", flat=True)) if ent.pk else []
    )
    return data


def _check_scope(by, ent: Enterprise, action: str) -> None:
    require(
        Enterprise.objects.restrict(by, action).filter(pk=ent.pk).exists(),
        "无权修改该企业（不在您的监管范围内）",
    )


def _validate(by, ent: Enterprise, sectors: list[Sector]) -> None:
    errors = {}
    msg = creditcode.problem(ent.credit_code)
    if msg:
        errors["credit_code"] = f"统一社会信用代码{msg}"
    elif Enterprise.objects.filter(credit_code=ent.credit_code).exclude(pk=ent.pk).exists():
        errors["credit_code"] = "统一社会信用代码已登记（重复）"
    if not by.is_superuser:
        allowed_prefix = (
            (by.department.region.prefix if by.department_id else by.region.prefix)
            if (by.department_id or by.region_id)
            else None
        )
        if (
            allowed_prefix is None
            or not ent.region_id
            or not ent.region_id.startswith(allowed_prefix)
        ):
            errors["region"] = "所在区划不在您的管辖范围内"
        if by.role in (Role.INSPECTOR, Role.DEPT_LEADER):
            own = set(by.department.sectors.values_list("id", flat=True))
            if not own & {s.id for s in sectors}:
                errors["sectors"] = "行业领域至少应有一项属于本部门监管范围"
    try:
        ent.full_clean(exclude=["credit_code", "region", "version"] + list(errors))
    except ValidationError as exc:
        for k, v in exc.message_dict.items():
            errors.setdefault(k, "；".join(v))
    if errors:
        raise ValidationError(errors)


def _set_sectors(ent: Enterprise, sectors: list[Sector]) -> None:
    ids = {s.id for s in sectors} | {ent.primary_sector_id}
    EnterpriseSector.objects.filter(enterprise=ent).exclude(sector_id__in=ids).delete()
    existing = set(
        EnterpriseSector.objects.filter(enterprise=ent).values_list("sector_id", flat=True)
    )
    EnterpriseSector.objects.bulk_create(
        [
            EnterpriseSector(enterprise=ent, sector_id=i, is_primary=i == ent.primary_sector_id)
            for i in ids - existing
        ]
    )
    EnterpriseSector.objects.filter(enterprise=ent).update(is_primary=False)
    EnterpriseSector.objects.filter(enterprise=ent, sector_id=ent.primary_sector_id).update(
        is_primary=True
    )


def create_enterprise(by, *, sectors: list[Sector] | None = None, **fields) -> Enterprise:
    require(by.can_manage_registry, "无权登记企业")
    ent = Enterprise(**fields)
    ent.credit_code = (ent.credit_code or "").strip().upper()
    sectors = list(sectors or [])
    if ent.primary_sector_id and ent.primary_sector not in sectors:
        sectors.append(ent.primary_sector)
    with transaction.atomic():
        _validate(by, ent, sectors)
        ent.save()
        _set_sectors(ent, sectors)
        record(by, "enterprise.create", ent, after=_snap(ent))
        classify([ent])
    return ent


def update_enterprise(
    by, ent: Enterprise, *, expected_version=None, sectors=None, **fields
) -> Enterprise:
    with transaction.atomic():
        ent = Enterprise.objects.select_for_update().get(pk=ent.pk)
        _check_scope(by, ent, "change")
        check_version(ent, expected_version)
        before = _snap(ent)
        for k, v in fields.items():
            setattr(ent, k, v)
        ent.credit_code = (ent.credit_code or "").strip().upper()
        sectors = list(sectors) if sectors is not None else list(ent.sectors.all())
        if ent.primary_sector not in sectors:
            sectors.append(ent.primary_sector)
        _validate(by, ent, sectors)
        ent.version += 1
        ent.save()
        _set_sectors(ent, sectors)
        after = _snap(ent)
        record(by, "enterprise.update", ent, before=before, after=after)
        classify([ent])
    return ent


def add_licence(by, ent: Enterprise, **fields) -> Licence:
    with transaction.atomic():
        _check_scope(by, ent, "change")
        lic = Licence(enterprise=ent, **fields)
        lic.full_clean()
        lic.save()
        record(by, "licence.create", lic, after=snapshot(lic))
        return lic


def add_person(by, ent: Enterprise, **fields) -> Person:
    with transaction.atomic():
        _check_scope(by, ent, "change")
        person = Person(enterprise=ent, **fields)
        person.full_clean()
        person.save()
        record(by, "person.create", person, after=snapshot(person))
        return person


# ---------------------------------------------------------------- 名录库 classification


def supervising_departments(ent: Enterprise) -> list[Department]:
    """Departments whose region contains the enterprise and whose sectors it belongs to."""
    sector_ids = set(
        EnterpriseSector.objects.filter(enterprise=ent).values_list("sector_id", flat=True)
    )
    out = []
    for dept in Department.objects.prefetch_related("sectors").select_related("region"):
        if ent.region_id.startswith(dept.region.prefix) and sector_ids & {
            s.id for s in dept.sectors.all()
        }:
            out.append(dept)
    return out


def classify(enterprises=None, today: date | None = None, batch: int = 2000) -> int:
    """(Re)compute every enterprise's 重点/一般 tier per supervising department. Keeps overrides."""
    from .classification import classify_batch

    today = today or timezone.localdate()
    qs = Enterprise.objects.all() if enterprises is None else enterprises
    if not hasattr(qs, "values_list"):
        ids = [e.pk for e in qs]
    else:
        ids = list(qs.values_list("pk", flat=True))
    done = 0
    for start in range(0, len(ids), batch):
        done += classify_batch(ids[start : start + batch], today)
    return done


def override_tier(
    by, tier_obj: EnterpriseTier, *, tier: str, reason: str, expected_version=None
) -> EnterpriseTier:
    """Manual override of a computed tier, recording who, when and why."""
    require(
        by.is_superuser or by.role in (Role.AWB, Role.DEPT_LEADER, Role.INSPECTOR), "无权调整名录库"
    )
    if not EnterpriseTier.objects.restrict(by, "change").filter(pk=tier_obj.pk).exists():
        require(False, "无权调整该企业的名录")
    if tier not in ("key", "general", ""):
        raise ValidationError({"tier": "名录只能为“重点”或“一般”"})
    if tier and not (reason or "").strip():
        raise ValidationError({"override_reason": "人工调整必须填写调整理由"})
    with transaction.atomic():
        obj = EnterpriseTier.objects.select_for_update().get(pk=tier_obj.pk)
        before = snapshot(obj, ["tier", "override_tier", "override_reason"])
        obj.override_tier = tier
        obj.override_reason = reason.strip() if tier else ""
        obj.override_by = by if tier else None
        obj.override_at = timezone.now() if tier else None
        obj.tier = tier or obj.computed_tier
        obj.save()
        record(
            by,
            "tier.override",
            obj,
            before=before,
            after=snapshot(obj, ["tier", "override_tier", "override_reason"]),
        )
        return obj


def region_choices_for(user):
    qs = Region.objects.all()
    if user.is_superuser:
        return qs
    prefix = (
        user.department.region.prefix
        if user.department_id
        else (user.region.prefix if user.region_id else None)
    )
    return qs.filter(code__startswith=prefix) if prefix else qs.none()


# ------------------------------------------------ changes decided by enforcement (E5)


def set_enterprise_status(
    by, ent: Enterprise, *, status: str, note: str = "", expected_version=None
) -> Enterprise:
    """经营状态 set by an enforcement decision (停产停业整顿, 整顿验收合格, 关闭).

    Only department staff supervising the enterprise (or a superuser) may do it; the decision
    itself (and its approval) belongs to the caller in enforcement.
    """
    require(
        by.is_superuser or by.role in (Role.INSPECTOR, Role.DEPT_LEADER),
        "只有负有监管职责的部门可以依执法决定变更企业经营状态",
    )
    if status not in dict(Enterprise.STATUS):
        raise ValidationError({"status": "经营状态无效"})
    with transaction.atomic():
        ent_locked = Enterprise.objects.select_for_update().get(pk=ent.pk)
        _check_scope(by, ent_locked, "change")
        check_version(ent_locked, expected_version)
        before = {"status": ent_locked.status, "version": ent_locked.version}
        if ent_locked.status != status:
            ent_locked.status = status
            ent_locked.version += 1
            ent_locked.save(update_fields=["status", "version", "updated_at"])
            record(
                by,
                "enterprise.status",
                ent_locked,
                before=before,
                after={"status": status, "version": ent_locked.version},
                note=(note or "").strip(),
            )
    ent.status, ent.version = ent_locked.status, ent_locked.version
    return ent_locked


def mark_licence_revoked(by, licence: Licence, *, basis: str) -> Licence:
    """吊销 a licence by an enforcement decision; the licence stays on record, marked revoked."""
    require(
        by.is_superuser or by.role in (Role.INSPECTOR, Role.DEPT_LEADER),
        "只有负有监管职责的部门可以吊销证照",
    )
    if not (basis or "").strip():
        raise ValidationError({"basis": "请填写吊销依据"})
    with transaction.atomic():
        require(
            Licence.objects.restrict(by, "change").filter(pk=licence.pk).exists(),
            "该证照不在您的监管范围内",
        )
        lic = Licence.objects.select_for_update().get(pk=licence.pk)
        if lic.revoked:
            raise ValidationError({"licence": "该证照已被吊销"})
        lic.revoked = True
        lic.save(update_fields=["revoked"])
        record(
            by,
            "licence.revoke",
            lic,
            before={"revoked": False},
            after={"revoked": True},
            note=basis.strip(),
        )
    licence.revoked = True
    return lic
