"""Shift states and where a shift pattern's headcount comes from, with labels in both languages."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ShiftState(models.TextChoices):
    """A planned shift is replaced when the rota is generated again; a confirmed one is kept."""

    PLANNED = "planned", pgettext_lazy("shift state", "Planned")
    CONFIRMED = "confirmed", pgettext_lazy("shift state", "Confirmed")


class HeadcountSource(models.TextChoices):
    FIXED = "fixed", _("A fixed number")
    WORKLOAD = "workload", _("From the day's workload (customer service)")


class GapReason(models.TextChoices):
    """Why a shift stays unfilled (the values of ``rotas.domain.REASONS``)."""

    NOBODY = "nobody", _("Nobody eligible: no one else in the role works in the store that day")
    TIME_OFF = "time_off", _("Time off")
    WEEKLY_HOURS = "weekly_hours", _("Weekly hours used up")
    REST = "rest", _("Rest rule (another shift that day, or less than 11 hours between shifts)")
    DAYS_IN_ROW = "days_in_row", _("Too many days in a row")
    OPEN = "open", _("Someone could still take it")
