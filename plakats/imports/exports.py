"""The export engine: any list of rows as a CSV or XLSX file, streamed, safe to open.

A list is described by ``columns``, a list of ``(header, value_of_row)`` pairs,
and ``rows``, any iterable (a QuerySet is read with ``.iterator()``, so a long
list never sits in memory).

CSV: UTF-8 with a byte order mark (so Excel shows Latvian diacritics right),
comma separated, CRLF line ends, dates as ``YYYY-MM-DD`` and date-times as
``YYYY-MM-DD HH:MM:SS`` in the site's time zone, booleans as ``true``/``false``,
numbers with a decimal point. Comma is the default because it is what every
program reads back without being told; Excel set to Latvian regional settings
expects ``;`` when a CSV is opened by double-click, so ``delimiter=";"`` is
offered (``?sep=semicolon`` on the export URLs, ``--delimiter ';'`` on the
command line), and XLSX is the format meant for Excel.

XLSX: written by ``xlsx_stream.StreamingSheet`` straight into the zip as rows
come (openpyxl's write-only workbook was several times slower); real types
(dates and date-times as Excel dates, naive in the site's time zone, numbers
as numbers, booleans), a bold frozen header row, an autofilter over the used
range and column widths estimated from the header and the first rows.

Formula injection: a text cell starting with ``=``, ``+``, ``-``, ``@``, tab or
carriage return is neutralised. In CSV it gets a leading apostrophe (so a phone
number "+371 20000000" is written "'+371 20000000": that is the rule, applied
to every text cell alike); in XLSX it stays exactly as it is but is stored as a
text cell (never a formula) with Excel's "quote prefix" style, so it is not
evaluated even when edited. Numbers are never touched: -5 is a number.
"""

import csv
import io
import tempfile
from collections.abc import Callable, Iterable, Iterator
from datetime import date, datetime, tzinfo
from decimal import Decimal
from itertools import chain, islice
from pathlib import Path
from typing import IO, Any

from django.db import models
from django.db.models import QuerySet
from django.http import StreamingHttpResponse
from django.utils import timezone
from django.utils.encoding import force_str
from django.utils.functional import Promise
from django.utils.http import content_disposition_header

from .xlsx_stream import StreamingSheet

Column = tuple[str, Callable[[Any], Any]]

FORMATS = ("csv", "xlsx")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
CSV_DELIMITERS = (",", ";", "\t")
DANGEROUS_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"
ITERATOR_CHUNK = 2000
CSV_BATCH_ROWS = 500
CHUNK_BYTES = 64 * 1024
WIDTH_SAMPLE_ROWS = 200
MAX_WIDTH = 60
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"


def neutralise(text: str) -> str:
    """Return ``text`` with a leading apostrophe if a spreadsheet could read it as a formula."""
    return "'" + text if text.startswith(DANGEROUS_PREFIXES) else text


def plain(value: Any) -> Any:
    """Reduce a value to None, bool, a number, a date, a date-time or a string."""
    if value is None or isinstance(value, bool | int | float | Decimal | date | str):
        if isinstance(value, models.Choices):
            return value.value
        return value
    if isinstance(value, Promise):
        return force_str(value)
    if isinstance(value, list | tuple | set | frozenset):
        return ", ".join(str(plain(item)) for item in value if item is not None)
    return str(value)


def local_naive(value: datetime) -> datetime:
    """A date-time in the current time zone without tzinfo (spreadsheets know no zones)."""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return value.replace(tzinfo=None)


def csv_text(value: Any) -> str:
    """One CSV cell's text."""
    kind = type(value)
    if kind is str:
        return "'" + value if value.startswith(DANGEROUS_PREFIXES) else value
    if kind is int:
        return str(value)
    value = plain(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return local_naive(value).isoformat(sep=" ", timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, int | float | Decimal):
        return str(value)
    return neutralise(value)


def _csv_cell(tz: tzinfo) -> Callable[[Any], str]:
    """``csv_text`` for one export: the common types first, the time zone looked up once."""

    def text(value: Any) -> str:
        kind = type(value)
        if kind is str:
            return "'" + value if value.startswith(DANGEROUS_PREFIXES) else value
        if kind is int:
            return str(value)
        if value is None:
            return ""
        if kind is datetime:
            if value.tzinfo is not None:
                value = value.astimezone(tz)
            # Without the offset an aware date-time's text ends with.
            return value.isoformat(sep=" ", timespec="seconds")[:19]
        if kind is date:
            return value.isoformat()
        return csv_text(value)

    return text


def _as_iterator(rows: Iterable) -> Iterator:
    if isinstance(rows, QuerySet):
        return rows.iterator(chunk_size=ITERATOR_CHUNK)
    return iter(rows)


class _Counter:
    """Counts the rows an iterator has given."""

    def __init__(self, rows: Iterable):
        self.rows = _as_iterator(rows)
        self.count = 0

    def __iter__(self):
        for row in self.rows:
            self.count += 1
            yield row


def csv_chunks(columns: list[Column], rows: Iterable, *, delimiter: str = ",") -> Iterator[bytes]:
    """Yield the CSV file in chunks of about 64 KB, reading ``rows`` lazily."""
    if delimiter not in CSV_DELIMITERS:
        raise ValueError(f"Unsupported CSV delimiter {delimiter!r}")
    fast = getattr(rows, "csv_chunks", None)
    if fast is not None and (chunks := fast(delimiter=delimiter)) is not None:
        # The placement list's own road (``placement_csv``), the same bytes.
        yield from chunks
        return
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    getters = [getter for _header, getter in columns]
    buffer.write(BOM)
    writer.writerow([force_str(header) for header, _getter in columns])
    text = _csv_cell(timezone.get_current_timezone())
    rows = _as_iterator(rows)
    while batch := list(islice(rows, CSV_BATCH_ROWS)):
        writer.writerows([[text(getter(row)) for getter in getters] for row in batch])
        if buffer.tell() >= CHUNK_BYTES:
            yield buffer.getvalue().encode()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode()


def _display_width(value: Any) -> int:
    value = plain(value)
    if value is None:
        return 0
    if isinstance(value, datetime):
        return 16
    if isinstance(value, date):
        return 10
    text = str(value)
    return max((len(line) for line in text.splitlines()), default=0)


def sheet_title(text: str) -> str:
    """A worksheet name Excel accepts: at most 31 characters, none of []:*?/\\."""
    cleaned = "".join("_" if ch in "[]:*?/\\" else ch for ch in force_str(text)).strip("'")
    return cleaned[:31] or "Export"


def write_xlsx(
    target: str | Path | IO[bytes], columns: list[Column], rows: Iterable, *, title: str = ""
) -> int:
    """Write an XLSX workbook of ``rows`` to ``target``; return the number of data rows."""
    getters = [getter for _header, getter in columns]
    headers = [force_str(header) for header, _getter in columns]
    values = ([getter(row) for getter in getters] for row in _as_iterator(rows))
    # Column widths come before the rows in the file, so they are estimated
    # from the header and a bounded sample of the first rows.
    sample = list(islice(values, WIDTH_SAMPLE_ROWS))
    widths = [
        min(max([len(header), *(_display_width(row[index]) for row in sample)]) + 2, MAX_WIDTH)
        for index, header in enumerate(headers)
    ]
    sheet = StreamingSheet(
        target,
        sheet_title(title),
        widths,
        date_format=DATE_FORMAT,
        datetime_format=DATETIME_FORMAT,
        formula_prefixes=DANGEROUS_PREFIXES,
        tz=timezone.get_current_timezone(),
        plain=plain,
    )
    try:
        sheet.header(headers)
        for row in chain(sample, values):
            sheet.append(row)
        sheet.close()
    except BaseException:
        sheet.abort()
        if isinstance(target, str | Path):
            Path(target).unlink(missing_ok=True)
        raise
    return sheet.rows - 1


def _file_chunks(handle: IO[bytes]) -> Iterator[bytes]:
    try:
        handle.seek(0)
        while chunk := handle.read(CHUNK_BYTES):
            yield chunk
    finally:
        handle.close()


def export_response(
    filename_stem: str,
    columns: list[Column],
    rows: Iterable,
    fmt: str,
    *,
    delimiter: str = ",",
) -> StreamingHttpResponse:
    """Return a download of ``rows`` as ``<filename_stem>.csv`` or ``.xlsx``.

    CSV rows are read while the response streams (nothing is read before the
    first chunk is asked for). An XLSX workbook is a zip that cannot be
    written in order, so it is built into a temporary file first (rows
    streamed into it) and the file is then streamed in chunks.
    """
    if fmt == "csv":
        content = csv_chunks(columns, rows, delimiter=delimiter)
    elif fmt == "xlsx":
        handle = tempfile.TemporaryFile()  # noqa: SIM115 (closed by _file_chunks)
        try:
            write_xlsx(handle, columns, rows, title=filename_stem)
        except BaseException:
            handle.close()
            raise
        content = _file_chunks(handle)
    else:
        raise ValueError(f"Unknown export format {fmt!r}")
    response = StreamingHttpResponse(content, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=f"{filename_stem}.{fmt}"
    )
    # Lists carry contact details: never keep a copy in a shared cache.
    response["Cache-Control"] = "private, no-store"
    return response


def write_export(
    path_or_file: str | Path | IO[bytes],
    columns: list[Column],
    rows: Iterable,
    fmt: str,
    *,
    delimiter: str = ",",
    title: str = "",
) -> int:
    """Write ``rows`` to a path or a binary file as CSV or XLSX; return the number of rows."""
    if fmt == "xlsx":
        return write_xlsx(path_or_file, columns, rows, title=title)
    if fmt != "csv":
        raise ValueError(f"Unknown export format {fmt!r}")
    counter = [0]
    fast = getattr(rows, "csv_chunks", None)
    chunks = fast(delimiter=delimiter, counter=counter) if fast is not None else None
    counted = None
    if chunks is None:
        counted = _Counter(rows)
        chunks = csv_chunks(columns, counted, delimiter=delimiter)
    if isinstance(path_or_file, str | Path):
        with open(path_or_file, "wb") as handle:
            for chunk in chunks:
                handle.write(chunk)
    else:
        for chunk in chunks:
            path_or_file.write(chunk)
    return counter[0] if counted is None else counted.count
