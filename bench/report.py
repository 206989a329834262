"""The benchmark's table: one row per figure, one column per scale, the budget and ✓/✗.

``render`` turns the stored results into Markdown; ``write_doc`` puts it into
docs/performance.md between ``<!-- bench:<database>:start -->`` and
``<!-- bench:<database>:end -->`` (the rest of the file is left as it is).
"""

from pathlib import Path

SCALES = ["10k", "100k", "1m"]
LABELS = {"10k": "10k", "100k": "100k", "1m": "1M"}
NOT_RUN = "not run"


def _largest(results: dict) -> str | None:
    present = [s for s in SCALES if s in results["scales"]]
    return present[-1] if present else None


def _ms(value: float | None, cpu: float | None = None) -> str:
    """``12.3 ms``, or with the process's CPU time ``12.3 ms (CPU 8.1)``."""
    if value is None:
        return "—"
    text = f"{value:,.0f} ms" if value >= 100 else f"{value:.1f} ms"
    if cpu is not None:
        text += f" (CPU {cpu:,.0f})" if cpu >= 100 else f" (CPU {cpu:.1f})"
    return text


def _mark(ok: bool | None) -> str:
    return "" if ok is None else ("✓" if ok else "✗")


def _page_rows(results: dict) -> list[list[str]]:
    from bench.measure import PAGES

    largest = _largest(results)
    rows = []
    for page in PAGES:
        cells, queries = [], []
        for scale in SCALES:
            data = results["scales"].get(scale, {}).get("pages", {}).get(page.name)
            if scale not in results["scales"]:
                cells.append(NOT_RUN)
                queries.append("·")
            elif data is None:
                cells.append("not measured")
                queries.append("·")
            elif data["status"] != "ok":
                cells.append(data["status"])
                queries.append("·")
            else:
                cells.append(_ms(data["ms"], data.get("cpu_ms")))
                queries.append(str(data["queries"]))
        at = results["scales"].get(largest, {}).get("pages", {}).get(page.name) or {}
        ok = None
        if at.get("status") == "ok" and page.budget_ms is not None:
            ok = at["ms"] <= page.budget_ms
        counted = {q for q in queries if q != "·"}
        same = None if len(counted) == 0 else len(counted) == 1
        budget = "none in the issue"
        if page.budget_ms is not None:
            budget = f"≤ {page.budget_ms:,.0f} ms"
        rows.append(
            [page.label, budget, *cells, " / ".join(queries) + f" {_mark(same)}", _mark(ok)]
        )
    return rows


def _figure(results: dict, key: str):
    return {s: results["scales"][s].get(key) for s in SCALES if s in results["scales"]}


def _limit_rows(results: dict) -> list[list[str]]:
    from bench.measure import PAGES

    limits = {page.name: page.ratio_limit for page in PAGES}
    largest = _largest(results)
    rows = []
    # The ratios compare the page computed afresh (figure cache off) with the SQL:
    # a cached page would be compared with nothing the database did.
    for page, sql_key, label in (
        ("dashboard_cold", "sql_dashboard_ms", "dashboard"),
        ("coverage_cold", "sql_coverage_ms", "coverage"),
    ):
        sql, ratio, alt = [], [], []
        verdict = None
        for scale in SCALES:
            data = results["scales"].get(scale)
            if data is None:
                sql.append(NOT_RUN)
                ratio.append(NOT_RUN)
                alt.append(NOT_RUN)
                continue
            limit = data.get(sql_key)
            frames = data.get("pandas_ms")
            pages = data.get("pages", {})
            measured = pages.get(page) or pages.get(page.removesuffix("_cold"), {})
            sql.append(_ms(limit, data.get(sql_key.replace("_ms", "_cpu_ms"))))
            if measured.get("status") == "ok" and limit:
                r = measured["ms"] / limit
                ratio.append(f"{r:.1f}×")
                if scale == largest:
                    verdict = r <= (limits.get(page) or limits[page.removesuffix("_cold")])
            else:
                ratio.append(measured.get("status", "—"))
            if measured.get("status") == "ok" and frames:
                ratio_alt = measured["ms"] / frames
                alt.append(
                    f"{_ms(frames, data.get('pandas_cpu_ms'))}; page / pandas {ratio_alt:.2f}×"
                )
            else:
                alt.append(_ms(frames, data.get("pandas_cpu_ms")) if frames else "—")
        rows.append([f"{label}: hand-written SQL (the limit)", "", *sql, "", ""])
        limit = limits.get(page) or limits[page.removesuffix("_cold")]
        rows.append(
            [f"{label} (not cached): page / SQL", f"≤ {limit:g}×", *ratio, "", _mark(verdict)]
        )
        rows.append([f"{label}: pandas on the two CSV exports", "", *alt, "", ""])
    agree = []
    for scale in SCALES:
        data = results["scales"].get(scale)
        if data is None or "agree" not in data:
            agree.append(NOT_RUN if data is None else "—")
        else:
            a = data["agree"]
            agree.append(
                "yes" if a["sql_vs_pandas"] and a["sql_vs_app"] else f"NO {a}".replace("'", "")
            )
    rows.append(["figures agree (app = SQL = pandas)", "", *agree, "", ""])
    return rows


def _export_rows(results: dict) -> list[list[str]]:
    largest = _largest(results)
    rows = []
    for fmt, budget in (("csv", 100_000), ("xlsx", 20_000)):
        rate, memory = [], []
        ok = None
        for scale in SCALES:
            data = results["scales"].get(scale, {}).get(fmt)
            if scale not in results["scales"]:
                rate.append(NOT_RUN)
                memory.append(NOT_RUN)
                continue
            if not data:
                error = results["scales"][scale].get(f"{fmt}_export_error")
                rate.append(f"error: {error}"[:120] if error else "not measured")
                memory.append("—" if error else "not measured")
                continue
            cpu = f"CPU {data['rows'] / data['cpu_s']:,.0f}; " if data.get("cpu_s") else ""
            rate.append(f"{data['rows_per_s']:,.0f} rows/s ({cpu}{data['rows']:,} rows)")
            peaks = data["peak_mb"]
            memory.append(" / ".join(f"{float(mb):.1f} MB @{int(n):,}" for n, mb in peaks.items()))
            if scale == largest:
                values = [float(v) for v in peaks.values()]
                flat = max(values) <= 1.5 * min(values) + 1
                ok = data["rows_per_s"] >= budget and flat
        name = fmt.upper()
        rows.append([f"{name} export, rate", f"≥ {budget:,} rows/s", *rate, "", _mark(ok)])
        rows.append([f"{name} export, peak memory", "flat", *memory, "", ""])
    return rows


def _build_rows(results: dict) -> list[list[str]]:
    cells = []
    for scale in SCALES:
        data = results["scales"].get(scale)
        if data is None:
            cells.append(NOT_RUN)
            continue
        meta = data["dataset"]
        cpu = f", CPU {meta['build_cpu_s']:.0f} s" if "build_cpu_s" in meta else ""
        cells.append(f"{meta['build_s']:.0f} s{cpu} (+{meta['migrate_s']:.0f} s migrate)")
    ok = None
    if "1m" in results["scales"]:
        ok = results["scales"]["1m"]["dataset"]["build_s"] <= 180
    return [["building the data set", "1M: < 3 min", *cells, "", _mark(ok)]]


def render(results: dict, vendor: str) -> str:
    machine = results.get("machine", {})
    header = ["measurement (median)", "budget", *[LABELS[s] for s in SCALES]]
    header += ["SQL queries 10k / 100k / 1M", "✓/✗"]
    rows = _page_rows(results) + _limit_rows(results) + _export_rows(results)
    imported = results.get("import")
    if imported:
        rate = imported["rows"] / imported["wall_s"]
        cpu_rate = imported["rows"] / imported["cpu_s"]
        rows.append(
            [
                f"venue import, {imported['rows']:,} new rows (empty database)",
                "≥ 10,000 rows/s",
                f"{rate:,.0f} rows/s wall, {cpu_rate:,.0f} rows/s CPU",
                "(same)",
                "(same)",
                "",
                _mark(rate >= 10_000),
            ]
        )
    rows += _build_rows(results)
    lines = [
        f"Database: **{'PostgreSQL' if vendor == 'postgresql' else 'SQLite'}**. "
        f"Machine: {machine.get('cpu', '?')}, {machine.get('cores', '?')} cores; "
        f"Python {machine.get('python', '?')}, SQLite {machine.get('sqlite', '?')}, "
        f"PostgreSQL {machine.get('postgresql', '?')}; table written {machine.get('date', '?')}; "
        f"load average at the end {', '.join(f'{x:.1f}' for x in machine.get('loadavg', []))}.",
        "",
        "| " + " | ".join(header) + " |",
        "|" + "|".join("---" for _ in header) + "|",
    ]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    counts = {s: results["scales"][s]["dataset"]["counts"] for s in results["scales"]}
    lines.append("")
    lines.append(
        "✓/✗: the largest scale in the table against the issue's budget; after the query "
        "counts, ✓ when they are equal at every scale. CPU: the Django process's own time "
        "(on PostgreSQL without the server's)."
    )
    lines.append("")
    for scale, c in sorted(counts.items(), key=lambda item: SCALES.index(item[0])):
        lines.append(
            f"- {LABELS[scale]}: {c['placements']:,} placements, {c['venues']:,} venues, "
            f"{c['events']:,} events, {c['confirmations']:,} confirmations, "
            f"{c['campaigns']} campaigns, {c['targets']} targets, {c['dispatches']} dispatches, "
            f"recall edition of {c['recall_placements']:,} placements; "
            + (
                f"measured {when}, "
                if (when := results["scales"][scale].get("measured_at"))
                else ""
            )
            + f"load average {', '.join(f'{x:.1f}' for x in results['scales'][scale]['loadavg'])}."
        )
    return "\n".join(lines)


def write_doc(doc: Path, vendor: str, table: str) -> None:
    start, end = f"<!-- bench:{vendor}:start -->", f"<!-- bench:{vendor}:end -->"
    text = doc.read_text()
    if start not in text:
        text = text.rstrip("\n") + f"\n\n{start}\n{end}\n"
    before, rest = text.split(start, 1)
    _old, after = rest.split(end, 1)
    doc.write_text(f"{before}{start}\n{table}\n{end}{after}")
