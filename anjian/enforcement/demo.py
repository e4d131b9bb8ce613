"""Demo enforcement: cases at different stages (one decided with 一案双罚 and its documents),
a transfer awaiting the town's acknowledgement, and an exposure.

The 案卷评查 (enforcement.review) has something to show: case 1 was served late (a deduction
under 程序合法), case 2 was told without evidence on file and by a single officer (a blocking
defect under 事实清楚、证据确凿, a deduction under 主体合法)."""

from datetime import timedelta

from django.utils import timezone

from anjian.accounts.models import Region, User
from anjian.inspections.demo import scribble_png
from anjian.inspections.models import Finding, Inspection, TeamMember
from anjian.inspections.services import sign_as_record

from . import services
from .models import Case

MARK = "（演示）"
# A stand-in for the signatures drawn on the inspector's device (PNG bytes).
SIGNATURE_PNG = scribble_png(7)
DEMO_ID = "11010519491231002X"  # a well-formed 居民身份证号码 for the demo's representatives


def _finding(ent, inspector, days_ago, description, code, partner=None):
    today = timezone.localdate()
    insp = Inspection.objects.create(
        enterprise=ent,
        department=inspector.department,
        inspected_on=today - timedelta(days=days_ago),
        region_code=ent.region_id,
        created_by=inspector,
        modes=["sbll"],
        summary="四不两直执法检查" + MARK,
        status="submitted",
        submitted_at=timezone.now(),
        submitted_by=inspector,
    )
    TeamMember.objects.create(
        inspection=insp, user=inspector, role="inspector", is_leader=True, cert_no=inspector.cert_no
    )
    if partner is not None:  # 行政处罚法第四十二条: two enforcement officers
        TeamMember.objects.create(
            inspection=insp, user=partner, role="inspector", cert_no=partner.cert_no
        )
    # A case rests only on a signed record (安全生产法第六十八条): the team and the
    # enterprise's representative signed it.
    team = [inspector] if partner is None else [inspector, partner]
    sign_as_record(
        insp, team, png=SIGNATURE_PNG, name=ent.legal_representative or "张明", id_number=DEMO_ID
    )
    return Finding.objects.create(
        inspection=insp, kind="violation", description=description, violation_code=code,
        recorded_by=inspector,
    )  # fmt: skip


def build(ctx: dict) -> None:
    ent = ctx.get("enterprise")
    zhang = User.objects.filter(username="yjj_zhang").first()
    leader = User.objects.filter(username="yjj_leader").first()
    li = User.objects.filter(username="yjj_li").first()
    if ent is None or zhang is None or leader is None:
        return
    if Case.objects.filter(title__endswith=MARK).exists():
        return
    today = timezone.localdate()
    principal = ent.legal_representative or "张明"

    # 1. Decided, served and paid: 一案双罚 (enterprise and its principal), 逾期未改正.
    f1 = _finding(ent, zhang, 60, "逾期未对新入职员工进行安全生产教育和培训", "SPL-97-3", li)
    c1 = services.propose_case(
        zhang, enterprise=ent, title="逾期未改正安全生产教育培训违法行为案" + MARK,
        facts="经查，当事人于责令限期整改期满后，仍有3名新入职操作工未经安全生产教育和培训即上岗作业。",
        findings=[f1], persons=[{"name": principal, "position": "主要负责人", "id_number": DEMO_ID,
                                 "address": "四川省遂宁市安居区柔刚街道和平路12号",
                                 "phone": "13800000000"}], overdue=True,
        on=today - timedelta(days=58),
    )  # fmt: skip
    c1 = services.approve_filing(leader, c1, approve=True, on=today - timedelta(days=57))
    c1 = services.start_investigation(
        zhang,
        c1,
        evidence="询问笔录2份、培训档案复印件、现场照片4张",
        on=today - timedelta(days=56),
    )
    # 裁量情节: a first offence, not corrected in time (一般档); each fine the engine's suggestion
    facts = {"first_offence": True, "harm": "none"}
    rows = [{"id": p.pk, "fine": p.suggested_fine, "overdue": True} for p in c1.parties.all()]
    c1 = services.propose_decision(zhang, c1, parties=rows, facts=facts)
    c1 = services.issue_notice(zhang, c1, hearing=True, on=today - timedelta(days=40))
    c1 = services.record_statement(
        zhang, c1, statement="当事人书面表示放弃陈述申辩和听证权利。", waived=True
    )
    c1 = services.approve_decision(leader, c1, approve=True, decided_on=today - timedelta(days=30))
    # served fifteen days after the decision: later than 第六十一条's seven working days
    c1 = services.serve(zhang, c1, served_on=today - timedelta(days=15))
    for p in c1.parties.all():
        services.record_payment(zhang, p, amount=p.fine, paid_on=today - timedelta(days=10))

    # 2. Notice issued, decision awaiting the leader; no evidence was entered (no 调查取证).
    f2 = _finding(ent, zhang, 20, "未将事故隐患排查治理情况如实记录", "SPL-97-5")
    c2 = services.propose_case(
        zhang, enterprise=ent, title="未如实记录事故隐患排查治理情况案" + MARK,
        facts="当事人2023年以来的隐患排查治理台账缺失。", findings=[f2],
        persons=[{"name": "李安全", "position": "安全生产管理人员", "id_number": DEMO_ID,
                  "address": "四川省遂宁市安居区常理镇建设村3组"}], on=today - timedelta(days=18),
    )  # fmt: skip
    c2 = services.approve_filing(leader, c2, approve=True, on=today - timedelta(days=17))
    rows = [{"id": p.pk, "fine": 30000 if p.kind == "enterprise" else 0} for p in c2.parties.all()]
    c2 = services.propose_decision(zhang, c2, parties=rows)
    services.issue_notice(zhang, c2, hearing=False, on=today - timedelta(days=5))

    # 3. Proposed, awaiting 立案 approval.
    f3 = _finding(ent, zhang, 2, "未按照规定制定生产安全事故应急救援预案", "SPL-97-6")
    services.propose_case(
        zhang, enterprise=ent, title="未制定应急救援预案案" + MARK, facts="现场未能提供应急救援预案。",
        findings=[f3], persons=[{"name": principal, "position": "主要负责人", "id_number": DEMO_ID,
                                 "address": "四川省遂宁市安居区柔刚街道和平路12号"}],
    )  # fmt: skip

    # A transfer to the town (seed 001 form), signed by the team, awaiting the town.
    town = Region.objects.filter(code=ent.region_id[:9] + "000").first()
    if town is not None:
        t = services.create_transfer(
            zhang, enterprise=ent, to_region=town, inspection=f1.inspection, items=[
                {"check_item": "消防安全", "description": "员工宿舍与仓库未有效分隔" + MARK,
                 "legal_basis": "消防法第十九条", "standard_basis": "GB 50016-2014",
                 "responsible_unit": town.name, "disposals": ["deadline", "transfer"]},
            ],
        )  # fmt: skip
        services.sign_transfer(zhang, t, side="team")

    # 4. Closed: served in time, paid, 结案; its 电子卷宗 holds every document in order.
    f4 = _finding(
        ent,
        zhang,
        90,
        "特种作业人员未按照规定经专门的安全作业培训并取得相应资格上岗作业",
        "SPL-97-7",
        li,
    )
    c4 = services.propose_case(
        zhang, enterprise=ent, title="特种作业人员未持证上岗案" + MARK,
        facts="经查，当事人焊工1名未取得特种作业操作证即从事焊接作业。",
        findings=[f4], persons=[{"name": principal, "position": "主要负责人"}],
        on=today - timedelta(days=88),
    )  # fmt: skip
    c4 = services.approve_filing(leader, c4, approve=True, on=today - timedelta(days=87))
    c4 = services.start_investigation(
        zhang,
        c4,
        evidence="询问笔录1份、特种作业人员名册、现场照片2张",
        on=today - timedelta(days=86),
    )
    rows = [{"id": p.pk, "fine": p.suggested_fine} for p in c4.parties.all()]
    c4 = services.propose_decision(zhang, c4, parties=rows, facts={"first_offence": True})
    c4 = services.issue_notice(zhang, c4, hearing=False, on=today - timedelta(days=70))
    c4 = services.record_statement(zhang, c4, statement="当事人无异议，放弃陈述申辩。", waived=True)
    c4 = services.approve_decision(leader, c4, approve=True, decided_on=today - timedelta(days=60))
    c4 = services.serve(zhang, c4, served_on=today - timedelta(days=59))
    for p in c4.parties.filter(fine__gt=0):
        services.record_payment(zhang, p, amount=p.fine, paid_on=today - timedelta(days=50))
    c4.refresh_from_db()
    services.close_case(leader, c4, on=today - timedelta(days=45))

    services.create_exposure(
        zhang, channel="区融媒体中心", title="安居区曝光一批安全生产违法典型案例" + MARK,
        published_on=today - timedelta(days=10), link="https://example.org/anju/exposure",
        cases=[c1],
    )  # fmt: skip
    _seizure(ent, zhang, li or leader, leader, today)


def _seizure(ent, officer, partner, leader, today) -> None:
    """A 查封 in force, approved, signed and carried out three days ago (issue 16)."""
    if partner is None or partner.pk == officer.pk:
        return
    s = services.create_seizure(
        officer, enterprise=ent, kind="seal", place=(ent.address or ent.name) + "液氨罐区",
        facts="液氨罐区可燃气体报警装置失效，有根据认为该区域设施不符合保障安全生产的国家标准" + MARK,
        officers=[officer, partner], party_name=ent.legal_representative or "张明",
        planned_on=today - timedelta(days=3),
        items=[{"name": "液氨储罐", "spec": "50m³", "quantity": "2", "unit": "台"},
               {"name": "液氨装卸鹤管", "quantity": "1", "unit": "套"}],
    )  # fmt: skip
    s = services.approve_seizure(leader, s, note="同意查封")
    for u in (officer, partner):
        services.sign_seizure(u, s, signer=u)
    services.sign_seizure(
        officer, s, png=SIGNATURE_PNG, name=ent.legal_representative or "张明", id_number=DEMO_ID
    )
    # carried out by the records demo, with its audio-video record (行政强制法第十八条)
