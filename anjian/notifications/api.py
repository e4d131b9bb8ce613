from datetime import date, datetime

from ninja import Router, Schema
from ninja.pagination import PageNumberPagination, paginate

from . import services
from .models import Notification

router = Router(tags=["消息提醒"])


class NotificationOut(Schema):
    id: int
    kind: str
    title: str
    body: str
    url: str
    due: date | None
    created_at: datetime
    read: bool


@router.get("", response=list[NotificationOut], summary="我的消息提醒")
@paginate(PageNumberPagination, page_size=50)
def inbox(request, unread: bool = False):
    qs = Notification.objects.restrict(request.user)
    if unread:
        qs = qs.unread()
    return [
        {"id": n.pk, "kind": n.kind, "title": n.title, "body": n.body, "url": n.url,
         "due": n.due, "created_at": n.created_at, "read": n.read_at is not None}
        for n in qs
    ]  # fmt: skip


@router.get("/unread-count", response=dict, summary="未读数")
def unread_count(request):
    return {"unread": Notification.objects.restrict(request.user).unread().count()}


@router.post("/{int:nid}/read", response=dict, summary="标为已读")
def read(request, nid: int):
    return {"updated": services.mark_read(request.user, [nid])}


@router.post("/read-all", response=dict, summary="全部标为已读")
def read_all(request):
    return {"updated": services.mark_read(request.user)}
