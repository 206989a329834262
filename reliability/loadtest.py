"""``make loadtest``: serve Plakats as in production to 50 users, then prove nothing was lost.

1. A throwaway database (SQLite file in a temporary directory, or a new
   database on the PostgreSQL server of ``DATABASE_URL``) is migrated and given
   the demo data, plenty of stock, and a fixture for the load users.
2. gunicorn serves the app with 4 workers on loopback, production settings
   (DEBUG off, secret from the environment).
3. locust (headless) drives it for a bounded time: staff reading the dashboard
   and lists, recording evidence on placements and creating dispatches; venue
   contacts opening public links and confirming.
4. The checker reads locust's journal of acknowledged writes and proves each is
   in the database exactly once, that every dispatch took exactly its stock,
   that no stock ledger went negative, and that the server never answered 5xx
   nor logged "database is locked".

Run: ``.venv/bin/python reliability/loadtest.py [--users 50] [--seconds 60]
[--write-docs]``. Exit status 1 when a write is lost or doubled, a ledger is off,
or the server failed; the latency budget is reported, not enforced here.
"""

import argparse
import csv
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = ROOT / ".venv" / "bin"
P95_BUDGET_MS = 300
sys.path.insert(0, str(ROOT))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def prepare_environment(workdir: Path) -> tuple[dict, str | None]:
    """Point this process and its children at a fresh database; return env and PG db name."""
    env = os.environ.copy()
    env.update(
        {
            "SECRET_KEY": "loadtest-only-" + os.urandom(16).hex(),
            "DEBUG": "false",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "PLAKATS_VAR_DIR": str(workdir),
            "DJANGO_SETTINGS_MODULE": "plakats.settings",
            "PYTHONPATH": str(ROOT),
            # Plain HTTP on loopback (TLS ends at the proxy in production).
            "SECURE_COOKIES": "false",
        }
    )
    pg_name = None
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith("postgres"):
        import psycopg

        base, _, _old = url.rpartition("/")
        pg_name = f"plakats_load_{os.getpid()}"
        with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{pg_name}"')
            conn.execute(f'CREATE DATABASE "{pg_name}"')
        env["DATABASE_URL"] = f"{base}/{pg_name}"
    else:
        env["DATABASE_URL"] = f"sqlite:///{workdir / 'load.sqlite3'}"
    os.environ.update(env)
    return env, pg_name


def drop_pg(pg_name: str | None) -> None:
    if not pg_name:
        return
    import psycopg

    base = os.environ["DATABASE_URL"].rpartition("/")[0]
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{pg_name}" WITH (FORCE)')


def manage(env: dict, *args: str) -> None:
    command = [str(BIN / "python"), "manage.py", *args]
    subprocess.run(command, cwd=ROOT, env=env, check=True)  # noqa: S603


def build_fixture(path: Path, links: int = 3000) -> dict:
    """A current campaign with sent placements (open links), stock, and a dispatch selection."""
    import django

    django.setup()
    from datetime import timedelta

    from django.db import connections
    from django.db.models import Count
    from django.http import QueryDict
    from django.utils import timezone

    from plakats.core.demo import DEMO_PASSWORD
    from plakats.distribution.choices import Axis, Delivery
    from plakats.distribution.filters import DispatchVenueFilter
    from plakats.distribution.models import Campaign
    from plakats.distribution.services.placements import (
        Line,
        bulk_change_status,
        create_dispatch,
    )
    from plakats.materials import services as stock
    from plakats.materials.models import Edition, StockLocation
    from plakats.venues.models import Venue

    today = timezone.localdate()
    campaign = Campaign.objects.create(
        name="Load test (demo)",
        starts_on=today - timedelta(days=30),
        ends_on=today + timedelta(days=60),
    )
    edition = Edition.objects.current().order_by("pk").first()
    location = StockLocation.objects.order_by("pk").first()
    stock.receive_print_run(edition, location, 1_000_000, note="load test stock")
    venues = Venue.objects.active().exclude(kind__in=["website", "social_page"])
    sent = create_dispatch(
        campaign=campaign,
        name="Load test: sent before the test",
        channel="post",
        planned_on=today - timedelta(days=7),
        lines=[Line(pk, edition.pk, 1) for pk in venues.values_list("pk", flat=True)[:links]],
        stock_location=location,
    )
    bulk_change_status(sent.placements.all(), Axis.DELIVERY, Delivery.SENT)
    placements = list(sent.placements.order_by("pk").values_list("pk", "token"))
    half = len(placements) // 2
    # The smallest set of a municipality's schools (at least three) for each new dispatch.
    municipality = (
        venues.filter(kind="school", municipality__isnull=False)
        .values("municipality")
        .annotate(n=Count("pk"))
        .filter(n__gte=3)
        .order_by("n", "municipality")
        .first()["municipality"]
    )
    query = f"kind=school&municipality={municipality}"
    selection = DispatchVenueFilter(QueryDict(query), queryset=Venue.objects.active()).qs
    fixture = {
        "username": "coordinator",
        "password": DEMO_PASSWORD,
        "placements": [pk for pk, _token in placements[:half]],
        "tokens": [token for _pk, token in placements[half:]],
        "dispatch": {
            "query": query,
            "count": selection.count(),
            "kinds": sorted(set(selection.values_list("kind", flat=True))),
            "campaign": campaign.pk,
            "edition": edition.pk,
            "location": location.pk,
            "planned_on": today.isoformat(),
        },
    }
    path.write_text(json.dumps(fixture), encoding="utf-8")
    connections.close_all()
    return fixture


def wait_until_up(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url + "/health/", timeout=2) as response:  # noqa: S310
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise SystemExit("gunicorn did not answer /health/ in time")


def read_stats(prefix: Path) -> list[dict]:
    with open(f"{prefix}_stats.csv", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def check(journal_path: Path, server_log: Path, stats: list[dict]) -> dict:
    """Prove every acknowledged write is stored exactly once and the ledgers balance."""
    from django.db.models import Sum

    from plakats.distribution.models import Confirmation, Dispatch, PlacementEvent
    from plakats.materials.models import StockMovement

    lines = []
    if journal_path.exists():
        lines = [json.loads(line) for line in journal_path.read_text().splitlines() if line]
    problems: list[str] = []
    acknowledged = {"evidence": 0, "confirmation": 0, "dispatch": 0}
    refused = sum(1 for line in lines if line["kind"] == "refused")
    for line in lines:
        kind, key = line["kind"], line["key"]
        if kind == "evidence":
            found = PlacementEvent.objects.filter(note=key, placement_id=line["placement"]).count()
        elif kind == "confirmation":
            found = Confirmation.objects.filter(where=key, placement__token=line["token"]).count()
        elif kind == "dispatch":
            dispatches = list(Dispatch.objects.filter(name=key))
            found = len(dispatches)
            if found == 1:
                dispatch = dispatches[0]
                items = dispatch.placements.aggregate(n=Sum("quantity"))["n"] or 0
                taken = -(dispatch.stock_movements.aggregate(n=Sum("delta"))["n"] or 0)
                if dispatch.placements.count() != line["placements"] or taken != items:
                    problems.append(
                        f"dispatch {key}: {dispatch.placements.count()} placements, "
                        f"{items} items, {taken} taken from stock"
                    )
        else:
            continue
        acknowledged[kind] += 1
        if found != 1:
            problems.append(f"{kind} {key}: found {found} times, expected once")
    unacknowledged = {
        "evidence": PlacementEvent.objects.filter(note__startswith="load-").count()
        - acknowledged["evidence"],
        "confirmation": Confirmation.objects.filter(where__startswith="load-").count()
        - acknowledged["confirmation"],
        "dispatch": Dispatch.objects.filter(name__startswith="load-").count()
        - acknowledged["dispatch"],
    }
    negative = (
        StockMovement.objects.values("edition", "location")
        .annotate(on_hand=Sum("delta"))
        .filter(on_hand__lt=0)
        .count()
    )
    if negative:
        problems.append(f"{negative} stock ledgers below zero")
    log = server_log.read_text(errors="replace") if server_log.exists() else ""
    locked = log.count("database is locked")
    if locked:
        problems.append(f'"database is locked" {locked} times in the server log')
    server_errors = sum(int(row["Failure Count"]) for row in stats if row["Name"] != "Aggregated")
    failures_path = Path(str(journal_path).replace("journal.jsonl", "stats_failures.csv"))
    five_xx = 0
    if failures_path.exists():
        with open(failures_path, encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                if re.search(r"\b5\d\d Server Error", row.get("Error", "")):
                    five_xx += int(row["Occurrences"])
    if five_xx:
        problems.append(f"{five_xx} server errors (5xx)")
    return {
        "acknowledged": acknowledged,
        "unacknowledged": unacknowledged,
        "refused": refused,
        "failed_requests": server_errors,
        "five_xx": five_xx,
        "locked": locked,
        "negative_ledgers": negative,
        "problems": problems,
    }


def render(stats: list[dict], result: dict, args, vendor: str) -> str:
    total = next(row for row in stats if row["Name"] == "Aggregated")
    rows = [
        "| request | count | failures | req/s | p50 ms | p95 ms | p99 ms |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for row in sorted(stats, key=lambda r: (r["Name"] == "Aggregated", r["Name"])):
        name = "**all**" if row["Name"] == "Aggregated" else row["Name"]
        rows.append(
            f"| {name} | {row['Request Count']} | {row['Failure Count']} | "
            f"{float(row['Requests/s']):.1f} | {row['50%']} | {row['95%']} | {row['99%']} |"
        )
    p95 = float(total["95%"])
    ack = result["acknowledged"]
    checks = [
        f"- writes acknowledged: {ack['evidence']} status changes, {ack['confirmation']} "
        f"confirmations, {ack['dispatch']} dispatches — each found exactly once: "
        f"{'yes' if not result['problems'] else 'NO'}",
        f"- writes refused with a message (form shown again): {result['refused']}",
        "- writes stored but not acknowledged (client gave up first): "
        + ", ".join(f"{k} {v}" for k, v in result["unacknowledged"].items()),
        f"- 5xx answers: {result['five_xx']}; failed requests: {result['failed_requests']}",
        f'- "database is locked" in the server log: {result["locked"]}',
        f"- stock ledgers below zero: {result['negative_ledgers']}",
        f"- p95 of all requests: {p95:.0f} ms (budget {P95_BUDGET_MS} ms: "
        f"{'✓' if p95 <= P95_BUDGET_MS else '✗'})",
    ]
    if result["problems"]:
        checks.append("- PROBLEMS: " + "; ".join(result["problems"][:20]))
    head = (
        f"{vendor}, gunicorn {args.workers} workers, {args.users} users for "
        f"{args.seconds} s, {time.strftime('%Y-%m-%d')}"
    )
    return "\n".join([f"**{head}**", "", *rows, "", *checks, ""])


def write_docs(text: str, vendor: str) -> None:
    path = ROOT / "docs" / "reliability.md"
    start, end = f"<!-- loadtest:{vendor}:start -->", f"<!-- loadtest:{vendor}:end -->"
    doc = path.read_text(encoding="utf-8")
    if start in doc:
        before, rest = doc.split(start, 1)
        after = rest.split(end, 1)[1]
        doc = f"{before}{start}\n{text}{end}{after}"
    else:
        doc += f"\n{start}\n{text}{end}\n"
    path.write_text(doc, encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--write-docs", action="store_true")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="plakats-load-"))
    env, pg_name = prepare_environment(workdir)
    vendor = "PostgreSQL" if pg_name else "SQLite"
    server = None
    try:
        print(f"== preparing a {vendor} database in {workdir}", flush=True)
        manage(env, "migrate", "--noinput", "-v", "0")
        manage(env, "createcachetable")
        manage(env, "collectstatic", "--noinput", "-v", "0")
        manage(env, "load_demo")
        fixture = build_fixture(workdir / "fixture.json")
        print(
            f"== {len(fixture['tokens'])} open confirmation links, dispatch selection of "
            f"{fixture['dispatch']['count']} venues",
            flush=True,
        )
        port = free_port()
        host = f"http://127.0.0.1:{port}"
        server_log = workdir / "gunicorn.log"
        with open(server_log, "w") as log:
            server = subprocess.Popen(  # noqa: S603
                [
                    str(BIN / "gunicorn"),
                    "plakats.wsgi",
                    "--workers",
                    str(args.workers),
                    "--bind",
                    f"127.0.0.1:{port}",
                    "--error-logfile",
                    "-",
                ],
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        wait_until_up(host)
        print(f"== locust: {args.users} users for {args.seconds} s against {host}", flush=True)
        journal = workdir / "journal.jsonl"
        subprocess.run(  # noqa: S603
            [
                str(BIN / "locust"),
                "-f",
                str(ROOT / "reliability" / "locustfile.py"),
                "--headless",
                "--users",
                str(args.users),
                "--spawn-rate",
                "10",
                "--run-time",
                f"{args.seconds}s",
                "--host",
                host,
                "--csv",
                str(workdir / "stats"),
                "--only-summary",
                "--loglevel",
                "WARNING",
                "--exit-code-on-error",
                "0",
            ],
            cwd=ROOT,
            env={
                **env,
                "LOADTEST_FIXTURE": str(workdir / "fixture.json"),
                "LOADTEST_JOURNAL": str(journal),
            },
            check=True,
        )
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
        server = None
        stats = read_stats(workdir / "stats")
        result = check(journal, server_log, stats)
        text = render(stats, result, args, vendor)
        print(text)
        if args.write_docs:
            write_docs(text, vendor)
        return 1 if result["problems"] else 0
    finally:
        if server is not None:
            server.kill()
        from django.db import connections

        connections.close_all()
        drop_pg(pg_name)
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
