"""The portfolio: every store of a caller in one table, read in a fixed number of queries however many stores."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.db.models import Max
from django.utils import timezone

from alerts.selectors import open_alert_counts
from funnel.advice_text import reason_texts
from funnel.choices import PlanStatus, Recommendation
from funnel.domain.advice import DayActual
from funnel.formulas import ORDERS_ATTAINMENT
from funnel.models import Plan, StageTemplate
from funnel.selectors import ADVICE_HISTORY_DAYS, plan_advice
from rollups.models import DayRollup, Grain, PeriodRollup, RollupRun
from stores.days import store_yesterday
from stores.models import Store

from ..domain import add, month_start


def stage_names() -> dict[int, str]:
    """The template's stage names in the current language, by number."""
    return {t.number: t.name for t in StageTemplate.objects.all()}


def stage_statuses(
    stores: Sequence[Store], today: dict[int, date], paces: dict[int, Decimal | None]
) -> dict[int, dict[str, Any]]:
    """Per store: its active plan's current stage and the advice, decided by funnel.selectors.plan_advice as
    for one store's stage status, in two queries for all of them. ``paces``: each store's month orders pace."""
    if not stores:
        return {}
    ids, first, last = [s.pk for s in stores], min(today.values()), max(today.values())
    history: dict[int, list[DayActual]] = {}
    span = timedelta(days=ADVICE_HISTORY_DAYS)
    for store_id, *row in (
        DayRollup.objects.filter(store_id__in=ids, date__gte=first - span, date__lt=last)
        .order_by("date")
        .values_list("store_id", "date", "uv", "orders", "target_orders")
    ):
        history.setdefault(store_id, []).append(DayActual(*row))
    plans: dict[int, list[Plan]] = {}
    for plan in (
        Plan.objects.filter(store_id__in=ids, status=PlanStatus.ACTIVE, period_start__lte=last, period_end__gte=first)
        .order_by("-period_start", "-pk")
        .prefetch_related("stages")
    ):
        plans.setdefault(plan.store_id, []).append(plan)
    found = {}
    for store in stores:
        as_of = today[store.pk]
        days = [d for d in history.get(store.pk, []) if as_of - span <= d.date < as_of]
        plan = next((p for p in plans.get(store.pk, []) if p.period_start <= as_of <= p.period_end), None)
        current, _following, _anomalies, advice = plan_advice(plan, as_of, days, paces.get(store.pk))
        found[store.pk] = {
            "plan_id": plan.pk if plan else None,
            "stage": current.number if current else None,
            "advice": advice,
        }
    return found


def last_rollups(store_ids: Sequence[int]) -> dict[int, datetime]:
    """When each store's latest finished rollup ended."""
    runs = RollupRun.objects.filter(store_id__in=store_ids, status=RollupRun.Status.DONE, finished_at__isnull=False)
    return dict(runs.values("store_id").annotate(at=Max("finished_at")).values_list("store_id", "at"))


def _day_figures(store_ids: Sequence[int], yesterday: dict[int, date]) -> dict[int, dict[str, Any]]:
    """Yesterday's and the last 7 days' orders against their targets, per store (one query): yesterday's
    attainment as its day rollup has it, the 7 days' of their sums."""
    first, last = min(yesterday.values()) - timedelta(days=6), max(yesterday.values())
    names = ("orders_yesterday", "target_orders_yesterday", "attainment_yesterday", "orders_7d", "target_orders_7d")
    figures = {s: dict.fromkeys(names) for s in store_ids}
    for row in DayRollup.objects.filter(store_id__in=store_ids, date__gte=first, date__lte=last).values(
        "store_id", "date", "orders", "target_orders", "orders_attainment"
    ):
        f, day = figures[row["store_id"]], yesterday[row["store_id"]]
        if day - timedelta(days=6) <= row["date"] <= day:
            f["orders_7d"] = add(f["orders_7d"], row["orders"])
            f["target_orders_7d"] = add(f["target_orders_7d"], row["target_orders"])
        if row["date"] == day:
            f["orders_yesterday"], f["target_orders_yesterday"] = row["orders"], row["target_orders"]
            f["attainment_yesterday"] = row["orders_attainment"]
    for f in figures.values():
        f["attainment_7d"] = ORDERS_ATTAINMENT(orders=f["orders_7d"], target_orders=f["target_orders_7d"])
    return figures


# The month's figures a portfolio row shows, under its names, as the month rollup has them.
MONTH_FIGURES = {
    "gmv_mtd": "gmv",
    "target_gmv_mtd": "target_gmv",
    "attainment_mtd": "gmv_attainment",
    "projected_gmv": "projected_gmv",
    "period_target_gmv": "period_target_gmv",
    "pace_gmv": "pace_gmv",
    "month_as_of": "as_of",
    "pace_orders": "pace_orders",
}


def _month_figures(store_ids: Sequence[int], yesterday: dict[int, date]) -> dict[int, dict[str, Any]]:
    """The month holding each store's yesterday: GMV to date against target to date, and the pace (one query)."""
    starts = {s: month_start(d) for s, d in yesterday.items()}
    months = PeriodRollup.objects.filter(
        store_id__in=store_ids, grain=Grain.MONTH, period_start__in=set(starts.values())
    ).values("store_id", "period_start", *MONTH_FIGURES.values())
    return {
        m["store_id"]: {name: m[column] for name, column in MONTH_FIGURES.items()}
        for m in months
        if starts[m["store_id"]] == m["period_start"]
    }


def portfolio_rows(stores: Sequence[Store], *, now: datetime | None = None) -> list[dict[str, Any]]:
    """One row per store: platform, stage and recommendation, yesterday's and 7 days' orders against target,
    month-to-date GMV against target with its pace, open alerts and the last rollup. Queries do not grow with
    the number of stores. Dates are the store's own: "yesterday" is the last full day in its time zone."""
    stores = list(stores)
    if not stores:
        return []
    moment = now or timezone.now()
    ids = [s.pk for s in stores]
    yesterday = {s.pk: store_yesterday(s, moment) for s in stores}
    days, months = _day_figures(ids, yesterday), _month_figures(ids, yesterday)
    paces = {k: m.pop("pace_orders") for k, m in months.items()}
    statuses = stage_statuses(stores, {k: d + timedelta(days=1) for k, d in yesterday.items()}, paces)
    names = stage_names()
    alerts, runs = open_alert_counts(ids), last_rollups(ids)
    rows = []
    for store in stores:
        status, day = statuses[store.pk], yesterday[store.pk]
        row = {
            "store_id": store.pk,
            "code": store.code,
            "name": store.name,
            "platform": store.platform,
            "platform_label": str(store.get_platform_display()),
            "yesterday": day,
            "week_from": day - timedelta(days=6),
            "month_from": month_start(day),
            "stage": status["stage"],
            "stage_name": names.get(status["stage"], ""),
            "plan_id": status["plan_id"],
            "recommendation": str(status["advice"].verdict),
            "recommendation_label": str(Recommendation(status["advice"].verdict).label),
            "reasons": status["advice"].reasons,
            "reason_texts": reason_texts(status["advice"].reasons),
            **days[store.pk],
            **dict.fromkeys(name for name in MONTH_FIGURES if name != "pace_orders"),
            **months.get(store.pk, {}),
            "open_alerts": alerts.get(store.pk, 0),
            "last_rollup_at": runs.get(store.pk),
        }
        rows.append(row)
    return rows
