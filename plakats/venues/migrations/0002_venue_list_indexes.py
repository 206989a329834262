"""Indexes for the venue list's order: by name in Latvian order, with or without a kind.

Lists sort names with the ``lv`` collation (``plakats.core.collation``); on
SQLite that is a Python function, so a page of the venue list sorted every
venue of the selection with it: 57 ms of CPU for the page-117 query at 10,000
venues in the benchmark (``make bench``), seconds at 100,000. With an index in
the same collation the database reads the page in order: 3 ms.

The indexes name the collation, so on SQLite every connection that writes
venues must have it registered (Django's connections do, see
``plakats.core.apps``); the ``sqlite3`` shell can read the table but not
change venues. Raw SQL rather than ``Meta.indexes`` because Django's
``Index`` cannot give a column a collation on SQLite.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("venues", "0001_initial"), ("core", "0001_latvian_collation")]

    operations = [
        migrations.RunSQL(
            'CREATE INDEX IF NOT EXISTS venue_name_lv_idx ON venues_venue (name COLLATE "lv", id)',
            "DROP INDEX IF EXISTS venue_name_lv_idx",
        ),
        migrations.RunSQL(
            "CREATE INDEX IF NOT EXISTS venue_kind_name_lv_idx "
            'ON venues_venue (kind, name COLLATE "lv", id)',
            "DROP INDEX IF EXISTS venue_kind_name_lv_idx",
        ),
    ]
