"""The print pack speaks two languages at once: the staff's (Latvian) on its own pages,
each venue's on its cover letter, with the letter's date written that language's way."""

import io
from datetime import date

import pytest
from django.utils import translation
from pypdf import PdfReader

from plakats.core.tests import factory
from plakats.distribution.printpack import build_print_pack

pytestmark = pytest.mark.django_db


def _pages(content: bytes) -> list[str]:
    return [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(content)).pages]


@pytest.fixture
def pack() -> list[str]:
    """A pack printed by a Latvian coordinator on 29 November 2026 (letters only).

    Venues by name: a Latvian school, a Russian-speaking club, one without an address.
    """
    dispatch = factory.make_dispatch()
    venues = [
        factory.make_venue(name="A skola", address="Skolas iela 1", language="lv"),
        factory.make_venue(name="B klubs", address="Rīgas iela 2", language="ru"),
        factory.make_venue(name="C lapa", kind="website"),
    ]
    placements = [factory.make_placement(dispatch=dispatch, venue=venue) for venue in venues]
    with translation.override("lv"):
        return _pages(build_print_pack(placements, labels=False, on=date(2026, 11, 29)))


def test_it_writes_the_latvian_letter_and_its_date_in_latvian(pack):
    latvian = pack[0]

    assert "Kampaņas materiāli jūsu iestādei" in latvian
    assert "2026. gada 29. novembris" in latvian
    assert "Campaign materials" not in latvian and "Nov 2026" not in latvian


def test_it_writes_the_russian_letter_and_its_date_in_russian(pack):
    russian = pack[1]

    assert "Материалы кампании для вашего учреждения" in russian
    assert "29 ноября 2026 г." in russian  # noqa: RUF001 (Cyrillic on purpose)


def test_it_lists_the_venues_not_printed_in_latvian(pack):
    not_printed = pack[2]

    assert "Nav izdrukāts: nav pasta adreses" in not_printed
    assert "C lapa" in not_printed
    assert "Not printed" not in not_printed and "postal address" not in not_printed
