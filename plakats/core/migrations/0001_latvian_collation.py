"""The ``lv`` collation and the ``plakats_fold`` function on PostgreSQL (see core/collation.py).

SQLite gets both on every connection instead, so this migration does nothing there.
"""

from django.db import migrations

from plakats.core.collation import POSTGRES_REVERSE_SQL, POSTGRES_SQL


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(POSTGRES_SQL)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(POSTGRES_REVERSE_SQL)


class Migration(migrations.Migration):
    initial = True
    dependencies = []
    operations = [migrations.RunPython(create, drop, elidable=False)]
