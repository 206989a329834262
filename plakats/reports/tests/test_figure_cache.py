"""Cached report figures: served from the cache while nothing changed, recomputed as soon as
anything they are made of changes (a status, an answer, a dispatch, a venue, a target).

Uses the hand-made campaign of ``dataset``; "Schools reached" is 4 there (S1, S3, S7, S8).
"""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from plakats.core.datacache import data_version
from plakats.core.tests import factory
from plakats.distribution.choices import Axis, Delivery, Source
from plakats.distribution.services import change_status
from plakats.distribution.services.placements import Line, create_dispatch
from plakats.reports import queries
from plakats.reports.queries import Scope

from . import dataset


@pytest.fixture
def data(db, settings):
    settings.PLAKATS_FIGURE_CACHE_SECONDS = 600
    return dataset.build()


def schools_reached(campaign, **scope) -> int:
    progress = {p.target.name: p.reached for p in queries.progress(Scope(campaign, **scope))}
    return progress["Schools reached"]


def test_it_answers_from_the_cache_while_nothing_changed(data):
    campaign = data["campaign"]
    assert schools_reached(campaign) == 4
    with CaptureQueriesContext(connection) as queries_run:
        assert schools_reached(campaign) == 4
    # The version query and the cache lookup; no aggregate over the placements.
    assert len(queries_run) == 2
    assert not any("distribution_target" in q["sql"] and "JOIN" in q["sql"] for q in queries_run)


def test_it_recomputes_after_a_status_change(data):
    campaign = data["campaign"]
    assert schools_reached(campaign) == 4
    # S2's placement was only sent; once delivered, S2 counts too.
    change_status(data["placements"]["P2"], Axis.DELIVERY, Delivery.DELIVERED, source=Source.STAFF)
    assert schools_reached(campaign) == 5


def test_it_recomputes_after_a_new_dispatch(data):
    campaign = data["campaign"]
    assert queries.status_summary(Scope(campaign))["total"] == 8
    create_dispatch(
        campaign=campaign,
        name="Wave two (demo)",
        channel="post",
        planned_on=date(2014, 10, 1),
        lines=[Line(data["venues"]["S6"].pk, data["edition"].pk, 1)],
    )
    assert queries.status_summary(Scope(campaign))["total"] == 9


def test_it_recomputes_after_a_venue_moves_to_another_region(data):
    campaign, latgale = data["campaign"], data["latgale"]
    assert schools_reached(campaign, region=latgale) == 2
    s8 = data["venues"]["S8"]
    s8.municipality = factory.municipality("Rēzekne")
    s8.save()
    assert schools_reached(campaign, region=latgale) == 3


def test_it_recomputes_after_a_target_changes(data):
    campaign = data["campaign"]
    assert schools_reached(campaign) == 4
    target = data["targets"]["schools"]
    target.regions.set([data["latgale"]])
    assert schools_reached(campaign) == 2


def test_it_keeps_scopes_apart(data):
    campaign, latgale = data["campaign"], data["latgale"]
    assert schools_reached(campaign) == 4
    assert schools_reached(campaign, region=latgale) == 2
    assert schools_reached(campaign) == 4


def test_the_dashboard_reads_the_version_once_per_request(data, client_for):
    url = reverse("home") + f"?campaign={data['campaign'].pk}"
    client = client_for("coordinator")
    client.get(url)
    with CaptureQueriesContext(connection) as warm:
        response = client.get(url)
    assert response.status_code == 200
    version_sql = "SELECT (SELECT MAX("
    assert sum(q["sql"].startswith(version_sql) for q in warm) == 1
    assert data_version() == data_version()


def test_the_map_data_is_kept_until_a_placement_changes(data, client_for):
    s2 = data["venues"]["S2"]
    s2.latitude, s2.longitude = 56.51, 27.33  # only venues with coordinates are on the map
    s2.save()
    url = reverse("reports:map_data") + f"?campaign={data['campaign'].pk}"
    client = client_for("viewer")
    first = client.get(url).json()
    with CaptureQueriesContext(connection) as warm:
        again = client.get(url).json()
    assert again == first
    computing = [q for q in warm if "venues_venue" in q["sql"]]
    assert [q["sql"][:19] for q in computing] == ["SELECT (SELECT MAX("]  # the version only

    change_status(data["placements"]["P2"], Axis.DELIVERY, Delivery.DELIVERED, source=Source.STAFF)

    assert client.get(url).json() != first


def test_it_draws_the_timeline_once_for_the_same_figures(data, monkeypatch):
    from plakats.reports import charts
    from plakats.reports.queries import Week

    drawn = []
    real = charts._timeline_figure
    monkeypatch.setattr(charts, "_timeline_figure", lambda *a: drawn.append(a) or real(*a))
    weeks = [Week(date(2014, 9, 1), 3, 2, 1), Week(date(2014, 9, 8), 0, 1, 1)]

    first = charts.timeline_svg(weeks, [])
    again = charts.timeline_svg(weeks, [])
    other = charts.timeline_svg([Week(date(2014, 9, 1), 5, 0, 0)], [])

    assert first == again
    assert other != first
    assert len(drawn) == 2
