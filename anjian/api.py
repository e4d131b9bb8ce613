"""The JSON API under /api/ (django-ninja: typed schemas and a generated OpenAPI document).

Authentication: a personal token (`Authorization: Bearer …`, see `anjian createtoken`) or the
browser session. Every endpoint reads through `restrict(user, action)`.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone
from ninja import NinjaAPI
from ninja.security import APIKeyCookie, HttpBearer

from anjian.accounts.models import ApiToken
from anjian.core.services import ConflictError


class BearerToken(HttpBearer):
    """A personal token: unexpired, unrevoked, and its user could log in now (active, not
    locked, no password change pending). Anything else is a 401."""

    def authenticate(self, request, token):
        if not token or len(token) > 200:
            return None
        tok = ApiToken.objects.select_related("user").filter(digest=ApiToken.hash(token)).first()
        now = timezone.now()
        if tok is None or tok.refusal(now) is not None:
            return None
        if tok.last_used_at is None or (now - tok.last_used_at).total_seconds() > 60:
            ApiToken.objects.filter(pk=tok.pk).update(last_used_at=now)
        request.user = tok.user
        request.auth_token = tok
        return tok.user


class SessionAuth(APIKeyCookie):
    """The logged-in browser session (CSRF-checked for unsafe methods)."""

    param_name = "sessionid"

    def authenticate(self, request, key):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not user.must_change_password
            and not user.password_expired()
        ):
            return user
        return None


api = NinjaAPI(
    title="Anjian 安监 API",
    version="1",
    description="安全生产监管执法系统接口。所有数据按用户权限范围过滤。",
    auth=[BearerToken(), SessionAuth()],
    urls_namespace="api",
)


@api.exception_handler(ValidationError)
def on_validation_error(request, exc: ValidationError):
    errors = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
    return api.create_response(request, {"detail": "数据校验未通过", "errors": errors}, status=422)


@api.exception_handler(PermissionDenied)
def on_forbidden(request, exc):
    return api.create_response(request, {"detail": str(exc) or "无权执行此操作"}, status=403)


@api.exception_handler(ConflictError)
def on_conflict(request, exc):
    return api.create_response(request, {"detail": str(exc)}, status=409)


@api.exception_handler(Http404)
def on_404(request, exc):
    return api.create_response(request, {"detail": "未找到或无权访问"}, status=404)


from anjian.accidents.api import router as accidents_router  # noqa: E402
from anjian.accounts.api import router as accounts_router  # noqa: E402
from anjian.campaigns.api import router as campaigns_router  # noqa: E402
from anjian.checklists.api import router as checklists_router  # noqa: E402
from anjian.duty.api import router as duty_router  # noqa: E402
from anjian.enforcement.api import router as enforcement_router  # noqa: E402
from anjian.hazards.api import router as hazards_router  # noqa: E402
from anjian.inspections.api import router as inspections_router  # noqa: E402
from anjian.inspections.offline_api import router as offline_router  # noqa: E402
from anjian.notifications.api import router as notifications_router  # noqa: E402
from anjian.registry.api import router as registry_router  # noqa: E402
from anjian.stats.api import router as stats_router  # noqa: E402
from anjian.tasks.api import router as tasks_router  # noqa: E402
from anjian.tips.api import router as tips_router  # noqa: E402
from anjian.visits.api import router as visits_router  # noqa: E402

api.add_router("/tokens", accounts_router)
api.add_router("/enterprises", registry_router)
api.add_router("/checklists", checklists_router)
api.add_router("/campaigns", campaigns_router)
api.add_router("/inspections", inspections_router)
api.add_router("/offline", offline_router)
api.add_router("/hazards", hazards_router)
api.add_router("/tasks", tasks_router)
api.add_router("/duty", duty_router)
api.add_router("/notifications", notifications_router)
api.add_router("/tips", tips_router)
api.add_router("/accidents", accidents_router)
api.add_router("/enforcement", enforcement_router)
api.add_router("/stats", stats_router)
api.add_router("/visits", visits_router)
