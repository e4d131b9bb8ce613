"""The export job's page (progress bar, then the download link) and its download."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from .models import ExportJob


def _own(request, pk) -> ExportJob:
    job = ExportJob.objects.filter(pk=pk, owner=request.user).first()
    if job is None:
        raise Http404(_("未找到或无权访问"))
    return job


@login_required
def job_page(request, pk):
    return render(request, "core/export_job.html", {"job": _own(request, pk)})


@login_required
def job_status(request, pk):
    job = _own(request, pk)
    return JsonResponse(
        {
            "status": job.status,
            "done": job.done,
            "total": job.total,
            "percent": job.percent,
            "error": job.error,
            "download": job.status == "done" and bool(job.file),
        }
    )


@login_required
def job_download(request, pk):
    job = _own(request, pk)
    if job.status != "done" or not job.file:
        raise Http404(_("导出尚未完成"))
    return FileResponse(
        job.file.open("rb"), as_attachment=True, filename=job.filename,
        content_type=job.content_type,
    )  # fmt: skip
