"""Offline choropleth maps of coverage, drawn server-side from the shipped boundaries.

The same drawing goes into the page (SVG) and the PDF report (PNG). Shapes come
from ``plakats/geo/data/lv/*.geojson`` (no tile server, no internet), projected
equirectangularly with longitudes scaled by cos(57°) — Latvia's middle latitude —
so the country keeps its shape.

Values are percentages keyed by municipality code (ATVK) or planning region
code (``riga``, ``latgale``, …): ``None`` means "no venues of this kind", ``0``
means "never reached"; both get a hatch of their own, not just a colour.
"""

import csv
import html
import io
import itertools
import json
import math
import re
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

import matplotlib
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from matplotlib.figure import Figure
from matplotlib.patches import Patch, PathPatch
from matplotlib.path import Path as MplPath

DATA_DIR = Path(__file__).resolve().parents[1] / "geo" / "data" / "lv"
FILES = {
    "municipality": "lv_municipalities_2024.geojson",
    "region": "lv_planning_regions_2024.geojson",
}
LONGITUDE_SCALE = math.cos(math.radians(57))

# Upper edges (inclusive) of the % bands for values above 0, and their colours:
# ColorBrewer YlGnBu, light (little coverage) to dark (full coverage).
BAND_EDGES = (20, 40, 60, 80, 100)
BAND_COLOURS = ("#ffffcc", "#a1dab4", "#41b6c4", "#2c7fb8", "#253494")
NEVER_REACHED_COLOUR = "#f4a582"
NEVER_REACHED_HATCH = "xxx"
NO_VENUES_COLOUR = "#f0f0f0"
NO_VENUES_HATCH = "..."
EDGE_COLOUR = "#4d4d4d"

ATTRIBUTION = (
    "Boundaries: geoBoundaries, State Land Service of Latvia (CC BY 4.0); "
    "codes: Central Statistical Bureau of Latvia (CC BY 4.0)"
)


@dataclass(frozen=True)
class Shape:
    code: str
    name: str
    path: MplPath
    on_top: bool  # state cities sit inside novadi: draw them last


def band_of(value: float | None) -> int | None:
    """Return the index of ``value``'s band in BAND_EDGES; None for 0 and for no value."""
    if value is None or value <= 0:
        return None
    for index, edge in enumerate(BAND_EDGES):
        if value <= edge:
            return index
    return len(BAND_EDGES) - 1


def band_labels() -> list[str]:
    labels = [_("up to %(upper)s %%") % {"upper": BAND_EDGES[0]}]
    for lower, upper in itertools.pairwise(BAND_EDGES):
        labels.append(_("%(lower)s–%(upper)s %%") % {"lower": lower, "upper": upper})
    return labels


OUTSIDE = object()  # a code missing from the values: outside the selection (white)
OUTSIDE_COLOUR = "#ffffff"


def style_of(value) -> tuple[str, str | None]:
    """Return (fill colour, hatch or None) for a value (or ``OUTSIDE``)."""
    if value is OUTSIDE:
        return OUTSIDE_COLOUR, None
    if value is None:
        return NO_VENUES_COLOUR, NO_VENUES_HATCH
    if value <= 0:
        return NEVER_REACHED_COLOUR, NEVER_REACHED_HATCH
    return BAND_COLOURS[band_of(value)], None


def _ring_path(rings: list) -> tuple[list, list]:
    vertices, codes = [], []
    for ring in rings:
        points = [(lon * LONGITUDE_SCALE, lat) for lon, lat in ring]
        vertices.extend(points)
        codes.extend([MplPath.MOVETO] + [MplPath.LINETO] * (len(points) - 2) + [MplPath.CLOSEPOLY])
    return vertices, codes


def _geometry_path(geometry: dict) -> MplPath:
    polygons = geometry["coordinates"]
    if geometry["type"] == "Polygon":
        polygons = [polygons]
    vertices, codes = [], []
    for rings in polygons:
        v, c = _ring_path(rings)
        vertices.extend(v)
        codes.extend(c)
    return MplPath(vertices, codes)


@cache
def _region_codes() -> dict[str, str]:
    with open(DATA_DIR / "regions.csv", encoding="utf-8") as f:
        return {row["name"]: row["code"] for row in csv.DictReader(f)}


@cache
def shapes(level: str) -> tuple[Shape, ...]:
    """The shapes of ``level`` ("municipality" or "region"), read once per process."""
    if level not in FILES:
        raise ValueError(f"level must be one of {sorted(FILES)}, not {level!r}")
    data = json.loads((DATA_DIR / FILES[level]).read_text(encoding="utf-8"))
    result = []
    for feature in data["features"]:
        props = feature["properties"]
        if level == "municipality":
            code, on_top = props["atvk"], props.get("kind") == "valstspilsēta"
        else:
            code, on_top = _region_codes()[props["name"]], False
        result.append(Shape(code, props["name"], _geometry_path(feature["geometry"]), on_top))
    result.sort(key=lambda shape: shape.on_top)
    return tuple(result)


def _figure(values: dict, *, level: str, title: str, legend: str, width: float) -> Figure:
    figure = Figure(figsize=(width, width * 0.5), layout="constrained")
    axes = figure.add_subplot()
    axes.set_axis_off()
    axes.set_aspect("equal")
    for shape in shapes(level):
        colour, hatch = style_of(values.get(shape.code, OUTSIDE))
        patch = PathPatch(
            shape.path,
            facecolor=colour,
            edgecolor=EDGE_COLOUR,
            linewidth=0.5 if level == "municipality" else 0.8,
            hatch=hatch,
        )
        patch.set_gid(f"{level}-{shape.code}")
        axes.add_patch(patch)
    axes.autoscale_view()
    if title:
        axes.set_title(title, fontsize=12)
    handles = [
        Patch(facecolor=colour, edgecolor=EDGE_COLOUR, label=label)
        for colour, label in zip(BAND_COLOURS, band_labels(), strict=True)
    ]
    handles.append(
        Patch(
            facecolor=NEVER_REACHED_COLOUR,
            edgecolor=EDGE_COLOUR,
            hatch=NEVER_REACHED_HATCH,
            label=_("0 % — never reached"),
        )
    )
    handles.append(
        Patch(
            facecolor=NO_VENUES_COLOUR,
            edgecolor=EDGE_COLOUR,
            hatch=NO_VENUES_HATCH,
            label=_("no venues"),
        )
    )
    if any(shape.code not in values for shape in shapes(level)):
        handles.append(
            Patch(facecolor=OUTSIDE_COLOUR, edgecolor=EDGE_COLOUR, label=_("outside the selection"))
        )
    # A figure legend "outside" is laid out by the constrained layout: never clipped.
    figure.legend(
        handles=handles,
        title=legend or None,
        loc="outside right upper",
        fontsize=9.5,
        title_fontsize=10,
        frameon=False,
    )
    figure.text(0.01, 0.01, ATTRIBUTION, fontsize=5.5, color="#555555")
    return figure


_STYLE = re.compile(r' style="([^"]*)"')
_PATH_DATA = re.compile(r' d="([^"]*)"')
_DECIMAL = re.compile(r"-?\d+\.\d+")


def _short_number(match: re.Match) -> str:
    return f"{float(match.group()):.1f}".removesuffix(".0")


def _compact_path(match: re.Match) -> str:
    """Round path coordinates to 0.1 pt and drop the line breaks: a third of the size."""
    data = _DECIMAL.sub(_short_number, match.group(1))
    data = re.sub(r"\s*\n\s*", "", data)
    data = re.sub(r"([MLCQZz]) ", r"\1", data)
    return f' d="{data}"'


def _presentation_attributes(match: re.Match) -> str:
    """Turn ``style="a: b; c: d"`` into ``a="b" c="d"``.

    The page's Content-Security-Policy refuses inline style attributes; SVG
    presentation attributes say the same thing and are not styles.
    """
    parts = []
    for declaration in match.group(1).split(";"):
        if ":" not in declaration:
            continue
        name, value = (part.strip() for part in declaration.split(":", 1))
        parts.append(f' {name}="{html.escape(value.replace(chr(39), ""), quote=True)}"')
    return "".join(parts)


def _with_tooltips(svg: str, values: dict, level: str, title: str) -> str:
    for shape in shapes(level):
        if shape.code not in values:
            continue
        value = values[shape.code]
        if value is None:
            text = _("%(name)s: no venues") % {"name": shape.name}
        else:
            text = _("%(name)s: %(percent)s %%") % {"name": shape.name, "percent": round(value)}
        svg = svg.replace(
            f'<g id="{level}-{shape.code}">',
            f'<g id="{level}-{shape.code}"><title>{html.escape(text)}</title>',
            1,
        )
    return svg


def render_svg(
    values: dict[str, float | None],
    *,
    level: str = "municipality",
    title: str = "",
    legend: str = "",
    width: float = 8.0,
) -> str:
    """Return the choropleth as an SVG document fit to put inline in a page.

    ``values`` maps codes to percentages (0–100), None for "no venues"; a code
    missing from it is outside the selection (drawn white). Each shape is a
    ``<g id="LEVEL-CODE">`` with a ``<title>``. The last drawings are kept in
    memory: the same figures in the same language are not drawn twice.
    """
    return _render_svg_cached(
        tuple(sorted(values.items())), level, title, legend, width, get_language()
    )


@lru_cache(maxsize=32)
def _render_svg_cached(items: tuple, level: str, title: str, legend: str, width: float, _lang):
    values = dict(items)
    figure = _figure(values, level=level, title=title, legend=legend, width=width)
    buffer = io.StringIO()
    # Text as text (smaller, searchable) and stable ids, only while saving.
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "plakats"}):
        figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    svg = buffer.getvalue()
    svg = svg[svg.index("<svg") :]  # no XML prologue or DOCTYPE inside an HTML page
    svg = re.sub(r"\s*<metadata>.*?</metadata>", "", svg, count=1, flags=re.S)
    # The shared "round joins" rule, as attributes on the root (a <style> element
    # would be refused by the policy too).
    svg = re.sub(r"\s*<style[^>]*>.*?</style>", "", svg, count=1, flags=re.S)
    label = html.escape(title or _("Coverage map"))
    svg = svg.replace(
        "<svg ",
        f'<svg class="choropleth" role="img" aria-label="{label}" '
        'stroke-linejoin="round" stroke-linecap="butt" ',
        1,
    )
    svg = _STYLE.sub(_presentation_attributes, svg)
    svg = _PATH_DATA.sub(_compact_path, svg)
    return _with_tooltips(svg, values, level, title)


def render_png(
    values: dict[str, float | None],
    *,
    level: str = "municipality",
    title: str = "",
    legend: str = "",
    width: float = 8.0,
    dpi: int = 200,
) -> bytes:
    """Return the same choropleth as a PNG (for the PDF report)."""
    figure = _figure(values, level=level, title=title, legend=legend, width=width)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=dpi, metadata={"Software": None})
    return buffer.getvalue()


def values_from_coverage(rows) -> tuple[dict[str, float | None], dict[str, float | None]]:
    """Turn per-municipality coverage rows into (municipality values, region values).

    Each row needs ``code``, ``region`` (the planning region's name), ``reached``
    and ``total``. A percentage is exact (1 of 300 is 0.33, not "never reached");
    None where the register has no venues. Regions add up their municipalities.
    """
    municipalities: dict[str, float | None] = {}
    regions: dict[str, list[int]] = {}
    for row in rows:
        municipalities[row.code] = 100 * row.reached / row.total if row.total else None
        code = _region_codes().get(row.region)
        if code is not None:
            sums = regions.setdefault(code, [0, 0])
            sums[0] += row.reached
            sums[1] += row.total
    return municipalities, {
        code: (100 * reached / total if total else None)
        for code, (reached, total) in regions.items()
    }
