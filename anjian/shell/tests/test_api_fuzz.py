"""Issue 14: schemathesis over every operation of the OpenAPI document finds no 5xx.

The API is called in-process through Django's WSGI handler with a token of the 安委办 system
administrator (the widest scope). Each operation gets a handful of generated cases (valid and
invalid parameters and bodies); only one check is asserted: no answer is a server error. The
schema declares the 401/403/404/409/422 answers each operation may give.
"""

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

schema = schemathesis.openapi.from_wsgi("/api/openapi.json", WSGIHandler())


@pytest.fixture(autouse=True)
def keep_test_connection():
    """The handler is called directly, so, as Django's test client does, the per-request
    connection bookkeeping is off: it would close the test's connection (persistent
    connections with health checks on PostgreSQL) inside the test's transaction."""
    from django.core import signals
    from django.db import close_old_connections

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def token(world):
    from anjian.accounts.models import ApiToken

    _, raw = ApiToken.issue(world.awb, "fuzz")
    return raw


@pytest.mark.xdist_group("api-fuzz")
@schema.parametrize()
@settings(max_examples=6, deadline=None, suppress_health_check=list(HealthCheck), database=None)
def test_no_operation_answers_with_a_server_error(case, token):
    case.call_and_validate(
        headers={"Authorization": f"Bearer {token}"}, checks=[not_a_server_error]
    )
