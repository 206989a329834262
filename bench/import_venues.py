"""Benchmark: how many venue rows per second ``manage.py import_venues`` imports.

Writes a 20,000-row register as Excel in Latvia saves it (semicolon separated,
Windows-1257, a title row above the header, registration codes with leading
zeros, towns and parishes in the addresses), makes a fresh database, and times
the command three times as a subprocess (so Django's start-up is included),
reporting wall-clock time and the command's CPU time (which a busy machine
does not inflate):

1. the first import: every row is created;
2. the same file again: nothing changes;
3. a newer version with one row in ten changed: those rows are updated.

Run: ``.venv/bin/python bench/import_venues.py [--rows N] [--keep]``. It uses a
temporary SQLite database unless DATABASE_URL is set (then that database must
be empty and migrated: the benchmark writes venues into it). The figures go
into docs/performance.md by hand.
"""

import argparse
import csv
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "plakats" / "geo" / "data" / "lv"
KINDS = ["Vispārizglītojošā skola", "Pamatskola", "Ģimnāzija", "Bibliotēka", "Jauniešu centrs"]
STREETS = ["Skolas iela", "Brīvības iela", "Rīgas iela", "Dzirnavu iela", "Parka iela"]


def municipalities() -> list[tuple[str, str]]:
    with open(DATA / "municipalities.csv", encoding="utf-8") as handle:
        return [(row["code"], row["name"]) for row in csv.DictReader(handle)]


def towns() -> list[tuple[str, str]]:
    with open(DATA / "places.csv", encoding="utf-8") as handle:
        return [(row["name"], row["municipality_code"]) for row in csv.DictReader(handle)]


def write_register(path: Path, rows: int, *, changed_every: int = 0) -> None:
    """Write the register; with ``changed_every``, every n-th row has a new phone number."""
    names = dict(municipalities())
    places = towns()
    rng = random.Random(2024)
    with open(path, "w", encoding="cp1257", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(["Izglītības iestāžu reģistrs, 2024. gada 1. septembris"])
        writer.writerow(
            [
                "Reģ. Nr.",
                "Iestādes nosaukums",
                "Tips",
                "Adrese",
                "Novads/valstspilsēta",
                "E-pasts",
                "Tālrunis",
                "Direktors",
            ]
        )
        for number in range(1, rows + 1):
            town, code = places[rng.randrange(len(places))]
            phone = f"6{rng.randrange(10_000_000, 99_999_999)}"
            if changed_every and number % changed_every == 0:
                phone = f"2{number:07d}"
            writer.writerow(
                [
                    f"{number:07d}",
                    f"{town} {number}. izglītības iestāde",
                    KINDS[number % len(KINDS)],
                    f"{STREETS[number % len(STREETS)]} {number % 120 + 1}, {town}, "
                    f"LV-{4000 + number % 999}",
                    names[code],
                    f"info{number}@skola.lv",
                    phone,
                    "Vārds Uzvārds",
                ]
            )


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run(env: dict, *args: str) -> tuple[float, float, str]:
    """Run a manage.py command; return its wall time, its CPU time and its last line."""
    cpu = _children_cpu()
    started = time.perf_counter()
    done = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    elapsed = time.perf_counter() - started
    cpu = _children_cpu() - cpu
    if done.returncode:
        sys.exit(f"manage.py {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return elapsed, cpu, (done.stdout.strip().splitlines() or [""])[-1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--keep", action="store_true", help="keep the files and database")
    options = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="plakats-bench-"))
    env = dict(os.environ)
    env.setdefault("DATABASE_URL", f"sqlite:///{work / 'bench.sqlite3'}")
    env.setdefault("SECRET_KEY", "bench")
    register, newer = work / "register.csv", work / "register-newer.csv"
    write_register(register, options.rows)
    write_register(newer, options.rows, changed_every=10)
    size = register.stat().st_size / 1e6
    print(f"{options.rows} rows, {size:.1f} MB; database {env['DATABASE_URL']}")
    run(env, "migrate", "--noinput", "--verbosity", "0")
    common = ["--source", "bench", "--skip-errors"]
    for label, path in (
        ("first import", register),
        ("same file again", register),
        ("newer version", newer),
    ):
        elapsed, cpu, summary = run(env, "import_venues", str(path), *common)
        print(
            f"{label:16} wall {elapsed:6.2f} s {options.rows / elapsed:7.0f} rows/s"
            f"   CPU {cpu:6.2f} s {options.rows / cpu:7.0f} rows/s   | {summary}"
        )
    if options.keep:
        print(f"kept in {work}")
    else:
        for path in work.iterdir():
            path.unlink()
        work.rmdir()


if __name__ == "__main__":
    main()
