"""The XLSX opens with openpyxl, keeps numbers as numbers, and equals the report page's figures."""

from datetime import datetime
from html.parser import HTMLParser
from io import BytesIO

from django.urls import reverse
from openpyxl import load_workbook

from .funder_data import PERIOD


class _Tables(HTMLParser):
    """Collect ``data-value`` of every cell of the page's ``funder-table`` tables."""

    def __init__(self):
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self._key = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table" and "data-section" in attrs:
            self._key = attrs["data-section"]
            self.tables[self._key] = []
        elif self._key and tag == "tr":
            self.tables[self._key].append([])
        elif self._key and tag == "td" and "data-value" in attrs:
            self.tables[self._key][-1].append(attrs.get("data-value"))

    def handle_endtag(self, tag):
        if tag == "table":
            self._key = None


def _page_tables(client, params) -> dict[str, list[list[str]]]:
    response = client.get(reverse("reports:funder"), params)
    assert response.status_code == 200
    parser = _Tables()
    parser.feed(response.content.decode())
    return {key: [row for row in rows if row] for key, rows in parser.tables.items()}


def _as_page_text(value) -> str:
    """A workbook value as the page writes it in ``data-value`` (0.0 reads back as 0)."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    return str(value)


def _same(text: str):
    """Numbers compare as numbers, everything else as text."""
    try:
        return float(text)
    except ValueError:
        return text


def _params(world, lang="en"):
    return {
        "campaign": world["campaign"].pk,
        "start": PERIOD[0].isoformat(),
        "end": PERIOD[1].isoformat(),
        "region": "",
        "lang": lang,
    }


def test_it_equals_the_page_figures_cell_for_cell(client_for, funder_world):
    client = client_for("viewer")
    page = _page_tables(client, _params(funder_world))
    response = client.get(reverse("reports:funder"), {**_params(funder_world), "format": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    workbook = load_workbook(BytesIO(response.content))
    sheets = workbook.worksheets
    summary = [
        [_as_page_text(c) for c in row[1:2]]
        for row in sheets[1].iter_rows(min_row=2, values_only=True)
    ]
    assert [[_same(c) for c in row] for row in summary] == [
        [_same(c) for c in row] for row in page.pop("summary")
    ]
    assert len(sheets) == 2 + len(page)
    for sheet, (key, rows) in zip(sheets[2:], page.items(), strict=True):
        cells = [
            [_as_page_text(c) for c in row]
            for row in sheet.iter_rows(min_row=2, max_row=1 + len(rows), values_only=True)
        ]
        assert [[_same(c) for c in row] for row in cells] == [
            [_same(c) for c in row] for row in rows
        ], key


def test_it_keeps_numbers_as_numbers_worked_out_by_hand(client_for, funder_world):
    client = client_for("viewer")
    response = client.get(reverse("reports:funder"), {**_params(funder_world), "format": "xlsx"})
    sheets = {ws.title: ws for ws in load_workbook(BytesIO(response.content)).worksheets}
    targets = list(sheets["Targets vs reached"].iter_rows(min_row=2, values_only=True))
    # Izdalītie eksemplāri: 6 of 20 items; Skolas Latgalē: 2 of 4 schools.
    assert [row[3:] for row in targets] == [(20, 6, 0.3), (4, 2, 0.5)]
    confirmation = sheets["Confirmation rate"]
    assert [c.value for c in confirmation[2]] == [3, 1, round(1 / 3, 4)]
    assert confirmation["C2"].number_format == "0.0%"
    materials = list(
        sheets["Materials and quantities distri"].iter_rows(min_row=2, max_row=2, values_only=True)
    )
    assert materials == [("A2 plakāts: Drošs darbs (demo) (lv, 2025-1)", 3, 6)]
    assert isinstance(sheets["Timeline per week"]["A3"].value, datetime)
