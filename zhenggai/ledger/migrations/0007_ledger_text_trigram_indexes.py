"""Trigram indexes serving the ledger's text filter on PostgreSQL (pg_trgm).

The filter is ``UPPER(text) LIKE UPPER('%…%')`` (Django's ``icontains``) on the
measure's text and its problem's title; a GIN index over the trigrams of the same
expressions lets PostgreSQL find the matching rows of a 100,000-measure inspection
without reading them all, Chinese included (pg_trgm takes CJK characters as word
characters under a UTF-8 locale). SQLite is unchanged: nothing runs there.
"""

from django.db import migrations

INDEXES = [
    ("ledger_measure_text_trgm", "ledger_measure", "text"),
    ("inspections_problem_title_trgm", "inspections_problem", "title"),
]


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, table, column in INDEXES:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON {table} "
            f"USING gin ((UPPER({column}::text)) gin_trgm_ops)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _, _ in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("ledger", "0006_merge_20261202_1427"),
        ("inspections", "0006_merge_20261202_1422"),
    ]

    operations = [migrations.RunPython(create, drop)]
