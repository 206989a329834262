"""The dashboard (the home page) and the coverage page: figures of one scope, each a link."""

from urllib.parse import urlencode

from django.shortcuts import render
from django.urls import reverse

from plakats.distribution.choices import Delivery, Display, Measure
from plakats.distribution.models import Campaign
from plakats.distribution.queries_recall import expiring_editions

from . import charts, queries
from .changes import submitted_changes
from .forms import CoverageForm, ScopeForm


def _campaigns() -> list[Campaign]:
    return list(Campaign.objects.order_by("-starts_on", "name"))


def _link(name: str, **params) -> str:
    query = urlencode({k: v for k, v in params.items() if v not in (None, "")})
    return f"{reverse(name)}?{query}"


def _venue_params(scope: queries.Scope) -> dict:
    return {"region": scope.region.pk if scope.region else None, **scope.query_params()}


def dashboard(request):
    """The campaign dashboard: targets, statuses, confirmations, reach, timeline, stock."""
    campaigns = _campaigns()
    form = ScopeForm(request.GET or None, campaigns=campaigns)
    scope = form.scope()
    context = {"form": form, "scope": scope, "stock": queries.stock_on_hand()}
    context["expiring_editions"] = expiring_editions()
    if scope is None:
        return render(request, "reports/dashboard.html", context)

    region = scope.region.pk if scope.region else None
    placement_params = {
        "campaign": scope.campaign.pk,
        "region": region,
        "period_from": scope.start.isoformat() if scope.start else None,
        "period_to": scope.end.isoformat() if scope.end else None,
    }
    venue_params = _venue_params(scope)
    summary = queries.status_summary(scope)
    delivery = [
        (
            value,
            label,
            summary["delivery"][value],
            _link("distribution:placement_list", delivery=value, **placement_params),
        )
        for value, label in Delivery.choices
    ]
    display = [
        (
            value,
            label,
            summary["display"][value],
            _link("distribution:placement_list", display=value, **placement_params),
        )
        for value, label in Display.choices
    ]
    progress = [
        (
            p,
            _link("venues:venue_list", reached_by_target=p.target.pk, **venue_params)
            if p.target.measure == Measure.VENUES
            else None,
        )
        for p in queries.progress(scope)
    ]
    reached_link = {"reached_in": scope.campaign.pk, "active": "true", **venue_params}
    # Venues without a municipality (web pages) have no region to filter the list by,
    # so their row carries no links.
    by_region = [
        (
            row,
            _link("venues:venue_list", **{**reached_link, "region": row.key})
            if row.key is not None
            else None,
            _link("venues:venue_list", active="true", region=row.key)
            if row.key is not None
            else None,
        )
        for row in queries.reached_by_region(scope)
    ]
    by_kind = [
        (
            row,
            _link("venues:venue_list", kind=row.key, **reached_link),
            _link("venues:venue_list", active="true", kind=row.key, region=region),
        )
        for row in queries.reached_by_kind(scope)
    ]
    weeks = queries.timeline(scope)
    waves = queries.dispatch_waves(scope)
    context.update(
        {
            "progress": progress,
            "summary": summary,
            "delivery": delivery,
            "display": display,
            "rate": queries.confirmation_rate(scope),
            "by_region": by_region,
            "by_kind": by_kind,
            "weeks": weeks,
            "waves": waves,
            "timeline_svg": charts.timeline_svg(weeks, waves),
            "materials": queries.materials_distributed(scope),
            # Submitted funder reports whose period later edits touched (plakats.reports.changes).
            "submitted": submitted_changes(scope.campaign),
            "placements_link": _link("distribution:placement_list", **placement_params),
            "confirmed_link": _link(
                "distribution:placement_list", confirmed="true", **placement_params
            ),
        }
    )
    return render(request, "reports/dashboard.html", context)


def coverage(request):
    """Per municipality: venues of a kind in the register vs reached, never-reached first."""
    campaigns = _campaigns()
    form = CoverageForm(request.GET or None, campaigns=campaigns)
    scope = form.scope()
    context = {"form": form, "scope": scope}
    if scope is None:
        return render(request, "reports/coverage.html", context)
    data = form.cleaned_data if form.is_valid() else {}
    kind = data.get("kind") or ""
    sort = data.get("sort") or "gaps"
    rows = queries.coverage(scope, kind or None, sort=sort)
    venue_params = _venue_params(scope)
    register = {"active": "true", "kind": kind}
    table = [
        (
            row,
            _link("venues:venue_list", municipality=row.pk, **register),
            _link(
                "venues:venue_list",
                municipality=row.pk,
                reached_in=scope.campaign.pk,
                **register,
                **{k: v for k, v in venue_params.items() if k != "region"},
            ),
            _link(
                "venues:venue_list",
                municipality=row.pk,
                not_reached_in=scope.campaign.pk,
                **register,
                **{k: v for k, v in venue_params.items() if k != "region"},
            ),
        )
        for row in rows
    ]
    query = request.GET.copy()
    query.pop("sort", None)
    context.update(
        {
            "table": table,
            "kind": kind,
            "sort": sort,
            "sort_query_string": query.urlencode(),
            "totals": queries.Row(
                None, "", sum(r.reached for r in rows), sum(r.total for r in rows)
            ),
            "never_reached": sum(1 for r in rows if r.never_reached),
        }
    )
    return render(request, "reports/coverage.html", context)
