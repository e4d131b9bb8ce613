"""Personal API tokens: list one's own, revoke one (a security administrator: its region's)."""

from datetime import datetime

from ninja import Router, Schema

from anjian.core.scoping import get_scoped_or_404

from . import services
from .models import ApiToken

router = Router(tags=["令牌"])


class TokenOut(Schema):
    id: int
    name: str
    prefix: str
    user: str
    created_at: datetime
    expires_at: datetime | None
    last_used_at: datetime | None
    status: str


def _out(t: ApiToken) -> dict:
    return {
        "id": t.pk, "name": t.name, "prefix": t.prefix, "user": t.user.username,
        "created_at": t.created_at, "expires_at": t.expires_at, "last_used_at": t.last_used_at,
        "status": t.status(),
    }  # fmt: skip


@router.get("", response=list[TokenOut], summary="令牌列表（本人；安全管理员：本辖区）")
def list_tokens(request):
    qs = ApiToken.objects.restrict(request.user).select_related("user").order_by("-created_at")
    return [_out(t) for t in qs[:500]]


@router.delete(
    "/{int:token_id}", response={200: TokenOut, 404: dict, 422: dict}, summary="吊销令牌"
)
def revoke_token(request, token_id: int):
    token = get_scoped_or_404(ApiToken.objects.select_related("user"), request.user, "change",
                              pk=token_id)  # fmt: skip
    return _out(services.revoke_token(request.user, token))
