"""Read replica routing (core/routers.py).

The routing tests run everywhere; the streaming-replica tests run when DATABASE_REPLICA_URL
names a real PostgreSQL hot standby of DATABASE_URL's server (`.ci/run` starts one on port
5433): a read after one's own write sees it although the replica has not replayed it yet."""

import os
import time

import pytest
from django.contrib.sessions.models import Session
from django.db import connections
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import path

import anjian.urls
from anjian.accounts.models import User
from anjian.core import routers
from anjian.registry.models import Enterprise

router = routers.ReplicaRouter()


@pytest.fixture
def with_replica(monkeypatch):
    monkeypatch.setattr(routers, "replica_configured", lambda: True)


def test_without_a_replica_everything_reads_the_primary():
    if routers.replica_configured():
        pytest.skip("a replica is configured")
    with routers.replica_reads():
        assert router.db_for_read(Enterprise) == "default"


def test_reads_go_to_the_replica_only_where_allowed(with_replica):
    assert router.db_for_read(Enterprise) == "default"  # commands, the worker, tests
    with routers.replica_reads():
        assert router.db_for_read(Enterprise) == "replica"
        # who the request is, and the bookkeeping, always from the primary
        assert router.db_for_read(Session) == "default"
        assert router.db_for_read(User) == "default"
    assert router.db_for_write(Enterprise) == "default"
    assert router.allow_migrate("replica", "registry") is False
    assert router.allow_migrate("default", "registry") is True


def test_a_streamed_response_reads_where_its_view_read(with_replica):
    def rows():
        yield router.db_for_read(Enterprise)

    with routers.replica_reads():
        carried = routers.carry(rows())
    assert list(carried) == ["replica"]


def _middleware(view):
    seen = {}

    def get_response(request):
        mw.process_view(request, view, (), {})
        seen["read"] = router.db_for_read(Enterprise)
        if request.GET.get("write"):
            router.db_for_write(Enterprise)
        if request.GET.get("session"):
            router.db_for_write(Session)
        return HttpResponse()

    mw = routers.ReplicaMiddleware(get_response)
    return mw, seen


def test_middleware_sends_list_reads_to_the_replica_until_one_writes(with_replica):
    from anjian.registry.views import EnterpriseList

    view = EnterpriseList.as_view()
    mw, seen = _middleware(view)
    rf = RequestFactory()
    resp = mw(rf.get("/enterprises/"))
    assert seen["read"] == "replica" and routers.COOKIE not in resp.cookies
    assert router.db_for_read(Enterprise) == "default"  # reset after the request
    resp = mw(rf.get("/enterprises/", {"session": "1"}))  # the session's upkeep is no write
    assert routers.COOKIE not in resp.cookies
    resp = mw(rf.get("/enterprises/", {"write": "1"}))
    assert resp.cookies[routers.COOKIE]["max-age"] == 15
    resp = mw(rf.post("/enterprises/new/"))
    assert seen["read"] == "default" and routers.COOKIE in resp.cookies
    # the next reads of that browser, for a while, from the primary
    request = rf.get("/enterprises/")
    request.COOKIES[routers.COOKIE] = "1"
    mw(request)
    assert seen["read"] == "default"


def test_other_pages_read_the_primary(with_replica):
    def detail(request):
        return HttpResponse()

    mw, seen = _middleware(detail)
    mw(RequestFactory().get("/enterprises/1/"))
    assert seen["read"] == "default"


# ------------------------------------------------------------ a real streaming replica


def rename(request, pk):
    Enterprise.objects.filter(pk=pk).update(name=request.POST["name"])
    return HttpResponse("ok")


urlpatterns = [*anjian.urls.urlpatterns, path("test-rename/<int:pk>/", rename)]


@pytest.fixture
def replica(settings):
    """The replica alias pointed at the standby's copy of the test database."""
    import dj_database_url

    if not os.environ.get("DATABASE_REPLICA_URL"):
        # skipped here, after the transactional set-up (the world is rebuilt after it)
        pytest.skip("needs DATABASE_REPLICA_URL (.ci/run starts a replica)")
    conn = connections["replica"]
    primary_name = connections["default"].settings_dict["NAME"]
    real_settings = dj_database_url.parse(os.environ["DATABASE_REPLICA_URL"])
    old = conn.settings_dict
    conn.close()
    conn.settings_dict = {**old, **real_settings, "NAME": primary_name, "TEST": old["TEST"]}
    settings.ROOT_URLCONF = __name__
    try:
        yield conn
    finally:
        with conn.cursor() as cur:
            cur.execute("SELECT pg_wal_replay_resume()")
        conn.close()
        conn.settings_dict = old


def _caught_up(conn, timeout=20):
    with connections["default"].cursor() as cur:
        cur.execute("SELECT pg_current_wal_lsn()")
        target = cur.fetchone()[0]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with conn.cursor() as cur:
            cur.execute("SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [target])
            if cur.fetchone()[0]:
                return
        time.sleep(0.1)
    raise AssertionError("the replica did not catch up")


@pytest.mark.django_db(
    transaction=True, databases=["default", "replica"] if routers.replica_configured() else None
)
def test_a_read_after_ones_own_write_sees_it_on_a_lagging_replica(replica):
    from anjian.testing import load_world

    w = load_world()
    with replica.cursor() as cur:
        cur.execute("SELECT pg_is_in_recovery()")
        assert cur.fetchone()[0] is True  # a real standby
    me, other = Client(), Client()
    me.force_login(w.inspector)
    other.force_login(w.leader)  # the same department: sees the same enterprises
    _caught_up(replica)

    # a list page without a recent write reads the replica
    with CaptureQueriesContext(replica) as on_replica:
        assert w.chem.name in other.get("/enterprises/").content.decode()
    assert any("registry_enterprise" in q["sql"] for q in on_replica.captured_queries)

    # the replica stops replaying: it lags behind the primary from now on
    with replica.cursor() as cur:
        cur.execute("SELECT pg_wal_replay_pause()")
    assert me.post(f"/test-rename/{w.chem.pk}/", {"name": "新名称化工有限公司"}).status_code == 200
    assert Enterprise.objects.using("replica").get(pk=w.chem.pk).name == w.chem.name  # lagging
    # my own next read comes from the primary and sees my write ...
    assert "新名称化工有限公司" in me.get("/enterprises/").content.decode()
    # ... another user's list still reads the lagging replica
    page = other.get("/enterprises/").content.decode()
    assert w.chem.name in page and "新名称化工有限公司" not in page

    with replica.cursor() as cur:
        cur.execute("SELECT pg_wal_replay_resume()")
    _caught_up(replica)
    assert "新名称化工有限公司" in other.get("/enterprises/").content.decode()
