"""Completion reports with evidence, overdue tracking, 督办, progress ranking; liaisons; obligations."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook

from anjian.accounts.models import Role
from anjian.audit.models import AuditEntry
from anjian.campaigns.models import Campaign
from anjian.conftest import PASSWORD, make_user
from anjian.core.services import ConflictError
from anjian.notifications.models import Notification
from anjian.tasks import services
from anjian.tasks.models import Supervision, Task, TaskList, Unit
from anjian.tasks.recurrence import Deadline


def pdf(name="evidence.pdf"):
    return SimpleUploadedFile(name, b"%PDF-1.4 evidence", content_type="application/pdf")


@pytest.fixture
def tl(units_world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    w = units_world
    today = timezone.localdate()
    tl = TaskList.objects.create(
        title="重大隐患专项排查整治2023行动",
        region=w.county,
        layout="002",
        start=today - timedelta(days=70),
        end=today + timedelta(days=200),
        created_by=w.awb,
    )
    aq, gh = Unit.of_department(w.aqscb), Unit.of_department(w.ghjsb)
    w.t_once = Task.objects.create(
        task_list=tl,
        seq=1,
        requirement="（1）结合实际制定专项行动方案。",
        deadline=Deadline("once", dates=(today - timedelta(days=10),)).to_json(),
        deadline_text="限期",
    )
    w.t_once.units.set([aq, gh])
    w.t_future = Task.objects.create(
        task_list=tl,
        seq=2,
        requirement="（2）开展1次线上、线下等多形式广泛宣传。",
        deadline=Deadline("once", dates=(today + timedelta(days=30),)).to_json(),
    )
    w.t_future.units.set([aq])
    w.aq, w.gh, w.tl = aq, gh, tl
    return w


def test_unit_reports_done_with_evidence_and_awb_sees_progress(tl):
    w = tl
    key = w.t_once.deadline_spec.dates[0].isoformat()
    r = services.report_completion(
        w.aqscb_user, w.t_once, period_key=key, note="已制定方案并印发", files=[pdf()]
    )
    assert r.unit == w.aq and r.evidence.count() == 1 and r.late  # reported after the due date
    assert AuditEntry.objects.filter(action="task.report", object_id=str(r.pk)).exists()
    ranking = services.progress(Task.objects.restrict(w.awb).filter(task_list=w.tl))
    by_label = {p.unit.label: p for p in ranking}
    assert by_label["安全生产部"].done == 1 and by_label["安全生产部"].overdue == 0
    assert by_label["规划建设部"].overdue == 1 and by_label["规划建设部"].rate == 0.0
    assert ranking[0].unit.label == "安全生产部"  # ranked first
    # the not-yet-due task counts as in progress, not overdue
    assert by_label["安全生产部"].pending == 1


def test_report_needs_evidence_membership_and_a_started_period(tl):
    w = tl
    key = w.t_once.deadline_spec.dates[0].isoformat()
    with pytest.raises(ValidationError) as e:
        services.report_completion(w.aqscb_user, w.t_once, period_key=key, note="做了")
    assert "files" in e.value.message_dict
    with pytest.raises(ValidationError) as e:
        services.report_completion(
            w.aqscb_user, w.t_once, period_key=key, note="x", files=[pdf("a.exe")]
        )
    assert "不支持的文件类型" in e.value.message_dict["files"][0]
    with pytest.raises(PermissionDenied):  # 住建委 is not responsible
        services.report_completion(w.builder, w.t_once, period_key=key, note="x", files=[pdf()])
    with pytest.raises(ValidationError):
        services.report_completion(
            w.aqscb_user, w.t_once, period_key="2099-01-01", note="x", files=[pdf()]
        )


def test_second_report_edits_with_version_check(tl):
    w = tl
    key = w.t_once.deadline_spec.dates[0].isoformat()
    r = services.report_completion(
        w.aqscb_user, w.t_once, period_key=key, note="初稿", files=[pdf()]
    )
    r2 = services.report_completion(
        w.aqscb_user, w.t_once, period_key=key, note="补充", files=[pdf("b.pdf")],
        expected_version=1,
    )  # fmt: skip
    assert r2.pk == r.pk and r2.version == 2 and r2.evidence.count() == 2
    with pytest.raises(ConflictError):
        services.report_completion(
            w.aqscb_user, w.t_once, period_key=key, note="旧页面", expected_version=1
        )


def test_awb_supervises_an_overdue_unit_which_is_notified(tl):
    w = tl
    key = w.t_once.deadline_spec.dates[0].isoformat()
    with pytest.raises(PermissionDenied):
        services.issue_supervision(w.inspector, w.t_once, w.gh, period_key=key, note="抓紧")
    future_key = w.t_future.deadline_spec.dates[0].isoformat()
    with pytest.raises(ValidationError):  # not overdue yet
        services.issue_supervision(w.awb, w.t_future, w.aq, period_key=future_key, note="抓紧")
    sup = services.issue_supervision(
        w.awb, w.t_once, w.gh, period_key=key, note="请于三日内完成并报送",
        new_due=timezone.localdate() + timedelta(days=3),
    )  # fmt: skip
    assert Supervision.objects.get() == sup
    assert AuditEntry.objects.filter(action="task.supervise").count() == 1
    n = Notification.objects.get(recipient=w.ghjsb_user)
    assert n.kind == "supervision" and "督办" in n.title
    cell = next(c for c in services.task_status(w.t_once) if c.unit == w.gh)
    assert cell.status == "overdue" and cell.supervised == 1


def test_progress_page_and_report_page(tl):
    w = tl
    c = Client()
    c.login(username="aqscb1", password=PASSWORD)
    key = w.t_once.deadline_spec.dates[0].isoformat()
    resp = c.post(
        f"/tasks/task/{w.t_once.pk}/report/",
        {"period_key": key, "note": "方案已印发", "files": pdf()},
    )
    assert resp.status_code == 302
    c.login(username="awb", password=PASSWORD)
    page = c.get(f"/tasks/lists/{w.tl.pk}/progress/").content.decode()
    assert "安全生产部" in page and "规划建设部" in page and "100.0%" in page
    # a user of another county cannot see the list
    other = make_user("other_awb", Role.AWB, region=w.other_county)
    c.login(username=other.username, password=PASSWORD)
    assert c.get(f"/tasks/lists/{w.tl.pk}/progress/").status_code == 404


def test_liaisons_and_export_in_seed_layout(units_world):
    w = units_world
    camp = Campaign.objects.create(
        title="全区安全生产“强安2023”监管执法专项行动",
        region=w.county,
        start=timezone.localdate(),
        end=timezone.localdate() + timedelta(days=200),
    )
    li = services.add_liaison(
        w.inspector, camp, name="张三", gender="男", org_title="区应急局执法支队科员", mobile="13800000001"
    )  # fmt: skip
    assert li.unit.department == w.yjj and li.seq == 1
    with pytest.raises(ValidationError) as e:
        services.add_liaison(
            w.inspector, camp, name="李四", gender="男", org_title="x", mobile="123"
        )
    assert e.value.message_dict["mobile"] == ["手机号码应为11位数字"]
    with pytest.raises(PermissionDenied):  # 住建委 cannot edit 应急局's liaison
        services.update_liaison(w.builder, li, name="王五")
    data = services_export(w, camp)
    ws = load_workbook(data).active
    assert ws["A1"].value == "全区安全生产“强安2023”监管执法专项行动专职联络员统计表"
    assert ws["A2"].value.startswith("填表单位：")
    assert [c.value for c in ws[3]] == [
        "序号",
        "姓名",
        "性别",
        "工作单位及职务",
        "手机号码",
        "备注",
    ]
    assert [c.value for c in ws[4]][:5] == [1, "张三", "男", "区应急局执法支队科员", "13800000001"]
    assert any(r[0].value == "审核人：" for r in ws.iter_rows())


def services_export(w, camp):
    import io

    c = Client()
    c.login(username="awb", password=PASSWORD)
    resp = c.get(f"/tasks/liaisons/{camp.pk}/export.xlsx")
    assert resp.status_code == 200
    return io.BytesIO(resp.content)


def test_reporting_obligation_shows_who_submitted(units_world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    w = units_world
    today = timezone.localdate()
    start = (today.replace(day=1) - timedelta(days=40)).replace(day=1)
    ob = services.create_obligation(
        w.awb, title="统计汇总表", day_of_month=23, start=start, end=today + timedelta(days=90),
        units=[Unit.of_department(w.yjj), Unit.of_department(w.zjw)],
    )  # fmt: skip
    with pytest.raises(PermissionDenied):
        services.create_obligation(
            w.inspector, title="x", day_of_month=23, start=start, end=today, units=[]
        )
    first = services.obligation_periods(ob)[0]
    services.submit(w.inspector, ob, period_key=first.key, file=pdf("汇总表.pdf"))
    with pytest.raises(ValidationError):
        services.submit(w.inspector, ob, period_key=first.key, file=pdf())
    status = dict(services.obligation_status(ob))
    row = {u.label: st for u, _s, st in status[first]}
    assert row["区应急局"] in ("done", "late_done")
    assert row["区住房城乡建委"] == "overdue"
    assert mail.outbox == []  # nothing e-mailed by submissions


def test_api_report_and_progress_are_scoped(tl):
    from anjian.accounts.models import ApiToken

    w = tl
    _, raw = ApiToken.issue(w.aqscb_user)
    c = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
    key = w.t_once.deadline_spec.dates[0].isoformat()
    resp = c.post(
        f"/api/tasks/tasks/{w.t_once.pk}/reports",
        {"period_key": key, "note": "已印发", "files": pdf()},
    )
    assert resp.status_code == 201, resp.content
    assert resp.json()["files"] == ["evidence.pdf"]
    rows = c.get(f"/api/tasks/progress?list_id={w.tl.pk}").json()
    assert rows[0]["unit"] == "安全生产部" and rows[0]["rate"] == 100.0
    _, other = ApiToken.issue(make_user("x_awb", Role.AWB, region=w.other_county))
    c2 = Client(HTTP_AUTHORIZATION=f"Bearer {other}")
    assert c2.get(f"/api/tasks/lists/{w.tl.pk}/tasks").status_code == 404
    assert c2.get("/api/tasks/progress").json() == []
