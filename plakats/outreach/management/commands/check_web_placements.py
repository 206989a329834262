"""Queue (or, with --now, run) the web placement checks that are due.

Run it from cron or a systemd timer, e.g. hourly; each placement is checked
at most every ``PLAKATS_WEB_CHECK_EVERY_HOURS`` hours, and ``manage.py
db_worker`` does the fetching.
"""

from django.core.management.base import BaseCommand
from django.utils import timezone

from plakats.outreach.webchecks import check_placement, due_for_check
from plakats.outreach.webchecks_tasks import enqueue_due_checks


class Command(BaseCommand):
    help = "Queue the web placement checks that are due (--now: run them here and now)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--now",
            action="store_true",
            help="Check the due placements in this process instead of queueing them.",
        )

    def handle(self, *args, now: bool = False, **options):
        if not now:
            count = enqueue_due_checks()
            self.stdout.write(f"{count} web check(s) queued.")
            return
        results: dict[str, int] = {}
        placements = due_for_check(timezone.now()).select_related("venue").order_by("pk")
        for placement in placements:
            result = check_placement(placement).result
            results[result] = results.get(result, 0) + 1
        summary = ", ".join(f"{n} {result}" for result, n in sorted(results.items()))
        self.stdout.write(f"Web checks done: {summary or 'none due'}.")
