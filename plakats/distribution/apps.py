from importlib import import_module

from django.apps import AppConfig
from django.apps import apps as global_apps
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

# The data migrations that seed the cover and recall letters, in order.
LETTER_SEEDS = ("0005_seed_cover_letters", "0008_seed_recall_letters")


def ensure_letters(using: str = "default", apps=global_apps, **kwargs) -> None:
    """Put the seeded cover letters back after a ``flush`` (it sends post_migrate).

    The print pack refuses to print without a letter; a flushed database (tests in
    a real browser, ``manage.py flush``) would otherwise have none.
    """
    letters = apps.get_model("distribution", "LetterTemplate")
    fields = {field.name for field in letters._meta.get_fields()}
    # Migrated back to before the recall letters: the seeds no longer fit the table.
    if "recall_body" not in fields or letters.objects.using(using).exists():
        return
    for name in LETTER_SEEDS:
        import_module(f"{__package__}.migrations.{name}").seed(apps, None)


class DistributionConfig(AppConfig):
    name = "plakats.distribution"
    verbose_name = _("Distribution")

    def ready(self):
        post_migrate.connect(
            ensure_letters, sender=self, dispatch_uid="distribution-ensure-letters"
        )
