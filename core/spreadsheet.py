"""Every CSV/XLSX export of opsplan, and the formula guard its CSV files carry, with the inverse the importers apply.

A column says what kind of figure it holds (:class:`Kind`); the kind decides everything about the cell in one
place: XLSX gets typed cells (numbers as numbers, dates as dates) with a number format, CSV gets plain text in
which text a spreadsheet would run as a formula is guarded by a leading apostrophe (:func:`formula_guard`). An
importer reading CSV removes exactly that apostrophe again (:func:`formula_unguard`), so a file exported and
uploaded unchanged changes nothing. XLSX needs no guard: a string cell is never a formula.
"""

from __future__ import annotations

import csv
import enum
import io
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db.models import Choices
from django.http import HttpResponse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

# A text cell starting with one of these is a formula to Excel, LibreOffice and Google Sheets
# (tab and carriage return too, per OWASP's CSV injection advice).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
GUARD = "'"
# Text already starting with the guard is guarded too, so that removing one apostrophe always gives it back.
GUARDED_PREFIXES = (*FORMULA_PREFIXES, GUARD)
FORMATS = ("csv", "xlsx")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_ENCODING = "utf-8-sig"  # Excel opens UTF-8 CSV correctly only with a byte-order mark


def formula_guard(text: str) -> str:
    """Text for a CSV cell that no spreadsheet runs: a leading apostrophe before = + - @ tab, return or '."""
    return GUARD + text if text.startswith(GUARDED_PREFIXES) else text


def formula_unguard(text: str) -> str:
    """The inverse of :func:`formula_guard`: ``formula_unguard(formula_guard(t)) == t`` for every text."""
    if text.startswith(GUARD) and text[1:].startswith(GUARDED_PREFIXES):
        return text[1:]
    return text


class Kind(enum.Enum):
    """What a column holds, and so its XLSX number format (None: a text cell)."""

    TEXT = None
    COUNT = "#,##0"
    MONEY = "#,##0.00"
    DECIMAL = "#,##0.0#"
    PERCENT = "0.0%"  # the value is a fraction: 1.087 shows as 108.7%
    DATE = "yyyy-mm-dd"
    DATETIME = "yyyy-mm-dd hh:mm:ss"

    @property
    def numeric(self) -> bool:
        return self in (Kind.COUNT, Kind.MONEY, Kind.DECIMAL, Kind.PERCENT)


@dataclass(frozen=True)
class Column:
    """A column of an exported table: its header, its kind, and how a row's value is read.

    ``choices`` turns a stored choice into its label in the reader's language (importers accept labels)."""

    key: str
    label: Any
    value: Callable[[Mapping[str, Any]], Any] | None = None
    kind: Kind = Kind.TEXT
    choices: type[Choices] | Mapping[Any, Any] | None = None

    def of(self, row: Mapping[str, Any]) -> Any:
        value = self.value(row) if self.value else row.get(self.key)
        if self.choices is not None and value not in (None, ""):
            labels = self.choices if isinstance(self.choices, Mapping) else dict(self.choices.choices)
            value = str(labels.get(value, value))
        return cell_value(value, self.kind)


def cell_value(value: Any, kind: Kind) -> Any:
    """A value as its column's kind holds it: aware datetimes in local time without tzinfo (spreadsheets have no
    time zones), booleans as the words yes/no of the reader's language, everything else unchanged."""
    if isinstance(value, datetime) and timezone.is_aware(value):
        return timezone.localtime(value).replace(tzinfo=None)
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return value


@dataclass(frozen=True)
class Table:
    """A table as exported: a sheet title, columns and rows (dicts from the selectors)."""

    title: str
    columns: Sequence[Column]
    rows: Iterable[Mapping[str, Any]] = field(default_factory=list)

    def header(self) -> list[str]:
        return [str(c.label) for c in self.columns]

    def body(self) -> Iterable[list[Any]]:
        for row in self.rows:
            yield [c.of(row) for c in self.columns]


def csv_text(value: Any) -> str:
    """A CSV cell: numbers and dates as written (local time, to the second), text guarded against formulas."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return cell_value(value, Kind.DATETIME).isoformat(sep=" ", timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, int | float | Decimal):
        return str(value)
    return formula_guard(str(value))


def csv_bytes(rows: Iterable[Iterable[Any]]) -> bytes:
    """Rows as UTF-8 CSV with a byte-order mark, so Excel shows Chinese text correctly."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    for row in rows:
        writer.writerow([csv_text(v) for v in row])
    return out.getvalue().encode(CSV_ENCODING)


def table_csv(table: Table) -> bytes:
    return csv_bytes([table.header(), *table.body()])


def table_xlsx(table: Table) -> bytes:
    """One worksheet, bold header, frozen first row; typed cells with their column's number format."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _sheet_title(table.title)
    sheet.append(table.header())
    for cell in sheet[1]:
        cell.data_type = "s"
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    for row in table.body():
        sheet.append([None if value == "" else value for value in row])
        for cell, column in zip(sheet[sheet.max_row], table.columns, strict=False):
            if isinstance(cell.value, str):
                cell.data_type = "s"  # never a formula, whatever openpyxl guesses
            elif cell.value is not None and column.kind.value:
                cell.number_format = column.kind.value
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _sheet_title(title: str) -> str:
    cleaned = "".join("_" if ch in "[]:*?/\\" else ch for ch in title).strip("'")
    return cleaned[:31] or "Sheet"


def export_response(table: Table, fmt: str, file_stem: str) -> HttpResponse:
    """The table as a download in ``fmt`` (csv or xlsx)."""
    if fmt == "xlsx":
        response = HttpResponse(table_xlsx(table), content_type=XLSX)
    else:
        response = HttpResponse(table_csv(table), content_type="text/csv; charset=utf-8")
    return attachment(response, file_stem, fmt)


def attachment(response: HttpResponse, file_stem: str, suffix: str) -> HttpResponse:
    safe_stem = "".join(ch if (ch.isascii() and ch.isalnum()) or ch in "-_." else "-" for ch in file_stem)
    response["Content-Disposition"] = f'attachment; filename="{safe_stem}.{suffix}"'
    return response


def choice_lookup(choices: type[Choices], synonyms: Mapping[str, str] | None = None) -> dict[str, str]:
    """What an importer accepts for a choice, lower-cased -> value: the value, and the label in both languages
    (an export writes the label in its reader's language)."""
    values = set(choices.values)
    lookup = {word.lower(): value for word, value in (synonyms or {}).items() if value in values}
    for value, label in choices.choices:
        lookup[str(value).lower()] = value
        for language in ("en", "zh-hans"):
            with translation.override(language):
                lookup[str(label).strip().lower()] = value
    return lookup
