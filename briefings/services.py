"""Writes of the briefing: a store's settings and robots, and the deliveries with their attempts and retries."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime
from smtplib import SMTPException
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from core.crypto import SealedValueUnreadable, seal
from stores.models import Store

from . import content
from .choices import Channel, DeliveryStatus, Purpose
from .domain import retry_delay, url_mask, webhook_url_check
from .models import BriefingDelivery, BriefingSettings, WebhookChannel
from .selectors import channels_of, email_recipients, settings_of
from .transport import webhook_post

logger = logging.getLogger(__name__)


def briefing_settings_save(store: Store, **fields) -> BriefingSettings:
    """Create or update the store's briefing settings (send hour, language, e-mail roles and addresses)."""
    briefing_settings, _created = BriefingSettings.objects.update_or_create(store=store, defaults=fields)
    return briefing_settings


def robot_save(store: Store, channel: str, *, url: str = "", secret: str = "", enabled: bool = True) -> WebhookChannel:
    """Set a store's robot on ``channel``. An empty ``url`` or ``secret`` keeps the one already stored (they are
    never shown back, so a form cannot resubmit them); the address is checked against the platform's hosts."""
    robot = WebhookChannel.objects.filter(store=store, channel=channel).first() or WebhookChannel(
        store=store, channel=channel
    )
    if url:
        webhook_url_check(channel, url, allow_loopback=settings.BRIEFING_WEBHOOK_ALLOW_LOOPBACK)
        robot.sealed_url = seal(url.strip())
        robot.url_hint = url_mask(url.strip())[:200]
    elif not robot.sealed_url:
        raise ValueError("a new robot needs its address")
    if secret:
        robot.sealed_secret = seal(secret.strip())
    robot.enabled = enabled
    robot.save()
    return robot


def robot_secret_clear(robot: WebhookChannel) -> None:
    robot.sealed_secret = ""
    robot.save(update_fields=["sealed_secret", "updated_at"])


def robot_remove(store: Store, channel: str) -> int:
    return WebhookChannel.objects.filter(store=store, channel=channel).delete()[0]


def deliveries_create(store: Store, day: date, channels: list[str] | None = None) -> list[BriefingDelivery]:
    """The store's briefing deliveries of ``day``, one per channel, created pending where missing (idempotent:
    a second morning run, or two at once, finds them and creates nothing)."""
    briefing_settings = settings_of(store)
    wanted = channels_of(store, briefing_settings)
    if channels is not None:
        wanted = [c for c in wanted if c in channels]
    BriefingDelivery.objects.bulk_create(
        [BriefingDelivery(store=store, channel=c, day=day, purpose=Purpose.BRIEFING) for c in wanted],
        ignore_conflicts=True,
    )
    return list(
        BriefingDelivery.objects.filter(store=store, day=day, purpose=Purpose.BRIEFING, channel__in=wanted).order_by(
            "channel"
        )
    )


@dataclass(frozen=True)
class Outcome:
    error: str | None
    retryable: bool = True


def _send(delivery: BriefingDelivery, now: datetime) -> Outcome:
    """Send the delivery's message once on its channel."""
    store = delivery.store
    briefing_settings = settings_of(store)
    test = delivery.purpose == Purpose.TEST
    if delivery.channel == Channel.EMAIL:
        recipients = email_recipients(store, briefing_settings)
        if not recipients:
            return Outcome("no e-mail recipients", retryable=False)
        if test:
            message = content.test_email(store, briefing_settings.language, recipients)
        else:
            message = content.briefing_email(store, delivery.day, briefing_settings.language, recipients)
        try:
            message.send()
        except (SMTPException, OSError) as exc:
            return Outcome(f"e-mail not sent: {type(exc).__name__}: {str(exc)[:150]}")
        return Outcome(None)
    robot = WebhookChannel.objects.filter(store=store, channel=delivery.channel).first()
    if robot is None or (not robot.enabled and not test):
        return Outcome("the robot was removed or switched off", retryable=False)
    try:
        url, secret = robot.credentials()
    except SealedValueUnreadable:
        return Outcome("the stored address cannot be decrypted (the key changed): enter it again", retryable=False)
    if test:
        message = content.test_robot_message(store, briefing_settings.language)
    else:
        message = content.briefing_robot_message(store, delivery.day, briefing_settings.language)
    error = webhook_post(delivery.channel, url, secret, message, now)
    return Outcome(error, retryable=not (error or "").startswith("address refused"))


def delivery_attempt(
    delivery_id: int, now: datetime | None = None, after_attempt: int | None = None
) -> BriefingDelivery | None:
    """Try a pending delivery once, if it is due; record the outcome. After a failure it stays pending with its
    next attempt set (base, 2×base, 4×base … later) until ``BRIEFING_MAX_ATTEMPTS``, then it is failed.

    Due means: never tried, or its next attempt's time has come, or this is the retry scheduled after attempt
    ``after_attempt`` (a countdown task: its own timer said so). The row is locked while sending, so a duplicate
    run (the countdown and the schedule at once) waits and then finds it sent or tried again, and sends nothing.
    """
    now = now or timezone.now()
    with transaction.atomic():
        delivery = (
            BriefingDelivery.objects.select_for_update(of=("self",))
            .select_related("store")
            .filter(pk=delivery_id)
            .first()
        )
        if delivery is None or delivery.status != DeliveryStatus.PENDING:
            return delivery
        scheduled_retry = after_attempt is not None and after_attempt == delivery.attempts
        if after_attempt is not None and not scheduled_retry:
            return delivery
        if not scheduled_retry and delivery.next_retry_at is not None and delivery.next_retry_at > now:
            return delivery
        outcome = _send(delivery, now)
        delivery.attempts += 1
        delivery.last_error = (outcome.error or "")[:300]
        if outcome.error is None:
            delivery.status, delivery.sent_at, delivery.next_retry_at = DeliveryStatus.SENT, now, None
        elif (
            outcome.retryable
            and delivery.attempts < settings.BRIEFING_MAX_ATTEMPTS
            and delivery.purpose != Purpose.TEST
        ):
            delivery.next_retry_at = now + retry_delay(delivery.attempts, settings.BRIEFING_RETRY_BASE_SECONDS)
        else:
            delivery.status, delivery.next_retry_at = DeliveryStatus.FAILED, None
            logger.warning("briefing delivery %s failed for good: %s", delivery.pk, delivery.last_error)
        delivery.save(update_fields=["attempts", "last_error", "status", "sent_at", "next_retry_at", "updated_at"])
    return delivery


def test_message_send(store: Store, channel: str, now: datetime | None = None) -> BriefingDelivery:
    """Send a short test message on ``channel`` right away (one attempt, kept as a delivery like the others)."""
    now = now or timezone.now()
    day = timezone.localdate(now, timezone=ZoneInfo(store.time_zone))
    delivery = BriefingDelivery.objects.create(store=store, channel=channel, day=day, purpose=Purpose.TEST)
    return delivery_attempt(delivery.pk, now)


def delivery_send_again(delivery: BriefingDelivery) -> BriefingDelivery:
    """A failed briefing delivery made pending again, with fresh attempts (the manager fixed the robot)."""
    BriefingDelivery.objects.filter(pk=delivery.pk, status=DeliveryStatus.FAILED).update(
        status=DeliveryStatus.PENDING, attempts=0, next_retry_at=None, updated_at=timezone.now()
    )
    delivery.refresh_from_db()
    return delivery
