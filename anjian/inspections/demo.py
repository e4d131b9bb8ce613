"""Demo: a plan of 应急局, a 双随机 draw (its inspections left as drafts) and one submitted,
signed inspection of the demo enterprise by yjj_zhang + yjj_li. Idempotent."""

import math
import struct
import zlib
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.utils import timezone

from anjian.accounts.models import User

from . import services
from .models import Draw, Inspection, SupervisionPlan

DEMO_ID = "11010519491231002X"  # a 身份证号 with a valid checksum (GB 11643's own example)
DRAW_TITLE = "演示：{year}年第一批“双随机”抽查"


def scribble_png(seed: int, width: int = 240, height: int = 80) -> bytes:
    """A hand-signature-like stroke as a grayscale PNG (no imaging library)."""
    rows = [bytearray([255] * width) for _ in range(height)]
    for x in range(10, width - 10):
        t = x / width
        y = int(height / 2 + (height / 3) * math.sin(t * (6 + seed) + seed) * math.cos(t * 3))
        for dy in (-1, 0, 1):
            if 0 <= y + dy < height:
                rows[y + dy][x] = 20
    raw = b"".join(b"\x00" + bytes(r) for r in rows)

    def chunk(kind, data):
        crc = zlib.crc32(kind + data)
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def build(ctx: dict) -> None:
    zhang = User.objects.filter(username="yjj_zhang").first()
    li = User.objects.filter(username="yjj_li").first()
    leader = User.objects.filter(username="yjj_leader").first()
    ent = ctx.get("enterprise")
    if not (zhang and li and zhang.department_id and ent):
        return
    campaign = ctx.get("current_campaign") or ctx.get("campaign")
    today = timezone.localdate()
    dept = zhang.department
    plan = SupervisionPlan.objects.filter(department=dept, year=today.year).first()
    if plan is None and leader is not None:
        plan = services.create_plan(
            leader,
            department=dept,
            year=today.year,
            title=f"{dept.name}{today.year}年度监督检查计划",
            monthly_targets=[3] * 12,
            key_coverage_target=100,
            general_sample_target=20,
            note="每月至少检查3家企业（附件6）；重点检查企业全覆盖，一般检查企业“双随机”抽查。",
        )
    title = DRAW_TITLE.format(year=today.year)
    if not Draw.objects.filter(title=title).exists():
        try:
            services.create_draw(
                zhang,
                title=title,
                inspection_date=today,
                k=2,
                campaign=campaign,
                plan=plan,
                seed=f"demo-{today.year}-1",
            )
        except ValidationError:
            pass
    if Inspection.objects.filter(enterprise=ent, status="submitted", created_by=zhang).exists():
        return
    insp = services.create_inspection(
        zhang,
        enterprise=ent,
        inspected_on=today,
        inspectors=[zhang, li],
        modes=["sbll"],
        campaign=campaign,
        origin="plan" if plan else "adhoc",
        plan=plan,
        place="生产车间、液氨制冷机房、成品仓库",
    )
    items = list(insp.checklist.items.all()) if insp.checklist_id else []
    if items:
        results = {i.pk: "ok" for i in items}
        results[items[0].pk] = ("fail", "未能提供主要负责人安全生产知识和管理能力考核合格证")
        services.record_results(zhang, insp, results)
    services.add_finding(
        zhang,
        insp,
        description="液氨制冷机房氨气泄漏报警装置未与通风设施联锁",
        location="液氨制冷机房",
        hazard_level="general",
        checklist_item=items[0] if items else None,
        rectification_plan="7日内完成报警装置与事故通风联锁改造",
        deadline=today + timedelta(days=7),
    )
    services.record_five_one(
        zhang, insp, kind="ability_test", participants="主要负责人、安全管理人员", score=78
    )
    services.record_five_one(
        li,
        insp,
        kind="interview",
        participants="主要负责人",
        summary="就安全生产责任制落实情况面对面谈话。",
    )
    services.update_inspection(
        zhang,
        insp,
        summary="检查组采取“四不两直”方式对该企业开展现场检查，发现一般隐患1项，已责令限期整改。",
        enterprise_rep="王厂长",
        enterprise_rep_title="厂长",
    )
    insp.refresh_from_db()
    services.sign(zhang, insp, role="inspector", png=scribble_png(1))
    services.sign(li, insp, role="inspector", png=scribble_png(2))
    services.sign(
        zhang, insp, role="enterprise", png=scribble_png(3), name="王厂长", id_number=DEMO_ID
    )
    services.submit(zhang, insp)
