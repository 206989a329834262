"""The broken web placements page, "check now", and what a page must show."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from plakats.core.tests import factory
from plakats.distribution.choices import Display
from plakats.outreach.models.webchecks import WebCheck, WebCheckResult, WebRequirement

from .webcheck_server import page, serve

pytestmark = pytest.mark.django_db


@pytest.fixture
def local_web(settings):
    """The local server, with private addresses allowed (it listens on 127.0.0.1)."""
    settings.PLAKATS_WEB_CHECK_ALLOW_PRIVATE = True
    with serve() as server:
        yield server


FOUND, NOT_FOUND, UNREACHABLE = (
    WebCheckResult.FOUND,
    WebCheckResult.NOT_FOUND,
    WebCheckResult.UNREACHABLE,
)


def _web_placement(name: str, results: list[str], url="https://example.org/"):
    """A web placement with checks an hour apart, oldest first."""
    venue = factory.make_venue(kind="website", name=name, url=url)
    placement = factory.make_placement(venue=venue)
    WebRequirement.objects.create(placement=placement, phone="28612120")
    start = timezone.now() - timedelta(days=2)
    for hour, result in enumerate(results):
        WebCheck.objects.create(
            placement=placement,
            checked_at=start + timedelta(hours=hour),
            result=result,
            http_status=None if result == UNREACHABLE else 200,
            detail="" if result == FOUND else f"{name} failed",
        )
    return placement


def test_it_lists_only_placements_whose_last_check_failed(client_for):
    _web_placement("Healthy site", [NOT_FOUND, FOUND])
    _web_placement("Never checked", [])
    _web_placement("Lost banner", [FOUND, NOT_FOUND, UNREACHABLE, NOT_FOUND])
    _web_placement("Flaky site", [NOT_FOUND, FOUND, UNREACHABLE])
    response = client_for("viewer").get(reverse("outreach:webcheck_list"))
    rows = [(p.venue.name, p.failures, p.last_result) for p in response.context["object_list"]]
    # Lost banner: three failures since its one success; Flaky site: one since its success.
    assert rows == [("Lost banner", 3, NOT_FOUND), ("Flaky site", 1, UNREACHABLE)]
    assert "Check now" not in response.content.decode()  # a viewer cannot run checks


def test_it_shows_the_check_now_button_to_writers(client_for):
    placement = _web_placement("Lost banner", [NOT_FOUND])
    page_html = client_for("regional").get(reverse("outreach:webcheck_list")).content.decode()
    assert reverse("outreach:webcheck_run", args=[placement.pk]) in page_html


def test_it_runs_a_check_now(client_for, local_web):
    local_web.routes["/site"] = page("<p>Hotline 286 12 120</p>")
    placement = _web_placement("Back again", [NOT_FOUND], url=local_web.url("/site"))
    client = client_for("coordinator")
    response = client.post(reverse("outreach:webcheck_run", args=[placement.pk]), follow=True)
    assert "Web check of" in response.content.decode()
    assert placement.web_checks.order_by("-checked_at").first().result == FOUND
    placement.refresh_from_db()
    assert placement.display == Display.DISPLAYED
    listed = client.get(reverse("outreach:webcheck_list")).context["object_list"]
    assert list(listed) == []


def test_it_saves_what_the_page_must_show(client_for):
    venue = factory.make_venue(kind="social_page", url="https://example.org/page")
    placement = factory.make_placement(venue=venue)
    url = reverse("outreach:webcheck_requirement", args=[placement.pk])
    client = client_for("coordinator")
    refused = client.post(url, {"phone": "", "link_url": ""})
    assert refused.status_code == 200
    assert "Give a phone number, a link, or both." in refused.content.decode()
    response = client.post(url, {"phone": "+371 286 12 120", "link_url": ""})
    assert response.status_code == 302
    assert WebRequirement.objects.get(placement=placement).phone == "+371 286 12 120"


def test_it_takes_no_requirement_for_a_poster_on_a_wall(client_for):
    placement = factory.make_placement()
    url = reverse("outreach:webcheck_requirement", args=[placement.pk])
    response = client_for("coordinator").post(url, {"phone": "28612120"})
    assert response.status_code == 200
    assert not WebRequirement.objects.exists()


def _count(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("outreach:webcheck_list"))
    assert response.status_code == 200
    return len(queries)


def test_it_runs_the_same_queries_for_3_and_30_broken_placements(client_for):
    client = client_for("coordinator")
    for i in range(3):
        _web_placement(f"Site {i}", [FOUND, NOT_FOUND])
    few = _count(client)
    for i in range(3, 30):
        _web_placement(f"Site {i}", [UNREACHABLE, NOT_FOUND])
    assert _count(client) == few
