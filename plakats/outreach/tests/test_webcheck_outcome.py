"""What a web check does to its placement: found, failures in a row, removed."""

from datetime import timedelta

import pytest
from django.utils import timezone

from plakats.core.tests import factory
from plakats.distribution.choices import Delivery, Display, Evidence, Source
from plakats.distribution.models import PlacementEvent
from plakats.outreach import webchecks
from plakats.outreach.models.webchecks import WebCheck, WebCheckResult, WebRequirement

from .webcheck_server import page, serve

pytestmark = pytest.mark.django_db

PHONE = "28612120"


@pytest.fixture
def local_web(settings):
    """The local server, with private addresses allowed (it listens on 127.0.0.1)."""
    settings.PLAKATS_WEB_CHECK_ALLOW_PRIVATE = True
    with serve() as server:
        yield server


SHOWN = page("<p>Hotline: +371 286 12 120</p>")
CHANGED = page("<p>Hotline: +371 20000000</p>")


@pytest.fixture
def banner(local_web):
    """A web banner on a partner site, not yet published; the site is the local server."""
    venue = factory.make_venue(kind="website", url=local_web.url("/partner"))
    placement = factory.make_placement(venue=venue)
    WebRequirement.objects.create(placement=placement, phone=PHONE)
    return placement


def _check(placement, minutes: int):
    at = timezone.now() - timedelta(days=1) + timedelta(minutes=minutes)
    return webchecks.check_placement(placement, now=at)


def test_it_marks_a_found_banner_delivered_and_displayed_with_web_evidence(banner, local_web):
    local_web.routes["/partner"] = SHOWN
    check = _check(banner, 0)
    assert (check.result, check.http_status, check.final_url) == (
        WebCheckResult.FOUND,
        200,
        local_web.url("/partner"),
    )
    banner.refresh_from_db()
    assert (banner.delivery, banner.display, banner.evidence) == (
        Delivery.DELIVERED,
        Display.DISPLAYED,
        Evidence.WEB_CHECK,
    )
    assert banner.evidence_at == check.checked_at
    assert set(banner.events.values_list("source", flat=True)) == {Source.WEB_CHECK}


def test_it_removes_the_banner_after_three_failures_in_a_row(banner, local_web, settings):
    settings.PLAKATS_WEB_CHECK_FAILURES_BEFORE_REMOVED = 3
    local_web.routes["/partner"] = SHOWN
    _check(banner, 0)
    local_web.routes["/partner"] = CHANGED
    _check(banner, 1)
    del local_web.routes["/partner"]  # 404 from now on
    second = _check(banner, 2)
    assert (second.result, second.http_status) == (WebCheckResult.UNREACHABLE, 404)
    banner.refresh_from_db()
    assert banner.display == Display.DISPLAYED  # two failures: not yet
    _check(banner, 3)
    banner.refresh_from_db()
    assert banner.display == Display.REMOVED
    removal = PlacementEvent.objects.get(placement=banner, new_value=Display.REMOVED)
    assert (removal.source, removal.note) == (Source.WEB_CHECK, "removed (web check)")
    _check(banner, 4)  # a fourth failure changes nothing more
    assert PlacementEvent.objects.filter(placement=banner, axis="display").count() == 2


def test_it_starts_counting_again_after_a_success(banner, local_web, settings):
    settings.PLAKATS_WEB_CHECK_FAILURES_BEFORE_REMOVED = 3
    for minute, route in enumerate([SHOWN, CHANGED, CHANGED, SHOWN, CHANGED, CHANGED]):
        local_web.routes["/partner"] = route
        _check(banner, minute)
    banner.refresh_from_db()
    assert banner.display == Display.DISPLAYED
    assert webchecks.consecutive_failures(banner) == 2
    assert WebCheck.objects.filter(placement=banner).count() == 6


def test_it_puts_a_banner_back_when_it_reappears(banner, local_web, settings):
    settings.PLAKATS_WEB_CHECK_FAILURES_BEFORE_REMOVED = 1
    local_web.routes["/partner"] = SHOWN
    _check(banner, 0)
    local_web.routes["/partner"] = CHANGED
    _check(banner, 1)
    banner.refresh_from_db()
    assert banner.display == Display.REMOVED
    local_web.routes["/partner"] = SHOWN
    _check(banner, 2)
    banner.refresh_from_db()
    assert banner.display == Display.DISPLAYED


def test_it_counts_an_unreachable_site_as_a_failure(banner, local_web, settings):
    settings.PLAKATS_WEB_CHECK_FAILURES_BEFORE_REMOVED = 2
    settings.PLAKATS_WEB_CHECK_TIMEOUT = 0.2
    local_web.routes["/partner"] = SHOWN
    _check(banner, 0)
    banner.venue.url = "http://127.0.0.1:9/partner"  # the discard port: nobody listens
    banner.venue.save()
    results = [_check(banner, m).result for m in (1, 2)]
    assert results == [WebCheckResult.UNREACHABLE, WebCheckResult.UNREACHABLE]
    banner.refresh_from_db()
    assert banner.display == Display.REMOVED


def test_it_records_evidence_again_on_each_success(banner, local_web):
    local_web.routes["/partner"] = SHOWN
    _check(banner, 0)
    second = _check(banner, 60)
    banner.refresh_from_db()
    assert banner.evidence_at == second.checked_at
    assert banner.events.filter(axis="evidence").count() == 3  # delivered, displayed, again
