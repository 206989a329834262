"""The funder report PDF: Latvian letters as text, the map and the chart as images, page numbers."""

import os
import shutil
import subprocess
from io import BytesIO
from pathlib import Path

from django.conf import settings
from PIL import Image
from pypdf import PdfReader

from plakats.reports import services
from plakats.reports.figures import build_figures
from plakats.reports.queries import Scope

from .funder_data import PERIOD

PDFTOPPM = ["pdftoppm", "-png", "-r", "80", "-singlefile"]


def _pdf(world, lang: str) -> tuple[bytes, object]:
    figures = build_figures(Scope(world["campaign"], *PERIOD), lang)
    return services.render_pdf(figures), figures


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(BytesIO(pdf)).pages)


def test_it_prints_latvian_letters_as_text(funder_world):
    pdf, _figures = _pdf(funder_world, "lv")
    text = _text(pdf)
    for words in (
        "Drošs darbs ārzemēs (demo)",
        "Skolas Latgalē",
        "Latgales plānošanas reģions",
        "Rēzekne",
        "Biedrība “Gaišā māja” (demo)",
        "Fonds “Drošība” (demo)",
    ):
        assert words in text, words


def test_it_carries_the_cover_summary_tables_and_definition_in_english(funder_world):
    pdf, figures = _pdf(funder_world, "en")
    text = _text(pdf)
    assert "Funder report" in text
    assert "Summary indicators" in text
    assert "Venues reached by planning region" in text
    assert "Materials and quantities distributed" in text
    assert "Confirmation rate" in text and "33.3 %" in text  # 1 of 3 sent out confirmed
    assert "50.0 %" in text  # Skolas Latgalē: 2 of 4
    assert figures.definition.split(".")[0] in text.replace("\n", " ")
    pages = len(PdfReader(BytesIO(pdf)).pages)
    assert f"page 1 of {pages}" in text and f"page {pages} of {pages}" in text


def _image_sizes(pdf: bytes) -> list[tuple[int, int]]:
    sizes = []
    for page in PdfReader(BytesIO(pdf)).pages:
        xobjects = page["/Resources"].get("/XObject") or {}
        for ref in xobjects.values():
            obj = ref.get_object()
            if obj["/Subtype"] == "/Image":
                sizes.append((int(obj["/Width"]), int(obj["/Height"])))
    return sizes


def test_it_contains_the_map_and_the_timeline_chart(funder_world):
    pdf, figures = _pdf(funder_world, "lv")
    map_size = Image.open(BytesIO(services.map_png(figures))).size
    chart_size = Image.open(BytesIO(services.chart_png(figures))).size
    assert map_size != chart_size
    sizes = _image_sizes(pdf)
    assert map_size in sizes
    assert chart_size in sizes


def test_it_renders_the_first_two_pages_as_pictures_for_the_docs(funder_world):
    pdf, _figures = _pdf(funder_world, "lv")
    build = Path(settings.BASE_DIR) / "build" / "screenshots"
    build.mkdir(parents=True, exist_ok=True)
    path = build / "report.pdf"
    path.write_bytes(pdf)
    for page in (1, 2):
        name = f"report-page{page}"
        subprocess.run(
            [*PDFTOPPM, "-f", str(page), "-l", str(page), str(path), str(build / name)],
            check=True,
        )
        picture = build / f"{name}.png"
        assert picture.stat().st_size > 10_000
        if os.environ.get("PLAKATS_DOCS_SCREENSHOTS") == "1":
            docs = Path(settings.BASE_DIR) / "docs" / "screenshots"
            docs.mkdir(parents=True, exist_ok=True)
            shutil.copy(picture, docs / picture.name)
