"""Backup and restore of the SQLite database with SQLite's online backup API.

``backup_sqlite`` copies the live database into a new file while the app keeps
running: the copy is taken in one step of the backup API, that is inside one
read transaction, so it is one consistent state (in WAL mode writers are not
blocked meanwhile). The copy is switched to the rollback journal, so it is one
self-contained file, and checked with ``PRAGMA integrity_check``.

``restore_sqlite`` runs the same API the other way round: the backup's pages
replace the live database's, under SQLite's lock, so connections of a running
app see either the old or the restored database, never a mix. It refuses a
file that is not a sound SQLite database of Plakats, or one written by another
schema version (its applied migrations differ).

PostgreSQL is backed up with its own tools (``pg_dump`` / ``pg_restore``);
see ``postgresql_advice``.
"""

import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from django.utils.translation import gettext as _

from plakats.core import collation
from plakats.core.errors import DomainError

SQLITE_HEADER = b"SQLite format 3\x00"


def postgresql_advice(vendor: str) -> str:
    """What to do instead on a database that is not SQLite."""
    return _(
        "manage.py backup and restore work on SQLite only; this database is %(vendor)s. "
        "PostgreSQL is backed up with its own tools: "
        'pg_dump --format=custom --no-owner --file=plakats.dump "$DATABASE_URL" '
        "(consistent while the app runs), and restored into an empty database with "
        'pg_restore --no-owner --dbname="$DATABASE_URL" plakats.dump '
        "(add --clean --if-exists to replace the contents of an existing one)."
    ) % {"vendor": vendor}


class BackupError(DomainError):
    """The backup or the restore was refused; nothing was changed."""


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    size: int
    migrations: frozenset[tuple[str, str]]


def _connect(database: str, **kwargs) -> sqlite3.Connection:
    """A plain ``sqlite3`` connection that knows the ``lv`` collation the indexes use."""
    connection = sqlite3.connect(database, **kwargs)
    collation.install(connection)
    return connection


def _read_only(path: Path) -> sqlite3.Connection:
    return _connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)


def applied_migrations(connection: sqlite3.Connection) -> frozenset[tuple[str, str]]:
    rows = connection.execute("SELECT app, name FROM django_migrations").fetchall()
    return frozenset((app, name) for app, name in rows)


def _integrity(connection: sqlite3.Connection) -> str:
    rows = connection.execute("PRAGMA integrity_check").fetchall()
    return "; ".join(str(row[0]) for row in rows)


def backup_sqlite(live: str | Path, target: Path, *, overwrite: bool = False) -> BackupInfo:
    """Copy the live database at ``live`` to ``target``; return what was written."""
    target = Path(target)
    if target.exists() and not overwrite:
        raise BackupError(_("%(path)s exists already.") % {"path": target})
    if not target.parent.is_dir():
        raise BackupError(_("The folder %(path)s does not exist.") % {"path": target.parent})
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    source = _connect(str(live), timeout=30)
    try:
        copy = _connect(str(partial))
        try:
            # pages=-1: the whole database in one step, i.e. one read transaction.
            source.backup(copy, pages=-1)
            copy.execute("PRAGMA journal_mode=DELETE")
            problems = _integrity(copy)
            migrations = applied_migrations(copy)
        finally:
            copy.close()
    except sqlite3.Error as exc:
        partial.unlink(missing_ok=True)
        raise BackupError(_("The backup failed: %(error)s") % {"error": exc}) from exc
    finally:
        source.close()
    if problems != "ok":
        partial.unlink(missing_ok=True)
        raise BackupError(
            _("The copy failed its integrity check (%(problems)s); it was not kept.")
            % {"problems": problems}
        )
    partial.replace(target)
    return BackupInfo(target, target.stat().st_size, migrations)


def check_backup(path: Path) -> BackupInfo:
    """Return what a backup file holds, or raise ``BackupError`` if it is no Plakats backup."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(_("%(path)s is not a file.") % {"path": path})
    with open(path, "rb") as handle:
        if handle.read(len(SQLITE_HEADER)) != SQLITE_HEADER:
            raise BackupError(_("%(path)s is not an SQLite database.") % {"path": path})
    try:
        connection = _read_only(path)
        try:
            problems = _integrity(connection)
            if problems != "ok":
                raise BackupError(
                    _("%(path)s is damaged: %(problems)s") % {"path": path, "problems": problems}
                )
            tables = {
                row[0]
                for row in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")
            }
            if "django_migrations" not in tables or "venues_venue" not in tables:
                raise BackupError(
                    _("%(path)s is an SQLite database, but not one of Plakats.") % {"path": path}
                )
            migrations = applied_migrations(connection)
        finally:
            connection.close()
    except sqlite3.Error as exc:
        raise BackupError(
            _("%(path)s cannot be read as a database: %(error)s") % {"path": path, "error": exc}
        ) from exc
    return BackupInfo(path, path.stat().st_size, migrations)


def schema_difference(backup: BackupInfo, live: str | Path) -> list[str]:
    """The migrations applied in only one of the two databases, as "app.name" (sorted)."""
    connection = _read_only(Path(live))
    try:
        current = applied_migrations(connection)
    finally:
        connection.close()
    return sorted(f"{app}.{name}" for app, name in backup.migrations ^ current)


def safety_copy_path(live: str | Path) -> Path:
    live = Path(live)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    return live.with_name(f"{live.stem}.before-restore-{stamp}{live.suffix}")


def restore_sqlite(backup: Path, live: str | Path) -> BackupInfo:
    """Replace the live database's contents with the backup's; return what was restored.

    The caller closes its own connections first; other processes' connections
    wait for SQLite's lock (busy timeout) and then see the restored database.
    """
    info = check_backup(backup)
    differing = schema_difference(info, live)
    if differing:
        shown = ", ".join(differing[:5]) + (" …" if len(differing) > 5 else "")
        raise BackupError(
            _(
                "The backup was made by a different version of Plakats (%(count)d migrations "
                "differ: %(names)s). Restore it with the version that made it."
            )
            % {"count": len(differing), "names": shown}
        )
    source = _read_only(Path(backup))
    try:
        target = _connect(str(live), timeout=30)
        try:
            source.backup(target, pages=-1)
            problems = _integrity(target)
        finally:
            target.close()
    except sqlite3.Error as exc:
        raise BackupError(_("The restore failed: %(error)s") % {"error": exc}) from exc
    finally:
        source.close()
    if problems != "ok":
        raise BackupError(
            _("The restored database fails its integrity check: %(problems)s")
            % {"problems": problems}
        )
    return info
