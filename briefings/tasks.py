"""Briefing tasks: thin wrappers that take ids, call one service, and own the retries.

``briefings_send_due`` runs every 15 minutes (opsplan/schedules.py): it creates the deliveries of the stores
whose send hour has come and queues every pending delivery that is due. ``briefing_deliver`` tries one delivery
and, after a failure, queues itself again with the backoff's countdown.
"""

from __future__ import annotations

from typing import Any

from celery import shared_task
from django.db.models import Q
from django.utils import timezone

from core.tasks import RETRY

from .choices import DeliveryStatus, Purpose
from .models import BriefingDelivery
from .selectors import stores_due
from .services import deliveries_create, delivery_attempt


@shared_task(**RETRY)
def briefing_deliver(delivery_id: int, after_attempt: int | None = None) -> dict[str, Any]:
    """Try one delivery; on a failure that has attempts left, try again once its backoff has passed."""
    delivery = delivery_attempt(delivery_id, after_attempt=after_attempt)
    if delivery is None:
        return {"delivery": delivery_id, "skipped": "no longer exists"}
    if delivery.status == DeliveryStatus.PENDING and delivery.next_retry_at is not None:
        countdown = max((delivery.next_retry_at - timezone.now()).total_seconds(), 0)
        briefing_deliver.apply_async((delivery.pk, delivery.attempts), countdown=countdown)
    return {"delivery": delivery.pk, "status": delivery.status, "attempts": delivery.attempts}


@shared_task(**RETRY)
def briefings_send_due() -> dict[str, int]:
    """Create today's deliveries of every store whose send hour has come, and send every pending one that is due
    (new ones, and retries whose countdown a lost worker took with it)."""
    now = timezone.now()
    for store, day in stores_due(now):
        deliveries_create(store, day)
    due = list(
        BriefingDelivery.objects.filter(status=DeliveryStatus.PENDING, purpose=Purpose.BRIEFING)
        .filter(Q(next_retry_at__isnull=True) | Q(next_retry_at__lte=now))
        .values_list("pk", flat=True)
    )
    for pk in due:
        briefing_deliver.delay(pk)
    return {"queued": len(due)}
