"""Field visits: what a consultant saw, mapped onto the placement's axes, recorded once."""

import uuid
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from io import BytesIO

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from plakats.core.errors import DomainError
from plakats.core.permissions import Role
from plakats.core.tests import factory
from plakats.distribution import services
from plakats.distribution.choices import Axis, Delivery, Display, Evidence, Sighting, Source
from plakats.distribution.models import FieldVisit, Photo, Placement, PlacementEvent

pytestmark = pytest.mark.django_db

VISITED = datetime(2015, 5, 4, 9, 30, tzinfo=UTC)


def _placement(municipality: str = "Rēzekne", delivery: str = "", display: str = "", **kwargs):
    """A placement moved by staff (no evidence) to the given delivery and display."""
    venue = kwargs.pop("venue", None) or factory.make_venue(
        municipality=factory.municipality(municipality)
    )
    placement = factory.make_placement(venue=venue, **kwargs)
    steps = {
        "": [],
        Delivery.SENT: [(Axis.DELIVERY, Delivery.SENT)],
        Delivery.DELIVERED: [(Axis.DELIVERY, Delivery.DELIVERED)],
    }[delivery]
    if display:
        steps.append((Axis.DISPLAY, display))
    for axis, value in steps:
        services.change_status(placement, axis, value, source=Source.STAFF)
    return placement


def _visit(placement, sighting, user, client_id=None, **kwargs):
    kwargs.setdefault("visited_at", VISITED)
    kwargs.setdefault("note", "")
    return services.record_visit(
        placement, sighting, user=user, client_id=client_id or uuid.uuid4(), **kwargs
    )


def _visit_events(placement) -> list[tuple[str, str, str, str]]:
    events = PlacementEvent.objects.filter(placement=placement, source=Source.VISIT)
    return [(e.axis, e.old_value, e.new_value, e.note) for e in events.order_by("pk")]


# The mapping, worked out by hand from the issue: delivery first when a displayed poster
# was only planned or sent; a move the rules refuse becomes evidence only.
D, P, E = Axis.DELIVERY, Axis.DISPLAY, Axis.EVIDENCE
SEEN_DISPLAYED = "Seen on a visit: seen displayed"
MAPPING = [
    (
        "delivered",
        "",
        Sighting.DISPLAYED,
        ("delivered", "displayed"),
        [(P, "unknown", "displayed", ""), (E, "none", "visit", "")],
    ),
    (
        "sent",
        "",
        Sighting.DISPLAYED,
        ("delivered", "displayed"),
        [
            (D, "sent", "delivered", ""),
            (E, "none", "visit", ""),
            (P, "unknown", "displayed", ""),
            (E, "visit", "visit", ""),
        ],
    ),
    (
        "",
        "",
        Sighting.DISPLAYED,
        ("delivered", "displayed"),
        [
            (D, "planned", "delivered", ""),
            (E, "none", "visit", ""),
            (P, "unknown", "displayed", ""),
            (E, "visit", "visit", ""),
        ],
    ),
    (
        "delivered",
        "",
        Sighting.NOT_DISPLAYED,
        ("delivered", "not_displayed"),
        [(P, "unknown", "not_displayed", ""), (E, "none", "visit", "")],
    ),
    (
        "delivered",
        "displayed",
        Sighting.REMOVED,
        ("delivered", "removed"),
        [(P, "displayed", "removed", ""), (E, "none", "visit", "")],
    ),
    (
        "delivered",
        "displayed",
        Sighting.DAMAGED,
        ("delivered", "damaged"),
        [(P, "displayed", "damaged", ""), (E, "none", "visit", "")],
    ),
    (
        "delivered",
        "displayed",
        Sighting.REPLACED,
        ("delivered", "removed"),
        [
            (P, "displayed", "removed", "replaced by another poster"),
            (E, "none", "visit", "replaced by another poster"),
        ],
    ),
    (
        "delivered",
        "displayed",
        Sighting.DISPLAYED,
        ("delivered", "displayed"),
        [(E, "none", "visit", SEEN_DISPLAYED)],
    ),
    (
        "sent",
        "",
        Sighting.NOT_DISPLAYED,
        ("sent", "unknown"),
        [(E, "none", "visit", "Seen on a visit: not displayed")],
    ),
]


@pytest.mark.parametrize(
    ("delivery", "display", "sighting", "axes", "events"),
    MAPPING,
    ids=[f"{m[0] or 'planned'}-{m[1] or 'unknown'}-{m[2]}" for m in MAPPING],
)
def test_it_maps_each_sighting_onto_the_axes(users, delivery, display, sighting, axes, events):
    placement = _placement(delivery=delivery, display=display)
    visit = _visit(placement, sighting, users["regional"])

    placement.refresh_from_db()
    assert (placement.delivery, placement.display) == axes
    assert (placement.evidence, placement.evidence_at) == (Evidence.VISIT, VISITED)
    assert _visit_events(placement) == events
    assert set(
        PlacementEvent.objects.filter(source=Source.VISIT).values_list("actor", "occurred_at")
    ) == {(users["regional"].pk, VISITED)}
    assert (visit.sighting, visit.visited_by, visit.visited_at) == (
        sighting,
        users["regional"],
        VISITED,
    )


def test_it_keeps_the_consultants_note_on_the_visit_and_its_events(users):
    placement = _placement(delivery=Delivery.DELIVERED, display=Display.DISPLAYED)
    visit = _visit(placement, Sighting.REPLACED, users["regional"], note="  new poster by NVA ")
    assert visit.note == "new poster by NVA"
    assert {e[3] for e in _visit_events(placement)} == {
        "replaced by another poster; new poster by NVA"
    }


def test_it_records_a_visit_once_per_client_id(users):
    placement = _placement(delivery=Delivery.DELIVERED)
    client_id = uuid.uuid4()
    first = _visit(placement, Sighting.DISPLAYED, users["regional"], client_id)
    again = _visit(placement, Sighting.DISPLAYED, users["regional"], client_id)

    assert (first.is_repeat, again.is_repeat, again.pk) == (False, True, first.pk)
    assert FieldVisit.objects.count() == 1
    # One display event and one evidence event, not two of each.
    assert len(_visit_events(placement)) == 2


def test_it_returns_the_stored_visit_when_two_copies_arrive_at_once(users, monkeypatch):
    placement = _placement(delivery=Delivery.DELIVERED)
    client_id = uuid.uuid4()
    stored = _visit(placement, Sighting.DISPLAYED, users["regional"], client_id)
    # The second copy's look-up ran before the first copy was committed: it sees nothing,
    # and its insert then meets the unique id.
    real_filter, calls = FieldVisit.objects.filter, []

    def filter_before_the_commit(*args, **kwargs):
        calls.append(kwargs)
        found = real_filter(*args, **kwargs)
        return found.none() if len(calls) == 1 else found

    monkeypatch.setattr(FieldVisit.objects, "filter", filter_before_the_commit)
    again = _visit(placement, Sighting.DISPLAYED, users["regional"], client_id)

    assert (again.pk, again.is_repeat, len(calls)) == (stored.pk, True, 2)
    assert FieldVisit.objects.count() == 1
    assert len(_visit_events(placement)) == 2


def test_it_refuses_to_reuse_a_client_id_for_another_placement(users):
    client_id = uuid.uuid4()
    _visit(
        _placement(delivery=Delivery.DELIVERED), Sighting.DISPLAYED, users["regional"], client_id
    )
    other = _placement(delivery=Delivery.DELIVERED)
    with pytest.raises(DomainError):
        _visit(other, Sighting.DISPLAYED, users["regional"], client_id)
    assert _visit_events(other) == []


def test_it_refuses_a_regional_user_outside_its_regions(users):
    placement = _placement("Liepāja", delivery=Delivery.DELIVERED)
    with pytest.raises(PermissionDenied):
        _visit(placement, Sighting.DISPLAYED, users["regional"])
    placement.refresh_from_db()
    assert (placement.display, placement.evidence) == (Display.UNKNOWN, Evidence.NONE)
    assert (FieldVisit.objects.count(), _visit_events(placement)) == (0, [])


def test_it_refuses_a_viewer(users, client_for):
    placement = _placement(delivery=Delivery.DELIVERED)
    with pytest.raises(PermissionDenied):
        _visit(placement, Sighting.DISPLAYED, users["viewer"])
    client = client_for("viewer")
    url = reverse("distribution:visit_record", args=[placement.pk])
    data = {"sighting": "displayed", "client_id": str(uuid.uuid4())}
    assert client.post(url, data).status_code == 403
    assert client.post(url, data, HTTP_ACCEPT="application/json").status_code == 403
    assert client.get(reverse("distribution:visit_start")).status_code == 403
    assert (
        client.get(reverse("distribution:visit_venue", args=[placement.venue_id])).status_code
        == 403
    )
    assert FieldVisit.objects.count() == 0


def test_it_lets_a_coordinator_record_anywhere(users):
    placement = _placement("Liepāja", delivery=Delivery.DELIVERED)
    _visit(placement, Sighting.NOT_DISPLAYED, users["coordinator"])
    placement.refresh_from_db()
    assert placement.display == Display.NOT_DISPLAYED


def test_it_takes_a_time_in_the_future_as_now(users):
    placement = _placement(delivery=Delivery.DELIVERED)
    before = timezone.now()
    visit = _visit(
        placement, Sighting.DISPLAYED, users["regional"], visited_at=before + timedelta(days=3)
    )
    assert before <= visit.visited_at <= timezone.now()


# The pages -----------------------------------------------------------------------------


def _post_json(client, placement, **data):
    data.setdefault("sighting", "displayed")
    data.setdefault("client_id", str(uuid.uuid4()))
    url = reverse("distribution:visit_record", args=[placement.pk])
    return client.post(url, data, HTTP_ACCEPT="application/json")


def test_it_answers_already_recorded_on_a_repeat(client_for):
    placement = _placement(delivery=Delivery.DELIVERED)
    client = client_for("regional")
    client_id = str(uuid.uuid4())
    first = _post_json(
        client, placement, client_id=client_id, visited_at="2015-05-04T09:30:00.000Z"
    )
    again = _post_json(
        client, placement, client_id=client_id, visited_at="2015-05-04T09:30:00.000Z"
    )

    visit = FieldVisit.objects.get()
    assert (first.status_code, first.json()["status"], first.json()["id"]) == (
        200,
        "recorded",
        visit.pk,
    )
    assert (again.status_code, again.json()["status"], again.json()["id"]) == (
        200,
        "already recorded",
        visit.pk,
    )
    assert visit.visited_at == VISITED
    assert len(_visit_events(placement)) == 2


def test_it_answers_json_with_the_reason_when_it_refuses(client_for):
    placement = _placement(delivery=Delivery.DELIVERED)
    outside = _placement("Liepāja", delivery=Delivery.DELIVERED)
    client = client_for("regional")

    missing = _post_json(client, placement, sighting="")
    bad_id = _post_json(client, placement, client_id="not-a-uuid")
    bad_time = _post_json(client, placement, visited_at="yesterday-ish")
    elsewhere = _post_json(client, outside)

    assert (missing.status_code, missing.json()["status"]) == (400, "refused")
    assert list(missing.json()["errors"]) == ["sighting"]
    assert (bad_id.status_code, list(bad_id.json()["errors"])) == (400, ["client_id"])
    assert (bad_time.status_code, list(bad_time.json()["errors"])) == (400, ["visited_at"])
    assert (elsewhere.status_code, elsewhere.json()["message"]) == (
        403,
        "This venue is outside your regions.",
    )
    assert FieldVisit.objects.count() == 0


def test_it_records_a_plain_form_post_and_redirects_with_a_message(client_for):
    placement = _placement(delivery=Delivery.DELIVERED)
    client = client_for("regional")
    url = reverse("distribution:visit_record", args=[placement.pk])
    response = client.post(
        url, {"sighting": "damaged", "client_id": str(uuid.uuid4()), "note": "torn"}, follow=True
    )
    assert response.redirect_chain == [
        (reverse("distribution:visit_venue", args=[placement.venue_id]), 302)
    ]
    assert f"Visit to {placement.code} recorded." in response.content.decode()
    visit = FieldVisit.objects.get()
    assert (visit.sighting, visit.note) == ("damaged", "torn")
    # A refused transition is still a recorded visit (unknown → damaged is not a move).
    placement.refresh_from_db()
    assert (placement.display, placement.evidence) == (Display.UNKNOWN, Evidence.VISIT)


def test_it_shows_the_form_again_with_an_error_on_a_bad_plain_post(client_for):
    placement = _placement(delivery=Delivery.DELIVERED)
    client = client_for("regional")
    url = reverse("distribution:visit_record", args=[placement.pk])
    response = client.post(url, {"client_id": str(uuid.uuid4()), "note": "kept"})
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    assert "kept</textarea>" in response.content.decode()
    assert FieldVisit.objects.count() == 0


def test_it_stores_a_cleaned_photo_with_the_visit(users, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    placement = _placement(delivery=Delivery.DELIVERED)
    buffer = BytesIO()
    Image.new("RGB", (40, 30), (200, 10, 10)).save(buffer, "JPEG")
    upload = SimpleUploadedFile("wall.jpg", buffer.getvalue(), content_type="image/jpeg")
    visit = _visit(
        placement, Sighting.DISPLAYED, users["regional"], photo_file=upload, detect=lambda g: []
    )
    photo = Photo.objects.get()
    assert visit.photo == photo
    assert (photo.placement, photo.source, photo.uploaded_by) == (
        placement,
        Source.VISIT,
        users["regional"],
    )
    assert (photo.width, photo.height, photo.faces_blurred) == (40, 30, 0)
    assert (tmp_path / photo.image.name).exists()


def test_it_records_nothing_when_the_photo_is_refused(users, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    placement = _placement(delivery=Delivery.DELIVERED)
    upload = SimpleUploadedFile("wall.jpg", b"not a picture", content_type="image/jpeg")
    with pytest.raises(DomainError) as refused:
        _visit(placement, Sighting.DISPLAYED, users["regional"], photo_file=upload)
    assert refused.value.field == "photo"
    assert (FieldVisit.objects.count(), Photo.objects.count(), _visit_events(placement)) == (
        0,
        0,
        [],
    )


def _venue(name: str, municipality: str, lat: str | None, lon: str | None, **placement):
    venue = factory.make_venue(
        name=name,
        municipality=factory.municipality(municipality),
        latitude=Decimal(lat) if lat else None,
        longitude=Decimal(lon) if lon else None,
    )
    _placement(venue=venue, **placement)
    return venue


def _names(response) -> list[str]:
    return [venue.name for venue in response.context["object_list"]]


def test_it_lists_only_venues_in_the_users_regions_with_current_placements(client_for):
    _venue("Rēzeknes 1. vidusskola", "Rēzekne", None, None, delivery=Delivery.SENT)
    _venue("Ludzas bibliotēka", "Ludzas novads", None, None)
    _venue("Liepājas hostelis", "Liepāja", None, None, delivery=Delivery.DELIVERED)
    gone = _venue("Rēzeknes NVA", "Rēzekne", None, None, delivery=Delivery.DELIVERED)
    Placement.objects.filter(venue=gone).update(display=Display.REMOVED)
    returned = _venue("Daugavpils skola", "Daugavpils", None, None, delivery=Delivery.SENT)
    services.change_status(returned.placements.get(), Axis.DELIVERY, Delivery.RETURNED)
    url = reverse("distribution:visit_start")

    assert _names(client_for("regional").get(url)) == [
        "Ludzas bibliotēka",
        "Rēzeknes 1. vidusskola",
    ]
    assert _names(client_for("coordinator").get(url)) == [
        "Liepājas hostelis",
        "Ludzas bibliotēka",
        "Rēzeknes 1. vidusskola",
    ]
    refused = client_for("regional").get(
        reverse("distribution:visit_venue", args=[factory.make_venue().pk])
    )
    assert refused.status_code == 403


def test_it_finds_a_venue_by_name_or_placement_code(client_for):
    _venue("Rēzeknes 1. vidusskola", "Rēzekne", None, None)
    ludza = _venue("Ludzas bibliotēka", "Ludzas novads", None, None)
    code = ludza.placements.get().code
    client = client_for("regional")
    url = reverse("distribution:visit_start")
    assert _names(client.get(url, {"q": "vidusskola"})) == ["Rēzeknes 1. vidusskola"]
    assert _names(client.get(url, {"q": code.lower()})) == ["Ludzas bibliotēka"]


def test_it_orders_venues_nearest_first(client_for):
    # Centre points; from (56.5100, 27.3300) in Rēzekne, with cos(56.51°) ≈ 0.5518:
    #   Rēzekne    Δlat -0.0003, Δlon  0.0103 × 0.5518 =  0.0057 → 0.0057° ≈  0.6 km
    #   Ludza      Δlat  0.0360, Δlon  0.3890 × 0.5518 =  0.2147 → 0.2177° ≈ 24.2 km
    #   Daugavpils Δlat -0.6353, Δlon -0.7938 × 0.5518 = -0.4380 → 0.7717° ≈ 85.9 km
    # Rīga is 3.2° of longitude away, outside the 100 km box (±1.63° of longitude).
    _venue("Daugavpils skola", "Daugavpils", "55.874700", "26.536200")
    _venue("Ludzas bibliotēka", "Ludzas novads", "56.546000", "27.719000")
    _venue("Rēzeknes skola", "Rēzekne", "56.509700", "27.340300")
    _venue("Rēzeknes bez koordinātām", "Rēzekne", None, None)
    _venue("Rīgas skola", "Rīga", "56.949600", "24.105200")
    url = reverse("distribution:visit_start")
    near = {"lat": "56.5100", "lon": "27.3300"}

    response = client_for("coordinator").get(url, near)
    assert _names(response) == ["Rēzeknes skola", "Ludzas bibliotēka", "Daugavpils skola"]
    assert [round(v.distance_km, 1) for v in response.context["object_list"]] == [
        0.6,
        24.2,
        85.9,
    ]
    assert "24.2 km away" in response.content.decode()
    assert _names(client_for("regional").get(url, {**near, "q": "Rēzeknes"})) == ["Rēzeknes skola"]


def test_it_says_so_when_the_location_cannot_be_read(client_for):
    _venue("Rēzeknes skola", "Rēzekne", None, None)
    response = client_for("regional").get(
        reverse("distribution:visit_start"), {"lat": "north", "lon": "27"}, follow=True
    )
    assert _names(response) == ["Rēzeknes skola"]
    assert [str(m) for m in response.context["messages"]] == [
        "The phone's location could not be read."
    ]


def test_it_shows_a_venues_current_placements_each_with_a_form(client_for):
    venue = _venue("Rēzeknes skola", "Rēzekne", None, None, delivery=Delivery.DELIVERED)
    first = venue.placements.get()
    second = _placement(venue=venue, delivery=Delivery.SENT)
    removed = _placement(venue=venue, delivery=Delivery.DELIVERED, display=Display.DISPLAYED)
    services.change_status(removed, Axis.DISPLAY, Display.REMOVED)
    response = client_for("regional").get(reverse("distribution:visit_venue", args=[venue.pk]))
    html = response.content.decode()
    rows = response.context["rows"]
    assert {placement.pk for placement, _form in rows} == {first.pk, second.pk}
    assert html.count('class="visit-form"') == 2
    assert removed.code not in html
    assert len({form.initial["client_id"] for _placement, form in rows}) == 2
    assert "Waiting to be sent:" in html
    assert "js/visits.js" in html
    assert "<script>" not in html


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_it_runs_a_fixed_number_of_queries_whatever_the_rows(client_for):
    venue = _venue("Rēzeknes skola", "Rēzekne", "56.509700", "27.340300")
    municipalities = ["Rēzekne", "Ludzas novads", "Daugavpils"]

    def grow(rows: int) -> None:
        for i in range(rows):
            _venue(f"Skola {i}", municipalities[i % 3], "56.500000", "27.300000")
            placement = _placement(venue=venue, delivery=Delivery.DELIVERED)
            _visit(placement, Sighting.DISPLAYED, factory.make_user(Role.COORDINATOR))

    client = client_for("regional")
    pages = [
        reverse("distribution:visit_start"),
        reverse("distribution:visit_start") + "?lat=56.51&lon=27.33",
        reverse("distribution:visit_venue", args=[venue.pk]),
    ]
    grow(2)
    small = [_queries(client, url) for url in pages]
    grow(27)
    assert [_queries(client, url) for url in pages] == small
