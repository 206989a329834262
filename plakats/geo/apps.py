"""The geography app; any change to its tables drops the cached resolvers."""

from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class GeoConfig(AppConfig):
    name = "plakats.geo"
    verbose_name = _("Geography")

    def ready(self):
        from plakats.geo.resolver import clear_resolver_cache

        for name in ("Region", "Municipality", "Place", "GeoAlias"):
            model = self.get_model(name)
            for signal in (post_save, post_delete):
                signal.connect(clear_resolver_cache, sender=model, dispatch_uid=f"geo-{name}")
