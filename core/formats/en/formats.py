"""English: ISO first for inputs (core.formats says why); the rest is Django's."""

from django.conf.locale.en import formats as django_formats

from core.formats import (
    ISO_DATE_INPUT_FORMATS,
    ISO_DATETIME_INPUT_FORMATS,
    ISO_TIME_INPUT_FORMATS,
    iso_first,
)

DATE_INPUT_FORMATS = iso_first(django_formats.DATE_INPUT_FORMATS, ISO_DATE_INPUT_FORMATS)
TIME_INPUT_FORMATS = iso_first(django_formats.TIME_INPUT_FORMATS, ISO_TIME_INPUT_FORMATS)
DATETIME_INPUT_FORMATS = iso_first(django_formats.DATETIME_INPUT_FORMATS, ISO_DATETIME_INPUT_FORMATS)
