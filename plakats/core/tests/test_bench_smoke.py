"""The benchmark at a tiny scale: its builder writes what it claims, its yardsticks agree.

Correctness only, no timing: this keeps ``bench/`` from rotting as models change.
"""

import pytest
from django.utils import translation

from bench import limits
from bench.build import build
from bench.exports import export
from bench.measure import PAGES, measure_page
from plakats.distribution.models import Campaign, Confirmation, Placement, PlacementEvent, Target
from plakats.imports.export_lists import EXPORTS, export_rows
from plakats.imports.exports import write_export
from plakats.venues.models import Venue

pytestmark = pytest.mark.django_db


@pytest.fixture
def built():
    return build(300, 60, log=lambda *args: None)


def test_it_writes_the_counts_it_claims(built):
    counts = built.counts
    assert counts["placements"] == Placement.objects.count() == 300
    assert counts["venues"] == Venue.objects.count() == 60
    assert counts["events"] == PlacementEvent.objects.count()
    assert counts["confirmations"] == Confirmation.objects.count()
    assert counts["campaigns"] == Campaign.objects.count() == 4
    assert counts["targets"] == Target.objects.count() == 16
    # 300 placements in four campaigns of 75: one dispatch each.
    assert counts["dispatches"] == 4
    assert Placement.objects.filter(edition_id=built.ids["recall_edition"]).count() == 300


def test_it_gives_every_placement_that_left_planned_an_event(built):
    left_planned = Placement.objects.exclude(delivery="planned")
    assert left_planned.exists()
    without = left_planned.exclude(events__axis="delivery")
    assert not without.exists()
    assert Placement.objects.filter(delivery="planned").exists()


def test_it_spreads_venues_over_municipalities_kinds_and_online(built):
    venues = Venue.objects.all()
    # 60 venues round-robin over the 42 municipalities (online ones have none).
    assert venues.exclude(municipality=None).values("municipality").distinct().count() >= 30
    assert venues.filter(kind="school").count() > venues.filter(kind="library").count()
    online = venues.filter(kind__in=["website", "social_page"])
    assert not online.filter(url="").exists()


def test_it_finds_the_same_figures_by_sql_pandas_and_the_app(built, tmp_path):
    campaign = built.ids["campaign"]
    sql = limits.comparable(limits.sql_figures(campaign))
    assert {k: sql[k] for k in ("targets", "status")} == limits.orm_dashboard_figures(campaign)
    # A figure worked out by hand from the data: placements of the campaign per status.
    by_status = {}
    for p in Placement.objects.filter(campaign_id=campaign):
        by_status[(p.delivery, p.display)] = by_status.get((p.delivery, p.display), 0) + 1
    assert sql["status"] == by_status
    placements_csv, venues_csv = tmp_path / "placements.csv", tmp_path / "venues.csv"
    export("csv", 0, placements_csv)
    with translation.override("en"):
        venues = EXPORTS["venues"]
        write_export(venues_csv, venues.columns(), export_rows(venues, {}), "csv")
    frames = limits.comparable(limits.pandas_figures(placements_csv, venues_csv, campaign))
    assert frames == sql


def test_it_measures_a_page_and_counts_its_queries(built, client, users):
    client.force_login(users["coordinator"])
    venue_list = next(page for page in PAGES if page.name == "venues_first")
    counts = {**built.counts, "filtered_venues": 30}
    ctx = {"client": client, "ids": built.ids, "counts": counts, "page_size": 50}
    result = measure_page(venue_list, ctx, repeat=1)
    assert result["status"] == "ok"
    assert result["queries"] > 0
