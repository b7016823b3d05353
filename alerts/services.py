"""Writes of the alerts: evaluate a store's rules and keep its alerts in step, and people's transitions."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.db import advisory_lock
from stores.models import Store

from .choices import AlertState, EventKind
from .models import Alert, AlertEvaluation, AlertEvent
from .rulebook import RULES, run_rules
from .rules import Finding
from .selectors import alert_context


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
    """Run every rule on ``store``'s figures up to ``as_of`` and bring its alerts in line, in one transaction.

    A finding without an unresolved alert of its (kind, key) raises an OPEN alert; one that still holds gets
    its last_seen (and texts, severity and data) refreshed, with a "seen" event when its figures changed;
    an unresolved alert of a rule's kind that the rule no longer finds is resolved. Acknowledged alerts stay
    acknowledged while they hold. Evaluating twice changes nothing but last_seen.
    """
    now = timezone.now()
    # Stored texts are in one language whoever triggers the evaluation; pages render them again from data.
    with transaction.atomic(), translation.override(settings.LANGUAGE_CODE):
        advisory_lock("alerts", store.pk)  # one evaluation of a store at a time: at most one unresolved per key
        unresolved = list(Alert.objects.filter(store=store).exclude(state=AlertState.RESOLVED))
        previous = AlertEvaluation.objects.filter(store=store).values_list("recommendation", flat=True).first()
        context = alert_context(store, as_of, unresolved=unresolved, previous_recommendation=previous)
        findings = {(f.kind, f.key): f for found in run_rules(context).values() for f in found}
        result = _apply(store, as_of, now, unresolved, findings)
        AlertEvaluation.objects.bulk_create(
            [AlertEvaluation(store=store, as_of=as_of, evaluated_at=now, recommendation=context.recommendation)],
            update_conflicts=True,
            unique_fields=["store"],
            update_fields=["as_of", "evaluated_at", "recommendation"],
        )
    return result


def _apply(
    store: Store, as_of: date, now: datetime, unresolved: Sequence[Alert], findings: dict[tuple[str, str], Finding]
) -> EvaluationResult:
    """Raise, refresh and resolve with a handful of statements, whatever the number of alerts."""
    current = {(a.kind, a.key): a for a in unresolved}
    raised = Alert.objects.bulk_create(
        [
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
            for k, f in findings.items()
            if k not in current
        ]
    )
    events = [AlertEvent(alert=a, at=now, event=EventKind.RAISED) for a in raised]
    held = [a for k, a in current.items() if k in findings]
    changed = 0
    for alert in held:
        found = findings[(alert.kind, alert.key)]
        if (alert.severity, alert.data) != (found.severity, found.data):
            changed += 1
            events.append(AlertEvent(alert=alert, at=now, event=EventKind.SEEN, note=found.detail))
        alert.severity, alert.data, alert.last_seen = found.severity, found.data, now
        alert.title, alert.detail = found.title[:200], found.detail
    if held:
        Alert.objects.bulk_update(held, ["severity", "title", "detail", "data", "last_seen"])
    # Only kinds with a rule are judged: alerts of kinds no rule evaluates are left alone.
    gone = [a for k, a in current.items() if k not in findings and a.kind in RULES]
    if gone:
        Alert.objects.filter(pk__in=[a.pk for a in gone]).update(state=AlertState.RESOLVED, resolved_at=now)
        events += [AlertEvent(alert=a, at=now, event=EventKind.RESOLVED) for a in gone]
    AlertEvent.objects.bulk_create(events)
    return EvaluationResult(store.code, as_of, len(raised), changed, len(held), len(gone))


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
