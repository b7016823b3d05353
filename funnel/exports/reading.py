"""Reading a platform's daily report into rows opsplan can import: find the header row and the totals rows by their
content, map the columns (a preset, or the caller's mapping), read every cell, check each row with the ingest
contract's rules (funnel.domain.records) and the derived columns against the counts.

Nothing here touches the database or raises for a bad file: every problem is a message in the reading.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from funnel.domain.records import validate_record

from .checks import derived_warnings
from .fields import DATE, FIELDS, METRIC_FIELDS, REQUIRED_FIELDS, Kind
from .files import MAX_DATA_ROWS, ExportFileError, Sheet, open_report
from .headers import Header, find_header
from .presets import PRESETS, Preset, detect_preset, generic_mapping, normalize
from .values import READERS, cell_text, is_blank, is_period, read_count, read_date

TOTAL_LABELS = frozenset({"合计", "总计", "全部", "汇总", "汇总值", "平均值", "平均", "均值", "总和", "TOTAL", "SUM"})
ROW_STORE = "export"  # the store a row is checked for: the importer decides which store it is
FAR_FUTURE = date(9998, 12, 31)  # "not in the future" is the importer's check, against the store's own today


@dataclass
class ExportRow:
    """One day of the file: its line as a spreadsheet shows it, the day, the values read (opsplan field -> value;
    ``refunds`` a count, ``refund_amount`` money; derived columns are only checked) and the messages for it."""

    line: int
    date: date | None
    values: dict[str, int | Decimal | None] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


@dataclass
class ExportReading:
    """What opsplan read from a report: the format, the tool it came from (a preset key, or None when not
    recognised), the header and how its columns map, the rows, and the problems of the file as a whole."""

    format: str | None = None
    encoding: str | None = None
    platform: str | None = None
    header_row_number: int | None = None
    headers: list[str] = field(default_factory=list)
    mapping: dict[str, str] = field(default_factory=dict)
    unmapped_headers: list[str] = field(default_factory=list)
    rows: list[ExportRow] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    skipped_lines: list[int] = field(default_factory=list)  # totals and note rows below the header

    @property
    def preset(self) -> Preset | None:
        return PRESETS.get(self.platform) if self.platform else None

    @property
    def ok(self) -> bool:
        """Importable as a whole: no problem with the file and no row with an error."""
        return not self.problems and bool(self.rows) and not any(row.errors for row in self.rows)


def read_export(content: bytes, filename: str, mapping: dict | None = None) -> ExportReading:
    """Read a report's bytes. ``mapping`` ({file header: field}) is the store's kept mapping; without it the tool
    is detected from the header row and its preset maps the columns. ``filename`` is only used in messages."""
    reading = ExportReading()
    try:
        workbook = open_report(content)
    except ExportFileError as exc:
        reading.problems.append(exc.message)
        return reading
    reading.format, reading.encoding = workbook.format, workbook.encoding
    found = next(
        ((sheet, header) for sheet in workbook.sheets if (header := find_header(sheet, mapping)) is not None), None
    )
    if found is None:
        reading.problems.append(
            _("No header row found in %(file)s: opsplan looks for a row naming columns such as 日期, 访客数, 支付金额.")
            % {"file": filename}
        )
        return reading
    sheet, header = found
    reading.header_row_number = header.line
    reading.headers = [name for name in header.names if name]
    _map_columns(reading, mapping)
    if reading.problems:
        return reading
    _read_rows(reading, sheet, header)
    if sheet.truncated or len(reading.rows) > MAX_DATA_ROWS:
        reading.problems.append(
            _("The file has more than %(max)s rows of figures; export fewer days at a time.")
            % {"max": f"{MAX_DATA_ROWS:,}"}
        )
    if not reading.rows and not reading.problems:
        reading.problems.append(_("The file has a header row but no days under it."))
    _check_duplicate_days(reading)
    return reading


def _map_columns(reading: ExportReading, mapping: Mapping[str, Any] | None) -> None:
    if mapping is None:
        preset = detect_preset(reading.headers)
        reading.platform = preset.key if preset else None
        reading.mapping = preset.mapping_for(reading.headers) if preset else generic_mapping(reading.headers)
    else:
        by_name = {normalize(name): name for name in reading.headers}
        reading.mapping = {}
        for name, target in mapping.items():
            if not target:
                continue
            if target not in FIELDS:
                reading.problems.append(
                    _("The mapping names an unknown field “%(field)s” for column “%(column)s”.")
                    % {"field": target, "column": name}
                )
            elif normalize(name) in by_name:
                reading.mapping[by_name[normalize(name)]] = target
        preset = detect_preset(reading.headers)
        reading.platform = preset.key if preset else None
    reading.unmapped_headers = [name for name in reading.headers if name not in reading.mapping]
    targets = list(reading.mapping.values())
    for target in sorted({t for t in targets if targets.count(t) > 1 and not FIELDS[t].summed}):
        columns = "、".join(name for name, t in reading.mapping.items() if t == target)
        reading.problems.append(
            _("Several columns are mapped to %(field)s: %(columns)s. Map one of them.")
            % {"field": FIELDS[target].label, "columns": columns}
        )
    for target in REQUIRED_FIELDS:
        if target not in targets:
            reading.problems.append(
                _("No column is mapped to %(field)s; map the file's column for it.") % {"field": FIELDS[target].label}
            )


def _read_rows(reading: ExportReading, sheet: Sheet, header: Header) -> None:
    positions = {name: index for index, name in enumerate(header.names) if name in reading.mapping}
    date_column = next(name for name, target in reading.mapping.items() if target == DATE)
    visitors = _rates_per(reading, header)
    for line, cells in sheet.rows:
        if line <= header.line:
            continue
        cell = {name: cells[index] if index < len(cells) else None for name, index in positions.items()}
        first = cells[0] if cells else None
        day, date_problem = read_date(cell[date_column], sheet.datemode)
        values_present = any(not is_blank(cell[name]) for name in positions if name != date_column)
        label = cell[date_column]
        if day is None and (_is_total(label) or is_period(label) or _is_total(first) or not values_present):
            reading.skipped_lines.append(line)  # a totals, average or note row, or one for a whole period
            continue
        if len(reading.rows) > MAX_DATA_ROWS:
            break
        row = ExportRow(line=line, date=day)
        if day is None:
            problem = date_problem or _("is empty")
            row.errors.append(_line_message(line, date_column, cell[date_column], problem))
        rates_per = None
        if visitors is not None:
            count, _problem = read_count(cells[visitors[1]] if visitors[1] < len(cells) else None)
            rates_per = (visitors[0], count)
        _read_values(row, reading.mapping, cell, rates_per)
        reading.rows.append(row)


def _rates_per(reading: ExportReading, header: Header) -> tuple[str, int] | None:
    """The column (name, position) the tool's per-visitor rates are computed on, when it is not the UV column."""
    preset = reading.preset
    if preset is None or preset.rates_per is None:
        return None
    for index, name in enumerate(header.names):
        if name and normalize(name) == normalize(preset.rates_per) and reading.mapping.get(name) != "uv":
            return name, index
    return None


def _is_total(value: Any) -> bool:
    if not isinstance(value, str):
        return False
    text = normalize(value).rstrip(":：")
    return text in TOTAL_LABELS or any(text.startswith(label) for label in ("合计", "总计", "汇总"))


def _read_values(
    row: ExportRow, mapping: Mapping[str, str], cell: Mapping[str, Any], rates_per: tuple[str, int | None] | None
) -> None:
    derived: dict[str, tuple[str, Any, Decimal]] = {}
    failed: set[str] = set()
    for name, target in mapping.items():
        spec = FIELDS[target]
        if target == DATE:
            continue
        value, problem = READERS[spec.kind](cell[name])
        if problem:
            row.errors.append(_line_message(row.line, name, cell[name], problem))
            failed.add(target)
        elif spec.derived:
            if value is not None:
                derived[target] = (name, cell[name], value)
        elif spec.summed and value is not None:
            row.values[target] = (row.values.get(target) or Decimal("0.00")) + value
        else:
            row.values.setdefault(target, value)
    _check_contract(row, mapping, failed)
    if not row.errors:
        row.warnings += derived_warnings(row.line, row.values, derived, mapping, rates_per)


def _check_contract(row: ExportRow, mapping: Mapping[str, str], failed: set[str]) -> None:
    """The ingest contract's rules for a record (limits, orders ≤ uv, pv ≥ uv …, the business date range), each
    message on the file's line and column; a cell that could not be read is reported once, above."""
    record: dict[str, Any] = {name: row.values[name] for name in METRIC_FIELDS if row.values.get(name) is not None}
    record.update(store=ROW_STORE, date=row.date.isoformat() if row.date else None)
    _clean, problems = validate_record(row.line, record, {ROW_STORE: FAR_FUTURE})
    columns = {target: name for name, target in mapping.items()}
    for problem in problems:
        if problem.field in failed or problem.field == DATE and row.date is None:
            continue
        if problem.field in REQUIRED_FIELDS and problem.field not in record:
            message = _("Line %(line)s: %(column)s is empty; every day needs it.")
            row.errors.append(message % {"line": row.line, "column": columns.get(problem.field, problem.field)})
            continue
        column = columns.get(problem.field or "") or (str(FIELDS[problem.field].label) if problem.field else "")
        row.errors.append(
            _("Line %(line)s: %(column)s: %(problem)s")
            % {"line": row.line, "column": column, "problem": problem.message}
        )


def _line_message(line: int, column: str, value: Any, problem: str) -> str:
    text = cell_text(value)
    if not text:
        return _("Line %(line)s: %(column)s %(problem)s.") % {"line": line, "column": column, "problem": problem}
    return _("Line %(line)s: %(column)s “%(value)s” %(problem)s.") % {
        "line": line,
        "column": column,
        "value": text,
        "problem": problem,
    }


def _check_duplicate_days(reading: ExportReading) -> None:
    seen: dict[date, int] = {}
    for row in reading.rows:
        if row.date is None:
            continue
        if row.date in seen:
            reading.problems.append(
                _("The day %(day)s appears twice, on lines %(first)s and %(second)s.")
                % {"day": row.date.isoformat(), "first": seen[row.date], "second": row.line}
            )
        else:
            seen[row.date] = row.line


__all__ = ["ExportReading", "ExportRow", "Kind", "read_export"]
