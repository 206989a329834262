"""The funder report in Latvian: Latvian headings, dates and numbers, no English left over."""

from io import BytesIO

from openpyxl import load_workbook
from pypdf import PdfReader

from plakats.reports import services
from plakats.reports.figures import build_figures
from plakats.reports.queries import Scope

from .funder_data import PERIOD

ENGLISH_HEADINGS = ("Funder report", "Summary indicators", "Confirmation rate", "Indicator", "Goal")


def _figures(world):
    return build_figures(Scope(world["campaign"], *PERIOD), "lv")


def test_it_prints_the_pdf_in_latvian(funder_world):
    pdf = services.render_pdf(_figures(funder_world))
    text = " ".join(page.extract_text() for page in PdfReader(BytesIO(pdf)).pages)
    text = " ".join(text.split())

    for words in (
        "Atskaite finansētājam",
        "Kopsavilkuma rādītāji",
        "Apstiprinājumu īpatsvars",
        "Sasniegtās vietas pa plānošanas reģioniem",
        "2025. gada 1. marts – 2025. gada 31. marts",
        "33,3 %",  # 1 of 3 sent out confirmed
        "lapa 1 no",
    ):
        assert words in text, words
    for words in (*ENGLISH_HEADINGS, "page 1 of", "33.3 %"):
        assert words not in text, words


def test_it_writes_the_workbook_in_latvian(funder_world):
    workbook = load_workbook(BytesIO(services.render_xlsx(_figures(funder_world))))
    texts = {
        str(cell.value)
        for sheet in workbook.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if isinstance(cell.value, str)
    }

    assert {"Atskaite", "Kopsavilkuma rādītāji"} <= set(workbook.sheetnames)
    assert {"Atskaite finansētājam", "Periods", "Rādītājs", "Sasniegts", "Mērķrādītājs"} <= texts
    assert texts.isdisjoint({*ENGLISH_HEADINGS, "Period", "Reached", "Prepared by"})
