"""执法全过程记录 pages: the chunked-upload endpoints the uploader (static/records/uploader.js)
talks to, the file of a record (played on the case and inspection pages; byte ranges for
seeking), and the head's list of steps that need an audio-video record."""

import re
from datetime import datetime

from django.apps import apps
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from anjian.accounts.models import User
from anjian.core.records import STEPS
from anjian.core.scoping import get_scoped_or_404
from anjian.core.services import ConflictError

from . import services
from .models import TARGETS, ChunkedUpload, MediaRecord, RequiredStep


def _errors(exc: ValidationError) -> JsonResponse:
    if hasattr(exc, "error_dict"):
        data = {k: [str(m) for m in v] for k, v in exc.message_dict.items()}
    else:
        data = {"__all__": [str(m) for m in exc.messages]}
    return JsonResponse({"errors": data}, status=400)


def _json(call):
    try:
        return call()
    except ValidationError as exc:
        return _errors(exc)
    except ConflictError as exc:
        received = getattr(exc.obj, "received", None)
        return JsonResponse({"detail": str(exc), "received": received}, status=409)
    except PermissionDenied as exc:
        return JsonResponse({"detail": str(exc) or _("无权执行此操作")}, status=403)


def _target(request, label: str, pk: int):
    if label not in TARGETS:
        raise Http404
    app, model = label.split(".")
    return get_scoped_or_404(apps.get_model(app, model), request.user, "view", pk=pk)


def _state(up: ChunkedUpload) -> dict:
    return {"id": str(up.pk), "received": up.received, "size": up.size, "status": up.status,
            "chunk": services.max_chunk()}  # fmt: skip


def _when(value: str):
    try:
        dt = datetime.fromisoformat((value or "").strip())
    except ValueError:
        return None
    return timezone.make_aware(dt) if timezone.is_naive(dt) else dt


@login_required
@require_http_methods(["POST"])
def start(request, label, pk):
    """Open an upload: step, filename, size, captured_at, device, officer (a user id)."""
    obj = _target(request, label, pk)
    p = request.POST
    officer = None
    if p.get("officer", "").isdigit():
        officer = User.objects.filter(pk=int(p["officer"]), department_id=obj.department_id).first()
    captured = _when(p.get("captured_at", ""))

    def go():
        if p.get("captured_at") and captured is None:
            raise ValidationError({"captured_at": _("请输入有效时间（YYYY-MM-DDTHH:MM）")})
        up = services.start_upload(
            request.user, obj, step=p.get("step", ""), filename=p.get("filename", ""),
            size=p.get("size"), captured_at=captured, device=p.get("device", ""),
            officer=officer or (None if p.get("officer") else request.user), note=p.get("note", ""),
        )  # fmt: skip
        return JsonResponse(_state(up), status=201)

    return _json(go)


@login_required
@require_http_methods(["GET", "PUT", "POST"])
def chunk(request, uid):
    """GET: how much the server has (where a resumed upload continues); PUT/POST the bytes of
    one chunk with `?offset=N` (the body is the chunk)."""
    up = get_scoped_or_404(ChunkedUpload, request.user, "change", pk=uid)
    if request.method == "GET":
        return JsonResponse(_state(up))
    return _json(lambda: JsonResponse(_state(services.put_chunk(
        request.user, up, offset=request.GET.get("offset"), data=request.body))))  # fmt: skip


@login_required
@require_http_methods(["POST"])
def finish(request, uid):
    up = get_scoped_or_404(ChunkedUpload, request.user, "change", pk=uid)

    def go():
        rec = services.finish_upload(request.user, up, sha256=request.POST.get("sha256", ""))
        return JsonResponse({"record": rec.pk, "url": rec.get_absolute_url(),
                             "sha256": rec.sha256}, status=201)  # fmt: skip

    return _json(go)


RANGE_RE = re.compile(r"^bytes=(\d*)-(\d*)$")
BLOCK = 64 * 1024


def _stream(f, start: int, length: int):
    f.seek(start)
    left = length
    try:
        while left > 0:
            data = f.read(min(BLOCK, left))
            if not data:
                break
            left -= len(data)
            yield data
    finally:
        f.close()


@login_required
def media_file(request, pk):
    """The record's file, typed by its content and shown inline (video, audio, photo), with
    byte ranges (206) so the browser's player can seek; only within the target's scope."""
    rec = get_scoped_or_404(MediaRecord, request.user, "view", pk=pk)
    size = rec.size
    m = RANGE_RE.match(request.headers.get("Range", "").strip())
    start, end = 0, size - 1
    status = 200
    if m and (m.group(1) or m.group(2)):
        if m.group(1):
            start = int(m.group(1))
            end = min(int(m.group(2)), size - 1) if m.group(2) else size - 1
        else:
            start = max(size - int(m.group(2)), 0)
        if start >= size or start > end:
            resp = HttpResponse(status=416)
            resp["Content-Range"] = f"bytes */{size}"
            return resp
        status = 206
    f = rec.file.open("rb")
    resp = StreamingHttpResponse(_stream(f, start, end - start + 1), status=status,
                                 content_type=rec.content_type)  # fmt: skip
    resp["Content-Length"] = str(end - start + 1)
    resp["Accept-Ranges"] = "bytes"
    if status == 206:
        resp["Content-Range"] = f"bytes {start}-{end}/{size}"
    resp["X-Content-Type-Options"] = "nosniff"
    resp["Content-Disposition"] = "inline"
    resp["Cache-Control"] = "private, no-store"
    return resp


@login_required
def department_settings(request):
    """The department head's list of steps that need an audio-video record."""
    user = request.user
    if not (user.role == "dept_leader" and user.department_id):
        raise PermissionDenied(_("只有部门负责人可以设置须音像记录的执法环节"))
    errors = {}
    if request.method == "POST":
        try:
            services.set_required_steps(user, user.department, request.POST.getlist("steps"),
                                        source=request.POST.get("source", ""))  # fmt: skip
        except ValidationError as exc:
            errors = {k: v[0] for k, v in exc.message_dict.items()}
        else:
            messages.success(request, _("已保存须音像记录的执法环节。"))
            return redirect("records:settings")
    current = set(
        RequiredStep.objects.filter(department=user.department).values_list("step", flat=True)
    )
    steps = [{"code": c, "label": _(label), "always": c in services.ALWAYS_REQUIRED,
              "checked": c in current or c in services.ALWAYS_REQUIRED} for c, label in STEPS]  # fmt: skip
    source = (
        RequiredStep.objects.filter(department=user.department)
        .values_list("source", flat=True)
        .first()
    )
    return render(request, "records/settings.html",
                  {"steps": steps, "errors": errors, "source": source or ""},
                  status=422 if errors else 200)  # fmt: skip
