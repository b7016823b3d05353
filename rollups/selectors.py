"""Reads of the rollups that other apps ask for: where a store stands in its plan (the stage status), which the
store and plan pages, the API, the dashboards and the alerts show."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from funnel.advice_text import reason_texts
from funnel.choices import Recommendation
from funnel.domain.advice import Advice, DayActual, Reason
from funnel.domain.status import Averages, ConversionAnomaly
from funnel.models import Plan, StagePlan
from funnel.selectors import ADVICE_HISTORY_DAYS, active_plan, active_plans, plan_advice
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
    return month_paces([store], {store.pk: as_of})[store.pk]


def month_paces(stores: Sequence[Store], today: Mapping[int, date]) -> dict[int, Decimal | None]:
    """:func:`month_pace` of each store for its own ``today`` (store id -> date), in one query."""
    months = {s.pk: (today[s.pk] - timedelta(days=1)).replace(day=1) for s in stores}
    rows = PeriodRollup.objects.filter(
        store_id__in=list(months), grain=Grain.MONTH, period_start__in=set(months.values())
    ).values_list("store_id", "period_start", "pace_orders")
    found = {store_id: pace for store_id, month, pace in rows if months[store_id] == month}
    return {store_id: found.get(store_id) for store_id in months}


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
    if days is None and plan is UNREAD and pace is UNREAD:
        return stage_statuses([store], {store.pk: as_of})[store.pk]
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


def stage_statuses(stores: Sequence[Store], today: Mapping[int, date]) -> dict[int, StageStatus]:
    """:func:`stage_status` of each store for its own ``today`` (store id -> date), in four queries however many
    stores: their days, active plans with stages, and month paces read for all of them at once."""
    if not stores:
        return {}
    ids, first, last = [s.pk for s in stores], min(today.values()), max(today.values())
    span = timedelta(days=ADVICE_HISTORY_DAYS)
    history: dict[int, list[DayActual]] = defaultdict(list)
    for store_id, *row in (
        DayRollup.objects.filter(store_id__in=ids, date__gte=first - span, date__lt=last)
        .order_by("store_id", "date")
        .values_list("store_id", "date", "uv", "orders", "target_orders")
    ):
        history[store_id].append(DayActual(*row))
    plans = active_plans(stores, first, last)
    paces = month_paces(stores, today)
    found = {}
    for store in stores:
        as_of = today[store.pk]
        days = [d for d in history[store.pk] if as_of - span <= d.date < as_of]
        plan = next((p for p in plans[store.pk] if p.period_start <= as_of <= p.period_end), None)
        current, following, anomalies, advice = plan_advice(plan, as_of, days, paces[store.pk])
        found[store.pk] = StageStatus(store, as_of, plan, current, following, advice, anomalies)
    return found
