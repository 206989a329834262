"""Print the demo logins made by ``load_demo`` (development only)."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from plakats.core.demo import DEMO_PASSWORD, demo_logins


class Command(BaseCommand):
    help = "Print the demo users and their password, or a hint if there are none."

    def handle(self, *args, **options):
        logins = demo_logins()
        if not logins:
            self.stdout.write(_("No demo logins. Run “manage.py load_demo” to create them."))
            return
        self.stdout.write(_("Demo logins (password “%(password)s”):") % {"password": DEMO_PASSWORD})
        for username, role in logins:
            self.stdout.write(f"  {username:<12} {role}")
