"""The demo data: documented counts, every status, sound stock, same seed → same data.

Loading the demo takes seconds, so it is loaded once for this module inside a
transaction that is rolled back at the end; each test runs in a savepoint on
top of it.
"""

import io
from datetime import datetime

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.db.models import Exists, OuterRef, Sum
from django.utils import timezone

from plakats.accounts.models import User
from plakats.core.demo import DEMO_PASSWORD, DEMO_USERS, fingerprint, flush_demo
from plakats.core.demo.places import load_shapes
from plakats.core.demo.stories import Player, Step
from plakats.core.tests import factory
from plakats.distribution.choices import Delivery, Display, Evidence, Source
from plakats.distribution.models import Campaign, Dispatch, Placement, PlacementEvent, Target
from plakats.materials.models import Edition, StockLocation, StockMovement
from plakats.venues.models import Agreement, Network, Partner, Venue

SEED = 7


def _load(**options) -> str:
    out = io.StringIO()
    call_command("load_demo", seed=SEED, stdout=out, stderr=io.StringIO(), **options)
    return out.getvalue()


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        _load(if_empty=True)
        yield
        transaction.set_rollback(True)


pytestmark = pytest.mark.django_db


def test_it_creates_the_documented_counts(demo):
    kinds = {
        kind: Venue.objects.filter(kind=kind).count()
        for kind in (
            "employment_agency",
            "school",
            "youth_centre",
            "hostel",
            "social_page",
            "website",
        )
    }
    assert kinds == {
        "employment_agency": 28,
        "school": 612,
        "youth_centre": 46,
        "hostel": 30,
        "social_page": 1,
        "website": 6,
    }
    assert Venue.objects.filter(kind="hostel", municipality__name="Rīga").count() == 15
    assert Partner.objects.filter(is_coalition_member=True).count() == 12
    assert Partner.objects.count() == 15  # 12 coalition + funder + printer + hostel association
    assert Network.objects.get(name__startswith="NVA").venues.count() == 28
    assert Network.objects.get(name__startswith="Hosteļu").venues.count() == 30
    assert Agreement.objects.filter(valid_from__year=2015, partner__kind="association").count() == 1
    assert Edition.objects.count() == 9
    assert StockLocation.objects.count() == 5
    assert Dispatch.objects.count() == 18
    targets = dict(Target.objects.values_list("name", "goal"))
    assert targets == {
        "All 28 NVA branches": 28,
        "600 schools": 600,
        "46 youth centres": 46,
        "Hostels displaying": 30,
    }


def test_it_gives_schools_register_ids(demo):
    ids = sorted(
        Venue.objects.filter(kind="school", external_source="demo-school-register").values_list(
            "external_id", flat=True
        )
    )
    assert ids == [f"{n:04d}" for n in range(1, 613)]


def test_it_marks_the_data_as_illustrative(demo):
    campaign = Campaign.objects.get()
    assert "(demo)" in campaign.name
    assert "Illustrative demo data" in campaign.description
    assert campaign.funder.name.endswith("(demo)")
    for model in (Partner, Network, Venue, StockLocation):
        assert not model.objects.exclude(name__contains="(demo)").exists(), model
    assert not Venue.objects.exclude(email="").exclude(email__endswith="@example.org").exists()
    assert not Venue.objects.exclude(phone="").exclude(phone__startswith="+371 20000").exists()
    assert set(Edition.objects.values_list("hotline_numbers", flat=True)) == {
        "+371 20000000",
        "+371 20001111",
    }


def test_it_puts_placements_in_every_status(demo):
    delivery = set(Placement.objects.values_list("delivery", flat=True))
    display = set(Placement.objects.values_list("display", flat=True))
    evidence = set(Placement.objects.values_list("evidence", flat=True))
    assert delivery == set(Delivery.values)
    assert display == set(Display.values)
    assert evidence == set(Evidence.values)


def test_it_records_an_event_for_every_status(demo):
    def unexplained(axis: str, initial: str) -> int:
        event = PlacementEvent.objects.filter(
            placement=OuterRef("pk"), axis=axis, new_value=OuterRef(axis)
        )
        return Placement.objects.exclude(**{axis: initial}).exclude(Exists(event)).count()

    assert unexplained("delivery", Delivery.PLANNED) == 0
    assert unexplained("display", Display.UNKNOWN) == 0
    assert unexplained("evidence", Evidence.NONE) == 0
    start = timezone.make_aware(datetime(2013, 7, 1))
    end = timezone.make_aware(datetime(2016, 1, 1))
    assert not PlacementEvent.objects.exclude(occurred_at__range=(start, end)).exists()


def test_it_never_leaves_stock_negative(demo):
    totals = StockMovement.objects.values("location", "edition").annotate(total=Sum("delta"))
    assert totals.exists()
    assert not totals.filter(total__lt=0).exists()


def test_it_places_physical_venues_inside_their_municipality(demo):
    shapes = load_shapes()
    venues = Venue.objects.exclude(kind__in=["website", "social_page"]).select_related(
        "municipality"
    )
    outside = [
        v.name
        for v in venues
        if v.latitude is None
        or not shapes[v.municipality.code].contains(float(v.longitude), float(v.latitude))
    ]
    assert venues.count() == 716
    assert outside == []


def test_it_builds_the_same_data_from_the_same_seed(demo):
    first = fingerprint()
    flush_demo()
    assert not Venue.objects.exists()
    assert not Placement.objects.exists()
    _load()
    assert fingerprint() == first


def test_it_does_nothing_with_if_empty_when_venues_exist(demo):
    before = (Venue.objects.count(), Placement.objects.count(), StockMovement.objects.count())
    _load(if_empty=True)
    after = (Venue.objects.count(), Placement.objects.count(), StockMovement.objects.count())
    assert after == before


def test_it_refuses_to_load_twice_without_flush(demo):
    with pytest.raises(CommandError, match="already loaded"):
        _load()
    assert Campaign.objects.count() == 1


def test_it_creates_one_demo_login_per_role(demo):
    out = io.StringIO()
    call_command("demo_logins", stdout=out)
    text = out.getvalue()
    assert DEMO_PASSWORD in text
    for username, *_rest in DEMO_USERS:
        assert username in text
    latgale = User.objects.get(username="latgale")
    assert list(latgale.regions.values_list("code", flat=True)) == ["latgale"]


def test_it_prints_only_a_hint_without_demo_users():
    User.objects.filter(username__in=[u[0] for u in DEMO_USERS]).delete()
    out = io.StringIO()
    call_command("demo_logins", stdout=out)
    assert "load_demo" in out.getvalue()
    assert DEMO_PASSWORD not in out.getvalue()


def test_it_plays_batched_steps_like_the_services(users):
    """The bulk path of the demo makes the same changes and events as change_status."""
    dispatch = factory.make_dispatch()
    edition = factory.make_edition()
    one, two = (
        factory.make_placement(dispatch=dispatch, edition=edition, campaign=dispatch.campaign)
        for _ in range(2)
    )
    day = datetime(2014, 3, 3, 10, 0)
    steps = [
        Step("delivery", Delivery.SENT, Source.STAFF, day),
        Step("delivery", Delivery.DELIVERED, Source.VENUE, day.replace(day=5)),
        Step("display", Display.DISPLAYED, Source.PHONE, day.replace(day=9), "on the board"),
        Step("evidence", Evidence.PHOTO, Source.VENUE, day.replace(day=10)),
        Step("display", Display.REMOVED, Source.VISIT, day.replace(day=20)),
    ]
    player = Player({"coordinator": users["coordinator"], "latgale": users["regional"]}, set())
    player.play(one, dispatch, steps)
    with player.batched():
        player.play(two, dispatch, steps)

    def record(placement):
        placement.refresh_from_db()
        events = placement.events.order_by("occurred_at", "id").values_list(
            "axis", "old_value", "new_value", "source", "actor", "occurred_at", "note"
        )
        fields = (placement.delivery, placement.display, placement.evidence, placement.evidence_at)
        return fields, list(events)

    assert record(one) == record(two)
    assert record(two)[0][:3] == (Delivery.DELIVERED, Display.REMOVED, Evidence.VISIT)
