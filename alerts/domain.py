"""Alert thresholds and severities: pure functions of figures and dates (no ORM, no now()).

Severities (INFO: worth knowing; WARNING: act this week; CRITICAL: act today):

- behind plan: WARNING; CRITICAL when the worse of the two measures that fired (7-day attainment, month pace)
  is below 50%.
- stage recommendation changed: always INFO.
- positive-rating rate below the playbook's 98.5%: WARNING; CRITICAL below 97% (core.playbook).
- orders shipped after 48 h: WARNING; CRITICAL when they are 10% or more of the day's orders.
- conversion anomaly: WARNING (a person must look before it counts); CRITICAL at 5× the trailing median or more.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields
from datetime import date, timedelta
from decimal import Decimal

# The thresholds are re-exported: the rules' texts quote them.
from core.playbook import POSITIVE_RATE_CRITICAL, POSITIVE_RATE_TARGET
from funnel.domain.advice import BEHIND_MIN_DAYS, BEHIND_RATIO, PACE_TARGET, PlanMeasure, plan_measure  # noqa: F401

from .choices import Severity

WINDOW_DAYS = 7  # behind plan, late shipping and anomalies look at the 7 days up to as_of
# Behind plan: 7-day average orders below 80% of the day targets (over at least 3 days with both), or a month pace
# below 1; the stage advice uses the same measure and thresholds (funnel.domain.advice).
BEHIND_CRITICAL = Decimal("0.5")
STAGE_CHANGE_DAYS = 7  # a stage-change notice resolves itself after a week
LATE_SHARE_CRITICAL = Decimal("0.1")
ANOMALY_CRITICAL_RATIO = 5.0


def window(as_of: date, days: int = WINDOW_DAYS) -> tuple[date, date]:
    """The first and last day of the ``days`` days ending with ``as_of`` (both included)."""
    return as_of - timedelta(days=days - 1), as_of


def in_window(day: date, as_of: date, days: int = WINDOW_DAYS) -> bool:
    first, last = window(as_of, days)
    return first <= day <= last


@dataclass(frozen=True)
class BehindPlan(PlanMeasure):
    """Why a store is behind plan (the stage advice's measure, with the figures that say so) and how badly."""

    severity: str = Severity.WARNING


def behind_plan(
    days: Sequence[tuple[int | None, int | None]],
    pace: Decimal | None,
    *,
    ratio: Decimal = BEHIND_RATIO,
    min_days: int = BEHIND_MIN_DAYS,
) -> BehindPlan | None:
    """``days`` are (orders, target orders) of the window; ``pace`` the month's projected orders over its target.

    The measure is the stage advice's (funnel.domain.advice.plan_measure), so a store this calls behind plan is
    never advised to advance; this adds the severity.
    """
    measure = plan_measure(days, pace, ratio=ratio, min_days=min_days)
    if not measure.behind:
        return None
    fired = [m for m, hit in ((measure.attainment, measure.below_average), (measure.pace, measure.below_pace)) if hit]
    severity = Severity.CRITICAL if min(m for m in fired if m is not None) < BEHIND_CRITICAL else Severity.WARNING
    return BehindPlan(**{f.name: getattr(measure, f.name) for f in fields(PlanMeasure)}, severity=severity)


def stage_changed(previous: str | None, current: str) -> bool:
    """A change needs something to change from: the first evaluation of a store only records."""
    return previous is not None and previous != current


def stage_change_holds(changed_on: date, announced: str, current: str, as_of: date) -> bool:
    """A stage-change notice holds for a week, and only while the recommendation is still the one it announced."""
    return announced == current and (as_of - changed_on).days < STAGE_CHANGE_DAYS


def rating_severity(positive_rate: Decimal | None) -> str | None:
    """None when the rate meets the target (or was not logged)."""
    if positive_rate is None or positive_rate >= POSITIVE_RATE_TARGET:
        return None
    return Severity.CRITICAL if positive_rate < POSITIVE_RATE_CRITICAL else Severity.WARNING


def late_shipping_severity(shipped_later: int, orders: int) -> str | None:
    """None when no order of the day shipped after 48 h."""
    if shipped_later <= 0:
        return None
    if orders > 0 and Decimal(shipped_later) / orders >= LATE_SHARE_CRITICAL:
        return Severity.CRITICAL
    return Severity.WARNING


def anomaly_severity(ratio: float) -> str:
    """``ratio``: the day's conversion over the trailing median (funnel.domain.status.conversion_anomalies)."""
    return Severity.CRITICAL if ratio >= ANOMALY_CRITICAL_RATIO else Severity.WARNING
