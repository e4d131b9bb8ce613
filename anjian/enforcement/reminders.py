"""Enforcement's reminders (P3), registered with notifications from `EnforcementConfig.ready()`:

* a 查封、扣押 about to run out — from the third working day before its last day
  (`law.seizure_reminder_day`), and once it has run out while not lifted: the decision on the
  things is due within the period (行政强制法第二十五条、第二十七条);
* a 先行登记保存 whose 处理决定 is due — from the working day before its seventh working day
  (行政处罚法第五十六条);
* 送达 and execution: a decision not yet served near the end of its seven working days
  (行政处罚法第六十一条), a fine unpaid after its due date with no 催告 yet (行政强制法第五十四条),
  and the three months to apply to the court running out (第五十三条).

Each goes to the department's officers who carry out the measure (and the 负责人 of the
department, who approves an extension).
"""

from datetime import timedelta

from django.urls import reverse

from anjian import law
from anjian.accounts.models import Role, User
from anjian.notifications.sources import Candidate, Recipients, register

from .models import Case, Document


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


# days before the last day that the court-application reminder starts
COURT_SOON_DAYS = 30
SERVICE_SOON_DAYS = 2


def execution_reminders(today, rec):
    from .services.execution import enforcement_window, remaining

    for doc in (
        Document.objects.filter(kind="penalty_decision", case__stage="decided")
        .exclude(services__status="served")
        .select_related("case")
    ):
        last = law.service_last_day(doc.issued_on).value
        if last - today > timedelta(days=SERVICE_SOON_DAYS):
            continue
        for uid in rec.department_users(doc.department_id):
            yield Candidate(
                uid, "other", f"service_due:{doc.pk}",
                f"行政处罚决定书待送达：{doc.number}",
                f"应于{last:%Y年%m月%d日}前送达当事人（行政处罚法第六十一条）",
                reverse("enforcement:case_detail", args=[doc.case_id]), last,
            )  # fmt: skip
    cases = Case.objects.filter(stage__in=("served", "execution"), payment_due_on__lt=today)
    for case in cases.prefetch_related("parties"):
        url = reverse("enforcement:case_detail", args=[case.pk])
        for p in case.parties.all():
            if remaining(p, today) <= 0:
                continue
            w = enforcement_window(case, p)
            if w["reminder"] is None:
                key, title = (
                    f"remind_due:{p.pk}",
                    f"罚款逾期未缴，请催告：{p.name}（{case.number}）",
                )
                body = "申请人民法院强制执行前，应当催告当事人履行义务（行政强制法第五十四条）"
                due = None
            elif w["last"] and w["earliest"] and not case.court_applications.filter(party=p):
                if w["last"] - today > timedelta(days=COURT_SOON_DAYS) or w["last"] < today:
                    continue
                key = f"court_due:{p.pk}:{w['last'].isoformat()}"
                title = f"申请人民法院强制执行期限将届满：{p.name}（{case.number}）"
                body = f"最迟{w['last']:%Y年%m月%d日}申请（行政强制法第五十三条）"
                due = w["last"]
            else:
                continue
            for uid in rec.department_users(case.department_id):
                yield Candidate(uid, "other", key, title, body, url, due)


def register_all() -> None:
    register("seizures", seizures)
    register("preservations", preservations)
    register("enforcement_execution", execution_reminders)
