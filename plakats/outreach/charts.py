"""The hotline report's weekly chart, drawn on the server with matplotlib as inline SVG.

The chart is built on its own ``matplotlib.figure.Figure`` (no pyplot state shared
between threads); ``plakats.core.svg`` makes it markup that passes the strict CSP.
Drawing takes a second or more, so the last drawings are kept in memory by what
they show (weeks, sources, waves, language): the same figures are not drawn twice.
"""

from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from matplotlib.dates import DateFormatter
from matplotlib.figure import Figure

from plakats.core.svg import figure_svg

from .queries import HotlineReport, WeekRow

# Each source also carries its name in the legend and in the data table under the chart.
PALETTE = [
    "#1f77b4",
    "#ff7f0e",
    "#2ca02c",
    "#d62728",
    "#9467bd",
    "#8c564b",
    "#e377c2",
    "#17becf",
    "#bcbd22",
    "#7f7f7f",
]
WAVE_COLOUR = "#555555"


@dataclass(frozen=True)
class _Bar:
    start: date
    counts: tuple[int, ...]


@dataclass(frozen=True)
class _Drawn:
    """What the chart shows, hashable so that a drawing can be kept by its content."""

    total: int
    sources: tuple[str, ...]
    bars: tuple[_Bar, ...]
    waves: tuple[tuple[date, str], ...]
    period: str
    """"week", "month" or "year": what one bar counts."""


# Beyond this many bars a period is drawn by month, then by year: thousands of
# bars take many seconds to draw and cannot be read anyway (the table stays weekly).
MAX_BARS = 104
BAR_DAYS = {"week": 6, "month": 27, "year": 330}


def _bucket(day: date, period: str) -> date:
    if period == "month":
        return day.replace(day=1)
    if period == "year":
        return day.replace(month=1, day=1)
    return day


def _bars(weeks: list[WeekRow]) -> tuple[tuple[_Bar, ...], str]:
    """The weekly rows as bars: by week, or summed by month or year when there are too many.

    A week counts in the month (or year) of its Monday.
    """
    for period in ("week", "month", "year"):
        buckets: dict[date, list[int]] = {}
        for week in weeks:
            counts = buckets.setdefault(_bucket(week.start, period), [0] * len(week.counts))
            for i, n in enumerate(week.counts):
                counts[i] += n
        if len(buckets) <= MAX_BARS or period == "year":
            return tuple(_Bar(start, tuple(counts)) for start, counts in buckets.items()), period
    raise AssertionError("unreachable")


def _figure(report: _Drawn) -> Figure:
    figure = Figure(figsize=(9, 3.8), dpi=100, layout="constrained")
    axes = figure.add_subplot()
    days = [bar.start for bar in report.bars]
    bottoms = [0] * len(days)
    for i, label in enumerate(report.sources):
        heights = [bar.counts[i] for bar in report.bars]
        if not any(heights):
            continue
        axes.bar(
            days,
            heights,
            width=BAR_DAYS[report.period],
            bottom=bottoms,
            align="edge",
            label=label,
            color=PALETTE[i % len(PALETTE)],
        )
        bottoms = [b + h for b, h in zip(bottoms, heights, strict=True)]
    for day, name in report.waves:
        axes.axvline(day, color=WAVE_COLOUR, linestyle="--", linewidth=0.8)
        axes.annotate(
            name[:40],
            xy=(day, 1),
            xycoords=("data", "axes fraction"),
            xytext=(2, -4),
            textcoords="offset points",
            rotation=90,
            va="top",
            fontsize=6,
            color="#333333",
        )
    if report.waves:
        axes.plot([], [], color=WAVE_COLOUR, linestyle="--", label=_("dispatch wave"))
    axes.set_ylabel(
        {
            "week": _("contacts per week"),
            "month": _("contacts per month"),
            "year": _("contacts per year"),
        }[report.period]
    )
    axes.set_ylim(bottom=0)
    axes.xaxis.set_major_formatter(DateFormatter("%Y-%m-%d"))
    axes.tick_params(axis="x", labelsize=8)
    axes.grid(axis="y", linewidth=0.3)
    if report.total:
        figure.legend(loc="outside lower center", fontsize=7, frameon=False, ncols=5)
    else:
        axes.text(0.5, 0.5, _("No contacts in this period."), transform=axes.transAxes, ha="center")
    return figure


def weekly_svg(report: HotlineReport) -> SafeString:
    """Contacts per week (month, year) by source, dispatch waves dashed, as inline ``<svg>``."""
    bars, period = _bars(report.weeks)
    drawn = _Drawn(
        total=report.total,
        sources=tuple(report.sources),
        bars=bars,
        waves=tuple(report.waves),
        period=period,
    )
    return _weekly_svg_cached(drawn, get_language())


@lru_cache(maxsize=32)
def _weekly_svg_cached(drawn: _Drawn, _language: str) -> SafeString:
    title = {
        "week": _("Hotline contacts per week by where callers heard of us; dispatch waves dashed"),
        "month": _(
            "Hotline contacts per month by where callers heard of us; dispatch waves dashed"
        ),
        "year": _("Hotline contacts per year by where callers heard of us; dispatch waves dashed"),
    }[drawn.period]
    return figure_svg(_figure(drawn), str(title))
