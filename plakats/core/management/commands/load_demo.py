"""Load the illustrative demo data.

``manage.py load_demo [--seed N] [--if-empty] [--flush-demo]``
"""

import time

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _

from plakats.core import demo
from plakats.core.errors import DomainError
from plakats.venues.models import Venue


class Command(BaseCommand):
    help = (
        "Build an illustrative, made-up reconstruction of the 2013-2015 trust hotline "
        "campaign, with one demo login per role. For development and demonstrations only."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--seed",
            type=int,
            default=demo.DEFAULT_SEED,
            help="random seed; the same seed gives the same data (default %(default)s)",
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="do nothing if any venue exists (so it can run on every start)",
        )
        parser.add_argument(
            "--flush-demo",
            action="store_true",
            help="delete the demo data loaded earlier before loading it again",
        )

    def handle(self, *args, seed: int, if_empty: bool, flush_demo: bool, **options):
        if if_empty and Venue.objects.exists():
            if options["verbosity"] > 1:
                self.stdout.write(_("Venues exist already; no demo data loaded."))
            return
        started = time.perf_counter()
        try:
            with transaction.atomic():
                if flush_demo:
                    deleted = demo.flush_demo()
                    self.stdout.write(_("Deleted %(count)d demo records.") % {"count": deleted})
                summary = demo.build_demo(seed)
        except DomainError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(
            _(
                "Loaded the demo data (seed %(seed)d) in %(seconds).1f s: %(venues)d venues, "
                "%(dispatches)d dispatches, %(placements)d placements, "
                "%(changes)d status changes."
            )
            % {
                "seed": seed,
                "seconds": time.perf_counter() - started,
                "venues": summary.venues,
                "dispatches": summary.dispatches,
                "placements": summary.placements,
                "changes": summary.status_changes,
            }
        )
        self.stderr.write(
            _(
                "Warning: the demo users (see “manage.py demo_logins”) have a published "
                "password. They must never exist on a production server."
            )
        )
