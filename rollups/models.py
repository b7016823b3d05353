"""Rollup tables: each store-day's actuals resolved from its sources, and what needs recomputing."""

from django.db import models
from django.utils.translation import gettext_lazy as _

MONEY = {"max_digits": 14, "decimal_places": 2}


class DirtyRange(models.Model):
    """Days of a store whose actuals changed since its last rollup: one row per write, merged when read."""

    store = models.ForeignKey("stores.Store", on_delete=models.CASCADE, related_name="+")
    date_from = models.DateField()
    date_to = models.DateField()
    marked_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["store", "marked_at"], name="dirty_range_store")]

    def __str__(self) -> str:
        return f"{self.store_id} {self.date_from}..{self.date_to}"


class DailyActual(models.Model):
    """The figures that count for a store-day, chosen from its sources by the store's source policy."""

    store = models.ForeignKey("stores.Store", on_delete=models.CASCADE, related_name="daily_actuals")
    date = models.DateField(_("date"))
    source = models.CharField(_("source"), max_length=40)
    uv = models.PositiveIntegerField(_("UV"), null=True)
    pv = models.PositiveIntegerField(_("PV"), null=True)
    orders = models.PositiveIntegerField(_("orders"))
    refunds = models.PositiveIntegerField(_("refunds"), null=True)
    paying_buyers = models.PositiveIntegerField(_("paying buyers"), null=True)
    new_buyers = models.PositiveIntegerField(_("new buyers"), null=True)
    returning_buyers = models.PositiveIntegerField(_("returning buyers"), null=True)
    gmv = models.DecimalField(_("GMV"), null=True, **MONEY)
    ad_spend = models.DecimalField(_("ad spend"), null=True, **MONEY)
    computed_at = models.DateTimeField(_("computed at"))

    class Meta:
        verbose_name = _("daily actual")
        verbose_name_plural = _("daily actuals")
        constraints = [models.UniqueConstraint(fields=["store", "date"], name="daily_actual_one_per_day")]
        ordering = ["store_id", "date"]

    def __str__(self) -> str:
        return f"{self.store_id} {self.date}"


class RollupRun(models.Model):
    """One rollup of one store over a date range: when it ran and what it wrote."""

    class Status(models.TextChoices):
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    store = models.ForeignKey("stores.Store", on_delete=models.CASCADE, related_name="rollup_runs")
    date_from = models.DateField()
    date_to = models.DateField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.RUNNING)
    rows = models.PositiveIntegerField(default=0)
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True)

    class Meta:
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"{self.store_id} {self.date_from}..{self.date_to} {self.status}"
