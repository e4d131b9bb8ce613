"""Drive a case through its stages (used by several test modules)."""

from datetime import date

from anjian.enforcement import services


def proposed(world, finding, persons=None, on=None):
    return services.propose_case(
        world.inspector,
        enterprise=finding.inspection.enterprise,
        title="未按规定开展安全生产教育培训案",
        facts="经查，该公司2名新入职操作工未经安全生产教育和培训即上岗作业。",
        findings=[finding],
        persons=persons if persons is not None else [{"name": "张三", "position": "主要负责人"}],
        on=on,
    )


def filed(world, finding, on=None, **kw):
    case = proposed(world, finding, on=on, **kw)
    return services.approve_filing(world.leader, case, approve=True, on=on)


def decided(world, finding, on: date | None = None, fines=None, **kw):
    case = filed(world, finding, on=on, **kw)
    parties = list(case.parties.all())
    fines = fines or {p.kind: (50000 if p.kind == "enterprise" else 0) for p in parties}
    rows = [{"id": p.pk, "fine": fines[p.kind]} for p in parties]
    case = services.propose_decision(world.inspector, case, parties=rows)
    case = services.issue_notice(world.inspector, case, on=on, hearing=False)
    # the party waives 陈述申辩 in writing, so the decision may follow the notice at once
    case = services.record_statement(world.inspector, case, statement="", waived=True)
    return services.approve_decision(world.leader, case, approve=True, decided_on=on)


def chinese_ui(html: str) -> list[str]:
    """Chinese text on a page that is not stored data (what an English page must not show):
    the check the site-wide page walk makes (shell.tests.test_pages), for one page."""
    from anjian.shell.tests.test_pages import _data_text, leftover_chinese

    return sorted(set(leftover_chinese(html, _data_text())))


def complete_file(world, case):
    """What the 案卷评查 (enforcement.review) needs before 结案 that the helpers above skip: the
    source inspection signed and submitted by a two-officer team, and evidence on file."""
    from django.utils import timezone

    from anjian.accounts import signatures
    from anjian.enforcement.models import Case
    from anjian.inspections.demo import scribble_png
    from anjian.inspections.models import Inspection, TeamMember
    from anjian.inspections.services import signed_content

    insp = case.inspection
    _, added = TeamMember.objects.get_or_create(
        inspection=insp, user=world.leader, defaults={"role": "inspector"}
    )
    if added:  # the second officer signs for himself
        signatures.sign(
            world.leader, insp, role="inspector", content=signed_content(insp),
            action="inspection.sign", signer=world.leader, png=scribble_png(2),
        )  # fmt: skip
    Inspection.objects.filter(pk=insp.pk).update(
        status="submitted", submitted_at=timezone.now(), submitted_by=world.inspector
    )
    Case.objects.filter(pk=case.pk).update(evidence="询问笔录2份、培训档案复印件")
    return Case.objects.get(pk=case.pk)
