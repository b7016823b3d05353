"""Shift rotas: the shift patterns a store runs per role, the shifts people work, and each generated rota."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from core.dates import BusinessDateField
from core.weekdays import weekday_names

from .choices import HeadcountSource, ShiftState

ALL_WEEKDAYS = [0, 1, 2, 3, 4, 5, 6]


def every_weekday() -> list[int]:
    return list(ALL_WEEKDAYS)


class ShiftPattern(models.Model):
    """A shift a store runs for a role on some weekdays (early, late, the shipping run …) and how many people it
    needs on duty. An end at or before the start runs past midnight; a second segment makes a split shift."""

    store = models.ForeignKey(
        "stores.Store", on_delete=models.CASCADE, related_name="shift_patterns", verbose_name=_("store")
    )
    role = models.ForeignKey(
        "staffing.StaffRole", on_delete=models.CASCADE, related_name="shift_patterns", verbose_name=_("role")
    )
    name = models.CharField(_("name"), max_length=60)
    start_time = models.TimeField(_("starts"))
    end_time = models.TimeField(_("ends"), help_text=_("At or before the start: the shift ends the next day."))
    second_start_time = models.TimeField(_("second part starts"), null=True, blank=True)
    second_end_time = models.TimeField(_("second part ends"), null=True, blank=True)
    weekdays = models.JSONField(_("weekdays (0 = Monday)"), default=every_weekday)
    headcount_source = models.CharField(
        _("headcount"), max_length=10, choices=HeadcountSource.choices, default=HeadcountSource.FIXED
    )
    headcount = models.PositiveSmallIntegerField(
        _("people on duty"),
        default=1,
        validators=[MinValueValidator(0), MaxValueValidator(50)],
        help_text=_("The fixed number, or the minimum when it comes from the workload."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["store_id", "role__position", "position", "start_time", "pk"]
        verbose_name = _("shift pattern")
        verbose_name_plural = _("shift patterns")
        constraints = [
            models.UniqueConstraint(fields=["store", "role", "name"], name="shift_pattern_name_once"),
            models.CheckConstraint(
                condition=Q(second_start_time__isnull=True, second_end_time__isnull=True)
                | Q(second_start_time__isnull=False, second_end_time__isnull=False),
                name="shift_pattern_second_part_whole",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.start_time:%H:%M}–{self.end_time:%H:%M}"

    @property
    def is_split(self) -> bool:
        return self.second_start_time is not None

    @property
    def weekdays_display(self) -> str:
        """The weekdays it runs by name ("周一、周二" / "Mon, Tue"; "every day")."""
        return weekday_names(self.weekdays or [])


class Shift(models.Model):
    """A person on one of a store's shift patterns on a day; an overnight shift belongs to the day it starts.

    ``start_at``/``end_at`` (and the second part of a split shift) are moments, shown in the store's time zone."""

    store = models.ForeignKey("stores.Store", on_delete=models.CASCADE, related_name="shifts", verbose_name=_("store"))
    pattern = models.ForeignKey(ShiftPattern, on_delete=models.CASCADE, related_name="shifts", verbose_name=_("shift"))
    person = models.ForeignKey(
        "staffing.Person", on_delete=models.CASCADE, related_name="shifts", verbose_name=_("person")
    )
    date = BusinessDateField(_("day"))
    start_at = models.DateTimeField(_("starts"))
    end_at = models.DateTimeField(_("ends"))
    second_start_at = models.DateTimeField(_("second part starts"), null=True, blank=True)
    second_end_at = models.DateTimeField(_("second part ends"), null=True, blank=True)
    state = models.CharField(_("state"), max_length=10, choices=ShiftState.choices, default=ShiftState.PLANNED)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["date", "start_at", "pk"]
        verbose_name = _("shift")
        verbose_name_plural = _("shifts")
        indexes = [
            models.Index(fields=["store", "date"], name="shift_store_date"),
            models.Index(fields=["person", "date"], name="shift_person_date"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["pattern", "person", "date"], name="shift_once_per_pattern_person_day"),
            models.CheckConstraint(condition=Q(end_at__gt=F("start_at")), name="shift_ends_after_start"),
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.pattern.name} · {self.date}"


class Rota(models.Model):
    """One generation of a store's rota for a role and a date range: who ran it, when, and what it left uncovered."""

    store = models.ForeignKey("stores.Store", on_delete=models.CASCADE, related_name="rotas", verbose_name=_("store"))
    role = models.ForeignKey(
        "staffing.StaffRole", on_delete=models.CASCADE, related_name="rotas", verbose_name=_("role")
    )
    start_date = BusinessDateField(_("from"))
    end_date = BusinessDateField(_("until"))
    generated_at = models.DateTimeField(_("generated"), auto_now_add=True)
    generated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("generated by"),
    )
    seed = models.PositiveIntegerField(_("seed"), default=0)
    shifts_created = models.PositiveIntegerField(_("shifts created"), default=0)
    shifts_kept = models.PositiveIntegerField(_("confirmed shifts kept"), default=0)
    shortfall = models.PositiveIntegerField(_("shifts left uncovered"), default=0)

    class Meta:
        ordering = ["-generated_at", "-pk"]
        verbose_name = _("rota")
        verbose_name_plural = _("rotas")
        constraints = [models.CheckConstraint(condition=Q(end_date__gte=F("start_date")), name="rota_dates_ordered")]

    def __str__(self) -> str:
        return f"{self.store} · {self.role} · {self.start_date} – {self.end_date}"
