"""Every state change of the registry: permission, validation, write and audit in one transaction."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

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
        _("无权修改该企业（不在您的监管范围内）"),
    )


def credit_code_message(code: str) -> str | None:
    """Why `code` is no valid 统一社会信用代码, in the active language, or None.

    `creditcode.problem` decides validity (plain Python, Chinese); this words the same checks,
    in the same order, through gettext."""
    problem = creditcode.problem(code)
    if problem is None:
        return None
    if not code:
        return _("统一社会信用代码不能为空")
    if len(code) != 18:
        return _("统一社会信用代码应为18位，实为%(n)d位") % {"n": len(code)}
    bad = [c for c in code if c not in creditcode.CHARSET]
    if bad:
        return _("统一社会信用代码含有不允许的字符“%(char)s”（不使用 I、O、Z、S、V）") % {
            "char": bad[0]
        }
    if not code[2:8].isdigit():
        return _("统一社会信用代码第3–8位应为行政区划代码（数字）")
    expected = creditcode.check_char(code[:17])
    if code[17] != expected:
        return _("统一社会信用代码校验码错误（第18位应为 %(char)s）") % {"char": expected}
    return f"统一社会信用代码{problem}"  # pragma: no cover - a check creditcode added later


class EnterpriseRules:
    """The one validator of an enterprise record: the page, the API and the Excel import all
    reach it through the services (the import once per row, with the user's scope read once).

    Field limits (lengths, choices, ranges) come from the model through `full_clean`, so no
    value accepted here can fail in the database or when it is read back."""

    def __init__(self, by):
        self.by = by
        self.prefix = None
        if not by.is_superuser and (by.department_id or by.region_id):
            self.prefix = by.department.region.prefix if by.department_id else by.region.prefix
        self.own_sectors = None
        if by.role in (Role.INSPECTOR, Role.DEPT_LEADER) and by.department_id:
            self.own_sectors = set(by.department.sectors.values_list("id", flat=True))

    def errors(self, ent: Enterprise, sectors, *, registered=None) -> dict[str, list[str]]:
        """Problems of `ent` by field. `registered`: credit codes known to exist (bulk import);
        without it uniqueness is asked of the database."""
        errors: dict[str, list[str]] = {}
        ent.credit_code = (ent.credit_code or "").strip().upper()
        msg = credit_code_message(ent.credit_code)
        if msg:
            errors["credit_code"] = [msg]
        elif (
            ent.credit_code in registered
            if registered is not None
            else Enterprise.objects.filter(credit_code=ent.credit_code).exclude(pk=ent.pk).exists()
        ):
            errors["credit_code"] = [_("该代码已登记（系统中已存在）")]
        if not self.by.is_superuser and (
            self.prefix is None or not ent.region_id or not ent.region_id.startswith(self.prefix)
        ):
            errors["region"] = [_("所在区划不在您的管辖范围内")]
        if self.own_sectors is not None and not self.own_sectors & {s.id for s in sectors}:
            errors["sectors"] = [_("行业领域至少应有一项属于本部门监管范围")]
        try:
            ent.full_clean(exclude=["credit_code", "version", *errors], validate_unique=False)
        except ValidationError as exc:
            for k, v in exc.message_dict.items():
                errors.setdefault(k, v)
        return errors

    def check(self, ent: Enterprise, sectors) -> None:
        errors = self.errors(ent, sectors)
        if errors:
            raise ValidationError(errors)


def resolve_codes(data: dict) -> tuple[dict, list | None]:
    """The API's and the import's words for references (区划代码, 行业领域 names) as records;
    an unknown one is an error naming its field."""
    errors = {}
    if "region_code" in data:
        code = data.pop("region_code")
        region = Region.objects.filter(code=str(code)[:12]).first()
        if region is None:
            errors["region"] = [_("未知的区划代码“%(code)s”") % {"code": code}]
        data["region"] = region
    if "primary_sector" in data:
        name = data.pop("primary_sector")
        sector = Sector.objects.filter(name=name).first()
        if sector is None:
            errors["primary_sector"] = [_("未知的行业领域“%(name)s”") % {"name": name}]
        data["primary_sector"] = sector
    sectors = None
    if data.get("sectors") is not None:
        names = data.pop("sectors")
        sectors = list(Sector.objects.filter(name__in=names))
        missing = set(names) - {s.name for s in sectors}
        if missing:
            errors["sectors"] = [
                _("未知的行业领域“%(names)s”") % {"names": "、".join(sorted(missing))}
            ]
    else:
        data.pop("sectors", None)
    if errors:
        raise ValidationError(errors)
    return data, sectors


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
    require(by.can_manage_registry, _("无权登记企业"))
    ent = Enterprise(**fields)
    ent.credit_code = (ent.credit_code or "").strip().upper()
    sectors = list(sectors or [])
    if ent.primary_sector_id and ent.primary_sector not in sectors:
        sectors.append(ent.primary_sector)
    with transaction.atomic():
        EnterpriseRules(by).check(ent, sectors)
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
        EnterpriseRules(by).check(ent, sectors)
        ent.version += 1
        ent.save()
        _set_sectors(ent, sectors)
        after = _snap(ent)
        record(by, "enterprise.update", ent, before=before, after=after)
        classify([ent])
    return ent


LICENCE_FIELDS = ["kind", "number", "issuer", "valid_from", "valid_until", "revoked",
                  "retired_on", "retire_reason"]  # fmt: skip
PERSON_FIELDS = ["role", "name", "phone", "operation", "cert_no", "cert_expiry", "retired_on",
                 "retire_reason"]  # fmt: skip


def licence_errors(lic: Licence) -> dict[str, list[str]]:
    """A licence's rules: model limits, a validity that ends after it starts, and no second
    active licence of the same kind and number."""
    errors: dict[str, list[str]] = {}
    try:
        lic.full_clean(exclude=["enterprise", "version"])
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if lic.valid_from and lic.valid_until and lic.valid_until < lic.valid_from:
        errors.setdefault("valid_until", []).append(_("有效期至不能早于有效期起"))
    if lic.number and lic.kind and not lic.retired_on:
        dup = Licence.objects.filter(
            kind=lic.kind, number__iexact=lic.number.strip(), retired_on__isnull=True
        ).exclude(pk=lic.pk)
        if dup.exists():
            errors.setdefault("number", []).append(_("该证照类型下已登记相同证号的有效证照"))
    return errors


def person_errors(person: Person) -> dict[str, list[str]]:
    """A certified person's rules: model limits; a 特种作业人员 has a 作业类别 and a
    certificate (number and validity), since the certificate is what makes the person one."""
    errors: dict[str, list[str]] = {}
    try:
        person.full_clean(exclude=["enterprise", "version"])
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if person.role == "special_worker":
        if not (person.operation or "").strip():
            errors.setdefault("operation", []).append(_("特种作业人员须填写作业类别"))
        if not (person.cert_no or "").strip():
            errors.setdefault("cert_no", []).append(_("特种作业人员须填写特种作业操作证编号"))
        if not person.cert_expiry:
            errors.setdefault("cert_expiry", []).append(_("特种作业人员须填写证书有效期"))
    return errors


def _child_change(by, obj, model, fields, rules, action, *, expected_version, values):
    """Create (obj is None: values carry the enterprise) or update a licence or person."""
    with transaction.atomic():
        if obj is None:
            ent = values.pop("enterprise")
            _check_scope(by, ent, "change")
            obj, before, verb = model(enterprise=ent), None, "create"
        else:
            obj = model.objects.select_for_update().select_related("enterprise").get(pk=obj.pk)
            _check_scope(by, obj.enterprise, "change")
            check_version(obj, expected_version)
            before, verb = snapshot(obj, fields), "update"
            obj.version += 1
        for k, v in values.items():
            setattr(obj, k, v.strip() if isinstance(v, str) else v)
        errors = rules(obj)
        if errors:
            raise ValidationError(errors)
        obj.save()
        record(by, f"{action}.{verb}", obj, before=before, after=snapshot(obj, fields))
        return obj


def add_licence(by, ent: Enterprise, **fields) -> Licence:
    return _child_change(by, None, Licence, LICENCE_FIELDS, licence_errors, "licence",
                         expected_version=None, values={"enterprise": ent, **fields})  # fmt: skip


def update_licence(by, lic: Licence, *, expected_version=None, **fields) -> Licence:
    return _child_change(by, lic, Licence, LICENCE_FIELDS, licence_errors, "licence",
                         expected_version=expected_version, values=fields)  # fmt: skip


def add_person(by, ent: Enterprise, **fields) -> Person:
    return _child_change(by, None, Person, PERSON_FIELDS, person_errors, "person",
                         expected_version=None, values={"enterprise": ent, **fields})  # fmt: skip


def update_person(by, person: Person, *, expected_version=None, **fields) -> Person:
    return _child_change(by, person, Person, PERSON_FIELDS, person_errors, "person",
                         expected_version=expected_version, values=fields)  # fmt: skip


def retire(by, obj, *, retired_on=None, reason="", expected_version=None):
    """注销 a licence or record that a person left: kept on record, no longer counted."""
    if not (reason or "").strip():
        raise ValidationError({"reason": _("请填写停用原因")})
    if obj.retired_on:
        raise ValidationError({"retired_on": _("该记录已停用")})
    values = {"retired_on": retired_on or timezone.localdate(), "retire_reason": reason}
    if isinstance(obj, Licence):
        return update_licence(by, obj, expected_version=expected_version, **values)
    return update_person(by, obj, expected_version=expected_version, **values)


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
