"""Staffing: the role catalogue with capacity norms, the roster of people, their stores and time off,
and the headcount each store plans per role and month."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from accounts.choices import Role
from core.dates import BusinessDateField

from .choices import EmploymentType, NormUnit, TimeOffKind

NORM = {"max_digits": 10, "decimal_places": 2, "validators": [MinValueValidator(Decimal("0.01"))]}
HEADCOUNT = {"max_digits": 6, "decimal_places": 2, "validators": [MinValueValidator(Decimal("0"))]}
STAFF_ROLES = [(value, label) for value, label in Role.choices if value != Role.VIEWER]


def _in_language(english: str, chinese: str) -> str:
    """The Chinese text when the active language is Chinese and the text exists, else the English."""
    return chinese if (get_language() or "").startswith("zh") and chinese else english


class StaffRole(models.Model):
    """A role of the catalogue (the playbook's seven), its duties in both languages and its default capacity norm."""

    code = models.CharField(_("code"), max_length=20, choices=STAFF_ROLES, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=60)
    name_zh = models.CharField(_("name (Chinese)"), max_length=60)
    duties_en = models.TextField(_("duties (English)"), blank=True)
    duties_zh = models.TextField(_("duties (Chinese)"), blank=True)
    norm_unit = models.CharField(_("capacity norm unit"), max_length=20, choices=NormUnit.choices)
    default_norm = models.DecimalField(
        _("default capacity norm"),
        null=True,
        blank=True,
        help_text=_("Empty for roles with a fixed headcount."),
        **NORM,
    )
    minimum_headcount = models.DecimalField(
        _("minimum headcount"), default=Decimal("1"), help_text=_("Needed whatever the workload."), **HEADCOUNT
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "code"]
        verbose_name = _("staff role")
        verbose_name_plural = _("staff roles")
        constraints = [
            models.CheckConstraint(
                condition=Q(norm_unit=NormUnit.FIXED) | Q(default_norm__isnull=False),
                name="staff_role_norm_unless_fixed",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return _in_language(self.name_en, self.name_zh)

    @property
    def duties(self) -> str:
        return _in_language(self.duties_en, self.duties_zh)


class CapacityNorm(models.Model):
    """A store's own capacity norm for a role, replacing the catalogue's default."""

    store = models.ForeignKey(
        "stores.Store", on_delete=models.CASCADE, related_name="capacity_norms", verbose_name=_("store")
    )
    role = models.ForeignKey(StaffRole, on_delete=models.CASCADE, related_name="store_norms", verbose_name=_("role"))
    value = models.DecimalField(_("capacity norm"), **NORM)

    class Meta:
        ordering = ["store_id", "role__position"]
        verbose_name = _("capacity norm")
        verbose_name_plural = _("capacity norms")
        constraints = [models.UniqueConstraint(fields=["store", "role"], name="capacity_norm_once_per_store_role")]

    def __str__(self) -> str:
        return f"{self.store} · {self.role}: {self.value}"


def default_hourly_profile() -> list[int]:
    """Share of a day's orders per hour 0–23, in per mille: Taobao-style peaks mid-morning, afternoon and evening."""
    return [10, 5, 3, 2, 2, 3, 8, 20, 40, 55, 65, 60, 45, 50, 60, 60, 55, 50, 50, 60, 75, 80, 70, 32]


def default_promotion_multipliers() -> dict[str, str]:
    """Orders on a promotion day as a multiple of the plan's day target, by promotion kind (docs/staffing.md):
    Double 11 five times, 618, Double 12 and Juhuasuan three times; other kinds use the default multiplier."""
    return {"double_11": "5", "618": "3", "double_12": "3", "juhuasuan": "3"}


class StaffingPolicy(models.Model):
    """A store's staffing rules: service hours, the hourly order profile, working-day limits, promotion load."""

    store = models.OneToOneField(
        "stores.Store", on_delete=models.CASCADE, related_name="staffing_policy", verbose_name=_("store")
    )
    service_start = models.TimeField(_("customer service from"), default=datetime.time(9, 0))
    service_end = models.TimeField(
        _("customer service until"),
        default=datetime.time(0, 0),
        help_text=_("A time before the start means the service runs past midnight (00:00 = midnight)."),
    )
    hourly_profile = models.JSONField(_("orders per hour (‰ of the day, 0–23 h)"), default=default_hourly_profile)
    workday_hours = models.DecimalField(
        _("hours in a working day"),
        max_digits=4,
        decimal_places=1,
        default=Decimal("8"),
        validators=[MinValueValidator(Decimal("1")), MaxValueValidator(Decimal("16"))],
    )
    max_days_in_row = models.PositiveSmallIntegerField(
        _("most working days in a row"), default=6, validators=[MinValueValidator(1), MaxValueValidator(14)]
    )
    promotion_multipliers = models.JSONField(
        _("orders on promotion days (× the plan's day target, by promotion kind)"),
        default=default_promotion_multipliers,
        blank=True,
        help_text=_("Kinds not listed use the default multiplier."),
    )
    default_promotion_multiplier = models.DecimalField(
        _("default promotion multiplier"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("2"),
        validators=[MinValueValidator(Decimal("1"))],
    )

    class Meta:
        verbose_name = _("staffing policy")
        verbose_name_plural = _("staffing policies")

    def __str__(self) -> str:
        return f"{self.store} · {self._meta.verbose_name}"

    def multiplier_for(self, kind: str) -> Decimal:
        """The multiplier of a promotion kind: its own, else the default."""
        value = (self.promotion_multipliers or {}).get(kind)
        return Decimal(str(value)) if value not in (None, "") else self.default_promotion_multiplier


class Person(models.Model):
    """Someone on the team; linked to a user when they log in to opsplan."""

    name = models.CharField(_("name"), max_length=80)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="staff_person",
        verbose_name=_("user"),
    )
    employment_type = models.CharField(
        _("employment"), max_length=12, choices=EmploymentType.choices, default=EmploymentType.FULL_TIME
    )
    weekly_hours = models.DecimalField(
        _("hours per week"),
        max_digits=4,
        decimal_places=1,
        default=Decimal("40"),
        validators=[MinValueValidator(Decimal("1")), MaxValueValidator(Decimal("60"))],
    )
    start_date = BusinessDateField(_("starts"))
    end_date = BusinessDateField(_("ends"), null=True, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("person")
        verbose_name_plural = _("people")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")), name="person_dates_ordered"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def employed_on(self, day: datetime.date) -> bool:
        return self.start_date <= day and (self.end_date is None or day <= self.end_date)


class Assignment(models.Model):
    """A person working in a store in a role, for a share of their time: the playbook's elastic team is a person
    with assignments in several stores whose shares add up to at most 1."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="assignments", verbose_name=_("person"))
    store = models.ForeignKey(
        "stores.Store", on_delete=models.CASCADE, related_name="staff_assignments", verbose_name=_("store")
    )
    role = models.ForeignKey(StaffRole, on_delete=models.PROTECT, related_name="assignments", verbose_name=_("role"))
    share = models.DecimalField(
        _("share of their time"),
        max_digits=3,
        decimal_places=2,
        default=Decimal("1"),
        validators=[MinValueValidator(Decimal("0.05")), MaxValueValidator(Decimal("1"))],
    )
    start_date = BusinessDateField(_("from"), null=True, blank=True, help_text=_("Empty: from the person's start."))
    end_date = BusinessDateField(_("until"), null=True, blank=True, help_text=_("Empty: until the person's end."))

    class Meta:
        ordering = ["store_id", "role__position", "person__name"]
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        constraints = [
            models.UniqueConstraint(fields=["person", "store", "role"], name="assignment_once_per_store_role"),
            models.CheckConstraint(condition=Q(share__gt=0) & Q(share__lte=1), name="assignment_share_between_0_and_1"),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(start_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="assignment_dates_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.store} · {self.role}"


class TimeOff(models.Model):
    """Days a person does not work: leave, sickness, public holidays."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="time_off", verbose_name=_("person"))
    kind = models.CharField(_("kind"), max_length=20, choices=TimeOffKind.choices, default=TimeOffKind.ANNUAL_LEAVE)
    start_date = BusinessDateField(_("from"))
    end_date = BusinessDateField(_("until"))
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        ordering = ["start_date", "person_id"]
        verbose_name = _("time off")
        verbose_name_plural = _("time off")
        constraints = [
            models.CheckConstraint(condition=Q(end_date__gte=F("start_date")), name="time_off_dates_ordered")
        ]

    def __str__(self) -> str:
        return f"{self.person} {self.start_date}–{self.end_date}"


class PlannedHeadcount(models.Model):
    """The headcount a store plans for a role in a month (full-time equivalents), seeded from the playbook's
    starting team and grown with the plan's stages."""

    store = models.ForeignKey(
        "stores.Store", on_delete=models.CASCADE, related_name="planned_headcounts", verbose_name=_("store")
    )
    role = models.ForeignKey(StaffRole, on_delete=models.CASCADE, related_name="planned", verbose_name=_("role"))
    month = BusinessDateField(_("month"), help_text=_("The first day of the month."))
    headcount = models.DecimalField(_("planned headcount"), **HEADCOUNT)

    class Meta:
        ordering = ["store_id", "month", "role__position"]
        verbose_name = _("planned headcount")
        verbose_name_plural = _("planned headcounts")
        constraints = [
            models.UniqueConstraint(fields=["store", "role", "month"], name="planned_headcount_once"),
            models.CheckConstraint(condition=Q(month__day=1), name="planned_headcount_month_starts_on_1st"),
        ]

    def __str__(self) -> str:
        return f"{self.store} · {self.role} · {self.month:%Y-%m}: {self.headcount}"
