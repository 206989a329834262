"""The funder report as an XLSX workbook (openpyxl), from the same ``Figures`` as the PDF.

One sheet "about the report" (cover facts and the definition used), one with the
summary indicators, then one sheet per section. Numbers are stored as numbers
(shares as fractions with a percent format), never as text.
"""

import re
from datetime import date
from io import BytesIO

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from .figures import DATE, INT, PERCENT, Figures

HEAD_FILL = PatternFill("solid", fgColor="29547F")
HEAD_FONT = Font(bold=True, color="FFFFFF")
FORMATS = {INT: "#,##0", PERCENT: "0.0%"}
_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")


def sheet_title(title: str, used: set[str]) -> str:
    """A valid, unique sheet name (31 characters, none of ``[]:*?/\\``)."""
    base = _BAD_SHEET_CHARS.sub(" ", title).strip()[:31] or "Sheet"
    name, n = base, 2
    while name.lower() in used:
        suffix = f" ({n})"
        name = base[: 31 - len(suffix)] + suffix
        n += 1
    used.add(name.lower())
    return name


def _header(ws, labels: list[str]) -> None:
    ws.append(labels)
    for cell in ws[ws.max_row]:
        cell.fill = HEAD_FILL
        cell.font = HEAD_FONT
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = f"A{ws.max_row + 1}"


def _widths(ws, first: int = 45, rest: int = 16) -> None:
    for index in range(1, ws.max_column + 1):
        ws.column_dimensions[get_column_letter(index)].width = first if index == 1 else rest


def _cell_value(value, kind: str):
    if kind == DATE and value:
        return date.fromisoformat(value)
    return value


def render(figures: Figures) -> bytes:
    """Return the workbook's bytes (call inside ``translation.override(figures.lang)``)."""
    wb = Workbook()
    used: set[str] = set()

    about = wb.active
    about.title = sheet_title(_("Report"), used)
    for label, value in [
        (_("Funder report"), figures.campaign),
        (_("Funder"), figures.funder),
        (_("Period"), figures.period_label()),
        (_("From"), figures.period_start),
        (_("Until"), figures.period_end),
        (_("Area"), figures.region or _("the whole country")),
        (_("Prepared by"), figures.organisation),
        (_("Date"), figures.generated_at[:10]),
        (_("Definition used"), figures.definition),
    ]:
        about.append([label, value])
        about.cell(row=about.max_row, column=1).font = Font(bold=True)
    about.column_dimensions["A"].width = 24
    about.column_dimensions["B"].width = 100
    about.cell(row=about.max_row, column=2).alignment = Alignment(wrap_text=True)

    summary = wb.create_sheet(sheet_title(_("Summary indicators"), used))
    _header(summary, [_("Indicator"), _("Reached"), _("Goal")])
    for ind in figures.indicators:
        summary.append([ind.label, ind.value, ind.goal])
        cell = summary.cell(row=summary.max_row, column=2)
        cell.number_format = FORMATS.get(ind.kind, "General")
    _widths(summary)

    for section in figures.sections:
        ws = wb.create_sheet(sheet_title(section.title, used))
        _header(ws, [c.label for c in section.columns])
        for row in section.rows:
            ws.append([_cell_value(v, c.kind) for v, c in zip(row, section.columns, strict=True)])
            for index, column in enumerate(section.columns, start=1):
                cell = ws.cell(row=ws.max_row, column=index)
                if column.kind in FORMATS:
                    cell.number_format = FORMATS[column.kind]
                elif column.kind == DATE:
                    cell.number_format = "yyyy-mm-dd"
        if section.note:
            ws.append([])
            ws.append([section.note])
        _widths(ws)

    # Fixed document properties: the same figures give the same workbook contents.
    wb.properties.creator = figures.organisation
    wb.properties.title = f"{_('Funder report')}: {figures.campaign}"
    buffer = BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
