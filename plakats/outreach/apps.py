from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def ensure_hotline_lists(using: str = "default", **kwargs) -> None:
    """Put the seeded topics and sources back after a ``flush`` (it sends post_migrate)."""
    from .models import HeardFrom, Topic
    from .seeds import seed_lists

    seed_lists(Topic, HeardFrom, using=using)


class OutreachConfig(AppConfig):
    name = "plakats.outreach"
    verbose_name = _("Outreach")

    def ready(self):
        post_migrate.connect(
            ensure_hotline_lists, sender=self, dispatch_uid="outreach-ensure-hotline-lists"
        )
