"""State changes of task lists, completion reports, 督办, liaisons and reporting obligations.

Each service checks permission, validates, writes and records the audit entry in one
transaction. Read helpers (`progress`, `task_status`, `obligation_status`) compute the
overdue and ranking views from the records.
"""

import os
import re
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from anjian.accounts.models import Role
from anjian.audit.services import record
from anjian.core.services import check_version, require, snapshot

from .models import (
    Liaison,
    Obligation,
    Submission,
    Supervision,
    Task,
    TaskEvidence,
    TaskList,
    TaskReport,
    Unit,
    county_prefix,
)
from .recurrence import Period, is_overdue, month_end, periods

EVIDENCE_EXT = {
    ".pdf",
    ".jpg",
    ".jpeg",
    ".png",
    ".doc",
    ".docx",
    ".xls",
    ".xlsx",
    ".wps",
    ".ofd",
    ".zip",
    ".txt",
}
MAX_FILE = 20 * 1024 * 1024


def is_awb(user) -> bool:
    return user.is_superuser or user.role == Role.AWB


def _check_files(files, field_name="files") -> None:
    for f in files:
        ext = os.path.splitext(f.name)[1].lower()
        if ext not in EVIDENCE_EXT:
            raise ValidationError(
                {
                    field_name: f"不支持的文件类型“{f.name}”（可上传 PDF、图片、Word、Excel、OFD、ZIP）"
                }
            )
        if f.size > MAX_FILE:
            raise ValidationError({field_name: f"文件“{f.name}”超过 20 MB"})


def task_periods(task: Task) -> list[Period]:
    tl = task.task_list
    return periods(task.deadline_spec, tl.start, tl.end)


def _period(task: Task, key: str) -> Period:
    for p in task_periods(task):
        if p.key == key:
            return p
    raise ValidationError({"period_key": "该任务没有这一期次"})


# ------------------------------------------------------------------ C4 reports and 督办


def report_completion(
    by, task: Task, *, period_key: str, note: str, files=(), unit=None, expected_version=None
) -> TaskReport:
    """A responsible unit reports a period of a task as done, with evidence files."""
    require(Task.objects.restrict(by, "view").filter(pk=task.pk).exists(), "无权访问该任务")
    unit = unit or Unit.for_user(by)
    require(unit is not None and unit.acts_for(by), "只有责任单位的人员可以报送完成情况")
    require(task.units.filter(pk=unit.pk).exists(), f"{unit.label}不是该任务的责任单位")
    period = _period(task, period_key)
    today = timezone.localdate()
    if period.start > today:
        raise ValidationError({"period_key": f"{period.label}尚未开始，不能报送"})
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": "请填写完成情况"})
    files = list(files or [])
    _check_files(files)
    with transaction.atomic():
        report = (
            TaskReport.objects.select_for_update()
            .filter(task=task, unit=unit, period_key=period.key)
            .first()
        )
        if report is None:
            if not files:
                raise ValidationError({"files": "请上传佐证材料（至少一个文件）"})
            report = TaskReport.objects.create(
                task=task,
                unit=unit,
                period_key=period.key,
                period_label=period.label,
                due=period.due,
                note=note,
                reported_by=by,
                reported_at=timezone.now(),
            )
            before = None
            action = "task.report"
        else:
            check_version(report, expected_version)
            before = snapshot(report, ["note", "version"])
            report.note = note
            report.version += 1
            report.reported_by = by
            report.save()
            action = "task.report_update"
        for f in files:
            TaskEvidence.objects.create(
                report=report, file=f, name=os.path.basename(f.name)[:200], uploaded_by=by
            )
        after = snapshot(report, ["note", "version", "period_key", "due"])
        after["files"] = list(report.evidence.values_list("name", flat=True))
        record(by, action, report, before=before, after=after)
    return report


def issue_supervision(by, task: Task, unit: Unit, *, period_key: str, note: str, new_due=None):
    """督办: the 安委办 presses a unit on an overdue period of a task; the unit is notified."""
    require(is_awb(by), "只有安委办可以下发督办")
    require(Task.objects.restrict(by, "change").filter(pk=task.pk).exists(), "无权督办该任务")
    require(task.units.filter(pk=unit.pk).exists(), f"{unit.label}不是该任务的责任单位")
    period = _period(task, period_key)
    today = timezone.localdate()
    reported = TaskReport.objects.filter(task=task, unit=unit, period_key=period.key).exists()
    if not is_overdue(period, today, reported):
        raise ValidationError({"period_key": "只能对已逾期未完成的任务下发督办"})
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": "请填写督办意见"})
    if new_due is not None and new_due < today:
        raise ValidationError({"new_due": "督办限期不能早于今天"})
    with transaction.atomic():
        sup = Supervision.objects.create(
            task=task,
            unit=unit,
            period_key=period.key,
            period_label=period.label,
            due=period.due,
            new_due=new_due,
            note=note,
            issued_by=by,
            issued_at=timezone.now(),
        )
        record(by, "task.supervise", sup, after=snapshot(sup))
        from anjian.notifications.services import notify

        for user in unit.users():
            notify(
                user,
                kind="supervision",
                key=f"supervision:{sup.pk}",
                title=f"督办：{task.task_list.title} 第{task.seq}项（{period.label}）",
                body=f"{note}" + (f"（限 {new_due:%Y年%m月%d日} 前完成）" if new_due else ""),
                url=f"/tasks/task/{task.pk}/",
                due=new_due or period.due,
                email=True,
            )
    return sup


# ------------------------------------------------------------------ progress and ranking


@dataclass
class Cell:
    unit: Unit
    period: Period
    report: TaskReport | None
    status: str  # done, late_done, overdue, pending, upcoming
    supervised: int = 0

    @property
    def status_label(self) -> str:
        return {
            "done": "已完成",
            "late_done": "逾期完成",
            "overdue": "逾期未完成",
            "pending": "进行中",
            "upcoming": "未开始",
        }[self.status]


def _status(period: Period, report, today: date) -> str:
    if report is not None:
        return "late_done" if report.reported_at.date() > period.due else "done"
    if today > period.due:
        return "overdue"
    if period.start <= today:
        return "pending"
    return "upcoming"


def task_status(task: Task, today: date | None = None) -> list[Cell]:
    today = today or timezone.localdate()
    reports = {(r.unit_id, r.period_key): r for r in task.reports.all()}
    sups: dict[tuple[int, str], int] = {}
    for s in task.supervisions.all():
        sups[(s.unit_id, s.period_key)] = sups.get((s.unit_id, s.period_key), 0) + 1
    cells = []
    for unit in task.units.all():
        for p in task_periods(task):
            r = reports.get((unit.pk, p.key))
            cells.append(Cell(unit, p, r, _status(p, r, today), sups.get((unit.pk, p.key), 0)))
    return cells


@dataclass
class UnitProgress:
    unit: Unit
    due: int = 0  # periods whose due date has passed or that are reported
    done: int = 0
    late: int = 0
    overdue: int = 0
    pending: int = 0
    supervised: int = 0
    overdue_items: list = field(default_factory=list)

    @property
    def rate(self) -> float:
        return round(100.0 * self.done / self.due, 1) if self.due else 100.0


def progress(tasks, today: date | None = None) -> list[UnitProgress]:
    """Completion by unit over the given tasks, ranked (rate desc, overdue asc, name)."""
    today = today or timezone.localdate()
    tasks = list(
        tasks.select_related("task_list").prefetch_related(
            "units__department", "units__region", "reports", "supervisions"
        )
    )
    out: dict[int, UnitProgress] = {}
    for task in tasks:
        for c in task_status(task, today):
            up = out.setdefault(c.unit.pk, UnitProgress(c.unit))
            up.supervised += c.supervised
            if c.status in ("done", "late_done"):
                up.due += 1
                up.done += 1
                up.late += c.status == "late_done"
            elif c.status == "overdue":
                up.due += 1
                up.overdue += 1
                up.overdue_items.append((task, c))
            elif c.status == "pending":
                up.pending += 1
    return sorted(out.values(), key=lambda u: (-u.rate, u.overdue, -u.done, u.unit.label))


def overdue_cells(tasks, today: date | None = None) -> list[tuple[Task, Cell]]:
    today = today or timezone.localdate()
    out = []
    for task in tasks.select_related("task_list").prefetch_related(
        "units__department", "units__region", "reports", "supervisions"
    ):
        out.extend((task, c) for c in task_status(task, today) if c.status == "overdue")
    return sorted(out, key=lambda tc: (tc[1].period.due, tc[0].seq))


def delete_task_list(by, tl: TaskList) -> None:
    require(TaskList.objects.restrict(by, "delete").filter(pk=tl.pk).exists(), "无权删除该清单")
    if TaskReport.objects.filter(task__task_list=tl).exists():
        raise ValidationError({"task_list": "已有单位报送完成情况，不能删除该清单"})
    with transaction.atomic():
        record(by, "tasklist.delete", tl, before={"title": tl.title})
        tl.delete()


# ------------------------------------------------------------------ C5 liaisons

MOBILE = re.compile(r"^1\d{10}$")
LIAISON_FIELDS = ["seq", "name", "gender", "org_title", "mobile", "note"]


def _validate_liaison(li: Liaison) -> None:
    errors = {}
    if not li.name.strip():
        errors["name"] = "请填写姓名"
    if li.gender not in ("男", "女"):
        errors["gender"] = "性别应为“男”或“女”"
    if not li.org_title.strip():
        errors["org_title"] = "请填写工作单位及职务"
    if not MOBILE.match(li.mobile or ""):
        errors["mobile"] = "手机号码应为11位数字"
    if errors:
        raise ValidationError(errors)


def add_liaison(by, campaign, *, unit=None, **fields) -> Liaison:
    unit = unit or Unit.for_user(by)
    require(unit is not None, "您不属于任何责任单位，不能登记联络员")
    require(is_awb(by) or unit.acts_for(by), "只能登记本单位的联络员")
    require(by.is_superuser or unit.region_code[:6] == county_prefix(by), "该单位不在您的辖区")
    with transaction.atomic():
        if not fields.get("seq"):
            fields["seq"] = Liaison.objects.filter(campaign=campaign, unit=unit).count() + 1
        li = Liaison(campaign=campaign, unit=unit, **fields)
        _validate_liaison(li)
        li.save()
        record(by, "liaison.create", li, after=snapshot(li, LIAISON_FIELDS))
    return li


def update_liaison(by, li: Liaison, *, expected_version=None, **fields) -> Liaison:
    require(Liaison.objects.restrict(by, "change").filter(pk=li.pk).exists(), "无权修改该联络员")
    with transaction.atomic():
        li = Liaison.objects.select_for_update().get(pk=li.pk)
        check_version(li, expected_version)
        before = snapshot(li, LIAISON_FIELDS)
        for k, v in fields.items():
            setattr(li, k, v)
        _validate_liaison(li)
        li.version += 1
        li.save()
        record(by, "liaison.update", li, before=before, after=snapshot(li, LIAISON_FIELDS))
    return li


def delete_liaison(by, li: Liaison) -> None:
    require(Liaison.objects.restrict(by, "delete").filter(pk=li.pk).exists(), "无权删除该联络员")
    with transaction.atomic():
        record(by, "liaison.delete", li, before=snapshot(li, LIAISON_FIELDS))
        li.delete()


# ------------------------------------------------------------------ C5 reporting obligations


def create_obligation(
    by, *, title, day_of_month, start, end, units, region=None, campaign=None
) -> Obligation:
    require(is_awb(by), "只有安委办可以设置报送要求")
    region = region or by.region
    errors = {}
    if not (title or "").strip():
        errors["title"] = "请填写报送事项"
    if not 1 <= int(day_of_month or 0) <= 31:
        errors["day_of_month"] = "每月截止日应在1—31之间"
    if start and end and end < start:
        errors["end"] = "结束日期不能早于开始日期"
    if not units:
        errors["units"] = "请选择报送单位"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        ob = Obligation.objects.create(
            title=title.strip(),
            day_of_month=day_of_month,
            start=start,
            end=end,
            region=region,
            campaign=campaign,
        )
        ob.units.set(units)
        record(by, "obligation.create", ob, after=snapshot(ob))
    return ob


def obligation_periods(ob: Obligation) -> list[Period]:
    return periods(ob.deadline_spec, ob.start, ob.end)


def submit(by, ob: Obligation, *, period_key: str, file=None, note: str = "") -> Submission:
    require(Obligation.objects.restrict(by, "view").filter(pk=ob.pk).exists(), "无权访问")
    unit = Unit.for_user(by)
    require(
        unit is not None and ob.units.filter(pk=unit.pk).exists(), "您的单位不在该报送要求的范围内"
    )
    period = next((p for p in obligation_periods(ob) if p.key == period_key), None)
    if period is None:
        raise ValidationError({"period_key": "没有这一期次"})
    if period.start > timezone.localdate():
        raise ValidationError({"period_key": f"{period.label}尚未开始"})
    if file is not None:
        _check_files([file], "file")
    elif not (note or "").strip():
        raise ValidationError({"file": "请上传报送文件或填写说明"})
    with transaction.atomic():
        if Submission.objects.filter(obligation=ob, unit=unit, period_key=period.key).exists():
            raise ValidationError({"period_key": f"本单位已报送{period.label}"})
        sub = Submission.objects.create(
            obligation=ob,
            unit=unit,
            period_key=period.key,
            file=file or "",
            note=(note or "").strip()[:200],
            submitted_by=by,
            submitted_at=timezone.now(),
        )
        record(by, "obligation.submit", sub, after={"period": period.key, "unit": unit.label})
    return sub


def obligation_status(ob: Obligation, today: date | None = None):
    """[(period, [(unit, submission or None, status)])] for the periods begun by today."""
    today = today or timezone.localdate()
    subs = {(s.unit_id, s.period_key): s for s in ob.submissions.all()}
    units = list(ob.units.all())
    out = []
    for p in obligation_periods(ob):
        if p.start > today:
            continue
        row = []
        for u in units:
            s = subs.get((u.pk, p.key))
            status = (
                ("late_done" if s.submitted_at.date() > p.due else "done")
                if s
                else ("overdue" if today > p.due else "pending")
            )
            row.append((u, s, status))
        out.append((p, row))
    return out


def default_list_dates(year: int) -> tuple[date, date]:
    return date(year, 1, 1), month_end(year, 12)
