"""Every hazard state change: permission, validation, write and audit in one transaction.

State machine (H3):  待整改 pending → 整改中 rectifying → 待复查 review → 已销号 closed,
复查不通过 review → rectifying; 即查即改 pending/rectifying → closed at once with evidence.
Each transition is one function here; enterprise users can never close a hazard.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from anjian.accounts.models import Department, Role
from anjian.audit.services import record
from anjian.core.services import check_version, require, snapshot
from anjian.core.uploads import check_uploads
from anjian.registry.models import Enterprise

from .models import (
    DISPOSALS,
    OPEN_STATUSES,
    Disposal,
    Escalation,
    Hazard,
    HazardCriterion,
    HazardEvent,
    HazardEvidence,
    HazardExtension,
    HazardStandardCategory,
    OnSiteMeasure,
    Supervision,
)

REPORT_FIELDS = [
    "enterprise",
    "source",
    "level",
    "description",
    "location",
    "rectification_plan",
    "deadline",
    "status",
    "department",
    "checklist_item",
    "criterion",
]
STATE_FIELDS = [
    "status",
    "mode",
    "deadline",
    "measures",
    "responsible_person",
    "funds",
    "emergency_plan",
    "discovery_reported_at",
    "completion_reported_at",
    "closed_at",
    "version",
]
STATUS_LABELS = dict(Hazard.STATUS)
MAX_FILE_BYTES = 20 * 1024 * 1024


# ---------------------------------------------------------------- permission helpers


def is_own_enterprise(by, hazard: Hazard) -> bool:
    return by.role == Role.ENTERPRISE and by.enterprise_id == hazard.enterprise_id


def staff_can_change(by, hazard: Hazard) -> bool:
    if by.role == Role.ENTERPRISE:
        return False
    return Hazard.objects.restrict(by, "change").filter(pk=hazard.pk).exists()


def can_act_for_enterprise(by, hazard: Hazard) -> bool:
    """The enterprise itself, or staff entering on its behalf (e.g. from a paper register)."""
    return is_own_enterprise(by, hazard) or staff_can_change(by, hazard)


def can_review(by, hazard: Hazard) -> bool:
    """整改复查 / 销号: department inspectors or leaders with a valid 执法证, or the town office."""
    if by.is_superuser:
        return True
    if by.role in (Role.INSPECTOR, Role.DEPT_LEADER):
        if not by.cert_valid_on(timezone.localdate()):
            return False
    elif by.role != Role.TOWN:
        return False
    return staff_can_change(by, hazard)


def can_supervise(by) -> bool:
    return by.is_superuser or by.role == Role.AWB


def can_enforce(by) -> bool:
    """Administrative enforcement (现场处理措施): certified department staff."""
    return by.is_superuser or (
        by.role in (Role.INSPECTOR, Role.DEPT_LEADER) and by.cert_valid_on(timezone.localdate())
    )


def _require_review(by, hazard):
    if by.role == Role.ENTERPRISE:
        require(False, _("企业不能对本企业隐患复查或销号，须由监管部门复查"))
    if by.role in (Role.INSPECTOR, Role.DEPT_LEADER) and not by.cert_valid_on(timezone.localdate()):
        require(False, _("您的执法证已过期或未登记，不能开展整改复查"))
    require(can_review(by, hazard), _("无权对该隐患复查（不在您的监管范围内）"))


# ---------------------------------------------------------------- helpers


def _lock(hazard: Hazard, expected_version) -> Hazard:
    """Re-read the hazard under a row lock and refuse a stale write (optimistic locking)."""
    h = Hazard.objects.select_for_update().get(pk=hazard.pk)
    check_version(h, expected_version)
    return h


def _require_status(h: Hazard, allowed: tuple, action: str) -> None:
    if h.status not in allowed:
        raise ValidationError(
            {
                "status": _("隐患当前状态为“%(status)s”，不能%(action)s")
                % {"status": _(STATUS_LABELS[h.status]), "action": action}
            }
        )


def _check_files(files, field="files") -> None:
    """Evidence is a photo, a PDF or an office document by its content (core.uploads)."""
    check_uploads(files, ("image", "pdf", "office"), field=field, max_bytes=MAX_FILE_BYTES)


def _event(h: Hazard, kind: str, by, note: str = "", files=(), file_kind="rectified"):
    ev = HazardEvent.objects.create(hazard=h, kind=kind, actor=by, note=note)
    for f in files:
        HazardEvidence.objects.create(hazard=h, kind=file_kind, file=f, uploaded_by=by, event=ev)
    return ev


def _save(h: Hazard, by, action: str, before: dict, note: str = "") -> Hazard:
    h.version += 1
    h.save()
    record(by, f"hazard.{action}", h, before=before, after=snapshot(h, STATE_FIELDS), note=note)
    return h


def _reclassify(enterprise_id: int) -> None:
    from anjian.registry.services import classify

    classify(Enterprise.objects.filter(pk=enterprise_id))


def default_department(enterprise: Enterprise):
    """The department supervising the enterprise's primary sector in its county."""
    for dept in Department.objects.filter(sectors=enterprise.primary_sector_id).select_related(
        "region"
    ):
        if enterprise.region_id.startswith(dept.region.prefix):
            return dept
    return None


def same_hazard_q(*, criterion=None, checklist_item=None, description: str = "") -> Q:
    """H5: what makes two hazards "the same": same 判定标准 item, same checklist item, or the
    same description."""
    q = Q(description=description.strip()) if description.strip() else Q(pk__in=[])
    if criterion is not None:
        q |= Q(criterion=criterion)
    if checklist_item is not None:
        q |= Q(checklist_item=checklist_item)
    return q


def _link_previous(h: Hazard) -> None:
    """Set H5 repeat fields and the H4 self-report link from earlier hazards at the enterprise."""
    prior = (
        Hazard.objects.filter(enterprise_id=h.enterprise_id, found_at__lte=h.found_at)
        .filter(
            same_hazard_q(
                criterion=h.criterion, checklist_item=h.checklist_item, description=h.description
            )
        )
        .exclude(pk=h.pk)
    )
    recurred = prior.filter(status="closed", closed_at__lte=h.found_at)
    h.repeat_count = recurred.count()
    h.repeat_of = recurred.order_by("-closed_at", "-id").first()
    if h.source != "self":
        h.self_report = (
            prior.filter(source="self")
            .exclude(status="closed", closed_at__lte=h.found_at)
            .order_by("-found_at")
            .first()
        )


# ---------------------------------------------------------------- H1 ledger

# The values of a hazard that a report gives (the page, the API, an import row): each is
# checked against its model field (lengths, digits, choices), so none can fail in the database.
FIVE_VALUES = ("measures", "responsible_person", "funds", "emergency_plan")
REPORT_VALUES = (
    tuple("source level description location rectification_plan mode deadline".split())
    + FIVE_VALUES
)


def model_errors(obj, fields) -> dict[str, list[str]]:
    """The model's own limits on `fields` of `obj` (max_length, max_digits, choices), by field;
    the values are parsed in place (a funds text becomes a Decimal)."""
    exclude = [f.name for f in obj._meta.concrete_fields if f.name not in fields]
    try:
        obj.clean_fields(exclude=exclude)
    except ValidationError as exc:
        return exc.message_dict
    return {}


def _funds_error(h: Hazard, errors: dict) -> None:
    if "funds" not in errors and h.funds is not None and h.funds < 0:
        errors["funds"] = _("整改资金不能为负数")


def new_hazard(
    by,
    *,
    enterprise: Enterprise,
    source: str,
    level: str = "general",
    description: str,
    location: str = "",
    rectification_plan: str = "",
    deadline=None,
    department=None,
    checklist_item=None,
    criterion=None,
    found_at=None,
    mode: str = "deadline",
    measures: str = "",
    responsible_person: str = "",
    funds=None,
    emergency_plan: str = "",
) -> Hazard:
    """The unsaved hazard a report makes, after the permission check (see `report_errors`)."""
    if by.role == "enterprise":
        require(
            by.enterprise_id == enterprise.pk and source == "self",
            _("企业用户只能登记本企业自查隐患"),
        )
    else:
        require(
            Enterprise.objects.restrict(by, "view").filter(pk=enterprise.pk).exists(),
            _("该企业不在您的监管范围内"),
        )
    if criterion is not None:
        level = "major"
    return Hazard(
        enterprise=enterprise,
        source=source,
        level=level,
        description=(description or "").strip(),
        location=location or "",
        rectification_plan=rectification_plan or "",
        deadline=deadline,
        original_deadline=deadline,
        department=department or getattr(by, "department", None) or default_department(enterprise),
        checklist_item=checklist_item,
        criterion=criterion,
        found_by=by if by.role != "enterprise" or source == "self" else None,
        found_at=found_at or timezone.now(),
        region_code=enterprise.region_id,
        mode=mode,
        measures=measures or "",
        responsible_person=responsible_person or "",
        funds=None if funds in (None, "") else funds,
        emergency_plan=emergency_plan or "",
    )


def report_errors(h: Hazard) -> dict[str, list[str]]:
    """The one validator of a reported hazard: the page, the API and every import row."""
    errors = model_errors(h, REPORT_VALUES)
    if h.source not in dict(Hazard.SOURCES):
        errors["source"] = [_("隐患来源无效")]
    if h.level not in dict(Hazard.LEVELS):
        errors["level"] = [_("隐患等级只能为一般或重大")]
    if not h.description:
        errors["description"] = [_("隐患描述不能为空")]
    if h.mode not in dict(Hazard.MODES):
        errors["mode"] = [_("整改方式只能为限期整改或即查即改")]
    if "deadline" not in errors and h.deadline is not None:
        if h.deadline < timezone.localtime(h.found_at).date():
            errors["deadline"] = [_("整改期限不能早于发现日期")]
    _funds_error(h, errors)
    return errors


def duplicate_error(h: Hazard, existing: Hazard) -> ValidationError:
    return ValidationError(
        {
            "description": _(
                "该企业已有相同的未销号隐患 #%(id)s（%(date)s 发现：“%(text)s”）。"
                "请在原隐患上跟进整改；确属新发生的隐患，请勾选“新发生的隐患”后再登记"
            )
            % {
                "id": existing.pk,
                "date": f"{timezone.localtime(existing.found_at):%Y-%m-%d}",
                "text": existing.description[:40],
            }
        }
    )


def report_hazard(
    by, *, evidence_files=(), new_occurrence: bool = False, on_duplicate: str = "refuse", **data
) -> Hazard:
    """Enter a hazard in the ledger (H1). Enterprise users may only report 企业自查 on their own.

    A 判定标准 item makes the hazard 重大. Repeats (H5) and the enterprise's earlier
    self-report (H4) are linked here. An enterprise entering its own major hazard reports its
    discovery to the authority at the same moment (双报告). `data`: the keywords of
    `new_hazard`.

    A hazard that duplicates one still open at the enterprise (`hazards.duplicates`) is
    refused naming the existing one, unless `new_occurrence` (the reporter says it is a new
    occurrence) or `on_duplicate="link"` (a record of what was found on site, such as a
    submitted inspection, that must not fail): then it is saved linked to it (`duplicate_of`).
    """
    from . import duplicates

    hazard = new_hazard(by, **data)
    errors = report_errors(hazard)
    if errors:
        raise ValidationError(errors)
    _check_files(evidence_files, "evidence_files")
    with transaction.atomic():
        # one enterprise's reports one at a time, so two identical ones cannot both pass
        Enterprise.objects.select_for_update().filter(pk=hazard.enterprise_id).first()
        existing = duplicates.open_duplicate(hazard)
        if existing is not None:
            if not new_occurrence and on_duplicate != "link":
                raise duplicate_error(hazard, existing)
            hazard.duplicate_of = existing
        _link_previous(hazard)
        if by.role == "enterprise" and hazard.level == "major":
            hazard.discovery_reported_at = timezone.now()
        hazard.save()
        _event(
            hazard,
            "report",
            by,
            f"{hazard.get_source_display()}发现{hazard.get_level_display()}隐患",
            evidence_files,
            "found",
        )
        if hazard.discovery_reported_at:
            _event(hazard, "discovery_report", by, "企业向监管部门报告重大事故隐患")
        if hazard.duplicate_of_id:
            _event(
                hazard,
                "report",
                by,
                f"与在册未销号隐患 #{hazard.duplicate_of_id} 相同，作为新发生隐患登记",
            )
        record(by, "hazard.report", hazard, after=snapshot(hazard, REPORT_FIELDS))
        if hazard.level == "major":
            _reclassify(hazard.enterprise_id)
        return hazard


def add_criterion(by, *, category: HazardStandardCategory, number: str, text: str):
    """Staff enter an item of a 判定标准 (the verified counts cap each category)."""
    require(
        by.is_superuser or by.role in (Role.AWB, Role.INSPECTOR, Role.DEPT_LEADER),
        _("无权维护判定标准"),
    )
    number, text = (number or "").strip(), (text or "").strip()
    c = HazardCriterion(
        standard=category.standard.name,
        category=category.name,
        category_ref=category,
        number=number,
        text=text,
        added_by=by,
        added_at=timezone.now(),
    )
    errors = model_errors(c, ("number",))
    if not number:
        errors["number"] = _("条款编号不能为空")
    if not text:
        errors["text"] = _("情形内容不能为空")
    std = category.standard
    top = category.parent or category
    if top.expected_count is not None:
        used = HazardCriterion.objects.filter(
            Q(category_ref=top) | Q(category_ref__parent=top)
        ).count()
        if used >= top.expected_count:
            errors["category"] = _("“%(name)s”共 %(n)d 种情形，已全部录入") % {
                "name": top.name,
                "n": top.expected_count,
            }
    if number and HazardCriterion.objects.filter(standard=std.name, number=number).exists():
        errors["number"] = _("“%(standard)s”已有条款“%(number)s”") % {
            "standard": std.name,
            "number": number,
        }
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        c.save()
        record(by, "criterion.create", c, after=snapshot(c, ["standard", "category", "number"]))
        return c


# ---------------------------------------------------------------- H2 major hazards


# Who cites a hazard (a case, a transfer, a document): callables ``citer(hazard) -> list[str]``
# registered by the apps above (enforcement), each string naming one citing record.
CITERS: list = []


def register_citer(citer) -> None:
    if citer not in CITERS:
        CITERS.append(citer)


def citations(h: Hazard) -> list[str]:
    return [what for citer in CITERS for what in citer(h)]


def set_five_measures(
    by,
    hazard: Hazard,
    *,
    measures: str,
    responsible_person: str,
    funds,
    deadline: date | None,
    emergency_plan: str,
    expected_version=None,
) -> Hazard:
    """五落实: 措施, 责任人, 资金, 时限, 预案 (the enterprise or staff on its behalf)."""
    require(can_act_for_enterprise(by, hazard), _("无权填写该隐患的整改五落实"))
    with transaction.atomic():
        h = _lock(hazard, expected_version)
        _require_status(h, ("pending", "rectifying"), pgettext("action", "修改五落实"))
        before = snapshot(h, STATE_FIELDS)
        h.measures = (measures or "").strip()
        h.responsible_person = (responsible_person or "").strip()
        h.funds = None if funds in (None, "") else funds
        h.emergency_plan = (emergency_plan or "").strip()
        errors = model_errors(h, FIVE_VALUES)
        _funds_error(h, errors)
        if deadline and h.deadline and deadline != h.deadline and h.status != "pending":
            errors["deadline"] = [_("整改开始后变更期限须提出延期申请")]
        elif deadline and h.deadline and deadline != h.deadline and (cited := citations(h)):
            errors["deadline"] = [
                _(
                    "该隐患已被%(cited)s引用，其整改期限不能再直接修改，只能通过延期申请"
                    "（经批准并记录）变更"
                )
                % {"cited": _("、").join(cited)}
            ]
        if deadline and deadline < timezone.localtime(h.found_at).date():
            errors["deadline"] = [_("整改期限不能早于发现日期")]
        if errors:
            raise ValidationError(errors)
        if h.status == "pending":
            h.deadline = deadline
            h.original_deadline = deadline
        missing = h.missing_five_measures()
        _event(h, "measures", by, "五落实已完整" if not missing else f"尚缺：{'、'.join(missing)}")
        return _save(h, by, "measures", before)


def report_discovery(by, hazard: Hazard, *, expected_version=None) -> Hazard:
    """双报告 (1): the enterprise reports a major hazard it found to the authority."""
    require(is_own_enterprise(by, hazard), _("只有本企业用户可以报告"))
    with transaction.atomic():
        h = _lock(hazard, expected_version)
        if h.level != "major":
            raise ValidationError({"level": _("双报告仅适用于重大事故隐患")})
        if h.discovery_reported_at:
            raise ValidationError({"discovery_reported_at": _("已报告过该隐患的发现情况")})
        before = snapshot(h, STATE_FIELDS)
        h.discovery_reported_at = timezone.now()
        _event(h, "discovery_report", by, "企业向监管部门报告重大事故隐患")
        return _save(h, by, "discovery_report", before)


def supervise(
    by,
    hazard: Hazard,
    *,
    level: str,
    issuing_unit: str,
    number: str,
    issued_on: date,
    deadline: date,
) -> Supervision:
    """挂牌督办 of an open major hazard by the Safety Committee (安委办)."""
    require(can_supervise(by), _("只有安委办可以挂牌督办"))
    require(staff_can_change(by, hazard) or by.is_superuser, _("该隐患不在您的管辖范围内"))
    errors = {}
    if level not in dict(Supervision.LEVELS):
        errors["level"] = _("督办级别应为区（县）级、市级或省级")
    if not (issuing_unit or "").strip():
        errors["issuing_unit"] = _("督办单位不能为空")
    if not (number or "").strip():
        errors["number"] = _("督办文号不能为空")
    if not issued_on:
        errors["issued_on"] = _("挂牌日期不能为空")
    if not deadline:
        errors["deadline"] = _("督办期限不能为空")
    elif issued_on and deadline < issued_on:
        errors["deadline"] = _("督办期限不能早于挂牌日期")
    s = Supervision(
        hazard=hazard,
        level=level,
        issuing_unit=(issuing_unit or "").strip(),
        number=(number or "").strip(),
        issued_on=issued_on,
        deadline=deadline,
        created_by=by,
    )
    errors = {**model_errors(s, ("level", "issuing_unit", "number")), **errors}
    with transaction.atomic():
        h = Hazard.objects.select_for_update().get(pk=hazard.pk)
        if h.level != "major":
            errors["hazard"] = _("只有重大事故隐患可以挂牌督办")
        elif h.status == "closed":
            errors["hazard"] = _("隐患已销号，无需挂牌督办")
        elif h.supervisions.filter(lifted_at__isnull=True).exists():
            errors["hazard"] = _("该隐患已在挂牌督办中")
        if errors:
            raise ValidationError(errors)
        s.hazard = h
        s.save()
        _event(
            h,
            "supervise",
            by,
            f"{s.get_level_display()}挂牌督办（{s.issuing_unit} {s.number}），"
            f"督办期限 {deadline:%Y-%m-%d}",
        )
        record(by, "hazard.supervise", h, after=snapshot(s))
        return s


def lift_supervision(by, supervision: Supervision, *, note: str = "") -> Supervision:
    require(can_supervise(by), _("只有安委办可以摘牌"))
    with transaction.atomic():
        s = Supervision.objects.select_for_update().get(pk=supervision.pk)
        if s.lifted_at:
            raise ValidationError({"lifted_at": _("已摘牌")})
        if s.hazard.status != "closed" and not (note or "").strip():
            raise ValidationError({"note": _("隐患尚未销号，摘牌须说明理由")})
        s.lifted_at, s.lifted_by, s.lift_note = timezone.now(), by, (note or "").strip()
        s.save()
        _event(s.hazard, "supervise_lift", by, s.lift_note or "隐患销号，摘牌")
        record(by, "hazard.supervise_lift", s.hazard, after=snapshot(s, ["lifted_at", "lift_note"]))
        return s


# ---------------------------------------------------------------- H3 rectification


def start_rectification(by, hazard: Hazard, *, expected_version=None) -> Hazard:
    """待整改 → 整改中. A major hazard needs its 五落实 first; 限期整改 needs a deadline."""
    require(can_act_for_enterprise(by, hazard), _("无权启动该隐患的整改"))
    with transaction.atomic():
        h = _lock(hazard, expected_version)
        _require_status(h, ("pending",), pgettext("action", "开始整改"))
        if h.level == "major" and not h.five_measures_complete:
            raise ValidationError(
                {
                    "five_measures": _(
                        "重大事故隐患须先落实整改措施、责任、资金、时限和预案（五落实），"
                        "尚缺：%(missing)s"
                    )
                    % {"missing": _("、").join(_(m) for m in h.missing_five_measures())}
                }
            )
        if h.mode == "deadline" and h.deadline is None:
            raise ValidationError({"deadline": _("限期整改须先确定整改期限")})
        before = snapshot(h, STATE_FIELDS)
        h.status = "rectifying"
        _event(h, "start", by, f"整改期限 {h.deadline:%Y-%m-%d}" if h.deadline else "")
        return _save(h, by, "start", before)


def submit_rectification(
    by, hazard: Hazard, *, note: str, files=(), expected_version=None
) -> Hazard:
    """整改中 → 待复查: the enterprise submits its rectification with evidence."""
    require(can_act_for_enterprise(by, hazard), _("无权提交该隐患的整改情况"))
    files = list(files)
    errors = {}
    if not (note or "").strip():
        errors["note"] = _("请填写整改情况说明")
    if not files:
        errors["files"] = _("请上传整改后的照片或证明材料")
    if errors:
        raise ValidationError(errors)
    _check_files(files)
    with transaction.atomic():
        h = _lock(hazard, expected_version)
        _require_status(h, ("rectifying",), pgettext("action", "提交整改"))
        before = snapshot(h, STATE_FIELDS)
        h.status = "review"
        _event(h, "submit", by, note.strip(), files, "rectified")
        if h.level == "major" and is_own_enterprise(by, h):
            h.completion_reported_at = timezone.now()
            _event(h, "completion_report", by, "企业向监管部门报告重大事故隐患整改完成情况")
        return _save(h, by, "submit", before)


def review(by, hazard: Hazard, *, passed: bool, opinion: str, expected_version=None) -> Hazard:
    """整改复查: 待复查 → 已销号 (passed) or → 整改中 (复查不通过). Never by the enterprise."""
    _require_review(by, hazard)
    if not (opinion or "").strip():
        raise ValidationError({"opinion": _("请填写复查意见")})
    with transaction.atomic():
        h = _lock(hazard, expected_version)
        _require_status(h, ("review",), pgettext("action", "复查"))
        before = snapshot(h, STATE_FIELDS)
        if passed:
            h.status, h.closed_at, h.closed_by = "closed", timezone.now(), by
            _event(h, "review_pass", by, opinion.strip())
        else:
            h.status = "rectifying"
            _event(h, "review_fail", by, opinion.strip())
        _save(h, by, "review_pass" if passed else "review_fail", before)
        if passed:
            _after_close(by, h)
        return h


def close_immediately(by, hazard: Hazard, *, note: str, files=(), expected_version=None) -> Hazard:
    """即查即改: rectified on the spot; the inspector closes it at once with evidence."""
    _require_review(by, hazard)
    files = list(files)
    errors = {}
    if not (note or "").strip():
        errors["note"] = _("请填写现场整改情况")
    if not files:
        errors["files"] = _("即查即改须上传整改后的照片或证明材料")
    if errors:
        raise ValidationError(errors)
    _check_files(files)
    with transaction.atomic():
        h = _lock(hazard, expected_version)
        _require_status(h, ("pending", "rectifying"), pgettext("action", "即查即改销号"))
        if h.level == "major":
            raise ValidationError(
                {
                    "level": _(
                        "重大事故隐患不能即查即改销号：依据《安全生产法》第四十一条、第六十五条"
                        "第一款第三项，须落实整改措施、责任、资金、时限和预案（五落实），"
                        "整改后经复查合格方可销号"
                    )
                }
            )
        before = snapshot(h, STATE_FIELDS)
        h.mode = "immediate"
        h.status, h.closed_at, h.closed_by = "closed", timezone.now(), by
        _event(h, "close_immediate", by, note.strip(), files, "rectified")
        _save(h, by, "close_immediate", before)
        _after_close(by, h)
        return h


def _after_close(by, h: Hazard) -> None:
    for s in h.supervisions.filter(lifted_at__isnull=True):
        s.lifted_at, s.lifted_by, s.lift_note = timezone.now(), by, "隐患复查销号，自动摘牌"
        s.save()
        _event(h, "supervise_lift", by, s.lift_note)
    if h.level == "major":
        _reclassify(h.enterprise_id)


def request_extension(
    by, hazard: Hazard, *, new_deadline: date, reason: str, expected_version=None
) -> HazardExtension:
    """The enterprise asks to move the deadline; it moves only when approved."""
    require(can_act_for_enterprise(by, hazard), _("无权为该隐患申请延期"))
    errors = {}
    if not (reason or "").strip():
        errors["reason"] = _("请填写延期理由")
    if not new_deadline:
        errors["new_deadline"] = _("请填写申请延期至的日期")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        h = _lock(hazard, expected_version)
        _require_status(h, ("pending", "rectifying"), pgettext("action", "申请延期"))
        if h.deadline is None:
            raise ValidationError({"new_deadline": _("该隐患没有整改期限，无需延期")})
        if new_deadline <= h.deadline:
            raise ValidationError(
                {
                    "new_deadline": _("延期日期应晚于当前整改期限 %(date)s")
                    % {"date": f"{h.deadline:%Y-%m-%d}"}
                }
            )
        if h.extensions.filter(status="pending").exists():
            raise ValidationError({"new_deadline": _("已有待审批的延期申请")})
        ext = HazardExtension.objects.create(
            hazard=h,
            old_deadline=h.deadline,
            new_deadline=new_deadline,
            reason=reason.strip(),
            requested_by=by,
        )
        _event(h, "extension_request", by, f"申请延期至 {new_deadline:%Y-%m-%d}：{reason.strip()}")
        record(by, "hazard.extension_request", h, after=snapshot(ext))
        return ext


def decide_extension(
    by, extension: HazardExtension, *, approve: bool, note: str = "", expected_version=None
) -> HazardExtension:
    """Approve (moves the effective deadline) or reject an extension request."""
    if by.role == Role.ENTERPRISE:
        require(False, _("企业不能审批本企业的延期申请"))
    require(staff_can_change(by, extension.hazard), _("无权审批该延期申请"))
    if not approve and not (note or "").strip():
        raise ValidationError({"note": _("不批准须说明理由")})
    with transaction.atomic():
        h = _lock(extension.hazard, expected_version)
        ext = HazardExtension.objects.select_for_update().get(pk=extension.pk)
        if ext.status != "pending":
            raise ValidationError({"status": _("该延期申请已审批")})
        _require_status(h, ("pending", "rectifying"), pgettext("action", "审批延期"))
        before = snapshot(h, STATE_FIELDS)
        ext.status = "approved" if approve else "rejected"
        ext.decided_by, ext.decided_at, ext.decision_note = by, timezone.now(), (note or "").strip()
        ext.save()
        if approve:
            h.deadline = ext.new_deadline
            _event(h, "extension_approve", by, f"整改期限延至 {ext.new_deadline:%Y-%m-%d}")
        else:
            _event(h, "extension_reject", by, ext.decision_note)
        _save(h, by, "extension_approve" if approve else "extension_reject", before)
        return ext


def decide_pending_extension(
    by, hazard: Hazard, *, approve: bool, note: str = "", expected_version=None
) -> HazardExtension:
    """Decide the hazard's pending extension request (the one a page shows)."""
    ext = HazardExtension.objects.restrict(by).filter(hazard=hazard, status="pending").first()
    if ext is None:
        raise ValidationError({"approve": _("没有待审批的延期申请")})
    return decide_extension(by, ext, approve=approve, note=note, expected_version=expected_version)


def escalate_overdue(today: date | None = None) -> list[Escalation]:
    """Escalate every overdue hazard: to its department, and major ones to the 安委办.

    Idempotent: one Escalation per (hazard, target, department, effective deadline). Returns the
    escalations created by this run.
    """
    today = today or timezone.localdate()
    created: list[Escalation] = []
    qs = (
        Hazard.objects.overdue(today)
        .select_related("enterprise", "enterprise__primary_sector")
        .order_by("id")
    )
    dept_cache: dict[int, object] = {}
    last_id = 0
    while True:
        batch = list(qs.filter(id__gt=last_id)[:2000])
        if not batch:
            break
        last_id = batch[-1].id
        wanted = {}
        for h in batch:
            dept_id = h.department_id
            if dept_id is None:
                if h.enterprise_id not in dept_cache:
                    d = default_department(h.enterprise)
                    dept_cache[h.enterprise_id] = d.id if d else None
                dept_id = dept_cache[h.enterprise_id]
            targets = [("department", dept_id)] if dept_id else []
            if h.level == "major":
                targets.append(("awb", None))
            for target, d in targets:
                key = f"{h.id}:{target}:{d or 0}:{h.deadline:%Y%m%d}"
                wanted[key] = Escalation(
                    key=key,
                    hazard=h,
                    target=target,
                    department_id=d,
                    region_code=h.region_code,
                    deadline=h.deadline,
                    escalated_on=today,
                )
        existing = set(
            Escalation.objects.filter(key__in=list(wanted)).values_list("key", flat=True)
        )
        new = [e for k, e in wanted.items() if k not in existing]
        if new:
            with transaction.atomic():
                Escalation.objects.bulk_create(new, batch_size=1000, ignore_conflicts=True)
                events = {}
                for e in new:
                    events.setdefault(e.hazard_id, []).append(e.get_target_display())
                HazardEvent.objects.bulk_create(
                    [
                        HazardEvent(
                            hazard_id=hid,
                            kind="escalate",
                            note=f"逾期未销号，已报{'、'.join(names)}",
                        )
                        for hid, names in events.items()
                    ]
                )
                record(
                    None,
                    "hazard.escalate",
                    None,
                    after={"count": len(new), "day": today.isoformat()},
                    username="system",
                )
            created.extend(new)
    return created


# ---------------------------------------------------------------- E1 disposal, E2 measures


# option -> handlers called as handler(by, disposal) inside `dispose`'s transaction; a higher
# app registers them from its AppConfig.ready() (enforcement: 移交其他部门 makes the Transfer).
DISPOSAL_HANDLERS: dict[str, list] = {}


def on_disposal(option: str, handler) -> None:
    """Run `handler(by, disposal)` whenever a disposal with `option` is recorded; a refusal
    (ValidationError, PermissionDenied) undoes the disposal."""
    handlers = DISPOSAL_HANDLERS.setdefault(option, [])
    if handler not in handlers:
        handlers.append(handler)


def dispose(by, hazard: Hazard, *, option: str, note: str = "", transfer_to=None) -> Disposal:
    """执法处置意见 for a finding — one of the eight options of seed 001's 移交表.

    The handlers registered for the option run in the same transaction ("移交其他部门": the
    Transfer, registered by enforcement).
    """
    require(staff_can_change(by, hazard), _("无权对该隐患作出执法处置"))
    errors = {}
    if option not in dict(DISPOSALS):
        errors["option"] = _("执法处置意见无效")
    if option == "transfer" and transfer_to is None:
        errors["transfer_to"] = _("移交其他部门须选择接收部门")
    if option == "deadline" and hazard.deadline is None:
        errors["option"] = _("责令限期整改须先确定整改期限")
    if option == "other" and not (note or "").strip():
        errors["note"] = _("其他处置措施须说明具体措施")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        h = Hazard.objects.select_for_update().get(pk=hazard.pk)
        d = Disposal.objects.create(
            hazard=h,
            option=option,
            note=(note or "").strip(),
            transfer_to=transfer_to if option == "transfer" else None,
            decided_by=by,
        )
        text = d.get_option_display()
        if d.transfer_to:
            text += f"：{d.transfer_to.name}"
        if d.note:
            text += f"（{d.note}）"
        _event(h, "disposal", by, text)
        record(by, "hazard.dispose", h, after=snapshot(d))
        for handler in DISPOSAL_HANDLERS.get(d.option, ()):
            handler(by, d)
        return d


def impose_measure(
    by,
    enterprise: Enterprise,
    *,
    kind: str,
    hazard: Hazard | None = None,
    target: str = "",
    basis: str = "",
) -> OnSiteMeasure:
    """现场处理措施 (暂扣许可证, 暂时停产停业, …) by certified department staff."""
    require(can_enforce(by), _("只有持有效执法证的部门执法人员可以采取现场处理措施"))
    require(
        Enterprise.objects.restrict(by, "change").filter(pk=enterprise.pk).exists(),
        _("该企业不在您的监管范围内"),
    )
    if kind not in dict(OnSiteMeasure.KINDS):
        raise ValidationError({"kind": _("现场处理措施无效")})
    if hazard is not None and hazard.enterprise_id != enterprise.pk:
        raise ValidationError({"hazard": _("隐患不属于该企业")})
    m = OnSiteMeasure(
        enterprise=enterprise,
        hazard=hazard,
        kind=kind,
        target=(target or "").strip(),
        basis=(basis or "").strip(),
        decided_by=by,
    )
    errors = model_errors(m, ("target",))
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        m.save()
        if hazard is not None:
            _event(hazard, "measure", by, f"{m.get_kind_display()} {m.target}".strip())
        record(by, "measure.impose", m, after=snapshot(m, ["kind", "target", "basis", "hazard"]))
        return m


def lift_measure(by, measure: OnSiteMeasure, *, note: str, expected_version=None):
    require(can_enforce(by), _("只有持有效执法证的部门执法人员可以解除现场处理措施"))
    require(
        OnSiteMeasure.objects.restrict(by, "change").filter(pk=measure.pk).exists(),
        _("该措施不在您的监管范围内"),
    )
    if not (note or "").strip():
        raise ValidationError({"note": _("请填写解除理由（如：隐患已整改并经复查合格）")})
    with transaction.atomic():
        m = OnSiteMeasure.objects.select_for_update().get(pk=measure.pk)
        check_version(m, expected_version)
        if m.lifted_at:
            raise ValidationError({"lifted_at": _("该措施已解除")})
        passed = m.hazard_id and m.hazard.events.filter(kind="review_pass").exists()
        if not passed and not (
            by.is_superuser
            or (by.role == Role.DEPT_LEADER and by.department_id == m.decided_by.department_id)
        ):
            state = m.hazard.get_status_display() if m.hazard_id else _("无对应隐患")
            raise ValidationError(
                {
                    "note": _(
                        "现场处理措施所针对的隐患尚未经复查合格（当前：%(state)s），不能解除：依据"
                        "《安全生产法》第六十五条第一款第三项，重大事故隐患排除后经审查同意方可恢复"
                        "生产经营和使用；未经复查合格的，须由部门负责人批准并说明理由"
                    )
                    % {"state": state}
                }
            )
        m.lifted_at, m.lifted_by, m.lift_note = timezone.now(), by, note.strip()
        m.version += 1
        m.save()
        if m.hazard_id:
            _event(m.hazard, "measure_lift", by, f"解除{m.get_kind_display()}：{m.lift_note}")
        record(by, "measure.lift", m, after=snapshot(m, ["lifted_at", "lift_note"]))
        return m


# ---------------------------------------------------------------- H5 counts


def repeat_summary(enterprise: Enterprise) -> list[dict]:
    """Hazards that recurred at the enterprise, grouped by what makes them the same."""
    rows = (
        Hazard.objects.filter(enterprise=enterprise, repeat_count__gt=0)
        .select_related("criterion", "checklist_item")
        .order_by("-found_at")
    )
    groups: dict[str, dict] = {}
    for h in rows:
        if h.criterion_id:
            key, label = f"c{h.criterion_id}", _("判定标准 %(item)s") % {"item": h.criterion}
        elif h.checklist_item_id:
            key, label = (
                f"i{h.checklist_item_id}",
                _("检查项 %(item)s") % {"item": h.checklist_item},
            )
        else:
            key, label = f"d{h.description}", h.description[:40]
        g = groups.setdefault(key, {"label": label, "count": h.repeat_count + 1, "latest": h})
        g["count"] = max(g["count"], h.repeat_count + 1)
    return list(groups.values())


def open_major_counts(enterprise_ids, today) -> dict:
    """Fact provider for the 名录库 rules: open major hazards per enterprise."""
    from django.db.models import Count

    rows = (
        Hazard.objects.filter(
            enterprise_id__in=enterprise_ids, level="major", status__in=OPEN_STATUSES
        )
        .values("enterprise_id")
        .annotate(n=Count("id"))
    )
    return {r["enterprise_id"]: {"open_major_hazards": r["n"]} for r in rows}
