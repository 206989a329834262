from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "plakats.core"
    verbose_name = _("Core")

    def ready(self):
        from .collation import register_sqlite

        connection_created.connect(register_sqlite, dispatch_uid="plakats.latvian_collation")
