"""电子卷宗: standard order, 卷内目录 with page numbers, a number on every page, download once
结案, archived once (immutable, its SHA-256 in the audit trail); the demo's closed case."""

import io
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from pypdf import PdfReader

from anjian.accounts.demo import create_demo_users
from anjian.audit.models import AuditEntry
from anjian.enforcement import casefile, demo, pdfsign
from anjian.enforcement.models import Case, CaseFile


@pytest.fixture
def closed(world):
    create_demo_users(world.food)
    demo.build({"enterprise": world.food})
    return Case.objects.get(stage="closed")


def _pages(data: bytes) -> list[str]:
    return [p.extract_text() for p in PdfReader(io.BytesIO(data)).pages]


def test_stage_table_places_known_new_and_unknown_kinds():
    assert casefile.stage_of("filing_approval") == "filing"
    assert casefile.stage_of("penalty_decision") == "decision"
    assert casefile.stage_of("closing_approval") == "closing"
    # kinds other modules add later land by their names, else in the default stage
    assert casefile.stage_of("hearing_record") == "notice"
    assert casefile.stage_of("service_receipt") == "service"
    assert casefile.stage_of("payment_reminder") == "execution"
    assert casefile.stage_of("inquiry_record") == "investigation"
    assert casefile.stage_of("zzz") == casefile.DEFAULT_STAGE
    order = [k for k, _label in casefile.STAGES]
    assert order == ["filing", "investigation", "notice", "decision", "service", "execution",
                     "closing"]  # fmt: skip


def test_demo_closed_case_file_holds_every_document_in_order(closed):
    docs = list(casefile.case_documents(closed))
    kinds = {d.kind for d in docs}
    assert {"filing_approval", "penalty_notice", "penalty_decision", "closing_approval"} <= kinds
    built = casefile.build(closed)
    toc = built.toc()
    # every document of the case is in the file, once
    assert sorted(e["ref"] for e in toc if e["kind"] != "evidence") == sorted(
        str(d.pk) for d in docs
    )
    # by stage, in the standard order
    ranks = [casefile.STAGE_ORDER[e["stage"]] for e in toc]
    assert ranks == sorted(ranks)
    assert toc[0]["kind"] == "filing_approval" and toc[-1]["kind"] == "closing_approval"
    pages = _pages(built.pdf)
    assert len(pages) == built.pages
    # the 卷内目录 comes first and lists 序号, 文书名称, 文号, 日期, 页码 of each entry
    assert "卷内目录" in pages[0]
    for header in ("序号", "文书名称", "文号", "日期", "页码"):
        assert header in pages[0]
    for e in toc:
        if e["number"]:
            assert e["number"] in pages[0]
        # the entry's first page is where the TOC says it is, and it is that document
        first = pages[e["first_page"] - 1]
        if e["number"]:
            assert e["number"] in first, (e, first[:200])
        assert e["date"] in pages[0]
    # every page carries its number and the total
    for i, text in enumerate(pages, 1):
        assert f"第 {i} 页 共 {built.pages} 页" in text
    # the entries tile the pages after the 目录 with nothing missing or overlapping
    starts = [e["first_page"] for e in toc]
    assert starts == sorted(starts)
    assert toc[-1]["first_page"] + toc[-1]["pages"] - 1 == built.pages
    # and the whole file is signed by the department
    assert pdfsign.verify(built.pdf, closed.department).valid


def test_download_only_once_closed_then_archived_once_with_the_hash_audited(closed, client):
    leader = closed.department.users.get(username="yjj_leader")
    client.force_login(leader)
    html = client.get(closed.get_absolute_url()).content.decode()
    assert 'id="casefile"' in html and "归档电子卷宗" in html
    resp = client.get(f"/enforcement/{closed.pk}/casefile.pdf")
    assert resp.status_code == 200 and resp["Content-Type"] == "application/pdf"
    assert resp.content.startswith(b"%PDF-")
    # not before 结案
    open_case = Case.objects.exclude(stage="closed").first()
    assert client.get(f"/enforcement/{open_case.pk}/casefile.pdf").status_code == 404
    with pytest.raises(ValidationError):
        casefile.archive(leader, open_case)

    resp = client.post(f"/enforcement/{closed.pk}/casefile/archive/", {"version": closed.version})
    assert resp.status_code == 302
    cf = CaseFile.objects.get(case=closed)
    with cf.pdf.open("rb") as f:
        stored = f.read()
    assert pdfsign.sha256(stored) == cf.sha256 and cf.pages == len(
        PdfReader(io.BytesIO(stored)).pages
    )
    entry = AuditEntry.objects.filter(action="case.archive_file").get()
    assert cf.sha256 in entry.note and entry.after["sha256"] == cf.sha256
    # downloads now serve the archived file, byte for byte
    again = client.get(f"/enforcement/{closed.pk}/casefile.pdf")
    assert again.content == stored and again["X-Content-SHA256"] == cf.sha256
    # a second archive is refused, and nothing changes
    with pytest.raises(ValidationError) as exc:
        casefile.archive(leader, Case.objects.get(pk=closed.pk))
    assert "已归档" in str(exc.value)
    resp = client.post(f"/enforcement/{closed.pk}/casefile/archive/", {"version": closed.version})
    assert CaseFile.objects.filter(case=closed).count() == 1
    assert AuditEntry.objects.filter(action="case.archive_file").count() == 1
    html = client.get(closed.get_absolute_url()).content.decode()
    assert "归档电子卷宗" not in html and cf.sha256 in html


def test_archive_needs_the_case_in_scope(closed, world):
    with pytest.raises(PermissionDenied):
        casefile.archive(world.builder, closed)
    assert not CaseFile.objects.exists()


def test_a_registered_evidence_source_and_a_new_kind_land_in_the_file(closed, monkeypatch):
    from anjian.enforcement import documents

    pdf = documents.render.to_pdf(documents.render.Content("询问笔录", "", "测试", []))
    item = casefile.Item(stage="investigation", title="询问笔录（测试）", number="", on=closed.filed_on,
                         pdf=pdf, order=(closed.filed_on, 1, 0), kind="evidence", ref="inq")  # fmt: skip
    monkeypatch.setattr(casefile, "EVIDENCE_SOURCES", [lambda case: [item]])
    toc = casefile.build(closed).toc()
    stages = [e["stage"] for e in toc]
    at = next(i for i, e in enumerate(toc) if e["ref"] == "inq")
    assert stages[at] == "investigation" and "filing" in stages[:at]
    assert all(s not in ("decision", "closing") for s in stages[:at])


def test_page_number_stamp_text():
    data = casefile._stamp(595, 842, 3, 12, "（安居）应急立〔2026〕1号")
    text = _pages(data)[0]
    assert re.search(r"第 3 页 共 12 页", text)
