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
from datetime import date

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, connection, transaction
from django.db.models import Count
from django.utils import timezone

from anjian.core.filters import BIGINT_MAX

from .models import Notification, TickRun
from .sources import SOURCES, Candidate, Recipients

log = logging.getLogger(__name__)

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
        qs = qs.filter(pk__in=[i for i in ids if 0 < int(i) <= BIGINT_MAX])
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
class TickResult:
    created: int = 0
    emailed: int = 0
    by_kind: dict = field(default_factory=dict)


# Daily work of the apps above (the 严重失信 listings that end today are removed): each
# `job(today)` runs at the start of the daily tick, in the worker, before the reminders.
DAILY_JOBS: list = []


def on_daily_tick(job) -> None:
    if job not in DAILY_JOBS:
        DAILY_JOBS.append(job)


def _insert_new(candidates) -> None:
    """Insert the reminders; one already there (same recipient and key) is left alone by the
    unique constraint. Plain parameterised INSERTs: at a first run over millions of hazards the
    ORM's per-value SQL compilation of bulk_create cost more than the database's work."""
    rows = []
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    for c in candidates:
        due = connection.ops.adapt_datefield_value(c.due) if c.due else None
        rows.append((c.user_id, c.kind, c.key[:120], c.title[:200], c.body, c.url[:200], due,
                     now, ""))  # fmt: skip
    if not rows:
        return
    meta = Notification._meta
    cols = ["recipient_id", "kind", "key", "title", "body", "url", "due", "created_at",
            "email_error"]  # fmt: skip
    q = connection.ops.quote_name
    sql = (
        f"INSERT INTO {q(meta.db_table)} ({', '.join(q(meta.get_field(c).column) for c in cols)}) "
        f"VALUES ({', '.join(['%s'] * len(cols))}) "
        f"ON CONFLICT ({q('recipient_id')}, {q('key')}) DO NOTHING"
    )
    with transaction.atomic(), connection.cursor() as cur:
        cur.executemany(sql, rows)


def tick(today: date | None = None, batch: int = 2000) -> TickResult:
    """Create today's reminders (once per key) and e-mail the new ones.

    Bounded batches: candidates are checked and inserted `batch` at a time as the sources
    yield them, and the new reminders are e-mailed recipient by recipient in batches, so a
    first run over millions of hazards holds a batch in memory, not the whole day's work."""
    today = today or timezone.localdate()
    started = timezone.now()
    rec = Recipients()
    result = TickResult()
    pending: dict[tuple[int, str], Candidate] = {}

    def flush():
        _insert_new(pending.values())
        pending.clear()

    for job in DAILY_JOBS:
        job(today)
    for source in list(SOURCES.values()):
        for c in source(today, rec):
            pending.setdefault((c.user_id, c.key[:120]), c)
            if len(pending) >= batch:
                flush()
    flush()
    new = Notification.objects.filter(created_at__gte=started, emailed_at__isnull=True,
                                      email_error="")  # fmt: skip
    for r in new.values("kind").annotate(n=Count("id")).order_by():
        result.created += r["n"]
        result.by_kind[r["kind"]] = r["n"]
    if mail_connection() is not None:  # only reminders of recipients with an e-mail address
        mine = (
            new.filter(recipient__email__gt="")
            .select_related("recipient")
            .order_by("recipient_id", "id")
        )
        group: list[Notification] = []
        for n in mine.iterator(chunk_size=batch):
            if len(group) >= batch and group[-1].recipient_id != n.recipient_id:
                result.emailed += send_digests(group)
                group = []
            group.append(n)
        result.emailed += send_digests(group)
    run, _ = TickRun.objects.get_or_create(day=today)
    TickRun.objects.filter(pk=run.pk).update(
        finished_at=timezone.now(),
        created=run.created + result.created,
        emailed=run.emailed + result.emailed,
    )
    return result
