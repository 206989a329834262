"""The funder report page and the submitted report pages run as many queries with 3 rows as 30."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from plakats.core.tests import factory
from plakats.distribution import services as placement_services
from plakats.distribution.choices import Axis, Delivery, Measure
from plakats.reports import services
from plakats.reports.models import SubmittedReport
from plakats.reports.queries import Scope

from .funder_data import PERIOD, at


def _grow(world, rows: int) -> None:
    """Add ``rows`` venues in three regions with sent/delivered placements, targets, reports."""
    municipalities = [factory.municipality(n) for n in ("Rēzekne", "Liepāja", "Rīga")]
    campaign = world["campaign"]
    dispatch = factory.make_dispatch(campaign=campaign, planned_on=PERIOD[0])
    for i in range(rows):
        venue = factory.make_venue(
            municipality=municipalities[i % 3], kind=["school", "library"][i % 2]
        )
        placement = factory.make_placement(
            dispatch=dispatch, venue=venue, edition=factory.make_edition()
        )
        placement_services.change_status(
            placement, Axis.DELIVERY, Delivery.SENT, occurred_at=at(1 + i % 28)
        )
        if i % 2:
            placement_services.change_status(
                placement, Axis.DELIVERY, Delivery.DELIVERED, occurred_at=at(1 + i % 28, hour=15)
            )
        factory.make_target(
            campaign=campaign,
            regions=[municipalities[i % 3].region],
            measure=[Measure.VENUES, Measure.QUANTITY, Measure.PLACEMENTS][i % 3],
        )
    SubmittedReport.objects.bulk_create(
        [
            SubmittedReport(
                campaign=campaign,
                period_start=PERIOD[0],
                period_end=PERIOD[1],
                lang="en",
                figures={},
                pdf=b"%PDF",
                pdf_sha256="0" * 64,
                xlsx=b"PK",
                xlsx_sha256="0" * 64,
                submitted_at=at(1),
            )
            for _ in range(rows)
        ]
    )


def _count(client, url, params=None) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(queries)


def test_it_keeps_the_report_pages_at_a_fixed_query_count(client_for, funder_world):
    client = client_for("coordinator")
    scope = Scope(funder_world["campaign"], *PERIOD)
    report = services.submit_report(scope, "en", None, now=at(1))
    params = {
        "campaign": funder_world["campaign"].pk,
        "start": PERIOD[0].isoformat(),
        "end": PERIOD[1].isoformat(),
        "lang": "en",
    }
    pages = [
        (reverse("reports:funder"), params),
        (reverse("reports:funder"), {**params, "region": funder_world["latgale"].pk}),
        (reverse("reports:funder"), None),
        (reverse("reports:submitted_list"), None),
        (report.get_absolute_url(), None),
        (reverse("reports:submitted_xlsx", args=[report.pk]), None),
    ]
    _grow(funder_world, 3)
    small = [_count(client, url, p) for url, p in pages]
    _grow(funder_world, 27)
    large = [_count(client, url, p) for url, p in pages]
    assert small == large
