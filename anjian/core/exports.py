"""Exports that do not keep the browser (or a proxy) waiting.

- `stream_csv`: a CSV response whose first bytes leave at once and whose rows follow as the
  database cursor yields them (StreamingHttpResponse; every field through SafeCsvWriter, so
  no text a user typed runs as a formula). Memory stays flat.
- `start_export`: above `ANJIAN_EXPORT_SYNC_MAX_ROWS` rows an export becomes a background job
  (`run_export`, run by `anjian worker`): the page shows its progress and a download link.

An exporter is `fn(user, params, fileobj, progress)`: it applies `user`'s scope to `params`,
writes the file to `fileobj` and calls `progress(done, total)` as it goes.
"""

import tempfile
import time
from urllib.parse import quote

from django.conf import settings
from django.core.files import File
from django.db.models import QuerySet
from django.http import StreamingHttpResponse
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks import task

from .excel import SafeCsvWriter
from .models import ExportJob
from .routers import carry, reads_from_replica, replica_reads

CSV = "text/csv; charset=utf-8"


class _Line:
    """A file-like object that hands back what the csv writer wrote (one line)."""

    def write(self, value):
        return value


CHUNK = 64 * 1024  # characters of CSV per piece sent after the header


def csv_lines(header, rows, chunk: int = CHUNK):
    """Encoded CSV: a UTF-8 byte-order mark first (Excel reads the Chinese) and the header, at
    once; then the rows, each field made inert (`core.excel.csv_value`), in pieces of about
    `chunk` characters (a piece per row cost a write to the socket per row: a third of the
    export's time)."""
    writer = SafeCsvWriter(_Line())
    yield "\ufeff".encode() + writer.writerow(header).encode("utf-8")
    lines, size = [], 0
    for row in rows:
        line = writer.writerow(["" if v is None else v for v in row])
        lines.append(line)
        size += len(line)
        if size >= chunk:
            yield "".join(lines).encode("utf-8")
            lines, size = [], 0
    if lines:
        yield "".join(lines).encode("utf-8")


def stream_csv(header, rows, filename: str) -> StreamingHttpResponse:
    resp = StreamingHttpResponse(carry(csv_lines(header, rows)), content_type=CSV)
    resp["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    resp["X-Accel-Buffering"] = "no"  # a proxy passes the rows on as they come
    resp["Cache-Control"] = "no-store"
    return resp


def too_large(qs: QuerySet, limit: int | None = None) -> bool:
    """More rows than a browser should wait for (a capped count: cheap on millions)."""
    limit = settings.ANJIAN_EXPORT_SYNC_MAX_ROWS if limit is None else limit
    return qs[: limit + 1].count() > limit


def start_export(
    user, *, exporter: str, params: dict, title: str, filename: str, content_type: str
) -> ExportJob:
    job = ExportJob.objects.create(
        owner=user, title=title, exporter=exporter, params=params, filename=filename,
        content_type=content_type, use_replica=reads_from_replica(),
    )  # fmt: skip
    result = run_export.enqueue(job.pk)
    ExportJob.objects.filter(pk=job.pk).update(task_id=str(result.id))
    job.task_id = str(result.id)
    return job


class Progress:
    """Writes the job's progress at most every `every` seconds (and at the end)."""

    def __init__(self, job_id: int, every: float = 0.5):
        self.job_id, self.every, self.last = job_id, every, 0.0

    def __call__(self, done: int, total: int | None = None, force: bool = False):
        now = time.monotonic()
        if force or now - self.last >= self.every:
            self.last = now
            fields = {"done": done} if total is None else {"done": done, "total": total}
            ExportJob.objects.filter(pk=self.job_id).update(**fields)


@task()
def run_export(job_id: int) -> dict:
    """Run one export job: the exporter writes a temporary file, which becomes the job's file;
    a failure is recorded on the job (and the task) with its message."""
    job = ExportJob.objects.select_related("owner").get(pk=job_id)
    ExportJob.objects.filter(pk=job.pk).update(status="running")
    progress = Progress(job.pk)
    try:
        fn = import_string(job.exporter)
        with tempfile.TemporaryFile() as tmp, replica_reads(job.use_replica):
            fn(job.owner, job.params, tmp, progress)
            tmp.seek(0)
            job.refresh_from_db(fields=["done", "total"])
            job.file.save(job.filename, File(tmp), save=False)
        job.status, job.finished_at = "done", timezone.now()
        job.total = max(job.total, job.done)
        job.done = job.total
        job.save(update_fields=["file", "status", "finished_at", "done", "total"])
    except Exception as exc:
        ExportJob.objects.filter(pk=job.pk).update(
            status="failed", error=str(exc)[:2000] or type(exc).__name__,
            finished_at=timezone.now(),
        )  # fmt: skip
        raise
    return {"job": job.pk, "rows": job.total}
