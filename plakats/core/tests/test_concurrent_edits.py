"""Two users edit the same venue or placement: the second save is refused and says what changed."""

import re

import pytest
from django.test import Client

from plakats.core.tests import factory
from plakats.distribution.models import Placement
from plakats.venues.models import Venue

pytestmark = pytest.mark.django_db


def _loaded_state(response) -> str:
    match = re.search(r'name="loaded_state" value="([^"]+)"', response.content.decode())
    assert match, "the edit form carries the snapshot it was opened with"
    return match.group(1)


def _venue_form(venue: Venue, **changes) -> dict:
    data = {
        "name": venue.name,
        "kind": venue.kind,
        "municipality": venue.municipality_id,
        "address": venue.address,
        "language": venue.language,
        "phone": venue.phone,
        "contact_name": venue.contact_name,
        "is_active": "on",
    }
    data.update(changes)
    return data


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_it_refuses_the_second_save_of_a_venue_and_shows_what_changed(users):
    venue = factory.make_venue(name="Skola (demo)", phone="+371 20000001")
    url = f"/venues/{venue.pk}/edit/"
    carol, alice = _client(users["coordinator"]), _client(users["admin"])
    carol_state = _loaded_state(carol.get(url))
    alice_state = _loaded_state(alice.get(url))

    first = carol.post(url, _venue_form(venue, phone="+371 20000002", loaded_state=carol_state))
    assert first.status_code == 302

    second = alice.post(
        url, _venue_form(venue, contact_name="J. Bērziņa", loaded_state=alice_state)
    )
    assert second.status_code == 200
    page = second.content.decode()
    assert "saved this while you were editing it" in page
    assert "“+371 20000001” → “+371 20000002”" in page
    assert "carol" in page
    venue.refresh_from_db()
    assert (venue.phone, venue.contact_name) == ("+371 20000002", "")

    # The refused form now carries the current state: saving again is a deliberate overwrite.
    again = alice.post(
        url,
        _venue_form(
            venue,
            phone="+371 20000002",
            contact_name="J. Bērziņa",
            loaded_state=_loaded_state(second),
        ),
    )
    assert again.status_code == 302
    venue.refresh_from_db()
    assert (venue.phone, venue.contact_name) == ("+371 20000002", "J. Bērziņa")


def test_it_lets_a_save_through_when_nobody_else_changed_the_venue(users):
    venue = factory.make_venue(name="Skola (demo)")
    url = f"/venues/{venue.pk}/edit/"
    carol = _client(users["coordinator"])
    state = _loaded_state(carol.get(url))
    assert (
        carol.post(
            url, _venue_form(venue, name="Vidusskola (demo)", loaded_state=state)
        ).status_code
        == 302
    )
    venue.refresh_from_db()
    assert venue.name == "Vidusskola (demo)"


def test_it_refuses_a_tampered_snapshot_and_changes_nothing(users):
    venue = factory.make_venue(name="Skola (demo)")
    url = f"/venues/{venue.pk}/edit/"
    response = _client(users["coordinator"]).post(
        url, _venue_form(venue, name="Changed", loaded_state="not-a-signed-value")
    )
    assert response.status_code == 200
    assert "This page is out of date" in response.content.decode()
    venue.refresh_from_db()
    assert venue.name == "Skola (demo)"


def test_it_refuses_the_second_save_of_a_placement(users):
    placement = factory.make_placement(quantity=2)
    url = f"/distribution/placements/{placement.pk}/edit/"
    carol, alice = _client(users["coordinator"]), _client(users["admin"])
    carol_state = _loaded_state(carol.get(url))
    alice_state = _loaded_state(alice.get(url))
    form = {"edition": placement.edition_id, "quantity": 2, "location_note": ""}

    assert carol.post(url, {**form, "quantity": 3, "loaded_state": carol_state}).status_code == 302
    second = alice.post(url, {**form, "location_note": "hall", "loaded_state": alice_state})

    assert second.status_code == 200
    assert "“2” → “3”" in second.content.decode()
    placement.refresh_from_db()
    assert (placement.quantity, placement.location_note) == (3, "")


def test_it_ignores_changes_to_fields_the_form_does_not_edit(users):
    placement = factory.make_placement(quantity=2)
    url = f"/distribution/placements/{placement.pk}/edit/"
    carol = _client(users["coordinator"])
    state = _loaded_state(carol.get(url))
    Placement.objects.filter(pk=placement.pk).update(evidence_at="2026-11-01T10:00:00Z")

    response = carol.post(
        url,
        {
            "edition": placement.edition_id,
            "quantity": 2,
            "location_note": "hall",
            "loaded_state": state,
        },
    )

    assert response.status_code == 302
    placement.refresh_from_db()
    assert placement.location_note == "hall"
