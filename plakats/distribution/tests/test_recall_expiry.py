"""Editions expiring within PLAKATS_EXPIRY_WARNING_DAYS (or already expired) are listed
for the dashboard, until they are superseded or withdrawn."""

from datetime import date, timedelta

import pytest
from django.template.loader import render_to_string
from django.utils import timezone

from plakats.core.tests import factory
from plakats.distribution.choices import Delivery, Display
from plakats.distribution.queries_recall import expiring_editions
from plakats.distribution.services import recall as services

pytestmark = pytest.mark.django_db

TODAY = date(2015, 6, 1)


def test_it_lists_editions_expiring_within_the_warning_days(settings):
    settings.PLAKATS_EXPIRY_WARNING_DAYS = 60

    def edition(days):
        return factory.make_edition(valid_until=TODAY + timedelta(days=days))

    past, today, last_day, too_far = edition(-5), edition(0), edition(60), edition(61)
    edition_without_date = factory.make_edition()
    retired = edition(10)
    services.withdraw_edition(retired, reason="Partner left")
    factory.make_placement(edition=last_day, delivery=Delivery.DELIVERED, display=Display.DISPLAYED)
    factory.make_placement(edition=last_day, delivery=Delivery.DELIVERED, display=Display.REMOVED)

    listed = expiring_editions(TODAY)

    assert [e.pk for e in listed] == [past.pk, today.pk, last_day.pk]
    assert [(e.days_left, e.up) for e in listed] == [(-5, 0), (0, 0), (60, 1)]
    assert too_far.pk not in {e.pk for e in listed} and edition_without_date.valid_until is None


def test_the_partial_shows_them_with_their_days_left():
    soon = factory.make_edition(valid_until=TODAY + timedelta(days=3))
    html = render_to_string(
        "distribution/recall/_expiring.html", {"expiring_editions": expiring_editions(TODAY)}
    )

    assert str(soon) in html
    assert "in 3 days" in html
    assert "No edition expires soon." in render_to_string(
        "distribution/recall/_expiring.html", {"expiring_editions": []}
    )


def test_the_dashboard_shows_editions_expiring_soon(client_for):
    soon = factory.make_edition(valid_until=timezone.localdate() + timedelta(days=5))

    html = client_for("viewer").get("/").content.decode()

    assert "Editions expiring soon" in html
    assert str(soon) in html
