"""State changes of task lists, completion reports, 督办, liaisons and reporting obligations.

Each service checks permission, validates, writes and records the audit entry in one
transaction. Read helpers (`progress`, `task_status`, `obligation_status`) compute the
overdue and ranking views from the records.
"""

import os
import re
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from anjian.accounts.models import Role
from anjian.audit.services import record
from anjian.core.services import check_version, require, snapshot
from anjian.notifications.services import notify

from .display import deadline_label, period_label, status_label
from .hooks import report_status_provider
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
from .recurrence import KINDS, Deadline, Period, is_overdue, month_end, parse_deadline, periods

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
                    field_name: _(
                        "不支持的文件类型“%(name)s”（可上传 PDF、图片、Word、Excel、OFD、ZIP）"
                    )
                    % {"name": f.name}
                }
            )
        if f.size > MAX_FILE:
            raise ValidationError({field_name: _("文件“%(name)s”超过 20 MB") % {"name": f.name}})


def task_periods(task: Task) -> list[Period]:
    tl = task.task_list
    return periods(task.deadline_spec, tl.start, tl.end)


def _period(task: Task, key: str) -> Period:
    for p in task_periods(task):
        if p.key == key:
            return p
    raise ValidationError({"period_key": _("该任务没有这一期次")})


# ------------------------------------------------------------------ C4 reports and 督办


def report_completion(
    by, task: Task, *, period_key: str, note: str, files=(), unit=None, expected_version=None
) -> TaskReport:
    """A responsible unit reports a period of a task as done, with evidence files."""
    require(Task.objects.restrict(by, "view").filter(pk=task.pk).exists(), _("无权访问该任务"))
    unit = unit or Unit.for_user(by)
    require(unit is not None and unit.acts_for(by), _("只有责任单位的人员可以报送完成情况"))
    require(
        task.units.filter(pk=unit.pk).exists(),
        _("%(unit)s不是该任务的责任单位") % {"unit": unit.label},
    )
    period = _period(task, period_key)
    today = timezone.localdate()
    if period.start > today:
        raise ValidationError(
            {"period_key": _("%(period)s尚未开始，不能报送") % {"period": period_label(period)}}
        )
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": _("请填写完成情况")})
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
                raise ValidationError({"files": _("请上传佐证材料（至少一个文件）")})
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
    require(is_awb(by), _("只有安委办可以下发督办"))
    require(Task.objects.restrict(by, "change").filter(pk=task.pk).exists(), _("无权督办该任务"))
    require(
        task.units.filter(pk=unit.pk).exists(),
        _("%(unit)s不是该任务的责任单位") % {"unit": unit.label},
    )
    period = _period(task, period_key)
    today = timezone.localdate()
    reported = TaskReport.objects.filter(task=task, unit=unit, period_key=period.key).exists()
    if not is_overdue(period, today, reported):
        raise ValidationError({"period_key": _("只能对已逾期未完成的任务下发督办")})
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": _("请填写督办意见")})
    if new_due is not None and new_due < today:
        raise ValidationError({"new_due": _("督办限期不能早于今天")})
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
        return status_label(self.status)


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


def delete_task_list(by, tl: TaskList, *, expected_version=None) -> None:
    require(TaskList.objects.restrict(by, "delete").filter(pk=tl.pk).exists(), _("无权删除该清单"))
    if TaskReport.objects.filter(task__task_list=tl).exists():
        raise ValidationError({NON_FIELD_ERRORS: _("已有单位报送完成情况，不能删除该清单")})
    with transaction.atomic():
        check_version(TaskList.objects.select_for_update().get(pk=tl.pk), expected_version)
        record(by, "tasklist.delete", tl, before={"title": tl.title})
        tl.delete()


# ------------------------------------------------------------------ C5 liaisons

MOBILE = re.compile(r"^1\d{10}$")
LIAISON_FIELDS = ["seq", "name", "gender", "org_title", "mobile", "note"]


def _validate_liaison(li: Liaison) -> None:
    errors = {}
    try:  # the model's limits (max_length, choices); the messages below say more
        li.clean_fields(exclude=["campaign", "unit", "seq", "version"])
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if not li.name.strip():
        errors["name"] = _("请填写姓名")
    if li.gender not in ("男", "女"):
        errors["gender"] = _("性别应为“男”或“女”")
    if not li.org_title.strip():
        errors["org_title"] = _("请填写工作单位及职务")
    if not MOBILE.match(li.mobile or ""):
        errors["mobile"] = _("手机号码应为11位数字")
    if errors:
        raise ValidationError(errors)


def add_liaison(by, campaign, *, unit=None, **fields) -> Liaison:
    unit = unit or Unit.for_user(by)
    require(unit is not None, _("您不属于任何责任单位，不能登记联络员"))
    require(is_awb(by) or unit.acts_for(by), _("只能登记本单位的联络员"))
    require(by.is_superuser or unit.region_code[:6] == county_prefix(by), _("该单位不在您的辖区"))
    with transaction.atomic():
        if not fields.get("seq"):
            fields["seq"] = Liaison.objects.filter(campaign=campaign, unit=unit).count() + 1
        li = Liaison(campaign=campaign, unit=unit, **fields)
        _validate_liaison(li)
        li.save()
        record(by, "liaison.create", li, after=snapshot(li, LIAISON_FIELDS))
    return li


def update_liaison(by, li: Liaison, *, expected_version=None, **fields) -> Liaison:
    require(Liaison.objects.restrict(by, "change").filter(pk=li.pk).exists(), _("无权修改该联络员"))
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


def delete_liaison(by, li: Liaison, *, expected_version=None) -> None:
    require(Liaison.objects.restrict(by, "delete").filter(pk=li.pk).exists(), _("无权删除该联络员"))
    with transaction.atomic():
        check_version(Liaison.objects.select_for_update().get(pk=li.pk), expected_version)
        record(by, "liaison.delete", li, before=snapshot(li, LIAISON_FIELDS))
        li.delete()


# ------------------------------------------------------------------ C5 reporting obligations


def _validate_obligation(title, day_of_month, start, end, units) -> None:
    """One message per bad field, for creating and for editing an obligation."""
    errors = {}
    if not (title or "").strip():
        errors["title"] = _("请填写报送事项")
    if not 1 <= int(day_of_month or 0) <= 31:
        errors["day_of_month"] = _("每月截止日应在1—31之间")
    if start and end and end < start:
        errors["end"] = _("结束日期不能早于开始日期")
    if not units:
        errors["units"] = _("请选择报送单位")
    if errors:
        raise ValidationError(errors)


def _check_stats_table(stats_table) -> str:
    stats_table = stats_table or ""
    if stats_table and stats_table not in dict(Obligation._meta.get_field("stats_table").choices):
        raise ValidationError({"stats_table": _("未知的统计报表")})
    return stats_table


def create_obligation(
    by, *, title, day_of_month, start, end, units, region=None, campaign=None, stats_table=""
) -> Obligation:
    require(is_awb(by), _("只有安委办可以设置报送要求"))
    region = region or by.region
    _validate_obligation(title, day_of_month, start, end, units)
    stats_table = _check_stats_table(stats_table)
    with transaction.atomic():
        ob = Obligation.objects.create(
            title=title.strip(),
            day_of_month=day_of_month,
            start=start,
            end=end,
            region=region,
            campaign=campaign,
            stats_table=stats_table,
        )
        ob.units.set(units)
        record(by, "obligation.create", ob, after=snapshot(ob))
    return ob


def _linked(ob: Obligation):
    """The stats provider when `ob` asks for an official table (tasks.hooks), else None."""
    if not ob.stats_table:
        return None
    return report_status_provider()


def stats_table_url(ob: Obligation) -> str:
    provider = _linked(ob)
    return provider.table_url(ob.stats_table) if provider is not None else ""


def obligation_periods(ob: Obligation) -> list[Period]:
    """The obligation's monthly periods. For an official table the period of month M is the
    table of month M, due when the stats app says (the 23rd of M+1: 每月23日前上报)."""
    out = periods(ob.deadline_spec, ob.start, ob.end)
    provider = _linked(ob)
    if provider is None:
        return out
    return [
        Period(p.key, p.label, p.start, provider.due(ob.stats_table, p.start.year, p.start.month))
        for p in out
    ]


def submit(by, ob: Obligation, *, period_key: str, file=None, note: str = "") -> Submission:
    require(Obligation.objects.restrict(by, "view").filter(pk=ob.pk).exists(), _("无权访问"))
    if _linked(ob) is not None:
        raise ValidationError(
            {"period_key": _("本报送要求为统计报表，请在“统计报表”页面报送本单位的报表")}
        )
    unit = Unit.for_user(by)
    require(
        unit is not None and ob.units.filter(pk=unit.pk).exists(),
        _("您的单位不在该报送要求的范围内"),
    )
    period = next((p for p in obligation_periods(ob) if p.key == period_key), None)
    if period is None:
        raise ValidationError({"period_key": _("没有这一期次")})
    if period.start > timezone.localdate():
        raise ValidationError(
            {"period_key": _("%(period)s尚未开始") % {"period": period_label(period)}}
        )
    if file is not None:
        _check_files([file], "file")
    elif not (note or "").strip():
        raise ValidationError({"file": _("请上传报送文件或填写说明")})
    with transaction.atomic():
        if Submission.objects.filter(obligation=ob, unit=unit, period_key=period.key).exists():
            raise ValidationError(
                {"period_key": _("本单位已报送%(period)s") % {"period": period_label(period)}}
            )
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
    provider = _linked(ob)
    if provider is not None:
        return _linked_status(ob, provider, today)
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


def _linked_status(ob: Obligation, provider, today: date):
    """Status of an official-table obligation: the one the stats app computes (the same as
    /stats/submissions/ shows), as [(period, [(unit, LinkedStatus or None, status)])]."""
    units = list(ob.units.all())
    out = []
    for p in obligation_periods(ob):
        if p.start > today:
            continue
        row = []
        for u in units:
            st = provider.status(ob.stats_table, u, p.start.year, p.start.month, today)
            row.append((u, st if st.submitted_at else None, st.status))
        out.append((p, row))
    return out


def default_list_dates(year: int) -> tuple[date, date]:
    return date(year, 1, 1), month_end(year, 12)


# ------------------------------------------------------------------ C4 lists entered by hand

LIST_FIELDS = ["title", "campaign", "region", "start", "end", "version"]
TASK_FIELDS = [
    "seq",
    "measure",
    "measure_detail",
    "task",
    "requirement",
    "units_text",
    "deadline_text",
    "deadline",
    "version",
]
DEADLINE_KINDS = [
    ("once", gettext_noop("限期（一个日期）")),
    ("dates", gettext_noop("多个时间节点（如 8月中旬、11月中旬）")),
    ("monthly", gettext_noop("每月")),
    ("bimonthly", gettext_noop("每2月")),
    ("quarterly", gettext_noop("每季度")),
    ("halfyear", gettext_noop("每半年")),
    ("yearly", gettext_noop("每年")),
    ("continuous", gettext_noop("常态化")),
]


def build_deadline(kind: str, *, year: int, on=None, dates_text: str = "", day=None) -> Deadline:
    """A `Deadline` from the form's fields; ValidationError names the field at fault."""
    if kind not in dict(DEADLINE_KINDS):
        raise ValidationError({"deadline_kind": _("请选择时限类型")})
    if kind == "once":
        if on is None:
            raise ValidationError({"deadline_date": _("请填写完成日期")})
        return Deadline("once", dates=(on,), text=f"{on.year}年{on.month}月{on.day}日前")
    if kind == "dates":
        text = (dates_text or "").strip()
        if not text:
            raise ValidationError(
                {
                    "deadline_dates": _(
                        "请填写时间节点，如“8月中旬、11月中旬”或“2023-08-20、2023-11-20”"
                    )
                }
            )
        try:
            spec = parse_deadline(text, year)
        except ValueError:
            raise ValidationError(
                {
                    "deadline_dates": _(
                        "无法识别的时限要求“%(text)s”（可填日期如2023年7月30日前、8月中旬，"
                        "多个日期用“、”分开）"
                    )
                    % {"text": text}
                }
            ) from None
        if spec.kind not in ("once", "dates"):
            raise ValidationError(
                {
                    "deadline_dates": _("“%(text)s”是周期性时限，请在时限类型中选择%(kind)s")
                    % {"text": text, "kind": deadline_label(spec)}
                }
            )
        return spec
    if kind == "monthly" and day not in (None, ""):
        day = int(day)
        if not 1 <= day <= 31:
            raise ValidationError({"deadline_day": _("每月截止日应在1—31之间")})
        return Deadline("monthly", day=day, text=f"每月{day}日前")
    return Deadline(kind, text=KINDS[kind])


def deadline_fields(spec: Deadline) -> dict:
    """The form's initial values for a stored deadline (inverse of `build_deadline`)."""
    out = {
        "deadline_kind": spec.kind,
        "deadline_date": None,
        "deadline_dates": "",
        "deadline_day": None,
    }
    if spec.kind == "once" and not spec.text.count("、"):
        out["deadline_date"] = spec.dates[0]
    elif spec.kind in ("once", "dates"):
        out["deadline_kind"] = "dates"
        out["deadline_dates"] = spec.text or "、".join(
            f"{d.year}年{d.month}月{d.day}日" for d in spec.dates
        )
    elif spec.kind == "monthly":
        out["deadline_day"] = spec.day
    return out


def _validate_list_fields(title, region, start, end, by) -> dict:
    errors = {}
    if not (title or "").strip():
        errors["title"] = _("请填写清单名称")
    if region is None:
        errors["region"] = _("请选择下发单位")
    elif not by.is_superuser and not (by.region_id and region.code.startswith(by.region.prefix)):
        errors["region"] = _("下发单位不在您的辖区")
    if start is None:
        errors["start"] = _("请填写开始日期")
    if end is None:
        errors["end"] = _("请填写结束日期")
    elif start is not None and end < start:
        errors["end"] = _("结束日期不能早于开始日期")
    return errors


def create_task_list(by, *, title, region, start, end, campaign=None) -> TaskList:
    """A 工作清单 entered by hand (layout 手工录入); tasks are added one by one."""
    require(is_awb(by), _("只有安委办可以新建工作清单"))
    errors = _validate_list_fields(title, region, start, end, by)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        tl = TaskList.objects.create(
            title=title.strip(), region=region, start=start, end=end, campaign=campaign,
            layout="manual", created_by=by,
        )  # fmt: skip
        record(by, "tasklist.create", tl, after=snapshot(tl, LIST_FIELDS))
    return tl


def _reported_keys(task: Task) -> dict[int, set[str]]:
    out: dict[int, set[str]] = {}
    for unit_id, key in task.reports.values_list("unit_id", "period_key"):
        out.setdefault(unit_id, set()).add(key)
    return out


def _check_reports_kept(task: Task, spec: Deadline, start, end, unit_ids=None) -> dict:
    """Errors if an edit would orphan a unit's completion report (its unit or period)."""
    reported = _reported_keys(task)
    if not reported:
        return {}
    errors = {}
    if unit_ids is not None:
        dropped = [uid for uid in reported if uid not in unit_ids]
        if dropped:
            names = "、".join(u.label for u in Unit.objects.filter(pk__in=dropped))
            errors["units"] = _("%(units)s已报送完成情况，不能从责任单位中移除") % {"units": names}
    keys = {p.key for p in periods(spec, start, end)}
    lost = sorted({k for ks in reported.values() for k in ks} - keys)
    if lost:
        errors["deadline_kind"] = _(
            "已有单位报送了期次 %(periods)s 的完成情况，修改后该期次将不存在，不能这样修改"
        ) % {"periods": "、".join(lost)}
    return errors


def update_task_list(
    by, tl: TaskList, *, expected_version=None, title, region, start, end, campaign=None
) -> TaskList:
    require(TaskList.objects.restrict(by, "change").filter(pk=tl.pk).exists(), _("无权修改该清单"))
    errors = _validate_list_fields(title, region, start, end, by)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        tl = TaskList.objects.select_for_update().get(pk=tl.pk)
        check_version(tl, expected_version)
        if start != tl.start or end != tl.end:
            for task in tl.tasks.filter(reports__isnull=False).distinct():
                if _check_reports_kept(task, task.deadline_spec, start, end):
                    raise ValidationError(
                        {
                            "start": _(
                                "第%(seq)s项已有单位报送的期次在新的期间之外，不能缩短清单期间"
                            )
                            % {"seq": task.seq}
                        }
                    )
        before = snapshot(tl, LIST_FIELDS)
        tl.title, tl.region, tl.start, tl.end = title.strip(), region, start, end
        tl.campaign = campaign
        tl.version += 1
        tl.save()
        record(by, "tasklist.update", tl, before=before, after=snapshot(tl, LIST_FIELDS))
    return tl


def _task_errors(tl: TaskList, *, requirement, units, seq, exclude_pk=None) -> dict:
    errors = {}
    if not (requirement or "").strip():
        errors["requirement"] = _("请填写工作要求")
    if not units:
        errors["units"] = _("请选择至少一个责任单位")
    else:
        county = tl.region.code[:6]
        outside = [u.label for u in units if u.region_code[:6] != county]
        if outside:
            errors["units"] = _("%(units)s不在清单所在的区县") % {"units": "、".join(outside)}
    if seq is not None:
        if int(seq) < 1:
            errors["seq"] = _("序号应为正整数")
        elif tl.tasks.filter(seq=seq).exclude(pk=exclude_pk).exists():
            errors["seq"] = _("序号 %(seq)s 已被本清单的另一项任务使用") % {"seq": seq}
    return errors


def _task_snapshot(t: Task, units=None) -> dict:
    data = snapshot(t, TASK_FIELDS)
    data["deadline"] = dict(t.deadline)
    data["units"] = sorted(u.pk for u in (t.units.all() if units is None else units))
    return data


def add_task(
    by, tl: TaskList, *, requirement, units, deadline: Deadline, seq=None, measure="",
    measure_detail="", task="", units_text="",
) -> Task:  # fmt: skip
    require(TaskList.objects.restrict(by, "change").filter(pk=tl.pk).exists(), _("无权修改该清单"))
    units = list(units or [])
    with transaction.atomic():
        tl = TaskList.objects.select_for_update().get(pk=tl.pk)  # serialises seq numbering
        errors = _task_errors(tl, requirement=requirement, units=units, seq=seq)
        if errors:
            raise ValidationError(errors)
        if not seq:
            last = tl.tasks.order_by("-seq").values_list("seq", flat=True).first()
            seq = (last or 0) + 1
        t = Task.objects.create(
            task_list=tl, seq=seq, measure=(measure or "").strip()[:200],
            measure_detail=(measure_detail or "").strip(), task=(task or "").strip(),
            requirement=requirement.strip(), units_text=(units_text or "").strip(),
            deadline=deadline.to_json(), deadline_text=(deadline.text or deadline.label)[:200],
        )  # fmt: skip
        t.units.set(units)
        record(by, "task.create", t, after=_task_snapshot(t, units))
    return t


def update_task(
    by, t: Task, *, expected_version=None, requirement, units, deadline: Deadline, seq=None,
    measure="", measure_detail=None, task="", units_text=None,
) -> Task:  # fmt: skip
    """Edit a task; refuses a stale version and edits that would orphan completion reports."""
    require(Task.objects.restrict(by, "change").filter(pk=t.pk).exists(), _("无权修改该任务"))
    units = list(units or [])
    with transaction.atomic():
        t = Task.objects.select_for_update().select_related("task_list__region").get(pk=t.pk)
        check_version(t, expected_version)
        tl = t.task_list
        errors = _task_errors(tl, requirement=requirement, units=units, seq=seq, exclude_pk=t.pk)
        errors.update(
            _check_reports_kept(t, deadline, tl.start, tl.end, unit_ids={u.pk for u in units})
        )
        if errors:
            raise ValidationError(errors)
        before = _task_snapshot(t)
        if seq:
            t.seq = int(seq)
        t.measure = (measure or "").strip()[:200]
        if measure_detail is not None:
            t.measure_detail = measure_detail.strip()
        t.task = (task or "").strip()
        t.requirement = requirement.strip()
        if units_text is not None:
            t.units_text = units_text.strip()
        old = t.deadline_spec
        if (deadline.kind, deadline.dates, deadline.day) != (old.kind, old.dates, old.day):
            t.deadline = deadline.to_json()
            t.deadline_text = (deadline.text or deadline.label)[:200]
        t.version += 1
        t.save()
        t.units.set(units)
        record(by, "task.update", t, before=before, after=_task_snapshot(t, units))
    return t


def delete_task(by, t: Task, *, expected_version=None) -> None:
    require(Task.objects.restrict(by, "delete").filter(pk=t.pk).exists(), _("无权删除该任务"))
    with transaction.atomic():
        t = Task.objects.select_for_update().get(pk=t.pk)
        check_version(t, expected_version)
        if t.reports.exists():
            raise ValidationError({NON_FIELD_ERRORS: _("已有单位报送完成情况，不能删除该任务")})
        record(by, "task.delete", t, before=_task_snapshot(t))
        t.delete()


# ------------------------------------------------------------------ C5 obligations edited

OBLIGATION_FIELDS = ["title", "day_of_month", "start", "end", "campaign", "stats_table", "version"]


def update_obligation(
    by, ob: Obligation, *, expected_version=None, title, day_of_month, start, end, units,
    campaign=None, stats_table=None,
) -> Obligation:  # fmt: skip
    """Edit a reporting obligation; units that already submitted cannot be dropped."""
    require(
        is_awb(by) and Obligation.objects.restrict(by, "change").filter(pk=ob.pk).exists(),
        _("无权修改该报送要求"),
    )
    units = list(units or [])
    _validate_obligation(title, day_of_month, start, end, units)
    with transaction.atomic():
        ob = Obligation.objects.select_for_update().get(pk=ob.pk)
        check_version(ob, expected_version)
        keep = {u.pk for u in units}
        submitted = set(ob.submissions.values_list("unit_id", flat=True))
        if submitted - keep:
            names = "、".join(u.label for u in Unit.objects.filter(pk__in=submitted - keep))
            raise ValidationError(
                {"units": _("%(units)s已有报送记录，不能从报送单位中移除") % {"units": names}}
            )
        before = snapshot(ob, OBLIGATION_FIELDS)
        before["units"] = sorted(ob.units.values_list("pk", flat=True))
        ob.title, ob.day_of_month, ob.start, ob.end = title.strip(), int(day_of_month), start, end
        ob.campaign = campaign
        if stats_table is not None:
            ob.stats_table = _check_stats_table(stats_table)
        ob.version += 1
        ob.save()
        ob.units.set(units)
        after = snapshot(ob, OBLIGATION_FIELDS)
        after["units"] = sorted(keep)
        record(by, "obligation.update", ob, before=before, after=after)
    return ob


def delete_obligation(by, ob: Obligation, *, expected_version=None) -> None:
    require(
        is_awb(by) and Obligation.objects.restrict(by, "delete").filter(pk=ob.pk).exists(),
        _("无权删除该报送要求"),
    )
    with transaction.atomic():
        check_version(Obligation.objects.select_for_update().get(pk=ob.pk), expected_version)
        if ob.submissions.exists():
            raise ValidationError({NON_FIELD_ERRORS: _("已有单位报送，不能删除该报送要求")})
        record(by, "obligation.delete", ob, before=snapshot(ob, OBLIGATION_FIELDS))
        ob.delete()
