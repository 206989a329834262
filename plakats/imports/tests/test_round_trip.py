"""Round trip: venues exported as CSV and XLSX load into an empty register unchanged."""

from decimal import Decimal

import pytest
from django.core.management import call_command

from plakats.core.tests import factory
from plakats.venues.models import Venue

pytestmark = pytest.mark.django_db

FIELDS = [
    "name",
    "kind",
    "municipality__name",
    "address",
    "postal_code",
    "latitude",
    "longitude",
    "url",
    "language",
    "contact_name",
    "email",
    "phone",
    "external_source",
    "external_id",
]


def _register():
    factory.make_venue(
        name="Ābeļu pamatskola",
        municipality=factory.municipality("Rēzekne"),
        address="Skolas iela 1, Rēzekne",
        postal_code="LV-4601",
        latitude=Decimal("56.510000"),
        longitude=Decimal("27.330000"),
        contact_name="Direktore",
        email="skola@example.org",
        phone="+371 20000001",
        external_source="demo-register",
        external_id="0004123",
    )
    factory.make_venue(
        name="ĶEKAVAS JAUNIEŠU CENTRS",
        kind="youth_centre",
        municipality=factory.municipality("Ķekavas novads"),
        address="Gaismas iela 5",
        language="ru",
        external_source="demo-register",
        external_id="0000077",
    )
    factory.make_venue(
        name="Ludzas bibliotēka",
        kind="library",
        municipality=factory.municipality("Ludzas novads"),
        address="Baznīcas iela 42, Ludza",
        external_source="demo-register",
        external_id="0000901",
    )


def _rows():
    return sorted(Venue.objects.values_list(*FIELDS))


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_it_loads_its_own_export_into_an_empty_register(tmp_path, fmt):
    _register()
    before = _rows()
    path = tmp_path / f"venues.{fmt}"
    call_command("export", "venues", str(path), "--format", fmt)
    Venue.objects.all().delete()

    call_command("import_venues", str(path), "--map", "contact person=contact_name", verbosity=0)

    assert _rows() == before
    assert len(before) == 3
