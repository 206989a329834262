"""A large venue import writes in name order, with a larger SQLite cache and no GC pauses."""

import gc

import pytest
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from plakats.imports import bulk
from plakats.venues.models import Venue

from .import_files import SCHOOLS_HEADER, csv_bytes, import_file

pytestmark = pytest.mark.django_db

ROWS = [
    ["0000001", "Žagaru pamatskola", "Skolas iela 1, Ķekava", "Ķekavas novads", ""],
    ["0000002", "Apes vidusskola", "Skolas iela 2, Ape", "Smiltenes novads", ""],
    ["0000003", "Cēsu 1. pamatskola", "Skolas iela 3, Cēsis", "Cēsu novads", ""],
]


def test_it_returns_the_new_venues_in_the_order_of_the_file():
    _plan, result = import_file(csv_bytes([SCHOOLS_HEADER, *ROWS]))
    names = [Venue.objects.get(pk=pk).name for pk in result.ids]
    assert names == ["Žagaru pamatskola", "Apes vidusskola", "Cēsu 1. pamatskola"]
    # Inserted in name order (plain text order: "A" < "C" < "Ž").
    assert sorted(result.ids) == [result.ids[1], result.ids[2], result.ids[0]]
    created = Venue.history.filter(history_type="+")
    assert sorted(created.values_list("id", "name")) == sorted(zip(result.ids, names, strict=True))


def _cache_size() -> int:
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        return cursor.fetchone()[0]


def test_it_gives_sqlite_a_page_cache_for_a_large_write_and_then_the_old_one():
    if connection.vendor != "sqlite":
        with bulk.page_cache(Venue, 100_000):  # other databases: nothing to change
            assert Venue.objects.count() == 0
        return
    before = _cache_size()
    with bulk.page_cache(Venue, 100_000):
        assert _cache_size() == -100_000  # KiB: 1 KiB per row
    assert _cache_size() == before
    with bulk.page_cache(Venue, 10_000_000):
        assert _cache_size() == -262_144  # at most 256 MiB
    with bulk.page_cache(Venue, 10):  # the default cache is larger: kept
        assert _cache_size() == before
    assert _cache_size() == before


def test_it_pauses_the_cycle_collector_only_while_the_block_runs():
    assert gc.isenabled()
    with bulk.gc_paused():
        assert not gc.isenabled()
        with bulk.gc_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(ValueError), bulk.gc_paused():
        raise ValueError
    assert gc.isenabled()


def test_it_reports_a_clash_with_the_register_as_djangos_integrity_error():
    now = timezone.now()
    stamps = {"created_at": now, "updated_at": now}
    venue = {"name": "Apes vidusskola", "kind": "school", "address": "Skolas iela 2, Ape"}
    venue["external_source"] = "VIIS"
    bulk.insert_rows(Venue, [{**venue, "external_id": "0000001"}], constants=stamps)
    with pytest.raises(IntegrityError), transaction.atomic():
        bulk.insert_rows(Venue, [{**venue, "external_id": "0000001"}], constants=stamps)
    assert Venue.objects.count() == 1
