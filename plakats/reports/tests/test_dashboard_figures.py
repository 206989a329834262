"""The dashboard's figures on the hand-made campaign of ``dataset``, nationally and in Latgale."""

import pytest

from plakats.reports import queries
from plakats.reports.queries import Scope

from . import dataset


@pytest.fixture
def data(db):
    return dataset.build()


def test_it_counts_each_target_by_its_own_definition(data):
    progress = {p.target.name: p for p in queries.progress(Scope(data["campaign"]))}
    # Schools with a delivered placement: S1, S3, S8 and the inactive S7 (L1 is a library).
    assert progress["Schools reached"].reached == 4
    assert progress["Schools reached"].percent == 40
    # Displayed with fresh evidence: only P3 (P4's evidence is two years old).
    assert progress["Placements displayed"].reached == 1
    # Items sent or further: P1, P2, P3, P4, P6, P7 one each, P9 five.
    assert progress["Items sent"].reached == 11


def test_it_narrows_target_progress_to_the_region(data):
    scope = Scope(data["campaign"], region=data["latgale"])
    progress = {p.target.name: p.reached for p in queries.progress(scope)}
    assert progress == {"Schools reached": 2, "Placements displayed": 1, "Items sent": 9}


def test_it_counts_displayed_without_fresh_evidence_when_asked_to(data):
    scope = Scope(data["campaign"], verified=False)
    progress = {p.target.name: p.reached for p in queries.progress(scope)}
    assert progress["Placements displayed"] == 2
    assert "whatever the age" in scope.definition()
    assert "365 days" in Scope(data["campaign"]).definition()


def test_it_counts_placements_by_status(data):
    summary = queries.status_summary(Scope(data["campaign"]))
    assert summary["total"] == 8
    assert summary["delivery"]["delivered"] == 6
    assert summary["delivery"]["sent"] == 1
    assert summary["delivery"]["planned"] == 1
    assert summary["display"]["displayed"] == 2
    assert summary["display"]["unknown"] == 6
    assert summary["displayed_verified"] == 1


def test_it_works_out_the_confirmation_rate(data):
    national = queries.confirmation_rate(Scope(data["campaign"]))
    # Sent out: seven; P5 is planned but was answered, so it counts as asked too.
    assert (national.asked, national.confirmed, national.percent) == (8, 3, 38)
    latgale = queries.confirmation_rate(Scope(data["campaign"], region=data["latgale"]))
    # P1, P2, P3, P4, P9 asked; P3 and P4 answered.
    assert (latgale.asked, latgale.confirmed, latgale.percent) == (5, 2, 40)


def test_it_counts_reached_venues_by_region(data):
    rows = {
        r.label: (r.reached, r.total) for r in queries.reached_by_region(Scope(data["campaign"]))
    }
    assert rows[data["latgale"].name] == (3, 5)  # S1, S3, L1 of S1–S3, L1, S4
    kurzeme = next(name for name in rows if name.startswith("Kurzeme"))
    assert rows[kurzeme] == (0, 2)
    riga = next(name for name in rows if name.startswith("Rīga"))
    assert rows[riga] == (1, 1)  # S8; S7 is not in the register
    regional = queries.reached_by_region(Scope(data["campaign"], region=data["latgale"]))
    assert [(r.label, r.reached, r.total) for r in regional] == [(data["latgale"].name, 3, 5)]


def test_it_counts_reached_venues_by_kind(data):
    rows = {r.key: (r.reached, r.total) for r in queries.reached_by_kind(Scope(data["campaign"]))}
    assert rows == {"school": (3, 7), "library": (1, 1)}
    latgale = queries.reached_by_kind(Scope(data["campaign"], region=data["latgale"]))
    assert {r.key: (r.reached, r.total) for r in latgale} == {"school": (2, 4), "library": (1, 1)}


def test_it_lists_materials_and_dispatch_waves(data):
    [row] = queries.materials_distributed(Scope(data["campaign"]))
    assert (row.placements, row.quantity) == (7, 11)
    [wave] = queries.dispatch_waves(Scope(data["campaign"], region=data["latgale"]))
    assert (wave.name, wave.placements) == ("Wave one", 5)


def test_it_warns_about_low_stock(data, settings):
    from plakats.materials import services

    location = dataset.factory.make_location()
    services.receive_print_run(data["edition"], location, 60)
    settings.PLAKATS_STOCK_WARNING = 50
    [row] = queries.stock_on_hand()
    assert (row.on_hand, row.low) == (60, False)
    [row] = queries.stock_on_hand(threshold=61)
    assert row.low is True
