"""CSV files of the customer-service log: the upload template and the export of logged days."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from .domain import COLUMNS, LOG_FIELDS, csv_safe
from .models import ServiceLog

# Excel opens UTF-8 CSV correctly only with a byte-order mark.
CSV_ENCODING = "utf-8-sig"
EXPORT_COLUMNS = (*COLUMNS, "logged_by", "updated_at")


def template_csv() -> bytes:
    """The header row an upload needs, ready to fill in."""
    return _csv([COLUMNS])


def logs_csv(logs: Iterable[ServiceLog]) -> bytes:
    """Logged days in the upload's columns (so an export can be edited and uploaded again), plus who and when."""
    rows = [EXPORT_COLUMNS]
    for log in logs:
        figures = ["" if getattr(log, name) is None else getattr(log, name) for name in LOG_FIELDS]
        who = log.logged_by.get_username() if log.logged_by else ""
        rows.append([log.date.isoformat(), *figures, who, log.updated_at.isoformat(timespec="seconds")])
    return _csv(rows)


def _csv(rows: Iterable[Iterable[object]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for row in rows:
        writer.writerow([csv_safe(cell) for cell in row])
    return buffer.getvalue().encode(CSV_ENCODING)
