"""CSV files of the customer-service log: the upload template and the export of logged days."""

from __future__ import annotations

from collections.abc import Iterable

from core.spreadsheet import csv_bytes

from .domain import COLUMNS, LOG_FIELDS
from .models import ServiceLog

EXPORT_COLUMNS = (*COLUMNS, "logged_by", "updated_at")


def template_csv() -> bytes:
    """The header row an upload needs, ready to fill in."""
    return csv_bytes([COLUMNS])


def logs_csv(logs: Iterable[ServiceLog]) -> bytes:
    """Logged days in the upload's columns (so an export can be edited and uploaded again), plus who and when
    (in local time, as every export writes it)."""
    rows: list[Iterable[object]] = [EXPORT_COLUMNS]
    for log in logs:
        figures = [getattr(log, name) for name in LOG_FIELDS]
        who = log.logged_by.get_username() if log.logged_by else ""
        rows.append([log.date, *figures, who, log.updated_at])
    return csv_bytes(rows)
