"""``manage.py report`` writes the funder report and refuses bad input with a clear message."""

from io import BytesIO, StringIO

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook
from pypdf import PdfReader


def _run(*args) -> str:
    out = StringIO()
    call_command("report", *args, stdout=out)
    return out.getvalue()


def test_it_writes_a_pdf_by_campaign_name(funder_world, tmp_path):
    path = tmp_path / "report.pdf"
    args = ["--format", "pdf", "--lang", "lv", "--output", str(path)]
    _run("Drošs darbs ārzemēs (demo)", *args, "--from", "2025-03-01", "--to", "2025-03-31")
    text = "".join(p.extract_text() for p in PdfReader(BytesIO(path.read_bytes())).pages)
    assert "Skolas Latgalē" in text


def test_it_writes_an_xlsx_by_id_for_a_region(funder_world, tmp_path):
    path = tmp_path / "report.xlsx"
    campaign = funder_world["campaign"]
    _run(
        str(campaign.pk),
        "--format",
        "xlsx",
        "--lang",
        "en",
        "--output",
        str(path),
        "--region",
        funder_world["latgale"].code,
    )
    sheets = {ws.title: ws for ws in load_workbook(path).worksheets}
    regions = list(sheets["Venues reached by planning regi"].iter_rows(min_row=2, values_only=True))
    # Latgale only: A, B reached of A, B, C.
    assert regions == [("Latgales plānošanas reģions", 3, 2, round(2 / 3, 4))]
    assert sheets["Report"]["B4"].value == campaign.starts_on.isoformat()  # the default period


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["Nav tādas kampaņas"], "No campaign with the id or exact name “Nav tādas kampaņas”"),
        (["999999"], "No campaign with the id or exact name “999999”"),
        (["CAMPAIGN", "--from", "1.3.2025"], "--from: “1.3.2025” is not a date"),
        (["CAMPAIGN", "--from", "2025-04-01", "--to", "2025-03-01"], "cannot end"),
        (["CAMPAIGN", "--region", "atlantis"], "No planning region with the code “atlantis”"),
    ],
)
def test_it_refuses_bad_input_clearly(funder_world, tmp_path, args, message):
    args = [str(funder_world["campaign"].pk) if a == "CAMPAIGN" else a for a in args]
    path = tmp_path / "report.pdf"
    with pytest.raises(CommandError, match=message):
        _run(*args, "--format", "pdf", "--output", str(path))
    assert not path.exists()


def test_it_refuses_an_output_folder_that_does_not_exist(funder_world, tmp_path):
    with pytest.raises(CommandError, match="does not exist"):
        _run(
            str(funder_world["campaign"].pk),
            "--format",
            "pdf",
            "--output",
            str(tmp_path / "nav" / "r.pdf"),
        )
