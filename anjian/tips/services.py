"""Every state change of a tip: permission, validation, write and audit in one transaction.

The reporter's identity never leaves this module in clear except through `reveal()`, which
writes a "tip.reveal" audit entry. Audit snapshots (`_snap`) leave out the identity and the
secret hash; `Tip.__str__` is the tracking code only.
"""

from __future__ import annotations

import hashlib
import math
import re
import secrets
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.contrib.auth.hashers import check_password, make_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.debug import sensitive_variables

from anjian.accounts.models import Department, Region, Role, User
from anjian.audit.services import record
from anjian.core.forms import error_dict
from anjian.core.services import check_version, field_errors, require, snapshot
from anjian.core.uploads import KINDS, sniff
from anjian.law import AccidentGrade, TipKind, tip_reward
from anjian.registry.models import Enterprise

from . import ratelimit
from .crypto import decrypt_identity, encrypt_identity
from .models import (
    CATEGORIES,
    CHANNELS,
    DEFAULT_DEADLINE_DAYS,
    RESULTS,
    STAGES,
    Tip,
    TipAttachment,
    TipDeadline,
    TipEvent,
    TipPolicy,
)

PUBLIC_ACTOR = "公众（网上举报）"
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I
SECRET_LENGTH = 12
MAX_FILES = 5
MAX_FILE_BYTES = 5 * 1024 * 1024
PHONE_RE = re.compile(r"^[0-9+\-() ]{7,20}$")

# Fields written to the audit trail. Deliberately absent: reporter_cipher, secret_hash.
SNAP_FIELDS = [
    "code",
    "channel",
    "category",
    "enterprise",
    "enterprise_name",
    "region",
    "place",
    "description",
    "anonymous",
    "status",
    "enforcement_check",
    "department",
    "handler",
    "result",
    "public_reply",
    "internal_note",
    "fine_yuan",
    "concealed_deaths",
    "accident_grade",
    "reward_yuan",
    "reward_status",
    "paid_on",
    "payout_ref",
    "master",
    "inspection",
]

REWARD_KIND = {
    "major_hazard": TipKind.MAJOR_HAZARD,
    "illegal": TipKind.ILLEGAL_PRODUCTION,
    "concealed": TipKind.CONCEALED_ACCIDENT,
}


def _snap(tip: Tip) -> dict:
    return snapshot(tip, SNAP_FIELDS)


def _random(n: int) -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _i in range(n))


def _new_code(today: date) -> str:
    while True:
        code = f"JB{today:%Y%m%d}{_random(6)}"
        if not Tip.objects.filter(code=code).exists():
            return code


def _event(tip: Tip, text: str, public: bool = True) -> None:
    TipEvent.objects.create(tip=tip, at=timezone.now(), text=text, public=public)


# ---------------------------------------------------------------- permissions


def is_staff(user) -> bool:
    return user.is_superuser or user.role in (Role.AWB, Role.INSPECTOR, Role.DEPT_LEADER)


def in_scope(user, tip: Tip, action: str = "view") -> bool:
    return Tip.objects.restrict(user, action).filter(pk=tip.pk).exists()


def is_awb(user, tip: Tip) -> bool:
    return user.role == Role.AWB and in_scope(user, tip, "change")


def can_reveal(user, tip: Tip) -> bool:
    """Only the assigned handler, and 安委办 staff holding the right to see reporters'
    identities (granted with a security administrator's approval: 三员分立), in the tip's
    region."""
    if not tip.has_identity or not user.is_authenticated:
        return False
    if tip.handler_id and tip.handler_id == user.pk and in_scope(user, tip):
        return True
    return user.role == Role.AWB and user.may_reveal_reporters and in_scope(user, tip)


def can_handle(user, tip: Tip) -> bool:
    """Record verification and result: the handler, the department's leader, or the 安委办."""
    if not in_scope(user, tip, "change"):
        return False
    if user.role == Role.AWB or user.is_superuser:
        return True
    if tip.handler_id == user.pk:
        return True
    return user.role == Role.DEPT_LEADER and user.department_id == tip.department_id


def can_decide_reward(user, tip: Tip) -> bool:
    """Approval by the 安委办 leader or by the leader of the handling department."""
    if not in_scope(user, tip, "change"):
        return False
    if user.is_superuser:
        return True
    if user.role == Role.AWB:
        return user.is_leader
    return user.role == Role.DEPT_LEADER and user.department_id == tip.department_id


def _lock(tip: Tip, by, expected_version=None, action: str = "change") -> Tip:
    require(in_scope(by, tip, action), _("无权办理该举报"))
    tip = Tip.objects.select_for_update().get(pk=tip.pk)
    check_version(tip, expected_version)
    return tip


def _save(tip: Tip, by, action: str, before: dict, note: str = "") -> Tip:
    tip.version += 1
    tip.save()
    record(by, action, tip, before=before, after=_snap(tip), note=note)
    return tip


def _require_status(tip: Tip, allowed: tuple, doing: str) -> None:
    """`doing` is the (translated) name of the refused step, e.g. pgettext("refused step", "分办")."""
    if tip.status not in allowed:
        raise ValidationError(
            {
                "status": _("举报当前为“%(status)s”，不能%(doing)s")
                % {"status": _(tip.get_status_display()), "doing": doing}
            }
        )


# ---------------------------------------------------------------- uploads


def file_kind(head: bytes) -> str | None:
    """The content type from the magic bytes: JPEG, PNG or PDF only (core.uploads)."""
    found = sniff(head) & (KINDS["image"] | KINDS["pdf"]) - {"image/webp"}
    return sorted(found)[0] if found else None


def check_files(files) -> list[tuple]:
    """Validate uploads; returns (file, content_type, data) or raises naming every bad file."""
    files = [f for f in files or [] if f]
    errors = []
    if len(files) > MAX_FILES:
        errors.append(
            _("最多上传 %(max)d 个附件（已选 %(n)d 个）") % {"max": MAX_FILES, "n": len(files)}
        )
    out = []
    for f in files:
        name = getattr(f, "name", "") or _("附件")
        if f.size > MAX_FILE_BYTES:
            errors.append(
                _("附件“%(name)s”大小为 %(size).1f MB，超过 %(max)d MB 的限制")
                % {
                    "name": name,
                    "size": math.ceil(f.size * 10 / 1024 / 1024) / 10,
                    "max": MAX_FILE_BYTES // 1024 // 1024,
                }
            )
            continue
        f.seek(0)
        data = f.read()
        kind = file_kind(data[:8])
        if kind is None:
            errors.append(_("附件“%(name)s”不是 JPG、PNG 图片或 PDF 文件") % {"name": name})
            continue
        out.append((f, kind, data))
    if errors:
        raise ValidationError({"files": errors})
    return out


# ---------------------------------------------------------------- intake


@sensitive_variables()
def validate_identity(anonymous: bool, name: str, phone: str, errors: dict) -> dict | None:
    if anonymous:
        return None
    name, phone = (name or "").strip(), (phone or "").strip()
    if not name:
        errors["reporter_name"] = _("实名举报请填写姓名")
    if not phone:
        errors["reporter_phone"] = _("实名举报请填写联系电话")
    elif not PHONE_RE.match(phone):
        errors["reporter_phone"] = _("联系电话格式不正确")
    return {"name": name, "phone": phone}


def match_enterprise(name: str) -> Enterprise | None:
    matches = list(Enterprise.objects.filter(name=name.strip())[:2])
    return matches[0] if len(matches) == 1 else None


@sensitive_variables()
def submit_tip(
    *,
    by=None,
    channel: str = "web",
    category: str,
    enterprise_name: str,
    region: Region | None = None,
    enterprise: Enterprise | None = None,
    place: str = "",
    description: str,
    anonymous: bool = True,
    reporter_name: str = "",
    reporter_phone: str = "",
    files=(),
    received_at: datetime | None = None,
) -> tuple[Tip, str]:
    """A public tip (by=None) or a staff-recorded one (hotline, letter, visit, e-mail).

    Returns the tip and its one-time status secret (only its hash is stored).
    """
    errors: dict = {}
    if by is None:
        channel = "web"
    else:
        require(is_staff(by), _("只有安委办和部门工作人员可以登记举报"))
        if channel == "web":
            errors["channel"] = _("工作人员登记的举报请选择热线、来信、来访或电子邮件渠道")
    if channel not in dict(CHANNELS):
        errors["channel"] = _("举报渠道无效")
    if category not in dict(CATEGORIES):
        errors["category"] = _("请选择举报类别")
    enterprise_name = (enterprise_name or "").strip()
    if enterprise is None and enterprise_name:
        enterprise = match_enterprise(enterprise_name)
    if enterprise is not None:
        enterprise_name = enterprise.name
        region = enterprise.region
    if not enterprise_name:
        errors["enterprise_name"] = _("请填写被举报单位名称")
    if region is None:
        errors["region"] = _("请选择所在镇街（园区）")
    elif by is not None and not by.is_superuser:
        own = by.department.region if by.department_id else by.region
        if own is None or not region.code.startswith(own.prefix):
            errors["region"] = _("所在区划不在您的管辖范围内")
    description = (description or "").strip()
    if len(description) < 10:
        errors["description"] = _("请具体描述举报事项（至少10个字）")
    identity = validate_identity(anonymous, reporter_name, reporter_phone, errors)
    try:
        checked = check_files(files)
    except ValidationError as exc:
        errors.update(exc.message_dict)
        checked = []
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    received_at = received_at or now
    secret = _random(SECRET_LENGTH)
    with transaction.atomic():
        code = _new_code(timezone.localdate(received_at))
        tip = Tip(
            code=code,
            secret_hash=make_password(secret),
            channel=channel,
            category=category,
            enterprise=enterprise,
            enterprise_name=enterprise_name[:128],
            region=region,
            place=place.strip()[:200],
            description=description,
            anonymous=identity is None,
            reporter_cipher=encrypt_identity(identity, code) if identity else None,
            received_at=received_at,
            recorded_by=by,
            stage_started_at=received_at,
        )
        tip.enforcement_check = _is_repeated(enterprise, received_at, extra=1)
        tip.save()
        for f, kind, data in checked:
            att = TipAttachment(
                tip=tip, content_type=kind, size=len(data), sha256=hashlib.sha256(data).hexdigest()
            )
            f.seek(0)
            att.file.save(f"upload{att.extension}", f, save=False)
            att.save()
        _event(tip, "已收到举报，等待受理")
        if tip.enforcement_check:
            _event(tip, "被举报单位近期被反复举报，列入执法式核查", public=False)
        record(
            by,
            "tip.create",
            tip,
            after=_snap(tip) | {"attachments": len(checked)},
            username=None if by is not None else PUBLIC_ACTOR,
        )
        _reclassify(enterprise)
    return tip, secret


# ---------------------------------------------------------------- reporter's status page


class LookupError_(Exception):
    """Wrong code/secret or locked; `str()` is the message for the reporter."""


@dataclass
class PublicStatus:
    code: str
    category: str
    received_at: datetime
    status: str
    merged_into: str
    result: str
    reply: str
    reward_status: str
    reward_yuan: Decimal | None
    events: list


def check_status(code: str, secret: str, ip: str) -> Tip:
    """The tip for a code and secret; refuses wrong secrets and locks after repeated failures."""
    code = (code or "").strip().upper()
    secret = (secret or "").strip().upper()
    if ratelimit.lookup_locked(code, ip):
        minutes = ratelimit.setting("ANJIAN_TIP_LOCK_MINUTES", 15)
        raise LookupError_(_("查询密码错误次数过多，请 %(n)d 分钟后再试") % {"n": minutes})
    tip = Tip.objects.filter(code=code).first()
    if tip is None or not secret or not check_password(secret, tip.secret_hash):
        if tip is None:
            make_password(secret)  # same cost as a real check, so timing reveals nothing
        ratelimit.lookup_failed(code, ip)
        raise LookupError_(_("举报编号或查询密码不正确"))
    ratelimit.lookup_succeeded(code)
    return tip


def public_status(tip: Tip) -> PublicStatus:
    """What the reporter may see: progress and result, never internal notes or people."""
    shown = tip.master if tip.status == "merged" and tip.master_id else tip
    events = list(TipEvent.objects.filter(tip__in={tip.pk, shown.pk}, public=True))
    events.sort(key=lambda e: (e.at, e.pk))
    reward = shown.reward_status if shown.reward_status in ("approved", "paid") else ""
    return PublicStatus(
        code=tip.code,
        category=tip.get_category_display(),
        received_at=tip.received_at,
        status=shown.get_status_display(),
        merged_into=shown.code if shown is not tip else "",
        result=shown.get_result_display() if shown.result else "",
        reply=shown.public_reply if shown.status == "concluded" else shown.reject_reason,
        reward_status=dict(Tip._meta.get_field("reward_status").choices).get(reward, "")
        if reward
        else "",
        reward_yuan=shown.reward_yuan if reward else None,
        events=events,
    )


# ---------------------------------------------------------------- reveal


@sensitive_variables()
def reveal(by, tip: Tip, *, reason: str = "") -> dict:
    """Decrypt the reporter's identity for the handler or the 安委办 leader; always audited."""
    tip = Tip.objects.get(pk=tip.pk)  # decide on the current handler, not a stale copy
    require(can_reveal(by, tip), _("只有承办人和安委办负责人可以查看举报人信息"))
    with transaction.atomic():
        identity = decrypt_identity(tip.reporter_cipher, tip.code)
        record(by, "tip.reveal", tip, note=(reason or "查看举报人信息")[:200])
    return identity


# ---------------------------------------------------------------- handling


def triage(
    by,
    tip: Tip,
    *,
    accept: bool,
    reason: str = "",
    note: str = "",
    category: str | None = None,
    enterprise: Enterprise | None = None,
    expected_version=None,
) -> Tip:
    """受理 or 不予受理 (安委办). May correct the category and link the registry enterprise."""
    require(is_awb(by, tip) or by.is_superuser, _("举报由安委办受理"))
    with transaction.atomic():
        tip = _lock(tip, by, expected_version)
        _require_status(tip, ("new",), pgettext("refused step", "受理"))
        before = _snap(tip)
        if category:
            if category not in dict(CATEGORIES):
                raise ValidationError({"category": _("举报类别无效")})
            tip.category = category
        if enterprise is not None:
            require(
                Enterprise.objects.restrict(by).filter(pk=enterprise.pk).exists(),
                _("该企业不在您的管辖范围内"),
            )
            tip.enterprise, tip.enterprise_name, tip.region = (
                enterprise,
                enterprise.name,
                enterprise.region,
            )
            tip.enforcement_check = tip.enforcement_check or _is_repeated(
                enterprise, tip.received_at, exclude=tip.pk, extra=1
            )
        tip.triage_note = note.strip()
        if accept:
            tip.status = "accepted"
            _event(tip, "举报已受理，正在分办")
        else:
            if not reason.strip():
                raise ValidationError({"reject_reason": _("不予受理须说明理由（将告知举报人）")})
            tip.status = "rejected"
            tip.reject_reason = reason.strip()[:200]
            tip.concluded_at = timezone.now()
            _event(tip, f"不予受理：{tip.reject_reason}")
        tip.stage_started_at = timezone.now()
        _save(tip, by, "tip.triage", before)
        _reclassify(tip.enterprise)
        return tip


def suggest_departments(tip: Tip) -> list[Department]:
    """Departments whose sectors cover the enterprise's sectors, in its territory."""
    if tip.enterprise_id is None:
        return []
    from anjian.registry.services import supervising_departments

    depts = supervising_departments(tip.enterprise)
    primary = tip.enterprise.primary_sector_id
    return sorted(depts, key=lambda d: (primary not in {s.id for s in d.sectors.all()}, d.id))


def eligible_handlers(day: date | None = None):
    """Who may handle a tip on `day`: active 执法人员 and 部门负责人 holding a valid 执法证."""
    day = day or timezone.localdate()
    return (
        User.objects.filter(
            is_active=True, role__in=(Role.INSPECTOR, Role.DEPT_LEADER), cert_expiry__gte=day
        )
        .exclude(cert_no="")
        .select_related("department")
    )


def handler_label(user) -> str:
    """ "应急局 张执法": the department's short name and the person (once, if the name has it)."""
    name = str(user)
    short = user.department.short_name if user.department_id else ""
    return name if not short or name.startswith(short) else f"{short} {name}"


def handler_problem(handler, department, day: date | None = None) -> str | None:
    """Why `handler` may not handle a tip of `department` on `day` (None when they may)."""
    day = day or timezone.localdate()
    name = str(handler)
    if (
        department is None
        or handler.department_id != department.pk
        or handler.role
        not in (
            Role.INSPECTOR,
            Role.DEPT_LEADER,
        )
    ):
        return _("承办人须为承办部门的执法人员或负责人")
    if not handler.is_active:
        return _("%(name)s 的账号已停用，不能承办举报") % {"name": name}
    if not handler.cert_no or handler.cert_expiry is None:
        return _("%(name)s 未登记执法证，不能承办举报") % {"name": name}
    if handler.cert_expiry < day:
        return _("%(name)s 的执法证已于 %(date)s 过期，不能承办举报") % {
            "name": name,
            "date": handler.cert_expiry.isoformat(),
        }
    return None


def assign(
    by, tip: Tip, *, department: Department, handler=None, note: str = "", expected_version=None
) -> Tip:
    """分办 to a department (安委办); optionally name the handler (see `handler_problem`)."""
    require(is_awb(by, tip) or by.is_superuser, _("举报由安委办分办"))
    with transaction.atomic():
        tip = _lock(tip, by, expected_version)
        _require_status(tip, ("accepted", "assigned"), pgettext("refused step", "分办"))
        errors = {}
        if department is None:
            errors["department"] = _("请选择承办部门")
        elif not tip.region_id.startswith(department.region.prefix):
            errors["department"] = _("承办部门不在被举报单位所在地")
        if handler is not None and department is not None:
            problem = handler_problem(handler, department)
            if problem:
                errors["handler"] = problem
        if errors:
            raise ValidationError(errors)
        before = _snap(tip)
        tip.department, tip.handler = department, handler
        tip.status, tip.assigned_at = "assigned", timezone.now()
        tip.stage_started_at = tip.assigned_at
        _event(tip, f"已交由{department.name}核查处理")
        if note.strip():
            _event(tip, f"分办意见：{note.strip()[:180]}", public=False)
        return _save(tip, by, "tip.assign", before)


def set_handler(by, tip: Tip, *, handler, expected_version=None) -> Tip:
    """The department leader (or the 安委办) names the handler within the department."""
    with transaction.atomic():
        tip = _lock(tip, by, expected_version)
        allowed = is_awb(by, tip) or (
            by.role == Role.DEPT_LEADER and by.department_id == tip.department_id
        )
        require(allowed or by.is_superuser, _("只有部门负责人或安委办可以指定承办人"))
        _require_status(tip, ("assigned", "verifying"), pgettext("refused step", "指定承办人"))
        if handler is None:
            raise ValidationError({"handler": _("请选择承办人")})
        problem = handler_problem(handler, tip.department)
        if problem:
            raise ValidationError({"handler": problem})
        before = _snap(tip)
        tip.handler = handler
        return _save(tip, by, "tip.handler", before)


def start_verification(
    by, tip: Tip, *, inspectors, inspected_on: date, experts=(), expected_version=None
):
    """Open the 举报核查 inspection (inspections app) and link it to the tip."""
    from anjian.inspections.services import create_inspection

    with transaction.atomic():
        tip = _lock(tip, by, expected_version)
        require(can_handle(by, tip), _("只有承办人、部门负责人或安委办可以组织核查"))
        if tip.enterprise_id is None:
            raise ValidationError({"enterprise": _("被举报单位未关联企业名录，请在受理时关联企业")})
        _require_status(tip, ("assigned",), pgettext("refused step", "开展核查"))
        before = _snap(tip)
        modes = ["tip", "sbll"] if tip.enforcement_check else ["tip"]
        try:
            insp = create_inspection(
                by,
                enterprise=tip.enterprise,
                inspected_on=inspected_on,
                inspectors=list(inspectors),
                experts=list(experts),
                modes=modes,
                department=tip.department,
                origin="tip",
                tip_ref=tip.code,
                place=tip.place,
            )
        except ValidationError as exc:
            # the inspection's "team" is this service's `inspectors`
            errors = error_dict(exc)
            if "team" in errors:
                errors.setdefault("inspectors", []).extend(errors.pop("team"))
            raise ValidationError(errors) from exc
        tip.inspection = insp
        tip.status = "verifying"
        _event(tip, "已开展现场核查")
        return _save(tip, by, "tip.verify", before)


def link_inspection(by, tip: Tip, *, inspection, expected_version=None) -> Tip:
    """Link an existing inspection of the tipped enterprise as the 举报核查."""
    from anjian.inspections.models import Inspection

    require(
        Inspection.objects.restrict(by, "view").filter(pk=inspection.pk).exists(),
        _("无权查看该检查记录"),
    )
    with transaction.atomic():
        tip = _lock(tip, by, expected_version)
        require(can_handle(by, tip), _("只有承办人、部门负责人或安委办可以组织核查"))
        _require_status(tip, ("assigned", "verifying"), pgettext("refused step", "关联核查记录"))
        if inspection.enterprise_id != tip.enterprise_id:
            raise ValidationError({"inspection": _("检查记录的被检查单位与被举报单位不一致")})
        before = _snap(tip)
        tip.inspection, tip.status = inspection, "verifying"
        _event(tip, "已开展现场核查")
        return _save(tip, by, "tip.verify", before)


@dataclass
class VerificationOutcome:
    """What came out of a tip's 举报核查, as far as `user` may see it."""

    inspection: object | None
    hazards: list
    cases: list


def verification_outcome(user, tip: Tip) -> VerificationOutcome:
    """The verification inspection, the hazards its findings became and the cases opened
    from that inspection, its findings or those hazards — each through the reader's own scope.

    There is no tip foreign key on hazards or cases: the chain is Tip.inspection →
    Finding.inspection → Finding.hazard, and Case.inspection / Case.findings / Case.hazards.
    """
    from anjian.enforcement.models import Case
    from anjian.hazards.models import Hazard
    from anjian.inspections.models import Finding, Inspection

    if not tip.inspection_id:
        return VerificationOutcome(None, [], [])
    insp = Inspection.objects.restrict(user, "view").filter(pk=tip.inspection_id).first()
    hazard_ids = list(
        Finding.objects.filter(inspection_id=tip.inspection_id, hazard__isnull=False)
        .values_list("hazard_id", flat=True)
        .distinct()
    )
    hazards = list(
        Hazard.objects.restrict(user, "view")
        .filter(pk__in=hazard_ids)
        .select_related("department")
        .order_by("found_at", "pk")
    )
    case_ids = Case.objects.filter(
        Q(inspection_id=tip.inspection_id)
        | Q(findings__inspection_id=tip.inspection_id)
        | Q(hazards__in=hazard_ids)
    ).values("pk")
    cases = list(
        Case.objects.restrict(user, "view")
        .filter(pk__in=case_ids)
        .select_related("department")
        .order_by("filed_on", "pk")
    )
    return VerificationOutcome(insp, hazards, cases)


def compute_reward(category: str, *, fine_yuan=0, concealed_deaths=0, accident_grade=""):
    """The law engine's reward (安监总财〔2018〕19号); None for 其他 tips."""
    kind = REWARD_KIND.get(category)
    if kind is None:
        return None
    if kind is TipKind.CONCEALED_ACCIDENT:
        grade = AccidentGrade.from_label(accident_grade) if accident_grade else None
        if grade is None:
            raise ValidationError({"accident_grade": _("举报瞒报谎报事故的奖励须填写事故等级")})
        return tip_reward(kind, concealed_deaths=concealed_deaths, accident_grade=grade)
    return tip_reward(kind, fine_yuan=fine_yuan)


def _linked_accident(tip: Tip):
    accidents = getattr(tip, "accidents", None)
    return accidents.order_by("-deaths").first() if accidents is not None else None


def record_result(
    by,
    tip: Tip,
    *,
    result: str,
    public_reply: str,
    internal_note: str = "",
    fine_yuan: int = 0,
    concealed_deaths: int | None = None,
    accident_grade: str = "",
    expected_version=None,
) -> Tip:
    """核查结果 (属实/部分属实/不属实); a verified tip gets the law engine's reward proposal."""
    errors = {}
    if result not in dict(RESULTS):
        errors["result"] = _("请选择核查结果")
    if not (public_reply or "").strip():
        errors["public_reply"] = _("请填写答复举报人的内容")
    if fine_yuan is None or fine_yuan < 0:
        errors["fine_yuan"] = _("罚款金额不能为负数")
    limits = {"fine_yuan": fine_yuan, "concealed_deaths": concealed_deaths}
    errors = {**field_errors(Tip, limits), **errors}
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        tip = _lock(tip, by, expected_version)
        require(can_handle(by, tip), _("只有承办人、部门负责人或安委办可以填报核查结果"))
        _require_status(tip, ("assigned", "verifying"), pgettext("refused step", "填报核查结果"))
        before = _snap(tip)
        tip.result = result
        tip.public_reply = public_reply.strip()
        tip.internal_note = internal_note.strip()
        tip.fine_yuan = int(fine_yuan or 0)
        if tip.category == "concealed":
            accident = _linked_accident(tip)
            if concealed_deaths is None and accident is not None:
                concealed_deaths = accident.deaths
            if not accident_grade and accident is not None:
                accident_grade = accident.grade
        tip.concealed_deaths = int(concealed_deaths or 0)
        tip.accident_grade = accident_grade or ""
        tip.status, tip.concluded_at = "concluded", timezone.now()
        tip.stage_started_at = tip.concluded_at
        reward = None
        if result in ("true", "partial"):
            reward = compute_reward(
                tip.category,
                fine_yuan=tip.fine_yuan,
                concealed_deaths=tip.concealed_deaths,
                accident_grade=tip.accident_grade,
            )
        if reward is not None and reward.value > 0:
            tip.reward_yuan = reward.value
            tip.reward_reasons = list(reward.reasons) + [f"依据：{a}" for a in reward.articles]
            tip.reward_status = "proposed"
        else:
            tip.reward_yuan, tip.reward_reasons, tip.reward_status = None, [], ""
        _event(tip, f"核查完毕，结果：{tip.get_result_display()}")
        return _save(tip, by, "tip.result", before)


def decide_reward(by, tip: Tip, *, approve: bool, note: str = "", expected_version=None) -> Tip:
    with transaction.atomic():
        tip = _lock(tip, by, expected_version)
        require(can_decide_reward(by, tip), _("奖励由安委办负责人或承办部门负责人审批"))
        if tip.reward_status != "proposed":
            raise ValidationError({"reward_status": _("该举报没有待审批的奖励")})
        if not approve and not note.strip():
            raise ValidationError({"reward_note": _("不予奖励须填写理由")})
        before = _snap(tip)
        tip.reward_status = "approved" if approve else "denied"
        tip.reward_decided_by, tip.reward_decided_at = by, timezone.now()
        tip.reward_note = note.strip()[:200]
        tip.stage_started_at = tip.reward_decided_at
        _event(tip, "举报奖励已批准，请按通知领取" if approve else "经审核，本举报不予奖励")
        return _save(tip, by, "tip.reward_decide", before)


def record_payout(by, tip: Tip, *, paid_on: date, payout_ref: str, expected_version=None) -> Tip:
    with transaction.atomic():
        tip = _lock(tip, by, expected_version)
        require(
            (by.role == Role.AWB or can_decide_reward(by, tip)) and in_scope(by, tip, "change"),
            _("无权登记奖励发放"),
        )
        if tip.reward_status != "approved":
            raise ValidationError({"reward_status": _("奖励尚未批准，不能登记发放")})
        errors = {}
        if paid_on is None:
            errors["paid_on"] = _("请填写发放日期")
        elif paid_on > timezone.localdate():
            errors["paid_on"] = _("发放日期不能晚于今天")
        if not (payout_ref or "").strip():
            errors["payout_ref"] = _("请填写发放凭证号")
        if errors:
            raise ValidationError(errors)
        before = _snap(tip)
        tip.reward_status, tip.paid_on, tip.payout_ref = "paid", paid_on, payout_ref.strip()
        _event(tip, "举报奖励已发放")
        return _save(tip, by, "tip.payout", before)


def merge(by, duplicate: Tip, master: Tip, *, note: str = "") -> Tip:
    """Merge a duplicate into its master; the reporter of the duplicate follows the master."""
    require(is_awb(by, duplicate) or by.is_superuser, _("重复举报由安委办合并"))
    require(in_scope(by, master, "change"), _("无权访问主举报"))
    with transaction.atomic():
        dup = Tip.objects.select_for_update().get(pk=duplicate.pk)
        master = Tip.objects.select_for_update().get(pk=master.pk)
        if dup.pk == master.pk:
            raise ValidationError({"master": _("不能与自身合并")})
        if master.status in ("merged", "rejected"):
            raise ValidationError({"master": _("主举报已合并或不予受理，请选择其他举报")})
        _require_status(dup, ("new", "accepted", "assigned"), pgettext("refused step", "合并"))
        before = _snap(dup)
        dup.master, dup.status = master, "merged"
        dup.concluded_at = timezone.now()
        _event(dup, "与同一事项的其他举报合并办理")
        if note.strip():
            _event(dup, f"合并说明：{note.strip()[:180]}", public=False)
        _save(dup, by, "tip.merge", before)
        _reclassify(dup.enterprise)
        return dup


# ---------------------------------------------------------------- deadlines and repeat tips


def deadline_days() -> dict[str, int]:
    days = dict(DEFAULT_DEADLINE_DAYS)
    days.update(dict(TipDeadline.objects.values_list("stage", "days")))
    return days


def due_at(tip: Tip, days: dict | None = None) -> datetime | None:
    stage = tip.stage
    if stage is None:
        return None
    return tip.stage_started_at + timedelta(days=(days or deadline_days())[stage])


# The statuses (and reward states) of each handling stage, as in `Tip.stage`.
STAGE_Q = {
    "triage": Q(status="new"),
    "assign": Q(status="accepted"),
    "verify": Q(status__in=("assigned", "verifying")),
    "reward_approval": Q(status="concluded", reward_status="proposed"),
    "payout": Q(status="concluded", reward_status="approved"),
}


def overdue_q(now: datetime | None = None, days: dict | None = None) -> Q:
    """Open tips past the time limit of their current stage (one condition per stage)."""
    now = now or timezone.now()
    days = days or deadline_days()
    q = Q(pk__in=[])
    for stage, in_stage in STAGE_Q.items():
        q |= in_stage & Q(stage_started_at__lt=now - timedelta(days=days[stage]))
    return q


def overdue(qs, now: datetime | None = None) -> list[tuple[Tip, datetime]]:
    """Open tips past the time limit of their current stage, longest in their stage first."""
    now = now or timezone.now()
    days = deadline_days()
    rows = qs.filter(overdue_q(now, days)).select_related("department")
    return [(tip, due_at(tip, days)) for tip in rows.order_by("stage_started_at", "id")]


def set_deadline(by, *, stage: str, days: int) -> TipDeadline:
    require(by.is_superuser or by.role == Role.AWB, _("办理时限由安委办设置"))
    if stage not in dict(STAGES):
        raise ValidationError({"stage": _("办理环节无效")})
    if days is None or not 1 <= int(days) <= 365:
        raise ValidationError({"days": _("办理时限应为1至365日")})
    with transaction.atomic():
        obj, _created = TipDeadline.objects.select_for_update().get_or_create(
            stage=stage, defaults={"days": days}
        )
        before = {"days": obj.days}
        obj.days = int(days)
        obj.save()
        record(by, "tip.deadline", obj, before=before, after={"stage": stage, "days": obj.days})
        return obj


def set_policy(by, *, repeat_threshold: int, repeat_window_days: int) -> TipPolicy:
    require(by.is_superuser or by.role == Role.AWB, _("举报处理规则由安委办设置"))
    errors = {}
    if not 2 <= int(repeat_threshold) <= 20:
        errors["repeat_threshold"] = _("次数应为2至20")
    if not 30 <= int(repeat_window_days) <= 1095:
        errors["repeat_window_days"] = _("统计期间应为30至1095日")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        policy = TipPolicy.current()
        before = snapshot(policy, ["repeat_threshold", "repeat_window_days"]) if policy.pk else {}
        policy.repeat_threshold = int(repeat_threshold)
        policy.repeat_window_days = int(repeat_window_days)
        policy.save()
        record(
            by,
            "tip.policy",
            policy,
            before=before,
            after=snapshot(policy, ["repeat_threshold", "repeat_window_days"]),
        )
        return policy


def _counted_tips():
    """Tips that count as separate reports (duplicates merged into another do not)."""
    return Tip.objects.exclude(status__in=("merged", "rejected"))


def _is_repeated(enterprise, at: datetime, *, exclude=None, extra: int = 0) -> bool:
    if enterprise is None:
        return False
    policy = TipPolicy.current()
    qs = _counted_tips().filter(
        enterprise=enterprise,
        received_at__gt=at - timedelta(days=policy.repeat_window_days),
        received_at__lte=at,
    )
    if exclude:
        qs = qs.exclude(pk=exclude)
    return qs.count() + extra >= policy.repeat_threshold


def repeated_rows(qs, today: date | None = None):
    """Enterprises of the tips in `qs` tipped at least `repeat_threshold` times in the window
    (→ 执法式核查): rows of enterprise, enterprise__name and n, most tipped first."""
    policy = TipPolicy.current()
    now = (
        timezone.now()
        if today is None
        else timezone.make_aware(datetime.combine(today, datetime.max.time()))
    )
    return (
        qs.exclude(status__in=("merged", "rejected"))
        .filter(
            enterprise__isnull=False,
            received_at__gt=now - timedelta(days=policy.repeat_window_days),
        )
        .values("enterprise", "enterprise__name")
        .annotate(n=Count("id"))
        .filter(n__gte=policy.repeat_threshold)
        .order_by("-n", "enterprise__name")
    )


def repeated_enterprises(user, today: date | None = None) -> list[dict]:
    """The repeatedly tipped enterprises of the user's tips (see `repeated_rows`)."""
    rows = repeated_rows(Tip.objects.restrict(user), today)
    return [
        {"enterprise_id": r["enterprise"], "name": r["enterprise__name"], "count": r["n"]}
        for r in rows
    ]


def _reclassify(enterprise) -> None:
    if enterprise is not None:
        from anjian.registry.services import classify

        classify([enterprise])


def tip_dates_provider(enterprise_ids, today) -> dict:
    """名录库 facts: the dates each enterprise was tipped (merged duplicates not counted)."""
    out: dict = {}
    rows = _counted_tips().filter(enterprise_id__in=enterprise_ids)
    for ent_id, at in rows.values_list("enterprise_id", "received_at"):
        out.setdefault(ent_id, []).append(timezone.localdate(at))
    return {k: {"tip_dates": tuple(sorted(v))} for k, v in out.items()}
