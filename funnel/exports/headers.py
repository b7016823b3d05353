"""Finding a report's header row by its content: the first row naming enough known columns, below any title or
banner rows. Merged header cells give their value to every cell of their range, and a header of two rows whose
upper row is merged over groups of columns (交易 over 支付金额, 支付买家数 …) is read as one row.

A file whose columns opsplan knows none of (a tool without a preset, a renamed report) still has a header: the
first row of names directly above a row that starts a day (a date and figures). The manager then maps its columns
on the preview, and the kept mapping makes its names known for that store's next files."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .presets import KNOWN_HEADERS, normalize
from .values import cell_text, is_blank, read_count, read_date, read_ratio

SEARCH_LINES = 50  # a header lies among the first rows of a report
MIN_KNOWN = 3  # known column names a row must have to be the header
FIRST_REPORT_YEAR = 2000  # no seller tool reports days before it


@dataclass(frozen=True)
class Header:
    line: int  # the (lower) header row; the data starts below it
    names: list[str]  # one name per column ("" for an unnamed column)


def find_header(sheet: Any, mapping: Mapping[str, Any] | None = None) -> Header | None:
    known = KNOWN_HEADERS | {normalize(name) for name in (mapping or {})}
    rows = {line: cells for line, cells in sheet.rows}
    for line, _cells in sheet.rows:
        if line > SEARCH_LINES:
            break
        names = _filled(rows, sheet.merges, line)
        upper = _group_row(rows, sheet.merges, line)
        if upper:
            names += [""] * (len(upper) - len(names))
            upper += [""] * (len(names) - len(upper))
            names = [_joined(group, name, known) for group, name in zip(upper, names, strict=True)]
        if sum(1 for name in names if normalize(name) in known) >= MIN_KNOWN:
            return Header(line, _unique(names))
    return _layout_header(sheet)


def _layout_header(sheet: Any) -> Header | None:
    """The first row of at least :data:`MIN_KNOWN` names (text that is neither a number nor a date) whose next row
    holds a date and a figure: the header of a file whose column names opsplan does not know."""
    lines = [(line, cells) for line, cells in sheet.rows if line <= SEARCH_LINES + 1]
    for (line, cells), (_next_line, below) in zip(lines, lines[1:], strict=False):
        names = [cell_text(value) for value in cells]
        filled = [name for name in names if name]
        if len(filled) < MIN_KNOWN or any(not _is_name(value) for value in cells if not is_blank(value)):
            continue
        if _starts_a_day(below, sheet.datemode):
            return Header(line, _unique(names))
    return None


def _plausible_day(day: Any) -> bool:
    """A date a report's day can be (a count such as 1234 also reads as an Excel serial, of 1903)."""
    return day is not None and day.year >= FIRST_REPORT_YEAR


def _is_name(value: Any) -> bool:
    if not isinstance(value, str):
        return False
    return read_date(value)[0] is None and read_count(value)[0] is None and read_ratio(value)[0] is None


def _starts_a_day(cells: list[Any], datemode: int) -> bool:
    """Whether a row reads as one day of figures: a date in one cell and a number in another."""
    dated = [index for index, value in enumerate(cells) if _plausible_day(read_date(value, datemode)[0])]
    if not dated:
        return False
    return any(
        index != dated[0] and not is_blank(value) and read_ratio(value)[0] is not None
        for index, value in enumerate(cells)
    )


def _filled(rows: Mapping[int, list[Any]], merges: list[tuple[int, int, int, int]], line: int) -> list[str]:
    """A row's cells as text, each cell of a merged range holding the range's value."""
    cells = [cell_text(value) for value in rows.get(line, [])]
    for first_line, first_column, last_line, last_column in merges:
        if first_line <= line <= last_line:
            value = _top_left(rows, first_line, first_column)
            if len(cells) < last_column:
                cells += [""] * (last_column - len(cells))
            for column in range(first_column, last_column + 1):
                cells[column - 1] = value
    return cells


def _top_left(rows: Mapping[int, list[Any]], line: int, column: int) -> str:
    cells = rows.get(line) or []
    return cell_text(cells[column - 1]) if column <= len(cells) else ""


def _group_row(rows: Mapping[int, list[Any]], merges: list[tuple[int, int, int, int]], line: int) -> list[str]:
    """The row above the header when it groups columns under merged cells (a range over several columns of that
    row alone), as one group name per column of the header; [] when there is none."""
    above = line - 1
    if not any(r1 == r2 == above and c2 > c1 for r1, c1, r2, c2 in merges):
        return []
    upper = _filled(rows, merges, above)
    width = max(len(upper), len(rows.get(line, [])))
    return upper + [""] * (width - len(upper))


def _joined(group: str, name: str, known: frozenset[str] | set[str]) -> str:
    if not group or group == name:
        return name
    if not name:
        return group
    if normalize(group + name) in known:  # 退款 + 金额
        return group + name
    if normalize(name) in known:
        return name
    return f"{group}/{name}"


def _unique(names: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    result = []
    for name in names:
        if name and name in seen:
            seen[name] += 1
            result.append(f"{name} ({seen[name]})")
        else:
            seen[name] = 1
            result.append(name)
    return result
