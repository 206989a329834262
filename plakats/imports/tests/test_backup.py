"""``manage.py backup`` / ``restore``: a consistent copy while the app writes, and back again.

These tests use real transactions: the backup reads the database file through
its own connection, so it must see committed rows.
"""

import hashlib
import shutil
import sqlite3
import threading
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, connections
from django.db.models import Sum

from plakats import geo
from plakats.core import collation
from plakats.core.tests import factory
from plakats.geo.loading import load_geography
from plakats.geo.models import Municipality
from plakats.materials import services as stock
from plakats.materials.models import StockMovement
from plakats.venues.models import Venue

sqlite_only = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="backup and restore are SQLite's; PostgreSQL uses pg_dump"
)

CHECKED_TABLES = ["venues_venue", "materials_stockmovement", "venues_historicalvenue"]


def _open(path) -> sqlite3.Connection:
    """Open a copy as any tool would, plus the lv collation its name indexes use."""
    db = sqlite3.connect(path)
    collation.install(db)
    return db


@pytest.fixture
def geography(transactional_db):
    """Latvia's geography: an earlier transactional test may have flushed the migrations' rows."""
    if not Municipality.objects.exists():
        load_geography(Path(geo.__file__).parent / "data" / "lv", "LV")


def _fingerprint(path: Path) -> dict[str, tuple[int, str]]:
    """Row count and a checksum of every row of a few tables, read straight from the file."""
    db = _open(path)
    try:
        result = {}
        for table in CHECKED_TABLES:
            rows = db.execute(f"SELECT * FROM {table} ORDER BY 1").fetchall()  # noqa: S608
            result[table] = (len(rows), hashlib.sha256(repr(rows).encode()).hexdigest())
        return result
    finally:
        db.close()


def _live() -> Path:
    return Path(connection.settings_dict["NAME"])


@sqlite_only
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("geography")
def test_it_copies_a_consistent_state_while_transfers_are_being_written(tmp_path):
    edition = factory.make_edition()
    office, region = factory.make_location(name="Riga office"), factory.make_location()
    stock.receive_print_run(edition, office, 1000)
    stop = threading.Event()
    transfers = []

    def write_transfers():
        # Each transfer is two rows in one transaction; half of one would change the total.
        try:
            while not stop.is_set():
                stock.transfer(edition, office, region, 1)
                stock.transfer(edition, region, office, 1)
                transfers.append(2)
        finally:
            connections.close_all()

    writer = threading.Thread(target=write_transfers)
    writer.start()
    copies = []
    try:
        while len(copies) < 5 or sum(transfers) < 10:
            path = tmp_path / f"copy{len(copies)}.sqlite3"
            call_command("backup", str(path))
            copies.append(path)
    finally:
        stop.set()
        writer.join(timeout=30)
    counts = set()
    for path in copies:
        db = _open(path)
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        total, rows = db.execute(
            "SELECT SUM(delta), COUNT(*) FROM materials_stockmovement"
        ).fetchone()
        unpaired = db.execute(
            "SELECT COUNT(*) FROM materials_stockmovement WHERE kind = 'transfer_out' "
            "AND counterpart_id IS NULL"
        ).fetchone()[0]
        db.close()
        assert (total, unpaired) == (1000, 0)
        assert rows % 2 == 1
        counts.add(rows)
    # The copies were taken while rows were being added, not all before or after.
    assert len(counts) > 1
    assert StockMovement.objects.aggregate(total=Sum("delta"))["total"] == 1000


@sqlite_only
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("geography")
def test_it_restores_exactly_what_was_backed_up(tmp_path, capsys):
    venue = factory.make_venue(name="Daugavpils Valsts ģimnāzija")
    edition, office = factory.make_edition(), factory.make_location()
    stock.receive_print_run(edition, office, 50)
    backup = tmp_path / "backup.sqlite3"
    call_command("backup", str(backup))
    saved = _fingerprint(backup)

    venue.name = "Renamed after the backup"
    venue.save()
    factory.make_venue(name="Added after the backup")
    stock.issue(edition, office, 20)
    assert _fingerprint(_live()) != saved

    call_command("restore", str(backup), "--yes", "--no-safety-copy")
    assert _fingerprint(_live()) == saved
    assert list(Venue.objects.values_list("name", flat=True)) == ["Daugavpils Valsts ģimnāzija"]
    assert StockMovement.objects.aggregate(total=Sum("delta"))["total"] == 50
    assert "integrity check ok" in capsys.readouterr().out


@sqlite_only
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("geography")
def test_it_keeps_a_copy_of_the_current_database_before_restoring(tmp_path):
    factory.make_venue(name="Before")
    backup = tmp_path / "backup.sqlite3"
    call_command("backup", str(backup))
    factory.make_venue(name="After")
    before = set(_live().parent.glob(f"{_live().stem}.before-restore-*"))
    try:
        call_command("restore", str(backup), "--yes")
        kept = set(_live().parent.glob(f"{_live().stem}.before-restore-*")) - before
        assert len(kept) == 1
        db = _open(next(iter(kept)))
        names = {row[0] for row in db.execute("SELECT name FROM venues_venue")}
        db.close()
        assert names == {"Before", "After"}
    finally:
        for path in set(_live().parent.glob(f"{_live().stem}.before-restore-*")) - before:
            path.unlink()


@sqlite_only
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("geography")
def test_it_asks_for_confirmation_before_restoring(tmp_path):
    factory.make_venue(name="Kept")
    backup = tmp_path / "backup.sqlite3"
    call_command("backup", str(backup))
    factory.make_venue(name="Also kept")
    with pytest.raises(CommandError, match="--yes"):
        call_command("restore", str(backup))
    assert Venue.objects.count() == 2


@sqlite_only
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("geography")
def test_it_refuses_a_backup_of_another_schema_version(tmp_path):
    backup = tmp_path / "backup.sqlite3"
    call_command("backup", str(backup))
    db = _open(backup)
    db.execute("DELETE FROM django_migrations WHERE app = 'distribution' AND name LIKE '0005%'")
    db.commit()
    db.close()
    factory.make_venue(name="Still here")
    with pytest.raises(CommandError, match=r"different version of Plakats \(1 migrations differ"):
        call_command("restore", str(backup), "--yes", "--no-safety-copy")
    assert Venue.objects.filter(name="Still here").exists()


@sqlite_only
@pytest.mark.django_db
def test_it_refuses_files_that_are_not_plakats_backups(tmp_path):
    text = tmp_path / "notes.sqlite3"
    text.write_text("not a database")
    with pytest.raises(CommandError, match="not an SQLite database"):
        call_command("restore", str(text), "--yes")
    other = tmp_path / "other.sqlite3"
    db = _open(other)
    db.execute("CREATE TABLE notes (id INTEGER)")
    db.commit()
    db.close()
    with pytest.raises(CommandError, match="not one of Plakats"):
        call_command("restore", str(other), "--yes")
    damaged = tmp_path / "damaged.sqlite3"
    shutil.copy(other, damaged)
    with open(damaged, "r+b") as handle:
        handle.seek(4096)
        handle.write(b"\xff" * 4096)
    with pytest.raises(CommandError, match=r"cannot be read as a database|is damaged"):
        call_command("restore", str(damaged), "--yes")
    with pytest.raises(CommandError, match="is not a file"):
        call_command("restore", str(tmp_path / "missing.sqlite3"), "--yes")


@sqlite_only
@pytest.mark.django_db
def test_it_does_not_overwrite_an_existing_file(tmp_path):
    path = tmp_path / "backup.sqlite3"
    path.write_text("an older backup")
    with pytest.raises(CommandError, match="exists already"):
        call_command("backup", str(path))
    assert path.read_text() == "an older backup"


@pytest.mark.django_db
def test_it_points_postgresql_users_to_pg_dump(tmp_path, monkeypatch):
    monkeypatch.setattr(connection, "vendor", "postgresql")
    with pytest.raises(CommandError, match="pg_dump"):
        call_command("backup", str(tmp_path / "x"))
    with pytest.raises(CommandError, match="pg_restore"):
        call_command("restore", str(tmp_path / "x"), "--yes")
