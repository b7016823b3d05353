"""Stage advice: whether a store should advance, hold or catch up with its plan, and the reasons, as data.

One function (:func:`advise`) makes the recommendation and its reasons; every page, the API and the stage-change
alert show what it returns. It uses the plan measure the behind-plan alert uses (:func:`plan_measure`), so the
two cannot disagree: a store the alert calls behind plan is told so here, never to advance. docs/stages.md
explains the rules.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum

from funnel.choices import Recommendation
from funnel.formulas import ATTAINMENT

from .status import Averages, ConversionAnomaly, StageRange, averages

MIN_DAYS = 14  # days with actuals in the current stage (within the last 28) before advance or hold is judged
WINDOW_DAYS = 7  # the behind-plan measure and the short average look at the 7 days before today
LONG_WINDOW_DAYS = 28  # the sustained average, and where the days in the stage are counted
BEHIND_RATIO = Decimal("0.8")  # 7-day average orders below 80% of the 7-day average day target
BEHIND_MIN_DAYS = 3  # fewer days with both an actual and a target say too little
PACE_TARGET = Decimal("1")  # the month's projected orders below its whole orders target


class ReasonCode(StrEnum):
    """What a reason says; its ``params`` hold the figures (funnel.advice_text renders them)."""

    NO_PLAN = "no_plan"  # {}
    DAYS_IN_STAGE = "days_in_stage"  # stage, days, required, window, since
    BEHIND_AVERAGE = "behind_average"  # days, avg_orders, avg_target, attainment, threshold
    BEHIND_PACE = "behind_pace"  # pace, threshold
    ON_PLAN_AVERAGE = "on_plan_average"  # days, avg_orders, avg_target, attainment, threshold
    ON_PLAN_PACE = "on_plan_pace"  # pace, threshold
    NEXT_REACHED = "next_reached"  # window, days, orders, uv, stage, orders_min, uv_min
    NEXT_NOT_REACHED = "next_not_reached"  # window, days, orders, uv, stage, orders_min, uv_min
    NO_RECENT_ACTUALS = "no_recent_actuals"  # window
    BELOW_STAGE = "below_stage"  # window, days, orders, uv, stage, orders_min, uv_min
    LAST_STAGE = "last_stage"  # stage
    ANOMALY = "anomaly"  # date, ratio


Param = int | float | str | bool | None


@dataclass(frozen=True)
class Reason:
    """One reason of a recommendation: a code and the figures it speaks of (JSON-ready: numbers, ISO dates)."""

    code: ReasonCode
    params: Mapping[str, Param] = field(default_factory=dict)

    def as_dict(self) -> dict[str, object]:
        return {"code": str(self.code), "params": dict(self.params)}


@dataclass(frozen=True)
class DayActual:
    """A store-day as the advice sees it: its actuals (None when not reported) and its orders target."""

    date: date
    uv: int | None
    orders: int | None
    target_orders: int | None


@dataclass(frozen=True)
class PlanMeasure:
    """Orders against the plan: the 7-day average against the day targets of the same days, and the month pace."""

    avg_orders: Decimal | None  # over the days with both an actual and a target
    avg_target: Decimal | None
    attainment: Decimal | None  # avg_orders / avg_target: the attainment of the days' sums
    days: int
    pace: Decimal | None  # the month's projected orders over its whole orders target
    below_average: bool
    below_pace: bool

    @property
    def behind(self) -> bool:
        return self.below_average or self.below_pace


def plan_measure(
    days: Sequence[tuple[int | None, int | None]],
    pace: Decimal | None,
    *,
    ratio: Decimal = BEHIND_RATIO,
    min_days: int = BEHIND_MIN_DAYS,
) -> PlanMeasure:
    """``days`` are (orders, target orders) of the 7-day window; ``pace`` the month's projected orders over its
    target. Only days with both an actual and a target count, so a day not yet reported does not look like zero
    orders; fewer than ``min_days`` such days say nothing about the average."""
    counted = [(o, t) for o, t in days if o is not None and t is not None]
    total_target = sum(t for _, t in counted)
    avg_orders = avg_target = attainment = None
    below_average = False
    if len(counted) >= min_days and total_target > 0:
        avg_orders = Decimal(sum(o for o, _ in counted)) / len(counted)
        avg_target = Decimal(total_target) / len(counted)
        attainment = ATTAINMENT(actual=sum(o for o, _ in counted), target=total_target)
        below_average = attainment < ratio
    below_pace = pace is not None and pace < PACE_TARGET
    return PlanMeasure(avg_orders, avg_target, attainment, len(counted), pace, below_average, below_pace)


@dataclass(frozen=True)
class Advice:
    """The recommendation, its reasons (the deciding one first) and the figures they come from."""

    verdict: Recommendation
    reasons: tuple[Reason, ...]
    last_7: Averages
    last_28: Averages
    days_in_stage: int = 0
    measure: PlanMeasure | None = None


def _num(value: Decimal | float | None, places: int) -> float | None:
    return None if value is None else round(float(value), places)


def _measure_reasons(measure: PlanMeasure) -> list[Reason]:
    found = []
    if measure.attainment is not None:
        code = ReasonCode.BEHIND_AVERAGE if measure.below_average else ReasonCode.ON_PLAN_AVERAGE
        params = {
            "days": measure.days,
            "avg_orders": _num(measure.avg_orders, 1),
            "avg_target": _num(measure.avg_target, 1),
            "attainment": _num(measure.attainment, 4),
            "threshold": _num(BEHIND_RATIO, 4),
        }
        found.append(Reason(code, params))
    if measure.pace is not None:
        code = ReasonCode.BEHIND_PACE if measure.below_pace else ReasonCode.ON_PLAN_PACE
        found.append(Reason(code, {"pace": _num(measure.pace, 4), "threshold": _num(PACE_TARGET, 4)}))
    # The measure that fired comes first.
    return sorted(found, key=lambda r: r.code not in (ReasonCode.BEHIND_AVERAGE, ReasonCode.BEHIND_PACE))


def short_of(params: Mapping[str, Param]) -> tuple[str, ...]:
    """Which figures of a window compared with a stage (``_against``'s params) fall below its minimum: "orders",
    "uv" or both; an unreported UV never does."""
    short = []
    if params.get("orders") is not None and float(params["orders"]) < float(params["orders_min"] or 0):
        short.append("orders")
    if params.get("uv") is not None and float(params["uv"]) < float(params["uv_min"] or 0):
        short.append("uv")
    return tuple(short)


def _reaches(avg: Averages, stage: StageRange) -> bool:
    return avg.orders is not None and avg.orders >= stage.orders_min and (avg.uv is None or avg.uv >= stage.uv_min)


def _against(code: ReasonCode, window: int, avg: Averages, stage: StageRange) -> Reason:
    params = {
        "window": window,
        "days": avg.days,
        "orders": _num(avg.orders, 1),
        "uv": _num(avg.uv, 0),
        "stage": stage.number,
        "orders_min": stage.orders_min,
        "uv_min": stage.uv_min,
    }
    return Reason(code, params)


def _next_stage_reasons(last_7: Averages, last_28: Averages, following: StageRange) -> tuple[bool, list[Reason]]:
    """Whether both windows reach the next stage's minimum, and a reason per window."""
    reasons, reached = [], True
    for window, avg in ((WINDOW_DAYS, last_7), (LONG_WINDOW_DAYS, last_28)):
        if avg.orders is None:
            reasons.append(Reason(ReasonCode.NO_RECENT_ACTUALS, {"window": window}))
            reached = False
        elif _reaches(avg, following):
            reasons.append(_against(ReasonCode.NEXT_REACHED, window, avg, following))
        else:
            reasons.append(_against(ReasonCode.NEXT_NOT_REACHED, window, avg, following))
            reached = False
    return reached, reasons


def advise(
    as_of: date,
    stage: StageRange | None,
    following: StageRange | None,
    stage_start: date | None,
    days: Sequence[DayActual],
    month_pace: Decimal | None,
    anomalies: Sequence[ConversionAnomaly] = (),
    *,
    min_days: int = MIN_DAYS,
) -> Advice:
    """The recommendation for the stage a store is in on ``as_of`` (its "today"), from the days before it.

    In this order: no plan; **behind plan** whenever the behind-plan alert's measure says so (the gap given);
    **not enough data** with fewer than ``min_days`` days of actuals in the stage within the last 28 days;
    **hold** in the last stage, while a conversion anomaly of the last 28 days is unchecked, or while the 7- or
    28-day average is below the next stage's minimum; otherwise **advance** (both averages reach it: sustained).
    """
    actual = [d for d in days if d.orders is not None and d.date < as_of]
    last_7 = averages([(d.uv, d.orders) for d in actual if d.date >= as_of - timedelta(days=WINDOW_DAYS)])
    last_28 = averages([(d.uv, d.orders) for d in actual if d.date >= as_of - timedelta(days=LONG_WINDOW_DAYS)])
    if stage is None or stage_start is None:
        return Advice(Recommendation.NO_PLAN, (Reason(ReasonCode.NO_PLAN),), last_7, last_28)
    week = [(d.orders, d.target_orders) for d in days if as_of - timedelta(days=WINDOW_DAYS) <= d.date < as_of]
    measure = plan_measure(week, month_pace)
    since = max(stage_start, as_of - timedelta(days=LONG_WINDOW_DAYS))
    in_stage = sum(1 for d in actual if d.date >= since)
    count = Reason(
        ReasonCode.DAYS_IN_STAGE,
        {
            "stage": stage.number,
            "days": in_stage,
            "required": min_days,
            "window": LONG_WINDOW_DAYS,
            "since": since.isoformat(),
        },
    )
    plan_reasons = _measure_reasons(measure)

    def verdict(value: Recommendation, *reasons: Reason) -> Advice:
        return Advice(value, tuple(reasons), last_7, last_28, in_stage, measure)

    if measure.behind:
        return verdict(Recommendation.BEHIND, *plan_reasons, count)
    if in_stage < min_days:
        return verdict(Recommendation.NOT_ENOUGH_DATA, count, *plan_reasons)
    checks = [
        Reason(ReasonCode.ANOMALY, {"date": a.date.isoformat(), "ratio": _num(a.ratio, 1)})
        for a in sorted(anomalies, key=lambda a: a.date)
        if as_of - timedelta(days=LONG_WINDOW_DAYS) <= a.date < as_of
    ]
    below = []
    if last_7.orders is not None and not _reaches(last_7, stage):
        below = [_against(ReasonCode.BELOW_STAGE, WINDOW_DAYS, last_7, stage)]
    if following is None:
        return verdict(
            Recommendation.HOLD,
            Reason(ReasonCode.LAST_STAGE, {"stage": stage.number}),
            *below,
            *checks,
            *plan_reasons,
            count,
        )
    reached, against_next = _next_stage_reasons(last_7, last_28, following)
    if reached and not checks:
        return verdict(Recommendation.ADVANCE, *against_next, *plan_reasons, count)
    blocking = [r for r in against_next if r.code != ReasonCode.NEXT_REACHED]
    rest = [r for r in against_next if r.code == ReasonCode.NEXT_REACHED]
    return verdict(Recommendation.HOLD, *checks, *blocking, *below, *rest, *plan_reasons, count)
