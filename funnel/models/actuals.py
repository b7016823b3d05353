"""Daily actuals: what each source reported for a store-day, and what it reported before."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.dates import BusinessDateField
from funnel.formulas import AOV, CONVERSION

MONEY = {"max_digits": 14, "decimal_places": 2}

# The numeric fields of a day's metrics, in the order the API documents them.
METRIC_COUNT_FIELDS = ("uv", "pv", "orders", "refunds", "paying_buyers", "new_buyers", "returning_buyers")
# refund_amount is money refunded (退款金额), refunds a count of refunded orders: files give one or the other.
METRIC_MONEY_FIELDS = ("gmv", "ad_spend", "refund_amount")
METRIC_FIELDS = METRIC_COUNT_FIELDS + METRIC_MONEY_FIELDS


class DailyMetric(models.Model):
    """One source's figures for one store-day; conversion and AOV are derived, never stored."""

    store = models.ForeignKey("stores.Store", on_delete=models.CASCADE, related_name="daily_metrics")
    date = BusinessDateField(_("date"))
    # "client:<id>" for an API client, "service_log" for the customer-service log, "export:<platform>" for a
    # platform's back-office export (funnel.sources names them all).
    source = models.CharField(_("source"), max_length=40)
    api_client = models.ForeignKey(
        "accounts.ApiClient", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    uv = models.PositiveIntegerField(_("UV"), null=True, blank=True)
    pv = models.PositiveIntegerField(_("PV"), null=True, blank=True)
    orders = models.PositiveIntegerField(_("orders"))
    refunds = models.PositiveIntegerField(_("refunds"), null=True, blank=True)
    paying_buyers = models.PositiveIntegerField(_("paying buyers"), null=True, blank=True)
    new_buyers = models.PositiveIntegerField(_("new buyers"), null=True, blank=True)
    returning_buyers = models.PositiveIntegerField(_("returning buyers"), null=True, blank=True)
    gmv = models.DecimalField(_("GMV"), null=True, blank=True, **MONEY)
    ad_spend = models.DecimalField(_("ad spend"), null=True, blank=True, **MONEY)
    refund_amount = models.DecimalField(_("refund amount"), null=True, blank=True, **MONEY)
    created_at = models.DateTimeField(_("created"))
    updated_at = models.DateTimeField(_("updated"))

    class Meta:
        verbose_name = _("daily metric")
        verbose_name_plural = _("daily metrics")
        constraints = [
            models.UniqueConstraint(fields=["store", "date", "source"], name="daily_metric_one_per_source_day"),
        ]
        indexes = [models.Index(fields=["store", "-date"], name="daily_metric_store_date")]
        ordering = ["-date", "store_id", "source"]

    def __str__(self) -> str:
        return f"{self.store_id} {self.date} {self.source}"

    @property
    def conversion(self) -> Decimal | None:
        return CONVERSION(orders=self.orders, uv=self.uv)

    @property
    def aov(self) -> Decimal | None:
        return AOV(gmv=self.gmv, orders=self.orders)


class DailyMetricRevision(models.Model):
    """The values a daily metric had before a later push or edit changed them, and when they were known."""

    metric = models.ForeignKey(DailyMetric, on_delete=models.CASCADE, related_name="revisions")
    values = models.JSONField(_("values"))
    known_from = models.DateTimeField(_("known from"))
    superseded_at = models.DateTimeField(_("superseded at"))
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("daily metric revision")
        verbose_name_plural = _("daily metric revisions")
        ordering = ["metric_id", "-superseded_at"]

    def __str__(self) -> str:
        return f"{self.metric_id} until {self.superseded_at:%Y-%m-%d %H:%M}"


class IdempotencyRecord(models.Model):
    """The first response to a request sent with an ``Idempotency-Key``, replayed for retries."""

    api_client = models.ForeignKey("accounts.ApiClient", on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=255)
    request_hash = models.CharField(max_length=64)
    status_code = models.PositiveSmallIntegerField()
    response = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("idempotency record")
        verbose_name_plural = _("idempotency records")
        constraints = [models.UniqueConstraint(fields=["api_client", "key"], name="idempotency_key_per_client")]

    def __str__(self) -> str:
        return f"{self.api_client_id} {self.key}"
