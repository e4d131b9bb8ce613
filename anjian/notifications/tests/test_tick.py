"""`anjian tick`: reminders for hazards, tasks, reports, licences and certificates; idempotent."""

from datetime import timedelta

from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from anjian.conftest import PASSWORD
from anjian.hazards.models import Hazard
from anjian.notifications.models import Notification, TickRun
from anjian.notifications.scheduler import run_once_if_due, seconds_until
from anjian.notifications.services import tick
from anjian.registry.models import Licence, Person
from anjian.tasks.models import Task, TaskList, Unit
from anjian.tasks.recurrence import Deadline


def setup_due_things(w):
    today = timezone.localdate()
    for u, email in ((w.ent_user, "qiye@example.cn"), (w.inspector, "yjj1@example.cn")):
        u.email = email
        u.save()
    Hazard.objects.create(
        enterprise=w.food, source="inspection", description="液氨储罐区未设置泄漏报警装置",
        found_at=timezone.now(), department=w.yjj, deadline=today - timedelta(days=2),
        region_code=w.food.region_id,
    )  # fmt: skip
    Hazard.objects.create(
        enterprise=w.food, source="self", description="配电箱门损坏", found_at=timezone.now(),
        department=w.yjj, deadline=today + timedelta(days=2), region_code=w.food.region_id,
    )  # fmt: skip
    Hazard.objects.create(  # closed: no reminder
        enterprise=w.food, source="self", description="已整改", found_at=timezone.now(),
        department=w.yjj, deadline=today - timedelta(days=5), status="closed",
        region_code=w.food.region_id,
    )  # fmt: skip
    Licence.objects.create(
        enterprise=w.food, kind="其他", number="XK-1", valid_until=today + timedelta(days=20)
    )
    Person.objects.create(
        enterprise=w.food, role="manager", name="王安全", cert_expiry=today - timedelta(days=1)
    )
    w.inspector.cert_expiry = today + timedelta(days=10)
    w.inspector.save()
    tl = TaskList.objects.create(
        title="专项行动清单", region=w.county, start=today - timedelta(days=40),
        end=today + timedelta(days=100),
    )  # fmt: skip
    t = Task.objects.create(
        task_list=tl, seq=1, requirement="（1）结合实际制定专项行动方案。",
        deadline=Deadline("once", dates=(today - timedelta(days=1),)).to_json(),
    )  # fmt: skip
    t.units.set([Unit.of_department(w.yjj)])


def test_tick_reminds_each_subject_once_and_is_idempotent(world):
    w = world
    setup_due_things(w)
    first = tick()
    kinds = set(Notification.objects.values_list("kind", flat=True))
    assert kinds == {
        "hazard_overdue", "hazard_due", "licence_expiring", "person_cert", "inspector_cert",
        "task_overdue",
    }  # fmt: skip
    # the enterprise user hears about its hazards, licence and people; not the inspector's card
    ent_kinds = set(
        Notification.objects.filter(recipient=w.ent_user).values_list("kind", flat=True)
    )
    assert ent_kinds == {"hazard_overdue", "hazard_due", "licence_expiring", "person_cert"}
    # the 应急局 inspector: hazards of its department, the licence (supervises 工贸), its card
    # and the overdue task of its unit
    insp = set(Notification.objects.filter(recipient=w.inspector).values_list("kind", flat=True))
    assert {"hazard_overdue", "licence_expiring", "inspector_cert", "task_overdue"} <= insp
    # the department leader hears about the inspector's certificate
    assert Notification.objects.filter(recipient=w.leader, kind="inspector_cert").exists()
    assert first.created == Notification.objects.count()
    assert first.emailed == 2 and len(mail.outbox) == 2  # one digest per user with e-mail
    assert {m.to[0] for m in mail.outbox} == {"qiye@example.cn", "yjj1@example.cn"}
    assert "隐患整改逾期" in next(m.body for m in mail.outbox if m.to == ["qiye@example.cn"])

    count = Notification.objects.count()
    second = tick()
    call_command("tick")
    assert second.created == 0 and second.emailed == 0
    assert Notification.objects.count() == count and len(mail.outbox) == 2
    assert TickRun.objects.get(day=timezone.localdate()).created == count


def test_a_new_deadline_is_a_new_reminder(world):
    w = world
    setup_due_things(w)
    tick()
    h = Hazard.objects.get(description="配电箱门损坏")
    h.deadline = h.deadline + timedelta(days=1)  # extended: remind again for the new date
    h.save()
    # the enterprise user and the 应急局 staff (inspector and leader)
    assert tick().by_kind.get("hazard_due", 0) == 3


def test_inbox_badge_and_mark_read(world):
    w = world
    setup_due_things(w)
    tick()
    c = Client()
    c.login(username="qiye", password=PASSWORD)
    n = Notification.objects.filter(recipient=w.ent_user).count()
    page = c.get("/notifications/").content.decode()
    assert f'<span class="nt-n" id="unread-count">{n}</span>' in page
    assert "隐患整改逾期" in page
    first = Notification.objects.filter(recipient=w.ent_user).first()
    resp = c.post(f"/notifications/{first.pk}/open/")
    assert resp.status_code == 302 and resp["Location"] == first.url
    first.refresh_from_db()
    assert first.read_at is not None
    # someone else's reminder is not reachable
    other = Notification.objects.filter(recipient=w.inspector).first()
    assert c.post(f"/notifications/{other.pk}/open/").status_code == 404
    c.post("/notifications/read-all/")
    assert not Notification.objects.filter(recipient=w.ent_user, read_at__isnull=True).exists()
    assert Notification.objects.filter(recipient=w.inspector, read_at__isnull=True).exists()


def test_background_ticker_runs_once_per_day(world):
    setup_due_things(world)
    assert run_once_if_due() is True
    assert run_once_if_due() is False
    from datetime import datetime

    assert seconds_until(6, datetime(2023, 12, 31, 7, 0)) == 23 * 3600
    assert seconds_until(6, datetime(2023, 12, 31, 5, 30)) == 1800


def test_tick_escalates_overdue_major_hazard_to_awb_once(world):
    from datetime import date, timedelta

    from anjian.hazards.models import Hazard
    from anjian.notifications.models import Notification
    from anjian.notifications.services import tick

    today = date.today()
    h = Hazard.objects.create(
        enterprise=world.chem,
        source="inspection",
        level="major",
        description="储罐区可燃气体报警器失效",
        found_at=timezone.now() - timedelta(days=40),
        deadline=today - timedelta(days=3),
        department=world.yjj,
        region_code=world.chem.region_id,
    )
    tick(today)
    tick(today)
    esc = Notification.objects.filter(key__startswith="escalation:")
    assert esc.filter(recipient=world.awb).count() == 1
    assert esc.filter(recipient=world.inspector).count() == 1
    assert (
        "报安委办" in esc.get(recipient=world.awb).title
        and h.enterprise.name in esc.get(recipient=world.awb).title
    )


def test_report_obligation_reminders_and_console_email(world, settings, capsys, tmp_path):
    """Reports (报送要求) come due and overdue; mail goes through the console backend."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from anjian.tasks import services as task_services

    settings.EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
    settings.MEDIA_ROOT = tmp_path
    w = world
    w.inspector.email = "yjj1@example.cn"
    w.inspector.save()
    today = timezone.localdate()
    start = (today.replace(day=1) - timedelta(days=1)).replace(day=1)  # last month's 1st
    ob = task_services.create_obligation(
        w.awb, title="统计汇总表", day_of_month=1, start=start, end=today + timedelta(days=60),
        units=[Unit.of_department(w.yjj), Unit.of_department(w.zjw)],
    )  # fmt: skip
    first = task_services.obligation_periods(ob)[0]  # last month's, due on its 1st: overdue
    result = tick()
    overdue = Notification.objects.filter(kind="report_overdue")
    assert set(overdue.values_list("recipient__username", flat=True)) >= {"yjj1", "zjw1"}
    assert overdue.filter(key__endswith=f":{first.key}").count() >= 2  # one per unit user
    out = capsys.readouterr().out
    assert result.emailed >= 1 and "To: yjj1@example.cn" in out and "报送逾期" in out
    # idempotent: nothing new, nothing mailed again
    again = tick()
    assert again.created == 0 and again.emailed == 0
    assert "To: yjj1@example.cn" not in capsys.readouterr().out
    # a unit that has submitted is no longer reminded for that period
    task_services.submit(
        w.inspector, ob, period_key=first.key,
        file=SimpleUploadedFile("表.pdf", b"%PDF-1.4", content_type="application/pdf"),
    )  # fmt: skip
    Notification.objects.all().delete()
    TickRun.objects.all().delete()
    tick()
    left = Notification.objects.filter(kind="report_overdue", key__endswith=f":{first.key}")
    assert "yjj1" not in set(left.values_list("recipient__username", flat=True))
    assert "zjw1" in set(left.values_list("recipient__username", flat=True))
