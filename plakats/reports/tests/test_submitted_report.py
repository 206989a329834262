"""Marking a report as submitted freezes it: figures and both files stored, downloaded unchanged."""

import hashlib
import json

from django.urls import reverse

from plakats.distribution import services as placement_services
from plakats.distribution.choices import Axis, Delivery
from plakats.reports.models import SubmittedReport

from .funder_data import PERIOD, at


def _post(world, **extra):
    return {
        "campaign": world["campaign"].pk,
        "start": PERIOD[0].isoformat(),
        "end": PERIOD[1].isoformat(),
        "region": "",
        "lang": "lv",
        "note": "Nosūtīts fondam",
        **extra,
    }


def test_it_stores_the_figures_and_both_files_with_their_digests(client_for, users, funder_world):
    response = client_for("coordinator").post(reverse("reports:funder_submit"), _post(funder_world))
    report = SubmittedReport.objects.get()
    assert response.status_code == 302 and response["Location"] == report.get_absolute_url()
    assert report.submitted_by == users["coordinator"]
    assert (report.period_start, report.period_end, report.lang) == (*PERIOD, "lv")
    assert bytes(report.pdf).startswith(b"%PDF")
    assert report.pdf_sha256 == hashlib.sha256(bytes(report.pdf)).hexdigest()
    assert report.xlsx_sha256 == hashlib.sha256(bytes(report.xlsx)).hexdigest()
    targets = next(s for s in report.figures["sections"] if s["key"] == "targets")
    assert [row[3:] for row in targets["rows"]] == [[20, 6, 0.3], [4, 2, 0.5]]
    json.dumps(report.figures)  # plain JSON
    assert report.note == "Nosūtīts fondam"


def test_it_downloads_the_same_bytes_after_the_data_changed(client_for, funder_world):
    client = client_for("coordinator")
    client.post(reverse("reports:funder_submit"), _post(funder_world))
    report = SubmittedReport.objects.get()
    before = {
        fmt: client.get(reverse(f"reports:submitted_{fmt}", args=[report.pk]))
        for fmt in ("pdf", "xlsx")
    }

    # D (Liepāja) is sent in the period: 4 more items; a fresh report differs.
    placement_services.change_status(
        funder_world["placements"]["D"], Axis.DELIVERY, Delivery.SENT, occurred_at=at(20)
    )
    viewer = client_for("viewer")
    for fmt in ("pdf", "xlsx"):
        again = viewer.get(reverse(f"reports:submitted_{fmt}", args=[report.pk]))
        assert again.status_code == 200
        assert again.content == before[fmt].content == bytes(getattr(report, fmt))
        assert hashlib.sha256(again.content).hexdigest() == getattr(report, f"{fmt}_sha256")
    fresh = client.get(reverse("reports:funder"), {**_post(funder_world), "format": "xlsx"})
    assert fresh.content != before["xlsx"].content


def test_it_lets_only_coordinators_submit(client_for, funder_world):
    for role in ("viewer", "regional", "hotline"):
        response = client_for(role).post(reverse("reports:funder_submit"), _post(funder_world))
        assert response.status_code == 403, role
    assert not SubmittedReport.objects.exists()
    # Every role may read the page and download the files.
    page = client_for("viewer").get(reverse("reports:funder"), _post(funder_world))
    assert page.status_code == 200
    assert b"Mark as submitted" not in page.content
    assert (
        b"Mark as submitted"
        in client_for("coordinator").get(reverse("reports:funder"), _post(funder_world)).content
    )


def test_it_refuses_a_bad_period_without_storing_anything(client_for, funder_world):
    client = client_for("coordinator")
    response = client.post(
        reverse("reports:funder_submit"), _post(funder_world, start="2025-04-01", end="2025-03-01")
    )
    assert response.status_code == 302 and response["Location"] == reverse("reports:funder")
    assert not SubmittedReport.objects.exists()
    page = client.get(response["Location"])
    assert "The period cannot end before it starts." in page.content.decode()


def test_it_lists_submitted_reports(client_for, funder_world):
    client_for("coordinator").post(reverse("reports:funder_submit"), _post(funder_world))
    report = SubmittedReport.objects.get()
    page = client_for("viewer").get(reverse("reports:submitted_list"))
    assert page.status_code == 200
    assert report.get_absolute_url() in page.content.decode()
    assert reverse("reports:submitted_pdf", args=[report.pk]) in page.content.decode()
