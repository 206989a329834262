"""A target of people reached counts the participants of the campaign's outreach events,
narrowed by the dashboard's region and period like every other figure."""

from datetime import date

import pytest

from plakats.core.tests import factory
from plakats.distribution.choices import Measure
from plakats.reports.queries import Scope, progress

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    campaign = factory.make_campaign(starts_on=date(2015, 1, 1), ends_on=date(2015, 12, 31))
    target = factory.make_target(
        campaign=campaign, name="Young people (demo)", measure=Measure.PEOPLE, goal=100
    )
    rezekne = factory.make_venue(municipality=factory.municipality("Rēzekne"))
    liepaja = factory.make_venue(municipality=factory.municipality("Liepāja"))
    # Latgale: 30 in March + 12 in June; Kurzeme: 20 in March; another campaign: 99.
    factory.make_outreach_event(
        campaign=campaign, venue=rezekne, date=date(2015, 3, 2), participants=30
    )
    factory.make_outreach_event(
        campaign=campaign, venue=rezekne, date=date(2015, 6, 9), participants=12
    )
    factory.make_outreach_event(
        campaign=campaign, venue=liepaja, date=date(2015, 3, 5), participants=20
    )
    factory.make_outreach_event(campaign=factory.make_campaign(), venue=rezekne, participants=99)
    return campaign, target


def reached(scope: Scope) -> int:
    [row] = progress(scope)
    return row.reached


def test_it_counts_everyone_reached_by_the_campaigns_events_nationally(world):
    campaign, _target = world
    assert reached(Scope(campaign)) == 30 + 12 + 20


def test_it_counts_only_the_region_asked_for(world):
    campaign, _target = world
    assert reached(Scope(campaign, region=factory.region("Latgales"))) == 30 + 12
    assert reached(Scope(campaign, region=factory.region("Kurzemes"))) == 20


def test_it_counts_only_the_period_asked_for(world):
    campaign, _target = world
    march = Scope(campaign, start=date(2015, 3, 1), end=date(2015, 3, 31))
    assert reached(march) == 30 + 20
    assert progress(march)[0].percent == 50
