"""The ledger export: streamed CSV (first bytes before any row is read, the user's scope),
and above the size threshold a background job with progress and a download."""

import csv
import io

import pytest
from django.core.management import call_command
from django.http import StreamingHttpResponse
from openpyxl import load_workbook

from anjian.core.models import ExportJob
from anjian.hazards.excel import EXPORT_HEADER


@pytest.fixture
def run_worker(monkeypatch):
    monkeypatch.setattr(
        "django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None
    )
    return lambda: call_command("worker", batch=True)


def test_csv_streams_the_scoped_ledger(client, world, make_hazard, django_assert_num_queries):
    make_hazard(description='=HYPERLINK("x")配电箱未接地')
    make_hazard(description="消防通道堵塞")
    client.force_login(world.inspector)
    resp = client.get("/hazards/export.csv?level=general")
    assert isinstance(resp, StreamingHttpResponse)
    assert resp["Content-Type"].startswith("text/csv")
    chunks = iter(resp.streaming_content)
    with django_assert_num_queries(0):  # the header leaves before the database is asked
        first = next(chunks)
    assert first.decode("utf-8-sig").strip() == ",".join(EXPORT_HEADER)
    body = (first + b"".join(chunks)).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body)))
    assert len(rows) == 3
    assert {r[8] for r in rows[1:]} == {'\'=HYPERLINK("x")配电箱未接地', "消防通道堵塞"}
    # another department's inspector sees none of them
    client.force_login(world.builder)
    body = b"".join(client.get("/hazards/export.csv").streaming_content).decode("utf-8-sig")
    assert len(list(csv.reader(io.StringIO(body)))) == 1
    assert client.get("/hazards/export.csv?level=nonsense").status_code == 400


def test_small_xlsx_export_is_immediate(client, world, make_hazard):
    make_hazard()
    client.force_login(world.inspector)
    resp = client.get("/hazards/export.xlsx")
    assert resp.status_code == 200 and not ExportJob.objects.exists()


def test_large_export_becomes_a_job_with_progress_and_download(
    client, world, make_hazard, settings, run_worker
):
    settings.ANJIAN_EXPORT_SYNC_MAX_ROWS = 2
    for i in range(3):
        make_hazard(description=f"隐患{i}号")
    client.force_login(world.inspector)
    resp = client.get("/hazards/export.xlsx?level=general")
    job = ExportJob.objects.get()
    assert resp.status_code == 302 and resp["Location"] == f"/exports/{job.pk}/"
    assert (job.owner_id, job.params, job.status) == (
        world.inspector.pk,
        {"level": "general"},
        "queued",
    )
    assert "正在后台导出" in client.get(resp["Location"]).content.decode()

    run_worker()

    job.refresh_from_db()
    assert (job.status, job.done, job.total) == ("done", 3, 3), job.error
    data = b"".join(client.get(f"/exports/{job.pk}/download/").streaming_content)
    rows = list(load_workbook(io.BytesIO(data)).active.iter_rows(values_only=True))
    assert list(rows[0]) == EXPORT_HEADER
    assert sorted(r[8] for r in rows[1:]) == ["隐患0号", "隐患1号", "隐患2号"]


def test_export_job_with_a_bad_filter_reports_the_field(client, world, run_worker):
    from anjian.core import exports

    job = exports.start_export(
        world.inspector, exporter="anjian.hazards.excel.ledger_job", params={"level": "x"},
        title="隐患台账导出", filename="h.xlsx", content_type="application/octet-stream",
    )  # fmt: skip
    run_worker()
    job.refresh_from_db()
    assert job.status == "failed" and "level" in job.error
