"""Reads of the alerts: the context the rules evaluate, and the lists the pages and dashboards show."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from typing import Any

from django.db.models import Case, Count, IntegerField, Prefetch, Q, QuerySet, Subquery, Value, When

from accounts.choices import Action
from orders.models import ServiceLog
from promotions.planning import product_planning
from promotions.reminders import promotion_reminders
from rollups.models import DayRollup, Grain, PeriodRollup
from rollups.selectors import stage_status
from staffing.selectors import understaffed_between
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
    """The figures the rules need for ``store`` on ``as_of`` (its last full day): about six queries in all."""
    first, last = domain.window(as_of)
    days = (
        DayRollup.objects.filter(store=store, date__gte=first, date__lte=last)
        .order_by("date")
        .values_list("date", "orders", "target_orders")
    )
    pace = (
        PeriodRollup.objects.filter(store=store, grain=Grain.MONTH, period_start=as_of.replace(day=1))
        .values_list("pace_orders", flat=True)
        .first()
    )
    latest_rated = (
        ServiceLog.objects.filter(store=store, date__lte=last, positive_rate__isnull=False)
        .order_by("-date")
        .values("pk")[:1]
    )
    logs = [
        ServiceDay(row["date"], row["orders"], row["shipped_later"], row["positive_rate"])
        for row in ServiceLog.objects.filter(store=store, date__lte=last)
        .filter(Q(date__gte=first) | Q(pk=Subquery(latest_rated)))
        .order_by("date")
        .values("date", "orders", "shipped_later", "positive_rate")
    ]
    # stage_status takes the store's "today" and looks at the days before it, i.e. up to as_of.
    today = as_of + timedelta(days=1)
    status = stage_status(store, today)
    return AlertContext(
        store_id=store.pk,
        as_of=as_of,
        days=tuple(DayFigures(*row) for row in days),
        month_pace=pace,
        recommendation=status.recommendation,
        previous_recommendation=previous_recommendation,
        reasons=tuple(reason.as_dict() for reason in status.reasons),
        stage=status.stage.number if status.stage else None,
        anomalies=tuple(a for a in status.anomalies if domain.in_window(a.date, as_of)),
        service_days=tuple(log for log in logs if log.date >= first),
        latest_rating=next((log for log in reversed(logs) if log.positive_rate is not None), None),
        unresolved=tuple(KnownAlert(a.kind, a.key, a.severity, a.data) for a in unresolved),
        stock=stock_figures(store, today),
        promotion_deadlines=promotion_deadlines(store, today),
        understaffed=understaffed_days(store, as_of),
    )


def stock_figures(store: Store, today: date) -> tuple[StockFigure, ...]:
    """Every product of the store as inventory plans it for ``today`` (a constant number of queries)."""
    return tuple(
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
        for row in product_planning(store, today)
    )


def understaffed_days(store: Store, as_of: date) -> tuple[StaffingDay, ...]:
    """The store's under-staffed days in the 14 days after ``as_of`` (a constant number of queries)."""
    first, last = staffing_horizon(as_of)
    return tuple(
        StaffingDay(
            date=day.date,
            orders=day.orders,
            promotion=day.promotion,
            shortages=tuple(StaffShortage(s.role, s.required, s.on_roster) for s in day.shortages),
        )
        for day in understaffed_between(store, first, last)
    )


def promotion_deadlines(store: Store, today: date) -> tuple[PromotionDeadline, ...]:
    """The store's promotion deadlines that are near (or passed) and undecided on ``today``."""
    return tuple(
        PromotionDeadline(
            promotion_id=r.promotion.pk,
            name=r.promotion.name,
            start=r.promotion.start_date,
            kind=r.kind,
            due=r.deadline,
            shortfall=r.shortfall,
        )
        for r in promotion_reminders([store], today)
    )


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
