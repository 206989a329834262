"""What the benchmark measures: a registry of named measurements.

Pages are requested server-side with Django's test client (no HTTP server, no
network, no browser: the time is Django's URL routing, middleware, view,
queries and template rendering), logged in as a coordinator. Each page is
requested once to warm up, once under ``CaptureQueriesContext`` to count its
SQL queries, then ``repeat`` times for the median.

The dashboard and coverage figures are cached until their data changes
(``plakats.core.datacache``), so after the warm-up they come from the cache;
the ``uncached`` entries measure the same pages with the cache off, i.e. the
first load after any change.

Adding a page is one ``Page`` entry: its ``url`` function returns the URL, or
None when the page does not exist in this code base (a URL name that does not
reverse) — the table then says "not available" rather than leaving it out.
"""

import statistics
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import NoReverseMatch, Resolver404, resolve, reverse


@dataclass(frozen=True)
class Page:
    name: str
    label: str
    url: Callable[[dict], str | None]
    budget_ms: float | None  # None: the issue sets no budget
    ratio_limit: float | None = None  # page / hand-written SQL
    # Measure with the report-figure cache off: the first load after any change.
    uncached: bool = False


def _reverse(*names: str, args=(), query: str = "") -> str | None:
    """The first of ``names`` that reverses (candidates while a page is being built)."""
    for name in names:
        try:
            return reverse(name, args=args) + (f"?{query}" if query else "")
        except NoReverseMatch:
            continue
    return None


def _path(path: str) -> str | None:
    try:
        resolve(path.split("?")[0])
    except Resolver404:
        return None
    return path


def _deep_page(ctx: dict, count_key: str) -> int:
    """Page 500, or the last full page when the data set has fewer rows."""
    return max(1, min(500, ctx["counts"][count_key] // ctx["page_size"]))


def _venue_filters(ctx: dict) -> str:
    return "kind=school&active=true"


def _api_deep(ctx: dict) -> str | None:
    """Page 500 of the API list, reached by following its ``next`` cursors from page 1."""
    first = _path("/api/v1/placements")
    if first is None:
        return None
    client, url = ctx["client"], first
    per_page = None
    hops = 0
    while True:
        response = client.get(url)
        if response.status_code != 200:
            return url  # measure_page reports the status
        data = response.json()
        per_page = per_page or max(1, len(data.get("results", [])))
        wanted = max(1, min(500, ctx["counts"]["placements"] // per_page))
        if hops + 1 >= wanted or not data.get("next"):
            return url
        url = f"{first}?{urlencode({'cursor': data['next']})}"
        hops += 1


def _funder(ctx: dict, fmt: str) -> str | None:
    query = urlencode({"campaign": ctx["ids"]["campaign"], "lang": "en", "format": fmt})
    return _reverse("reports:funder", query=query)


def _recall(ctx: dict) -> str | None:
    """The recall of the data set's 10,000-placement edition, opened the first time.

    Opening it is the service's own work (``supersede_edition``), done once per
    data set, outside the timing; the recall then stays in the database.
    """
    if _reverse("distribution:recall_detail", args=[0]) is None:
        return None
    from plakats.distribution.models import Recall
    from plakats.distribution.services.recall import supersede_edition
    from plakats.materials.models import Edition

    edition = Edition.objects.get(pk=ctx["ids"]["recall_edition"])
    recall = Recall.objects.filter(edition=edition).first()
    if recall is None:
        successor, _created = Edition.objects.get_or_create(
            material=edition.material, language=edition.language, version="bench-successor"
        )
        recall = supersede_edition(
            edition, successor, reason="Benchmark: a new hotline number", user=ctx["user"]
        )
    return _reverse("distribution:recall_detail", args=[recall.pk])


PAGES = [
    Page("dashboard", "dashboard (home)", lambda c: _reverse("home"), 150, 3),
    Page(
        "coverage",
        "coverage page",
        lambda c: _reverse("reports:coverage", query=f"campaign={c['ids']['campaign']}"),
        150,
        3,
    ),
    Page(
        "dashboard_cold",
        "dashboard, first load after a change (figures not cached)",
        lambda c: _reverse("home"),
        None,
        uncached=True,
    ),
    Page(
        "coverage_cold",
        "coverage page, first load after a change (not cached)",
        lambda c: _reverse("reports:coverage", query=f"campaign={c['ids']['campaign']}"),
        None,
        uncached=True,
    ),
    Page(
        "venues_first",
        "venue list, filtered, page 1",
        lambda c: _reverse("venues:venue_list", query=_venue_filters(c)),
        50,
    ),
    Page(
        "venues_deep",
        "venue list, filtered, page 500*",
        lambda c: _reverse(
            "venues:venue_list",
            query=f"{_venue_filters(c)}&page={_deep_page(c, 'filtered_venues')}",
        ),
        50,
    ),
    Page(
        "placements_first",
        "placement list, page 1",
        lambda c: _reverse("distribution:placement_list"),
        50,
    ),
    Page(
        "placements_deep",
        "placement list, page 500*",
        lambda c: _reverse(
            "distribution:placement_list", query=f"page={_deep_page(c, 'placements')}"
        ),
        50,
    ),
    Page(
        "map",
        "map data, all venues",
        lambda c: _reverse("reports:map_data", "reports:map_venues", "reports:venue_map_data"),
        500,
    ),
    Page("recall", "recall view, 10,000-placement edition", lambda c: _recall(c), 300),
    Page("funder_xlsx", "funder report, XLSX", lambda c: _funder(c, "xlsx"), None),
    Page("funder_pdf", "funder report, PDF", lambda c: _funder(c, "pdf"), None),
    Page("api_first", "API placement list, page 1", lambda c: _path("/api/v1/placements"), 50),
    Page("api_deep", "API placement list, page 500* (cursor)", _api_deep, 50),
]


def _request(client, url: str) -> tuple[int, int]:
    response = client.get(url)
    size = 0
    if response.streaming:
        for chunk in response.streaming_content:
            size += len(chunk)
    else:
        size = len(response.content)
    return response.status_code, size


def measure_page(page: Page, ctx: dict, repeat: int) -> dict:
    """Median time and query count of one page, or why it could not be measured."""
    if page.uncached:
        with override_settings(PLAKATS_FIGURE_CACHE_SECONDS=0):
            return _measure_page(page, ctx, repeat)
    return _measure_page(page, ctx, repeat)


def _measure_page(page: Page, ctx: dict, repeat: int) -> dict:
    try:
        url = page.url(ctx)
    except Exception as exc:  # a page being built may fail: report it
        return {"status": f"error: {type(exc).__name__}: {exc}"[:200]}
    if url is None:
        return {"status": "not available"}
    client = ctx["client"]
    code, _size = _request(client, url)  # warm-up
    if code != 200:
        return {"status": f"HTTP {code}", "url": url}
    with CaptureQueriesContext(connection) as queries:
        _request(client, url)
    # Read now: the next request's start empties the connection's query log.
    count = len(queries.captured_queries)
    times, cpu = [], []
    for _run in range(repeat):
        started, started_cpu = time.perf_counter(), time.process_time()
        _request(client, url)
        times.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    return {
        "status": "ok",
        "url": url,
        "ms": statistics.median(times),
        "cpu_ms": statistics.median(cpu),
        "queries": count,
    }


def median_ms(function: Callable[[], object], repeat: int) -> tuple[float, float]:
    """Median wall and CPU milliseconds of ``function`` after one warm-up call."""
    function()  # warm-up
    times, cpu = [], []
    for _run in range(repeat):
        started, started_cpu = time.perf_counter(), time.process_time()
        function()
        times.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    return statistics.median(times), statistics.median(cpu)


def measure_export(
    fmt: str, total: int, rate_rows: int, memory_sizes: tuple[int, int], target: Path
) -> dict:
    """Rows/s of one export of ``rate_rows`` rows and the tracemalloc peak at two sizes.

    Uses ``bench/exports.py``'s ``export``, the code behind the export links.
    """
    from bench.exports import export

    started, started_cpu = time.perf_counter(), time.process_time()
    rows = export(fmt, rate_rows if rate_rows < total else 0, target)
    seconds = time.perf_counter() - started
    cpu_seconds = time.process_time() - started_cpu
    peaks = {}
    for size in memory_sizes:
        tracemalloc.start()
        export(fmt, size, target.with_suffix(f".mem.{fmt}"))
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        peaks[size] = peak / 1e6
    target.with_suffix(f".mem.{fmt}").unlink(missing_ok=True)
    return {
        "status": "ok",
        "rows": rows,
        "seconds": seconds,
        "rows_per_s": rows / seconds if seconds else 0.0,
        "cpu_s": cpu_seconds,
        "peak_mb": peaks,
        "bytes": target.stat().st_size,
    }
