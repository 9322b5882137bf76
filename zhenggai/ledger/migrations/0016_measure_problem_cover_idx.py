"""A covering index of each problem's measures (PostgreSQL).

责任清单 and the dashboard count a round's measures by lead unit, leader, status, kind
and stored light. Over 100,000 of a province's million measures PostgreSQL read the
whole table for that (140 ms a table); this index holds those columns beside each
measure's problem, so the counts are read from the index alone (30 ms). SQLite has no
``INCLUDE``; nothing runs there.
"""

from django.db import migrations

NAME = "measure_problem_cover_idx"
COLUMNS = "id, lead_unit_id, leader_id, status, lit_rank, kind"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {NAME} ON ledger_measure (problem_id) INCLUDE ({COLUMNS})"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {NAME}")


class Migration(migrations.Migration):
    dependencies = [("ledger", "0015_measure_label_trigram")]

    operations = [migrations.RunPython(create, drop)]
