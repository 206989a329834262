"""``{% coverage_choropleths rows kind=... %}``: the offline coverage maps of a report page.

``rows`` are per-municipality coverage rows (``queries.MunicipalityCoverage``:
code, region, reached, total), or tuples whose first item is one (the coverage
page's table). Draws the map by municipality and by planning region, with the
boundaries' attribution.
"""

from django import template
from django.utils.translation import gettext as _

from plakats.core.svg import inline_svg
from plakats.venues.choices import VenueKind

from .. import choropleth

register = template.Library()


@register.inclusion_tag("reports/_choropleths.html")
def coverage_choropleths(rows, kind: str | None = None) -> dict:
    rows = [row[0] if isinstance(row, tuple) else row for row in rows]
    by_municipality, by_region = choropleth.values_from_coverage(rows)
    label = dict(VenueKind.choices).get(kind) if kind else None
    legend = (
        _("Share of %(kind)s venues reached") % {"kind": label}
        if label
        else _("Share of venues reached")
    )
    return {
        "by_municipality": inline_svg(
            choropleth.render_svg(
                by_municipality, level="municipality", title=_("By municipality"), legend=legend
            )
        ),
        "by_region": inline_svg(
            choropleth.render_svg(
                by_region, level="region", title=_("By planning region"), legend=legend
            )
        ),
        "attribution": choropleth.ATTRIBUTION,
    }
