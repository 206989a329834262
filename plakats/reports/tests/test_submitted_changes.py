"""What changed since submission: later events in the period, and the figures that differ now."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from plakats.distribution import services as placement_services
from plakats.distribution.choices import Axis, Delivery, Display
from plakats.distribution.models import PlacementEvent
from plakats.reports import services
from plakats.reports.changes import changes_since, submitted_changes
from plakats.reports.queries import Scope

from .funder_data import PERIOD, at


def _submit(world, region=None):
    """Submit a minute ago; the world's own events were recorded an hour ago."""
    now = timezone.now()
    PlacementEvent.objects.update(recorded_at=now - timedelta(hours=1))
    scope = Scope(world["campaign"], *PERIOD, region=region)
    return services.submit_report(scope, "en", None, now=now - timedelta(minutes=1))


def test_it_lists_a_later_event_in_the_period_and_not_one_outside(funder_world):
    report = _submit(funder_world)
    placements = funder_world["placements"]
    unchanged = changes_since(report)
    assert (unchanged.event_count, unchanged.changed) == (0, [])
    assert not unchanged.any

    inside = placement_services.change_status(
        placements["D"], Axis.DELIVERY, Delivery.SENT, occurred_at=at(20)
    )
    placement_services.change_status(  # 2 April: after the period
        placements["B"], Axis.DISPLAY, Display.DISPLAYED, occurred_at=at(2, month=4)
    )
    changes = changes_since(report)
    assert changes.event_count == 1
    assert [e.pk for e in changes.events] == [inside.pk]
    # D's 4 items now count as sent: the items target, the materials and the summary change;
    # D is still not delivered, so the reach by region does not.
    assert "Targets vs reached" in changes.changed
    assert "Materials and quantities distributed" in changes.changed
    assert "Summary" in changes.changed
    assert "Venues reached by planning region" not in changes.changed


def test_it_shows_the_changes_on_the_submitted_report_page(client_for, funder_world):
    report = _submit(funder_world)
    placement = funder_world["placements"]["D"]
    placement_services.change_status(placement, Axis.DELIVERY, Delivery.SENT, occurred_at=at(20))
    page = client_for("viewer").get(report.get_absolute_url()).content.decode()
    assert "1 placement change recorded after the submission" in page
    assert placement.get_absolute_url() in page
    assert "Targets vs reached" in page.split('id="changes"')[1].split("</section>")[0]


def test_it_flags_a_campaigns_reports_for_the_dashboard_by_region(funder_world):
    national = _submit(funder_world)
    latgale = _submit(funder_world, region=funder_world["latgale"])
    placement_services.change_status(  # D is in Kurzeme
        funder_world["placements"]["D"], Axis.DELIVERY, Delivery.SENT, occurred_at=at(20)
    )
    rows = {row["report"].pk: row["later"] for row in submitted_changes(funder_world["campaign"])}
    assert rows == {national.pk: 1, latgale.pk: 0}
    assert submitted_changes(None) == []


def test_it_is_linked_from_the_report_page(client_for, funder_world):
    report = _submit(funder_world)
    page = client_for("viewer").get(reverse("reports:funder")).content.decode()
    assert report.get_absolute_url() in page
