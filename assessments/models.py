"""Assessments (工作考核): per-role weights, the manager's teamwork scores, the store's thresholds, and the monthly
scorecards computed from them, kept per version once a month is finalised."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.dates import BusinessDateField
from core.playbook import POSITIVE_RATE_TARGET

from .domain import GROUPS, WEIGHT_FIELDS, weights_errors

PERCENT = [MaxValueValidator(100)]
# Scores out of 100 kept unrounded (to 10 places, far below the one place shown), so a person's overall total
# across stores is weighted from the exact store totals; pages, exports and the API round them when they show them.
SCORE = {"max_digits": 13, "decimal_places": 10, "null": True, "blank": True}


def _adds_up_to_100(group: str) -> models.CheckConstraint:
    """The database's own check that a group of weights adds up to 100 (the service gives the readable message)."""
    first, *rest = GROUPS[group]
    remainder = models.Value(100)
    for name in rest:
        remainder = remainder - models.F(name)
    return models.CheckConstraint(
        condition=Q(**{first: remainder}),
        name=f"role_weights_{group}_add_up_to_100",
        violation_error_message=_("Each group of weights must add up to 100%."),
    )


class RoleWeights(models.Model):
    """How a role (department) in a store is assessed: the three dimensions, and the figures inside results and
    satisfaction, each group in whole percent adding up to 100. Roles without a row use the defaults."""

    store = models.ForeignKey(
        "stores.Store", on_delete=models.CASCADE, related_name="assessment_weights", verbose_name=_("store")
    )
    role = models.ForeignKey(
        "staffing.StaffRole", on_delete=models.CASCADE, related_name="assessment_weights", verbose_name=_("role")
    )
    results = models.PositiveSmallIntegerField(_("results (%)"), validators=PERCENT)
    satisfaction = models.PositiveSmallIntegerField(_("customer satisfaction (%)"), validators=PERCENT)
    teamwork = models.PositiveSmallIntegerField(_("teamwork (%)"), validators=PERCENT)
    gmv = models.PositiveSmallIntegerField(_("sales (GMV) (%)"), validators=PERCENT)
    uv = models.PositiveSmallIntegerField(_("visitors (UV) (%)"), validators=PERCENT)
    conversion = models.PositiveSmallIntegerField(_("conversion (%)"), validators=PERCENT)
    aov = models.PositiveSmallIntegerField(_("average order value (%)"), validators=PERCENT)
    repeat_rate = models.PositiveSmallIntegerField(_("repeat-purchase rate (%)"), validators=PERCENT)
    rating_description = models.PositiveSmallIntegerField(_("item as described (%)"), validators=PERCENT)
    rating_service = models.PositiveSmallIntegerField(_("service attitude (%)"), validators=PERCENT)
    rating_shipping = models.PositiveSmallIntegerField(_("shipping speed (%)"), validators=PERCENT)
    positive_rate = models.PositiveSmallIntegerField(_("positive-rating rate (%)"), validators=PERCENT)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["store_id", "role__position"]
        verbose_name = _("role weights")
        verbose_name_plural = _("role weights")
        constraints = [
            models.UniqueConstraint(fields=["store", "role"], name="role_weights_once_per_store_role"),
            *(_adds_up_to_100(group) for group in GROUPS),
        ]

    def __str__(self) -> str:
        return f"{self.store} · {self.role}"

    def clean(self) -> None:
        """The readable version of the database's checks, for the admin's form."""
        errors = weights_errors({name: getattr(self, name) for name in WEIGHT_FIELDS})
        if errors:
            raise ValidationError({(NON_FIELD_ERRORS if k in GROUPS else k): v for k, v in errors.items()})


class AssessmentPolicy(models.Model):
    """A store's scoring thresholds (docs/assessments.md); a store without one uses the defaults shown here."""

    store = models.OneToOneField(
        "stores.Store", on_delete=models.CASCADE, related_name="assessment_policy", verbose_name=_("store")
    )
    attainment_cap = models.DecimalField(
        _("attainment cap (%)"),
        max_digits=5,
        decimal_places=1,
        default=Decimal("120"),
        validators=[MinValueValidator(Decimal("100")), MaxValueValidator(Decimal("300"))],
        help_text=_("Attainment of plan at or above this earns full points; meeting the plan earns 100 ÷ cap."),
    )
    repeat_rate_target = models.DecimalField(
        _("repeat-purchase rate target (%)"),
        max_digits=4,
        decimal_places=1,
        default=Decimal("20"),
        validators=[MinValueValidator(Decimal("0.1")), MaxValueValidator(Decimal("100"))],
    )
    dsr_floor = models.DecimalField(
        _("rating that earns no points"), max_digits=3, decimal_places=2, default=Decimal("4.50")
    )
    dsr_good = models.DecimalField(
        _("good rating (80 points)"), max_digits=3, decimal_places=2, default=Decimal("4.80")
    )
    positive_floor = models.DecimalField(
        _("positive-rating rate that earns no points (%)"), max_digits=5, decimal_places=2, default=Decimal("95")
    )
    positive_target = models.DecimalField(
        _("positive-rating rate target (%)"), max_digits=5, decimal_places=2, default=POSITIVE_RATE_TARGET
    )

    class Meta:
        verbose_name = _("assessment policy")
        verbose_name_plural = _("assessment policies")
        constraints = [
            models.CheckConstraint(
                condition=Q(dsr_floor__lt=models.F("dsr_good"), dsr_good__lte=5), name="assessment_dsr_band"
            ),
            models.CheckConstraint(
                condition=Q(positive_floor__lt=models.F("positive_target"), positive_target__lte=100),
                name="assessment_positive_band",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.store} · {self._meta.verbose_name}"


class TeamworkScore(models.Model):
    """The ops manager's monthly teamwork score (团队合作) for a person in a store, with a comment."""

    person = models.ForeignKey(
        "staffing.Person", on_delete=models.CASCADE, related_name="teamwork_scores", verbose_name=_("person")
    )
    store = models.ForeignKey(
        "stores.Store", on_delete=models.CASCADE, related_name="teamwork_scores", verbose_name=_("store")
    )
    month = BusinessDateField(_("month"), help_text=_("The first day of the month."))
    score = models.PositiveSmallIntegerField(_("teamwork score"), validators=PERCENT)
    comment = models.TextField(_("comment"), blank=True)
    given_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["store_id", "-month", "person__name"]
        verbose_name = _("teamwork score")
        verbose_name_plural = _("teamwork scores")
        constraints = [
            models.UniqueConstraint(fields=["person", "store", "month"], name="teamwork_score_once_per_month"),
            models.CheckConstraint(condition=Q(month__day=1), name="teamwork_score_month_starts_on_1st"),
            models.CheckConstraint(condition=Q(score__lte=100), name="teamwork_score_0_to_100"),
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.store} · {self.month:%Y-%m}: {self.score}"


class AssessmentPeriod(models.Model):
    """One version of a store's month of scorecards. The highest version is current; a finalised version is
    locked, and recomputing after that opens the next version, so what was finalised stays as it was."""

    store = models.ForeignKey(
        "stores.Store", on_delete=models.CASCADE, related_name="assessment_periods", verbose_name=_("store")
    )
    month = BusinessDateField(_("month"), help_text=_("The first day of the month."))
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    computed_at = models.DateTimeField(_("computed at"))
    computed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    finalised_at = models.DateTimeField(_("finalised at"), null=True, blank=True)
    finalised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["store_id", "-month", "-version"]
        verbose_name = _("assessment month")
        verbose_name_plural = _("assessment months")
        constraints = [
            models.UniqueConstraint(fields=["store", "month", "version"], name="assessment_period_version_once"),
            models.CheckConstraint(condition=Q(month__day=1), name="assessment_period_month_starts_on_1st"),
        ]

    def __str__(self) -> str:
        return f"{self.store} · {self.month:%Y-%m} v{self.version}"

    @property
    def is_final(self) -> bool:
        return self.finalised_at is not None


class Scorecard(models.Model):
    """A person's assessment in a store for one version of a month: the dimension scores, the weights used, the
    total, and a snapshot of the figures behind them. Missing inputs are listed, never scored as zero."""

    period = models.ForeignKey(
        AssessmentPeriod, on_delete=models.CASCADE, related_name="scorecards", verbose_name=_("month")
    )
    person = models.ForeignKey(
        "staffing.Person", on_delete=models.CASCADE, related_name="scorecards", verbose_name=_("person")
    )
    roles = models.JSONField(_("roles"), default=list)
    share = models.DecimalField(_("share of their time"), max_digits=3, decimal_places=2)
    results = models.DecimalField(_("results"), **SCORE)
    satisfaction = models.DecimalField(_("customer satisfaction"), **SCORE)
    teamwork = models.DecimalField(_("teamwork"), **SCORE)
    total = models.DecimalField(_("total"), **SCORE)
    weights = models.JSONField(_("weights"), default=dict)
    inputs = models.JSONField(_("inputs"), default=dict)
    missing = models.JSONField(_("missing inputs"), default=list)
    computed_at = models.DateTimeField(_("computed at"))

    class Meta:
        ordering = ["period_id", "person__name"]
        verbose_name = _("scorecard")
        verbose_name_plural = _("scorecards")
        constraints = [models.UniqueConstraint(fields=["period", "person"], name="scorecard_once_per_period")]

    def __str__(self) -> str:
        return f"{self.person} · {self.period}"
