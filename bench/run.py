"""Benchmark: the pages, exports and import at 10k, 100k and 1M placements, in one table.

``make bench [SCALE=10k|100k|1m|all]`` (or ``python -m bench --scale …``):

1. builds the synthetic data set of each scale (``bench/build.py``) unless it
   is already there: SQLite files under ``var/bench/`` are kept and reused
   (``--rebuild`` builds them again); with ``DATABASE_URL`` set to a
   PostgreSQL server, a throwaway database ``plakats_bench_<scale>`` is made on
   that server and dropped afterwards (``--keep`` keeps it for the next run);
2. measures each page and figure in a fresh process per scale
   (``bench/measure.py``, ``bench/limits.py``);
3. times the venue import of 100,000 rows into an empty database
   (``bench/import_venues.py``);
4. prints one table and writes it into ``docs/performance.md`` between the
   database's markers (``--no-doc`` to skip), with the machine it ran on.

The results of each scale are kept in ``var/bench/<database>-<scale>.json``
(and the import's in ``<database>-import.json``), so ``SCALE=1m`` after
``SCALE=10k`` adds a column to the same table.
"""

import argparse
import json
import os
import platform
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
import traceback
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
VAR = ROOT / "var" / "bench"
DOC = ROOT / "docs" / "performance.md"
SCALES = {"10k": (10_000, 1_000), "100k": (100_000, 10_000), "1m": (1_000_000, 100_000)}
SCALE_LABELS = {"10k": "10k", "100k": "100k", "1m": "1M"}
IMPORT_ROWS = 100_000
if str(ROOT) not in sys.path:  # run as ``python bench/run.py``
    sys.path.insert(0, str(ROOT))


# Django inside a child process ------------------------------------------------------


def setup_django(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("SECRET_KEY", "benchmark-only")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "plakats.settings")
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.conf import settings

    # As the tests do: no collectstatic manifest needed (the lookup costs the same).
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


META_TABLE = "bench_dataset"


def write_meta(info: dict) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TABLE {META_TABLE} (name VARCHAR(50) PRIMARY KEY, value TEXT)")
        cursor.execute(
            f"INSERT INTO {META_TABLE} VALUES (%s, %s)",  # noqa: S608 - a constant name
            ["built", json.dumps(info)],
        )


def read_meta() -> dict | None:
    from django.db import connection

    if META_TABLE not in connection.introspection.table_names():
        return None
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT value FROM {META_TABLE} WHERE name = 'built'")  # noqa: S608
        row = cursor.fetchone()
    return json.loads(row[0]) if row else None


def build_dataset(placements: int, venues: int, *, log=print) -> dict:
    """Migrate the (empty) current database and fill it; return what was built and how fast."""
    from django.core.management import call_command
    from django.db import connection, transaction

    from bench.build import build

    started, started_cpu = time.perf_counter(), time.process_time()
    call_command("migrate", verbosity=0, interactive=False)
    call_command("createcachetable", verbosity=0)
    migrated, migrated_cpu = time.perf_counter(), time.process_time()
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            # Only while building a throwaway file: no journal, no fsync.
            cursor.execute("PRAGMA journal_mode=OFF")
            cursor.execute("PRAGMA synchronous=OFF")
    built = build(placements, venues, log=log)
    written = time.perf_counter()
    info = {
        "counts": built.counts,
        "ids": built.ids,
        "migrate_s": round(migrated - started, 1),
        "build_s": round(written - migrated, 1),
        "build_cpu_s": round(time.process_time() - migrated_cpu, 1),
        "migrate_cpu_s": round(migrated_cpu - started_cpu, 1),
    }
    with transaction.atomic():
        write_meta(info)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # What autovacuum soon does on a live server after a million inserts: the
            # statistics, and the visibility map that lets index-only scans skip the
            # table (a server with autovacuum off would otherwise never get it).
            cursor.execute("VACUUM ANALYZE")
        else:
            cursor.execute("PRAGMA journal_mode=WAL")  # the application's own mode
    info["analyze_s"] = round(time.perf_counter() - written, 1)
    return info


def child_build(scale: str, url: str) -> None:
    setup_django(url)
    placements, venues = SCALES[scale]
    print(f"building {scale}: {placements:,} placements, {venues:,} venues", flush=True)
    info = build_dataset(placements, venues)
    print(
        f"built {scale} in {info['build_s']} s, CPU {info['build_cpu_s']} s "
        f"(+ {info['migrate_s']} s migrations, "
        f"{info['analyze_s']} s analyse)",
        flush=True,
    )


def child_measure(scale: str, url: str, out: Path, options: argparse.Namespace) -> None:
    import logging
    import warnings

    warnings.filterwarnings("ignore", message="No directory at")
    setup_django(url)
    logging.getLogger("django.request").setLevel(logging.CRITICAL)
    from django.conf import settings
    from django.test import Client
    from django.utils import translation

    from bench import limits
    from bench.exports import export
    from bench.measure import PAGES, measure_export, measure_page, median_ms
    from plakats.accounts.models import User
    from plakats.accounts.roles import Role, set_role
    from plakats.imports.export_lists import EXPORTS, export_rows
    from plakats.imports.exports import write_export
    from plakats.venues.models import Venue

    meta = read_meta()
    if meta is None:
        sys.exit(f"{url} holds no complete benchmark data set; run with --rebuild")
    user, _created = User.objects.get_or_create(username="bench-coordinator")
    set_role(user, Role.COORDINATOR)
    # A page being built by someone else may fail: report its status, do not stop.
    client = Client(raise_request_exception=False)
    client.force_login(user)
    counts = dict(meta["counts"])
    counts["filtered_venues"] = Venue.objects.filter(kind="school", is_active=True).count()
    ctx = {
        "client": client,
        "user": user,
        "ids": meta["ids"],
        "counts": counts,
        "page_size": settings.PLAKATS_PAGE_SIZE,
    }
    only = set(options.only.split(",")) if options.only else None
    result: dict = {"scale": scale, "dataset": meta, "pages": {}, "loadavg": os.getloadavg()}
    result["measured_at"] = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    if only and out.exists():  # a partial run updates the last full one
        result = {**json.loads(out.read_text()), "dataset": meta, "loadavg": os.getloadavg()}
    repeat = options.repeat
    for page in PAGES:
        if only and page.name not in only:
            continue
        with translation.override("en"):
            result["pages"][page.name] = measure_page(page, ctx, repeat)
        print(f"  {page.name}: {result['pages'][page.name]}", flush=True)

    campaign = meta["ids"]["campaign"]
    total = counts["placements"]

    def sql_limits() -> dict:
        dashboard = median_ms(lambda: limits.sql_figures(campaign, coverage=False), repeat)
        coverage = median_ms(lambda: limits.sql_figures(campaign, dashboard=False), repeat)
        return {
            "sql_dashboard_ms": dashboard[0],
            "sql_dashboard_cpu_ms": dashboard[1],
            "sql_coverage_ms": coverage[0],
            "sql_coverage_cpu_ms": coverage[1],
        }

    def memory_sizes(largest: int) -> tuple[int, int]:
        """Two sizes both past the export's first chunk (2,000 rows) when the data allows."""
        largest = min(total, largest)
        return (max(min(10_000, largest // 5), largest // 10), largest)

    def csv_export() -> dict:
        sizes = memory_sizes(options.memory_rows)
        return {"csv": measure_export("csv", total, total, sizes, placements_csv)}

    def xlsx_export() -> dict:
        rows = min(total, options.xlsx_rows)
        target = Path(tmp) / "placements.xlsx"
        return {"xlsx": measure_export("xlsx", total, rows, memory_sizes(50_000), target)}

    def pandas_alternative() -> dict:
        if not placements_csv.exists():
            export("csv", 0, placements_csv)
        venues_csv = Path(tmp) / "venues.csv"
        with translation.override("en"):
            venues = EXPORTS["venues"]
            write_export(venues_csv, venues.columns(), export_rows(venues, {}), "csv")
        wall, cpu = median_ms(
            lambda: limits.pandas_figures(placements_csv, venues_csv, campaign),
            max(1, min(repeat, 3)),
        )
        sql = limits.comparable(limits.sql_figures(campaign))
        frames = limits.comparable(limits.pandas_figures(placements_csv, venues_csv, campaign))
        orm = limits.orm_dashboard_figures(campaign)
        agree = {
            "sql_vs_pandas": sql == frames,
            "sql_vs_app": {k: sql[k] for k in ("targets", "status")} == orm,
        }
        return {"pandas_ms": wall, "pandas_cpu_ms": cpu, "agree": agree}

    with tempfile.TemporaryDirectory(prefix="plakats-bench-") as tmp:
        placements_csv = Path(tmp) / "placements.csv"
        for name, step in (
            ("limits", sql_limits),
            ("exports", csv_export),
            ("exports", xlsx_export),
            ("pandas", pandas_alternative),
        ):
            if only and name not in only:
                continue
            try:
                figures = step()
            except Exception as exc:  # one broken step must not lose the others
                traceback.print_exc()
                figures = {f"{step.__name__}_error": f"{type(exc).__name__}: {exc}"}
            result.update(figures)
            print(f"  {step.__name__}: {figures}", flush=True)
    out.write_text(json.dumps(result, indent=1, default=str))


# The parent: datasets, children, import, table -----------------------------------


def vendor_of(url: str | None) -> str:
    return "postgresql" if url and url.startswith(("postgres://", "postgresql://")) else "sqlite"


def with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, ""))


def pg_admin(url: str, *statements: str) -> list:
    import psycopg

    rows = []
    with psycopg.connect(url.replace("postgres://", "postgresql://", 1), autocommit=True) as conn:
        for statement in statements:
            cursor = conn.execute(statement)
            rows.append(cursor.fetchall() if cursor.description else None)
    return rows


def run_child(*args: str) -> None:
    env = dict(os.environ)
    env.pop("DATABASE_URL", None)
    done = subprocess.run([sys.executable, "-m", "bench.run", *args], cwd=ROOT, env=env)  # noqa: S603
    if done.returncode:
        sys.exit(f"benchmark step failed: {' '.join(args)}")


def ensure_dataset(scale: str, server_url: str | None, rebuild: bool) -> str:
    """Return the URL of the scale's data set, building it first when needed."""
    if server_url is None:
        VAR.mkdir(parents=True, exist_ok=True)
        path = VAR / f"sqlite-{scale}.sqlite3"
        if path.exists() and not rebuild:
            print(f"reusing {path.relative_to(ROOT)} (--rebuild to build it again)")
            return f"sqlite:///{path}"
        building = path.with_suffix(".building")
        for stale in (path, building):
            for suffix in ("", "-wal", "-shm"):
                Path(f"{stale}{suffix}").unlink(missing_ok=True)
        run_child("--child-build", scale, "--url", f"sqlite:///{building}")
        building.rename(path)
        return f"sqlite:///{path}"
    name = f"plakats_bench_{scale}"
    url = with_database(server_url, name)
    query = f"SELECT 1 FROM pg_database WHERE datname = '{name}'"  # noqa: S608 - our own name
    exists = pg_admin(server_url, query)[0]
    if exists and not rebuild:
        tables = pg_admin(url, f"SELECT to_regclass('{META_TABLE}') IS NOT NULL")[0]
        if tables and tables[0][0]:
            print(f"reusing PostgreSQL database {name} (--rebuild to build it again)")
            return url
    pg_admin(server_url, f"DROP DATABASE IF EXISTS {name}", f"CREATE DATABASE {name}")
    run_child("--child-build", scale, "--url", url)
    return url


def drop_dataset(scale: str, server_url: str) -> None:
    pg_admin(server_url, f"DROP DATABASE IF EXISTS plakats_bench_{scale}")


def measure_import(server_url: str | None, rows: int) -> dict:
    """Time ``manage.py import_venues`` on ``rows`` new venues into an empty database."""
    from bench.import_venues import run, write_register

    work = Path(tempfile.mkdtemp(prefix="plakats-bench-import-"))
    env = dict(os.environ)
    env.setdefault("SECRET_KEY", "bench")
    name = "plakats_bench_import"
    if server_url:
        env["DATABASE_URL"] = with_database(server_url, name)
        pg_admin(server_url, f"DROP DATABASE IF EXISTS {name}", f"CREATE DATABASE {name}")
    else:
        env["DATABASE_URL"] = f"sqlite:///{work / 'import.sqlite3'}"
    try:
        register = work / "register.csv"
        write_register(register, rows)
        run(env, "migrate", "--noinput", "--verbosity", "0")
        wall, cpu, summary = run(
            env, "import_venues", str(register), "--source", "bench", "--skip-errors"
        )
    finally:
        shutil.rmtree(work, ignore_errors=True)
        if server_url:
            pg_admin(server_url, f"DROP DATABASE IF EXISTS {name}")
    print(f"import: {rows:,} rows in {wall:.1f} s wall, {cpu:.1f} s CPU | {summary}")
    return {"rows": rows, "wall_s": wall, "cpu_s": cpu, "summary": summary}


def machine(server_url: str | None) -> dict:
    cpu = platform.processor() or "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    postgres = "not installed"
    if server_url:
        postgres = pg_admin(server_url, "SHOW server_version")[0][0][0]
    elif shutil.which("psql"):
        out = subprocess.run(["psql", "--version"], capture_output=True, text=True)  # noqa: S607
        found = re.search(r"\d+(\.\d+)+", out.stdout)
        postgres = f"{found.group(0) if found else '?'} (client; not used in this run)"
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "postgresql": postgres,
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "loadavg": os.getloadavg(),
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", default="10k", choices=[*SCALES, "all"])
    parser.add_argument("--rebuild", action="store_true", help="build the data sets again")
    parser.add_argument("--keep", action="store_true", help="keep PostgreSQL benchmark databases")
    parser.add_argument("--repeat", type=int, default=5, help="timed runs per page (median)")
    parser.add_argument("--only", help="comma-separated measurement names (for development)")
    parser.add_argument("--no-import", action="store_true", help="skip the venue import")
    parser.add_argument("--no-doc", action="store_true", help="do not touch docs/performance.md")
    parser.add_argument("--build-only", action="store_true", help="build the data sets, no more")
    parser.add_argument(
        "--table-only", action="store_true", help="print and write the stored results, no run"
    )
    parser.add_argument("--import-rows", type=int, default=IMPORT_ROWS)
    parser.add_argument("--xlsx-rows", type=int, default=100_000, help="rows for the XLSX rate")
    parser.add_argument("--memory-rows", type=int, default=100_000, help="rows for peak memory")
    parser.add_argument("--child-build", metavar="SCALE", help=argparse.SUPPRESS)
    parser.add_argument("--child-measure", metavar="SCALE", help=argparse.SUPPRESS)
    parser.add_argument("--url", help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    options = parser.parse_args(argv)
    if options.child_build:
        return child_build(options.child_build, options.url)
    if options.child_measure:
        return child_measure(options.child_measure, options.url, options.out, options)

    from bench.report import render, write_doc

    server_url = os.environ.get("DATABASE_URL") or None
    vendor = vendor_of(server_url)
    if server_url and vendor != "postgresql":
        server_url = None  # a SQLite DATABASE_URL: the benchmark makes its own files
    scales = list(SCALES) if options.scale == "all" else [options.scale]
    VAR.mkdir(parents=True, exist_ok=True)
    if options.table_only:
        scales, options.no_import = [], True
    for scale in scales:
        started = time.perf_counter()
        url = ensure_dataset(scale, server_url, options.rebuild)
        print(f"data set {scale} ready after {time.perf_counter() - started:.0f} s", flush=True)
        if options.build_only:
            continue
        out = VAR / f"{vendor}-{scale}.json"
        args = ["--child-measure", scale, "--url", url, "--out", str(out)]
        args += ["--repeat", str(options.repeat), "--xlsx-rows", str(options.xlsx_rows)]
        args += ["--memory-rows", str(options.memory_rows)]
        if options.only:
            args += ["--only", options.only]
        try:
            run_child(*args)
        finally:
            if server_url and not options.keep:
                drop_dataset(scale, server_url)
    if options.build_only:
        return None
    extra = VAR / f"{vendor}-import.json"
    if not options.no_import:
        extra.write_text(json.dumps(measure_import(server_url, options.import_rows)))
    # The table shows every scale measured so far on this database (one file each).
    results = {
        "scales": {
            scale: json.loads((VAR / f"{vendor}-{scale}.json").read_text())
            for scale in SCALES
            if (VAR / f"{vendor}-{scale}.json").exists()
        },
        "import": json.loads(extra.read_text()) if extra.exists() else None,
        "machine": machine(server_url),
    }
    table = render(results, vendor)
    print(table)
    if not options.no_doc:
        write_doc(DOC, vendor, table)
        print(f"written to {DOC.relative_to(ROOT)}")
    return None


if __name__ == "__main__":
    main()
