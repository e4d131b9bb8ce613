"""Demo tips in different stages; one named tip carries an encrypted identity.

yjj_zhang is the handler of the named tip (he and the 安委办 leader `awb` may reveal it).
"""

from datetime import timedelta

from django.utils import timezone

from anjian.accounts.models import Department, User
from anjian.registry.models import Enterprise

from . import services
from .models import Tip

MARK = "（演示）"


def _enterprises(user, n):
    return list(Enterprise.objects.restrict(user, "change").order_by("id")[:n])


def build(ctx: dict) -> None:
    if Tip.objects.filter(description__endswith=MARK).exists():
        return
    awb = User.objects.filter(username="awb").first()
    zhang = User.objects.filter(username="yjj_zhang").first()
    yjj = Department.objects.filter(code="yjj", region__code="510904000000").first()
    if not (awb and zhang and yjj):
        return
    ents = _enterprises(zhang, 4)
    if len(ents) < 4:
        return
    demo_ent = ctx.get("enterprise") or ents[0]
    now = timezone.now()
    # 1 and 2: the demo enterprise tipped twice → 执法式核查 (repeated tips).
    services.submit_tip(
        category="major_hazard",
        enterprise_name=demo_ent.name,
        place="冷库机房",
        description="冷库液氨机房无人值守，氨气报警器长期不亮。" + MARK,
        received_at=now - timedelta(days=40),
    )
    services.submit_tip(
        category="illegal",
        enterprise_name=demo_ent.name,
        place="包装车间",
        description="包装车间夜间加班，安全出口被成品堆放堵塞。" + MARK,
        received_at=now - timedelta(days=2),
    )
    # 3: a named 12350 hotline tip, assigned to 应急局 张执法 (the identity is encrypted).
    named, _ = services.submit_tip(
        by=awb,
        channel="hotline",
        category="major_hazard",
        enterprise_name=ents[1].name,
        place="仓库",
        description="仓库内违规存放大量油漆稀释剂，电线私拉乱接。" + MARK,
        anonymous=False,
        reporter_name="陈建国",
        reporter_phone="13808250001",
        received_at=now - timedelta(days=6),
    )
    services.triage(awb, named, accept=True, note="企业员工实名举报，注意保护举报人")
    services.assign(awb, named, department=yjj, handler=zhang)
    # 4: verified and concluded, reward waiting for approval.
    done, _ = services.submit_tip(
        category="illegal",
        enterprise_name=ents[2].name,
        place="厂区东侧",
        description="厂区东侧新建厂房未经审批即投入生产，特种作业人员无证上岗。" + MARK,
        received_at=now - timedelta(days=30),
    )
    services.triage(awb, done, accept=True)
    services.assign(awb, done, department=yjj, handler=zhang)
    services.record_result(
        zhang,
        done,
        result="true",
        public_reply="经查属实，已责令停止使用并依法立案处罚。",
        internal_note="企业负责人承认未批先建，罚款5万元。",
        fine_yuan=50000,
    )
    # 5: not accepted.
    rejected, _ = services.submit_tip(
        category="other",
        enterprise_name=ents[3].name,
        description="隔壁邻居装修噪音太大，影响休息。" + MARK,
        received_at=now - timedelta(days=9),
    )
    services.triage(
        awb, rejected, accept=False, reason="不属于安全生产举报范围，请向生态环境部门反映"
    )
