"""Simplified Chinese: ISO first for inputs, thousands grouped with a comma (core.formats says why)."""

from django.conf.locale.zh_Hans import formats as django_formats

from core.formats import (
    ISO_DATE_INPUT_FORMATS,
    ISO_DATETIME_INPUT_FORMATS,
    ISO_TIME_INPUT_FORMATS,
    iso_first,
)

# Django's list has "%Y年%n月%j日", which strptime does not know (%n is whitespace): the usual spelling instead.
DATE_INPUT_FORMATS = iso_first(["%Y/%m/%d", "%Y年%m月%d日", "%Y%m%d"], ISO_DATE_INPUT_FORMATS)
TIME_INPUT_FORMATS = iso_first(django_formats.TIME_INPUT_FORMATS, ISO_TIME_INPUT_FORMATS)
DATETIME_INPUT_FORMATS = iso_first(
    [f for f in django_formats.DATETIME_INPUT_FORMATS if "%n" not in f], ISO_DATETIME_INPUT_FORMATS
)
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
DECIMAL_SEPARATOR = "."
# Django's "m月j日" pads the month (03月5日); people write 3月5日.
MONTH_DAY_FORMAT = "n月j日"
# Django writes a date as 2026年12月7日; every table, chart and form of opsplan writes 2026-12-07, so a date shown
# without an explicit format reads the same as the rest of the page.
DATE_FORMAT = "Y-m-d"
DATETIME_FORMAT = "Y-m-d H:i"
