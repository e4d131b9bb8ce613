"""Read replica routing (DATABASE_REPLICA_URL).

Writes always go to the primary ("default"). Reads go to the replica ("replica") only where
`ReplicaMiddleware` allows it: GET and HEAD requests for list, statistics and export pages of
a browser that has not written anything in the last ANJIAN_REPLICA_STICKY_SECONDS (a cookie
set by the response to any request that wrote), so that a user always reads their own
writes. Everything else — commands, the worker, POSTs, the session, the cache, the job queue,
the accounts — reads from the primary. Without a replica every query goes to "default".
"""

import contextvars
from contextlib import contextmanager

from django.conf import settings

PRIMARY, REPLICA = "default", "replica"
COOKIE = "anjian_recent_write"
SAFE_METHODS = ("GET", "HEAD")

# app labels and models whose reads never go to the replica: what a request reads to decide
# who it is (session, user, token, lockout), what it wrote a moment ago (idempotency keys,
# export jobs), and bookkeeping that must not lag (cache, job queue)
PRIMARY_APPS = {"sessions", "auth", "contenttypes", "django_tasks_db", "django_cache"}
PRIMARY_MODELS = {"accounts.user", "accounts.apitoken", "core.idempotencykey", "core.exportjob"}
# writes that do not make a browser "one that just wrote" (the session's own upkeep)
BOOKKEEPING_APPS = {"sessions", "django_cache"}

_reads = contextvars.ContextVar("anjian_replica_reads", default=False)
_wrote = contextvars.ContextVar("anjian_replica_wrote", default=None)


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES


def _label(model) -> tuple[str, str]:
    meta = model._meta
    return meta.app_label, f"{meta.app_label}.{meta.model_name}"


def primary_only(model) -> bool:
    app, label = _label(model)
    return app in PRIMARY_APPS or label in PRIMARY_MODELS


@contextmanager
def replica_reads(allowed: bool = True):
    """Reads in this block may go to the replica (e.g. an export job's rows)."""
    token = _reads.set(allowed)
    try:
        yield
    finally:
        _reads.reset(token)


def reads_from_replica() -> bool:
    return _reads.get()


def carry(iterable):
    """An iterable consumed after the view returned (a streamed response) reads where the
    view read: the routing decision travels with it."""
    allowed = _reads.get()

    def gen():
        with replica_reads(allowed):
            yield from iterable

    return gen()


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        if _reads.get() and replica_configured() and not primary_only(model):
            return REPLICA
        return PRIMARY

    def db_for_write(self, model, **hints):
        marks = _wrote.get()
        if marks is not None and _label(model)[0] not in BOOKKEEPING_APPS:
            marks.append(_label(model)[1])
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the same data on both

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == PRIMARY  # a hot standby replays the primary's schema


def is_read_view(request, view_func) -> bool:
    """List, statistics and export pages."""
    from .views import ObjectListView

    match = getattr(request, "resolver_match", None)
    if match is not None:
        if "stats" in match.namespaces or "export" in (match.url_name or ""):
            return True
    view_class = getattr(view_func, "view_class", None)
    return isinstance(view_class, type) and issubclass(view_class, ObjectListView)


class ReplicaMiddleware:
    """Decides per request whether its reads may go to the replica, and marks a browser
    that wrote (cookie) so that its next reads, for a while, come from the primary."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not replica_configured():
            return self.get_response(request)
        reads, wrote = _reads.set(False), _wrote.set([])
        try:
            response = self.get_response(request)
            marks = _wrote.get()
        finally:
            _reads.reset(reads)
            _wrote.reset(wrote)
        if marks or request.method not in SAFE_METHODS:
            response.set_cookie(
                COOKIE, "1", max_age=settings.ANJIAN_REPLICA_STICKY_SECONDS, httponly=True,
                samesite="Lax", secure=settings.SESSION_COOKIE_SECURE,
            )  # fmt: skip
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        if (
            replica_configured()
            and request.method in SAFE_METHODS
            and COOKIE not in request.COOKIES
            and is_read_view(request, view_func)
        ):
            _reads.set(True)  # undone when __call__ resets the request's value
        return None
