"""Who may see which reporting unit, period parsing, and submission (报送) of a table."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from anjian.accounts.models import Department, Region, Role, User
from anjian.audit.services import record
from anjian.core.services import ConflictError, check_version, require  # noqa: F401

from .drift import drift, freeze
from .figures import Period, Unit, compute, default_start
from .models import Submission

# 每月23日前上报 (seed 000 正文): the table of month M is due on the 23rd of month M+1.
DEADLINE_DAY = 23
STATS_ROLES = (Role.AWB, Role.INSPECTOR, Role.DEPT_LEADER, Role.TOWN)


def can_use_stats(user) -> bool:
    return bool(user.is_authenticated and (user.is_superuser or user.role in STATS_ROLES))


def home_unit(user) -> Unit:
    """The unit a user reports for: its department, its town, or the 安委办's region."""
    require(can_use_stats(user), "无权查看统计报表")
    if user.role in (Role.INSPECTOR, Role.DEPT_LEADER) and user.department_id:
        return Unit(department=user.department)
    if user.region_id:
        return Unit(region=user.region)
    if user.is_superuser:
        return Unit(region=Region.objects.filter(level="county").order_by("code").first())
    raise PermissionDenied("账号未设置所属部门或区划")


def may_view_unit(user, unit: Unit) -> bool:
    """部门 users: their department; 镇街: their town; 安委办: any unit in its region."""
    if not can_use_stats(user):
        return False
    if user.is_superuser:
        return True
    if user.role in (Role.INSPECTOR, Role.DEPT_LEADER):
        return unit.is_department and unit.department.pk == user.department_id
    if user.role == Role.TOWN:
        return not unit.is_department and unit.region.pk == user.region_id
    if user.role == Role.AWB and user.region_id:
        prefix = user.region.prefix
        code = unit.department.region.code if unit.is_department else unit.region.code
        return code.startswith(prefix)
    return False


def parse_unit(user, key: str | None) -> Unit:
    """'dept:ID' or 'region:CODE' → Unit, or the user's own unit; out of scope → 404-like."""
    if not key:
        return home_unit(user)
    unit = None
    if key.startswith("dept:") and key[5:].isdigit():
        dept = Department.objects.select_related("region").filter(pk=int(key[5:])).first()
        unit = Unit(department=dept) if dept else None
    elif key.startswith("region:"):
        region = Region.objects.filter(code=key[7:], level__in=("county", "town")).first()
        unit = Unit(region=region) if region else None
    if unit is None or not may_view_unit(user, unit):
        raise PermissionDenied("无权查看该单位的报表")
    return unit


def units_for(user) -> list[Unit]:
    """Units the user may choose: the 安委办 gets its region, its towns and departments."""
    if not can_use_stats(user):
        return []
    if user.role == Role.AWB or user.is_superuser:
        region = user.region or home_unit(user).region
        out = [Unit(region=region)]
        out += [
            Unit(department=d)
            for d in Department.objects.filter(region__code__startswith=region.prefix)
            .select_related("region")
            .order_by("id")
        ]
        out += [
            Unit(region=r)
            for r in Region.objects.filter(level="town", code__startswith=region.prefix)
        ]
        return out
    return [home_unit(user)]


_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")


def parse_month(value: str | None, field: str = "month") -> tuple[int, int]:
    if not value:
        today = timezone.localdate()
        return today.year, today.month
    m = _MONTH.match(value.strip())
    if not m or not 1 <= int(m.group(2)) <= 12:
        raise ValidationError({field: "月份格式应为 YYYY-MM，如 2023-05"})
    return int(m.group(1)), int(m.group(2))


def parse_period(unit: Unit, month=None, mode=None, start=None) -> Period:
    year, mon = parse_month(month)
    if mode != "cum":
        return Period.month(year, mon)
    if start:
        sy, sm = parse_month(start, "start")
        first = date(sy, sm, 1)
    else:
        first = default_start(unit, year, mon)
    if first > date(year, mon, 1):
        raise ValidationError({"start": "起始月份不能晚于截止月份"})
    return Period.to_month(year, mon, first)


def parse_as_of(value, submitted_at=None):
    """?as_of=: "" (now) → None; "submitted" → the submission's 报送时间; YYYY-MM-DD → the end of
    that day; an ISO date-time → that instant. An instant not in the past is now (None)."""
    from datetime import datetime, time

    from django.utils import timezone
    from django.utils.translation import gettext

    value = (value or "").strip()
    if not value:
        return None
    if value == "submitted":
        if submitted_at is None:
            raise ValidationError({"as_of": gettext("本月报表尚未报送，无法按报送时重算")})
        at = submitted_at
    else:
        try:
            if len(value) == 10:
                day = date.fromisoformat(value)
                at = datetime.combine(day, time.max)
            else:
                at = datetime.fromisoformat(value)
        except ValueError as exc:
            raise ValidationError(
                {"as_of": gettext("重算时点格式应为 YYYY-MM-DD 或 ISO 日期时间，或 submitted")}
            ) from exc
        if timezone.is_naive(at):
            at = timezone.make_aware(at, timezone.get_current_timezone())
    return at if at < timezone.now() else None


def deadline(year: int, month: int) -> date:
    y, m = (year + 1, 1) if month == 12 else (year, month + 1)
    return date(y, m, min(DEADLINE_DAY, calendar.monthrange(y, m)[1]))


def unit_leader(unit: Unit) -> str:
    """负责人: the department's leader (or the town's leader user), if any."""
    if unit.is_department:
        qs = User.objects.filter(department=unit.department, is_active=True).filter(
            role=Role.DEPT_LEADER
        ) | User.objects.filter(department=unit.department, is_active=True, is_leader=True)
    else:
        qs = User.objects.filter(region=unit.region, is_leader=True, is_active=True)
    u = qs.order_by("-is_leader", "id").first()
    return u.display_name if u else ""


def submit(
    by,
    table: str,
    unit: Unit,
    year: int,
    month: int,
    *,
    start: date | None = None,
    leader_name: str = "",
    filler_name: str = "",
    phone: str = "",
    expected_version=None,
) -> Submission:
    """Freeze the unit's table for the month (报送). Departments and towns submit their own.

    S1 is frozen cumulatively from `start` (the campaign start) to the end of the month, as the
    seed's “2023年4月至 月” form asks; S2 is cumulative too (截至本月末的累计情况).
    """
    if table not in ("s1", "s2"):
        raise ValidationError({"table": "未知报表"})
    require(
        user_submits_for(by, unit),
        "只有本部门（本镇街）的人员可以报送本单位的报表",
    )
    today = timezone.localdate()
    if (year, month) > (today.year, today.month):
        raise ValidationError({"month": "不能报送尚未开始的月份"})
    if not (filler_name or "").strip():
        raise ValidationError({"filler_name": "请填写填报人"})
    if phone and not re.fullmatch(r"[0-9\-+ ]{5,20}", phone.strip()):
        raise ValidationError({"phone": "联系电话格式不正确"})
    first = start or default_start(unit, year, month)
    period = Period.to_month(year, month, first)
    key = unit.key
    with transaction.atomic():
        # the figures and the records behind each, frozen together (drift.py shows later changes;
        # a record changed from this instant on is a change after the submission)
        frozen_at = timezone.now()
        data = compute(table, unit, period).as_dict()
        frozen = freeze(table, unit, period)
        existing = (
            Submission.objects.select_for_update()
            .filter(table=table, unit_key=key, year=year, month=month)
            .first()
        )
        fields = {
            "period_start": period.start,
            "period_end": period.end,
            "figures": data,
            "records": frozen,
            "leader_name": leader_name.strip(),
            "filler_name": filler_name.strip(),
            "phone": phone.strip(),
            "submitted_by": by,
            "submitted_at": frozen_at,
            "drift_cache": {},
        }
        if existing is None:
            region = unit.department.region if unit.is_department else unit.region
            obj = Submission.objects.create(
                table=table,
                unit_key=key,
                department=unit.department,
                region=None if unit.is_department else unit.region,
                region_code=region.code,
                year=year,
                month=month,
                **fields,
            )
            record(by, "stats.submit", obj, after={"figures": data["total"]})
            return obj
        check_version(existing, expected_version)
        before = {"figures": existing.figures.get("total"), "version": existing.version}
        for k, v in fields.items():
            setattr(existing, k, v)
        existing.version += 1
        existing.save()
        record(
            by,
            "stats.resubmit",
            existing,
            before=before,
            after={"figures": data["total"], "version": existing.version},
        )
        return existing


def user_submits_for(user, unit: Unit) -> bool:
    if user.role in (Role.INSPECTOR, Role.DEPT_LEADER):
        return unit.is_department and unit.department.pk == user.department_id
    if user.role == Role.TOWN:
        return not unit.is_department and unit.region.pk == user.region_id
    return False


# The one status of a unit's monthly table, read by /stats/submissions/, the table pages, the
# tasks app's obligations and their reminders (through tasks.hooks) and the API.
STATUS_LABELS = {
    "done": "按时报送",
    "late_done": "逾期报送",
    "overdue": "逾期未报",
    "pending": "未报送",
}
_UNSET = object()


@dataclass
class ReportStatus:
    status: str  # done | late_done | overdue | pending
    due: date
    submission: Submission | None = None

    @property
    def on_time(self) -> bool | None:
        return None if self.submission is None else self.status == "done"

    @property
    def label(self) -> str:
        return STATUS_LABELS[self.status]


def report_status(
    table: str, unit: Unit, year: int, month: int, *, today=None, submission=_UNSET
) -> ReportStatus:
    """The unit's status for the month's table: 按时报送 (submitted by the deadline, in local
    time), 逾期报送, 逾期未报 (not submitted, deadline passed) or 未报送 (deadline to come)."""
    due = deadline(year, month)
    if submission is _UNSET:
        submission = (
            Submission.objects.filter(table=table, unit_key=unit.key, year=year, month=month)
            .defer("records")
            .first()
        )
    if submission is not None:
        late = timezone.localtime(submission.submitted_at).date() > due
        return ReportStatus("late_done" if late else "done", due, submission)
    today = today or timezone.localdate()
    return ReportStatus("overdue" if today > due else "pending", due, None)


class TasksProvider:
    """What the tasks app reads for an obligation linked to an official table (tasks.hooks)."""

    def tables(self):
        return list(Submission.TABLES)

    def due(self, table, year, month):
        return deadline(year, month)

    def table_url(self, table):
        from django.urls import reverse

        return reverse("stats:s2" if table == "s2" else "stats:s1")

    def status(self, table, tasks_unit, year, month, today):
        from anjian.tasks.hooks import LinkedStatus

        if tasks_unit.department_id:
            unit = Unit(department=tasks_unit.department)
        else:
            unit = Unit(region=tasks_unit.region)
        st = report_status(table, unit, year, month, today=today)
        sub = st.submission
        return LinkedStatus(
            status=st.status,
            due=st.due,
            submitted_at=sub.submitted_at if sub else None,
            submitted_by=sub.submitted_by if sub else None,
            url=self.table_url(table) + f"?unit={unit.key}&month={year}-{month:02d}&mode=cum",
        )


@dataclass
class StatusLine:
    unit: Unit
    submission: Submission | None
    on_time: bool | None
    status: str = ""
    drifted: int = 0  # figures that differ from the records now (drift.py)

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]


def submission_status(user, table: str, year: int, month: int) -> dict:
    """For the 安委办: which departments and towns of its region have submitted the month's table,
    on time (by the deadline) or late, and the region's total of the submitted snapshots."""
    require(user.is_superuser or user.role == Role.AWB, "只有安委办可以查看报送情况")
    region = user.region or home_unit(user).region
    subs = {
        s.unit_key: s
        for s in Submission.objects.restrict(user)
        .filter(table=table, year=year, month=month)
        .defer("records")  # the frozen record lists: read only when a drift is recomputed
    }
    due = deadline(year, month)
    today = timezone.localdate()
    lines = []
    for unit in units_for(user)[1:]:
        st = report_status(table, unit, year, month, today=today, submission=subs.get(unit.key))
        drifted = len(drift(st.submission, user)) if st.submission else 0
        lines.append(StatusLine(unit, st.submission, st.on_time, st.status, drifted))
    dept_lines = [ln for ln in lines if ln.unit.is_department]
    total: dict = {}
    for ln in dept_lines:
        if ln.submission:
            for k, v in ln.submission.figures.get("total", {}).items():
                total[k] = round(total.get(k, 0) + v, 4)
    return {
        "region": region,
        "deadline": due,
        "lines": lines,
        "submitted": sum(1 for ln in dept_lines if ln.submission),
        "missing": [ln.unit for ln in dept_lines if not ln.submission],
        "drifted": [ln.unit for ln in lines if ln.drifted],
        "submitted_total": total,
    }
