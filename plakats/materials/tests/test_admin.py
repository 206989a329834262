"""The admin: catalogue and locations editable with history; the stock ledger read-only."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from plakats.core.tests import factory
from plakats.materials import services
from plakats.materials.models import StockMovement

pytestmark = pytest.mark.django_db


@pytest.fixture
def movement():
    edition = factory.make_edition()
    location = factory.make_location(name="Riga office")
    return services.receive_print_run(edition, location, 100, note="first print")


def test_it_lists_the_ledger_for_a_coordinator(client_for, movement):
    response = client_for("coordinator").get(reverse("admin:materials_stockmovement_changelist"))

    assert response.status_code == 200
    assert "Riga office" in response.content.decode()
    assert reverse("admin:materials_stockmovement_add") not in response.content.decode()


def test_it_never_adds_changes_or_deletes_ledger_rows_in_the_admin(client_for, movement):
    client = client_for("admin")

    assert client.get(reverse("admin:materials_stockmovement_add")).status_code == 403
    response = client.post(
        reverse("admin:materials_stockmovement_change", args=[movement.pk]),
        {"delta": "999", "kind": "printed", "note": "edited"},
    )
    assert response.status_code == 403
    response = client.post(
        reverse("admin:materials_stockmovement_delete", args=[movement.pk]), {"post": "yes"}
    )
    assert response.status_code == 403
    movement.refresh_from_db()
    assert (movement.delta, movement.note) == (100, "first print")
    assert StockMovement.objects.count() == 1


def test_it_shows_a_ledger_row_read_only(client_for, movement):
    response = client_for("coordinator").get(
        reverse("admin:materials_stockmovement_change", args=[movement.pk])
    )

    assert response.status_code == 200
    assert 'name="_save"' not in response.content.decode()


@pytest.mark.parametrize(
    "name",
    [
        "admin:materials_material_change",
        "admin:materials_material_history",
        "admin:materials_edition_change",
        "admin:materials_stocklocation_change",
    ],
)
def test_it_opens_the_catalogue_in_the_admin(client_for, movement, name):
    objects = {
        "material": movement.edition.material,
        "edition": movement.edition,
        "stocklocation": movement.location,
    }
    obj = objects[name.split("_")[1]]

    response = client_for("coordinator").get(reverse(name, args=[obj.pk]))

    assert response.status_code == 200


def test_it_refuses_bad_artwork_in_the_admin(client_for, movement, media_root):
    edition = movement.edition
    response = client_for("admin").post(
        reverse("admin:materials_edition_change", args=[edition.pk]),
        {
            "material": edition.material.pk,
            "language": edition.language,
            "version": edition.version,
            "hotline_numbers": edition.hotline_numbers,
            "print_run": "0",
            "artwork": SimpleUploadedFile("poster.png", b"not a png"),
        },
    )

    assert response.status_code == 200
    assert "content is not PNG" in response.content.decode()
    edition.refresh_from_db()
    assert not edition.artwork
