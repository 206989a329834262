"""The offline choropleth: one shape per unit, the right colour band, hatches for the gaps."""

import re
from types import SimpleNamespace

from plakats.reports import choropleth

RIGA, DAUGAVPILS, JELGAVA, JURMALA = "0001000", "0002000", "0003000", "0004000"
LIEPAJA, REZEKNE = "0005000", "0006000"


def _shape(svg: str, gid: str) -> str:
    """The markup of one shape's group."""
    match = re.search(rf'<g id="{gid}">(.*?)</g>', svg, re.S)
    assert match, gid
    return match.group(1)


def _fill(svg: str, gid: str) -> str:
    return re.search(r'<path [^>]*fill="([^"]+)"', _shape(svg, gid)).group(1)


def _pattern_colour(svg: str, fill: str) -> str:
    """The background colour of a hatch pattern ``url(#id)``."""
    pattern_id = fill[len("url(#") : -1]
    pattern = re.search(rf'<pattern id="{pattern_id}".*?</pattern>', svg, re.S).group(0)
    return re.search(r'<rect [^>]*fill="([^"]+)"', pattern).group(1)


def test_it_draws_one_shape_per_municipality():
    svg = choropleth.render_svg({}, title="Empty")

    groups = re.findall(r'<g id="municipality-(\d{7})">', svg)
    assert len(groups) == 42
    assert len(set(groups)) == 42
    for code in groups:
        assert len(re.findall(r"<path ", _shape(svg, f"municipality-{code}"))) == 1


def test_it_draws_five_planning_regions():
    svg = choropleth.render_svg({}, level="region")

    assert sorted(re.findall(r'<g id="region-(\w+)">', svg)) == [
        "kurzeme",
        "latgale",
        "riga",
        "vidzeme",
        "zemgale",
    ]


def test_it_colours_each_value_by_its_band():
    # Bands: up to 20, 20–40, 40–60, 60–80, 80–100 (upper edges inclusive).
    values = {RIGA: 100.0, DAUGAVPILS: 40.0, JELGAVA: 40.5, JURMALA: 0.4, LIEPAJA: 79.9}
    svg = choropleth.render_svg(values)

    assert _fill(svg, f"municipality-{RIGA}") == "#253494"  # 80–100: the darkest
    assert _fill(svg, f"municipality-{DAUGAVPILS}") == "#a1dab4"  # 20–40
    assert _fill(svg, f"municipality-{JELGAVA}") == "#41b6c4"  # 40–60
    assert _fill(svg, f"municipality-{JURMALA}") == "#ffffcc"  # up to 20: reached, barely
    assert _fill(svg, f"municipality-{LIEPAJA}") == "#2c7fb8"  # 60–80


def test_it_hatches_never_reached_and_no_venues_differently():
    svg = choropleth.render_svg({RIGA: 0, REZEKNE: None, JELGAVA: 50})

    never, empty = _fill(svg, f"municipality-{RIGA}"), _fill(svg, f"municipality-{REZEKNE}")
    assert never.startswith("url(#")
    assert empty.startswith("url(#")
    assert never != empty
    assert _pattern_colour(svg, never) == "#f4a582"
    assert _pattern_colour(svg, empty) == "#f0f0f0"
    # A unit not in the values is outside the selection: plain white, no hatch.
    assert _fill(svg, f"municipality-{LIEPAJA}") == "#ffffff"


def test_it_names_units_in_tooltips_and_shows_the_legend():
    svg = choropleth.render_svg({RIGA: 25, REZEKNE: None}, legend="Schools reached")

    assert "<title>Rīga: 25 %</title>" in svg
    assert "<title>Rēzekne: no venues</title>" in svg
    for label in ("up to 20 %", "80–100 %", "0 % — never reached", "no venues"):
        assert label in svg
    assert "Schools reached" in svg
    assert "geoBoundaries" in svg


def test_it_uses_no_inline_styles_the_page_policy_would_refuse():
    svg = choropleth.render_svg({RIGA: 25})

    assert svg.startswith("<svg ")
    assert "style=" not in svg
    assert "<style" not in svg


def test_it_renders_a_png_for_the_pdf():
    png = choropleth.render_png({RIGA: 25}, level="region", title="By region")

    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    assert len(png) > 10_000


def test_it_adds_up_regions_from_the_municipality_rows():
    rows = [
        SimpleNamespace(code=RIGA, region="Rīgas plānošanas reģions", reached=1, total=300),
        SimpleNamespace(code=JURMALA, region="Rīgas plānošanas reģions", reached=99, total=100),
        SimpleNamespace(code=LIEPAJA, region="Kurzemes plānošanas reģions", reached=0, total=0),
    ]

    municipalities, regions = choropleth.values_from_coverage(rows)

    assert municipalities[RIGA] == 100 / 300  # reached once: not "never reached"
    assert municipalities[LIEPAJA] is None
    assert regions == {"riga": 100 * 100 / 400, "kurzeme": None}
