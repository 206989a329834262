"""Charts drawn on the server with matplotlib: the same figure on the page and in the PDF.

Each chart is built on its own ``matplotlib.figure.Figure`` (no pyplot and its
global state, so threads do not share a figure); ``savefig`` picks the SVG or
Agg (PNG) canvas by format, so no global backend is switched. The SVG is
inline markup without scripts or styles (``plakats.core.svg``), so it passes
the strict CSP.
"""

import hashlib
import io
from collections.abc import Sequence

from django.conf import settings
from django.core.cache import cache
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from matplotlib.dates import DateFormatter
from matplotlib.figure import Figure

from plakats.core.svg import figure_svg, inline_svg

from .queries import Wave, Week

# Status colours also carry a label in the legend and the data table beside the chart.
COLOURS = {"sent": "#1f77b4", "delivered": "#2ca02c", "displayed": "#ff7f0e"}
WAVE_COLOUR = "#7f7f7f"


def _timeline_figure(weeks: Sequence[Week], waves: Sequence[Wave]) -> Figure:
    figure = Figure(figsize=(10, 3.6), dpi=100, layout="constrained")
    axes = figure.add_subplot()
    days = [w.start for w in weeks]
    series = (
        ("sent", _("sent")),
        ("delivered", _("delivered")),
        ("displayed", _("displayed")),
    )
    for key, label in series:
        axes.plot(
            days,
            [getattr(w, key) for w in weeks],
            marker="o",
            markersize=3,
            label=str(label),
            color=COLOURS[key],
        )
    # Dispatches as dashed lines numbered 1, 2, … (the table beside the chart names them):
    # names would overlap when waves are close together.
    for number, wave in enumerate(waves, start=1):
        axes.axvline(wave.date, color=WAVE_COLOUR, linestyle="--", linewidth=0.7)
        axes.annotate(
            str(number),
            xy=(wave.date, 1),
            xycoords=("data", "axes fraction"),
            xytext=(0, 2 + 7 * (number % 2)),
            textcoords="offset points",
            ha="center",
            fontsize=6,
            color="#444444",
        )
    axes.set_ylabel(str(_("placements per week")))
    axes.set_ylim(bottom=0)
    axes.xaxis.set_major_formatter(DateFormatter("%Y-%m-%d"))
    axes.tick_params(axis="x", labelsize=8)
    axes.grid(axis="y", linewidth=0.3)
    axes.legend(loc="upper center", bbox_to_anchor=(0.5, -0.12), ncols=3, fontsize=8, frameon=False)
    if not weeks:
        axes.text(0.5, 0.5, str(_("No status changes yet.")), transform=axes.transAxes, ha="center")
    return figure


def timeline_svg(weeks: Sequence[Week], waves: Sequence[Wave]) -> SafeString:
    """The weekly timeline as inline ``<svg>`` markup with a title and an aria-label.

    Drawing takes a tenth of a second, so the markup is kept in the cache under
    the figures it shows (and the language): the same figures, the same drawing.
    """
    seconds = settings.PLAKATS_FIGURE_CACHE_SECONDS
    title = str(_("Placements sent, delivered and displayed per week, dispatches marked"))
    if not seconds:
        return figure_svg(_timeline_figure(weeks, waves), title)
    content = repr((list(weeks), list(waves), get_language()))
    key = "plakats:timeline-svg:" + hashlib.blake2s(content.encode(), digest_size=16).hexdigest()
    svg = cache.get(key)
    if svg is None:
        svg = str(figure_svg(_timeline_figure(weeks, waves), title))
        cache.set(key, svg, seconds)
    return inline_svg(svg)


def timeline_png(weeks: Sequence[Week], waves: Sequence[Wave], dpi: int = 200) -> bytes:
    """The same timeline as PNG bytes (for the PDF report)."""
    figure = _timeline_figure(weeks, waves)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=dpi)
    return buffer.getvalue()
