"""Benchmark: placement export rate (rows per second) and peak memory, CSV and XLSX.

Makes a fresh SQLite database with 100,000 placements (5,000 venues, one
edition, twenty dispatches; built with bulk inserts, so building takes a
minute, not an hour), then exports the placement list exactly as the page and
``manage.py export placements`` do (the list's filterset and sort, the
``placements`` columns, ``.iterator()`` over the queryset) to a temporary file:

1. timed without tracing, for the rate;
2. again under ``tracemalloc``, for the peak of Python memory, at a tenth of
   the rows and at all of them: if the export streams, the two peaks are close.

Run: ``.venv/bin/python bench/exports.py [--rows N] [--db PATH]``. With
``--db`` an existing benchmark database is reused (built there if missing).
The figures go into docs/performance.md by hand.
"""

import argparse
import os
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VENUES = 5_000
DISPATCHES = 20
BATCH = 5_000


def setup_django(db: Path) -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{db}"
    os.environ.setdefault("SECRET_KEY", "benchmark-only")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "plakats.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def build(rows: int) -> None:
    from datetime import date

    from django.core.management import call_command
    from django.db import transaction

    from plakats.distribution.models import Campaign, Dispatch, Placement
    from plakats.geo.models import Municipality
    from plakats.materials.models import Edition, Material
    from plakats.venues.models import Venue

    call_command("migrate", verbosity=0)
    if Placement.objects.count() >= rows:
        return
    started = time.perf_counter()
    municipalities = list(Municipality.objects.order_by("code"))
    with transaction.atomic():
        material = Material.objects.create(name="A2 poster: Safe work abroad", kind="poster")
        edition = Edition.objects.create(material=material, language="lv", version="2014")
        campaign = Campaign.objects.create(
            name="Benchmark", starts_on=date(2014, 1, 1), ends_on=date(2015, 12, 31)
        )
        dispatches = [
            Dispatch.objects.create(
                campaign=campaign, name=f"Wave {n}", channel="post", planned_on=date(2014, 9, n)
            )
            for n in range(1, DISPATCHES + 1)
        ]
        Venue.objects.bulk_create(
            Venue(
                name=f"Izglītības iestāde Nr. {n}",
                kind="school",
                municipality=municipalities[n % len(municipalities)],
                address=f"Skolas iela {n % 120 + 1}",
                phone=f"+371 2{n:07d}",
                external_id=f"{n:07d}",
                external_source="VIIS",
            )
            for n in range(VENUES)
        )
        venue_ids = list(Venue.objects.values_list("pk", flat=True))
        done = Placement.objects.count()
        for start in range(done, rows, BATCH):
            Placement.objects.bulk_create(
                Placement(
                    campaign=campaign,
                    dispatch=dispatches[n % DISPATCHES],
                    venue_id=venue_ids[n % len(venue_ids)],
                    edition=edition,
                    quantity=1 + n % 3,
                    delivery="delivered" if n % 2 else "sent",
                    display="displayed" if n % 4 == 1 else "unknown",
                    token=f"bench-{n}",
                    code=f"B{n:06d}",
                )
                for n in range(start, min(start + BATCH, rows))
            )
    print(f"built {rows:,} placements in {time.perf_counter() - started:.1f} s")


def export(fmt: str, rows: int, target: Path) -> int:
    from django.utils import translation

    from plakats.imports.export_lists import EXPORTS, ListExport, export_rows
    from plakats.imports.exports import write_export

    placements = EXPORTS["placements"]
    if rows:
        # The same definition, limited to the first ``rows`` placements.
        base = placements.queryset
        placements = ListExport(
            **{**placements.__dict__, "queryset": lambda: base().filter(pk__lte=rows)}
        )
    with translation.override("en"):
        return write_export(target, placements.columns(), export_rows(placements, {}), fmt)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--db", type=Path, help="Reuse (or build) the database at this path.")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or Path(tmp) / "bench.sqlite3"
        setup_django(db)
        build(args.rows)
        for fmt in ("csv", "xlsx"):
            target = Path(tmp) / f"placements.{fmt}"
            started = time.perf_counter()
            count = export(fmt, 0, target)
            seconds = time.perf_counter() - started
            size = target.stat().st_size / 1e6
            print(
                f"{fmt}: {count:,} rows in {seconds:.1f} s = {count / seconds:,.0f} rows/s, "
                f"{size:.1f} MB"
            )
            for rows in (args.rows // 10, args.rows):
                tracemalloc.start()
                export(fmt, rows, target)
                _current, peak = tracemalloc.get_traced_memory()
                tracemalloc.stop()
                print(f"{fmt}: peak Python memory for {rows:,} rows: {peak / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
