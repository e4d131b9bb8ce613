"""Two demo accidents: a 一般 fatal one during the running campaign (→ 回头看), one 迟报."""

from datetime import timedelta

from django.utils import timezone

from anjian.accounts.models import User
from anjian.registry.models import Enterprise

from . import services
from .models import Accident

MARK = "（演示）"


def build(ctx: dict) -> None:
    if Accident.objects.filter(summary__endswith=MARK).exists():
        return
    zhang = User.objects.filter(username="yjj_zhang").first()
    if zhang is None:
        return
    demo = ctx.get("enterprise")
    ents = [
        e
        for e in Enterprise.objects.restrict(zhang, "change").order_by("-id")[:10]
        if demo is None or e.pk != demo.pk
    ]
    if len(ents) < 2:
        return
    now = timezone.now().replace(second=0, microsecond=0)
    occurred = now - timedelta(days=3, hours=2)
    campaign = ctx.get("current_campaign")
    if campaign is not None and not campaign.start <= timezone.localdate(occurred) <= campaign.end:
        occurred = timezone.make_aware(
            timezone.datetime.combine(campaign.start, timezone.datetime.min.time())
        ) + timedelta(hours=10)
    services.record_accident(
        zhang,
        enterprise=ents[0],
        occurred_at=occurred,
        reported_at=occurred + timedelta(minutes=40),
        place="二号车间冲压线",
        kind="机械伤害",
        deaths=1,
        direct_loss_yuan=1_200_000,
        summary="操作工在冲压机未停机状态下清理模具，被滑块挤压致死。" + MARK,
    )
    late = now - timedelta(days=20)
    services.record_accident(
        zhang,
        enterprise=ents[1],
        occurred_at=late,
        reported_at=late + timedelta(hours=5),
        place="原料仓库",
        kind="中毒和窒息",
        serious_injuries=2,
        direct_loss_yuan=350_000,
        summary="两名工人进入有限空间作业未检测气体，吸入有毒气体致重伤；企业5小时后才报告。"
        + MARK,
    )
