"""On SQLite, index the venue names by their Latvian sort key instead of the ``lv`` collation.

An index in the ``lv`` collation (``0002``) calls the Python comparison
function at every step of every insert: about 30 calls per new venue, most
of the time of a large import (4,400 rows/s for 100,000 venues). An index on
``plakats_lv_key(name)`` (``plakats.core.collation.sort_key``: bytes that
compare in the same order) calls Python once per new venue and compares
bytes; the lists order by the same expression (``latvian()``), so they still
read a page in order from the index.

PostgreSQL keeps the ``0002`` indexes: its ``lv`` collation is ICU's, in C.
"""

from django.db import migrations

SQLITE = {
    "venue_name_lv_idx": ("(plakats_lv_key(name), id)", '(name COLLATE "lv", id)'),
    "venue_kind_name_lv_idx": (
        "(kind, plakats_lv_key(name), id)",
        '(kind, name COLLATE "lv", id)',
    ),
}


def _replace(schema_editor, which: int) -> None:
    if schema_editor.connection.vendor != "sqlite":
        return
    for name, columns in SQLITE.items():
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")
        schema_editor.execute(f"CREATE INDEX {name} ON venues_venue {columns[which]}")


def by_sort_key(apps, schema_editor) -> None:
    _replace(schema_editor, 0)


def by_collation(apps, schema_editor) -> None:
    _replace(schema_editor, 1)


class Migration(migrations.Migration):
    dependencies = [("venues", "0003_updated_at_index")]

    operations = [migrations.RunPython(by_sort_key, by_collation, elidable=False)]
