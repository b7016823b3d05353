"""Writes of the alerts: evaluate a store's rules and keep its alerts in step, and people's transitions."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.db import advisory_locks
from stores.models import Store

from .choices import AlertState, EventKind
from .models import Alert, AlertEvaluation, AlertEvent
from .rulebook import RULES, run_rules
from .rules import Finding
from .selectors import alert_contexts


@dataclass(frozen=True)
class EvaluationResult:
    store_code: str
    as_of: date
    raised: int  # new alerts
    changed: int  # alerts that still hold and whose figures changed
    held: int  # alerts that still hold (changed or not)
    resolved: int


class AlertStateConflict(Exception):
    """The alert is not in a state that allows the transition (e.g. acknowledging a resolved alert)."""


def alerts_evaluate(store: Store, as_of: date) -> EvaluationResult:
    """Run every rule on ``store``'s figures up to ``as_of`` and bring its alerts in line, in one transaction:
    :func:`alerts_evaluate_many` of one store.

    A finding without an unresolved alert of its (kind, key) raises an OPEN alert; one that still holds gets
    its last_seen (and texts, severity and data) refreshed, with a "seen" event when its figures changed;
    an unresolved alert of a rule's kind that the rule no longer finds is resolved. Acknowledged alerts stay
    acknowledged while they hold. Evaluating twice changes nothing but last_seen.
    """
    return alerts_evaluate_many([store], {store.pk: as_of})[store.pk]


def alerts_evaluate_many(stores: Sequence[Store], as_of_by_store: Mapping[int, date]) -> dict[int, EvaluationResult]:
    """:func:`alerts_evaluate` of every store, each on its own ``as_of`` (store id -> its last full day), in one
    transaction and a constant number of queries however many stores (per distinct ``as_of``: see
    alerts.selectors.alert_contexts): the rules' figures are read for all of them at once and the alerts and
    their events written in bulk. The alerts, their states, texts, data and events are those of evaluating each
    store in turn. Returns each store's result by id."""
    stores = sorted(stores, key=lambda s: s.pk)  # the locks in one order: two chunks cannot deadlock
    ids = [s.pk for s in stores]
    now = timezone.now()
    # Stored texts are in one language whoever triggers the evaluation; pages render them again from data.
    with transaction.atomic(), translation.override(settings.LANGUAGE_CODE):
        # One evaluation of a store at a time: at most one unresolved alert per key.
        advisory_locks([("alerts", pk) for pk in ids])
        unresolved: dict[int, list[Alert]] = {pk: [] for pk in ids}
        for alert in Alert.objects.filter(store_id__in=ids).exclude(state=AlertState.RESOLVED):
            unresolved[alert.store_id].append(alert)
        previous = dict(AlertEvaluation.objects.filter(store_id__in=ids).values_list("store_id", "recommendation"))
        contexts = alert_contexts(stores, as_of_by_store, unresolved=unresolved, previous_recommendations=previous)
        findings = {
            pk: {(f.kind, f.key): f for found in run_rules(context).values() for f in found}
            for pk, context in contexts.items()
        }
        results = _apply(stores, as_of_by_store, now, unresolved, findings)
        AlertEvaluation.objects.bulk_create(
            [
                AlertEvaluation(
                    store_id=pk, as_of=as_of_by_store[pk], evaluated_at=now, recommendation=contexts[pk].recommendation
                )
                for pk in ids
            ],
            update_conflicts=True,
            unique_fields=["store"],
            update_fields=["as_of", "evaluated_at", "recommendation"],
        )
    return results


def _apply(
    stores: Sequence[Store],
    as_of_by_store: Mapping[int, date],
    now: datetime,
    unresolved: Mapping[int, Sequence[Alert]],
    findings: Mapping[int, dict[tuple[str, str], Finding]],
) -> dict[int, EvaluationResult]:
    """Raise, refresh and resolve with a handful of statements, whatever the number of stores and alerts."""
    new, held, gone, seen = [], [], [], []
    changed: Counter[int] = Counter()
    for store in stores:
        current = {(a.kind, a.key): a for a in unresolved[store.pk]}
        found = findings[store.pk]
        new += [
            Alert(
                store=store,
                kind=f.kind,
                key=f.key,
                severity=f.severity,
                title=f.title[:200],
                detail=f.detail,
                data=f.data,
                first_seen=now,
                last_seen=now,
            )
            for k, f in found.items()
            if k not in current
        ]
        for alert in (a for k, a in current.items() if k in found):
            finding = found[(alert.kind, alert.key)]
            if (alert.severity, alert.data) != (finding.severity, finding.data):
                changed[store.pk] += 1
                seen.append(AlertEvent(alert=alert, at=now, event=EventKind.SEEN, note=finding.detail))
            alert.severity, alert.data, alert.last_seen = finding.severity, finding.data, now
            alert.title, alert.detail = finding.title[:200], finding.detail
            held.append(alert)
        # Only kinds with a rule are judged: alerts of kinds no rule evaluates are left alone.
        gone += [a for k, a in current.items() if k not in found and a.kind in RULES]
    raised = Alert.objects.bulk_create(new)
    _refresh(held, now)
    if gone:
        Alert.objects.filter(pk__in=[a.pk for a in gone]).update(state=AlertState.RESOLVED, resolved_at=now)
    AlertEvent.objects.bulk_create(
        [AlertEvent(alert=a, at=now, event=EventKind.RAISED) for a in raised]
        + seen
        + [AlertEvent(alert=a, at=now, event=EventKind.RESOLVED) for a in gone]
    )
    counts = {
        name: Counter(a.store_id for a in alerts)
        for name, alerts in (("raised", raised), ("held", held), ("gone", gone))
    }
    return {
        s.pk: EvaluationResult(
            s.code,
            as_of_by_store[s.pk],
            counts["raised"][s.pk],
            changed[s.pk],
            counts["held"][s.pk],
            counts["gone"][s.pk],
        )
        for s in stores
    }


# bulk_update writes a CASE of every row for each column, which Django builds and PostgreSQL evaluates row by row:
# seconds for a chunk's thousands of alerts. One UPDATE joined to the new values, as arrays, takes milliseconds.
REFRESH_SQL = f"""
    UPDATE {Alert._meta.db_table} AS alert
    SET severity = v.severity, title = v.title, detail = v.detail, data = v.data::jsonb, last_seen = %s
    FROM unnest(%s::bigint[], %s::text[], %s::text[], %s::text[], %s::text[]) AS v(id, severity, title, detail, data)
    WHERE alert.id = v.id
"""


def _refresh(held: Sequence[Alert], now: datetime) -> None:
    """Write the held alerts' severity, texts, data and last_seen in one statement."""
    if not held:
        return
    columns = [
        [a.pk for a in held],
        [a.severity for a in held],
        [a.title for a in held],
        [a.detail for a in held],
        [json.dumps(a.data) for a in held],
    ]
    with connection.cursor() as cursor:
        cursor.execute(REFRESH_SQL, [now, *columns])


def alert_acknowledge(alert: Alert, user: Any, note: str = "") -> Alert:
    """Someone has seen an open alert and is on it: it stays acknowledged while the condition holds."""
    with transaction.atomic():
        alert = Alert.objects.select_for_update().get(pk=alert.pk)
        if alert.state != AlertState.OPEN:
            raise AlertStateConflict(_("Only an open alert can be acknowledged."))
        now = timezone.now()
        alert.state, alert.acknowledged_by, alert.acknowledged_at = AlertState.ACKNOWLEDGED, user, now
        alert.save(update_fields=["state", "acknowledged_by", "acknowledged_at"])
        AlertEvent.objects.create(alert=alert, at=now, event=EventKind.ACKNOWLEDGED, user=user, note=note)
    return alert


def alert_resolve(alert: Alert, user: Any, note: str = "") -> Alert:
    """Close an alert by hand; if its condition still holds, the next evaluation raises a new one."""
    with transaction.atomic():
        alert = Alert.objects.select_for_update().get(pk=alert.pk)
        if alert.state == AlertState.RESOLVED:
            raise AlertStateConflict(_("This alert is already resolved."))
        now = timezone.now()
        alert.state, alert.resolved_at = AlertState.RESOLVED, now
        alert.save(update_fields=["state", "resolved_at"])
        AlertEvent.objects.create(alert=alert, at=now, event=EventKind.RESOLVED, user=user, note=note)
    return alert
