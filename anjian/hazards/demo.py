"""Demo hazards: every status at the demo enterprise and others, one major hazard with 五落实
and 挂牌督办, one overdue. Idempotent: nothing is added if the demo hazards exist."""

from datetime import timedelta

from django.core.files.base import ContentFile
from django.utils import timezone

from anjian.accounts.models import User
from anjian.registry.models import Enterprise

from . import services
from .models import Hazard
from .standards import ensure_standards

MARK = "【演示】"
# A 1×1 PNG used as the demo photo.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)


def _photo(name):
    return ContentFile(PNG, name=name)


def build(ctx: dict) -> None:
    ensure_standards()
    ent = ctx.get("enterprise")
    users = {
        u.username: u
        for u in User.objects.filter(username__in=["yjj_zhang", "yjj_li", "awb", "qiye"])
    }
    if (
        ent is None
        or len(users) < 4
        or Hazard.objects.filter(description__startswith=MARK).exists()
    ):
        return
    zhang, li, awb, qiye = users["yjj_zhang"], users["yjj_li"], users["awb"], users["qiye"]
    now = timezone.now()
    today = timezone.localdate()

    def report(by, desc, **kw):
        kw.setdefault("enterprise", ent)
        kw.setdefault("source", "inspection")
        return services.report_hazard(by, description=MARK + desc, **kw)

    # 待整改: found by the inspector, deadline ahead.
    report(
        zhang,
        "液氨制冷车间氨气泄漏报警装置未定期检验",
        location="制冷车间",
        found_at=now - timedelta(days=3),
        deadline=today + timedelta(days=12),
    )
    # Overdue (整改中, deadline passed).
    h = report(
        zhang,
        "有限空间作业场所未设置安全警示标志",
        location="污水处理池",
        found_at=now - timedelta(days=40),
        deadline=today - timedelta(days=5),
    )
    services.start_rectification(qiye, h)
    # 待复查: the enterprise submitted its rectification with a photo.
    h = report(
        qiye,
        "配电箱未可靠接地",
        source="self",
        location="包装车间",
        found_at=now - timedelta(days=8),
        deadline=today + timedelta(days=2),
    )
    h = services.start_rectification(qiye, h)
    services.submit_rectification(qiye, h, note="已重新接地并检测合格", files=[_photo("jiedi.png")])
    # 已销号 after one failed review.
    h = report(
        li,
        "消防通道堆放杂物",
        source="tip",
        found_at=now - timedelta(days=20),
        deadline=today - timedelta(days=10),
    )
    h = services.start_rectification(qiye, h)
    h = services.submit_rectification(qiye, h, note="已清理", files=[_photo("tongdao1.png")])
    h = services.review(li, h, passed=False, opinion="仍有部分杂物，继续整改")
    h = services.submit_rectification(qiye, h, note="已全部清理", files=[_photo("tongdao2.png")])
    services.review(li, h, passed=True, opinion="整改到位，同意销号")
    # 即查即改.
    h = report(zhang, "灭火器压力不足", found_at=now - timedelta(days=1), deadline=None)
    services.close_immediately(zhang, h, note="现场更换灭火器", files=[_photo("miehuoqi.png")])
    # Major hazard, self-reported, 五落实 complete, 挂牌督办, under rectification.
    h = report(
        qiye,
        "液氨储罐区未设置泄漏报警和紧急切断装置",
        source="self",
        level="major",
        location="液氨储罐区",
        found_at=now - timedelta(days=15),
        deadline=today + timedelta(days=30),
    )
    h = services.set_five_measures(
        qiye,
        h,
        measures="加装氨气泄漏报警仪和紧急切断阀，联锁控制",
        responsible_person="王厂长",
        funds="85000",
        deadline=today + timedelta(days=30),
        emergency_plan="液氨泄漏事故现场处置方案（2023版）",
    )
    services.start_rectification(qiye, h)
    services.supervise(
        awb,
        h,
        level="district",
        issuing_unit="安居区安全生产委员会",
        number="安居安委督〔2023〕1号",
        issued_on=today - timedelta(days=10),
        deadline=today + timedelta(days=30),
    )
    services.dispose(zhang, h, option="deadline", note="责令限期整改")
    services.impose_measure(zhang, ent, hazard=h, kind="stop_equipment", target="2号液氨储罐")
    # Elsewhere in the county: a major hazard found by the government (应当处罚), overdue.
    other = (
        Enterprise.objects.filter(
            primary_sector__name="危险化学品", region__code__startswith="510904"
        )
        .order_by("id")
        .first()
    )
    if other is not None:
        report(
            zhang,
            "重大危险源未实现可燃有毒气体检测报警联网",
            enterprise=other,
            level="major",
            found_at=now - timedelta(days=30),
            deadline=today - timedelta(days=2),
        )
    services.escalate_overdue(today)
