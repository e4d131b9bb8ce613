"""Every state change of an accident record: permission, validation, write, audit.

Rules come from the law engine: grade (条例第三条), the one-hour report (条例第九条) and the
60-day investigation (条例第二十九条). The 重点 list picks accidents up through
`accident_dates_provider` (registered in AppConfig.ready); `record_accident` re-classifies the
enterprise at once. A fatal accident during a running campaign opens a 回头看 task (seed 003).
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from anjian.accounts.models import Role
from anjian.audit.services import record
from anjian.core.services import check_version, field_errors, require, snapshot
from anjian.law import accident_report_deadline, grade_accident, investigation_last_day
from anjian.law.periods import last_day_months
from anjian.registry.models import Enterprise

from .models import CONCEALED_SOURCES, KINDS, SOURCES, Accident, LookbackTask

LOOKBACK_DAYS = 30
LIMITED_FIELDS = ("place", "deaths", "serious_injuries", "direct_loss_yuan")

SNAP_FIELDS = [
    "enterprise",
    "occurred_at",
    "reported_at",
    "discovered_via",
    "place",
    "kind",
    "summary",
    "deaths",
    "serious_injuries",
    "direct_loss_yuan",
    "grade",
    "late_report",
    "concealed",
    "false_report",
    "campaign",
    "investigation_extension_days",
    "investigation_due",
    "investigation_report_on",
    "report_approved_on",
    "four_nots_due",
    "four_nots_done_on",
    "four_nots_note",
]


def _snap(acc: Accident) -> dict:
    data = snapshot(acc, SNAP_FIELDS)
    if acc.pk:
        data["tips"] = sorted(acc.tips.values_list("pk", flat=True))
        data["cases"] = sorted(acc.cases.values_list("pk", flat=True))
    return data


def can_record(user) -> bool:
    return user.is_superuser or user.role in (Role.AWB, Role.INSPECTOR, Role.DEPT_LEADER)


def is_late(occurred_at, reported_at) -> bool:
    """迟报: reported more than one hour after the accident (条例第九条)."""
    if reported_at is None:
        return False
    return reported_at > accident_report_deadline(occurred_at).value


def first_tip(acc: Accident, tips):
    """The tip through which the accident came to light, if any: the earliest linked tip
    received after the accident and before the enterprise reported it (or with no report)."""
    earliest = None
    for tip in tips:
        if tip.received_at < acc.occurred_at:
            continue  # a tip older than the accident was a warning, not a disclosure
        if acc.reported_at is not None and tip.received_at >= acc.reported_at:
            continue
        if earliest is None or tip.received_at < earliest.received_at:
            earliest = tip
    return earliest


def _tip_discovery(acc: Accident, tips) -> str:
    """瞒报: an accident the enterprise reported only after a tip brought it to light counts
    as discovered through the tip. Returns an audit note when the source changes."""
    if acc.discovered_via != "enterprise":
        return ""
    tip = first_tip(acc, tips)
    if tip is None:
        return ""
    acc.discovered_via = "tip"
    return f"举报 {tip.code} 早于事故单位报告，事故信息来源改为群众举报（瞒报）"


def active_campaign(enterprise: Enterprise, day: date):
    """The campaign covering the enterprise's region on `day` (the latest-starting one)."""
    from anjian.campaigns.models import Campaign

    for c in (
        Campaign.objects.filter(start__lte=day, end__gte=day)
        .select_related("region")
        .order_by("-start", "-id")
    ):
        if enterprise.region_id.startswith(c.region.prefix):
            return c
    return None


def lookback_department(enterprise: Enterprise):
    """The supervising department of the enterprise's primary sector (else any supervisor)."""
    from anjian.registry.services import supervising_departments

    depts = supervising_departments(enterprise)
    for d in depts:
        if enterprise.primary_sector_id in {s.id for s in d.sectors.all()}:
            return d
    return depts[0] if depts else None


def one_year_after(day: date) -> date:
    """Last day of the one-year 四不放过 assessment period (same counting as the law engine)."""
    return last_day_months(day, 12)


def _loss(value) -> Decimal:
    try:
        return Decimal(str(value if value not in (None, "") else 0))
    except InvalidOperation as exc:
        raise ValidationError({"direct_loss_yuan": _("直接经济损失须为数字（元）")}) from exc


def _validate(acc: Accident) -> None:
    errors = {}
    now = timezone.now()
    if acc.occurred_at is None:
        errors["occurred_at"] = _("请填写事故发生时间")
    elif acc.occurred_at > now + timedelta(minutes=5):
        errors["occurred_at"] = _("事故发生时间不能晚于当前时间")
    if acc.reported_at is not None and acc.occurred_at and acc.reported_at < acc.occurred_at:
        errors["reported_at"] = _("报告时间不能早于事故发生时间")
    if acc.discovered_via == "enterprise" and acc.reported_at is None:
        errors["reported_at"] = _("事故单位报告的事故须填写报告时间")
    if acc.discovered_via not in dict(SOURCES):
        errors["discovered_via"] = _("事故信息来源无效")
    if acc.kind not in dict(KINDS):
        errors["kind"] = _("请选择事故类别")
    if not (acc.place or "").strip():
        errors["place"] = _("请填写事故地点")
    if acc.direct_loss_yuan is not None and acc.direct_loss_yuan < 0:
        errors["direct_loss_yuan"] = _("直接经济损失不能为负数")
    for f in ("deaths", "serious_injuries"):
        if getattr(acc, f) is None or getattr(acc, f) < 0:
            errors[f] = _("人数不能为负数")
    limits = field_errors(Accident, {f: getattr(acc, f) for f in LIMITED_FIELDS})
    errors = {**limits, **errors}  # lengths, digits and ranges of the columns
    if errors:
        raise ValidationError(errors)


def _derive(acc: Accident) -> None:
    """Grade, flags and the investigation deadline, from the law engine."""
    graded = grade_accident(acc.deaths, acc.serious_injuries, acc.direct_loss_yuan)
    acc.grade = graded.value.label
    acc.grade_reasons = list(graded.reasons) + [f"依据：{a}" for a in graded.articles]
    acc.late_report = is_late(acc.occurred_at, acc.reported_at)
    acc.concealed = acc.discovered_via in CONCEALED_SOURCES
    occurred_on = timezone.localdate(acc.occurred_at)
    acc.investigation_due = investigation_last_day(
        occurred_on, acc.investigation_extension_days
    ).value
    acc.four_nots_due = one_year_after(acc.report_approved_on) if acc.report_approved_on else None


def record_accident(
    by,
    *,
    enterprise: Enterprise,
    occurred_at,
    place: str,
    kind: str,
    deaths: int = 0,
    serious_injuries: int = 0,
    direct_loss_yuan=0,
    reported_at=None,
    discovered_via: str = "enterprise",
    false_report: bool = False,
    summary: str = "",
    tips=(),
) -> Accident:
    require(can_record(by), _("只有安委办和负有监管职责的部门可以登记事故"))
    require(
        enterprise is not None
        and Enterprise.objects.restrict(by, "change").filter(pk=enterprise.pk).exists(),
        _("该企业不在您的监管范围内"),
    )
    acc = Accident(
        enterprise=enterprise,
        region_code=enterprise.region_id,
        occurred_at=occurred_at,
        reported_at=reported_at,
        discovered_via=discovered_via,
        place=(place or "").strip(),
        kind=kind,
        summary=(summary or "").strip(),
        deaths=deaths,
        serious_injuries=serious_injuries,
        direct_loss_yuan=_loss(direct_loss_yuan),
        false_report=bool(false_report),
        created_by=by,
    )
    _validate(acc)
    visible = []
    if tips:
        from anjian.tips.models import Tip

        visible = list(Tip.objects.restrict(by).filter(pk__in=[t.pk for t in tips]))
        if len(visible) != len({t.pk for t in tips}):
            raise ValidationError({"tips": _("只能关联您有权查看的举报")})
    note = _tip_discovery(acc, visible)
    _derive(acc)
    acc.campaign = active_campaign(enterprise, timezone.localdate(acc.occurred_at))
    with transaction.atomic():
        acc.save()
        acc.tips.set(visible)
        record(by, "accident.create", acc, after=_snap(acc), note=note)
        if acc.deaths > 0 and acc.campaign is not None:
            _open_lookback(by, acc)
        from anjian.registry.services import classify

        classify([enterprise])
    return acc


def _open_lookback(by, acc: Accident) -> LookbackTask | None:
    dept = lookback_department(acc.enterprise)
    if dept is None:
        return None
    task = LookbackTask.objects.create(
        accident=acc,
        campaign=acc.campaign,
        department=dept,
        due=timezone.localdate(acc.occurred_at) + timedelta(days=LOOKBACK_DAYS),
    )
    record(
        by,
        "lookback.create",
        task,
        after={"accident": acc.pk, "department": dept.pk, "due": task.due.isoformat()},
    )
    return task


def _lock(by, acc: Accident, expected_version) -> Accident:
    require(
        can_record(by) and Accident.objects.restrict(by, "change").filter(pk=acc.pk).exists(),
        _("无权修改该事故记录"),
    )
    acc = Accident.objects.select_for_update().get(pk=acc.pk)
    check_version(acc, expected_version)
    return acc


def update_investigation(
    by,
    acc: Accident,
    *,
    extension_days: int = 0,
    report_on: date | None = None,
    approved_on: date | None = None,
    expected_version=None,
) -> Accident:
    """调查 (条例第二十九条: 60 days, extendable by at most 60) and the report's approval."""
    with transaction.atomic():
        acc = _lock(by, acc, expected_version)
        errors = {}
        if extension_days is None or not 0 <= int(extension_days) <= 60:
            errors["investigation_extension_days"] = _("延长期限最长不超过60日（条例第二十九条）")
        occurred_on = timezone.localdate(acc.occurred_at)
        if report_on and report_on < occurred_on:
            errors["investigation_report_on"] = _("调查报告提交日期不能早于事故发生日期")
        if approved_on and not report_on:
            errors["report_approved_on"] = _("请先填写调查报告提交日期")
        if approved_on and report_on and approved_on < report_on:
            errors["report_approved_on"] = _("批复日期不能早于调查报告提交日期")
        if errors:
            raise ValidationError(errors)
        before = _snap(acc)
        acc.investigation_extension_days = int(extension_days)
        acc.investigation_report_on = report_on
        acc.report_approved_on = approved_on
        _derive(acc)
        acc.version += 1
        acc.save()
        record(by, "accident.investigation", acc, before=before, after=_snap(acc))
        return acc


def record_four_nots(
    by, acc: Accident, *, done_on: date, note: str, expected_version=None
) -> Accident:
    """“四不放过” assessment of rectification and prevention, within a year of the approval."""
    with transaction.atomic():
        acc = _lock(by, acc, expected_version)
        errors = {}
        if acc.report_approved_on is None:
            errors["four_nots_done_on"] = _("调查报告批复后方可开展“四不放过”评估")
        elif done_on is None or done_on < acc.report_approved_on:
            errors["four_nots_done_on"] = _("评估完成日期不能早于调查报告批复日期")
        if not (note or "").strip():
            errors["four_nots_note"] = _("请填写评估结论")
        if errors:
            raise ValidationError(errors)
        before = _snap(acc)
        acc.four_nots_done_on, acc.four_nots_note = done_on, note.strip()
        acc.version += 1
        acc.save()
        record(by, "accident.four_nots", acc, before=before, after=_snap(acc))
        return acc


def link_tip(by, acc: Accident, tip, *, expected_version=None) -> Accident:
    """Link a tip; a tip that brought the accident to light makes it 瞒报."""
    from anjian.tips.models import Tip

    with transaction.atomic():
        acc = _lock(by, acc, expected_version)
        require(
            tip is not None and Tip.objects.restrict(by).filter(pk=tip.pk).exists(),
            _("无权访问该举报"),
        )
        if acc.tips.filter(pk=tip.pk).exists():
            raise ValidationError({"tips": _("举报 %(code)s 已关联") % {"code": tip.code}})
        before = _snap(acc)
        acc.tips.add(tip)
        note = _tip_discovery(acc, [tip])
        _derive(acc)
        acc.version += 1
        acc.save()
        record(by, "accident.link_tip", acc, before=before, after=_snap(acc), note=note)
        return acc


def link_case(by, acc: Accident, case, *, expected_version=None) -> Accident:
    """Link an enforcement case (e.g. the 事故处罚 or the 瞒报 case) of the accident's
    enterprise."""
    from anjian.enforcement.models import Case

    with transaction.atomic():
        acc = _lock(by, acc, expected_version)
        require(
            case is not None and Case.objects.restrict(by).filter(pk=case.pk).exists(),
            _("无权访问该案件"),
        )
        if case.enterprise_id != acc.enterprise_id:
            raise ValidationError({"case": _("只能关联事故单位的案件")})
        if acc.cases.filter(pk=case.pk).exists():
            raise ValidationError({"case": _("该案件已关联")})
        before = _snap(acc)
        acc.cases.add(case)
        acc.version += 1
        acc.save()
        record(by, "accident.link_case", acc, before=before, after=_snap(acc))
        return acc


def related_cases(user, acc: Accident) -> list[tuple]:
    """(case, how) pairs the user may see: linked cases, then cases opened from the linked
    tips' verification (举报核查)."""
    from anjian.enforcement.models import Case
    from anjian.tips.models import Tip
    from anjian.tips.services import verification_outcome

    out, seen = [], set()
    for case in Case.objects.restrict(user).filter(accidents=acc).order_by("filed_on", "pk"):
        out.append((case, _("关联案件")))
        seen.add(case.pk)
    for tip in Tip.objects.restrict(user).filter(accidents=acc).order_by("received_at"):
        for case in verification_outcome(user, tip).cases:
            if case.pk not in seen:
                out.append((case, _("举报 %(code)s 核查立案") % {"code": tip.code}))
                seen.add(case.pk)
    return out


def start_lookback(by, task: LookbackTask, *, inspectors, inspected_on: date, experts=()):
    """Open the 回头看 inspection for the task (inspections app) and link it."""
    from anjian.inspections.services import create_inspection

    require(
        LookbackTask.objects.restrict(by, "change").filter(pk=task.pk).exists()
        and by.role in (Role.INSPECTOR, Role.DEPT_LEADER),
        _("回头看检查由责任部门执法人员开展"),
    )
    with transaction.atomic():
        task = LookbackTask.objects.select_for_update().get(pk=task.pk)
        if task.inspection_id:
            raise ValidationError({"inspection": _("该回头看任务已开展检查")})
        insp = create_inspection(
            by,
            enterprise=task.accident.enterprise,
            inspected_on=inspected_on,
            inspectors=list(inspectors),
            experts=list(experts),
            modes=["lookback"],
            department=task.department,
            campaign=task.campaign,
            place=task.accident.place,
        )
        task.inspection, task.status = insp, "started"
        task.save()
        record(by, "lookback.start", task, after={"inspection": insp.pk})
        return task


def refresh_lookbacks(qs) -> None:
    """Mark tasks done once their inspection has been submitted (signed)."""
    for task in qs.filter(status="started").select_related("inspection"):
        if task.inspection and task.inspection.status == "submitted":
            LookbackTask.objects.filter(pk=task.pk).update(status="done")


def accident_dates_provider(enterprise_ids, today) -> dict:
    """名录库 facts: the dates of each enterprise's accidents."""
    out: dict = {}
    rows = Accident.objects.filter(enterprise_id__in=enterprise_ids).values_list(
        "enterprise_id", "occurred_at"
    )
    for ent_id, at in rows:
        out.setdefault(ent_id, []).append(timezone.localdate(at))
    return {k: {"accident_dates": tuple(sorted(v))} for k, v in out.items()}
