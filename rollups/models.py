"""Rollups: each store-day against its plan (a view), the segments its periods are summed from (a table), its
weeks, months, stages and plans (a view over the segments), and what needs recomputing."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.dates import BusinessDateField

MONEY = {"max_digits": 14, "decimal_places": 2}


class RollupRun(models.Model):
    """One rollup of one store over a date range: when it ran and what it wrote."""

    class Status(models.TextChoices):
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    store = models.ForeignKey("stores.Store", on_delete=models.CASCADE, related_name="rollup_runs")
    date_from = BusinessDateField()
    date_to = BusinessDateField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.RUNNING)
    rows = models.PositiveIntegerField(default=0)
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True)

    class Meta:
        verbose_name = _("rollup run")
        verbose_name_plural = _("rollup runs")
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"{self.store_id} {self.date_from}..{self.date_to} {self.status}"


class Grain(models.TextChoices):
    WEEK = "week", _("Week")
    MONTH = "month", _("Month")
    STAGE = "stage", _("Plan stage")
    PLAN = "plan", _("Plan period")


class SumsMixin(models.Model):
    """Actual figures and the targets they are held against, summed over a day, a segment or a period."""

    uv = models.PositiveIntegerField(_("UV"), null=True)
    pv = models.PositiveIntegerField(_("PV"), null=True)
    orders = models.PositiveIntegerField(_("orders"), null=True)
    gmv = models.DecimalField(_("GMV"), null=True, **MONEY)
    ad_spend = models.DecimalField(_("ad spend"), null=True, **MONEY)
    refunds = models.PositiveIntegerField(_("refunds"), null=True)
    target_uv = models.PositiveIntegerField(_("UV target"), null=True)
    target_orders = models.PositiveIntegerField(_("orders target"), null=True)
    target_gmv = models.DecimalField(_("GMV target"), null=True, **MONEY)
    target_ad_spend = models.DecimalField(_("ad spend target"), null=True, **MONEY)

    class Meta:
        abstract = True


class FiguresMixin(SumsMixin):
    """Actual figures, the targets they are held against, and what follows from both."""

    conversion = models.DecimalField(_("conversion"), max_digits=9, decimal_places=6, null=True)
    aov = models.DecimalField(_("AOV"), null=True, **MONEY)
    roi = models.DecimalField(_("ROI"), max_digits=12, decimal_places=2, null=True)
    orders_variance = models.IntegerField(_("orders variance"), null=True)
    gmv_variance = models.DecimalField(_("GMV variance"), null=True, **MONEY)
    orders_attainment = models.DecimalField(_("orders attainment"), max_digits=9, decimal_places=4, null=True)
    gmv_attainment = models.DecimalField(_("GMV attainment"), max_digits=9, decimal_places=4, null=True)
    # GMV variance = UV effect + conversion effect + AOV effect (sales = UV × conversion × AOV).
    uv_effect = models.DecimalField(_("UV effect"), null=True, **MONEY)
    conversion_effect = models.DecimalField(_("conversion effect"), null=True, **MONEY)
    aov_effect = models.DecimalField(_("AOV effect"), null=True, **MONEY)

    class Meta:
        abstract = True


class DayRollup(FiguresMixin):
    """A store-day: its actuals (if any, resolved from its sources by the store's source policy) against the
    active plan's spread target (if any).

    A database view (``rollups/sql.py: day_view``), not a table: each day's figures follow from one metric row
    and one target row, so they are computed when read, for the stores and days asked for, and are always
    current. Storing them cost more than everything else a rollup does (docs/benchmarks.md). A migration that
    changes a column the view reads must drop the view first and create it again after."""

    IDS_PER_STORE = 1_000_000
    id = models.BigIntegerField(primary_key=True)  # store id × 1,000,000 + days since 2000-01-01
    store = models.ForeignKey("stores.Store", on_delete=models.DO_NOTHING, related_name="day_rollups")
    date = BusinessDateField(_("date"))
    # The source whose figures counted for the day; empty when only a target exists.
    source = models.CharField(_("source"), max_length=40, null=True)
    paying_buyers = models.PositiveIntegerField(_("paying buyers"), null=True)
    new_buyers = models.PositiveIntegerField(_("new buyers"), null=True)
    returning_buyers = models.PositiveIntegerField(_("returning buyers"), null=True)
    plan = models.ForeignKey("funnel.Plan", on_delete=models.DO_NOTHING, null=True, related_name="+")
    stage = models.PositiveSmallIntegerField(_("stage"), null=True)
    computed_at = models.DateTimeField(_("computed at"))  # when read: the view is always current

    class Meta:
        managed = False
        verbose_name = _("day rollup")
        verbose_name_plural = _("day rollups")
        ordering = ["store_id", "date"]

    def __str__(self) -> str:
        return f"{self.store_id} {self.date}"


class PeriodSegment(SumsMixin):
    """The sums of the days of a store that share a week, a month, the plan stage their target came from and
    whether they were past ``as_of`` when the rollup ran: what a rollup writes (``rollups/sql.py:
    build_segments``), about 130 rows a store-year. Every period is a sum of whole segments."""

    store = models.ForeignKey(
        "stores.Store", on_delete=models.CASCADE, related_name="+", db_constraint=False, db_index=False
    )
    week = BusinessDateField(_("week"))  # its Monday
    month = BusinessDateField(_("month"))  # its first day
    plan = models.ForeignKey(
        "funnel.Plan", on_delete=models.DO_NOTHING, null=True, related_name="+", db_constraint=False, db_index=False
    )
    stage = models.PositiveSmallIntegerField(_("stage"), null=True)
    past = models.BooleanField(_("to date"))  # the days are on or before as_of
    first_day = BusinessDateField(_("first day"))
    last_day = BusinessDateField(_("last day"))
    as_of = BusinessDateField(_("as of"))
    computed_at = models.DateTimeField(_("computed at"))

    class Meta:
        verbose_name = _("period segment")
        verbose_name_plural = _("period segments")
        indexes = [
            models.Index(fields=["store", "first_day"], name="period_segment_store_day"),
            # The segments ahead of as_of (the targets of days to come): which a new as_of may now make past.
            models.Index(fields=["store", "first_day"], condition=models.Q(past=False), name="period_segment_ahead"),
        ]
        ordering = ["store_id", "first_day"]

    def __str__(self) -> str:
        return f"{self.store_id} {self.first_day}..{self.last_day}"


class PeriodRollup(FiguresMixin):
    """A store's week, month, plan stage or plan period: actuals to date against the targets to date,
    and the pace: the run-rate projection to the period's end against the period's whole target.

    A database view (``rollups/sql.py: period_view``) that adds up the period's segments when read: a store's
    periods read its few hundred segments, and a rollup writes segments only. A migration that changes a column
    the view reads must drop the view first and create it again after."""

    IDS_PER_STORE = 10_000_000
    # store id × 10,000,000 + grain (0 week, 1 month, 2 stage, 3 plan) × 1,000,000 + days since 2000-01-01
    id = models.BigIntegerField(primary_key=True)
    store = models.ForeignKey("stores.Store", on_delete=models.DO_NOTHING, related_name="period_rollups")
    grain = models.CharField(_("grain"), max_length=10, choices=Grain.choices)
    period_start = BusinessDateField(_("start"))
    period_end = BusinessDateField(_("end"))
    stage = models.PositiveSmallIntegerField(_("stage"), null=True)
    as_of = BusinessDateField(_("as of"))
    days = models.PositiveSmallIntegerField(_("days"))
    days_elapsed = models.PositiveSmallIntegerField(_("days elapsed"))
    period_target_orders = models.PositiveIntegerField(_("period orders target"), null=True)
    period_target_gmv = models.DecimalField(_("period GMV target"), null=True, **MONEY)
    projected_orders = models.DecimalField(_("projected orders"), max_digits=14, decimal_places=1, null=True)
    projected_gmv = models.DecimalField(_("projected GMV"), null=True, **MONEY)
    pace_orders = models.DecimalField(_("orders pace"), max_digits=9, decimal_places=4, null=True)
    pace_gmv = models.DecimalField(_("GMV pace"), max_digits=9, decimal_places=4, null=True)
    computed_at = models.DateTimeField(_("computed at"))

    class Meta:
        managed = False
        verbose_name = _("period rollup")
        verbose_name_plural = _("period rollups")
        ordering = ["store_id", "grain", "period_start"]

    def __str__(self) -> str:
        return f"{self.store_id} {self.grain} {self.period_start}"


class ActualsManager(models.Manager):
    def get_queryset(self) -> models.QuerySet:
        return super().get_queryset().filter(source__isnull=False)


class DailyActual(DayRollup):
    """The store-days that have actuals: the figures that counted, chosen from the day's sources by the
    store's source policy. The rows of DayRollup that have a source."""

    objects = ActualsManager()

    class Meta:
        proxy = True
        verbose_name = _("daily actual")
        verbose_name_plural = _("daily actuals")
