"""A create sent twice with one Idempotency-Key creates one row and answers the same."""

import pytest

from plakats.api.models import IdempotencyKey
from plakats.core.tests import factory
from plakats.materials.models import StockMovement
from plakats.venues.models import Partner

BODY = {"name": "Coalition member (demo)", "kind": "association"}


@pytest.mark.django_db
def test_it_creates_once_for_one_key(api_for):
    api = api_for("coordinator")
    first = api.post("/api/v1/partners", BODY, headers={"Idempotency-Key": "k-1"})
    again = api.post("/api/v1/partners", BODY, headers={"Idempotency-Key": "k-1"})
    assert first.status_code == again.status_code == 201
    assert first.json() == again.json()
    assert Partner.objects.filter(name=BODY["name"]).count() == 1


@pytest.mark.django_db
def test_it_refuses_the_same_key_with_another_body(api_for):
    api = api_for("coordinator")
    api.post("/api/v1/partners", BODY, headers={"Idempotency-Key": "k-2"})
    other = api.post(
        "/api/v1/partners", {**BODY, "name": "Other (demo)"}, headers={"Idempotency-Key": "k-2"}
    )
    assert other.status_code == 422
    assert other.json()["code"] == "idempotency_key_reused"
    assert not Partner.objects.filter(name="Other (demo)").exists()


@pytest.mark.django_db
def test_it_keeps_keys_per_user(api_for):
    api_for("coordinator").post("/api/v1/partners", BODY, headers={"Idempotency-Key": "k-3"})
    second = api_for("admin").post(
        "/api/v1/partners", {**BODY, "name": "Admin's (demo)"}, headers={"Idempotency-Key": "k-3"}
    )
    assert second.status_code == 201
    assert Partner.objects.count() == 2


@pytest.mark.django_db
def test_it_does_not_remember_a_refusal(api_for):
    """A create refused (here: not enough stock) is not stored; a retry may succeed later."""
    api = api_for("coordinator")
    location, edition = factory.make_location(), factory.make_edition()
    write_off = {"kind": "write_off", "location": location.pk, "edition": edition.pk}
    body = {**write_off, "quantity": 5, "note": "Wet"}
    refused = api.post("/api/v1/stock/movements", body, headers={"Idempotency-Key": "k-4"})
    assert refused.status_code == 409
    assert refused.json()["code"] == "refused"
    assert not IdempotencyKey.objects.exists()
    receive = {"kind": "receive", "location": location.pk, "edition": edition.pk, "quantity": 5}
    api.post("/api/v1/stock/movements", receive)
    retried = api.post("/api/v1/stock/movements", body, headers={"Idempotency-Key": "k-4"})
    assert retried.status_code == 201
    api.post("/api/v1/stock/movements", body, headers={"Idempotency-Key": "k-4"})
    # One receipt of 5 and one write-off of 5: on hand 0, and the write-off only once.
    assert StockMovement.objects.filter(kind="written_off").count() == 1
    assert StockMovement.objects.on_hand() == 0
