"""``make crashtest``: kill -9 in the middle of a large import and a large dispatch, then check.

For each operation (a 100,000-row venue import; a dispatch to every one of
those venues), on a throwaway database:

1. the operation runs once on a scratch copy of the database to learn how long
   it takes;
2. it runs again on the real one and is killed with SIGKILL halfway through
   (the script checks it was still running);
3. the database must be intact (SQLite: ``PRAGMA integrity_check`` is "ok";
   PostgreSQL: the server answers and the tables read back), nothing of the
   interrupted operation may be visible, and
4. running the operation again must succeed completely.

SQLite by default; PostgreSQL when ``DATABASE_URL`` points at a server (a new
database is created there and dropped afterwards). Exit status 1 on any failure.
Run: ``.venv/bin/python reliability/crash.py [--rows 100000] [--write-docs]``.
"""

import argparse
import csv
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTHON = str(ROOT / ".venv" / "bin" / "python")
sys.path.insert(0, str(ROOT))

DISPATCH_CODE = """
from django.utils import timezone
from plakats.distribution.models import Campaign
from plakats.distribution.services.placements import Line, create_dispatch
from plakats.materials.models import Edition, StockLocation
from plakats.venues.models import Venue
edition = Edition.objects.get(version="crash-1")
lines = [Line(pk, edition.pk, 1) for pk in Venue.objects.values_list("pk", flat=True)]
create_dispatch(
    campaign=Campaign.objects.get(name="Crash test (demo)"),
    name="Crash test dispatch",
    channel="post",
    planned_on=timezone.localdate(),
    lines=lines,
    stock_location=StockLocation.objects.get(name="Crash test store (demo)"),
)
"""

SETUP_CODE = """
import datetime
from plakats.distribution.models import Campaign
from plakats.materials import services as stock
from plakats.materials.models import Edition, Material, StockLocation
material = Material.objects.create(name="Crash test poster (demo)", kind="poster")
edition = Edition.objects.create(material=material, language="lv", version="crash-1")
location = StockLocation.objects.create(name="Crash test store (demo)")
stock.receive_print_run(edition, location, 10_000_000)
Campaign.objects.create(
    name="Crash test (demo)",
    starts_on=datetime.date(2026, 1, 1),
    ends_on=datetime.date(2026, 12, 31),
)
"""

COUNT_CODE = """
from plakats.distribution.models import Dispatch, Placement
from plakats.materials.models import StockMovement
from plakats.venues.models import Venue
print(Venue.objects.count(), Dispatch.objects.count(), Placement.objects.count(),
      StockMovement.objects.filter(dispatch__isnull=False).count())
"""


class Database:
    """A throwaway SQLite file or PostgreSQL database, and scratch copies of it."""

    def __init__(self, workdir: Path):
        self.workdir = workdir
        url = os.environ.get("DATABASE_URL", "")
        self.server = url.rpartition("/")[0] if url.startswith("postgres") else ""
        self.name = f"plakats_crash_{os.getpid()}" if self.server else "crash.sqlite3"
        self.vendor = "PostgreSQL" if self.server else "SQLite"
        if self.server:
            self._admin(f'DROP DATABASE IF EXISTS "{self.name}"', f'CREATE DATABASE "{self.name}"')

    def url(self, name: str | None = None) -> str:
        name = name or self.name
        return f"{self.server}/{name}" if self.server else f"sqlite:///{self.workdir / name}"

    def _admin(self, *statements: str) -> None:
        import psycopg

        with psycopg.connect(f"{self.server}/postgres", autocommit=True) as conn:
            for statement in statements:
                conn.execute(statement)

    def copy(self) -> str:
        """A scratch copy of the database as it is now; returns its URL."""
        if self.server:
            scratch = f"{self.name}_scratch"
            self._admin(
                f'DROP DATABASE IF EXISTS "{scratch}"',
                f'CREATE DATABASE "{scratch}" TEMPLATE "{self.name}"',
            )
            return self.url(scratch)
        source = sqlite3.connect(self.workdir / self.name)
        target = sqlite3.connect(self.workdir / "scratch.sqlite3")
        source.backup(target)
        source.close()
        target.close()
        return self.url("scratch.sqlite3")

    def drop_copy(self) -> None:
        if self.server:
            self._admin(f'DROP DATABASE IF EXISTS "{self.name}_scratch" WITH (FORCE)')
        else:
            for suffix in ("", "-wal", "-shm"):
                (self.workdir / f"scratch.sqlite3{suffix}").unlink(missing_ok=True)

    def writing(self) -> str:
        """Evidence that the operation is writing right now (uncommitted)."""
        if self.server:
            import psycopg

            with psycopg.connect(self.url("postgres")) as conn:
                open_transactions = conn.execute(
                    "SELECT count(*) FROM pg_stat_activity "
                    "WHERE datname = %s AND xact_start IS NOT NULL",
                    [self.name],
                ).fetchone()[0]
            return f"{open_transactions} transaction open"
        wal = self.workdir / f"{self.name}-wal"
        size = wal.stat().st_size if wal.exists() else 0
        return f"WAL {size / 1e6:.1f} MB"

    def integrity(self) -> str:
        if self.server:
            import psycopg

            with psycopg.connect(self.url()) as conn:
                tables = conn.execute(
                    "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"
                ).fetchone()[0]
            return f"server answers, {tables} tables readable"
        from plakats.core import collation

        with sqlite3.connect(self.workdir / self.name) as conn:
            collation.install(conn)  # the name indexes use the lv collation
            return conn.execute("PRAGMA integrity_check").fetchone()[0]

    def drop(self) -> None:
        if self.server:
            self._admin(
                f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)',
                f'DROP DATABASE IF EXISTS "{self.name}_scratch" WITH (FORCE)',
            )


def env_for(workdir: Path, url: str) -> dict:
    return {
        **os.environ,
        "DATABASE_URL": url,
        "SECRET_KEY": "crash-test-only",
        "PLAKATS_VAR_DIR": str(workdir),
        "PLAKATS_IMPORT_MAX_ROWS": "1000000",
        "PYTHONPATH": str(ROOT),
    }


def manage_command(*args: str) -> list[str]:
    return [PYTHON, "manage.py", *args]


def run(command: list[str], env: dict) -> str:
    done = subprocess.run(  # noqa: S603
        command, cwd=ROOT, env=env, check=True, capture_output=True, text=True
    )
    return done.stdout


def timed(command: list[str], env: dict) -> float:
    start = time.monotonic()
    run(command, env)
    return time.monotonic() - start


def kill_halfway(command: list[str], env: dict, seconds: float, db: "Database") -> str:
    """Start the command, SIGKILL it after ``seconds``; return what it was writing then."""
    process = subprocess.Popen(  # noqa: S603
        command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    time.sleep(seconds)
    if process.poll() is not None:
        raise SystemExit(f"the operation finished before the kill ({seconds:.1f} s); use more rows")
    writing = db.writing()
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    return writing


def counts(env: dict) -> tuple[int, int, int, int]:
    out = run(manage_command("shell", "-v", "0", "-c", COUNT_CODE), env).split()
    return tuple(int(n) for n in out)


def write_register(path: Path, rows: int) -> None:
    """A school register as registers are: semicolon CSV, Latvian headers, demo names."""
    municipalities = ["Rīga", "Daugavpils", "Cēsu novads", "Ludzas novads", "Valmieras novads"]
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(["Reģ. Nr.", "Iestādes nosaukums", "Adrese", "Novads/valstspilsēta"])
        for n in range(rows):
            writer.writerow(
                [
                    f"9{n:09d}",
                    f"Demo skola {n:06d} (demo)",
                    f"Skolas iela {n % 200 + 1}",
                    municipalities[n % len(municipalities)],
                ]
            )


def scenario(name, db, env, command, expected_after, check_nothing) -> dict:
    scratch_env = env_for(db.workdir, db.copy())
    duration = timed(command, scratch_env)
    db.drop_copy()
    writing = kill_halfway(command, env, duration / 2, db)
    integrity = db.integrity()
    after_kill = counts(env)
    nothing_visible = check_nothing(after_kill)
    rerun = timed(command, env)
    after_rerun = counts(env)
    ok = integrity in ("ok",) or db.server
    return {
        "name": name,
        "duration": duration,
        "killed_at": duration / 2,
        "writing": writing,
        "integrity": integrity,
        "nothing_visible": nothing_visible,
        "rerun": rerun,
        "rerun_complete": expected_after(after_rerun),
        "passed": bool(ok and nothing_visible and expected_after(after_rerun)),
    }


def render(results: list[dict], vendor: str, rows: int) -> str:
    lines = [
        f"**{vendor}, {rows:,} rows, {time.strftime('%Y-%m-%d')}**",
        "",
        "| operation | full run | killed at | writing then | integrity | nothing seen | re-run |",
        "| --- | ---: | ---: | --- | --- | --- | --- |",
    ]
    for r in results:
        lines.append(
            f"| {r['name']} | {r['duration']:.1f} s | {r['killed_at']:.1f} s | {r['writing']} "
            f"| {r['integrity']} "
            f"| {'yes' if r['nothing_visible'] else 'NO'} | "
            f"{'complete' if r['rerun_complete'] else 'INCOMPLETE'} in {r['rerun']:.1f} s |"
        )
    return "\n".join(lines) + "\n"


def write_docs(text: str, vendor: str) -> None:
    path = ROOT / "docs" / "reliability.md"
    start, end = f"<!-- crash:{vendor}:start -->", f"<!-- crash:{vendor}:end -->"
    doc = path.read_text(encoding="utf-8")
    if start in doc:
        before, rest = doc.split(start, 1)
        doc = f"{before}{start}\n{text}{end}{rest.split(end, 1)[1]}"
    else:
        doc += f"\n{start}\n{text}{end}\n"
    path.write_text(doc, encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--write-docs", action="store_true")
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="plakats-crash-"))
    db = Database(workdir)
    try:
        env = env_for(workdir, db.url())
        print(f"== {db.vendor}: migrating a fresh database in {workdir}", flush=True)
        run(manage_command("migrate", "--noinput", "-v", "0"), env)
        run(manage_command("shell", "-v", "0", "-c", SETUP_CODE), env)
        register = workdir / "register.csv"
        write_register(register, args.rows)
        rows = args.rows
        results = [
            scenario(
                f"venue import ({rows:,} rows)",
                db,
                env,
                manage_command("import_venues", str(register), "--kind", "school"),
                expected_after=lambda c: c[0] == rows,
                check_nothing=lambda c: c[0] == 0,
            ),
            scenario(
                f"dispatch to {rows:,} venues",
                db,
                env,
                manage_command("shell", "-v", "0", "-c", DISPATCH_CODE),
                expected_after=lambda c: c[1:] == (1, rows, 1),
                check_nothing=lambda c: c[1:] == (0, 0, 0),
            ),
        ]
        text = render(results, db.vendor, rows)
        print(text)
        if args.write_docs:
            write_docs(text, db.vendor)
        return 0 if all(r["passed"] for r in results) else 1
    finally:
        db.drop()
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
