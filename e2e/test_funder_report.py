"""The funder report: choose a campaign, read the figures, download the PDF and the
XLSX, mark the report as submitted.

On top of the demo we add a campaign of our own running around today, with one
dispatch of three placements of one edition: 4 posters delivered to a school in
Rīga, 6 delivered to a library in Liepāja, 10 still planned for a third venue.
Worked out by hand: 2 placements sent out with 4 + 6 = 10 items, 2 venues
reached (delivered), 3 placements in all, no venue has confirmed (0 of 2).
"""

import io
from datetime import timedelta

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from plakats.core.demo import DEMO_PASSWORD
from plakats.core.tests import factory
from plakats.core.tests.browser import log_in, screenshot
from plakats.distribution.choices import Delivery
from plakats.reports.models import SubmittedReport

EDITION = "A3 poster: Funder check (lv, 2026-1)"


def _campaign():
    today = timezone.localdate()
    campaign = factory.make_campaign(
        name="Funder check",
        starts_on=today - timedelta(days=60),
        ends_on=today + timedelta(days=30),
        funder=factory.make_partner(name="Check Foundation", kind="funder"),
    )
    edition = factory.make_edition(
        material=factory.make_material(name="A3 poster: Funder check"), version="2026-1"
    )
    dispatch = factory.make_dispatch(campaign=campaign, planned_on=today - timedelta(days=20))
    for name, where, quantity, delivery in [
        ("Funder check school", "Rīga", 4, Delivery.DELIVERED),
        ("Funder check library", "Liepāja", 6, Delivery.DELIVERED),
        ("Funder check centre", "Rīga", 10, Delivery.PLANNED),
    ]:
        factory.make_placement(
            dispatch=dispatch,
            venue=factory.make_venue(name=name, municipality=factory.municipality(where)),
            edition=edition,
            quantity=quantity,
            delivery=delivery,
        )
    return campaign


def _indicator(page, label: str) -> str:
    row = page.locator("table[data-section=summary] tr", has_text=label)
    return row.locator("td").nth(1).get_attribute("data-value")


def _sheet_rows(workbook, title: str) -> list[tuple]:
    return [tuple(row) for row in workbook[title].iter_rows(values_only=True)]


@pytest.mark.django_db(transaction=True)
def test_it_shows_downloads_and_submits_a_funder_report(demo, page, a11y):
    campaign = _campaign()

    page.goto(demo.url + "/login/")
    a11y(page)
    log_in(page, demo.url, "coordinator", DEMO_PASSWORD)
    a11y(page)
    page.goto(demo.url + reverse("reports:funder"))
    a11y(page)
    form = page.locator("form.funder-form")
    form.locator("select[name=campaign]").select_option(str(campaign.pk))
    form.get_by_label("Language of the report").select_option("en")
    form.get_by_role("button", name="Show the report").click()
    page.wait_for_url("**campaign=*")
    a11y(page)
    assert _indicator(page, "Items distributed") == "10"
    assert _indicator(page, "Venues reached") == "2"
    materials = page.locator("table[data-section=materials] tbody tr")
    expect(materials).to_have_count(1)
    assert materials.locator("td").all_inner_texts() == [EDITION, "2", "10"]
    confirmation = page.locator("table[data-section=confirmation] tbody td")
    assert confirmation.all_inner_texts()[:2] == ["2", "0"]
    screenshot(page, "guide-funder-report")

    with page.expect_download() as pdf_download:
        page.get_by_role("button", name="Download PDF").click()
    assert pdf_download.value.suggested_filename.endswith("-en.pdf")
    pdf = PdfReader(io.BytesIO(pdf_download.value.path().read_bytes()))
    text = " ".join(" ".join(p.extract_text().split()) for p in pdf.pages)
    assert "Funder check" in text and "Check Foundation" in text
    assert "Items distributed 10" in text
    assert f"{EDITION} 2 10" in text

    with page.expect_download() as xlsx_download:
        page.get_by_role("button", name="Download XLSX").click()
    workbook = openpyxl.load_workbook(io.BytesIO(xlsx_download.value.path().read_bytes()))
    summary = {row[0]: row[1] for row in _sheet_rows(workbook, "Summary indicators")}
    assert (summary["Items distributed"], summary["Venues reached"]) == (10, 2)
    materials_sheet = _sheet_rows(workbook, "Materials and quantities distributed"[:31])
    assert (EDITION, 2, 10) in materials_sheet
    statuses = _sheet_rows(workbook, "Placements by status")
    assert ("all", "total", 3) in statuses

    page.get_by_label("Note").fill("Sent to the funder by e-mail")
    page.get_by_role("button", name="Mark as submitted").click()
    page.wait_for_url("**/funder/submitted/*/")
    a11y(page)
    expect(
        page.get_by_text("The report was marked as submitted; its figures and files are stored")
    ).to_be_visible()
    report = SubmittedReport.objects.get(campaign=campaign)
    assert (report.lang, report.note, report.submitted_by.username) == (
        "en",
        "Sent to the funder by e-mail",
        "coordinator",
    )
    assert bytes(report.pdf)[:4] == b"%PDF" and bytes(report.xlsx)[:2] == b"PK"
    assert page.url.endswith(f"/reports/funder/submitted/{report.pk}/")
