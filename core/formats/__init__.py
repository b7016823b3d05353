"""opsplan's own locale formats (FORMAT_MODULE_PATH), over Django's.

Two things Django's zh_Hans locale gets wrong for a web app:

- The first input format of dates, times and date-times is what a widget renders its value in, and
  HTML's ``<input type="date">``, ``time`` and ``datetime-local`` accept ISO only. zh_Hans puts
  ``%Y/%m/%d`` first, so every date field rendered empty in Chinese and its form could not be saved.
  Each locale here puts the ISO format first; the others still parse what people type.
- zh_Hans groups digits by four with no separator (``23111``). Chinese business software (the
  platforms' seller tools, banks, spreadsheets) writes ``23,111``: thousands with a comma, and 万/亿
  only where a figure is abbreviated (``core.numbers``).
"""

ISO_DATE_INPUT_FORMATS = ["%Y-%m-%d"]
ISO_TIME_INPUT_FORMATS = ["%H:%M", "%H:%M:%S", "%H:%M:%S.%f"]
# What <input type="datetime-local"> sends and shows, then the ISO forms with a space.
ISO_DATETIME_INPUT_FORMATS = [
    "%Y-%m-%dT%H:%M",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M:%S.%f",
]


def iso_first(formats: list[str], iso: list[str]) -> list[str]:
    """The ISO formats first (what widgets render), then the locale's own, without repeats."""
    return [*iso, *(f for f in formats if f not in iso)]
