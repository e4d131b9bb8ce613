"""JSON endpoints of the offline inspection app (issue 18), mounted under /api/offline/.

- `GET /api/offline/day`: the user's inspections to do, packed for the phone.
- `POST /api/offline/sync`: one record captured offline (multipart: `payload` JSON and the
  photos as files named in it). 200 with `status` applied or replayed (the same idempotency
  key sent again); 409 with the server's version on a conflict; 422 naming the field.
"""

from ninja import Router, Schema

from . import offline

router = Router(tags=["离线执法检查"])


class SyncOut(Schema):
    status: str
    result: dict


class ConflictOut(Schema):
    detail: str
    server: dict


@router.get("/day", response=dict, summary="今日检查任务（下载到手机离线使用）")
def day(request):
    return offline.day_bundle(request.auth)


@router.post(
    "/sync",
    response={200: SyncOut, 409: ConflictOut},
    summary="同步离线采集的检查记录（每条记录一个幂等键）",
)
def sync(request):
    if request.content_type == "application/json":
        payload = request.body.decode("utf-8", "replace")
    else:
        payload = request.POST.get("payload", "")
    try:
        status, result = offline.sync(request.auth, payload, request.FILES)
    except offline.SyncConflict as exc:
        return 409, {"detail": str(exc), "server": exc.server}
    return 200, {"status": status, "result": result}
