"""Demo task list (in the shape of seed 002 附件1), a reporting obligation and liaisons."""

from datetime import timedelta

from django.core.files.base import ContentFile
from django.utils import timezone

from anjian.accounts.models import Department, Region, User

from .models import Liaison, Obligation, Task, TaskEvidence, TaskList, TaskReport, Unit
from .recurrence import Deadline, parse_deadline

TITLE = "安居区重大事故隐患专项排查整治2023行动工作清单和责任清单（演示）"


def build(ctx: dict) -> None:
    county = Region.objects.filter(level="county").order_by("code").first()
    if county is None or TaskList.objects.filter(title=TITLE).exists():
        return
    awb = User.objects.filter(username="awb").first()
    today = timezone.localdate()
    start = (today.replace(day=1) - timedelta(days=65)).replace(day=1)
    tl = TaskList.objects.create(
        title=TITLE, region=county, layout="002", start=start,
        end=today.replace(month=12, day=31), created_by=awb,
    )  # fmt: skip
    depts = {d.code: Unit.of_department(d) for d in Department.objects.filter(region=county)}
    town = Region.objects.filter(code="510904001000").first()
    rows = [
        ("一、属地党委政府责任强化行动", "（1）结合实际制定专项行动方案。", ["yjj", "zjw"],
         Deadline("once", dates=(today - timedelta(days=12),))),
        ("一、属地党委政府责任强化行动", "（2）部门主要负责人每月开展1次调研检查或专题调度，组织研判重大安全风险。",
         ["yjj", "zjw", "scjgj"], parse_deadline("每月", today.year)),
        ("三、小微企业安全监管服务行动", "（2）从业人员30人以下的小微企业制定安全风险明白卡。", ["yjj"],
         Deadline("once", dates=(today + timedelta(days=20),))),
        ("四、部门精准严格执法行动", "（1）对重点企业开展全覆盖执法检查，每2月通报一次。", ["yjj", "zjw"],
         parse_deadline("每2月", today.year)),
    ]  # fmt: skip
    for seq, (measure, req, codes, deadline) in enumerate(rows, start=1):
        t = Task.objects.create(
            task_list=tl, seq=seq, measure=measure, requirement=req,
            deadline=deadline.to_json(), deadline_text=deadline.label,
        )  # fmt: skip
        units = [depts[c] for c in codes if c in depts]
        if town is not None and seq == 2:
            units.append(Unit.of_region(town))
        t.units.set(units)
    # 应急局 has done the first task (with a file), 住建委 has not: overdue
    first = tl.tasks.get(seq=1)
    zhang = User.objects.filter(username="yjj_zhang").first()
    if zhang and "yjj" in depts:
        r = TaskReport.objects.create(
            task=first, unit=depts["yjj"], period_key=first.deadline_spec.dates[0].isoformat(),
            period_label="限期", due=first.deadline_spec.dates[0], note="已印发《专项行动实施方案》",
            reported_by=zhang, reported_at=timezone.now() - timedelta(days=14),
        )  # fmt: skip
        ev = TaskEvidence(report=r, name="实施方案.txt", uploaded_by=zhang)
        ev.file.save("实施方案.txt", ContentFile("专项行动实施方案（演示）".encode()), save=True)
    if awb and not Obligation.objects.filter(title="统计汇总表").exists():
        ob = Obligation.objects.create(
            title="统计汇总表", day_of_month=23, start=start, end=tl.end, region=county,
            stats_table="s1",
        )  # fmt: skip
        ob.units.set([u for c, u in depts.items() if c in ("yjj", "zjw", "scjgj")])
    from anjian.campaigns.models import Campaign

    camp = Campaign.objects.order_by("id").first()
    if camp is not None and "yjj" in depts and not Liaison.objects.filter(campaign=camp).exists():
        Liaison.objects.create(
            campaign=camp, unit=depts["yjj"], seq=1, name="张执法", gender="男",
            org_title="区应急局执法支队科员", mobile="13800000001",
        )  # fmt: skip
