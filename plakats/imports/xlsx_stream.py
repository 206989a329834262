"""A streaming XLSX writer for exports: one sheet, rows written as they come.

openpyxl's write-only workbook built an element per cell and wrote about
3,000 placement rows a second, XlsxWriter's constant-memory mode about 6,000;
an export has a fixed set of cell kinds, so this module writes the sheet's XML
as text straight into the zip entry (deflated while it is written) and reaches
several times that. The rest of the package (styles, workbook, content types)
is a few fixed parts.

What it writes: text as inline strings (without the characters XML cannot
hold, cut at Excel's 32,767; text that starts like a formula gets Excel's
"quote prefix" style, so it is never evaluated), ints, floats,
Decimals and booleans as numbers and booleans, dates and naive date-times as
Excel serial numbers with a date or date-time format, None as no cell; a bold
header row frozen at the top, column widths and an autofilter over the used
range. Aware date-times are written in ``tz``; other types go through ``plain``
first (the export engine's reduction to the types above).
"""

import math
import zipfile
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, date, datetime, tzinfo
from decimal import Decimal
from typing import IO, Any
from xml.sax.saxutils import escape, quoteattr

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.utils import get_column_letter

# Cell styles (indexes into cellXfs below).
DATE_STYLE = 1
DATETIME_STYLE = 2
HEADER_STYLE = 3
QUOTE_STYLE = 4

_EXCEL_EPOCH = datetime(1899, 12, 30)
_EXCEL_EPOCH_DAY = _EXCEL_EPOCH.toordinal()
_TEXT_CACHE_SIZE = 4096
# Excel refuses to open a file with a longer cell.
XLSX_MAX_TEXT = 32767
_FLUSH_ROWS = 500

_OOXML = "http://schemas.openxmlformats.org"
_RELATIONSHIPS = f"{_OOXML}/officeDocument/2006/relationships"
_SPREADSHEET = "application/vnd.openxmlformats-officedocument.spreadsheetml"
_MAIN = f"{_OOXML}/spreadsheetml/2006/main"
_XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_CONTENT_TYPES = (
    f'{_XML_DECLARATION}<Types xmlns="{_OOXML}/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    f'<Override PartName="/xl/workbook.xml" ContentType="{_SPREADSHEET}.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    f'ContentType="{_SPREADSHEET}.worksheet+xml"/>'
    f'<Override PartName="/xl/styles.xml" ContentType="{_SPREADSHEET}.styles+xml"/>'
    "</Types>"
)
_ROOT_RELS = (
    f'{_XML_DECLARATION}<Relationships xmlns="{_OOXML}/package/2006/relationships">'
    f'<Relationship Id="rId1" Type="{_RELATIONSHIPS}/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)
_WORKBOOK_RELS = (
    f'{_XML_DECLARATION}<Relationships xmlns="{_OOXML}/package/2006/relationships">'
    f'<Relationship Id="rId1" Type="{_RELATIONSHIPS}/worksheet" Target="worksheets/sheet1.xml"/>'
    f'<Relationship Id="rId2" Type="{_RELATIONSHIPS}/styles" Target="styles.xml"/>'
    "</Relationships>"
)
_STYLES = (
    f'{_XML_DECLARATION}<styleSheet xmlns="{_MAIN}">'
    '<numFmts count="2"><numFmt numFmtId="164" formatCode="{date}"/>'
    '<numFmt numFmtId="165" formatCode="{datetime}"/></numFmts>'
    '<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>'
    '<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="5"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" quotePrefix="1"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)
_WORKBOOK = (
    f'{_XML_DECLARATION}<workbook xmlns="{_MAIN}" xmlns:r="{_RELATIONSHIPS}">'
    "<bookViews><workbookView/></bookViews>"
    '<sheets><sheet name={title} sheetId="1" r:id="rId1"/></sheets>'
    '<definedNames><definedName name="_xlnm._FilterDatabase" localSheetId="0" hidden="1">'
    "{filter}</definedName></definedNames>"
    "</workbook>"
)
_SHEET_START = (
    f'{_XML_DECLARATION}<worksheet xmlns="{_MAIN}" xmlns:r="{_RELATIONSHIPS}">'
    '<sheetViews><sheetView workbookViewId="0">'
    '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
    '<selection pane="bottomLeft" activeCell="A2" sqref="A2"/>'
    "</sheetView></sheetViews>"
    '<sheetFormatPr defaultRowHeight="15"/>'
)


def _number(value: float | Decimal) -> str | None:
    """A number's text for a ``<v>``, or None when Excel has no such number (inf, NaN)."""
    number = float(value)
    return repr(number) if math.isfinite(number) else None


class StreamingSheet:
    """One worksheet written row by row into an XLSX package at ``target``.

    ``header(names)`` once, ``append(values)`` per row, then ``close()``
    (or ``abort()`` after a failure).
    """

    def __init__(
        self,
        target: str | IO[bytes],
        title: str,
        widths: Sequence[float],
        *,
        date_format: str,
        datetime_format: str,
        formula_prefixes: tuple[str, ...] = ("=", "+", "-", "@", "\t", "\r"),
        tz: tzinfo = UTC,
        plain: Callable[[Any], Any] = lambda value: value,
    ):
        self.title = title
        self.columns = max(len(widths), 1)
        self.letters = [get_column_letter(index) for index in range(1, self.columns + 1)]
        self.rows = 0
        self.date_format, self.datetime_format = date_format, datetime_format
        self.formula_prefixes = formula_prefixes
        self.tz, self.plain = tz, plain
        self._zip = zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=1)
        self._sheet = self._zip.open("xl/worksheets/sheet1.xml", "w", force_zip64=True)
        self._pending: list[str] = []
        self._texts: dict[str, str] = {}
        cols = "".join(
            f'<col min="{index}" max="{index}" width="{width}" customWidth="1"/>'
            for index, width in enumerate(widths, 1)
        )
        self._write(_SHEET_START + (f"<cols>{cols}</cols>" if cols else "") + "<sheetData>")

    def _write(self, text: str) -> None:
        self._sheet.write(text.encode())

    def _text_cell(self, text: str) -> str | None:
        """A text cell after its ``r`` attribute (cached: texts repeat); None when empty."""
        cell = self._texts.get(text)
        if cell is None:
            clean = ILLEGAL_CHARACTERS_RE.sub("", text)[:XLSX_MAX_TEXT]
            if not clean:
                return None
            space = ' xml:space="preserve"' if clean != clean.strip() else ""
            style = f' s="{QUOTE_STYLE}"' if clean.startswith(self.formula_prefixes) else ""
            cell = f'{style} t="inlineStr"><is><t{space}>{escape(clean)}</t></is></c>'
            if len(self._texts) >= _TEXT_CACHE_SIZE:
                self._texts.clear()
            self._texts[text] = cell
        return cell

    def header(self, names: Iterable[str]) -> None:
        """Write the bold header row (must come first)."""
        self.rows += 1
        cells = []
        for letter, name in zip(self.letters, names, strict=False):
            clean = ILLEGAL_CHARACTERS_RE.sub("", name)
            if clean:
                space = ' xml:space="preserve"' if clean != clean.strip() else ""
                cells.append(
                    f'<c r="{letter}1" s="{HEADER_STYLE}" t="inlineStr">'
                    f"<is><t{space}>{escape(clean)}</t></is></c>"
                )
        self._pending.append(f'<row r="1">{"".join(cells)}</row>')

    def append(self, values: Sequence[Any]) -> None:
        """Add one row (see the module's docstring for the values it takes)."""
        self.rows += 1
        n = self.rows
        cells = []
        add = cells.append
        texts = self._texts
        for letter, value in zip(self.letters, values, strict=False):
            kind = type(value)
            if kind is str:
                cell = texts.get(value) or self._text_cell(value)
                if cell is not None:
                    add(f'<c r="{letter}{n}"{cell}')
            elif kind is int:
                add(f'<c r="{letter}{n}"><v>{value}</v></c>')
            elif value is None:
                continue
            elif kind is datetime:
                add(self._datetime_cell(f"{letter}{n}", value))
            elif kind is date:
                serial = value.toordinal() - _EXCEL_EPOCH_DAY
                add(f'<c r="{letter}{n}" s="{DATE_STYLE}"><v>{serial}</v></c>')
            else:
                add(self._other_cell(f"{letter}{n}", value))
        self._pending.append(f'<row r="{n}">{"".join(cells)}</row>')
        if len(self._pending) >= _FLUSH_ROWS:
            self._write("".join(self._pending))
            self._pending = []

    def _datetime_cell(self, ref: str, value: datetime) -> str:
        if value.tzinfo is not None:
            value = value.astimezone(self.tz).replace(tzinfo=None)
        delta = value - _EXCEL_EPOCH
        serial = delta.days + (delta.seconds + delta.microseconds / 1e6) / 86400
        return f'<c r="{ref}" s="{DATETIME_STYLE}"><v>{serial!r}</v></c>'

    def _other_cell(self, ref: str, value: Any) -> str:
        """A cell of a less common type, after ``plain`` has reduced it."""
        value = self.plain(value)
        if value is None:
            return ""
        if isinstance(value, bool):
            return f'<c r="{ref}" t="b"><v>{int(value)}</v></c>'
        if isinstance(value, int | float | Decimal) and (number := _number(value)):
            return f'<c r="{ref}"><v>{number}</v></c>'
        if isinstance(value, datetime):
            return self._datetime_cell(ref, value)
        if isinstance(value, date):
            serial = value.toordinal() - _EXCEL_EPOCH_DAY
            return f'<c r="{ref}" s="{DATE_STYLE}"><v>{serial}</v></c>'
        cell = self._text_cell(str(value))
        return f'<c r="{ref}"{cell}' if cell is not None else ""

    def close(self) -> None:
        """Finish the sheet with its autofilter and write the package's other parts."""
        last = f"{self.letters[-1]}{max(self.rows, 1)}"
        self._pending.append(f'</sheetData><autoFilter ref="A1:{last}"/></worksheet>')
        self._write("".join(self._pending))
        self._pending = []
        self._sheet.close()
        sheet_name = self.title.replace("'", "''")
        filter_range = escape(f"'{sheet_name}'!$A$1:${self.letters[-1]}${max(self.rows, 1)}")
        styles = _STYLES.replace("{date}", escape(self.date_format, {'"': "&quot;"})).replace(
            "{datetime}", escape(self.datetime_format, {'"': "&quot;"})
        )
        workbook = _WORKBOOK.replace("{title}", quoteattr(self.title)).replace(
            "{filter}", filter_range
        )
        for name, text in (
            ("[Content_Types].xml", _CONTENT_TYPES),
            ("_rels/.rels", _ROOT_RELS),
            ("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS),
            ("xl/workbook.xml", workbook),
            ("xl/styles.xml", styles),
        ):
            self._zip.writestr(name, text)
        self._zip.close()

    def abort(self) -> None:
        """Close the zip after a failure (the target is not a valid workbook)."""
        try:
            self._sheet.close()
        finally:
            self._zip.close()
