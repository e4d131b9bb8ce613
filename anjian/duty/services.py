"""三个责任人 挂牌, monthly activities and the quota shortfall list; 风险明白卡."""

from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from anjian.accounts.models import Department, Region, Role, User
from anjian.audit.services import record
from anjian.core.services import check_version, require, snapshot
from anjian.registry.models import Enterprise

from .models import QUOTA, DutyActivity, ResponsiblePerson, RiskCard

PERSON_FIELDS = ["kind", "name", "position", "phone", "user", "department"]
CARD_FIELDS = ["main_risks", "key_controls", "emergency_measures"]


def _card_snap(card) -> dict:
    # core.snapshot sorts list values, which fails on a list of dicts: add contacts as-is
    return {**snapshot(card, CARD_FIELDS), "contacts": list(card.contacts)}


def _can_change(by, ent: Enterprise) -> bool:
    return (
        by.role != Role.ENTERPRISE
        and Enterprise.objects.restrict(by, "change").filter(pk=ent.pk).exists()
    )


def supervising_departments(ent: Enterprise) -> list[Department]:
    """Departments that supervise the enterprise: their region contains it and their sectors
    include one of its sectors (the primary one or another)."""
    sector_ids = set(ent.sectors.values_list("pk", flat=True)) | {ent.primary_sector_id}
    depts = Department.objects.filter(sectors__in=sector_ids).distinct().select_related("region")
    return [d for d in depts if ent.region_id.startswith(d.region.prefix)]


def _town_of(ent: Enterprise) -> Region | None:
    return Region.objects.filter(level="town", code=ent.region_id[:9] + "000").first()


def official_refusal(user, ent: Enterprise, kind: str) -> str | None:
    """Why `user` may not be the enterprise's 行政负责人 / 行业部门监管负责人 (None: may)."""
    if user.role in (Role.ENTERPRISE, Role.EXPERT) or not user.is_active:
        return _("该账号不是政府部门或镇街人员")
    supervising = supervising_departments(ent)
    if user.department_id and any(d.pk == user.department_id for d in supervising):
        return None
    if kind == "admin" and user.role == Role.TOWN and user.region_id:
        if user.region.level == "town" and ent.region_id.startswith(user.region.prefix):
            return None
    town = _town_of(ent)
    names = "、".join(d.name for d in supervising) or _("（无）")
    if kind == "industry":
        return _(
            "%(user)s不属于监管该企业的部门：行业部门监管负责人须是其辖区包含该企业、"
            "监管行业领域包括该企业行业领域的部门人员（%(depts)s）"
        ) % {"user": user.display_name, "depts": names}
    return _(
        "%(user)s既不属于该企业所在镇街（%(town)s），也不属于监管该企业的部门（%(depts)s）"
    ) % {"user": user.display_name, "town": town.name if town else ent.region_id, "depts": names}


def _official_errors(ent, kind, user, department) -> dict:
    """The rules of the two officials: a system account of the enterprise's town or of a
    department that supervises it; the 行业部门 itself supervises it."""
    errors = {}
    if user is None:
        errors["user"] = _("行政负责人、行业部门监管负责人须关联系统账号（用于记录每月履职）")
    else:
        why = official_refusal(user, ent, kind)
        if why:
            errors["user"] = why
    if kind == "industry" and department is not None:
        if department.pk not in {d.pk for d in supervising_departments(ent)}:
            errors["department"] = _(
                "%(dept)s不监管该企业（其辖区不含该企业，或监管行业领域不包括该企业的行业领域）"
            ) % {"dept": department.name}
        elif user is not None and user.department_id and user.department_id != department.pk:
            errors["department"] = _("系统账号不属于所选行业部门（%(dept)s）") % {
                "dept": department.name
            }
    elif kind == "industry" and "user" not in errors:
        errors["department"] = _("请选择行业部门")
    return errors


def _field_errors(instance, names) -> dict:
    """The model's own rules (required, max_length, validate_phone) for the given fields."""
    exclude = [f.name for f in instance._meta.fields if f.name not in names]
    try:
        instance.clean_fields(exclude=exclude)
    except ValidationError as exc:
        return exc.message_dict
    return {}


def set_responsible(
    by, ent: Enterprise, *, kind, name, position, phone, user=None, department=None,
    expected_version=None,
) -> ResponsiblePerson:  # fmt: skip
    """Create or replace one of the enterprise's 三个责任人."""
    require(_can_change(by, ent), _("无权设置该企业的三个责任人"))
    if kind not in dict(ResponsiblePerson.KINDS):
        raise ValidationError({"kind": _("责任人类别无效")})
    name, position, phone = (name or "").strip(), (position or "").strip(), (phone or "").strip()
    if kind == "enterprise":
        user, department = None, None
    elif kind == "industry" and department is None and user is not None:
        department = user.department
    probe = ResponsiblePerson(enterprise=ent, kind=kind, name=name, position=position, phone=phone)
    errors = _field_errors(probe, ["name", "position", "phone"])
    if kind in ResponsiblePerson.OFFICIAL_KINDS:
        errors.update(_official_errors(ent, kind, user, department))
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        rp = ResponsiblePerson.objects.select_for_update().filter(enterprise=ent, kind=kind).first()
        before = None
        if rp is None:
            rp = ResponsiblePerson(enterprise=ent, kind=kind)
        else:
            check_version(rp, expected_version)
            before = snapshot(rp, PERSON_FIELDS)
            rp.version += 1
        rp.name, rp.position, rp.phone = name, position, phone
        rp.user, rp.department = user, department
        rp.save()
        record(
            by,
            "duty.responsible" if before is None else "duty.responsible_update",
            rp,
            before=before,
            after=snapshot(rp, PERSON_FIELDS),
        )
    return rp


def listed_enterprises(official) -> list[int]:
    return list(
        ResponsiblePerson.objects.filter(
            user=official, kind__in=ResponsiblePerson.OFFICIAL_KINDS
        ).values_list("enterprise_id", flat=True)
    )


def record_activity(
    by, *, kind, enterprise, day, description, official=None, hazard=None
) -> DutyActivity:
    """An official records a check, a hazard pushed to rectification or a problem resolved."""
    official = official or by
    require(
        official == by or by.is_superuser or (by.role == Role.AWB),
        _("只能记录本人的履职情况"),
    )
    errors = {}
    if kind not in dict(DutyActivity.KINDS):
        errors["kind"] = _("履职类型无效")
    if enterprise is None or enterprise.pk not in listed_enterprises(official):
        errors["enterprise"] = _("只能记录您挂牌负责的企业（请先在企业的三个责任人中登记）")
    today = timezone.localdate()
    if day is None:
        errors["day"] = _("请填写日期")
    elif day > today:
        errors["day"] = _("日期不能晚于今天")
    if not (description or "").strip():
        errors["description"] = _("请填写情况说明")
    if hazard is not None and enterprise is not None and hazard.enterprise_id != enterprise.pk:
        errors["hazard"] = _("关联隐患不属于该企业")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        act = DutyActivity.objects.create(
            official=official,
            enterprise=enterprise,
            kind=kind,
            day=day,
            description=description.strip(),
            hazard=hazard,
            recorded_by=by,
        )
        record(by, "duty.activity", act, after=snapshot(act))
    return act


@dataclass
class QuotaRow:
    official: User
    enterprises: int = 0
    checked: int = 0
    hazards: int = 0
    problems: int = 0
    missing: list[str] = field(default_factory=list)

    @property
    def met(self) -> bool:
        return not self.missing


def officials_qs(by=None):
    ids = ResponsiblePerson.objects.filter(
        kind__in=ResponsiblePerson.OFFICIAL_KINDS, user__isnull=False
    )
    if by is not None:
        ids = ids.filter(pk__in=ResponsiblePerson.objects.restrict(by, "view").values("pk"))
    return User.objects.filter(pk__in=ids.values("user_id")).select_related("department", "region")


def shortfall(month: date, by=None) -> list[QuotaRow]:
    """Every responsible official's month against the seed 004 quota; short ones first."""
    month = month.replace(day=1)
    officials = list(officials_qs(by))
    ids = [u.pk for u in officials]
    listed = dict(
        ResponsiblePerson.objects.filter(kind__in=ResponsiblePerson.OFFICIAL_KINDS, user_id__in=ids)
        .values("user_id")
        .annotate(n=Count("enterprise", distinct=True))
        .values_list("user_id", "n")
    )
    acts = DutyActivity.objects.filter(official_id__in=ids, month=month)
    checked = dict(
        acts.filter(kind="check")
        .values("official_id")
        .annotate(n=Count("enterprise", distinct=True))
        .values_list("official_id", "n")
    )
    counts: dict[tuple[int, str], int] = {
        (o, k): n
        for o, k, n in acts.exclude(kind="check")
        .values("official_id", "kind")
        .annotate(n=Count("id"))
        .values_list("official_id", "kind", "n")
    }
    rows = []
    for u in officials:
        row = QuotaRow(
            u,
            enterprises=listed.get(u.pk, 0),
            checked=checked.get(u.pk, 0),
            hazards=counts.get((u.pk, "hazard"), 0),
            problems=counts.get((u.pk, "problem"), 0),
        )
        need_checks = min(QUOTA["check"], row.enterprises)
        if row.checked < need_checks:
            row.missing.append(
                _("指导检查挂牌企业 %(n)s/%(need)s 家") % {"n": row.checked, "need": need_checks}
            )
        if row.hazards < QUOTA["hazard"]:
            row.missing.append(
                _("督促整改突出问题隐患 %(n)s/%(need)s 个")
                % {"n": row.hazards, "need": QUOTA["hazard"]}
            )
        if row.problems < QUOTA["problem"]:
            row.missing.append(
                _("协调解决安全管理难题 %(n)s/%(need)s 个")
                % {"n": row.problems, "need": QUOTA["problem"]}
            )
        rows.append(row)
    rows.sort(key=lambda r: (r.met, -len(r.missing), r.official.display_name))
    return rows


# ------------------------------------------------------------------ 风险明白卡


def default_contacts(ent: Enterprise) -> list[dict]:
    contacts = []
    for rp in ResponsiblePerson.objects.filter(enterprise=ent).order_by("kind"):
        contacts.append({"role": rp.get_kind_display(), "name": rp.name, "phone": rp.phone})
    if not contacts and ent.legal_representative:
        contacts.append(
            {"role": "企业负责人", "name": ent.legal_representative, "phone": ent.contact_phone}
        )
    contacts += [
        {"role": "火警", "name": "", "phone": "119"},
        {"role": "医疗急救", "name": "", "phone": "120"},
        {"role": "安全生产举报", "name": "", "phone": "12350"},
    ]
    return contacts


def _clean_contacts(contacts) -> list[dict]:
    out = []
    for c in contacts or []:
        role = str(c.get("role", "")).strip()
        name = str(c.get("name", "")).strip()
        phone = str(c.get("phone", "")).strip()
        if role or name or phone:
            if not phone:
                raise ValidationError(
                    {"contacts": _("“%(who)s”缺少联系电话") % {"who": role or name}}
                )
            out.append({"role": role, "name": name, "phone": phone})
    if not out:
        raise ValidationError({"contacts": _("请至少填写一个应急联系电话")})
    return out


def save_risk_card(
    by, ent: Enterprise, *, main_risks, key_controls, emergency_measures, contacts,
    expected_version=None,
) -> RiskCard:  # fmt: skip
    """The enterprise (or its supervising department / town) drafts or updates its card."""
    allowed = (
        by.role == Role.ENTERPRISE and by.enterprise_id == ent.pk
    ) or Enterprise.objects.restrict(by, "change").filter(pk=ent.pk).exists()
    require(allowed, _("无权编辑该企业的安全风险明白卡"))
    errors = {}
    if not ent.is_small:
        errors["enterprise"] = _(
            "安全风险明白卡适用于从业人员30人以下的小微企业（该企业 %(n)s 人）"
        ) % {"n": ent.employees}
    for f, v, label in (
        ("main_risks", main_risks, _("主要安全风险")),
        ("key_controls", key_controls, _("关键管控措施")),
        ("emergency_measures", emergency_measures, _("应急处置措施")),
    ):
        if not RiskCard.lines(v):
            errors[f] = _("请填写%(what)s") % {"what": label}
    if errors:
        raise ValidationError(errors)
    contacts = _clean_contacts(contacts)
    with transaction.atomic():
        card = RiskCard.objects.select_for_update().filter(enterprise=ent).first()
        before = None
        if card is None:
            card = RiskCard(enterprise=ent)
        else:
            check_version(card, expected_version)
            before = _card_snap(card)
            card.version += 1
        card.main_risks = "\n".join(RiskCard.lines(main_risks))
        card.key_controls = "\n".join(RiskCard.lines(key_controls))
        card.emergency_measures = "\n".join(RiskCard.lines(emergency_measures))
        card.contacts = contacts
        card.updated_by = by
        card.save()
        record(
            by,
            "riskcard.save",
            card,
            before=before,
            after=_card_snap(card),
        )
    return card
