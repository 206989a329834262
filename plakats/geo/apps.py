"""The geography app; any change to its tables drops the cached resolvers."""

from pathlib import Path

from django.apps import AppConfig
from django.db.models.signals import post_delete, post_migrate, post_save
from django.utils.translation import gettext_lazy as _

LATVIA = Path(__file__).resolve().parent / "data" / "lv"


def ensure_latvia(using: str = "default", **kwargs) -> None:
    """Load the built-in geography when its tables are empty.

    The data migration loads it on the first migrate; this puts it back after
    a ``flush`` (which empties every table and then sends post_migrate).
    """
    from plakats.geo.loading import load_geography
    from plakats.geo.models import Region

    if not Region.objects.using(using).exists():
        load_geography(LATVIA, "LV", using=using)


class GeoConfig(AppConfig):
    name = "plakats.geo"
    verbose_name = _("Geography")

    def ready(self):
        from plakats.geo.resolver import clear_resolver_cache

        for name in ("Region", "Municipality", "Place", "GeoAlias"):
            model = self.get_model(name)
            for signal in (post_save, post_delete):
                signal.connect(clear_resolver_cache, sender=model, dispatch_uid=f"geo-{name}")
        post_migrate.connect(ensure_latvia, sender=self, dispatch_uid="geo-ensure-latvia")
