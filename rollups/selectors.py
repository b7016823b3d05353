"""Reads of the rollups that other apps ask for: where a store stands in its plan (the stage status), which the
store and plan pages, the API, the dashboards and the alerts show."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from funnel.advice_text import reason_texts
from funnel.choices import Recommendation
from funnel.domain.advice import Advice, DayActual, Reason
from funnel.domain.status import Averages, ConversionAnomaly
from funnel.models import Plan, StagePlan
from funnel.selectors import ADVICE_HISTORY_DAYS, active_plans, plan_advice
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


def stage_status(store: Store, as_of: date | None = None) -> StageStatus:
    """Current stage, 7- and 28-day averages against its ranges, the advice and its reasons, and anomalies
    (last 28 days). ``as_of`` is the store's today (by default, in its time zone): the figures are those of the
    days before it, so that every page, the API and the alerts judge the same days."""
    as_of = as_of or store_yesterday(store) + timedelta(days=1)
    return stage_statuses([store], {store.pk: as_of})[store.pk]


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
