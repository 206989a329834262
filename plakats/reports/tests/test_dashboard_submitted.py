"""The dashboard flags a submitted report whose period a later edit touched."""

from datetime import UTC, date, datetime, timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags

from plakats.core.tests import factory
from plakats.distribution.models import PlacementEvent
from plakats.reports.models import SubmittedReport


def _report(campaign, start, end):
    return SubmittedReport.objects.create(
        campaign=campaign,
        period_start=start,
        period_end=end,
        lang="en",
        figures={},
        pdf=b"%PDF",
        pdf_sha256="0" * 64,
        xlsx=b"PK",
        xlsx_sha256="0" * 64,
        submitted_at=timezone.now() - timedelta(days=1),
    )


def test_it_flags_later_changes_in_a_submitted_period(client_for):
    placement = factory.make_placement(delivery="sent")
    campaign = placement.campaign
    touched = _report(campaign, date(2014, 9, 1), date(2014, 9, 30))
    untouched = _report(campaign, date(2014, 10, 1), date(2014, 10, 31))
    # Recorded now (after both submissions), about a day in September.
    PlacementEvent.objects.create(
        placement=placement,
        axis="delivery",
        old_value="planned",
        new_value="sent",
        source="staff",
        occurred_at=datetime(2014, 9, 15, 9, 0, tzinfo=UTC),
    )
    response = client_for("viewer").get(reverse("home"), {"campaign": campaign.pk})
    text = " ".join(strip_tags(response.content.decode()).split())
    assert "1 later change in its period" in text
    assert "no later changes" in text
    html = response.content.decode()
    assert touched.get_absolute_url() in html and untouched.get_absolute_url() in html
