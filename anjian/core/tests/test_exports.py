"""Export jobs (core.exports): progress while running, the file when done, the error when
failed; the streamed CSV."""

import pytest
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from anjian.core import exports
from anjian.core.models import ExportJob

SEEN: list[tuple[str, int, int]] = []


def counting_exporter(user, params, out, progress):
    """Writes `params["rows"]` lines, reporting progress; records what the job row said."""
    total = params["rows"]
    progress(0, total, force=True)
    for i in range(1, total + 1):
        out.write(f"{user.username},{i}\n".encode())
        progress(i, force=True)
        job = ExportJob.objects.get(pk=params["job_probe"]) if "job_probe" in params else None
        if job is not None:
            SEEN.append((job.status, job.done, job.percent))


def failing_exporter(user, params, out, progress):
    progress(0, 10, force=True)
    progress(3, force=True)
    raise ValueError("筛选条件“隐患等级”无效")


@pytest.fixture(autouse=True)
def media_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def run_worker(monkeypatch):
    monkeypatch.setattr(
        "django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None
    )
    return lambda: call_command("worker", batch=True)


def _start(user, exporter, **params):
    return exports.start_export(
        user, exporter=f"anjian.core.tests.test_exports.{exporter}", params=params,
        title="测试导出", filename="test.csv", content_type="text/csv",
    )  # fmt: skip


def test_export_job_reports_progress_and_completes(client, world, run_worker):
    SEEN.clear()
    job = _start(world.inspector, "counting_exporter", rows=4)
    ExportJob.objects.filter(pk=job.pk).update(params={"rows": 4, "job_probe": job.pk})
    client.force_login(world.inspector)
    page = client.get(f"/exports/{job.pk}/")
    assert page.status_code == 200 and 'http-equiv="refresh"' in page.content.decode()
    assert client.get(f"/exports/{job.pk}/status.json").json()["status"] == "queued"

    run_worker()

    assert SEEN == [("running", 1, 25), ("running", 2, 50), ("running", 3, 75), ("running", 4, 99)]
    job.refresh_from_db()
    assert (job.status, job.done, job.total, job.percent) == ("done", 4, 4, 100)
    assert job.finished_at is not None
    assert DBTaskResult.objects.get(pk=job.task_id).status == "SUCCESSFUL"
    status = client.get(f"/exports/{job.pk}/status.json").json()
    assert status == {
        "status": "done", "done": 4, "total": 4, "percent": 100, "error": "", "download": True,
    }  # fmt: skip
    page = client.get(f"/exports/{job.pk}/").content.decode()
    assert f"/exports/{job.pk}/download/" in page and "refresh" not in page
    resp = client.get(f"/exports/{job.pk}/download/")
    assert resp.status_code == 200
    assert b"".join(resp.streaming_content) == b"yjj1,1\nyjj1,2\nyjj1,3\nyjj1,4\n"
    # someone else's job does not exist for them
    client.force_login(world.builder)
    assert client.get(f"/exports/{job.pk}/").status_code == 404
    assert client.get(f"/exports/{job.pk}/download/").status_code == 404


def test_failed_export_job_reports_its_error(client, world, run_worker):
    job = _start(world.inspector, "failing_exporter")
    run_worker()
    job.refresh_from_db()
    assert job.status == "failed" and job.finished_at is not None
    assert job.error == "筛选条件“隐患等级”无效"
    assert (job.done, job.total) == (3, 10)
    assert DBTaskResult.objects.get(pk=job.task_id).status == "FAILED"
    client.force_login(world.inspector)
    page = client.get(f"/exports/{job.pk}/").content.decode()
    assert "筛选条件“隐患等级”无效" in page and "refresh" not in page
    assert client.get(f"/exports/{job.pk}/download/").status_code == 404


def test_csv_lines_bom_header_first_and_inert_text():
    started = []

    def rows():
        started.append(True)
        yield ["=1+1", 2, None]

    lines = exports.csv_lines(["名称", "数量", "备注"], rows())
    assert next(lines) == "\ufeff名称,数量,备注\r\n".encode()
    assert started == []  # the header leaves before the first row is read
    assert next(lines) == b"'=1+1,2,\r\n"
    assert started == [True]
