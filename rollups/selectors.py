"""Reads of the rollups that other apps ask for: where a store stands in its plan (the stage status), which the
store and plan pages, the API, the dashboards and the alerts show."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from funnel.advice_text import reason_texts
from funnel.choices import Recommendation
from funnel.domain.advice import Advice, DayActual, Reason
from funnel.domain.status import Averages, ConversionAnomaly
from funnel.models import Plan, StagePlan
from funnel.selectors import ADVICE_HISTORY_DAYS, active_plan, plan_advice
from stores.days import store_yesterday
from stores.models import Store

from .models import DayRollup, Grain, PeriodRollup


@dataclass
class StageStatus:
    """Where a store stands in its active plan's current stage, and what it should do about it."""

    store: Store
    as_of: date
    plan: Plan | None = None
    stage: StagePlan | None = None
    next_stage: StagePlan | None = None
    advice: Advice | None = None
    anomalies: list[ConversionAnomaly] = field(default_factory=list)

    @property
    def recommendation(self) -> str:
        return self.advice.verdict if self.advice else Recommendation.NO_PLAN

    @property
    def recommendation_label(self) -> str:
        return Recommendation(self.recommendation).label

    @property
    def reasons(self) -> tuple[Reason, ...]:
        return self.advice.reasons if self.advice else ()

    @property
    def reason_texts(self) -> list[str]:
        return reason_texts(self.reasons)

    @property
    def last_7(self) -> Averages | None:
        return self.advice.last_7 if self.advice else None

    @property
    def last_28(self) -> Averages | None:
        return self.advice.last_28 if self.advice else None


def month_pace(store: Store, as_of: date) -> Decimal | None:
    """The orders pace of the month holding the store's last full day before ``as_of`` (as the alerts read it)."""
    month = (as_of - timedelta(days=1)).replace(day=1)
    rows = PeriodRollup.objects.filter(store=store, grain=Grain.MONTH, period_start=month)
    return rows.values_list("pace_orders", flat=True).first()


UNREAD: Any = object()  # an input of the stage status its caller has not read: read it here


def stage_status(
    store: Store,
    as_of: date | None = None,
    *,
    plan: Plan | None = UNREAD,
    days: list[DayActual] | None = None,
    pace: Decimal | None = UNREAD,
) -> StageStatus:
    """Current stage, 7- and 28-day averages against its ranges, the advice and its reasons, and anomalies
    (last 28 days). ``as_of`` is the store's today (by default, in its time zone): the figures are those of the
    days before it, so that every page, the API and the alerts judge the same days.

    A caller that has read them already passes the active plan on ``as_of`` (with its stages), the store-days
    before ``as_of`` (the last ``ADVICE_HISTORY_DAYS`` at least, in date order) or the month's orders pace
    (:func:`month_pace`); the rest is read here."""
    as_of = as_of or store_yesterday(store) + timedelta(days=1)
    if days is None:
        days = [
            DayActual(*row)
            for row in DayRollup.objects.filter(
                store=store, date__gte=as_of - timedelta(days=ADVICE_HISTORY_DAYS), date__lt=as_of
            )
            .order_by("date")
            .values_list("date", "uv", "orders", "target_orders")
        ]
    if plan is UNREAD:
        plan = active_plan(store, as_of)
    if pace is UNREAD:
        pace = month_pace(store, as_of)
    current, following, anomalies, advice = plan_advice(plan, as_of, days, pace)
    return StageStatus(store, as_of, plan, current, following, advice, anomalies)
