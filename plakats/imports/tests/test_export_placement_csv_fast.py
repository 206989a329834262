"""The placement CSV's fast path writes the generic engine's file, byte for byte."""

from datetime import UTC, datetime

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import translation

from plakats.core.tests import factory
from plakats.distribution.models import Placement
from plakats.imports import placement_csv
from plakats.imports.export_lists import EXPORTS, export_rows
from plakats.imports.exports import csv_chunks, write_export

pytestmark = pytest.mark.django_db


@pytest.fixture
def placements():
    """Five placements: Latvian names, a venue without a municipality, a formula-like name,
    text that needs quoting, statuses of every axis, times around both Riga DST changes."""
    rezekne = factory.municipality("Rēzekne")
    school = factory.make_venue(name="Rēzeknes 1. vidusskola", municipality=rezekne)
    cafe = factory.make_venue(name='=Kafejnīca, "Ābele"', kind="cafe")
    site = factory.make_venue(name="Ģimenes portāls", kind="website")
    poster = factory.make_edition(version="2014-1")
    leaflet = factory.make_edition(language="ru", version="-2")
    dispatch = factory.make_dispatch(name="Latgale, septembris")
    made = [
        factory.make_placement(dispatch=dispatch, venue=school, edition=poster, quantity=3),
        factory.make_placement(
            dispatch=dispatch,
            venue=cafe,
            edition=leaflet,
            delivery="delivered",
            display="displayed",
            evidence="photo",
            evidence_at=datetime(2026, 10, 25, 0, 30, tzinfo=UTC),
            location_note="+ pie kases\nlogā",
        ),
        factory.make_placement(
            venue=site, edition=poster, delivery="refused", location_note="@web"
        ),
        factory.make_placement(
            venue=school,
            edition=leaflet,
            delivery="returned",
            display="removed",
            evidence="visit",
            evidence_at=datetime(2026, 10, 25, 1, 30, 59, 999999, tzinfo=UTC),
        ),
        factory.make_placement(dispatch=dispatch, venue=cafe, edition=poster, quantity=12),
    ]
    created = [
        datetime(2026, 3, 29, 0, 30, tzinfo=UTC),
        datetime(2026, 3, 29, 1, 30, tzinfo=UTC),
        datetime(2026, 10, 25, 0, 30, tzinfo=UTC),
        datetime(2026, 10, 25, 1, 30, tzinfo=UTC),
        datetime(2026, 12, 31, 22, 0, tzinfo=UTC),
    ]
    for placement, moment in zip(made, created, strict=True):
        Placement.objects.filter(pk=placement.pk).update(created_at=moment, updated_at=moment)
    return made


def _both(params: dict, delimiter: str = ",") -> tuple[bytes, bytes]:
    export = EXPORTS["placements"]
    rows = export_rows(export, params)
    # The fast path reads SQLite's stored text; elsewhere the generic engine writes it.
    assert rows.fast == (connection.vendor == "sqlite")
    fast = b"".join(csv_chunks(export.columns(), rows, delimiter=delimiter))
    generic = b"".join(
        csv_chunks(export.columns(), iter(export_rows(export, params)), delimiter=delimiter)
    )
    return fast, generic


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"sort": "venue"},
        {"sort": "-quantity"},
        {"sort": "evidence"},
        {"delivery": "planned", "sort": "code"},
        {"q": "Rēzeknes"},
    ],
)
def test_it_writes_the_generic_file(placements, params):
    fast, generic = _both(params)
    assert fast == generic


def test_it_writes_the_generic_file_in_latvian_with_semicolons(placements):
    with translation.override("lv"):
        fast, generic = _both({"sort": "-created"}, delimiter=";")
    assert fast == generic
    assert "piegādāts".encode() in fast


def test_it_converts_times_on_both_sides_of_the_dst_changes(placements):
    fast, _generic = _both({"sort": "created"})
    lines = fast.decode("utf-8-sig").split("\r\n")
    # Spring: 02:30 EET, then 04:30 EEST; autumn: 03:30 EEST, then 03:30 EET.
    assert lines[1].endswith("2026-03-29 02:30:00,2026-03-29 02:30:00")
    assert lines[2].endswith(
        ',2026-10-25 03:30:00,"\'+ pie kases\nlogā",2026-03-29 04:30:00,2026-03-29 04:30:00'
    )
    assert ",website,,," in lines[3]
    assert lines[3].endswith(",,'@web,2026-10-25 03:30:00,2026-10-25 03:30:00")
    assert lines[4].endswith(",2026-10-25 03:30:59,,2026-10-25 03:30:00,2026-10-25 03:30:00")
    assert lines[5].endswith("2027-01-01 00:00:00,2027-01-01 00:00:00")


def test_it_neutralises_and_quotes_like_the_generic_path(placements):
    fast, _generic = _both({"sort": "code"})
    text = fast.decode("utf-8")
    assert '"\'=Kafejnīca, ""Ābele"""' in text
    assert ",'-2," in text
    assert ",'@web," in text


def test_it_counts_the_rows_it_writes(placements, tmp_path):
    export = EXPORTS["placements"]
    count = write_export(tmp_path / "p.csv", export.columns(), export_rows(export, {}), "csv")
    assert count == 5


def test_the_export_view_takes_the_fast_path(client_for, placements, monkeypatch):
    calls = []
    original = placement_csv.placement_csv_chunks

    def spy(*args, **kwargs):
        calls.append(args)
        return original(*args, **kwargs)

    monkeypatch.setattr(placement_csv, "placement_csv_chunks", spy)
    response = client_for("viewer").get(
        reverse("imports:export", args=["placements", "csv"]) + "?sort=venue"
    )
    body = b"".join(response.streaming_content)
    assert len(calls) == (1 if connection.vendor == "sqlite" else 0)
    assert body.count(b"\r\n") == 6
