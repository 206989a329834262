"""Server-drawn charts as inline SVG that passes the strict Content-Security-Policy.

Matplotlib writes its colours as CSS (``style=""`` attributes and ``<style>``
elements), which ``style-src 'self'`` blocks; ``strict_csp_svg`` turns them into
SVG presentation attributes (``fill="#1f77b4"``) instead. ``figure_svg`` makes the
page markup of a figure; ``inline_svg`` is the one place such markup is marked
safe for templates.
"""

import io
import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from matplotlib.figure import Figure

STYLE_ATTRIBUTE = re.compile(r'\sstyle="([^"]*)"')
STYLE_ELEMENT = re.compile(r"<style[^>]*>.*?</style>", re.DOTALL)


def _attributes(match: re.Match) -> str:
    pairs = []
    for declaration in match.group(1).split(";"):
        prop, _sep, value = declaration.partition(":")
        prop, value = prop.strip(), value.strip()
        if prop and value:
            pairs.append(f'{prop}="{value}"')
    return " " + " ".join(pairs) if pairs else ""


def strict_csp_svg(svg: str) -> str:
    """Replace inline CSS with presentation attributes, so no style rule is needed."""
    return STYLE_ATTRIBUTE.sub(_attributes, STYLE_ELEMENT.sub("", svg))


def inline_svg(markup: str) -> SafeString:
    """Mark SVG drawn by this project's own code as safe to put into a page.

    Only for markup from ``figure_svg`` or ``plakats.reports.choropleth``:
    matplotlib escapes every text it writes, the code around it escapes the
    titles it adds, and there is no script in it.
    """
    return mark_safe(markup)  # noqa: S308  # nosec B308 B703 (see the docstring)


def figure_svg(figure: Figure, title: str) -> SafeString:
    """A figure as inline ``<svg>`` with a title and an aria-label, scaled by CSS."""
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", metadata={"Date": None})
    svg = buffer.getvalue()
    svg = svg[svg.index("<svg") :]
    # Drop the RDF metadata and the comments (each text again, escaped): a smaller page.
    svg = re.sub(r"\s*<metadata>.*?</metadata>", "", svg, count=1, flags=re.S)
    svg = re.sub(r"\s*<!--.*?-->", "", svg, flags=re.S)
    label = escape(title)
    svg = svg.replace("<svg ", f'<svg role="img" aria-label="{label}" class="chart" ', 1)
    svg = re.sub(r"(<svg[^>]*>)", rf"\1<title>{label}</title>", svg, count=1)
    # Matplotlib writes the size in pt; the page scales the chart with CSS instead.
    svg = re.sub(r'(<svg[^>]*?) width="[^"]*" height="[^"]*"', r"\1", svg, count=1)
    return inline_svg(strict_csp_svg(svg))
