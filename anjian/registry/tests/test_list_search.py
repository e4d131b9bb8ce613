"""Enterprise list search: same answers on every database, indexed on PostgreSQL."""

import re

import pytest
from django.db import connection
from django.test import Client

from anjian.conftest import make_enterprise
from anjian.registry.filters import filter_enterprises
from anjian.registry.models import Enterprise

QUERIES = [
    "食品",  # two characters: one bigram
    "食",  # one character: no bigram, plain LIKE
    "鑫源食品",  # several bigrams, all must be present
    "食品街",  # only in an address
    "品加工",
    "品食",  # both bigrams' characters present, but not as this substring
    "化工",  # also in the other county: scoping must still apply
    "50%",  # LIKE wildcards are literal
    "a_b",
    "XX",
    "不存在的企业",
]


@pytest.fixture
def searchable(world):
    make_enterprise("安居区鑫源食品加工厂", "510904101201", "工贸", 11, address="柔刚路8号")
    make_enterprise("品味食坊", "510904101201", "工贸", 12, address="玉丰街1号")
    make_enterprise("白马粮油有限公司", "510904101202", "工贸", 13, address="白马镇食品街3号")
    make_enterprise("五折50%商贸", "510904101202", "商贸", 14)
    make_enterprise("a_b科技", "510904101202", "商贸", 15)
    make_enterprise("axb科技", "510904101202", "商贸", 16)
    return world


def expected(user, q):
    q = q.strip()
    return {
        e.name
        for e in Enterprise.objects.restrict(user, "view")
        if q in e.name or q in e.address or e.credit_code == q.upper()
    }


@pytest.mark.parametrize("q", QUERIES)
def test_search_is_exact_substring_match_within_scope(searchable, q):
    w = searchable
    for user in (w.awb, w.inspector, w.town):
        qs = filter_enterprises(Enterprise.objects.restrict(user, "view"), user, q=q)
        assert set(qs.values_list("name", flat=True)) == expected(user, q), (user.username, q)


def test_search_finds_credit_code_and_excludes_other_county(searchable):
    w = searchable
    qs = filter_enterprises(Enterprise.objects.restrict(w.awb, "view"), w.awb, q=w.chem.credit_code)
    assert list(qs) == [w.chem]
    qs = filter_enterprises(Enterprise.objects.restrict(w.awb, "view"), w.awb, q="化工")
    assert w.other not in qs and w.chem in qs


def test_list_page_total_matches_search(searchable):
    c = Client()
    c.force_login(searchable.awb)
    html = c.get("/enterprises/", {"q": "食品"}).content.decode()
    total = re.search(r'id="total">(\d+)<', html).group(1)
    assert int(total) == len(expected(searchable.awb, "食品")) == 3


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL bigram indexes")
def test_postgresql_search_uses_bigram_indexes(searchable):
    w = searchable
    # Unscoped here, so that the search condition is the only one an index could serve.
    qs = filter_enterprises(Enterprise.objects.all(), w.awb, q="鑫源食品")
    sql, params = qs.query.sql_with_params()
    with connection.cursor() as cur:
        cur.execute("SELECT anjian_bigrams(%s)", ["鑫源食品源食"])
        assert sorted(cur.fetchone()[0]) == sorted(["鑫源", "源食", "食品", "品源"])  # distinct
        # A tiny table is read sequentially by choice; forbid that to see the plan the
        # expression makes possible (the ORM expression must equal the index expression).
        cur.execute("SET LOCAL enable_seqscan = off")
        cur.execute("SET LOCAL enable_indexscan = off")
        cur.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cur.fetchall())
    assert "registry_ent_name_bigrams" in plan and "registry_ent_addr_bigrams" in plan
    one = filter_enterprises(Enterprise.objects.restrict(w.awb, "view"), w.awb, q="食")
    assert "anjian_bigrams" not in str(one.query)
