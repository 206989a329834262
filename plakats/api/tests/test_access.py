"""Every API operation, called by every role, lets in and refuses exactly as the UI does.

The operations come from the generated schema, so a new one fails here until it
is declared in ``OPERATIONS`` with the level of its UI page (see ``ACCESS`` in
plakats/core/permissions.py). Refusals are JSON: 401 without credentials, 403
with ``{"code": "forbidden", ...}`` for a role that may not. Region-scoped writes
are tried by the regional consultant (Latgale) on a Latgale and a Kurzeme twin.
"""

from datetime import date

import pytest
from django.db import transaction

from plakats.api.api import api
from plakats.core.permissions import ACCESS_ROLES, Role
from plakats.core.tests import factory
from plakats.distribution.models import Confirmation
from plakats.geo.models import Municipality
from plakats.outreach.models import HotlineContact, OutreachEvent, Topic, WebCheck

ROLES = (None, "none", "viewer", "hotline", "regional", "coordinator", "admin")


def _municipality(region_start: str) -> Municipality:
    return Municipality.objects.filter(region=factory.region(region_start)).order_by("pk").first()


def _twin(region: str) -> dict:
    venue = factory.make_venue(municipality=_municipality(region))
    location = factory.make_location(region=factory.region(region))
    return {
        "venue": venue,
        "location": location,
        "placement": factory.make_placement(venue=venue),
        "municipality": venue.municipality,
    }


@pytest.fixture
def world(db):
    edition = factory.make_edition()
    campaign = factory.make_campaign()
    lat, kur = _twin("Latgal"), _twin("Kurzem")
    factory.make_placement(venue=lat["venue"], edition=edition, campaign=campaign)
    confirmation = Confirmation.objects.create(placement=lat["placement"], answer="displayed")
    return {
        "lat": lat,
        "kur": kur,
        "edition": edition,
        "material": edition.material,
        "campaign": campaign,
        "target": factory.make_target(campaign=campaign),
        "dispatch": factory.make_dispatch(campaign=campaign),
        "partner": factory.make_partner(),
        "confirmation": confirmation,
        "region": factory.region("Latgal"),
        "event": OutreachEvent.objects.create(
            date=date(2015, 3, 4), type="workshop", participants=20, venue=lat["venue"]
        ),
        "contact": HotlineContact.objects.create(channel="phone", outcome="information"),
        "web_check": WebCheck.objects.create(
            placement=lat["placement"], checked_at=lat["placement"].created_at, result="found"
        ),
    }


def _venue_body(w, side="lat"):
    return {"name": "New venue", "kind": "school", "municipality": w[side]["municipality"].pk}


def _movement_body(w, side="lat"):
    return {
        "kind": "receive",
        "location": w[side]["location"].pk,
        "edition": w["edition"].pk,
        "quantity": 10,
    }


# (method, path in the schema) → (level, how to fill the path, body, region-scoped).
# A region-scoped operation's path or body takes the "lat" or "kur" side.
OPERATIONS = {
    ("GET", "/regions"): ("read", None, None, False),
    ("GET", "/regions/{pk}"): ("read", lambda w, s: w["region"].pk, None, False),
    ("GET", "/municipalities"): ("read", None, None, False),
    ("GET", "/municipalities/{pk}"): ("read", lambda w, s: w[s]["municipality"].pk, None, False),
    ("GET", "/venues"): ("read", None, None, False),
    ("POST", "/venues"): ("write", None, _venue_body, False),
    ("GET", "/venues/{pk}"): ("read", lambda w, s: w[s]["venue"].pk, None, False),
    ("PATCH", "/venues/{pk}"): (
        "write",
        lambda w, s: w[s]["venue"].pk,
        lambda w, s: {"notes": "Seen open"},
        True,
    ),
    ("GET", "/partners"): ("read", None, None, False),
    ("POST", "/partners"): (
        "coordinate",
        None,
        lambda w, s: {"name": "New partner", "kind": "association"},
        False,
    ),
    ("GET", "/partners/{pk}"): ("read", lambda w, s: w["partner"].pk, None, False),
    ("PATCH", "/partners/{pk}"): (
        "coordinate",
        lambda w, s: w["partner"].pk,
        lambda w, s: {"phone": "+371 20000001"},
        False,
    ),
    ("GET", "/materials"): ("read", None, None, False),
    ("POST", "/materials"): (
        "coordinate",
        None,
        lambda w, s: {"name": "New leaflet", "kind": "leaflet"},
        False,
    ),
    ("GET", "/materials/{pk}"): ("read", lambda w, s: w["material"].pk, None, False),
    ("PATCH", "/materials/{pk}"): (
        "coordinate",
        lambda w, s: w["material"].pk,
        lambda w, s: {"size": "A3"},
        False,
    ),
    ("GET", "/editions"): ("read", None, None, False),
    ("POST", "/editions"): (
        "coordinate",
        None,
        lambda w, s: {"material": w["material"].pk, "language": "ru", "version": "2015-1"},
        False,
    ),
    ("GET", "/editions/{pk}"): ("read", lambda w, s: w["edition"].pk, None, False),
    ("PATCH", "/editions/{pk}"): (
        "coordinate",
        lambda w, s: w["edition"].pk,
        lambda w, s: {"print_run": 500},
        False,
    ),
    ("GET", "/stock/locations"): ("read", None, None, False),
    ("GET", "/stock/locations/{pk}"): ("read", lambda w, s: w[s]["location"].pk, None, False),
    ("GET", "/stock/on-hand"): ("read", None, None, False),
    ("GET", "/stock/movements"): ("read", None, None, False),
    ("POST", "/stock/movements"): ("write", None, _movement_body, True),
    ("GET", "/campaigns"): ("read", None, None, False),
    ("POST", "/campaigns"): (
        "coordinate",
        None,
        lambda w, s: {"name": "Autumn", "starts_on": "2015-09-01", "ends_on": "2015-11-30"},
        False,
    ),
    ("GET", "/campaigns/{pk}"): ("read", lambda w, s: w["campaign"].pk, None, False),
    ("PATCH", "/campaigns/{pk}"): (
        "coordinate",
        lambda w, s: w["campaign"].pk,
        lambda w, s: {"description": "Longer"},
        False,
    ),
    ("GET", "/targets"): ("read", None, None, False),
    ("POST", "/targets"): (
        "coordinate",
        None,
        lambda w, s: {"campaign": w["campaign"].pk, "name": "Schools", "goal": 5},
        False,
    ),
    ("GET", "/targets/{pk}"): ("read", lambda w, s: w["target"].pk, None, False),
    ("PATCH", "/targets/{pk}"): (
        "coordinate",
        lambda w, s: w["target"].pk,
        lambda w, s: {"goal": 20},
        False,
    ),
    ("DELETE", "/targets/{pk}"): ("coordinate", lambda w, s: w["target"].pk, None, False),
    ("GET", "/dispatches"): ("read", None, None, False),
    ("POST", "/dispatches"): (
        "coordinate",
        None,
        lambda w, s: {
            "campaign": w["campaign"].pk,
            "name": "Schools in Latgale",
            "channel": "post",
            "planned_on": str(date.today()),
            "edition": w["edition"].pk,
            "lines": [{"venue": w[s]["venue"].pk, "quantity": 2}],
        },
        False,
    ),
    ("GET", "/dispatches/{pk}"): ("read", lambda w, s: w["dispatch"].pk, None, False),
    ("GET", "/placements"): ("read", None, None, False),
    ("POST", "/placements"): (
        "write",
        None,
        lambda w, s: {
            "campaign": w["campaign"].pk,
            "venue": w[s]["venue"].pk,
            "edition": w["edition"].pk,
            "quantity": 1,
        },
        False,
    ),
    ("GET", "/placements/{pk}"): ("read", lambda w, s: w[s]["placement"].pk, None, False),
    ("PATCH", "/placements/{pk}"): (
        "write",
        lambda w, s: w[s]["placement"].pk,
        lambda w, s: {"location_note": "By the door"},
        True,
    ),
    ("POST", "/placements/{pk}/status"): (
        "write",
        lambda w, s: w[s]["placement"].pk,
        lambda w, s: {"axis": "delivery", "new": "sent"},
        True,
    ),
    ("POST", "/placements/bulk-status"): (
        "write",
        None,
        lambda w, s: {"placements": [w[s]["placement"].pk], "axis": "delivery", "new": "sent"},
        False,
    ),
    ("GET", "/confirmations"): ("read", None, None, False),
    ("GET", "/confirmations/{pk}"): ("read", lambda w, s: w["confirmation"].pk, None, False),
    ("GET", "/outreach-events"): ("read", None, None, False),
    ("GET", "/outreach-events/{pk}"): ("read", lambda w, s: w["event"].pk, None, False),
    ("POST", "/outreach-events"): (
        "write",
        None,
        lambda w, s: {
            "date": "2015-03-05",
            "type": "talk",
            "participants": 12,
            "venue": w[s]["venue"].pk,
        },
        False,
    ),
    ("GET", "/hotline-contacts"): ("hotline", None, None, False),
    ("GET", "/hotline-contacts/{pk}"): ("hotline", lambda w, s: w["contact"].pk, None, False),
    ("POST", "/hotline-contacts"): (
        "hotline",
        None,
        lambda w, s: {
            "channel": "phone",
            "outcome": "information",
            "topics": [Topic.objects.filter(is_active=True).first().pk],
        },
        False,
    ),
    ("GET", "/web-checks"): ("read", None, None, False),
    ("GET", "/web-checks/{pk}"): ("read", lambda w, s: w["web_check"].pk, None, False),
}


def _schema_operations() -> set[tuple[str, str]]:
    paths = api.get_openapi_schema()["paths"]
    return {
        (method.upper(), path.removeprefix("/api/v1"))
        for path, item in paths.items()
        for method in item
    }


def _call(client, op, world, side="lat"):
    method, path = op
    _level, pk, body, _scoped = OPERATIONS[op]
    url = "/api/v1" + (path.replace("{pk}", str(pk(world, side))) if pk else path)
    if method == "GET":
        return client.get(url)
    if method == "DELETE":
        return client.delete(url)
    send = client.post if method == "POST" else client.patch
    return send(url, body(world, side) if body else {})


def _allowed(level: str, role: str) -> bool:
    return role not in (None, "none") and Role(role) in ACCESS_ROLES[level]


def test_it_declares_every_operation_and_only_real_ones():
    assert _schema_operations() == set(OPERATIONS)


@pytest.mark.django_db
@pytest.mark.parametrize("op", sorted(OPERATIONS), ids=lambda op: f"{op[0]} {op[1]}")
def test_it_gives_each_role_what_the_ui_gives(api_for, users, world, op):
    level = OPERATIONS[op][0]
    for role in ROLES:
        with transaction.atomic():
            response = _call(api_for(role), op, world)
            where = f"{op} as {role or 'anonymous'} ({level}): {response.content[:300]!r}"
            if role is None:
                assert response.status_code == 401, where
                assert response.json()["code"] == "unauthenticated", where
            elif _allowed(level, role):
                assert response.status_code in (200, 201, 204), where
            else:
                assert response.status_code == 403, where
                assert response.json()["code"] == "forbidden", where
            transaction.set_rollback(True)


SCOPED = sorted(op for op, spec in OPERATIONS.items() if spec[3])


@pytest.mark.django_db
@pytest.mark.parametrize("op", SCOPED, ids=lambda op: f"{op[0]} {op[1]}")
def test_it_keeps_the_regional_consultant_in_its_regions(api_for, world, op):
    client = api_for("regional")
    with transaction.atomic():
        own = _call(client, op, world, "lat")
        assert own.status_code in (200, 201), own.content
        transaction.set_rollback(True)
    other = _call(client, op, world, "kur")
    assert other.status_code == 403, other.content
    assert other.json() == {
        "code": "forbidden",
        "message": "You do not have permission to do this.",
        "fields": {},
    }
