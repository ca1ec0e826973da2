"""Claim search: fill search_terms for claims stored before it existed, and PostgreSQL's GIN index.

The index expression is exactly the one selectors.search_claims filters on, so PostgreSQL uses it:
the stored keys become a tsvector as they are (array_to_tsvector), with no parser in between.
SQLite has no such index; there the same stored keys are matched with LIKE.
"""

from django.db import migrations

INDEX_NAME = "claim_search_terms_gin"
CREATE_INDEX = (
    f"CREATE INDEX {INDEX_NAME} ON factcheck_claim "
    "USING gin (array_to_tsvector(string_to_array(search_terms, ' ')))"
)
DROP_INDEX = f"DROP INDEX IF EXISTS {INDEX_NAME}"


class PostgresOnlySQL(migrations.RunSQL):
    """RunSQL that does nothing on other databases (the SQLite laptop desk)."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


def index_existing_claims(apps, schema_editor):
    Claim = apps.get_model("factcheck", "Claim")
    unindexed = Claim.objects.filter(search_terms="").only("id", "text").order_by("id")
    if not unindexed.exists():
        return
    from factcheck.extraction import terms  # loads the Kiwi model only when there are claims to index

    batch = []
    for claim in unindexed.iterator(chunk_size=500):
        claim.search_terms = " ".join(terms.of_text(claim.text))
        batch.append(claim)
        if len(batch) == 500:
            Claim.objects.bulk_update(batch, ["search_terms"])
            batch = []
    Claim.objects.bulk_update(batch, ["search_terms"])


class Migration(migrations.Migration):
    dependencies = [("factcheck", "0003_assignment_cross_check_notifications")]

    operations = [
        migrations.RunPython(index_existing_claims, migrations.RunPython.noop),
        PostgresOnlySQL(CREATE_INDEX, DROP_INDEX),
    ]
