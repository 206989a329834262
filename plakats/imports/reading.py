"""Reading spreadsheet files as they really come: CSV from Excel in Latvia, XLSX, ODS.

What a file gives is a ``Sheet``: its non-empty rows, each with the row number
a person sees when they open the file, and the cells as they are stored:
text stays text (a registration code "0004123" keeps its zeros), numbers stay
numbers, dates stay dates. A cell holding a formula is returned as a
``Formula`` and an error value (#N/A) as an ``ErrorValue``, never evaluated:
the import reports them as errors of that row.

Every way a file can be unusable ends in ``ImportFileError`` with a message
for the user: too big, not a spreadsheet at all, text in an unknown encoding,
an old .xls, a zip that would unpack to far more than it weighs (a zip bomb),
or XML with entity declarations (refused by defusedxml, which this module
installs over the standard library's XML parsers before anything is parsed).
"""

import codecs
import csv
import io
import os
import re
import unicodedata
import warnings
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal

import defusedxml
from defusedxml import DefusedXmlException
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from plakats.core.errors import DomainError

from .bulk import gc_paused

with warnings.catch_warnings():
    # defusedxml imports its deprecated cElementTree shim while patching; nothing to act on.
    warnings.simplefilter("ignore", DeprecationWarning)
    defusedxml.defuse_stdlib()

MEGABYTE = 1024 * 1024
DEFAULT_MAX_BYTES = 20 * MEGABYTE
DEFAULT_MAX_UNZIPPED_BYTES = 200 * MEGABYTE
DEFAULT_MAX_ROWS = 200_000
# Real spreadsheets compress 5-30 times; a zip entry packed more than this is built to explode.
MAX_COMPRESSION_RATIO = 200
RATIO_CHECK_FROM_BYTES = MEGABYTE
MAX_ZIP_ENTRIES = 5000
MAX_COLUMNS = 500
SAMPLE_CHARS = 64 * 1024
DELIMITERS = ";,\t|"

XLS_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
# Exports neutralise cells that a spreadsheet would run as a formula with a leading apostrophe.
NEUTRALISED = re.compile(r"'(?=[=+\-@\t\r])")


class ImportFileError(DomainError):
    """The file as a whole cannot be read; nothing in it is imported."""


@dataclass(frozen=True, slots=True)
class Formula:
    """A cell that holds a formula: reported, never evaluated."""

    text: str


@dataclass(frozen=True, slots=True)
class ErrorValue:
    """A cell that shows a spreadsheet error such as #N/A or #REF!."""

    text: str


Cell = str | int | float | Decimal | date | datetime | bool | Formula | ErrorValue | None


@dataclass
class Sheet:
    """The rows of one sheet (or a CSV file) that have anything in them."""

    rows: list[tuple[int, list[Cell]]]
    format: str
    name: str = ""
    sheet_names: list[str] = field(default_factory=list)
    encoding: str = ""
    delimiter: str = ""
    # How many rows the file says it has (before reading them all); a guess, or None.
    estimated_rows: int | None = None


def max_bytes() -> int:
    return getattr(settings, "PLAKATS_IMPORT_MAX_BYTES", DEFAULT_MAX_BYTES)


def max_unzipped_bytes() -> int:
    return getattr(settings, "PLAKATS_IMPORT_MAX_UNZIPPED_BYTES", DEFAULT_MAX_UNZIPPED_BYTES)


def max_rows() -> int:
    return getattr(settings, "PLAKATS_IMPORT_MAX_ROWS", DEFAULT_MAX_ROWS)


def not_a_spreadsheet() -> ImportFileError:
    return ImportFileError(_("This is not a CSV, XLSX or ODS file."))


def check_size(size: int) -> None:
    """Refuse a file over the upload cap before reading a byte of it."""
    if size > max_bytes():
        raise ImportFileError(
            _("The file is %(size)s; files of at most %(limit)s can be imported.")
            % {"size": filesizeformat(size), "limit": filesizeformat(max_bytes())}
        )
    if size == 0:
        raise ImportFileError(_("The file is empty."))


def read_path(path: str | os.PathLike, *, sheet: str = "", limit: int | None = None) -> Sheet:
    """Read a file from disk, checking its size first (a huge file is never loaded)."""
    try:
        check_size(os.stat(path).st_size)
        with open(path, "rb") as handle:
            data = handle.read(max_bytes() + 1)
    except OSError as exc:
        raise ImportFileError(
            _("The file cannot be opened: %(reason)s") % {"reason": exc.strerror}
        ) from None
    return read_bytes(data, sheet=sheet, limit=limit)


@gc_paused()
def read_bytes(data: bytes, *, sheet: str = "", limit: int | None = None) -> Sheet:
    """Read a whole file's bytes; ``limit`` stops after that many non-empty rows."""
    check_size(len(data))
    kind = detect_format(data)
    if kind == "xlsx":
        return read_xlsx(data, sheet=sheet, limit=limit)
    if kind == "ods":
        return read_ods(data, sheet=sheet, limit=limit)
    return read_csv(data, limit=limit)


def detect_format(data: bytes) -> str:
    """Say what the bytes are by their content, not by the file's name."""
    if data.startswith(XLS_MAGIC):
        raise ImportFileError(
            _("Old Excel files (.xls) cannot be read. Save the file as XLSX or CSV and try again.")
        )
    if data.startswith(ZIP_MAGIC):
        names = check_zip(data)
        if "mimetype" in names:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                if archive.read("mimetype").strip().startswith(ODS_MIMETYPE):
                    return "ods"
        if "xl/workbook.xml" in names:
            return "xlsx"
        raise not_a_spreadsheet()
    return "csv"


def check_zip(data: bytes) -> set[str]:
    """Refuse a zip that would unpack to far more than it weighs, before anything unpacks it.

    The sizes checked are the ones the zip declares; Python's zipfile stops at
    the declared size and fails the checksum, so a lying header gains nothing.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, ValueError, EOFError):
        raise not_a_spreadsheet() from None
    if len(entries) > MAX_ZIP_ENTRIES:
        raise ImportFileError(_("The file holds too many parts to be a spreadsheet."))
    total = sum(entry.file_size for entry in entries)
    if total > max_unzipped_bytes():
        raise ImportFileError(
            _("The file would unpack to %(size)s, more than the %(limit)s allowed.")
            % {"size": filesizeformat(total), "limit": filesizeformat(max_unzipped_bytes())}
        )
    for entry in entries:
        if (
            entry.file_size > RATIO_CHECK_FROM_BYTES
            and entry.file_size > MAX_COMPRESSION_RATIO * max(entry.compress_size, 1)
        ):
            raise ImportFileError(
                _("The file is compressed suspiciously well (a “zip bomb”?), so it is not opened.")
            )
    return {entry.filename for entry in entries}


def _unreadable(exc: BaseException) -> ImportFileError:
    """The message for a spreadsheet library's failure (libraries wrap the XML parser's error)."""
    if isinstance(exc, ImportFileError):
        return exc
    cause: BaseException | None = exc
    while cause is not None:
        if isinstance(cause, DefusedXmlException):
            return ImportFileError(
                _("The file contains XML entity declarations and is refused for safety.")
            )
        cause = cause.__cause__ or cause.__context__
    return ImportFileError(_("The spreadsheet cannot be read; it may be damaged."))


# --- CSV --------------------------------------------------------------------------------


def decode_text(data: bytes) -> tuple[str, str]:
    """Return the text and its encoding: a BOM decides, then UTF-8, then Windows-1257."""
    if data.startswith(codecs.BOM_UTF8):
        candidates = ["utf-8-sig"]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        candidates = ["utf-16"]
    else:
        if b"\x00" in data[:8192]:
            raise not_a_spreadsheet()
        candidates = ["utf-8", "cp1257"]
    for encoding in candidates:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _looks_binary(text):
            raise not_a_spreadsheet()
        return text, encoding
    raise ImportFileError(
        _(
            "The file's text is neither UTF-8 nor Windows-1257 (Baltic). "
            "Save it from Excel as “CSV UTF-8” and try again."
        )
    )


def _looks_binary(text: str) -> bool:
    sample = text[:SAMPLE_CHARS]
    controls = sum(
        1 for c in sample if unicodedata.category(c) in ("Cc", "Co", "Cs") and c not in "\t\r\n\f"
    )
    return controls > max(2, len(sample) // 200)


def detect_delimiter(text: str) -> str:
    """Find the delimiter: csv.Sniffer first, checked against a count of consistent rows.

    Excel in Latvia writes semicolons, other tools commas or tabs; addresses
    hold commas inside quoted cells, which can fool the sniffer, so its guess
    is kept only if it splits the rows at least as consistently as the best
    candidate.
    """
    sample = text[:SAMPLE_CHARS]
    if len(text) > SAMPLE_CHARS and "\n" in sample:
        sample = sample[: sample.rindex("\n")]
    scores = {delimiter: _consistency(sample, delimiter) for delimiter in DELIMITERS}
    best = max(DELIMITERS, key=lambda d: scores[d])
    try:
        sniffed = csv.Sniffer().sniff(sample, delimiters=DELIMITERS).delimiter
    except csv.Error:
        sniffed = ""
    if sniffed in scores and scores[sniffed] >= scores[best]:
        return sniffed
    return best if scores[best] > (0, 0) else ","


def _consistency(sample: str, delimiter: str) -> tuple[int, int]:
    """(rows with the most common width, that width), counting only widths above one."""
    try:
        widths = Counter(
            len(row)
            for row in csv.reader(io.StringIO(sample), delimiter=delimiter)
            if any(cell.strip() for cell in row)
        )
    except csv.Error:
        return (0, 0)
    widths.pop(1, None)
    if not widths:
        return (0, 0)
    width, count = max(widths.items(), key=lambda item: (item[1], item[0]))
    return (count, width)


def read_csv(data: bytes, *, limit: int | None = None) -> Sheet:
    text, encoding = decode_text(data)
    delimiter = detect_delimiter(text)
    rows: list[tuple[int, list[Cell]]] = []
    cap = max_rows()
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for number, record in enumerate(reader, start=1):
            cells: list[Cell] = [
                None if not (value := raw.strip()) else value if value[0] != "'" else _text(value)
                for raw in record[:MAX_COLUMNS]
            ]
            while cells and cells[-1] is None:
                cells.pop()
            if cells:
                _append(rows, number, cells, limit, cap)
                if limit and len(rows) >= limit:
                    break
    except csv.Error as exc:
        raise ImportFileError(
            _("The CSV file cannot be read near row %(row)s: %(reason)s")
            % {"row": reader.line_num, "reason": exc}
        ) from None
    return Sheet(
        rows, "csv", encoding=encoding, delimiter=delimiter, estimated_rows=text.count("\n")
    )


def _append(rows: list, number: int, cells: list[Cell], limit: int | None, cap: int) -> None:
    if len(rows) >= cap and not limit:
        raise ImportFileError(
            _("The file has more than %(limit)s rows; split it into smaller files.")
            % {"limit": cap}
        )
    while cells and cells[-1] is None:
        cells.pop()
    rows.append((number, cells))


# --- XLSX -------------------------------------------------------------------------------


def read_xlsx(data: bytes, *, sheet: str = "", limit: int | None = None) -> Sheet:
    """Read a worksheet with openpyxl in read-only mode.

    ``data_only=False`` on purpose: with ``data_only=True`` a formula shows its
    cached result, or nothing when no spreadsheet program has calculated it,
    and could not be told apart from a typed value. Formulas are reported
    instead.
    """
    import openpyxl

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception as exc:
        raise _unreadable(exc) from None
    try:
        names = book.sheetnames
        worksheet = book[_pick_sheet(names, sheet)]
        estimated = worksheet.max_row
        worksheet.reset_dimensions()
        rows: list[tuple[int, list[Cell]]] = []
        number = 0
        cap = max_rows()
        for row in worksheet.iter_rows():
            number = next((c.row for c in row if getattr(c, "row", None)), number + 1)
            cells = [_xlsx_cell(c) for c in row[:MAX_COLUMNS]]
            if any(cell is not None for cell in cells):
                _append(rows, number, cells, limit, cap)
                if limit and len(rows) >= limit:
                    break
        return Sheet(
            rows, "xlsx", name=worksheet.title, sheet_names=names, estimated_rows=estimated
        )
    except Exception as exc:
        raise _unreadable(exc) from None
    finally:
        book.close()


def _pick_sheet(names: list[str], wanted: str) -> str:
    if not names:
        raise ImportFileError(_("The spreadsheet has no sheets."))
    if not wanted:
        return names[0]
    for name in names:
        if name.casefold() == wanted.strip().casefold():
            return name
    raise ImportFileError(
        _("There is no sheet “%(sheet)s”. The sheets are: %(names)s.")
        % {"sheet": wanted, "names": ", ".join(names)}
    )


def _xlsx_cell(cell) -> Cell:
    value = cell.value
    if value is None:
        return None
    kind = getattr(cell, "data_type", None)
    if kind == "f":
        return Formula(str(value))
    if kind == "e":
        return ErrorValue(str(value))
    if isinstance(value, str):
        return _text(value)
    if isinstance(value, datetime) and value.time() == time(0):
        return value.date()
    if isinstance(value, time):
        return value.isoformat()
    return value


def _text(value: str) -> str | None:
    value = value.strip()
    if not value:
        return None
    return NEUTRALISED.sub("", value, count=1) if value.startswith("'") else value


# --- ODS --------------------------------------------------------------------------------


def read_ods(data: bytes, *, sheet: str = "", limit: int | None = None) -> Sheet:
    """Read a sheet of an OpenDocument spreadsheet with odfpy (which parses with defusedxml)."""
    from odf.namespaces import TABLENS
    from odf.opendocument import load
    from odf.table import Table

    try:
        document = load(io.BytesIO(data))
        tables = document.spreadsheet.getElementsByType(Table)
    except Exception as exc:
        raise _unreadable(exc) from None
    names = [table.attributes.get((TABLENS, "name"), "") for table in tables]
    table = tables[names.index(_pick_sheet(names, sheet))]
    try:
        rows = _ods_rows(table, limit)
    except Exception as exc:
        raise _unreadable(exc) from None
    return Sheet(rows, "ods", name=table.attributes.get((TABLENS, "name"), ""), sheet_names=names)


def _ods_rows(table, limit: int | None) -> list[tuple[int, list[Cell]]]:
    from odf.namespaces import TABLENS
    from odf.table import TableRow

    rows: list[tuple[int, list[Cell]]] = []
    number = 0
    cap = max_rows()
    for row in table.getElementsByType(TableRow):
        repeat = int(row.attributes.get((TABLENS, "number-rows-repeated"), 1) or 1)
        cells = _ods_cells(row)
        if not any(cell is not None for cell in cells):
            number += repeat
            continue
        for _copy in range(min(repeat, cap)):
            number += 1
            _append(rows, number, list(cells), limit, cap)
            if limit and len(rows) >= limit:
                return rows
    return rows


def _ods_cells(row) -> list[Cell]:
    from odf.namespaces import TABLENS

    cells: list[Cell] = []
    for node in row.childNodes:
        if node.qname not in ((TABLENS, "table-cell"), (TABLENS, "covered-table-cell")):
            continue
        repeat = int(node.attributes.get((TABLENS, "number-columns-repeated"), 1) or 1)
        value = _ods_cell(node)
        if value is None and len(cells) + repeat >= MAX_COLUMNS:
            break
        cells.extend([value] * min(repeat, MAX_COLUMNS - len(cells)))
        if len(cells) >= MAX_COLUMNS:
            break
    while cells and cells[-1] is None:
        cells.pop()
    return cells


def _ods_cell(node) -> Cell:
    from odf import teletype
    from odf.namespaces import OFFICENS, TABLENS, TEXTNS

    attributes = node.attributes
    formula = attributes.get((TABLENS, "formula"))
    if formula:
        return Formula(formula)
    kind = attributes.get((OFFICENS, "value-type"))
    if kind in ("float", "percentage", "currency"):
        number = Decimal(attributes.get((OFFICENS, "value"), "0"))
        return int(number) if number == number.to_integral_value() else float(number)
    if kind == "date":
        stamp = attributes.get((OFFICENS, "date-value"), "")
        moment = datetime.fromisoformat(stamp)
        return moment.date() if "T" not in stamp else moment
    if kind == "boolean":
        return attributes.get((OFFICENS, "boolean-value")) == "true"
    paragraphs = [
        teletype.extractText(child) for child in node.childNodes if child.qname == (TEXTNS, "p")
    ]
    return _text("\n".join(paragraphs))


# --- cells as text ----------------------------------------------------------------------


def cell_text(value: Cell) -> str:
    """Return a cell as the text a person sees: 4123 -> "4123", 56.95 -> "56.95", never 1e+16."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        return format(Decimal(repr(value)), "f")
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, datetime):
        return value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, date):
        return value.isoformat()
    return value.text
