"""A Latvian venue's reminder e-mail is Latvian through and through, whatever the staff use."""

from datetime import timedelta

import pytest
from django.test import override_settings
from django.utils import timezone, translation

from plakats.core.tests import factory
from plakats.distribution import services
from plakats.distribution.choices import Axis, Delivery
from plakats.distribution.services.reminders import followup_placements

pytestmark = pytest.mark.django_db

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@override_settings(TASKS=IMMEDIATE)
def test_it_writes_the_whole_email_in_latvian(mailoutbox):
    venue = factory.make_venue(name="Ludzas skola", email="skola@example.org", language="lv")
    placement = factory.make_placement(venue=venue)
    sent_at = timezone.now() - timedelta(days=30)
    services.change_status(placement, Axis.DELIVERY, Delivery.SENT, occurred_at=sent_at)

    with translation.override("en"):
        services.queue_reminders(followup_placements(21))

    (email,) = mailoutbox
    assert email.subject == "Atgādinājums: lūdzam apstiprināt saņemtos materiālus – Ludzas skola"
    for words in ("Labdien!", "gab., kods", "Apstiprināt:", "Paldies!"):
        assert words in email.body, words
    for words in ("Hello", "Reminder", "Confirm:", "copies", "Thank you"):
        assert words not in email.body + email.subject, words
