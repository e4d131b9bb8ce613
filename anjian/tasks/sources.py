"""Reminders of task periods and reporting obligations due soon or overdue (registered with
`anjian.notifications.sources` from `TasksConfig.ready()`)."""

from datetime import timedelta

from anjian.notifications.sources import SOON_DAYS, Candidate

from .models import Obligation, Task, TaskList
from .services import obligation_status, task_status


def task_reminders(today, rec=None):
    soon = today + timedelta(days=SOON_DAYS["task"])
    lists = TaskList.objects.filter(end__gte=today - timedelta(days=92))
    tasks = (
        Task.objects.filter(task_list__in=lists)
        .select_related("task_list")
        .prefetch_related("units__department", "units__region", "reports", "supervisions")
    )
    unit_users: dict[int, list[int]] = {}

    def users(unit) -> list[int]:
        if unit.pk not in unit_users:
            unit_users[unit.pk] = list(unit.users().values_list("pk", flat=True))
        return unit_users[unit.pk]

    for task in tasks:
        for c in task_status(task, today):
            if c.status not in ("overdue", "pending") or c.period.due > soon:
                continue
            overdue = c.status == "overdue"
            kind = "task_overdue" if overdue else "task_due"
            title = (
                f"{'任务逾期未完成' if overdue else '任务即将到期'}：{task.task_list.title} "
                f"第{task.seq}项（{c.period.label}）"
            )
            for uid in users(c.unit):
                yield Candidate(
                    uid,
                    kind,
                    f"{kind}:task:{task.pk}:{c.unit.pk}:{c.period.key}",
                    title,
                    f"{task.requirement[:80]}；应于 {c.period.due:%Y年%m月%d日} 前完成并报送",
                    f"/tasks/task/{task.pk}/",
                    c.period.due,
                )
    for ob in Obligation.objects.filter(end__gte=today - timedelta(days=62)).prefetch_related(
        "units__department", "units__region", "submissions"
    ):
        for period, row in obligation_status(ob, today):
            if period.due > soon:
                continue
            for unit, _sub, status in row:
                if status not in ("overdue", "pending"):
                    continue
                kind = "report_overdue" if status == "overdue" else "report_due"
                title = f"{'报送逾期' if status == 'overdue' else '报送即将到期'}：{ob.title}（{period.label}）"
                for uid in users(unit):
                    yield Candidate(
                        uid, kind, f"{kind}:obligation:{ob.pk}:{unit.pk}:{period.key}", title,
                        f"应于 {period.due:%Y年%m月%d日} 前报送", f"/tasks/obligations/{ob.pk}/",
                        period.due,
                    )  # fmt: skip
