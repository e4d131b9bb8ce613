"""Indexes for the enterprise list at county scale (200,000 enterprises).

Portable: a department's 重点/一般 list, (department, tier, enterprise), as an index-only scan.

PostgreSQL only (a no-op elsewhere; the statements are plain SQL because they use features the
model layer cannot express portably):

- Partial Chinese name search ("食品") is `LIKE '%食品%'`, which no B-tree serves, and pg_trgm
  cannot help: it needs three characters, while most Chinese queries are two. So the small
  IMMUTABLE function `anjian_bigrams(text)` splits text into its distinct two-character
  substrings, and GIN indexes over `anjian_bigrams(name)` / `anjian_bigrams(address)` answer
  `anjian_bigrams(name) @> <the query's bigrams>`, a necessary condition of the substring match.
  `filters.py` adds it beside the unchanged `LIKE`, which keeps the results exact.
- Region-subtree filters (`region_code LIKE '510904101%'`) as index-only scans that also yield
  the enterprise id: `(region_code varchar_pattern_ops) INCLUDE (id)`, whole table and one
  partial index per risk-tag filter of the list.
"""

from django.db import migrations, models

RISK_CONDITIONS = {
    "ammonia": "ammonia_refrigeration",
    "confined": "confined_space",
    "dust": "dust_explosion",
    "tkom": "two_key_one_major",
    "highrisk": "high_risk",
    "mhs": "major_hazard_level > 0",
}

FORWARD = [
    """
    CREATE OR REPLACE FUNCTION anjian_bigrams(t text) RETURNS text[]
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
      SELECT coalesce(array_agg(DISTINCT substr(t, i, 2)), '{}')
      FROM generate_series(1, char_length(t) - 1) AS i
    $$
    """,
    "CREATE INDEX IF NOT EXISTS registry_ent_name_bigrams ON registry_enterprise "
    "USING gin (anjian_bigrams(name))",
    "CREATE INDEX IF NOT EXISTS registry_ent_addr_bigrams ON registry_enterprise "
    "USING gin (anjian_bigrams(address))",
    "CREATE INDEX IF NOT EXISTS registry_ent_region_id ON registry_enterprise "
    "(region_code varchar_pattern_ops) INCLUDE (id)",
] + [
    f"CREATE INDEX IF NOT EXISTS registry_ent_region_{tag} ON registry_enterprise "
    f"(region_code varchar_pattern_ops) INCLUDE (id) WHERE {condition}"
    for tag, condition in RISK_CONDITIONS.items()
]

BACKWARD = [f"DROP INDEX IF EXISTS registry_ent_region_{tag}" for tag in RISK_CONDITIONS] + [
    "DROP INDEX IF EXISTS registry_ent_region_id",
    "DROP INDEX IF EXISTS registry_ent_addr_bigrams",
    "DROP INDEX IF EXISTS registry_ent_name_bigrams",
    "DROP FUNCTION IF EXISTS anjian_bigrams(text)",
]


def _postgresql_only(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for sql in statements:
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("registry", "0001_initial")]

    operations = [
        migrations.RemoveIndex(model_name="enterprisetier", name="registry_en_departm_33a806_idx"),
        migrations.AddIndex(
            model_name="enterprisetier",
            index=models.Index(
                fields=["department", "tier", "enterprise"], name="registry_tier_dept_tier_ent"
            ),
        ),
        migrations.RunPython(_postgresql_only(FORWARD), _postgresql_only(BACKWARD)),
    ]
