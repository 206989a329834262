"""Seed the configurable hotline lists: topics and where callers heard of us."""

from django.db import migrations

from plakats.outreach.seeds import HEARD_FROM, TOPICS, seed_lists


def seed(apps, schema_editor):
    seed_lists(
        apps.get_model("outreach", "Topic"),
        apps.get_model("outreach", "HeardFrom"),
        using=schema_editor.connection.alias,
    )


def unseed(apps, schema_editor):
    for model_name, rows in (("Topic", TOPICS), ("HeardFrom", HEARD_FROM)):
        model = apps.get_model("outreach", model_name)
        model.objects.filter(name_en__in=[en for _lv, en in rows], contacts__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("outreach", "0001_hotline_and_events")]

    operations = [migrations.RunPython(seed, unseed)]
