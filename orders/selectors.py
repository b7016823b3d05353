"""Reads of the customer-service log: which stores one may log for, recent days, a day's history."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.db.models import QuerySet

from accounts.choices import Action
from core.dates import local_date
from funnel.choices import SERVICE_LOG_SOURCE
from funnel.selectors import counted_sources
from funnel.sources import source_labels
from stores.models import Store
from stores.permissions import stores_for

from .domain import LOG_FIELDS, Change, Counting, Value, changes_between, log_counting, values_from_json
from .models import ServiceLog

RECENT_DAYS = 14


@dataclass(frozen=True)
class StoreToday:
    """A store one may log for, its date today, and today's log if there is one."""

    store: Store
    today: date
    log: ServiceLog | None


@dataclass(frozen=True)
class LogDay:
    """A day of the log's list: its log, and whether that log is what the dashboards count (None if not logged)."""

    day: date
    log: ServiceLog | None
    counting: Counting | None = None


@dataclass(frozen=True)
class HistoryEntry:
    """One edit of a day's log: who, when, and each figure's value before and after."""

    changed_at: datetime
    changed_by: Any
    changes: list[Change]


def loggable_stores(user: Any) -> QuerySet[Store]:
    """The stores in which ``user`` may log orders, by name."""
    return stores_for(user, Action.LOG_ORDERS).order_by("name", "code")


def store_today(store: Store, now: datetime) -> date:
    return local_date(store.time_zone, now)


def loggable_stores_today(user: Any, now: datetime) -> list[StoreToday]:
    """Each store ``user`` may log for with its own "today" and whether that day is logged (two queries)."""
    stores = list(loggable_stores(user))
    todays = {store.pk: store_today(store, now) for store in stores}
    logs = ServiceLog.objects.filter(store_id__in=todays, date__in=set(todays.values())).select_related("logged_by")
    by_key = {(log.store_id, log.date): log for log in logs}
    return [StoreToday(store, todays[store.pk], by_key.get((store.pk, todays[store.pk]))) for store in stores]


def service_log_for(store: Store, day: date) -> ServiceLog | None:
    return ServiceLog.objects.filter(store=store, date=day).select_related("logged_by").first()


def recent_log_days(store: Store, today: date, days: int = RECENT_DAYS) -> list[LogDay]:
    """The last ``days`` days up to today, newest first, each with its log or None (plus tomorrow once logged)."""
    first = today - timedelta(days=days - 1)
    logs = {
        log.date: log
        for log in ServiceLog.objects.filter(store=store, date__gte=first).select_related("logged_by").order_by("-date")
    }
    last = max([today, *logs])
    counting = log_countings(store, first, last)
    return [
        LogDay(day, logs.get(day), counting.get(day) if day in logs else None)
        for day in (last - timedelta(days=n) for n in range((last - first).days + 1))
    ]


def log_countings(store: Store, first: date, last: date) -> dict[date, Counting]:
    """For each day of [first, last] with figures, whether the store's log is what counts and, if not, why: the
    store's source policy decides (``funnel.selectors.counted_sources``), this only names its choice. One
    query, two when another source counts."""
    counted = counted_sources(store, first, last)
    labels = source_labels(set(counted.values()) - {SERVICE_LOG_SOURCE})
    return {
        day: log_counting(day, source, labels.get(source, ""), store.source_policy) for day, source in counted.items()
    }


def log_values(log: ServiceLog) -> dict[str, Value]:
    return {name: getattr(log, name) for name in LOG_FIELDS}


def log_history(log: ServiceLog) -> list[HistoryEntry]:
    """Every edit of ``log``, newest first; each revision holds the values before the edit."""
    revisions = list(log.revisions.select_related("changed_by").order_by("-changed_at", "-id"))
    entries = []
    after = log_values(log)
    for revision in revisions:
        before = values_from_json(revision.values)
        entries.append(HistoryEntry(revision.changed_at, revision.changed_by, changes_between(before, after)))
        after = before
    return entries


def logs_between(store: Store, date_from: date, date_to: date) -> QuerySet[ServiceLog]:
    """A store's logs over a date range, oldest first (for the export)."""
    return (
        ServiceLog.objects.filter(store=store, date__gte=date_from, date__lte=date_to)
        .select_related("logged_by")
        .order_by("date")
    )

