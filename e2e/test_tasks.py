"""A responsible unit reports a task done with a file on a phone; the 安委办 sees it in progress."""

from datetime import timedelta

from django.utils import timezone

from anjian.duty import services as duty_services
from anjian.tasks.models import Task, TaskList, Unit
from anjian.tasks.recurrence import Deadline
from e2e.conftest import login


def make_list(w):
    today = timezone.localdate()
    tl = TaskList.objects.create(
        title="重大隐患专项排查整治2023行动工作清单", region=w.county, layout="002",
        start=today - timedelta(days=60), end=today + timedelta(days=200), created_by=w.awb,
    )  # fmt: skip
    t = Task.objects.create(
        task_list=tl, seq=1, measure="一、属地党委政府责任强化行动",
        requirement="（1）结合实际制定专项行动方案。",
        deadline=Deadline("once", dates=(today + timedelta(days=5),)).to_json(),
        deadline_text="限期",
    )  # fmt: skip
    t.units.set([Unit.of_department(w.yjj), Unit.of_department(w.zjw)])
    late = Task.objects.create(
        task_list=tl, seq=2, requirement="（2）专题学习安全生产“十五条硬措施”。",
        deadline=Deadline("once", dates=(today - timedelta(days=3),)).to_json(),
    )  # fmt: skip
    late.units.set([Unit.of_department(w.zjw)])
    return tl, t


def test_unit_reports_with_file_and_awb_sees_progress(e2e_world, new_page, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    w = e2e_world
    tl, task = make_list(w)
    evidence = tmp_path / "专项行动方案.pdf"
    evidence.write_bytes(b"%PDF-1.4 plan")

    phone = new_page(390, 844)
    login(phone, "yjj1")
    phone.goto("/tasks/")
    phone.wait_for_selector("#my-tasks")
    phone.screenshot(path="test-results/tasks-index-phone.png", full_page=True)
    phone.click("#my-tasks >> text=第1项")
    phone.wait_for_selector("#report-form")
    phone.fill("textarea[name=note]", "已制定并印发《专项行动实施方案》")
    phone.set_input_files("input[name=files]", str(evidence))
    phone.screenshot(path="test-results/tasks-report-phone.png", full_page=True)
    phone.click("#report-form button[type=submit]")
    phone.wait_for_selector(".messages li.success")
    cells = phone.inner_text("#cells")
    assert "已完成" in cells and "专项行动方案.pdf" in cells
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 390 + 1, f"page scrolls sideways on a phone ({width}px)"

    desk = new_page()
    login(desk, "awb")
    desk.goto(f"/tasks/lists/{tl.pk}/progress/")
    ranking = desk.inner_text("#ranking")
    first_row = desk.inner_text("#ranking tbody tr:first-child")
    assert "区应急局" in first_row and "100.0%" in first_row
    assert "区住房城乡建委" in ranking
    overdue = desk.inner_text("#overdue")
    assert "区住房城乡建委" in overdue and "第2项" in overdue
    # 督办 the overdue unit from the progress view
    desk.click("#overdue >> text=下发督办")
    desk.fill("#overdue textarea[name=note]", "请于三日内完成并报送")
    desk.click("#overdue button[type=submit]")
    desk.wait_for_selector(".messages li.success")
    assert "已督办 1 次" in desk.inner_text("#overdue")
    desk.screenshot(path="test-results/tasks-progress.png", full_page=True)
    # the evidence can be downloaded by the 安委办
    desk.goto(f"/tasks/task/{task.pk}/")
    with desk.expect_download() as dl:
        desk.click("text=专项行动方案.pdf")
    assert dl.value.suggested_filename == "专项行动方案.pdf"


def test_duty_pages_and_inbox_on_a_phone(e2e_world, new_page):
    w = e2e_world
    duty_services.set_responsible(
        w.awb, w.food, kind="industry", name="张执法", position="区应急局科长",
        phone="13900000002", user=w.inspector,
    )  # fmt: skip
    duty_services.set_responsible(
        w.awb, w.food, kind="enterprise", name="王总", position="总经理", phone="13900000003"
    )
    from anjian.notifications.services import notify

    notify(w.inspector, kind="other", key="demo:1", title="工作任务即将到期：示例")
    page = new_page(390, 844)
    login(page, "yjj1")
    page.goto("/duty/activities/")
    page.select_option("select[name=kind]", "check")
    page.fill("input[name=enterprise__q]", w.food.name)  # search-as-you-type
    page.click(".search-select-item")
    page.fill("input[name=day]", timezone.localdate().isoformat())
    page.fill("textarea[name=description]", "指导检查液氨制冷车间")
    page.click("form.stack button[type=submit]")
    page.wait_for_selector(".messages li.success")
    assert "指导检查液氨制冷车间" in page.inner_text("#activities")
    page.screenshot(path="test-results/duty-activities-phone.png", full_page=True)
    page.goto("/notifications/")
    assert page.inner_text("#unread-count") == "1"
    page.screenshot(path="test-results/notifications-phone.png", full_page=True)
    desk = new_page()
    login(desk, "awb")
    desk.goto(f"/duty/enterprise/{w.food.pk}/sign/")
    desk.screenshot(path="test-results/duty-sign.png", full_page=True)
    desk.goto("/duty/shortfall/")
    assert "张执法" in desk.inner_text("#shortfall") or "yjj1" in desk.inner_text("#shortfall")
    desk.screenshot(path="test-results/duty-shortfall.png", full_page=True)


def test_awb_enters_a_list_by_hand_on_a_phone(e2e_world, new_page):
    """The 安委办 creates a list, adds a task with two dated nodes and edits it, on a phone."""
    w = e2e_world
    year = timezone.localdate().year
    page = new_page(390, 844)
    login(page, "awb")
    page.goto("/tasks/")
    page.click("text=新建清单")
    page.fill("input[name=title]", "安全生产月活动工作清单")
    page.fill("input[name=start]", f"{year}-01-01")
    page.fill("input[name=end]", f"{year}-12-31")
    page.click("#list-form button[type=submit]")
    page.wait_for_selector("#task-form")
    page.fill("textarea[name=requirement]", "（1）开展安全生产月宣传咨询日活动。")
    page.check(f"input[name=units][value=d{w.yjj.pk}]")
    page.check(f"input[name=units][value=r{w.rougang.pk}]")
    page.select_option("select[name=deadline_kind]", "dates")
    assert page.is_hidden("input[name=deadline_date]")  # only the chosen kind's input shows
    page.fill("input[name=deadline_dates]", "8月中旬、11月中旬")
    page.screenshot(path="test-results/tasks-new-task-phone.png", full_page=True)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390 + 1, f"task form scrolls sideways on a phone ({width}px)"
    page.click("#task-form button.primary")
    page.wait_for_selector("#tasks")
    row = page.inner_text("#tasks tbody tr:first-child")
    assert f"{year}年8月20日、{year}年11月20日前" in row
    assert "区应急局" in row and "柔刚街道" in row
    page.click("#tasks >> text=编辑")
    page.select_option("select[name=deadline_kind]", "quarterly")
    page.click("#task-form button.primary")
    page.wait_for_selector(".messages li.success")
    assert "每季度" in page.inner_text("main")
    tl = TaskList.objects.get(title="安全生产月活动工作清单")
    task = tl.tasks.get()
    assert task.deadline_spec.kind == "quarterly" and task.version == 2
