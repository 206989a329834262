"""A dispatch to the youth centres of Latgale, picked by filter, and its print pack as a PDF.

The demo register has ten active youth centres in Latgale, each with a postal
address and Latvian as its language; two A2 posters each come from the Riga
office's stock. The print pack promises one page of 3×8 address labels (ten
labels fit on one sheet) and then one cover letter per venue, in the order of
the Latvian alphabet, each carrying the venue's placement code.
"""

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from plakats.core.demo import DEMO_PASSWORD
from plakats.core.tests.browser import log_in, screenshot
from plakats.distribution.models import Campaign, Dispatch
from plakats.distribution.queries import stock_need
from plakats.materials.models import Edition, StockLocation

from .nav import go

NAME = "Latgales jauniešu centri, plakāti"
# The ten, in the order of the Latvian alphabet (numbers by value), as labels and letters go.
YOUTH_CENTRES = [
    "Bērnu un jauniešu centrs Nr. 6 (demo), Subate",
    "Bērnu un jauniešu centrs Nr. 7 (demo), Preiļi",
    "Bērnu un jauniešu centrs Nr. 25 (demo), Daugavpils",
    "Jauniešu centrs Nr. 2 (demo), Ludza",
    "Jauniešu centrs Nr. 4 (demo), Balvi",
    "Jauniešu centrs Nr. 4 (demo), Krāslava",
    "Jauniešu centrs Nr. 5 (demo), Līvāni",
    "Jauniešu centrs Nr. 11 (demo), Rēzekne",
    "Jauniešu centrs Nr. 11 (demo), Viļāni",
    "Jauniešu centrs Nr. 26 (demo), Daugavpils",
]


@pytest.mark.django_db(transaction=True)
def test_it_dispatches_to_filtered_venues_and_prints_the_pack(demo, page, a11y):
    campaign = Campaign.objects.get()
    poster = Edition.objects.get(material__name="A2 poster: Safe work abroad", version="2015")
    riga = StockLocation.objects.get(name="Riga office (demo)")
    on_hand_before = stock_need(poster, riga, 0).on_hand

    page.goto(f"{demo.url}/login/")
    a11y(page)
    log_in(page, demo.url, "coordinator", DEMO_PASSWORD)
    a11y(page)

    go(page, "Dispatches")
    expect(page.get_by_role("heading", level=1)).to_have_text("Dispatches")
    a11y(page)
    page.get_by_role("button", name="New dispatch").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("New dispatch")
    a11y(page)

    choose = page.locator("section[aria-labelledby=venues-title]")
    choose.locator("select[name=kind]").select_option("youth_centre")
    choose.locator("select[name=region]").select_option(label="Latgales plānošanas reģions")
    choose.get_by_role("button", name="Show the venues").click()
    page.wait_for_url("**kind=youth_centre**")
    a11y(page)
    expect(choose.locator("strong").first).to_have_text("10 venues")
    lines = page.locator("section[aria-labelledby=dispatch-title] tbody tr")
    expect(lines).to_have_count(10)
    screenshot(page, "guide-dispatch-filter", full_page=True)

    describe = page.locator("section[aria-labelledby=dispatch-title]")
    describe.locator("#id_campaign").select_option(str(campaign.pk))
    describe.locator("#id_name").fill(NAME)
    describe.locator("#id_channel").select_option("post")
    describe.locator("#id_stock_location").select_option(label=riga.name)
    describe.locator("#id_edition").select_option(str(poster.pk))
    expect(page.locator("#dispatch-check")).to_contain_text("10 placements, 20 items in all.")
    page.get_by_role("button", name="Create the dispatch").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(NAME)
    a11y(page)
    expect(page.locator(".messages")).to_contain_text(
        "10 placements created, 20 items taken from Riga office (demo)."
    )
    rows = page.locator("section[aria-labelledby=placements-title] tbody tr")
    expect(rows).to_have_count(10)
    assert sorted(rows.locator("td:nth-child(2)").all_inner_texts()) == sorted(YOUTH_CENTRES)
    screenshot(page, "guide-dispatch-created")

    dispatch = Dispatch.objects.get(name=NAME)
    placements = list(dispatch.placements.select_related("venue", "edition"))
    assert sorted(p.venue.name for p in placements) == sorted(YOUTH_CENTRES)
    assert {(p.edition_id, p.quantity, p.delivery) for p in placements} == {
        (poster.pk, 2, "planned")
    }
    assert dispatch.stock_location == riga
    assert stock_need(poster, riga, 0).on_hand == on_hand_before - 20
    codes = {p.venue.name: p.code for p in placements}

    page.get_by_role("button", name="Print pack").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Print pack: {NAME}")
    a11y(page)
    expect(page.locator("main")).to_contain_text("(10 placements)")
    screenshot(page, "guide-print-pack")
    with page.expect_download(timeout=60_000) as download_info:
        page.get_by_role("button", name="Download PDF").click()
    download = download_info.value
    assert download.suggested_filename == (
        f"print-pack-{dispatch.pk}-latgales-jauniesu-centri-plakati-3x8.pdf"
    )

    pdf = PdfReader(download.path())
    assert pdf.metadata.title == NAME
    texts = [" ".join(p.extract_text().split()) for p in pdf.pages]
    assert len(texts) == 1 + 10
    for name in YOUTH_CENTRES:
        assert name in texts[0]
    for name, letter in zip(YOUTH_CENTRES, texts[1:], strict=True):
        assert name in letter
        assert codes[name] in letter
