"""Reads of the alerts: the context the rules evaluate, and the lists the pages and dashboards show."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, timedelta
from typing import Any

from django.db.models import Case, Count, IntegerField, Prefetch, Q, QuerySet, Subquery, Value, When

from accounts.choices import Action
from inventory.selectors import stores_products
from orders.models import ServiceLog
from promotions.planning import product_planning_for
from promotions.reminders import promotion_reminders
from rollups.models import DayRollup
from rollups.selectors import month_paces, stage_statuses
from staffing.selectors import stores_understaffed_between
from stores.models import Store
from stores.permissions import stores_for

from . import domain
from .choices import AlertState, Severity
from .models import Alert, AlertEvent
from .rules import (
    AlertContext,
    DayFigures,
    KnownAlert,
    PromotionDeadline,
    ServiceDay,
    StaffingDay,
    StaffShortage,
    StockFigure,
)
from .rules_staffing import staffing_horizon

# Most urgent first wherever alerts are listed.
SEVERITY_RANK = Case(
    When(severity=Severity.CRITICAL, then=Value(0)),
    When(severity=Severity.WARNING, then=Value(1)),
    default=Value(2),
    output_field=IntegerField(),
)


def alert_context(
    store: Store, as_of: date, *, unresolved: Sequence[Alert] = (), previous_recommendation: str | None = None
) -> AlertContext:
    """The figures the rules need for ``store`` on ``as_of`` (its last full day): :func:`alert_contexts` of one."""
    return alert_contexts(
        [store],
        {store.pk: as_of},
        unresolved={store.pk: unresolved},
        previous_recommendations={store.pk: previous_recommendation},
    )[store.pk]


def alert_contexts(
    stores: Sequence[Store],
    as_of_by_store: Mapping[int, date],
    *,
    unresolved: Mapping[int, Sequence[Alert]] | None = None,
    previous_recommendations: Mapping[int, str | None] | None = None,
) -> dict[int, AlertContext]:
    """The figures the rules need for each store on its own ``as_of`` (its last full day; store id -> date).

    Every figure is read for all the stores of one day at once: a constant number of queries (about twenty-five)
    for each distinct ``as_of``, however many stores. Stores a day apart (time zones) make two such groups."""
    by_day: dict[date, list[Store]] = defaultdict(list)
    for store in stores:
        by_day[as_of_by_store[store.pk]].append(store)
    contexts = {}
    for as_of, group in sorted(by_day.items()):
        contexts.update(_day_contexts(group, as_of, unresolved or {}, previous_recommendations or {}))
    return contexts


def _day_contexts(
    stores: Sequence[Store],
    as_of: date,
    unresolved: Mapping[int, Sequence[Alert]],
    previous: Mapping[int, str | None],
) -> dict[int, AlertContext]:
    """:func:`alert_contexts` of stores sharing the same ``as_of``."""
    ids, (first, last) = [s.pk for s in stores], domain.window(as_of)
    # The figures judge the days up to as_of: the selectors below take the store's "today", the day after.
    today = as_of + timedelta(days=1)
    days = _window_days(ids, first, last)
    paces = month_paces(stores, dict.fromkeys(ids, today))
    logs = service_days(ids, first, last)
    statuses = stage_statuses(stores, dict.fromkeys(ids, today))
    stock = stock_figures(stores, today)
    deadlines = promotion_deadlines(stores, today)
    understaffed = understaffed_days(stores, as_of)
    contexts = {}
    for store in stores:
        status, mine = statuses[store.pk], logs[store.pk]
        contexts[store.pk] = AlertContext(
            store_id=store.pk,
            as_of=as_of,
            days=tuple(days[store.pk]),
            month_pace=paces[store.pk],
            recommendation=status.recommendation,
            previous_recommendation=previous.get(store.pk),
            reasons=tuple(reason.as_dict() for reason in status.reasons),
            stage=status.stage.number if status.stage else None,
            anomalies=tuple(a for a in status.anomalies if domain.in_window(a.date, as_of)),
            service_days=tuple(log for log in mine if log.date >= first),
            latest_rating=next((log for log in reversed(mine) if log.positive_rate is not None), None),
            unresolved=tuple(KnownAlert(a.kind, a.key, a.severity, a.data) for a in unresolved.get(store.pk, ())),
            stock=stock[store.pk],
            promotion_deadlines=deadlines[store.pk],
            understaffed=understaffed[store.pk],
        )
    return contexts


def _window_days(store_ids: list[int], first: date, last: date) -> dict[int, list[DayFigures]]:
    """Each store's day rollups from ``first`` to ``last``, by date: one query."""
    found: dict[int, list[DayFigures]] = {pk: [] for pk in store_ids}
    rows = (
        DayRollup.objects.filter(store_id__in=store_ids, date__gte=first, date__lte=last)
        .order_by("store_id", "date")
        .values_list("store_id", "date", "orders", "target_orders")
    )
    for store_id, *row in rows:
        found[store_id].append(DayFigures(*row))
    return found


def service_days(store_ids: list[int], first: date, last: date) -> dict[int, list[ServiceDay]]:
    """Each store's customer-service logs from ``first`` to ``last``, and its latest one up to ``last`` with a
    positive-rating rate, by date: one query."""
    latest_rated = (
        ServiceLog.objects.filter(store_id__in=store_ids, date__lte=last, positive_rate__isnull=False)
        .order_by("store_id", "-date")
        .distinct("store_id")
        .values("pk")
    )
    found: dict[int, list[ServiceDay]] = {pk: [] for pk in store_ids}
    for row in (
        ServiceLog.objects.filter(store_id__in=store_ids, date__lte=last)
        .filter(Q(date__gte=first) | Q(pk__in=Subquery(latest_rated)))
        .order_by("store_id", "date")
        .values("store_id", "date", "orders", "shipped_later", "positive_rate")
    ):
        found[row["store_id"]].append(
            ServiceDay(row["date"], row["orders"], row["shipped_later"], row["positive_rate"])
        )
    return found


def stock_figures(stores: Sequence[Store], today: date) -> dict[int, tuple[StockFigure, ...]]:
    """Every product of each store as inventory plans it for ``today`` (a constant number of queries)."""
    found: dict[int, list[StockFigure]] = {s.pk: [] for s in stores}
    for row in product_planning_for(stores_products(stores), today):
        found[row.product.store_id].append(
            StockFigure(
                code=row.product.code,
                name=row.product.name,
                is_listed=row.product.is_listed,
                on_hand=row.on_hand,
                inbound_open=row.inbound_open,
                reorder_point=row.reorder_point,
                suggested_order=row.suggested_order,
                below_reorder_point=row.below_reorder_point,
            )
        )
    return {pk: tuple(figures) for pk, figures in found.items()}


def understaffed_days(stores: Sequence[Store], as_of: date) -> dict[int, tuple[StaffingDay, ...]]:
    """Each store's under-staffed days in the 14 days after ``as_of`` (a constant number of queries)."""
    first, last = staffing_horizon(as_of)
    return {
        store_id: tuple(
            StaffingDay(
                date=day.date,
                orders=day.orders,
                promotion=day.promotion,
                shortages=tuple(StaffShortage(s.role, s.required, s.on_roster) for s in day.shortages),
            )
            for day in days
        )
        for store_id, days in stores_understaffed_between(stores, first, last).items()
    }


def promotion_deadlines(stores: Sequence[Store], today: date) -> dict[int, tuple[PromotionDeadline, ...]]:
    """Each store's promotion deadlines that are near (or passed) and undecided on ``today``, soonest first."""
    found: dict[int, list[PromotionDeadline]] = {s.pk: [] for s in stores}
    for r in promotion_reminders(stores, today):
        found[r.promotion.store_id].append(
            PromotionDeadline(
                promotion_id=r.promotion.pk,
                name=r.promotion.name,
                start=r.promotion.start_date,
                kind=r.kind,
                due=r.deadline,
                shortfall=r.shortfall,
            )
        )
    return {pk: tuple(deadlines) for pk, deadlines in found.items()}


def alerts_for(user: Any) -> QuerySet[Alert]:
    """Alerts of the stores ``user`` may see, most recent first."""
    return (
        Alert.objects.filter(store__in=stores_for(user, Action.VIEW).values("pk"))
        .select_related("store")
        .order_by("-last_seen", "-pk")
    )


def alert_events(alert: Alert) -> QuerySet[AlertEvent]:
    return alert.events.select_related("user").order_by("-at", "-pk")


def alerts_with_events() -> QuerySet[Alert]:
    """Every alert with its store, acknowledger and history loaded (for the API)."""
    events = Prefetch("events", queryset=AlertEvent.objects.select_related("user").order_by("-at", "-pk"))
    return (
        Alert.objects.select_related("store", "acknowledged_by").prefetch_related(events).order_by("-last_seen", "-pk")
    )


def _ids(store_ids: Iterable[int]) -> Iterable[int]:
    # A queryset of ids stays a subquery; anything else is read once.
    return store_ids if isinstance(store_ids, QuerySet) else list(store_ids)


def open_alerts(store_ids: Iterable[int]) -> QuerySet[Alert]:
    """Open (not yet acknowledged) alerts of the stores, most severe first, for the dashboards."""
    return (
        Alert.objects.filter(store_id__in=_ids(store_ids), state=AlertState.OPEN)
        .select_related("store")
        .annotate(severity_rank=SEVERITY_RANK)
        .order_by("severity_rank", "-last_seen", "-pk")
    )


def open_alert_counts(store_ids: Iterable[int]) -> dict[int, int]:
    """The number of open alerts of each store (stores without any are left out), in one query."""
    rows = (
        Alert.objects.filter(store_id__in=_ids(store_ids), state=AlertState.OPEN)
        .values("store_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {row["store_id"]: row["n"] for row in rows}
