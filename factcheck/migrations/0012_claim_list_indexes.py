"""The claim list at a year's volume (~1M claims): PostgreSQL indexes for each documented filter and order.

Pages past the first are read as ids first (factcheck/pagination.py), so the indexes that order a list also
carry, as INCLUDE columns, what its filters test: the skipped rows are read off the index alone (an
index-only scan), never from the table. Measured with bench/scale.py at 1M claims (EXPLAIN ANALYZE of the
ids query, page 500 at 50 a page): the queue order with status + type + min_score 150 ms -> 8 ms.

- claim_queue_order_idx (status, -score, id), rebuilt covering the queue's other filters.
- claim_reading_order_idx (article, start, id): the API's default order (each article's claims in reading
  order), covering the status, score and type filters.
- claim_score_order_idx (-score, id), claim_score_asc_idx (score, id): `ordering=-score` / `score` across
  statuses (read backwards, the first would sort every claim tied at the lowest score by id).
- claim_created_order_idx, claim_start_order_idx: `ordering=created_at` / `start`, either direction.
- claim_types_gin: `type=` as jsonb containment (`types @> '["quote"]'`), which the planner also estimates
  from the column's statistics (the old `UPPER(types::text) LIKE` was estimated at 28 rows for 304k).
- claim_speaker_trgm: `speaker=` by pg_trgm, over the name with a space in front, so that a fragment of
  three or more characters matches anywhere and a shorter one at the start of a word, both from the index
  (selectors.speaker_matches builds exactly this expression). Needs the pg_trgm extension, which
  PostgreSQL ships and lets a database owner create (it is a trusted extension).
- article_title_trgm: the same for article titles (the admin's searches).

Built CONCURRENTLY (so the migration is not atomic): a desk that migrates keeps taking uploads and
verdicts while the indexes build (about 13 s at 1M claims on this 2-core machine). SQLite (the laptop desk)
keeps its plain indexes: a few thousand claims need nothing more. Both get an index on the article's outlet
(selectors.outlets).
"""

from importlib import import_module

from django.db import migrations, models

# RunSQL that does nothing on SQLite, defined with the first PostgreSQL-only index.
PostgresOnlySQL = import_module("factcheck.migrations.0004_claim_search_index").PostgresOnlySQL

COVERED = "types, is_stale, assignee_id, proposal_id, article_id"

INDEXES = {
    "claim_reading_order_idx": (
        "(article_id, start, id) INCLUDE (status, score, types, is_stale, assignee_id, proposal_id)"
    ),
    "claim_score_order_idx": "(score DESC, id) INCLUDE (status, types, is_stale, assignee_id, proposal_id)",
    "claim_score_asc_idx": "(score, id)",
    "claim_created_order_idx": "(created_at, id)",
    "claim_start_order_idx": "(start, id)",
    "claim_types_gin": "USING gin (types jsonb_path_ops)",
    "claim_speaker_trgm": "USING gin ((' ' || upper(speaker::text)) gin_trgm_ops)",
}


def _create(name: str, definition: str) -> str:
    return f"CREATE INDEX CONCURRENTLY IF NOT EXISTS {name} ON factcheck_claim {definition}"


def _replace_queue_index(definition: str) -> list[str]:
    """Build the new queue index beside the old one, then swap: the queue is never without its index."""
    return [
        "DROP INDEX CONCURRENTLY IF EXISTS claim_queue_order_new",
        _create("claim_queue_order_new", definition),
        "DROP INDEX CONCURRENTLY claim_queue_order_idx",
        "ALTER INDEX claim_queue_order_new RENAME TO claim_queue_order_idx",
    ]


class Migration(migrations.Migration):
    atomic = False  # CREATE INDEX CONCURRENTLY cannot run inside a transaction
    dependencies = [("factcheck", "0011_article_newest_index")]

    operations = [
        migrations.AddIndex(model_name="article", index=models.Index(fields=["outlet"], name="article_outlet_idx")),
        PostgresOnlySQL("CREATE EXTENSION IF NOT EXISTS pg_trgm", migrations.RunSQL.noop),
        PostgresOnlySQL(
            _replace_queue_index(f"(status, score DESC, id) INCLUDE ({COVERED})"),
            _replace_queue_index("(status, score DESC, id)"),
        ),
        *[
            PostgresOnlySQL(_create(name, definition), f"DROP INDEX CONCURRENTLY IF EXISTS {name}")
            for name, definition in INDEXES.items()
        ],
        PostgresOnlySQL(
            "CREATE INDEX CONCURRENTLY IF NOT EXISTS article_title_trgm ON factcheck_article "
            "USING gin ((' ' || upper(title::text)) gin_trgm_ops)",
            "DROP INDEX CONCURRENTLY IF EXISTS article_title_trgm",
        ),
        # Statistics for the new index expressions (the speaker's), or the planner guesses their selectivity.
        PostgresOnlySQL("ANALYZE factcheck_claim, factcheck_article", migrations.RunSQL.noop),
    ]
