"""Pages on the generic views: bad parameters are 4xx naming them, field limits come from the
model, refusals still show their messages."""

from datetime import date

from django.test import Client

from anjian.campaigns.models import Campaign
from anjian.conftest import PASSWORD
from anjian.tasks import services
from anjian.tasks.models import Liaison, Task, Unit
from anjian.tasks.recurrence import Deadline

HUGE = 2**64


def client(username):
    c = Client()
    assert c.login(username=username, password=PASSWORD)
    return c


def msgs(resp) -> str:
    return " ".join(str(m) for m in resp.context["messages"])


def _list(w):
    tl = services.create_task_list(
        w.awb, title="清单", region=w.county, start=date(2023, 1, 1), end=date(2023, 12, 31)
    )
    t = services.add_task(
        w.awb, tl, requirement="（1）方案", units=[Unit.of_department(w.yjj)],
        deadline=Deadline("once", dates=(date(2023, 3, 1),)),
    )  # fmt: skip
    return tl, t


def test_bad_query_parameters_are_4xx_naming_them(world):
    c = client("awb")
    resp = c.get(f"/api/tasks/liaisons?campaign_id={HUGE}")
    assert resp.status_code == 422 and "campaign_id" in resp.content.decode()
    assert c.get(f"/api/tasks/progress?list_id={HUGE}").status_code == 422
    tl, _t = _list(world)
    assert c.get(f"/tasks/lists/{tl.pk}/?unit=abc").status_code == 400
    assert c.get(f"/tasks/lists/{tl.pk}/?unit={HUGE}").status_code == 400
    assert c.get("/tasks/?page=abc").status_code in (200, 404)


def test_supervision_of_a_unit_not_responsible_is_a_message(world):
    w = world
    tl, t = _list(w)
    c = client("awb")
    resp = c.post(
        f"/tasks/task/{t.pk}/supervise/",
        {"unit": HUGE, "period_key": "2023-03-01", "note": "快"},
        follow=True,
    )
    assert "该单位不是该任务的责任单位" in msgs(resp)
    unit = Unit.of_department(w.yjj)
    resp = c.post(
        f"/tasks/task/{t.pk}/supervise/",
        {"unit": unit.pk, "period_key": "2023-03-01", "note": "请尽快报送", "next": "/tasks/progress/"},
    )  # fmt: skip
    assert resp.status_code == 302 and resp["Location"] == "/tasks/progress/"


def test_field_limits_come_from_the_model(world):
    w = world
    tl, t = _list(w)
    c = client("awb")
    resp = c.post(f"/tasks/lists/{tl.pk}/edit/", {"version": 1, "title": "x" * 201,
                  "region": w.county.pk, "start": "2023-01-01", "end": "2023-12-31"})  # fmt: skip
    assert resp.status_code == 200 and "清单名称" in resp.content.decode()
    resp = c.post(
        f"/tasks/task/{t.pk}/edit/",
        {"version": 1, "seq": 2**63, "requirement": "x", "units": [f"d{w.yjj.pk}"],
         "deadline_kind": "monthly"},
    )  # fmt: skip
    assert "序号" in resp.content.decode()
    assert Task.objects.get(pk=t.pk).version == 1
    camp = Campaign.objects.create(
        title="专项行动", region=w.county, start=date(2023, 1, 1), end=date(2023, 12, 31)
    )
    resp = client("yjj1").post(
        f"/tasks/liaisons/{camp.pk}/",
        {"name": "张" * 33, "gender": "男", "org_title": "科员", "mobile": "13800000001"},
    )
    assert resp.status_code == 400 and "姓名：" in resp.content.decode()
    assert not Liaison.objects.exists()
    resp = client("yjj1").post(
        f"/tasks/liaisons/{camp.pk}/",
        {"name": "张三", "gender": "男", "org_title": "科员", "mobile": "13800000001"},
    )
    assert resp.status_code == 302 and Liaison.objects.count() == 1


def test_delete_refusal_is_a_message(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    from django.core.files.uploadedfile import SimpleUploadedFile

    w = world
    tl, t = _list(w)
    services.report_completion(
        w.inspector, t, period_key="2023-03-01", note="完成",
        files=[SimpleUploadedFile("a.pdf", b"%PDF-1.4")],
    )  # fmt: skip
    resp = client("awb").post(f"/tasks/lists/{tl.pk}/delete/", follow=True)
    assert "不能删除该清单" in msgs(resp)
    resp = client("awb").post(f"/tasks/task/{t.pk}/delete/", follow=True)
    assert "不能删除该任务" in msgs(resp)


def test_edits_and_transitions_say_what_was_done(world):
    w = world
    tl, t = _list(w)
    c = client("awb")
    resp = c.post(
        f"/tasks/task/{t.pk}/edit/",
        {"version": 1, "seq": 1, "requirement": "（1）方案", "units": [f"d{w.yjj.pk}"],
         "deadline_kind": "quarterly"},
        follow=True,
    )  # fmt: skip
    assert "已保存第1项任务。" in msgs(resp)
    resp = c.post(f"/tasks/task/{t.pk}/delete/", {"version": 2}, follow=True)
    assert "已删除第1项任务。" in msgs(resp)
    resp = c.post(f"/tasks/lists/{tl.pk}/delete/", {"version": 99}, follow=True)
    assert "已被他人修改" in msgs(resp)
