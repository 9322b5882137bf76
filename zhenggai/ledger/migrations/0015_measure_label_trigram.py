"""A trigram index on the measures' numbering (PostgreSQL).

Search looks in a measure's numbering only for a word without Chinese (a number such
as 2.7, ``web.search``); with this index such a word is found across a province's
million measures by index too (250 → 37 ms).
"""

from importlib import import_module

from django.db import migrations

trigram = import_module("zhenggai.ledger.migrations.0014_text_trigram_raw_indexes")
INDEXES = [("ledger_measure_label_raw_trgm", "ledger_measure", "label")]


def create(apps, schema_editor):
    trigram.create_indexes(schema_editor, INDEXES)


def drop(apps, schema_editor):
    trigram.drop_indexes(schema_editor, INDEXES)


class Migration(migrations.Migration):
    dependencies = [("ledger", "0014_text_trigram_raw_indexes")]

    operations = [migrations.RunPython(create, drop)]
