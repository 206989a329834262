"""The venue map page, its data (compact JSON) and the municipality outlines it draws.

The page works without any tile server: outlines come from the GeoJSON shipped
in ``plakats/geo/data/lv`` (served here, cached by the browser), markers from
``map_data``; tiles from ``settings.PLAKATS_MAP_TILE_URL`` are only a backdrop.
"""

import hashlib
import json
from functools import cache
from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import cache_control
from django.views.decorators.http import etag, require_GET

from plakats.core.datacache import cached
from plakats.distribution.models import Campaign
from plakats.geo.models import Region
from plakats.venues.choices import VenueKind

from . import choropleth, queries
from .maps import MapStatus, venue_map

OUTLINE_FILES = {
    "municipality": choropleth.FILES["municipality"],
    "region": choropleth.FILES["region"],
}


class MapForm(forms.Form):
    """Which venues the map shows: one campaign's statuses, in a region, of a kind."""

    campaign = forms.TypedChoiceField(label=gettext_lazy("Campaign"), coerce=int, required=False)
    region = forms.ModelChoiceField(
        label=gettext_lazy("Region"),
        queryset=Region.objects.order_by("name"),
        required=False,
        empty_label=gettext_lazy("Whole country"),
    )
    kind = forms.ChoiceField(
        label=gettext_lazy("Kind of venue"),
        choices=[("", gettext_lazy("Every kind")), *VenueKind.choices],
        required=False,
    )
    status = forms.ChoiceField(
        label=gettext_lazy("Status"),
        choices=[("", gettext_lazy("Every status")), *MapStatus.legend()],
        required=False,
    )

    def __init__(self, data=None, *, campaigns: list[Campaign], **kwargs):
        super().__init__(data, **kwargs)
        self.campaigns = campaigns
        self.fields["campaign"].choices = [(c.pk, str(c)) for c in campaigns]

    def choice(self) -> dict:
        """The valid choices, with the latest campaign when none (or a bad one) is given."""
        data = self.cleaned_data if self.is_valid() else {}
        by_pk = {c.pk: c for c in self.campaigns}
        campaign = by_pk.get(data.get("campaign")) or (
            self.campaigns[0] if self.campaigns else None
        )
        return {
            "campaign": campaign,
            "region": data.get("region"),
            "kind": data.get("kind") or None,
            "status": MapStatus.by_code(data.get("status") or ""),
        }


def _form(request) -> MapForm:
    campaigns = list(Campaign.objects.order_by("-starts_on", "name"))
    return MapForm(request.GET or None, campaigns=campaigns)


def _params(choice: dict) -> str:
    status = choice["status"]
    return urlencode(
        {
            key: value
            for key, value in {
                "campaign": choice["campaign"].pk if choice["campaign"] else None,
                "region": choice["region"].pk if choice["region"] else None,
                "kind": choice["kind"],
                "status": MapStatus.code(status) if status is not None else None,
            }.items()
            if value is not None
        }
    )


def _coverage_rows(choice: dict) -> list:
    """Coverage of the chosen campaign (and kind, region) per municipality, for the choropleths."""
    if choice["campaign"] is None:
        return []
    scope = queries.Scope(choice["campaign"], region=choice["region"])
    return queries.coverage(scope, choice["kind"])


@require_GET
def map_page(request):
    """The interactive venue map, with the offline choropleths of the same choice below it."""
    form = _form(request)
    choice = form.choice()
    params = _params(choice)
    return render(
        request,
        "reports/map.html",
        {
            "form": form,
            "choice": choice,
            "legend": MapStatus.legend(),
            "data_url": f"{reverse('reports:map_data')}?{params}",
            "outlines_url": reverse("reports:map_outlines"),
            "venue_url": reverse("venues:venue_detail", args=[0]),
            "tile_url": settings.PLAKATS_MAP_TILE_URL,
            "tile_attribution": settings.PLAKATS_MAP_TILE_ATTRIBUTION,
            "attribution": choropleth.ATTRIBUTION,
            "coverage_rows": _coverage_rows(choice),
            "evidence_days": settings.PLAKATS_EVIDENCE_MAX_AGE_DAYS,
        },
    )


@require_GET
def map_data(request):
    """The venues of the map as compact JSON (arrays; see ``maps.VenueMap``).

    Two queries when computed; from the cache while the data is unchanged.
    """
    choice = _form(request).choice()
    campaign = choice["campaign"]
    region_id = choice["region"].pk if choice["region"] else None

    def body() -> bytes:
        result = venue_map(
            campaign.pk if campaign else None,
            region_id=region_id,
            kind=choice["kind"],
            status=choice["status"],
        )
        data = result.as_json() | {"campaign": str(campaign) if campaign else None}
        return json.dumps(data, separators=(",", ":"), ensure_ascii=False).encode()

    # Kept until the venues or placements change (plakats.core.datacache).
    parts = (campaign.pk if campaign else None, region_id, choice["kind"], choice["status"])
    return HttpResponse(cached("map_data", parts, body), content_type="application/json")


@cache
def _outlines(level: str) -> tuple[bytes, str]:
    body = (choropleth.DATA_DIR / OUTLINE_FILES[level]).read_bytes()
    return body, hashlib.sha256(body).hexdigest()[:32]


def _level(request) -> str:
    level = request.GET.get("level", "municipality")
    return level if level in OUTLINE_FILES else "municipality"


@require_GET
@cache_control(private=True, max_age=24 * 3600)
@etag(lambda request: _outlines(_level(request))[1])
def map_outlines(request):
    """The shipped boundaries as GeoJSON (``?level=region`` for planning regions)."""
    body, _digest = _outlines(_level(request))
    return HttpResponse(body, content_type="application/geo+json")
