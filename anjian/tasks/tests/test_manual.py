"""Task lists entered and edited by hand; liaisons and reporting obligations edited.

Every deadline kind of `recurrence.py` can be entered on the page; two users editing one task
or list get a conflict (page message, API 409); edits that would orphan a unit's completion
report are refused; every change is audited.
"""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from anjian.accounts.models import ApiToken, Role
from anjian.audit.models import AuditEntry
from anjian.campaigns.models import Campaign
from anjian.conftest import PASSWORD, make_user
from anjian.core.services import ConflictError
from anjian.tasks import services
from anjian.tasks.models import Liaison, Task, TaskList, Unit
from anjian.tasks.recurrence import Deadline


def pdf(name="evidence.pdf"):
    return SimpleUploadedFile(name, b"%PDF-1.4 evidence", content_type="application/pdf")


def client(username):
    c = Client()
    assert c.login(username=username, password=PASSWORD)
    return c


def msgs(resp) -> str:
    return " ".join(str(m) for m in resp.context["messages"]) if resp.context else ""


@pytest.fixture
def hand(units_world):
    """A hand-entered list over 2023-05-01 .. 2024-04-30 (crosses a year end)."""
    w = units_world
    w.aq, w.gh = Unit.of_department(w.aqscb), Unit.of_department(w.ghjsb)
    w.hl = services.create_task_list(
        w.awb, title="手工录入清单", region=w.county, start=date(2023, 5, 1),
        end=date(2024, 4, 30),
    )  # fmt: skip
    return w


# (form fields, expected kind, expected period keys and due dates: first, last, count)
KIND_CASES = [
    ({"deadline_kind": "once", "deadline_date": "2023-07-30"}, "once",
     [("2023-07-30", date(2023, 7, 30))], 1),
    ({"deadline_kind": "dates", "deadline_dates": "8月中旬、11月中旬"}, "dates",
     [("2023-08-20", date(2023, 8, 20)), ("2023-11-20", date(2023, 11, 20))], 2),
    ({"deadline_kind": "dates", "deadline_dates": "12月底、1月中旬"}, "dates",
     [("2023-12-31", date(2023, 12, 31)), ("2024-01-20", date(2024, 1, 20))], 2),
    ({"deadline_kind": "monthly"}, "monthly",
     [("2023-05", date(2023, 5, 31)), ("2024-04", date(2024, 4, 30))], 12),
    ({"deadline_kind": "monthly", "deadline_day": "31"}, "monthly",
     [("2023-05", date(2023, 5, 31)), ("2024-02", date(2024, 2, 29))], 12),
    ({"deadline_kind": "bimonthly"}, "bimonthly",
     [("2023-05B", date(2023, 6, 30)), ("2024-03B", date(2024, 4, 30))], 6),
    ({"deadline_kind": "quarterly"}, "quarterly",
     [("2023Q2", date(2023, 6, 30)), ("2024Q2", date(2024, 6, 30))], 5),
    ({"deadline_kind": "halfyear"}, "halfyear",
     [("2023H1", date(2023, 6, 30)), ("2024H1", date(2024, 6, 30))], 3),
    ({"deadline_kind": "yearly"}, "yearly",
     [("2023", date(2023, 12, 31)), ("2024", date(2024, 12, 31))], 2),
    ({"deadline_kind": "continuous"}, "continuous",
     [("2023-05", date(2023, 5, 31)), ("2024-04", date(2024, 4, 30))], 12),
]  # fmt: skip


@pytest.mark.parametrize("fields,kind,checks,count", KIND_CASES)
def test_every_deadline_kind_can_be_entered_on_the_page(hand, fields, kind, checks, count):
    w = hand
    c = client("awb")
    resp = c.post(
        f"/tasks/lists/{w.hl.pk}/tasks/new/",
        {"requirement": "（1）制定专项行动方案。", "measure": "一、属地党委政府责任强化行动",
         "units": [f"d{w.aqscb.pk}", f"r{w.park.pk}"], **fields},
    )  # fmt: skip
    assert resp.status_code == 302, resp.content.decode()[:2000]
    t = Task.objects.get(task_list=w.hl)
    assert t.seq == 1 and t.deadline_spec.kind == kind
    assert {u.label for u in t.units.all()} == {"安全生产部", "安居经济技术开发区"}
    ps = services.task_periods(t)
    assert len(ps) == count
    for key, due in checks:
        assert any(p.key == key and p.due == due for p in ps), (key, [p.key for p in ps])
    entry = AuditEntry.objects.get(action="task.create", object_id=str(t.pk))
    assert entry.after["deadline"]["kind"] == kind
    # the edit page shows the same deadline back
    page = c.get(f"/tasks/task/{t.pk}/edit/").content.decode()
    assert f'value="{kind if kind != "continuous" else "continuous"}" selected' in page


def test_deadline_errors_name_the_field(hand):
    w = hand
    c = client("awb")
    base = {"requirement": "x", "units": [f"d{w.aqscb.pk}"]}
    cases = [
        ({"deadline_kind": "once"}, "完成日期：请填写完成日期"),
        ({"deadline_kind": "dates", "deadline_dates": "下个月"}, "时间节点：无法识别的时限要求"),
        ({"deadline_kind": "dates", "deadline_dates": "每季度"}, "时间节点：“每季度”是周期性时限"),
        ({"deadline_kind": "monthly", "deadline_day": "0"}, "每月截止日："),
        ({"deadline_kind": "once", "deadline_date": "2023-07-30", "units": []}, "责任单位："),
    ]
    for extra, text in cases:
        resp = c.post(f"/tasks/lists/{w.hl.pk}/tasks/new/", {**base, **extra})
        assert resp.status_code == 200
        assert text in resp.content.decode(), text
    assert not Task.objects.filter(task_list=w.hl).exists()
    with pytest.raises(ValidationError) as e:
        services.add_task(w.awb, w.hl, requirement=" ", units=[], deadline=Deadline("monthly"))
    assert set(e.value.message_dict) == {"requirement", "units"}


def test_hand_list_is_created_only_by_the_awb_and_in_its_county(hand):
    w = hand
    with pytest.raises(PermissionDenied):
        services.create_task_list(
            w.inspector, title="x", region=w.county, start=date(2023, 1, 1), end=date(2023, 2, 1)
        )
    with pytest.raises(ValidationError) as e:
        services.create_task_list(
            w.awb, title="", region=w.other_county, start=date(2023, 3, 1), end=date(2023, 2, 1)
        )
    assert set(e.value.message_dict) == {"title", "region", "end"}
    assert client("yjj1").get("/tasks/lists/new/").status_code == 403
    assert client("yjj1").get(f"/tasks/lists/{w.hl.pk}/edit/").status_code == 404
    # a unit of another county cannot be made responsible
    other_dept_unit = Unit.of_region(w.other_town)
    with pytest.raises(ValidationError) as e:
        services.add_task(
            w.awb, w.hl, requirement="x", units=[other_dept_unit], deadline=Deadline("monthly")
        )
    assert "不在清单所在的区县" in e.value.message_dict["units"][0]
    c = client("awb")
    resp = c.post(
        "/tasks/lists/new/",
        {"title": "园区2023年安全生产重点工作", "region": w.park.pk, "start": "2023-01-01",
         "end": "2023-12-31"},
    )  # fmt: skip
    tl = TaskList.objects.get(title="园区2023年安全生产重点工作")
    assert resp["Location"] == f"/tasks/lists/{tl.pk}/tasks/new/"
    assert tl.layout == "manual" and tl.created_by == w.awb
    assert AuditEntry.objects.filter(action="tasklist.create", object_id=str(tl.pk)).exists()


def test_seq_is_next_free_and_unique(hand):
    w = hand
    t1 = services.add_task(w.awb, w.hl, requirement="a", units=[w.aq], deadline=Deadline("monthly"))
    t2 = services.add_task(w.awb, w.hl, requirement="b", units=[w.aq], deadline=Deadline("monthly"))
    assert (t1.seq, t2.seq) == (1, 2)
    with pytest.raises(ValidationError) as e:
        services.update_task(
            w.awb, t2, requirement="b", units=[w.aq], deadline=Deadline("monthly"), seq=1
        )
    assert "序号 1 已被" in e.value.message_dict["seq"][0]


def test_two_users_editing_one_task_second_gets_a_conflict(hand):
    w = hand
    awb2 = make_user("awb2", Role.AWB, region=w.county)
    t = services.add_task(
        w.awb, w.hl, requirement="（1）原文", units=[w.aq], deadline=Deadline("monthly")
    )
    first, second = client("awb"), client(awb2.username)
    form = {"version": 1, "seq": 1, "requirement": "（1）甲的修改", "units": [f"d{w.aqscb.pk}"],
            "deadline_kind": "quarterly"}  # fmt: skip
    assert first.post(f"/tasks/task/{t.pk}/edit/", form).status_code == 302
    resp = second.post(
        f"/tasks/task/{t.pk}/edit/",
        {**form, "requirement": "（1）乙的修改", "deadline_kind": "yearly"},
    )
    assert resp.status_code == 200
    page = resp.content.decode()
    assert "该记录已被他人修改，请刷新后重新编辑（您的修改未保存）" in page
    assert "乙的修改" in page  # the second user's input is kept on the form
    t.refresh_from_db()
    assert t.requirement == "（1）甲的修改" and t.version == 2
    assert t.deadline_spec.kind == "quarterly"
    entries = AuditEntry.objects.filter(action="task.update", object_id=str(t.pk))
    assert entries.count() == 1 and entries.get().user == w.awb
    assert entries.get().before["requirement"] == "（1）原文"
    with pytest.raises(ConflictError):
        services.update_task(
            awb2, t, expected_version=1, requirement="z", units=[w.aq], deadline=Deadline("yearly")
        )


def test_edits_that_would_orphan_a_report_are_refused(hand, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    w = hand
    today = timezone.localdate()
    tl = services.create_task_list(
        w.awb, title="本年清单", region=w.county, start=today - timedelta(days=60),
        end=today + timedelta(days=200),
    )  # fmt: skip
    past = today - timedelta(days=5)
    t = services.add_task(
        w.awb, tl, requirement="（1）制定方案", units=[w.aq, w.gh],
        deadline=Deadline("once", dates=(past,)),
    )  # fmt: skip
    services.report_completion(
        w.aqscb_user, t, period_key=past.isoformat(), note="已印发", files=[pdf()]
    )
    with pytest.raises(ValidationError) as e:  # 安全生产部 has reported
        services.update_task(
            w.awb, t, requirement="（1）制定方案", units=[w.gh],
            deadline=Deadline("once", dates=(past,)),
        )  # fmt: skip
    assert "安全生产部已报送完成情况" in e.value.message_dict["units"][0]
    with pytest.raises(ValidationError) as e:  # the reported period would vanish
        services.update_task(
            w.awb, t, requirement="（1）制定方案", units=[w.aq, w.gh], deadline=Deadline("monthly")
        )
    assert past.isoformat() in e.value.message_dict["deadline_kind"][0]
    # dropping the unit that has not reported, and rewording, is fine
    t = services.update_task(
        w.awb, t, requirement="（1）制定并印发方案", units=[w.aq],
        deadline=Deadline("once", dates=(past,)), expected_version=1,
    )  # fmt: skip
    assert t.version == 2 and list(t.units.all()) == [w.aq]
    with pytest.raises(ValidationError):
        services.delete_task(w.awb, t)
    monthly = services.add_task(
        w.awb, tl, requirement="（2）每月调度", units=[w.aq], deadline=Deadline("monthly")
    )
    first = services.task_periods(monthly)[0]
    services.report_completion(
        w.aqscb_user, monthly, period_key=first.key, note="已调度", files=[pdf()]
    )
    with pytest.raises(ValidationError) as e:  # shortening the list past the reported month
        services.update_task_list(
            w.awb, tl, title=tl.title, region=tl.region, start=today, end=tl.end
        )
    assert "第2项" in e.value.message_dict["start"][0]
    tl.refresh_from_db()
    assert tl.version == 1
    tl = services.update_task_list(  # lengthening is fine
        w.awb, tl, title=tl.title, region=tl.region, start=tl.start,
        end=tl.end + timedelta(days=30), expected_version=1,
    )  # fmt: skip
    assert tl.version == 2
    resp = client("awb").post(f"/tasks/task/{t.pk}/delete/")
    assert resp.status_code == 302 and Task.objects.filter(pk=t.pk).exists()


def test_delete_task_without_reports_is_audited(hand):
    w = hand
    t = services.add_task(w.awb, w.hl, requirement="a", units=[w.aq], deadline=Deadline("yearly"))
    with pytest.raises(PermissionDenied):
        services.delete_task(w.inspector, t)
    assert client("yjj1").post(f"/tasks/task/{t.pk}/delete/").status_code == 404
    resp = client("awb").post(f"/tasks/task/{t.pk}/delete/")
    assert resp["Location"] == f"/tasks/lists/{w.hl.pk}/"
    assert not Task.objects.filter(pk=t.pk).exists()
    assert AuditEntry.objects.get(action="task.delete").before["requirement"] == "a"


def test_edit_an_imported_list_title_campaign_with_conflict(hand):
    w = hand
    camp = Campaign.objects.create(
        title="重大事故隐患专项排查整治2023行动", region=w.county,
        start=date(2023, 5, 1), end=date(2023, 12, 31),
    )  # fmt: skip
    tl = TaskList.objects.create(
        title="导入的清单", region=w.park, layout="002", start=date(2023, 5, 1),
        end=date(2023, 12, 31), created_by=w.awb,
    )  # fmt: skip
    c = client("awb")
    page = c.get(f"/tasks/lists/{tl.pk}/edit/").content.decode()
    assert "导入的清单" in page
    form = {"version": 1, "title": "正阳工业园区工作清单和责任清单", "region": w.park.pk,
            "campaign": camp.pk, "start": "2023-05-01", "end": "2023-12-31"}  # fmt: skip
    assert c.post(f"/tasks/lists/{tl.pk}/edit/", form).status_code == 302
    tl.refresh_from_db()
    assert (tl.title, tl.campaign, tl.version, tl.layout) == (form["title"], camp, 2, "002")
    e = AuditEntry.objects.get(action="tasklist.update", object_id=str(tl.pk))
    assert e.before["title"] == "导入的清单" and e.after["campaign"] == camp.pk
    resp = c.post(f"/tasks/lists/{tl.pk}/edit/", {**form, "title": "过期页面"})
    assert "该记录已被他人修改" in resp.content.decode()
    tl.refresh_from_db()
    assert tl.title == form["title"]


def test_api_create_edit_and_conflict(hand):
    w = hand
    _, raw = ApiToken.issue(w.awb)
    c = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
    resp = c.post(
        "/api/tasks/lists", {"title": "接口清单", "start": "2023-05-01", "end": "2023-12-31"},
        content_type="application/json",
    )  # fmt: skip
    assert resp.status_code == 201, resp.content
    lid = resp.json()["id"]
    body = {"requirement": "（1）每季度报送", "department_ids": [w.aqscb.pk],
            "region_ids": [w.county.pk], "deadline_kind": "dates",
            "deadline_dates": "8月中旬、11月中旬"}  # fmt: skip
    resp = c.post(f"/api/tasks/lists/{lid}/tasks", body, content_type="application/json")
    assert resp.status_code == 201, resp.content
    task = resp.json()
    assert task["deadline"] == "2023年8月20日、2023年11月20日前"
    assert set(task["units"]) == {"安全生产部", Unit.of_region(w.county).label}
    bad = c.post(
        f"/api/tasks/lists/{lid}/tasks", {**body, "deadline_dates": "某天"},
        content_type="application/json",
    )  # fmt: skip
    assert bad.status_code == 422 and "deadline_dates" in bad.json()["errors"]
    ok = c.put(
        f"/api/tasks/tasks/{task['id']}", {**body, "version": 1, "deadline_kind": "quarterly"},
        content_type="application/json",
    )  # fmt: skip
    assert ok.status_code == 200 and ok.json()["deadline_kind"] == "quarterly"
    stale = c.put(
        f"/api/tasks/tasks/{task['id']}", {**body, "version": 1}, content_type="application/json"
    )
    assert stale.status_code == 409 and "已被他人修改" in stale.json()["detail"]
    _, raw2 = ApiToken.issue(w.inspector)
    c2 = Client(HTTP_AUTHORIZATION=f"Bearer {raw2}")
    assert c2.delete(f"/api/tasks/tasks/{task['id']}").status_code == 404
    assert c.delete(f"/api/tasks/tasks/{task['id']}").status_code == 204


# ------------------------------------------------------------------ C5


@pytest.fixture
def camp(units_world):
    return Campaign.objects.create(
        title="全区安全生产“强安2023”监管执法专项行动", region=units_world.county,
        start=timezone.localdate(), end=timezone.localdate() + timedelta(days=200),
    )  # fmt: skip


def test_liaison_edit_page_validates_the_phone_and_detects_conflicts(units_world, camp):
    w = units_world
    li = services.add_liaison(
        w.inspector, camp, name="张三", gender="男", org_title="区应急局执法支队科员",
        mobile="13800000001",
    )  # fmt: skip
    c = client("yjj1")
    listing = c.get(f"/tasks/liaisons/{camp.pk}/").content.decode()
    assert f"/tasks/liaisons/edit/{li.pk}/" in listing
    form = {"version": 1, "name": "张三", "gender": "男", "org_title": "区应急局执法支队副队长",
            "mobile": "1380000", "note": ""}  # fmt: skip
    resp = c.post(f"/tasks/liaisons/edit/{li.pk}/", form)
    assert resp.status_code == 200
    assert "手机号码：手机号码应为11位数字" in resp.content.decode()
    li.refresh_from_db()
    assert li.mobile == "13800000001" and li.version == 1
    resp = c.post(f"/tasks/liaisons/edit/{li.pk}/", {**form, "mobile": "13900000002"})
    assert resp.status_code == 302
    li.refresh_from_db()
    assert (li.mobile, li.org_title, li.version) == ("13900000002", "区应急局执法支队副队长", 2)
    e = AuditEntry.objects.get(action="liaison.update", object_id=str(li.pk))
    assert e.before["mobile"] == "13800000001" and e.after["mobile"] == "13900000002"
    # the 安委办 edits with the page it opened before: conflict, nothing overwritten
    resp = client("awb").post(f"/tasks/liaisons/edit/{li.pk}/", {**form, "mobile": "13700000003"})
    assert "该记录已被他人修改" in resp.content.decode()
    li.refresh_from_db()
    assert li.mobile == "13900000002"
    # another unit's user cannot open it
    assert client("zjw1").get(f"/tasks/liaisons/edit/{li.pk}/").status_code == 404
    # adding on the list page names the field too
    resp = c.post(
        f"/tasks/liaisons/{camp.pk}/",
        {"name": "李四", "gender": "女", "org_title": "科员", "mobile": "abc"},
    )
    assert "手机号码：" in resp.content.decode()
    assert Liaison.objects.filter(campaign=camp).count() == 1
    assert c.post(f"/tasks/liaisons/delete/{li.pk}/").status_code == 302
    assert not Liaison.objects.filter(pk=li.pk).exists()
    assert AuditEntry.objects.filter(action="liaison.delete").count() == 1


def test_liaison_api_update_conflict(units_world, camp):
    w = units_world
    li = services.add_liaison(
        w.inspector, camp, name="张三", gender="男", org_title="科员", mobile="13800000001"
    )
    _, raw = ApiToken.issue(w.inspector)
    c = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
    body = {"name": "张三", "gender": "男", "org_title": "科长", "mobile": "13800000009",
            "version": 1}  # fmt: skip
    assert (
        c.put(f"/api/tasks/liaisons/{li.pk}", body, content_type="application/json").json()[
            "org_title"
        ]
        == "科长"
    )
    resp = c.put(f"/api/tasks/liaisons/{li.pk}", body, content_type="application/json")
    assert resp.status_code == 409
    bad = c.put(
        f"/api/tasks/liaisons/{li.pk}", {**body, "version": 2, "mobile": "12"},
        content_type="application/json",
    )  # fmt: skip
    assert bad.status_code == 422 and "mobile" in bad.json()["errors"]


def test_obligation_edit_conflict_and_submitted_units_kept(units_world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    w = units_world
    today = timezone.localdate()
    start = (today.replace(day=1) - timedelta(days=40)).replace(day=1)
    yjj, zjw = Unit.of_department(w.yjj), Unit.of_department(w.zjw)
    ob = services.create_obligation(
        w.awb, title="统计汇总表", day_of_month=23, start=start,
        end=today + timedelta(days=90), units=[yjj, zjw],
    )  # fmt: skip
    first = services.obligation_periods(ob)[0]
    services.submit(w.inspector, ob, period_key=first.key, file=pdf("汇总表.pdf"))
    c = client("awb")
    assert "/edit/" in c.get(f"/tasks/obligations/{ob.pk}/").content.decode()
    assert client("yjj1").get(f"/tasks/obligations/{ob.pk}/edit/").status_code == 404
    form = {"version": 1, "title": "统计汇总表及工作总结", "day_of_month": 25,
            "start": start.isoformat(), "end": (today + timedelta(days=90)).isoformat(),
            "departments": [w.yjj.pk]}  # fmt: skip
    resp = c.post(f"/tasks/obligations/{ob.pk}/edit/", form)
    assert resp["Location"] == f"/tasks/obligations/{ob.pk}/"
    ob.refresh_from_db()
    assert (ob.title, ob.day_of_month, ob.version) == ("统计汇总表及工作总结", 25, 2)
    assert list(ob.units.all()) == [yjj]
    assert services.obligation_periods(ob)[0].due.day == 25
    assert AuditEntry.objects.get(action="obligation.update").before["day_of_month"] == 23
    resp = c.post(f"/tasks/obligations/{ob.pk}/edit/", {**form, "day_of_month": 10})
    assert "该记录已被他人修改" in resp.content.decode()
    resp = c.post(
        f"/tasks/obligations/{ob.pk}/edit/",
        {**form, "version": 2, "departments": [w.zjw.pk], "day_of_month": 32},
    )
    page = resp.content.decode()
    assert "每月截止日：" in page
    with pytest.raises(ValidationError) as e:
        services.update_obligation(
            w.awb, ob, title="x", day_of_month=20, start=start, end=ob.end, units=[zjw]
        )
    assert "区应急局已有报送记录" in e.value.message_dict["units"][0]
    assert c.post(f"/tasks/obligations/{ob.pk}/delete/").status_code == 302
    assert ob.__class__.objects.filter(pk=ob.pk).exists()  # has a submission: kept
