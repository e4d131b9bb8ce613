"""三个责任人 挂牌, monthly activities and the quota shortfall list; 风险明白卡."""

from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from anjian.accounts.models import Role, User
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


def set_responsible(
    by, ent: Enterprise, *, kind, name, position, phone, user=None, department=None,
    expected_version=None,
) -> ResponsiblePerson:  # fmt: skip
    """Create or replace one of the enterprise's 三个责任人."""
    require(_can_change(by, ent), "无权设置该企业的三个责任人")
    errors = {}
    if kind not in dict(ResponsiblePerson.KINDS):
        errors["kind"] = "责任人类别无效"
    for f, v, label in (("name", name, "姓名"), ("position", position, "单位及职务"), ("phone", phone, "联系电话")):  # fmt: skip
        if not (v or "").strip():
            errors[f] = f"请填写{label}"
    if kind in ResponsiblePerson.OFFICIAL_KINDS:
        if user is None:
            errors["user"] = "行政负责人、行业部门监管负责人须关联系统账号（用于记录每月履职）"
        elif user.role in (Role.ENTERPRISE, Role.EXPERT):
            errors["user"] = "该账号不是政府部门或镇街人员"
    if kind == "industry" and department is None:
        department = getattr(user, "department", None)
        if department is None:
            errors["department"] = "请选择行业部门"
    if kind == "enterprise":
        user, department = None, None
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
        rp.name, rp.position, rp.phone = name.strip(), position.strip(), phone.strip()
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
        "只能记录本人的履职情况",
    )
    errors = {}
    if kind not in dict(DutyActivity.KINDS):
        errors["kind"] = "履职类型无效"
    if enterprise is None or enterprise.pk not in listed_enterprises(official):
        errors["enterprise"] = "只能记录您挂牌负责的企业（请先在企业的三个责任人中登记）"
    today = timezone.localdate()
    if day is None:
        errors["day"] = "请填写日期"
    elif day > today:
        errors["day"] = "日期不能晚于今天"
    if not (description or "").strip():
        errors["description"] = "请填写情况说明"
    if hazard is not None and enterprise is not None and hazard.enterprise_id != enterprise.pk:
        errors["hazard"] = "关联隐患不属于该企业"
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
            row.missing.append(f"指导检查挂牌企业 {row.checked}/{need_checks} 家")
        if row.hazards < QUOTA["hazard"]:
            row.missing.append(f"督促整改突出问题隐患 {row.hazards}/{QUOTA['hazard']} 个")
        if row.problems < QUOTA["problem"]:
            row.missing.append(f"协调解决安全管理难题 {row.problems}/{QUOTA['problem']} 个")
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
                raise ValidationError({"contacts": f"“{role or name}”缺少联系电话"})
            out.append({"role": role, "name": name, "phone": phone})
    if not out:
        raise ValidationError({"contacts": "请至少填写一个应急联系电话"})
    return out


def save_risk_card(
    by, ent: Enterprise, *, main_risks, key_controls, emergency_measures, contacts,
    expected_version=None,
) -> RiskCard:  # fmt: skip
    """The enterprise (or its supervising department / town) drafts or updates its card."""
    allowed = (
        by.role == Role.ENTERPRISE and by.enterprise_id == ent.pk
    ) or Enterprise.objects.restrict(by, "change").filter(pk=ent.pk).exists()
    require(allowed, "无权编辑该企业的安全风险明白卡")
    errors = {}
    if not ent.is_small:
        errors["enterprise"] = (
            f"安全风险明白卡适用于从业人员30人以下的小微企业（该企业 {ent.employees} 人）"
        )
    for f, v, label in (
        ("main_risks", main_risks, "主要安全风险"),
        ("key_controls", key_controls, "关键管控措施"),
        ("emergency_measures", emergency_measures, "应急处置措施"),
    ):
        if not RiskCard.lines(v):
            errors[f] = f"请填写{label}"
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
