"""Reminders of 送达 and execution (registered with `anjian.notifications.sources` from
EnforcementConfig.ready()): a decision not yet served near the end of its seven working days
(行政处罚法第六十一条), a fine unpaid after its due date with no 催告 yet (行政强制法第五十四条),
and the three months to apply to the court running out (第五十三条)."""

from datetime import timedelta

from django.urls import reverse

from anjian import law
from anjian.notifications.sources import Candidate

from .models import Case, Document

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
