"""Scoring a month's assessment: pure and typed, no ORM, no request, no clock (docs/assessments.md).

Each figure becomes points from 0 to 100; a dimension is the weighted mean of its figures' points and the total
the weighted mean of the dimensions. A figure or dimension without input is *missing*: it is left out and the
remaining weights are scaled back up to 100%, and the card says so. A missing input never counts as zero.

Points, scores and totals are exact fractions: a total is the weighted mean of the exact dimension scores, never of
the one-decimal figures shown (75.547 and 77 weighted 50/20 total 75.96, shown 76.0, not 75.9 from 75.5). They are
rounded once, where they are shown (core.numbers).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import Any

from django.utils.translation import gettext as _

from core.numbers import as_decimal
from core.playbook import POSITIVE_RATE_TARGET
from funnel.formulas import AOV, ATTAINMENT, CONVERSION

from .choices import Dimension, ResultsMetric, SatisfactionMetric

HUNDRED = Fraction(100)
ZERO = Fraction(0)
# An input as the scoring takes it; Decimals and whole numbers are turned into exact Fractions.
Number = Fraction | Decimal | int
GROUPS: dict[str, tuple[str, ...]] = {
    "dimensions": tuple(Dimension.values),
    "results": tuple(ResultsMetric.values),
    "satisfaction": tuple(SatisfactionMetric.values),
}
WEIGHT_FIELDS: tuple[str, ...] = tuple(f for fields in GROUPS.values() for f in fields)
RATINGS = (SatisfactionMetric.DESCRIPTION, SatisfactionMetric.SERVICE, SatisfactionMetric.SHIPPING)


@dataclass(frozen=True)
class Thresholds:
    """Where points start and where they reach 80 or 100; a store's assessment policy sets them."""

    attainment_cap: Decimal = Decimal("1.20")  # 120% of plan or more earns 100 points
    repeat_rate_target: Decimal = Decimal("0.20")
    dsr_floor: Decimal = Decimal("4.5")  # 0 points at or below
    dsr_good: Decimal = Decimal("4.8")  # 80 points; 5.0 earns 100
    positive_floor: Decimal = Decimal("95")  # percent; 0 points at or below
    positive_target: Decimal = POSITIVE_RATE_TARGET  # the playbook's target: 80 points; 100% earns 100


@dataclass(frozen=True)
class MonthFigures:
    """A store's month: actuals and plan targets summed over the days that have actuals, average ratings."""

    uv: int | None = None
    pv: int | None = None
    orders: int | None = None
    gmv: Decimal | None = None
    target_uv: int | None = None
    target_orders: int | None = None
    target_gmv: Decimal | None = None
    paying_buyers: int | None = None
    returning_buyers: int | None = None
    days_with_actuals: int = 0
    rating_description: Decimal | None = None
    rating_service: Decimal | None = None
    rating_shipping: Decimal | None = None
    positive_rate: Decimal | None = None
    days_with_ratings: int = 0


@dataclass(frozen=True)
class Figure:
    """One scored figure: its value, what it is held against, and the points (None when an input is missing)."""

    value: Decimal | None
    target: Decimal | None
    points: Fraction | None


@dataclass(frozen=True)
class Combined:
    score: Fraction | None
    used: dict[str, Fraction]  # the weights actually applied, scaled to 100 over the inputs present
    missing: list[str]  # weighted inputs that were absent
    renormalised: bool


@dataclass(frozen=True)
class Card:
    """A person's scores for a store-month, the weights used and everything that was missing (all exact)."""

    scores: dict[str, Fraction | None]
    total: Fraction | None
    used: dict[str, dict[str, Fraction]]
    missing: list[str]
    figures: dict[str, dict[str, Figure]] = field(default_factory=dict)

    @property
    def renormalised(self) -> bool:
        return bool(self.missing)


def weights_errors(flat: Mapping[str, Any]) -> dict[str, list[str]]:
    """Each weight a whole percent from 0 to 100, and each group adding up to exactly 100%."""
    errors: dict[str, list[str]] = {}
    for name in WEIGHT_FIELDS:
        value = flat.get(name)
        if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 100:
            errors.setdefault(name, []).append(_("Give a whole percentage from 0 to 100."))
    if errors:
        return errors
    messages = {
        "dimensions": _("Results, customer satisfaction and teamwork add up to %(sum)s%%; they must add up to 100%%."),
        "results": _("The results figures add up to %(sum)s%%; they must add up to 100%%."),
        "satisfaction": _("The satisfaction figures add up to %(sum)s%%; they must add up to 100%%."),
    }
    for group, names in GROUPS.items():
        total = sum(flat[name] for name in names)
        if total != 100:
            errors[group] = [messages[group] % {"sum": total}]
    return errors


def blend_weights(pairs: Iterable[tuple[Mapping[str, Any], Number]]) -> dict[str, Fraction]:
    """Weights of someone holding several roles in one store: each role's weights by its share of their time."""
    pairs = [(weights, Fraction(share)) for weights, share in pairs if share > 0]
    total_share = sum((share for _w, share in pairs), ZERO)
    if not pairs or total_share <= 0:
        raise ValueError("blend_weights needs at least one role with a positive share")
    return {name: sum((Fraction(w[name]) * share for w, share in pairs), ZERO) / total_share for name in WEIGHT_FIELDS}


def attainment_points(actual: Number | None, target: Number | None, cap: Number) -> Fraction | None:
    """Attainment (actual ÷ target, exact) capped at ``cap`` and mapped linearly onto 0–100: at 120%, plan met =
    83.3."""
    attained = ATTAINMENT.exact(actual=actual, target=target)
    if attained is None:
        return None
    cap = Fraction(cap)
    return min(max(attained, ZERO), cap) / cap * HUNDRED


def band_points(value: Number | None, floor: Number, good: Number, top: Number) -> Fraction | None:
    """0 at or below ``floor``, 80 at ``good``, 100 at ``top``, linear in between (ratings and rates)."""
    if value is None:
        return None
    value, floor, good, top = Fraction(value), Fraction(floor), Fraction(good), Fraction(top)
    if value <= floor:
        return ZERO
    if value < good:
        return (value - floor) / (good - floor) * 80
    if top <= good:
        return HUNDRED
    return min(HUNDRED, 80 + (value - good) / (top - good) * 20)


def _ratio(numerator: Any, denominator: Any) -> Fraction | None:
    if numerator is None or not denominator:
        return None
    return Fraction(numerator) / Fraction(denominator)


def results_figures(month: MonthFigures, limits: Thresholds) -> dict[str, Figure]:
    """Sales, visitors, conversion and AOV against the plan's targets; the repeat rate against the store's.
    Conversion and AOV are funnel.formulas' definitions, exact (unrounded) as the scores are."""
    pairs = {
        ResultsMetric.GMV: (month.gmv, month.target_gmv),
        ResultsMetric.UV: (month.uv, month.target_uv),
        ResultsMetric.CONVERSION: (
            CONVERSION.exact(orders=month.orders, uv=month.uv),
            CONVERSION.exact(orders=month.target_orders, uv=month.target_uv),
        ),
        ResultsMetric.AOV: (
            AOV.exact(gmv=month.gmv, orders=month.orders),
            AOV.exact(gmv=month.target_gmv, orders=month.target_orders),
        ),
        ResultsMetric.REPEAT_RATE: (_ratio(month.returning_buyers, month.paying_buyers), limits.repeat_rate_target),
    }
    return {
        str(key): Figure(
            None if actual is None else as_decimal(actual),
            None if target is None else as_decimal(target),
            attainment_points(actual, target, limits.attainment_cap),
        )
        for key, (actual, target) in pairs.items()
    }


def satisfaction_figures(month: MonthFigures, limits: Thresholds) -> dict[str, Figure]:
    """The three shop ratings (0–5) and the positive-rating rate (%) as points."""
    figures = {
        str(key): Figure(
            getattr(month, key),
            limits.dsr_good,
            band_points(getattr(month, key), limits.dsr_floor, limits.dsr_good, Decimal(5)),
        )
        for key in RATINGS
    }
    rate = month.positive_rate
    figures[SatisfactionMetric.POSITIVE_RATE] = Figure(
        rate, limits.positive_target, band_points(rate, limits.positive_floor, limits.positive_target, HUNDRED)
    )
    return figures


def combine(points: Mapping[str, Number | None], weights: Mapping[str, Any]) -> Combined:
    """The weighted mean of the points present; the weights of missing inputs go to the others pro rata. Exact:
    the points go in unrounded, and the score comes out unrounded."""
    weighted = {name: Fraction(weights[name]) for name in points if Fraction(weights[name]) > 0}
    present = {name: w for name, w in weighted.items() if points[name] is not None}
    missing = [name for name in weighted if points[name] is None]
    total_weight = sum(present.values(), ZERO)
    if total_weight <= 0:
        return Combined(None, {}, missing, bool(missing))
    score = sum((Fraction(points[name]) * w for name, w in present.items()), ZERO) / total_weight
    used = {name: w * HUNDRED / total_weight for name, w in present.items()}
    return Combined(score, used, missing, bool(missing))


def score_card(month: MonthFigures, weights: Mapping[str, Any], teamwork: Number | None, limits: Thresholds) -> Card:
    """Results, satisfaction and teamwork for one person in one store-month, and the total."""
    results = results_figures(month, limits)
    satisfaction = satisfaction_figures(month, limits)
    by_results = combine({k: f.points for k, f in results.items()}, weights)
    by_satisfaction = combine({k: f.points for k, f in satisfaction.items()}, weights)
    scores: dict[str, Fraction | None] = {
        Dimension.RESULTS: by_results.score,
        Dimension.SATISFACTION: by_satisfaction.score,
        Dimension.TEAMWORK: None if teamwork is None else Fraction(teamwork),
    }
    by_total = combine(scores, weights)
    missing = [f"results.{m}" for m in by_results.missing if by_results.score is not None]
    missing += [f"satisfaction.{m}" for m in by_satisfaction.missing if by_satisfaction.score is not None]
    missing += list(by_total.missing)
    return Card(
        scores={str(k): v for k, v in scores.items()},
        total=by_total.score,
        used={"dimensions": by_total.used, "results": by_results.used, "satisfaction": by_satisfaction.used},
        missing=missing,
        figures={"results": results, "satisfaction": satisfaction},
    )


def overall_total(cards: Iterable[tuple[Number | None, Number]]) -> Fraction | None:
    """A person's total across their stores, each store's unrounded total weighted by their share of time there."""
    present = [(Fraction(total), Fraction(share)) for total, share in cards if total is not None and share > 0]
    weight = sum((share for _t, share in present), ZERO)
    if weight <= 0:
        return None
    return sum((total * share for total, share in present), ZERO) / weight
