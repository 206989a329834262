"""The print pack PDF: labels with the right addresses, one letter per venue with its QR code."""

import io
import os
import shutil
import subprocess
from pathlib import Path

import cv2
import numpy as np
import pytest
from django.conf import settings
from pypdf import PdfReader

from plakats.core.errors import DomainError
from plakats.core.tests import factory
from plakats.distribution.models import LetterTemplate
from plakats.distribution.printpack import (
    BOLD,
    LAYOUTS,
    REGULAR,
    build_print_pack,
    dispatch_print_pack,
    fit_label,
    register_fonts,
)

pytestmark = pytest.mark.django_db


def _pages(content: bytes) -> list[str]:
    """The text of each page, with line breaks and runs of spaces as single spaces."""
    return [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(content)).pages]


def _school(**kwargs):
    kwargs.setdefault("municipality", factory.municipality("Rēzekne"))
    return factory.make_venue(**kwargs)


def _dispatch_to(venues, **kwargs):
    dispatch = factory.make_dispatch()
    edition = kwargs.pop("edition", None) or factory.make_edition()
    placements = [
        factory.make_placement(dispatch=dispatch, venue=venue, edition=edition, **kwargs)
        for venue in venues
    ]
    return dispatch, placements


def test_it_prints_each_label_name_address_and_postal_code_in_order():
    rezekne = _school(
        name="Rēzeknes 1. vidusskola",
        address="Atbrīvošanas aleja 93, Rēzekne",
        postal_code="LV-4601",
    )
    ludza = factory.make_venue(
        name="Ludzas novada bērnu un jauniešu centrs",
        address="Raiņa iela 16",
        postal_code="LV-5701",
        municipality=factory.municipality("Ludzas novads"),
    )
    dispatch, _ = _dispatch_to([rezekne, ludza])

    pages = _pages(dispatch_print_pack(dispatch, letters=False))

    assert len(pages) == 1
    text = pages[0]
    # Sorted by name: Ludza before Rēzekne; each label name → street → postal line.
    expected = [
        "Ludzas novada bērnu un jauniešu centrs",
        "Raiņa iela 16",
        "LV-5701 Ludzas novads",
        "Rēzeknes 1. vidusskola",
        "Atbrīvošanas aleja 93, Rēzekne",
        "LV-4601",
    ]
    positions = [text.index(line) for line in expected]
    assert positions == sorted(positions)
    # The street line already names Rēzekne, so the postal line does not repeat it.
    assert "LV-4601 Rēzekne" not in text


def test_it_orders_venues_in_latvian_alphabet_and_numbers_by_value():
    names = ["Ģimnāzija Nr. 12", "Žagaru skola", "Čakas skola", "Ģimnāzija Nr. 2", "Cēsu skola"]
    dispatch, _ = _dispatch_to([_school(name=name, address="Skolas iela 1") for name in names])

    text = _pages(dispatch_print_pack(dispatch, letters=False))[0]

    order = ["Cēsu skola", "Čakas skola", "Ģimnāzija Nr. 2", "Ģimnāzija Nr. 12", "Žagaru skola"]
    positions = [text.index(name) for name in order]
    assert positions == sorted(positions)


def test_it_adds_the_town_the_address_does_not_name():
    rezeknes_novads = factory.municipality("Rēzeknes novads")
    place = rezeknes_novads.places.filter(kind="town").first()
    venue = factory.make_venue(
        name="Skola",
        address="Skolas iela 5",
        postal_code="LV-4630",
        municipality=rezeknes_novads,
        place=place,
    )
    dispatch, _ = _dispatch_to([venue])

    text = _pages(dispatch_print_pack(dispatch, letters=False))[0]

    assert f"Skolas iela 5, {place.name}" in text
    assert "LV-4630 Rēzeknes novads" in text


@pytest.mark.parametrize(
    ("venues", "layout", "label_pages"),
    [
        (30, "3x8", 2),
        (30, "3x7", 2),
        (25, "3x8", 2),
        (25, "3x7", 2),
        (24, "3x8", 1),
        (21, "3x7", 1),
    ],
)
def test_it_fills_label_sheets_page_by_page(venues, layout, label_pages):
    dispatch, _ = _dispatch_to(
        [_school(name=f"Skola {i:02d}", address=f"Skolas iela {i}") for i in range(venues)]
    )

    pages = _pages(dispatch_print_pack(dispatch, layout=layout, letters=False))

    assert len(pages) == label_pages
    per_page = {"3x8": 24, "3x7": 21}[layout]
    assert pages[0].count("Skola ") == min(venues, per_page)
    assert "Skola 00" in pages[0]
    assert f"Skola {venues - 1:02d}" in pages[-1]


def test_it_lists_venues_without_a_postal_address_on_a_last_page():
    school = _school(name="Dagdas vidusskola", address="Alejas iela 6")
    website = factory.make_venue(name="Draugiem.lv lapa", kind="website")
    town_only = _school(name="Bez adreses", address="")
    dispatch, placements = _dispatch_to([school, website, town_only])

    pages = _pages(dispatch_print_pack(dispatch))

    # One label page, one letter (the only venue with an address), the list.
    assert len(pages) == 3
    assert "Draugiem.lv lapa" not in pages[0] + pages[1]
    assert "Not printed: no postal address" in pages[2]
    assert "Draugiem.lv lapa" in pages[2]
    assert placements[2].code in pages[2]
    assert "Dagdas vidusskola" not in pages[2]


def test_it_shrinks_a_long_name_until_the_label_holds_it():
    register_fonts()
    grid = LAYOUTS["3x8"]
    width, height = grid.width - 2 * grid.padding_x, grid.height - 2 * grid.padding_y
    long_name = "Rēzeknes novada pašvaldības Maltas pirmsskolas izglītības iestādes filiāle " * 3
    lines = [(long_name, True), ("Skolas iela 5, Malta", False), ("LV-4630 Rēzeknes novads", False)]

    size, wrapped = fit_label(lines, width, height)

    assert size < 10.5
    assert len(wrapped) * size * 1.2 <= height
    for text, bold in wrapped:
        assert pdfmetrics_width(text, bold, size) <= width
    assert "".join(text for text, _ in wrapped).replace(" ", "") == "".join(
        text for text, _ in lines
    ).replace(" ", "")


@pytest.mark.parametrize("name", ["Š" * 400, "Rēzeknes novada skola " * 60])
def test_it_cuts_a_name_that_cannot_fit_even_at_the_smallest_size_but_keeps_the_address(name):
    register_fonts()
    grid = LAYOUTS["3x8"]
    width, height = grid.width - 2 * grid.padding_x, grid.height - 2 * grid.padding_y
    address = [("Skolas iela 5, Malta", False), ("LV-4630 Rēzeknes novads", False)]

    size, wrapped = fit_label([(name, True), *address], width, height)

    assert size == 5
    assert wrapped[-2:] == address
    assert wrapped[-3][0].endswith("…")
    assert len(wrapped) * size * 1.2 <= height
    assert all(pdfmetrics_width(text, bold, size) <= width for text, bold in wrapped)


def pdfmetrics_width(text, bold, size):
    from reportlab.pdfbase.pdfmetrics import stringWidth

    return stringWidth(text, BOLD if bold else REGULAR, size)


def test_it_writes_one_letter_per_venue_with_its_own_code_and_link():
    venues = [
        _school(name="Rēzeknes 1. vidusskola", address="Atbrīvošanas aleja 93, Rēzekne"),
        _school(name="Viļānu vidusskola", address="Kultūras laukums 1, Viļāni"),
    ]
    dispatch, placements = _dispatch_to(venues)

    pages = _pages(dispatch_print_pack(dispatch, labels=False))

    assert len(pages) == 2
    for page, placement in zip(pages, placements, strict=True):
        assert placement.venue.name in page
        assert placement.code in page
        assert f"{settings.PLAKATS_BASE_URL}/c/{placement.token}/" in page
        other = next(p for p in placements if p != placement)
        assert other.code not in page


def test_it_groups_a_venues_placements_into_one_letter_with_the_first_code():
    venue = _school(name="Kārsavas vidusskola", address="Vienības iela 51, Kārsava")
    dispatch = factory.make_dispatch()
    poster = factory.make_edition(material=factory.make_material(name="A2 plakāts: Drošs darbs"))
    leaflet = factory.make_edition(
        material=factory.make_material(name="Buklets: Uzticības tālrunis")
    )
    first = factory.make_placement(dispatch=dispatch, venue=venue, edition=poster, quantity=2)
    second = factory.make_placement(dispatch=dispatch, venue=venue, edition=leaflet, quantity=30)

    pages = _pages(dispatch_print_pack(dispatch))

    assert len(pages) == 2  # one label page, one letter
    assert pages[0].count("Kārsavas vidusskola") == 1
    letter = pages[1]
    assert "A2 plakāts: Drošs darbs × 2" in letter
    assert "Buklets: Uzticības tālrunis × 30" in letter
    assert first.code in letter
    assert second.code not in letter


def _qr_urls(content: bytes) -> list[str]:
    """Decode every image of every page of the PDF as a QR code with OpenCV.

    OpenCV's classic detector misses a few codes in a hundred even on perfect
    images (a phone's reader does not); its ArUco-based detector reads those.
    """
    urls = []
    detectors = [cv2.QRCodeDetector(), cv2.QRCodeDetectorAruco()]
    for page in PdfReader(io.BytesIO(content)).pages:
        for image in page.images:
            pixels = np.array(image.image.convert("L"))
            texts = (detector.detectAndDecode(pixels)[0] for detector in detectors)
            urls.append(next((text for text in texts if text), ""))
    return urls


def test_it_encodes_the_printed_link_in_the_qr_code():
    venues = [_school(name=f"Skola {i}", address=f"Skolas iela {i}") for i in range(3)]
    dispatch, placements = _dispatch_to(venues)

    urls = _qr_urls(dispatch_print_pack(dispatch, labels=False))

    assert urls == [f"{settings.PLAKATS_BASE_URL}/c/{p.token}/" for p in placements]


def test_it_writes_to_each_venue_in_its_language_and_falls_back_to_latvian():
    latvian = _school(name="Skola LV", address="Skolas iela 1", language="lv")
    russian = _school(name="Skola RU", address="Skolas iela 2", language="ru")
    english = _school(name="Skola EN", address="Skolas iela 3", language="en")
    dispatch, _ = _dispatch_to([english, latvian, russian])
    LetterTemplate.objects.filter(language="en").delete()

    pages = _pages(dispatch_print_pack(dispatch, labels=False))

    by_venue = {
        name: page
        for name in ("Skola EN", "Skola LV", "Skola RU")
        for page in pages
        if name in page
    }
    assert "Здравствуйте!" in by_venue["Skola RU"]
    assert "Материалы кампании" in by_venue["Skola RU"]
    assert "Labdien!" in by_venue["Skola LV"]
    assert "Labdien!" in by_venue["Skola EN"]  # no English letter any more
    assert "uzticības tālruni" in by_venue["Skola LV"]


def test_it_fills_every_placeholder_of_an_edited_letter(settings):
    settings.PLAKATS_ORGANISATION = "Biedrība “Gaišā māja” (demo)"
    settings.PLAKATS_CONTACT = "info@example.org"
    LetterTemplate.objects.filter(language="lv").update(
        title="Vēstule {venue}",
        body="{venue} | {address} | {code} | {organisation} | {contact} | {{literal}}",
    )
    venue = _school(
        name="Preiļu 1. pamatskola",
        address="Raiņa bulvāris 24",
        postal_code="LV-5301",
        municipality=factory.municipality("Preiļu novads"),
    )
    dispatch, (placement,) = _dispatch_to([venue])

    text = _pages(dispatch_print_pack(dispatch, labels=False))[0]

    assert "Vēstule Preiļu 1. pamatskola" in text
    assert (
        f"Preiļu 1. pamatskola | Raiņa bulvāris 24, LV-5301 Preiļu novads | {placement.code} | "
        "Biedrība “Gaišā māja” (demo) | info@example.org | {literal}"
    ) in text


def test_it_shrinks_a_letter_too_long_for_its_page_onto_that_page():
    LetterTemplate.objects.filter(language="lv").update(
        body="\n\n".join(f"Rindkopa {i}: {{venue}} lūdzam izvietot plakātu." for i in range(80))
        + "\n\nBeigas {code}"
    )
    venues = [_school(name=f"Skola {i}", address="Skolas iela 1") for i in range(2)]
    dispatch, placements = _dispatch_to(venues)

    pages = _pages(dispatch_print_pack(dispatch, labels=False))

    assert len(pages) == 2
    assert "Rindkopa 79: Skola 0" in pages[0]
    assert f"Beigas {placements[0].code}" in pages[0]


def test_it_refuses_an_empty_pack_and_a_pack_without_letters_to_print():
    with pytest.raises(DomainError):
        dispatch_print_pack(factory.make_dispatch())
    _dispatch, placements = _dispatch_to([_school(address="Skolas iela 1")])
    with pytest.raises(DomainError):
        build_print_pack(placements, letters=True, labels=False, templates={})


def test_it_renders_the_first_pages_as_pictures_for_the_docs():
    """Page 1 (labels) and 2 (a letter) as PNG in build/screenshots (and docs/ when asked)."""
    names = [
        ("Ābeļu pamatskola (demo)", "Skolas iela 1, Rēzekne", "LV-4601", "Rēzekne"),
        ("Ķiršu vidusskola (demo)", "Dārza iela 12, Daugavpils", "LV-5401", "Daugavpils"),
        ("Ozolu jauniešu centrs (demo)", "Parka iela 3", "LV-5701", "Ludzas novads"),
        ("Liepu pamatskola (demo)", "Ezera iela 8", "LV-5601", "Krāslavas novads"),
        ("Bērzu vidusskola (demo)", "Rīgas iela 24", "LV-5301", "Preiļu novads"),
        ("Gobu ģimnāzija (demo)", "Brīvības iela 16", "LV-4501", "Balvu novads"),
        ("Egļu vidusskola (demo)", "Kultūras laukums 1, Viļāni", "LV-4650", "Rēzeknes novads"),
        ("Vītolu pamatskola (demo)", "Domes iela 2", "LV-5316", "Līvānu novads"),
    ]
    venues = [
        factory.make_venue(
            name=name, address=address, postal_code=code, municipality=factory.municipality(muni)
        )
        for name, address, code, muni in names
    ]
    poster = factory.make_material(name="A2 plakāts: Drošs darbs ārzemēs")
    dispatch, _ = _dispatch_to(venues, edition=factory.make_edition(material=poster), quantity=2)
    build = Path(settings.BASE_DIR) / "build" / "screenshots"
    build.mkdir(parents=True, exist_ok=True)
    pdf = build / "print-pack.pdf"
    pdf.write_bytes(dispatch_print_pack(dispatch))
    for page, name in ((1, "print-pack-page1"), (2, "print-pack-letter")):
        subprocess.run(
            [
                "pdftoppm",
                "-png",
                "-r",
                "80",
                "-f",
                str(page),
                "-l",
                str(page),
                "-singlefile",
                str(pdf),
                str(build / name),
            ],
            check=True,
        )
        picture = build / f"{name}.png"
        assert picture.stat().st_size > 10_000
        if os.environ.get("PLAKATS_DOCS_SCREENSHOTS") == "1":
            docs = Path(settings.BASE_DIR) / "docs" / "screenshots"
            docs.mkdir(parents=True, exist_ok=True)
            shutil.copy(picture, docs / picture.name)
