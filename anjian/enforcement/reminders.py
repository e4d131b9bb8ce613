"""Enforcement's reminders (P3), registered with notifications from `EnforcementConfig.ready()`:

* a 查封、扣押 about to run out — from the third working day before its last day
  (`law.seizure_reminder_day`), and once it has run out while not lifted: the decision on the
  things is due within the period (行政强制法第二十五条、第二十七条);
* a 先行登记保存 whose 处理决定 is due — from the working day before its seventh working day
  (行政处罚法第五十六条).

Each goes to the department's officers who carry out the measure (and the 负责人 of the
department, who approves an extension).
"""

from anjian import law
from anjian.accounts.models import Role, User
from anjian.notifications.sources import Candidate, Recipients, register


def _leaders(dept_id) -> list[int]:
    return list(
        User.objects.filter(
            department_id=dept_id, role=Role.DEPT_LEADER, is_active=True
        ).values_list("pk", flat=True)
    )


def seizures(today, rec: Recipients):
    from .measures_models import Seizure

    qs = (
        Seizure.objects.filter(status="active", last_day__isnull=False)
        .select_related("enterprise")
        .prefetch_related("officers")
    )
    for s in qs.iterator(chunk_size=500):
        if today < law.seizure_reminder_day(s.last_day):
            continue
        overdue = today > s.last_day
        what = s.get_kind_display()
        title = (
            f"{what}期限已届满，未作出处理决定：{s.enterprise.name}"
            if overdue
            else f"{what}期限即将届满：{s.enterprise.name}"
        )
        body = (
            f"{s.place}；期限至{s.last_day:%Y年%m月%d日}。应当在期限内作出处理决定（解除、没收、"
            f"销毁）{'' if s.extension_days else '；情况复杂的，可经负责人批准延长一次，不超过三十日'}"
            "（行政强制法第二十五条、第二十七条）"
        )
        users = {u.pk for u in s.officers.all() if u.is_active} | set(_leaders(s.department_id))
        kind = "overdue" if overdue else "due"
        for uid in users:
            yield Candidate(
                uid, "other", f"seizure_{kind}:{s.pk}:{s.last_day}", title, body,
                s.get_absolute_url(), s.last_day,
            )  # fmt: skip


def preservations(today, rec: Recipients):
    from datetime import timedelta

    from .measures_models import EvidenceRecord

    qs = (
        EvidenceRecord.objects.filter(
            kind="preservation", status="open", decision_last_day__isnull=False
        )
        .select_related("enterprise")
        .prefetch_related("officers")
    )
    for r in qs.iterator(chunk_size=500):
        start = r.decision_last_day - timedelta(days=1)
        while not law.is_workday(start) and start > r.on:
            start -= timedelta(days=1)
        if today < start:
            continue
        title = f"先行登记保存须作出处理决定：{r.enterprise.name}"
        body = (
            f"{r.on:%Y年%m月%d日}先行登记保存，最迟于{r.decision_last_day:%Y年%m月%d日}作出处理决定"
            "（行政处罚法第五十六条：七日内，工作日）"
        )
        for u in r.officers.all():
            yield Candidate(
                u.pk, "other", f"preservation:{r.pk}", title, body, r.get_absolute_url(),
                r.decision_last_day,
            )  # fmt: skip


def register_all() -> None:
    register("seizures", seizures)
    register("preservations", preservations)
