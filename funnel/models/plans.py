"""Plans: the five-stage template, a store's plans with their stage plans and milestones,
the day targets spread from them, and the history of every change."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import get_language, override, pgettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from core.dates import BusinessDateField
from core.history import MONEY as MONEY_FORMAT
from core.history import PERCENT
from funnel.choices import MilestoneMetric, PlanStatus

MONEY = {"max_digits": 14, "decimal_places": 2}
NON_NEGATIVE = [MinValueValidator(0)]
SHARE = [MinValueValidator(0), MaxValueValidator(1)]
DEFAULT_WEEKDAY_WEIGHTS = [1.0] * 7
DEFAULT_MONTH_WEIGHTS = [1.0] * 12
# The scenario every plan starts in. Stored as this key and shown by its label, so no page prints "baseline".
DEFAULT_SCENARIO = "baseline"
DEFAULT_SCENARIO_LABEL = pgettext_lazy("plan scenario", "baseline")


def scenario_label(scenario: str) -> str:
    """The scenario as people read it: the default one in the reader's language, the others as they were named."""
    return str(DEFAULT_SCENARIO_LABEL) if scenario == DEFAULT_SCENARIO else scenario


def scenario_key(text: str) -> str:
    """What to store for a scenario typed into a form: the default scenario's label, in any language, is its key."""
    text = text.strip()
    labels = set()
    for language, _name in settings.LANGUAGES:
        with override(language):
            labels.add(pgettext("plan scenario", "baseline"))
    return DEFAULT_SCENARIO if text in labels else text


def as_percent(fraction: Decimal) -> str:
    """0.0250 -> "2.5", without exponent notation."""
    return format((fraction * 100).normalize(), "f")


def _bilingual(zh: str, en: str) -> str:
    return zh if (get_language() or "").startswith("zh") else en


class StageTemplate(models.Model):
    """One of the playbook's five funnel stages (引流工作五步走), the default every plan copies."""

    number = models.PositiveSmallIntegerField(_("stage"), unique=True, validators=[MinValueValidator(1)])
    name_zh = models.CharField(_("name (Chinese)"), max_length=80)
    name_en = models.CharField(_("name (English)"), max_length=80)
    method_zh = models.TextField(_("method (Chinese)"))
    method_en = models.TextField(_("method (English)"))
    uv_min = models.PositiveIntegerField(_("UV/day from"))
    uv_max = models.PositiveIntegerField(_("UV/day to"))
    uv_is_increment = models.BooleanField(
        _("UV on top of base traffic"), default=False, help_text=_("Stage 3: base traffic + 70–180 UV.")
    )
    orders_min = models.PositiveIntegerField(_("orders/day from"))
    orders_max = models.PositiveIntegerField(_("orders/day to"))
    bestseller_count_min = models.PositiveSmallIntegerField(_("best-sellers from"), default=0)
    bestseller_count_max = models.PositiveSmallIntegerField(_("best-sellers to"), default=0)
    bestseller_sales_min = models.PositiveIntegerField(_("best-seller sales from"), null=True, blank=True)
    bestseller_sales_max = models.PositiveIntegerField(_("best-seller sales to"), null=True, blank=True)
    ad_spend_min = models.DecimalField(_("ad spend/day from"), null=True, blank=True, **MONEY)
    ad_spend_max = models.DecimalField(_("ad spend/day to"), null=True, blank=True, **MONEY)
    min_listed_items = models.PositiveIntegerField(_("minimum listed items"), null=True, blank=True)
    # Defaults a new plan starts from; the manager overrides them per store.
    default_weeks = models.PositiveSmallIntegerField(_("default length (weeks)"), default=4)
    default_orders_per_day = models.DecimalField(_("default orders/day"), max_digits=8, decimal_places=1)
    default_paid_share = models.DecimalField(
        _("default paid traffic share"), max_digits=4, decimal_places=3, default=Decimal("0"), validators=SHARE
    )
    default_cpc = models.DecimalField(_("default cost per paid visitor"), max_digits=8, decimal_places=2, default=0)
    notes_zh = models.TextField(_("notes (Chinese)"), blank=True)
    notes_en = models.TextField(_("notes (English)"), blank=True)

    class Meta:
        ordering = ["number"]
        verbose_name = _("stage template")
        verbose_name_plural = _("stage templates")

    def __str__(self) -> str:
        return f"{self.number}. {self.name}"

    @property
    def name(self) -> str:
        return _bilingual(self.name_zh, self.name_en)

    @property
    def method(self) -> str:
        return _bilingual(self.method_zh, self.method_en)

    @property
    def notes(self) -> str:
        return _bilingual(self.notes_zh, self.notes_en)


class Plan(models.Model):
    """A store's plan for a period, in one scenario; at most one active plan per store and period."""

    store = models.ForeignKey("stores.Store", on_delete=models.CASCADE, related_name="plans", verbose_name=_("store"))
    name = models.CharField(_("name"), max_length=120)
    scenario = models.CharField(_("scenario"), max_length=40, default=DEFAULT_SCENARIO)
    period_start = BusinessDateField(_("period start"))
    period_end = BusinessDateField(_("period end"))
    status = models.CharField(_("status"), max_length=10, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    version = models.PositiveIntegerField(_("version"), default=1, help_text=_("Counts the plans of this period."))
    # Optimistic locking: every save bumps it; a save based on an older value is a conflict.
    lock_version = models.PositiveIntegerField(default=1, editable=False)
    based_on = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="copies", verbose_name=_("copied from")
    )
    weekday_weights = models.JSONField(_("weekday weights (Mon–Sun)"), default=list)
    month_weights = models.JSONField(_("month weights (Jan–Dec)"), default=list)
    event_weights = models.JSONField(
        _("heavier days"), default=dict, blank=True, help_text=_("Dates (YYYY-MM-DD) weighted above 1, e.g. Double 11.")
    )
    notes = models.TextField(_("notes"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-period_start", "-status", "-version"]
        verbose_name = _("plan")
        verbose_name_plural = _("plans")
        constraints = [
            models.UniqueConstraint(
                fields=["store", "period_start", "period_end"],
                condition=Q(status=PlanStatus.ACTIVE),
                name="plan_one_active_per_store_period",
            ),
            models.CheckConstraint(condition=Q(period_end__gte=models.F("period_start")), name="plan_period_ordered"),
        ]

    def __str__(self) -> str:
        return pgettext("a plan", "%(name)s (%(scenario)s, v%(version)s)") % {
            "name": self.name,
            "scenario": self.scenario_label,
            "version": self.version,
        }

    def get_absolute_url(self) -> str:
        return reverse("funnel:plan_detail", kwargs={"store": self.store.code, "pk": self.pk})

    @property
    def scenario_label(self) -> str:
        return scenario_label(self.scenario)


# What a manager edits on a stage plan (the editor, the API, copies of a plan).
STAGE_FIELDS = (
    "start_date",
    "end_date",
    "uv_min",
    "uv_max",
    "orders_min",
    "orders_max",
    "orders_per_day",
    "conversion",
    "aov",
    "paid_share",
    "cpc",
    "bestseller_count",
    "bestseller_sales",
    "listed_items",
)


class StagePlan(models.Model):
    """One stage of a plan: its dates, the template's ranges and the manager's targets.

    UV, GMV and ad spend per day are implied by orders, conversion, AOV, paid share and cost per
    paid visitor (funnel.domain.arithmetic), so they can never disagree with them.
    """

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="stages")
    number = models.PositiveSmallIntegerField(_("stage"))
    start_date = BusinessDateField(_("start"))
    end_date = BusinessDateField(_("end"))
    uv_min = models.PositiveIntegerField(_("UV/day from"))
    uv_max = models.PositiveIntegerField(_("UV/day to"))
    orders_min = models.PositiveIntegerField(_("orders/day from"))
    orders_max = models.PositiveIntegerField(_("orders/day to"))
    orders_per_day = models.DecimalField(
        _("orders/day target"), max_digits=8, decimal_places=1, validators=NON_NEGATIVE
    )
    conversion = models.DecimalField(
        _("conversion target"), max_digits=6, decimal_places=4, validators=[MinValueValidator(Decimal("0.0001"))]
    )
    aov = models.DecimalField(_("AOV target"), validators=NON_NEGATIVE, **MONEY)
    paid_share = models.DecimalField(_("paid traffic share"), max_digits=4, decimal_places=3, validators=SHARE)
    cpc = models.DecimalField(_("cost per paid visitor"), max_digits=8, decimal_places=2, validators=NON_NEGATIVE)
    bestseller_count = models.PositiveSmallIntegerField(_("best-sellers"), default=0)
    bestseller_sales = models.PositiveIntegerField(_("best-seller sales target"), default=0)
    listed_items = models.PositiveIntegerField(_("listed items target"), default=0)

    # How histories show the numbers: as the plan editor does (percent fields, CNY).
    display_formats = {"conversion": PERCENT, "paid_share": PERCENT, "aov": MONEY_FORMAT, "cpc": MONEY_FORMAT}

    class Meta:
        ordering = ["plan_id", "number"]
        verbose_name = _("stage plan")
        verbose_name_plural = _("stage plans")
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="stage_plan_number_once")]

    def __str__(self) -> str:
        return f"{self.plan_id} stage {self.number}"

    @property
    def conversion_pct(self) -> str:
        return as_percent(self.conversion)

    @property
    def paid_share_pct(self) -> str:
        return as_percent(self.paid_share)


class Milestone(models.Model):
    """A dated goal beside the plan, e.g. "≥30 orders/day from 1 Feb" or "positive rating ≥98.5%"."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("title"), max_length=120)
    metric = models.CharField(_("metric"), max_length=20, choices=MilestoneMetric.choices)
    target = models.DecimalField(_("at least"), max_digits=12, decimal_places=4, validators=NON_NEGATIVE)
    due_date = BusinessDateField(_("from"))

    class Meta:
        ordering = ["due_date", "pk"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")

    def __str__(self) -> str:
        return self.title


class DailyTarget(models.Model):
    """A plan's target for one day, spread from its stages by the plan's seasonality weights."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="daily_targets")
    date = BusinessDateField()
    stage = models.PositiveSmallIntegerField()
    uv = models.PositiveIntegerField()
    orders = models.PositiveIntegerField()
    gmv = models.DecimalField(**MONEY)
    ad_spend = models.DecimalField(**MONEY)

    class Meta:
        verbose_name = _("daily target")
        verbose_name_plural = _("daily targets")
        ordering = ["plan_id", "date"]
        constraints = [models.UniqueConstraint(fields=["plan", "date"], name="daily_target_once")]

    def __str__(self) -> str:
        return f"{self.plan_id} {self.date}"


class PlanChange(models.Model):
    """One changed value of a plan: who, when, what, old → new."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="changes")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    at = models.DateTimeField(_("when"), auto_now_add=True)
    subject = models.CharField(_("what"), max_length=60)  # "plan", "stage 3", "milestone 4"
    field = models.CharField(_("field"), max_length=60)
    old = models.TextField(_("old"), blank=True)
    new = models.TextField(_("new"), blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("plan change")
        verbose_name_plural = _("plan changes")

    def __str__(self) -> str:
        return f"{self.subject}.{self.field}: {self.old} → {self.new}"
