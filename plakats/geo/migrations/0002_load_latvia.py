"""Load Latvia's built-in geography from plakats/geo/data/lv.

The files are read as they are when the migration runs; a later change to them
reaches existing databases through ``manage.py load_geography`` (or a new data
migration), not through this one.
"""

from pathlib import Path

from django.db import migrations

DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "lv"


def load_latvia(apps, schema_editor):
    from plakats.geo.loading import GeoModels, load_geography

    load_geography(
        DATA_DIR,
        "LV",
        models=GeoModels.from_apps(apps),
        using=schema_editor.connection.alias,
    )


class Migration(migrations.Migration):
    dependencies = [("geo", "0001_initial")]

    operations = [migrations.RunPython(load_latvia, migrations.RunPython.noop)]
