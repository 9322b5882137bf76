from django.core.management import call_command
from django.db import migrations


def create_cache_tables(apps, schema_editor):
    # The pages cache (settings.CACHES["pages"]) needs its table; createcachetable
    # keeps the tables that exist.
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("web", "0002_figures_cache_table")]

    operations = [migrations.RunPython(create_cache_tables, migrations.RunPython.noop)]
