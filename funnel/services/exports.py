"""The import of a platform's back-office export: read it (funnel.exports), check every row against the ingest
contract, show it, then write all of it or nothing through the metrics ingest (funnel.services.metrics).

The same two steps serve the preview page, the background import job and the API endpoint, so a file reads and
checks the same wherever it comes in. The column mapping a manager chooses is kept for the store
(:class:`funnel.models.ExportMapping`) and reused for its next files with the same header row.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import ApiClient
from funnel.choices import export_source
from funnel.domain.records import KNOWN_FIELDS, CleanRecord, validate_record
from funnel.exports import FIELDS, MAX_BYTES, MAX_DATA_ROWS, PRESETS, read_export
from funnel.models import ExportMapping
from stores.choices import Platform
from stores.models import Store

from .metrics import IngestCounts, metrics_write

# The platforms whose back-office exports opsplan reads (the others have no such file).
EXPORT_PLATFORMS = (Platform.TAOBAO, Platform.TMALL, Platform.JD, Platform.DOUYIN, Platform.PINDUODUO)
MAX_EXPORT_BYTES = MAX_BYTES
MAX_EXPORT_ROWS = MAX_DATA_ROWS
PREVIEW_ROWS = 10


@dataclass(frozen=True)
class ExportProblem:
    """One error or warning of a file: its line in the file (None: the whole file) and column header."""

    line: int | None
    column: str
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {"line": self.line, "column": self.column, "message": self.message}


@dataclass
class ExportPreview:
    """What a file holds as opsplan reads it, before anything is written."""

    format: str
    encoding: str
    headers: list[str]
    header_row_number: int | None
    tool: str | None  # the preset recognised (funnel.exports.PRESETS), None when none was
    detected_platform: str | None
    platform: str | None
    mapping: dict[str, str]
    unmapped_headers: list[str]
    kept_mapping: bool
    rows: list[Any]
    records: list[CleanRecord]
    skipped_lines: list[int] = field(default_factory=list)
    errors: list[ExportProblem] = field(default_factory=list)
    warnings: list[ExportProblem] = field(default_factory=list)

    @property
    def ready(self) -> bool:
        """Whether the file can be imported: a platform, at least one day and no error."""
        return bool(self.platform and self.records and not self.errors)

    @property
    def source(self) -> str:
        return export_source(self.platform or "")

    @property
    def platform_label(self) -> str:
        return str(Platform(self.platform).label) if self.platform else ""

    @property
    def tool_label(self) -> str:
        return str(PRESETS[self.tool].label) if self.tool in PRESETS else ""

    @property
    def first_rows(self) -> list[Any]:
        return self.rows[:PREVIEW_ROWS]

    @property
    def dates(self) -> tuple[date, date] | None:
        days = [r.date for r in self.records]
        return (min(days), max(days)) if days else None


def header_signature(headers: list[str]) -> str:
    """The key of a file layout: its header row, stripped, in order."""
    return hashlib.sha256("\x1f".join(str(h or "").strip() for h in headers).encode()).hexdigest()


def kept_mapping(store: Store, headers: list[str]) -> ExportMapping | None:
    return ExportMapping.objects.filter(store=store, signature=header_signature(headers)).first()


def export_preview(
    store: Store,
    content: bytes,
    filename: str,
    *,
    today: date,
    mapping: Mapping[str, str] | None = None,
    platform: str | None = None,
) -> ExportPreview:
    """Read ``content`` for ``store`` and check every row: with ``mapping`` and ``platform`` when given, else with
    the store's kept mapping for this header row, else as detected. ``today`` is the store's local date."""
    reading = read_export(content, filename)
    kept = None
    if mapping is None and reading.headers:
        kept = kept_mapping(store, list(reading.headers))
        if kept is not None:
            mapping, platform = kept.mapping, platform or kept.platform
    if mapping is not None:
        reading = read_export(content, filename, mapping=dict(mapping))
    detected = _platform_of(reading.platform, store)
    chosen = platform or detected
    preview = ExportPreview(
        format=str(reading.format or ""),
        encoding=str(reading.encoding or ""),
        headers=list(reading.headers),
        header_row_number=reading.header_row_number,
        tool=reading.platform,
        detected_platform=detected,
        platform=chosen if chosen in EXPORT_PLATFORMS else None,
        mapping=dict(reading.mapping),
        unmapped_headers=list(reading.unmapped_headers),
        kept_mapping=kept is not None,
        rows=list(reading.rows),
        records=[],
        skipped_lines=list(reading.skipped_lines),
    )
    _check(preview, reading, store, today)
    return preview


def _platform_of(tool: str | None, store: Store) -> str | None:
    """The store platform of a recognised tool's file: the store's own when the tool serves it (生意参谋 serves
    Taobao and Tmall), else the tool's first."""
    preset = PRESETS.get(tool or "")
    if preset is None:
        return None
    return store.platform if store.platform in preset.platforms else preset.platforms[0]


def field_choices() -> list[tuple[str, str]]:
    """What a column can be mapped to, for the preview's selects: nothing, or one of the reader's fields."""
    return [("", _("— not imported —")), *((key, str(f.label)) for key, f in FIELDS.items())]


def _check(preview: ExportPreview, reading: Any, store: Store, today: date) -> None:
    """Fill the preview's records, errors and warnings: the file's, then every row's. The reader has checked each
    row with the ingest contract's rules; what depends on the store (a day too far ahead) is checked here."""
    preview.errors += [ExportProblem(None, "", str(problem)) for problem in reading.problems]
    if preview.platform is None:
        preview.errors.append(
            ExportProblem(None, "", _("opsplan could not tell which platform this file is from: choose it below."))
        )
    if preview.platform and preview.platform != store.platform:
        # A file of another platform's tool (a 生意参谋 report uploaded to a JD shop) is imported only knowingly.
        preview.warnings.append(
            ExportProblem(
                None,
                "",
                _(
                    "This file is read as %(file)s, but this store is a %(store)s store: check the file and the "
                    "platform."
                )
                % {"file": Platform(preview.platform).label, "store": store.get_platform_display()},
            )
        )
    header_of = {name: header for header, name in preview.mapping.items()}
    for row in preview.rows:
        preview.warnings += [ExportProblem(row.line, "", str(warning)) for warning in row.warnings]
        if row.errors:
            preview.errors += [ExportProblem(row.line, "", str(error)) for error in row.errors]
            continue
        raw = {name: value for name, value in row.values.items() if name in KNOWN_FIELDS and value is not None}
        raw |= {"store": store.code, "date": row.date.isoformat()}
        record, errors = validate_record(row.line, raw, {store.code: today})
        preview.errors += [ExportProblem(row.line, header_of.get(e.field or "", ""), e.message) for e in errors]
        if record is not None:
            preview.records.append(record)


def export_mapping_keep(
    store: Store, headers: list[str], platform: str, mapping: Mapping[str, str], user: Any
) -> ExportMapping:
    """Keep the manager's mapping of this header row for the store's next files."""
    kept, _created = ExportMapping.objects.update_or_create(
        store=store,
        signature=header_signature(headers),
        defaults={
            "headers": list(headers),
            "platform": platform,
            "mapping": {header: name for header, name in mapping.items() if name},
            "updated_by": user if getattr(user, "is_authenticated", False) else None,
            "updated_at": timezone.now(),
        },
    )
    return kept


def export_ingest(
    store: Store,
    preview: ExportPreview,
    *,
    user: Any = None,
    client: ApiClient | None = None,
    now: datetime | None = None,
) -> IngestCounts:
    """Write a ready preview's days, all or nothing, as the source ``export:<platform>``: changed days keep their
    former values as revisions and are rolled up; the same file again changes nothing."""
    if not preview.ready:
        raise ValueError("only a preview without errors can be imported")
    with transaction.atomic():
        return metrics_write(preview.source, preview.records, {store.code: store.pk}, client=client, user=user, now=now)
