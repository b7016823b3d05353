"""Stores: the shops opsplan plans."""

import zoneinfo

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.dates import BusinessDateField

from .choices import Platform, SourcePolicy, StoreStatus

store_code_validator = RegexValidator(
    r"^[a-z0-9]+(?:-[a-z0-9]+)*$",
    _("Use lower-case letters, digits and single hyphens, e.g. tmall-flagship."),
)


def validate_time_zone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(_("%(value)s is not a known time zone."), params={"value": value})


class Store(models.Model):
    """An online shop on one platform (or an offline store), the unit everything is planned for."""

    code = models.SlugField(
        _("code"),
        max_length=50,
        unique=True,
        validators=[store_code_validator],
        help_text=_("Short unique identifier used in URLs and by API clients, e.g. tmall-flagship."),
    )
    name = models.CharField(_("name"), max_length=120)
    platform = models.CharField(_("platform"), max_length=20, choices=Platform.choices)
    time_zone = models.CharField(
        _("time zone"), max_length=64, default="Asia/Shanghai", validators=[validate_time_zone]
    )
    currency = models.CharField(_("currency"), max_length=3, default="CNY", editable=False)
    launch_date = BusinessDateField(_("launch date"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=StoreStatus.choices, default=StoreStatus.ACTIVE)
    notes = models.TextField(_("notes"), blank=True)
    source_policy = models.CharField(
        _("when sources disagree"),
        max_length=20,
        choices=SourcePolicy.choices,
        default=SourcePolicy.API,
        help_text=_(
            "Which figures count when API clients, platform exports and the customer-service log report the same day."
        ),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("store")
        verbose_name_plural = _("stores")

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    def get_absolute_url(self) -> str:
        return reverse("stores:store_detail", kwargs={"store": self.code})


class DirtyRange(models.Model):
    """Days of a store whose figures changed since its last rollup: one row per write, merged when read
    (stores.days)."""

    store = models.ForeignKey("stores.Store", on_delete=models.CASCADE, related_name="+")
    date_from = BusinessDateField()
    date_to = BusinessDateField()
    marked_at = models.DateTimeField()

    class Meta:
        db_table = "rollups_dirtyrange"  # made by the rollups app, whose migrations created it
        verbose_name = _("dirty range")
        verbose_name_plural = _("dirty ranges")
        indexes = [models.Index(fields=["store", "marked_at"], name="dirty_range_store")]

    def __str__(self) -> str:
        return f"{self.store_id} {self.date_from}..{self.date_to}"
