"""A "people reached" target counts the participants of its campaign's outreach events
at venues within its scope (kinds, regions, network)."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from plakats.core.tests import factory
from plakats.distribution import queries
from plakats.distribution.choices import Measure
from plakats.distribution.models import Target

pytestmark = pytest.mark.django_db


def _progress(targets):
    targets = list(
        Target.objects.filter(pk__in=[t.pk for t in targets]).prefetch_related("regions")
    )
    return {
        t.name: p.reached for t, p in zip(targets, queries.targets_progress(targets), strict=True)
    }


def test_it_counts_participants_of_events_in_scope():
    campaign = factory.make_campaign()
    other = factory.make_campaign()
    network = factory.make_network()
    latgale = factory.municipality("Rēzekne")
    kurzeme = factory.municipality("Liepāja")
    school_lat = factory.make_venue(municipality=latgale, network=network)
    school_kur = factory.make_venue(municipality=kurzeme)
    centre_lat = factory.make_venue(municipality=latgale, kind="youth_centre")
    event = factory.make_outreach_event
    event(campaign=campaign, venue=school_lat, participants=30)
    event(campaign=campaign, venue=school_kur, participants=25)
    event(campaign=campaign, venue=centre_lat, participants=40)
    event(campaign=campaign, venue=None, participants=12)  # online
    event(campaign=other, venue=school_lat, participants=100)  # another campaign
    event(campaign=None, venue=school_lat, participants=7, date=date(2015, 1, 9))  # no campaign

    people = dict(campaign=campaign, measure=Measure.PEOPLE, goal=600)
    everyone = factory.make_target(name="everyone", **people)
    schools = factory.make_target(name="schools", venue_kinds=["school"], **people)
    latgale_all = factory.make_target(name="latgale", regions=[latgale.region], **people)
    latgale_schools = factory.make_target(
        name="latgale schools", regions=[latgale.region], venue_kinds=["school"], **people
    )
    in_network = factory.make_target(name="network", network=network, **people)
    venues = factory.make_target(campaign=campaign, name="venues", measure=Measure.VENUES)

    reached = _progress([everyone, schools, latgale_all, latgale_schools, in_network, venues])

    assert reached == {
        "everyone": 30 + 25 + 40 + 12,
        "schools": 30 + 25,
        "latgale": 30 + 40,
        "latgale schools": 30,
        "network": 30,
        "venues": 0,  # still counted from placements (there are none)
    }


def test_it_takes_one_more_query_whatever_the_number_of_people_targets():
    campaign = factory.make_campaign()
    targets = [
        factory.make_target(campaign=campaign, measure=Measure.PEOPLE, venue_kinds=["school"]),
        factory.make_target(campaign=campaign, measure=Measure.VENUES),
    ]

    def count(ts):
        ts = list(Target.objects.filter(pk__in=[t.pk for t in ts]).prefetch_related("regions"))
        with CaptureQueriesContext(connection) as captured:
            queries.targets_progress(ts)
        return len(captured)

    small = count(targets)
    for _ in range(5):
        targets.append(factory.make_target(campaign=campaign, measure=Measure.PEOPLE))
        targets.append(factory.make_target(campaign=campaign, measure=Measure.QUANTITY))
    assert count(targets) == small == 2
