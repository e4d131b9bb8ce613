"""Reminders: the in-app inbox, e-mail digests and the idempotent daily job (`anjian tick`).

Idempotency: every reminder has a key naming its subject kind, object and due date or period
(e.g. `hazard_overdue:hazard:17:2023-07-30`); (recipient, key) is unique in the database, so
running `tick` again — the same day, or in two processes — creates nothing twice and e-mails
only the rows it created itself (claimed by setting `emailed_at` before sending).

E-mail: set ANJIAN_SMTP_HOST (and ANJIAN_SMTP_PORT, ANJIAN_SMTP_USER, ANJIAN_SMTP_PASSWORD,
ANJIAN_SMTP_TLS=1 for STARTTLS or ANJIAN_SMTP_SSL=1, ANJIAN_MAIL_FROM). Without a host the
project's EMAIL_BACKEND is used, unless it is Django's default SMTP backend, in which case
reminders stay in the inbox only. Users without an e-mail address get the inbox only.
"""

import logging
import os
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, transaction
from django.utils import timezone

from anjian.accounts.models import Department, Role, User

from .models import Notification, TickRun

log = logging.getLogger(__name__)

SOON_DAYS = {"hazard": 3, "task": 3, "report": 3, "licence": 30, "cert": 30}
DEFAULT_SMTP = "django.core.mail.backends.smtp.EmailBackend"


def notify(
    user, *, kind, key, title, body="", url="", due=None, email=False
) -> tuple[Notification, bool]:
    """One reminder for one user; (existing, False) when the key was already used.

    With `email=True` the new reminder is also e-mailed once the transaction commits.
    """
    existing = Notification.objects.filter(recipient=user, key=key).first()
    if existing:
        return existing, False
    try:
        with transaction.atomic():
            n = Notification.objects.create(
                recipient=user, kind=kind, key=key[:120], title=title[:200], body=body,
                url=url[:200], due=due,
            )  # fmt: skip
    except IntegrityError:
        return Notification.objects.get(recipient=user, key=key), False
    if email:
        transaction.on_commit(lambda: send_digests([n]))
    return n, True


def mark_read(by, ids=None) -> int:
    qs = Notification.objects.restrict(by, "change").unread()
    if ids is not None:
        qs = qs.filter(pk__in=list(ids))
    return qs.update(read_at=timezone.now())


# ------------------------------------------------------------------ e-mail


def mail_connection():
    host = os.environ.get("ANJIAN_SMTP_HOST", "").strip()
    if host:
        return get_connection(
            DEFAULT_SMTP,
            host=host,
            port=int(os.environ.get("ANJIAN_SMTP_PORT", "25")),
            username=os.environ.get("ANJIAN_SMTP_USER", ""),
            password=os.environ.get("ANJIAN_SMTP_PASSWORD", ""),
            use_tls=os.environ.get("ANJIAN_SMTP_TLS", "0") == "1",
            use_ssl=os.environ.get("ANJIAN_SMTP_SSL", "0") == "1",
            timeout=20,
        )
    if getattr(settings, "EMAIL_BACKEND", DEFAULT_SMTP) == DEFAULT_SMTP:
        return None
    return get_connection()


def send_digests(notifications: list[Notification]) -> int:
    """One e-mail per recipient listing their new reminders. Returns the e-mails sent."""
    conn = mail_connection()
    if conn is None:
        return 0
    sender = os.environ.get("ANJIAN_MAIL_FROM", "anjian@localhost")
    base = os.environ.get("ANJIAN_BASE_URL", "").rstrip("/")
    by_user: dict[int, list[Notification]] = defaultdict(list)
    for n in notifications:
        if n.recipient.email:
            by_user[n.recipient_id].append(n)
    sent = 0
    for items in by_user.values():
        ids = [n.pk for n in items]
        # claim: another process running tick at the same time will not send these again
        claimed = Notification.objects.filter(pk__in=ids, emailed_at__isnull=True).update(
            emailed_at=timezone.now()
        )
        if claimed != len(ids):
            continue
        user = items[0].recipient
        lines = [f"{user.display_name}，您好：", "", "安监系统有以下提醒："]
        for n in items:
            lines.append(f"· {n.title}" + (f"（{n.due:%Y年%m月%d日}）" if n.due else ""))
            if n.body:
                lines.append(f"  {n.body}")
            if n.url:
                lines.append(f"  {base}{n.url}")
        lines += ["", "请登录系统查看和处理。此邮件由系统自动发送，请勿回复。"]
        subject = f"【安监提醒】{items[0].title}" + (
            f" 等 {len(items)} 条" if len(items) > 1 else ""
        )
        try:
            EmailMessage(subject, "\n".join(lines), sender, [user.email], connection=conn).send()
            sent += 1
        except Exception as exc:  # keep going; record the failure on the rows
            log.warning("reminder e-mail to %s failed: %s", user.email, exc)
            Notification.objects.filter(pk__in=ids).update(
                emailed_at=None, email_error=str(exc)[:200]
            )
    return sent


# ------------------------------------------------------------------ the daily job


@dataclass
class Candidate:
    user_id: int
    kind: str
    key: str
    title: str
    body: str = ""
    url: str = ""
    due: date | None = None


@dataclass
class TickResult:
    created: int = 0
    emailed: int = 0
    by_kind: dict = field(default_factory=dict)


class _Recipients:
    """Cached lookups of who should hear about an enterprise, department or unit."""

    def __init__(self):
        self._ent: dict[int, list[int]] = {}
        self._dept: dict[int, list[int]] = {}
        self._sector_region: dict[tuple[int, str], list[int]] = {}
        self._depts = list(Department.objects.select_related("region").prefetch_related("sectors"))

    def enterprise_users(self, ent_id: int) -> list[int]:
        if ent_id not in self._ent:
            self._ent[ent_id] = list(
                User.objects.filter(
                    enterprise_id=ent_id, role=Role.ENTERPRISE, is_active=True
                ).values_list("pk", flat=True)
            )
        return self._ent[ent_id]

    def department_users(self, dept_id: int) -> list[int]:
        if dept_id not in self._dept:
            self._dept[dept_id] = list(
                User.objects.filter(
                    department_id=dept_id,
                    role__in=[Role.INSPECTOR, Role.DEPT_LEADER],
                    is_active=True,
                ).values_list("pk", flat=True)
            )
        return self._dept[dept_id]

    def supervisors(self, sector_id: int, region_code: str) -> list[int]:
        """Staff of the departments supervising a sector where the enterprise is."""
        k = (sector_id, region_code[:6])
        if k not in self._sector_region:
            ids: list[int] = []
            for d in self._depts:
                if region_code.startswith(d.region.prefix) and any(
                    s.id == sector_id for s in d.sectors.all()
                ):
                    ids += self.department_users(d.pk)
            self._sector_region[k] = ids
        return self._sector_region[k]


def _hazards(today, rec: _Recipients):
    from anjian.hazards.models import Hazard

    soon = today + timedelta(days=SOON_DAYS["hazard"])
    qs = (
        Hazard.objects.exclude(status="closed")
        .filter(deadline__isnull=False, deadline__lte=soon)
        .select_related("enterprise")
        .only("pk", "deadline", "description", "level", "department_id", "enterprise__name")
    )
    for h in qs.iterator(chunk_size=2000):
        overdue = h.deadline < today
        kind = "hazard_overdue" if overdue else "hazard_due"
        title = (
            f"隐患整改逾期：{h.enterprise.name}"
            if overdue
            else f"隐患整改即将到期：{h.enterprise.name}"
        )
        body = (
            f"{h.get_level_display()}隐患：{h.description[:60]}；整改期限 {h.deadline:%Y年%m月%d日}"
        )
        users = set(rec.enterprise_users(h.enterprise_id))
        if h.department_id:
            users |= set(rec.department_users(h.department_id))
        for uid in users:
            yield Candidate(
                uid, kind, f"{kind}:hazard:{h.pk}:{h.deadline}", title, body,
                f"/hazards/{h.pk}/", h.deadline,
            )  # fmt: skip


def _escalations(today, rec: _Recipients):
    """Overdue hazards escalate (H3): to the department, and major ones to the 安委办 as well."""
    from anjian.hazards.models import Escalation
    from anjian.hazards.services import escalate_overdue

    escalate_overdue(today)
    awb = list(
        User.objects.filter(role=Role.AWB, is_active=True, region__isnull=False).values_list(
            "pk", "region__prefix"
        )
    )
    for e in Escalation.objects.filter(escalated_on=today).select_related("hazard__enterprise"):
        if e.target == "awb":
            users = [uid for uid, prefix in awb if e.region_code.startswith(prefix)]
            title = f"重大隐患逾期未销号（报安委办）：{e.hazard.enterprise.name}"
        else:
            users = rec.department_users(e.department_id) if e.department_id else []
            title = f"隐患逾期未销号（报监管部门）：{e.hazard.enterprise.name}"
        for uid in users:
            yield Candidate(
                uid, "hazard_overdue", f"escalation:{e.pk}", title, e.message,
                f"/hazards/{e.hazard_id}/", e.deadline,
            )  # fmt: skip


def _tasks(today):
    from anjian.tasks.models import Obligation, Task, TaskList
    from anjian.tasks.services import obligation_status, task_status

    soon = today + timedelta(days=SOON_DAYS["task"])
    lists = TaskList.objects.filter(end__gte=today - timedelta(days=92))
    tasks = (
        Task.objects.filter(task_list__in=lists)
        .select_related("task_list")
        .prefetch_related("units__department", "units__region", "reports", "supervisions")
    )
    unit_users: dict[int, list[int]] = {}
    for task in tasks:
        for c in task_status(task, today):
            if c.status not in ("overdue", "pending") or c.period.due > soon:
                continue
            if c.unit.pk not in unit_users:
                unit_users[c.unit.pk] = list(c.unit.users().values_list("pk", flat=True))
            overdue = c.status == "overdue"
            kind = "task_overdue" if overdue else "task_due"
            title = (
                f"{'任务逾期未完成' if overdue else '任务即将到期'}：{task.task_list.title} "
                f"第{task.seq}项（{c.period.label}）"
            )
            for uid in unit_users[c.unit.pk]:
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
                if unit.pk not in unit_users:
                    unit_users[unit.pk] = list(unit.users().values_list("pk", flat=True))
                kind = "report_overdue" if status == "overdue" else "report_due"
                title = f"{'报送逾期' if status == 'overdue' else '报送即将到期'}：{ob.title}（{period.label}）"
                for uid in unit_users[unit.pk]:
                    yield Candidate(
                        uid, kind, f"{kind}:obligation:{ob.pk}:{unit.pk}:{period.key}", title,
                        f"每月{ob.day_of_month}日前报送", f"/tasks/obligations/{ob.pk}/",
                        period.due,
                    )  # fmt: skip


def _licences_and_certs(today, rec: _Recipients):
    from anjian.registry.models import Licence, Person

    soon = today + timedelta(days=SOON_DAYS["licence"])
    qs = (
        Licence.objects.filter(revoked=False, valid_until__lte=soon)
        .select_related("enterprise")
        .only(
            "pk", "kind", "number", "valid_until", "enterprise__name",
            "enterprise__primary_sector_id", "enterprise__region_id",
        )
    )  # fmt: skip
    for lic in qs.iterator(chunk_size=2000):
        ent = lic.enterprise
        expired = lic.valid_until < today
        kind = "licence_expired" if expired else "licence_expiring"
        title = f"{'证照已过期' if expired else '证照即将到期'}：{ent.name} {lic.kind}"
        users = set(rec.enterprise_users(ent.pk)) | set(
            rec.supervisors(ent.primary_sector_id, ent.region_id)
        )
        for uid in users:
            yield Candidate(
                uid, kind, f"{kind}:licence:{lic.pk}:{lic.valid_until}", title,
                f"证号 {lic.number}，有效期至 {lic.valid_until:%Y年%m月%d日}",
                f"/enterprises/{ent.pk}/", lic.valid_until,
            )  # fmt: skip
    people = (
        Person.objects.filter(cert_expiry__isnull=False, cert_expiry__lte=soon)
        .select_related("enterprise")
        .only("pk", "name", "role", "cert_no", "cert_expiry", "enterprise__name")
    )
    for p in people.iterator(chunk_size=2000):
        state = "已过期" if p.cert_expiry < today else "即将到期"
        for uid in rec.enterprise_users(p.enterprise_id):
            yield Candidate(
                uid, "person_cert", f"person_cert:person:{p.pk}:{p.cert_expiry}",
                f"人员证书{state}：{p.enterprise.name} {p.get_role_display()} {p.name}",
                f"证书编号 {p.cert_no or '—'}，有效期至 {p.cert_expiry:%Y年%m月%d日}",
                f"/enterprises/{p.enterprise_id}/", p.cert_expiry,
            )  # fmt: skip
    inspectors = User.objects.filter(
        is_active=True,
        role__in=[Role.INSPECTOR, Role.DEPT_LEADER],
        cert_expiry__isnull=False,
        cert_expiry__lte=soon,
    )
    for u in inspectors:
        state = "已过期" if u.cert_expiry < today else "即将到期"
        body = f"执法证号 {u.cert_no or '—'}，有效期至 {u.cert_expiry:%Y年%m月%d日}；过期后不能参加执法检查"
        targets = {u.pk}
        if u.department_id:
            targets |= set(
                User.objects.filter(
                    department_id=u.department_id, role=Role.DEPT_LEADER, is_active=True
                ).values_list("pk", flat=True)
            )
        for uid in targets:
            who = "您的" if uid == u.pk else f"{u.display_name}的"
            yield Candidate(
                uid, "inspector_cert", f"inspector_cert:user:{u.pk}:{u.cert_expiry}",
                f"{who}执法证{state}", body, "", u.cert_expiry,
            )  # fmt: skip


def _duty(today):
    """From the 25th: officials short of the monthly 三个责任人 quota this month."""
    if today.day < 25:
        return
    from anjian.duty.services import shortfall

    month = today.replace(day=1)
    for row in shortfall(month):
        if row.met:
            continue
        yield Candidate(
            row.official.pk,
            "duty_quota",
            f"duty_quota:user:{row.official.pk}:{month:%Y-%m}",
            f"三个责任人履职提醒：{month.year}年{month.month}月尚未完成",
            "；".join(row.missing),
            "/duty/shortfall/",
            None,
        )


def tick(today: date | None = None) -> TickResult:
    """Create today's reminders (once per key) and e-mail the new ones."""
    today = today or timezone.localdate()
    started = timezone.now()
    rec = _Recipients()
    candidates: dict[tuple[int, str], Candidate] = {}
    for source in (
        _escalations(today, rec),
        _hazards(today, rec),
        _tasks(today),
        _licences_and_certs(today, rec),
        _duty(today),
    ):
        for c in source:
            candidates.setdefault((c.user_id, c.key[:120]), c)
    result = TickResult()
    keys = list({k for _, k in candidates})
    existing: set[tuple[int, str]] = set()
    for start in range(0, len(keys), 500):
        existing |= set(
            Notification.objects.filter(key__in=keys[start : start + 500]).values_list(
                "recipient_id", "key"
            )
        )
    new = [c for k, c in candidates.items() if k not in existing]
    Notification.objects.bulk_create(
        [
            Notification(
                recipient_id=c.user_id,
                kind=c.kind,
                key=c.key[:120],
                title=c.title[:200],
                body=c.body,
                url=c.url[:200],
                due=c.due,
            )
            for c in new
        ],  # fmt: skip
        batch_size=1000,
        ignore_conflicts=True,
    )
    mine = list(
        Notification.objects.filter(
            created_at__gte=started, emailed_at__isnull=True, email_error=""
        ).select_related("recipient")
    )
    result.created = len(mine)
    for n in mine:
        result.by_kind[n.kind] = result.by_kind.get(n.kind, 0) + 1
    result.emailed = send_digests(mine)
    run, _ = TickRun.objects.get_or_create(day=today)
    TickRun.objects.filter(pk=run.pk).update(
        finished_at=timezone.now(),
        created=run.created + result.created,
        emailed=run.emailed + result.emailed,
    )
    return result
