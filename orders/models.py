"""The customer-service daily log and its history."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.dates import BusinessDateField
from core.history import MONEY as MONEY_FORMAT

MONEY = {"max_digits": 14, "decimal_places": 2}
RATING = {"max_digits": 3, "decimal_places": 2, "null": True, "blank": True}
RATE = {"max_digits": 5, "decimal_places": 2, "null": True, "blank": True}


class ServiceLog(models.Model):
    """What customer service logged for one store-day: orders, shipping speed, complaints and ratings."""

    store = models.ForeignKey(
        "stores.Store", on_delete=models.CASCADE, related_name="service_logs", verbose_name=_("store")
    )
    date = BusinessDateField(_("date"))
    orders = models.PositiveIntegerField(_("orders"))
    gmv = models.DecimalField(_("GMV (CNY)"), **MONEY)
    refunds = models.PositiveIntegerField(_("refunds"))
    shipped_24h = models.PositiveIntegerField(_("shipped within 24 h"))
    shipped_48h = models.PositiveIntegerField(_("shipped within 24–48 h"))
    shipped_later = models.PositiveIntegerField(_("shipped after 48 h"))
    complaints = models.PositiveIntegerField(_("complaints"))
    rating_description = models.DecimalField(_("rating: item as described"), **RATING)
    rating_service = models.DecimalField(_("rating: service attitude"), **RATING)
    rating_shipping = models.DecimalField(_("rating: shipping speed"), **RATING)
    positive_rate = models.DecimalField(_("positive-rating rate (%)"), **RATE)
    uv = models.PositiveIntegerField(_("visitors (UV)"), null=True, blank=True)
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("logged by"),
    )
    created_at = models.DateTimeField(_("created"))
    updated_at = models.DateTimeField(_("updated"))

    # How histories show the numbers (core.history).
    display_formats = {"gmv": MONEY_FORMAT}

    class Meta:
        verbose_name = _("customer-service log")
        verbose_name_plural = _("customer-service logs")
        ordering = ["-date", "store_id"]
        constraints = [
            models.UniqueConstraint(fields=["store", "date"], name="service_log_one_per_store_day"),
            # The last line of defence; orders.domain gives people the readable messages.
            models.CheckConstraint(
                condition=Q(shipped_24h__lte=F("orders") - F("shipped_48h") - F("shipped_later")),
                name="service_log_shipped_within_orders",
            ),
            models.CheckConstraint(
                condition=Q(rating_description__gte=0, rating_description__lte=5)
                & Q(rating_service__gte=0, rating_service__lte=5)
                & Q(rating_shipping__gte=0, rating_shipping__lte=5),
                name="service_log_ratings_0_to_5",
            ),
            models.CheckConstraint(
                condition=Q(positive_rate__gte=0, positive_rate__lte=100), name="service_log_rate_0_to_100"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.store_id} {self.date}"

    def get_absolute_url(self) -> str:
        url = reverse("orders:service_log", kwargs={"store": self.store.code})
        return f"{url}?date={self.date.isoformat()}"


class ServiceLogRevision(models.Model):
    """The figures a day's log had before someone changed them: who changed them, and when."""

    log = models.ForeignKey(ServiceLog, on_delete=models.CASCADE, related_name="revisions", verbose_name=_("log"))
    values = models.JSONField(_("previous values"))
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("changed by"),
    )
    changed_at = models.DateTimeField(_("changed at"))

    class Meta:
        verbose_name = _("customer-service log revision")
        verbose_name_plural = _("customer-service log revisions")
        ordering = ["log_id", "-changed_at", "-id"]

    def __str__(self) -> str:
        return f"{self.log_id} @ {self.changed_at:%Y-%m-%d %H:%M}"

