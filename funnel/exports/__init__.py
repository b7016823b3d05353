"""Reading the daily reports shops download from their platforms' seller tools (生意参谋, 京东商智, 抖店罗盘,
拼多多) into rows opsplan can import. Pure: bytes in, an :class:`ExportReading` out; no database."""

from .fields import FIELDS, REQUIRED_FIELDS, STORED_FIELDS, Field, Kind
from .files import MAX_BYTES, MAX_DATA_ROWS
from .presets import PRESETS, Preset, detect_preset
from .reading import ExportReading, ExportRow, read_export

__all__ = [
    "FIELDS",
    "MAX_BYTES",
    "MAX_DATA_ROWS",
    "PRESETS",
    "REQUIRED_FIELDS",
    "STORED_FIELDS",
    "ExportReading",
    "ExportRow",
    "Field",
    "Kind",
    "Preset",
    "detect_preset",
    "read_export",
]
