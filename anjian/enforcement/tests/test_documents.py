"""E7: gap-free numbering (also concurrent, on PostgreSQL), .docx/PDF content, LibreOffice."""

import os
import re
import shutil
import subprocess
import threading
from datetime import date, timedelta

import pytest
from django.db import connection, connections
from docx import Document as Docx

from anjian.enforcement import documents, services
from anjian.enforcement.models import Document

from .helpers import decided

SOFFICE = shutil.which("soffice") or (
    "/usr/bin/soffice" if os.path.exists("/usr/bin/soffice") else None
)


def _docx_text(path) -> str:
    d = Docx(path)
    parts = [p.text for p in d.paragraphs]
    for t in d.tables:
        for row in t.rows:
            parts += [c.text for c in row.cells]
    return "\n".join(parts)


def test_number_format_uses_region_and_department_short_names(world):
    assert (
        documents.format_number(world.yjj, "penalty_decision", 2023, 12)
        == "（安居）应急罚〔2023〕12号"
    )
    assert (
        documents.format_number(world.zjw, "rectification_order", 2024, 1)
        == "（安居）住建责改〔2024〕1号"
    )


def test_sequential_numbers_are_gap_free_per_department_kind_and_year(world, finding):
    docs = [
        services.issue_document(
            world.inspector,
            "inspection_record",
            enterprise=world.chem,
            inspection=finding.inspection,
            on=date(2024, 5, d),
        )  # fmt: skip
        for d in range(1, 6)
    ]
    assert [d.seq for d in docs] == [1, 2, 3, 4, 5]
    assert docs[-1].number == "（安居）应急检〔2024〕5号"
    # Another year starts again at 1; another kind has its own series.
    nxt = services.issue_document(
        world.inspector, "inspection_record", enterprise=world.chem,
        inspection=finding.inspection, on=date(2025, 1, 2),
    )  # fmt: skip
    assert nxt.seq == 1
    from .conftest import make_hazard

    h = make_hazard(world, level="general")
    h.deadline = date.today() + timedelta(days=30)
    h.save()
    order = services.issue_document(
        world.inspector, "rectification_order", enterprise=world.chem, hazard=h,
        on=date(2024, 6, 1),
    )  # fmt: skip
    assert order.seq == 1


def test_failed_issue_leaves_no_gap(world, finding, monkeypatch):
    ok = services.issue_document(
        world.inspector, "inspection_record", enterprise=world.chem, inspection=finding.inspection
    )

    def boom(c):
        raise RuntimeError("render failed")

    monkeypatch.setattr(documents.render, "to_pdf", boom)
    with pytest.raises(RuntimeError):
        services.issue_document(
            world.inspector, "inspection_record", enterprise=world.chem,
            inspection=finding.inspection,
        )  # fmt: skip
    monkeypatch.undo()
    again = services.issue_document(
        world.inspector, "inspection_record", enterprise=world.chem, inspection=finding.inspection
    )
    assert again.seq == ok.seq + 1


@pytest.mark.django_db(transaction=True)
def test_concurrent_issuing_is_gap_free_and_unique():
    if connection.vendor != "postgresql":
        pytest.skip("concurrent row locking is exercised on PostgreSQL (the lead runs it in CI)")
    from anjian.conftest import load_world

    from .conftest import make_finding

    world = load_world()
    finding = make_finding(world)
    n_threads, per_thread = 8, 5
    errors = []
    barrier = threading.Barrier(n_threads)

    def work():
        try:
            barrier.wait()
            for _ in range(per_thread):
                services.issue_document(
                    world.inspector, "inspection_record", enterprise=world.chem,
                    inspection=finding.inspection,
                )  # fmt: skip
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work) for _ in range(n_threads)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    seqs = sorted(Document.objects.filter(kind="inspection_record").values_list("seq", flat=True))
    assert seqs == list(range(1, n_threads * per_thread + 1))
    assert Document.objects.values("number").distinct().count() == n_threads * per_thread


def test_decision_docx_contains_the_facts_and_pdf_is_rendered(world, finding):
    case = decided(world, finding)
    doc = case.documents.get(kind="penalty_decision")
    text = _docx_text(doc.docx.path)
    assert "行政处罚决定书" in text
    assert doc.number in text
    assert case.facts in text
    assert world.chem.name in text
    assert "《中华人民共和国安全生产法》第九十七条第三项" in text
    assert "人民币伍万元整（¥50,000.00）" in text
    # 张三 is a party but 第九十七条 fines persons only after 逾期未改正: no decision names him
    assert not re.search(r"(?<![\d,])0\.00元", text)
    assert "张三" not in text
    with open(doc.pdf.path, "rb") as fh:
        assert fh.read(5) == b"%PDF-"


def test_docx_converts_in_libreoffice(world, finding, tmp_path):
    if SOFFICE is None:
        if os.environ.get("CI"):
            pytest.fail(
                "LibreOffice (soffice) is required in CI: apt-get install libreoffice-writer-nogui"
            )
        pytest.skip("LibreOffice (soffice) not installed; install libreoffice-writer-nogui")
    case = decided(world, finding)
    doc = case.documents.get(kind="penalty_decision")
    transfer = services.create_transfer(
        world.inspector, enterprise=world.chem, to_region=world.rougang,
        items=[{"description": "消防通道堵塞", "disposals": ["deadline"]}],
    )  # fmt: skip
    form = transfer.documents.get(kind="transfer_form")
    out = tmp_path / "out"
    profile = tmp_path / "profile"
    for d in (doc, form):
        res = subprocess.run(
            [SOFFICE, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to",
             "pdf", "--outdir", str(out), d.docx.path],
            capture_output=True, timeout=180,
        )  # fmt: skip
        assert res.returncode == 0, res.stderr.decode(errors="replace")
        pdf = out / (os.path.splitext(os.path.basename(d.docx.path))[0] + ".pdf")
        assert pdf.exists() and pdf.read_bytes()[:5] == b"%PDF-"


def test_every_kind_renders(world, finding):
    case = decided(world, finding)
    from anjian.enforcement.models import Document as D

    hazard_docs = []
    from .conftest import make_hazard

    h = make_hazard(world, level="general")
    # each document in the state it describes: a deadline still to come, a 复查 done
    h.deadline = date.today() + timedelta(days=30)
    h.save()
    h.events.create(kind="review_fail", actor=world.inspector, note="仍未整改到位")
    for kind in ("onsite_measure", "rectification_order", "review_opinion"):
        hazard_docs.append(
            services.issue_document(world.inspector, kind, enterprise=world.chem, hazard=h)
        )
    kinds = set(D.objects.values_list("kind", flat=True))
    assert {"filing_approval", "penalty_notice", "penalty_decision"} <= kinds
    for d in hazard_docs:
        assert h.description in _docx_text(d.docx.path) or d.kind == "onsite_measure"
    assert case.number.startswith("（安居）应急立〔")
