"""Per-request bookkeeping is read once per request (scope, sectors, the user's region and
department), found with CaptureQueriesContext on the hot pages."""

import collections

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext


@pytest.mark.parametrize("url", ["/", "/hazards/", "/enterprises/"])
def test_no_query_repeats_within_a_request(client, world, url):
    client.force_login(world.inspector)
    client.get(url)  # warm: session, language
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    repeated = {
        sql: n
        for sql, n in collections.Counter(q["sql"] for q in ctx.captured_queries).items()
        if n > 1
    }
    assert repeated == {}
    # the department (and its region) come with the session's user, not in queries of their own
    assert not [q for q in ctx.captured_queries if 'FROM "accounts_department" WHERE' in q["sql"]]


def test_sector_ids_read_once_per_instance(world, django_assert_num_queries):
    dept = world.inspector.department
    with django_assert_num_queries(1):
        first = dept.sector_ids()
        assert dept.sector_ids() == first
    assert first == sorted(dept.sectors.values_list("id", flat=True))
