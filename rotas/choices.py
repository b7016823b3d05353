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
