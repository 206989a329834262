"""Export or erase what Plakats holds about a venue contact (data protection requests)."""

import json

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from plakats.venues.models import Venue
from plakats.venues.services import contact_data, erase_contact


class Command(BaseCommand):
    help = "Print the personal data held about a venue contact, or erase it with --erase."

    def add_arguments(self, parser):
        parser.add_argument("email", help="the contact's e-mail address")
        parser.add_argument(
            "--erase", action="store_true", help="erase it from the venues, history and reminders"
        )

    def handle(self, *args, email: str, erase: bool, **options):
        held = contact_data(email)
        if not held:
            raise CommandError(_("No venue contact has the e-mail %(email)s.") % {"email": email})
        if not erase:
            self.stdout.write(json.dumps(held, ensure_ascii=False, indent=2))
            return
        rows = sum(erase_contact(Venue.objects.get(pk=item["venue_id"])) for item in held)
        self.stdout.write(
            _("Erased the contact data of %(venues)d venue(s) (%(rows)d rows).")
            % {"venues": len(held), "rows": rows}
        )
