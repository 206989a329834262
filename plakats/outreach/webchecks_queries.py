"""Read side of web checks: the web placements whose last check failed.

A fixed number of queries whatever the number of placements or checks: the
last check and the failures in a row are subqueries of one query.
"""

from datetime import UTC, datetime

from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from plakats.distribution.models import Placement

from .models.webchecks import WebCheck, WebCheckResult
from .webchecks import web_placements

# Before any check: "failures since the last success" counts every failure when there was none.
BEGINNING = datetime(1970, 1, 1, tzinfo=UTC)
FAILED = [WebCheckResult.NOT_FOUND, WebCheckResult.UNREACHABLE]


def with_last_check(placements: QuerySet[Placement]) -> QuerySet[Placement]:
    """Annotate the last check (result, status, time, detail) and the failures in a row."""
    last = WebCheck.objects.filter(placement=OuterRef("pk")).order_by("-checked_at", "-id")
    found_at = (
        WebCheck.objects.filter(placement=OuterRef("pk"), result=WebCheckResult.FOUND)
        .order_by("-checked_at")
        .values("checked_at")[:1]
    )
    failures = (
        WebCheck.objects.filter(
            placement=OuterRef("pk"),
            result__in=FAILED,
            checked_at__gt=Coalesce(OuterRef("last_found_at"), Value(BEGINNING)),
        )
        .order_by()
        .values("placement")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return placements.annotate(
        last_result=Subquery(last.values("result")[:1]),
        last_status=Subquery(last.values("http_status")[:1]),
        last_checked_at=Subquery(last.values("checked_at")[:1]),
        last_detail=Subquery(last.values("detail")[:1]),
        last_found_at=Subquery(found_at),
    ).annotate(failures=Coalesce(Subquery(failures, output_field=IntegerField()), Value(0)))


def broken_web_placements() -> QuerySet[Placement]:
    """Web placements whose last check did not find what their page must show."""
    return (
        with_last_check(web_placements())
        .filter(last_result__in=FAILED)
        .select_related("venue", "edition__material", "campaign", "web_requirement")
        .order_by("-failures", "venue__name", "pk")
    )
