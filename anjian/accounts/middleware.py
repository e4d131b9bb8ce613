import time

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse


class PasswordChangeRequiredMiddleware:
    """Users holding an initial password, or one older than ANJIAN_PASSWORD_MAX_AGE_DAYS, must
    change it before doing anything else."""

    allowed_names = (
        "accounts:password_change",
        "accounts:logout",
        "accounts:login",
        "set_language",
    )

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and (user.must_change_password or user.password_expired())
            and not request.path.startswith(("/static/", "/api/"))
            and request.path not in {reverse(n) for n in self.allowed_names}
        ):
            return redirect("accounts:password_change")
        return self.get_response(request)


class SessionTouchMiddleware:
    """Idle expiry without a session write on every request.

    Saving the session on each request (SESSION_SAVE_EVERY_REQUEST) costs an UPDATE and a
    commit per page. Instead the session is marked modified — so SessionMiddleware saves it and
    pushes its expiry SESSION_COOKIE_AGE ahead — at most once per SESSION_TOUCH_SECONDS: a
    session then expires after between SESSION_COOKIE_AGE − SESSION_TOUCH_SECONDS and
    SESSION_COOKIE_AGE of inactivity.
    """

    key = "_touched"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is not None and not session.is_empty() and not session.modified:
            now = int(time.time())
            if now - session.get(self.key, 0) >= settings.SESSION_TOUCH_SECONDS:
                session[self.key] = now
        return response
