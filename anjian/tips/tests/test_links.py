"""A tip's verification (举报核查) → hazards → cases, on the staff page and never to the reporter."""

import base64
import struct
import zlib
from datetime import date, timedelta

import pytest
from django.test import Client
from django.urls import reverse

from anjian.conftest import PASSWORD
from anjian.enforcement import services as enforcement
from anjian.enforcement.tests.conftest import signed
from anjian.hazards.models import Disposal, Hazard
from anjian.inspections import services as inspections
from anjian.testing import ID_NUMBER
from anjian.tips import services
from anjian.tips.models import Tip

from .conftest import NAME, PHONE, public_tip


def _png_url() -> str:
    def chunk(kind, data):
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    raw = zlib.compress((b"\x00" + b"\x14\x14\x14" * 4) * 2)
    ihdr = struct.pack(">IIBBBBB", 4, 2, 8, 2, 0, 0, 0)
    png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", raw) + chunk(b"IEND", b"")
    return "data:image/png;base64," + base64.b64encode(png).decode()


HAZARD_TEXT = "罐区可燃气体报警器全部停用"
VIOLATION_TEXT = "未按规定对从业人员进行安全生产教育和培训"


def _verified(world):
    """A named tip, verified on site: one hazard and one violation found, record submitted."""
    tip, secret = public_tip(world.chem, named=True)
    services.triage(world.awb, tip, accept=True, note="内部：举报人系该厂前员工")
    services.assign(world.awb, tip, department=world.yjj, handler=world.inspector)
    tip = services.start_verification(
        world.inspector, Tip.objects.get(pk=tip.pk), inspectors=[world.inspector, world.leader],
        inspected_on=date.today(),
    )  # fmt: skip
    insp = tip.inspection
    inspections.add_finding(
        world.inspector, insp, kind="hazard", description=HAZARD_TEXT, hazard_level="major",
        location="罐区", rectification_plan="立即恢复报警器", deadline=date.today() + timedelta(days=10),
    )  # fmt: skip
    violation = inspections.add_finding(
        world.inspector, insp, kind="violation", description=VIOLATION_TEXT,
        violation_code="SPL-97-3",
    )  # fmt: skip
    png = _png_url()
    inspections.sign(world.inspector, insp, role="inspector", png=png)
    inspections.sign(world.inspector, insp, role="inspector", png=png, signer=world.leader,
                     password=PASSWORD)  # fmt: skip
    inspections.sign(
        world.inspector, insp, role="enterprise", png=png, name="王厂长", id_number=ID_NUMBER
    )
    insp.refresh_from_db()
    inspections.submit(world.inspector, insp)
    hazard = Hazard.objects.get(description=HAZARD_TEXT)
    return Tip.objects.get(pk=tip.pk), secret, hazard, violation


@pytest.fixture
def verified(world):
    tip, secret, hazard, violation = _verified(world)
    # A case opened from the violation finding (Case.inspection / Case.findings) …
    by_finding = enforcement.propose_case(
        world.inspector, enterprise=world.chem, title="未按规定开展安全培训案", findings=[violation]
    )
    # … and one opened from the hazard alone (Case.hazards; no inspection on the case).
    Disposal.objects.create(hazard=hazard, option="case", decided_by=world.leader)
    by_hazard = enforcement.propose_case(
        world.inspector, enterprise=world.chem, title="报警装置停用未整改案", hazards=[hazard],
        violation_code="SPL-99-1",
    )  # fmt: skip
    return tip, secret, hazard, by_finding, by_hazard


def _unrelated_case(world):
    """A case about the same enterprise from another inspection: not the tip's."""
    from anjian.inspections.models import Finding, Inspection, TeamMember

    insp = Inspection.objects.create(
        enterprise=world.chem, department=world.yjj, inspected_on=date.today(),
        region_code=world.chem.region_id, created_by=world.inspector,
    )  # fmt: skip
    TeamMember.objects.create(inspection=insp, user=world.inspector, role="inspector")
    f = Finding.objects.create(
        inspection=insp, kind="violation", description="特种作业人员无证上岗",
        violation_code="SPL-97-7", recorded_by=world.inspector,
    )  # fmt: skip
    signed(insp, world.inspector)  # a case rests only on a signed record
    return enforcement.propose_case(
        world.inspector, enterprise=world.chem, title="特种作业人员无证上岗案", findings=[f]
    )


def test_outcome_follows_the_foreign_keys_and_the_readers_scope(world, verified):
    tip, _, hazard, by_finding, by_hazard = verified
    other = _unrelated_case(world)
    for user in (world.awb, world.inspector, world.leader):
        out = services.verification_outcome(user, tip)
        assert out.inspection == tip.inspection
        assert out.hazards == [hazard]
        assert set(out.cases) == {by_finding, by_hazard} and other not in out.cases
    # Another department sees neither the inspection nor what came out of it.
    out = services.verification_outcome(world.builder, tip)
    assert out.inspection is None and out.hazards == [] and out.cases == []
    fresh, _ = public_tip(world.food)
    assert services.verification_outcome(world.awb, fresh).hazards == []


def test_hazards_from_a_tip_verification_carry_source_tip(world):
    _, _, hazard, _ = _verified(world)
    assert hazard.source == "tip" and hazard.get_source_display() == "举报核查"


def test_staff_tip_page_links_inspection_hazards_and_cases(client, world, verified):
    tip, _, hazard, by_finding, by_hazard = verified
    other = _unrelated_case(world)
    client.force_login(world.awb)
    html = client.get(reverse("tips:detail", args=[tip.pk])).content.decode()
    assert 'id="verification"' in html
    assert reverse("inspections:detail", args=[tip.inspection_id]) in html
    assert reverse("hazards:detail", args=[hazard.pk]) in html and HAZARD_TEXT in html
    for case in (by_finding, by_hazard):
        assert reverse("enforcement:case_detail", args=[case.pk]) in html
    assert reverse("enforcement:case_detail", args=[other.pk]) not in html
    assert NAME not in html and PHONE not in html  # not revealed on a plain view


def test_reporter_status_shows_progress_and_result_only(client, world, verified):
    tip, secret, hazard, by_finding, by_hazard = verified
    services.record_result(
        world.inspector, tip, result="true", public_reply="经查属实，已依法处理",
        internal_note="内部：企业负责人拒不配合", fine_yuan=30000,
    )  # fmt: skip
    resp = client.post(reverse("tips:status"), {"code": tip.code, "secret": secret})
    assert resp.status_code == 200
    html = resp.content.decode()
    assert "属实" in html and "经查属实，已依法处理" in html and "已开展现场核查" in html
    forbidden = [
        "内部", "拒不配合", "前员工",  # internal notes (triage, result)
        HAZARD_TEXT, VIOLATION_TEXT, "隐患台账", by_finding.title, by_hazard.title,  # internals
        world.inspector.display_name, world.leader.display_name, "王厂长",  # people
        "/hazards/", "/enforcement/", "/inspections/",
        NAME, PHONE,
    ]  # fmt: skip
    for text in forbidden:
        assert text not in html, text


def test_staff_tip_page_before_submission_explains_where_hazards_will_appear(client, world):
    tip, _ = public_tip(world.chem)
    services.triage(world.awb, tip, accept=True)
    services.assign(world.awb, tip, department=world.yjj, handler=world.inspector)
    services.start_verification(
        world.inspector, Tip.objects.get(pk=tip.pk), inspectors=[world.inspector, world.leader],
        inspected_on=date.today(),
    )  # fmt: skip
    c = Client()
    c.force_login(world.inspector)
    html = c.get(reverse("tips:detail", args=[tip.pk])).content.decode()
    assert "检查记录提交后" in html and 'id="tip-hazards"' not in html
