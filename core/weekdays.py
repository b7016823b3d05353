"""Weekday names, the one place that labels a weekday number (0 = Monday … 6 = Sunday, as ``date.weekday()``) and
a set of them (joined the way the language joins a list, core.text): shift patterns, their forms, the plan's weekday
weights and the API's display fields use it."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.text import joined


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Mon")
    TUESDAY = 1, _("Tue")
    WEDNESDAY = 2, _("Wed")
    THURSDAY = 3, _("Thu")
    FRIDAY = 4, _("Fri")
    SATURDAY = 5, _("Sat")
    SUNDAY = 6, _("Sun")


def weekday_names(days: Iterable[int]) -> str:
    """A set of weekdays by name in the active language, Monday first: "周一、周三" / "Mon, Wed"; all seven are
    "every day"."""
    chosen = sorted({int(day) for day in days if 0 <= int(day) <= 6})
    if len(chosen) == len(Weekday.values):
        return gettext("Every day")
    return joined(Weekday(day).label for day in chosen)
