"""From the bytes of an uploaded report to its sheets of cells: the format is told by the content (an .xlsx is a
zip, an .xls an OLE2 compound file, some back offices' ".xls" are HTML or tab-separated text), not by the name.

Only the non-blank rows are kept, each with its line as a spreadsheet shows it (1-based), so that messages name
the line a person sees. Limits keep a large or hostile file from taking the server's memory or time.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

from django.utils.translation import gettext as _

from .values import is_blank

MAX_BYTES = 10 * 1024 * 1024  # a year of daily figures is a few dozen kilobytes
MAX_UNZIPPED_BYTES = 200 * 1024 * 1024  # an .xlsx's parts, uncompressed: a zip bomb stops here
MAX_DATA_ROWS = 5_000
MAX_ROWS = MAX_DATA_ROWS + 200  # non-blank rows read from a sheet: the data, and title, note and totals rows
MAX_COLUMNS = 200
MAX_SHEETS = 10
XLSX_MAGIC = b"PK\x03\x04"
XLS_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
EXCEL_FORMULA_TEXT = re.compile(r'^="(.*)"$', re.S)  # ="2026-11-11": how some exports keep a cell as text


class ExportFileError(Exception):
    """The file as a whole cannot be read as a report."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass
class Sheet:
    """One sheet's non-blank rows as ``(line, cells)``; ``merges`` are merged ranges as 1-based inclusive
    ``(first_line, first_column, last_line, last_column)``; ``truncated`` when rows past :data:`MAX_ROWS` exist."""

    name: str
    rows: list[tuple[int, list[Any]]] = field(default_factory=list)
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)
    datemode: int = 0
    truncated: bool = False


@dataclass
class Workbook:
    format: str  # "xlsx", "xls", "csv" or "html"
    encoding: str | None  # a text file's encoding
    sheets: list[Sheet]


def open_report(content: bytes) -> Workbook:
    """The sheets of a report; :class:`ExportFileError` when the bytes are no report opsplan can read."""
    if not content:
        raise ExportFileError(_("The file is empty."))
    if len(content) > MAX_BYTES:
        raise ExportFileError(
            _("The file is larger than %(limit)s MB; export fewer days at a time.") % {"limit": MAX_BYTES // 2**20}
        )
    if content.startswith(XLSX_MAGIC):
        return Workbook("xlsx", None, _xlsx_sheets(content))
    if content.startswith(XLS_MAGIC):
        return Workbook("xls", None, _xls_sheets(content))
    text, encoding = decode_text(content)
    if re.match(r"\s*<", text) and re.search(r"<table", text[:100_000], re.I):
        return Workbook("html", encoding, [_html_sheet(text)])
    return Workbook("csv", encoding, [_sheet("csv", _csv_records(text))])


def decode_text(content: bytes) -> tuple[str, str]:
    """A text file's content and encoding: a byte-order mark first, then strict UTF-8, then GB18030 (Excel on a
    Chinese Windows saves CSV as GBK, which GB18030 includes)."""
    boms = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
    for bom, encoding in boms:
        if content.startswith(bom):
            try:
                return content.decode(encoding), encoding
            except UnicodeDecodeError:
                break
    else:
        for encoding in ("utf-8", "gb18030"):
            try:
                text = content.decode(encoding)
            except UnicodeDecodeError:
                continue
            if "\x00" not in text:
                return text, encoding
    raise ExportFileError(
        _("This file is not a report opsplan can read: upload the .xlsx, .xls or .csv file as the platform exports it.")
    )


def _sheet(name: str, records: Iterable[list[Any]], merges: Iterable[tuple[int, int, int, int]] = ()) -> Sheet:
    sheet = Sheet(name, merges=list(merges))
    for line, cells in enumerate(records, start=1):
        if all(is_blank(cell) for cell in cells):
            continue
        if len(sheet.rows) == MAX_ROWS:
            sheet.truncated = True
            break
        sheet.rows.append((line, list(cells[:MAX_COLUMNS])))
    return sheet


def _unwrap(cell: str) -> str:
    match = EXCEL_FORMULA_TEXT.match(cell.strip())
    return match.group(1) if match else cell


def _csv_records(text: str) -> Iterator[list[Any]]:
    head = text[:20_000]
    delimiter = max(("\t", ",", ";"), key=head.count)
    try:
        for record in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
            yield [_unwrap(cell) for cell in record]
    except csv.Error as exc:
        raise ExportFileError(_("The file is not a readable CSV file: %(problem)s") % {"problem": exc}) from exc


class _TableParser(HTMLParser):
    """The rows of the first table of an HTML page ("Excel" files that are web pages); colspan/rowspan as merges."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[str]] = []
        self.merges: list[tuple[int, int, int, int]] = []
        self._cell: list[str] | None = None
        self._tables = 0
        self._spans: tuple[int, int] = (1, 1)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self._tables += 1
        elif self._tables == 1 and tag == "tr":
            self.rows.append([])
        elif self._tables == 1 and tag in ("td", "th") and self.rows:
            self._cell = []
            values = dict(attrs)
            self._spans = (_span(values.get("rowspan")), _span(values.get("colspan")))

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None:
            row = self.rows[-1]
            row.append(" ".join("".join(self._cell).split()))
            rowspan, colspan = self._spans
            if rowspan > 1 or colspan > 1:
                line, column = len(self.rows), len(row)
                self.merges.append((line, column, line + rowspan - 1, column + colspan - 1))
                row.extend([""] * (colspan - 1))
            self._cell = None
        elif tag == "table":
            self._tables += 1  # a second table is not read

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def _span(text: str | None) -> int:
    return min(int(text), MAX_COLUMNS) if text and text.isdigit() and int(text) > 0 else 1


def _html_sheet(text: str) -> Sheet:
    parser = _TableParser()
    parser.feed(text)
    parser.close()
    return _sheet("html", parser.rows, parser.merges)


def _xlsx_sheets(content: bytes) -> list[Sheet]:
    import openpyxl

    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            if sum(info.file_size for info in archive.infolist()) > MAX_UNZIPPED_BYTES:
                raise ExportFileError(_("The workbook is too large once unpacked."))
        workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except ExportFileError:
        raise
    except Exception as exc:  # noqa: BLE001 - openpyxl and zipfile raise many kinds for a broken file
        raise ExportFileError(_("The file is not a readable .xlsx workbook.")) from exc
    try:
        sheets = []
        for worksheet in workbook.worksheets[:MAX_SHEETS]:
            worksheet.reset_dimensions()  # some writers state a wrong size; read what is there
            rows = ([cell.value for cell in row] for row in worksheet.iter_rows())
            sheets.append(_sheet(worksheet.title, rows, _xlsx_merges(workbook, worksheet)))
        return sheets
    except Exception as exc:  # noqa: BLE001
        raise ExportFileError(_("The file is not a readable .xlsx workbook.")) from exc
    finally:
        workbook.close()


def _xlsx_merges(workbook: Any, worksheet: Any) -> list[tuple[int, int, int, int]]:
    """The merged ranges of a read-only worksheet, which openpyxl does not read in that mode: the sheet part's
    ``<mergeCell ref="A1:C1"/>`` elements."""
    from openpyxl.utils.cell import range_boundaries

    path = getattr(worksheet, "_worksheet_path", None)
    if not path:
        return []
    with workbook._archive.open(path) as part:
        tail = _merge_section(part)
    merges = []
    for ref in re.findall(rb'<(?:\w+:)?mergeCell\b[^>]*\bref="([A-Z]+\d+:[A-Z]+\d+)"', tail):
        first_column, first_line, last_column, last_line = range_boundaries(ref.decode())
        merges.append((first_line, first_column, last_line, last_column))
    return merges


def _merge_section(part: Any) -> bytes:
    """The bytes from ``<mergeCells`` on (it follows the sheet data), read in chunks so a large sheet is not held."""
    found = b""
    tail = b""
    for chunk in iter(lambda: part.read(1 << 20), b""):
        window = tail + chunk
        if found:
            found += chunk
        elif (start := window.find(b"mergeCells")) >= 0:
            found = window[max(start - 20, 0) :]
        tail = window[-32:]
        if len(found) > 4 * 1024 * 1024:
            break
    return found


def _xls_sheets(content: bytes) -> list[Sheet]:
    import xlrd

    quiet = io.StringIO()  # xlrd writes its warnings about a damaged file to stdout otherwise
    try:
        book = xlrd.open_workbook(file_contents=content, formatting_info=True, on_demand=True, logfile=quiet)
    except Exception:  # noqa: BLE001 - xlrd raises many kinds; formatting records are what most often fail
        try:
            book = xlrd.open_workbook(file_contents=content, on_demand=True, logfile=quiet)
        except Exception as exc:  # noqa: BLE001
            raise ExportFileError(_("The file is not a readable .xls workbook.")) from exc
    try:
        sheets = []
        for index in range(min(book.nsheets, MAX_SHEETS)):
            sheet = book.sheet_by_index(index)
            rows = ([_xls_value(book, cell) for cell in sheet.row(line)] for line in range(sheet.nrows))
            merges = [(r1 + 1, c1 + 1, r2, c2) for r1, r2, c1, c2 in getattr(sheet, "merged_cells", [])]
            read = _sheet(sheet.name, rows, merges)
            read.datemode = book.datemode
            sheets.append(read)
        return sheets
    except Exception as exc:  # noqa: BLE001
        raise ExportFileError(_("The file is not a readable .xls workbook.")) from exc
    finally:
        book.release_resources()


def _xls_value(book: Any, cell: Any) -> Any:
    import xlrd

    if cell.ctype == xlrd.XL_CELL_DATE:
        try:
            return xlrd.xldate.xldate_as_datetime(cell.value, book.datemode)
        except Exception:  # noqa: BLE001 - a date cell out of Excel's range
            return cell.value
    if cell.ctype == xlrd.XL_CELL_ERROR:
        return xlrd.error_text_from_code.get(cell.value, "#ERROR")
    if cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
        return None
    return cell.value
