"""Reads of the briefing: a store's settings, robots, recipients and recent deliveries, and the stores due."""

from __future__ import annotations

from datetime import date, datetime

from django.db.models import QuerySet

from stores.choices import StoreStatus
from stores.models import Membership, Store

from .choices import Channel, Purpose
from .domain import local_day_and_hour
from .models import BriefingDelivery, BriefingSettings, WebhookChannel

RECENT_DELIVERIES = 30


def settings_of(store: Store) -> BriefingSettings:
    """The store's briefing settings, or the defaults (not saved) when its manager has set none."""
    found = BriefingSettings.objects.filter(store=store).first()
    return found or BriefingSettings(store=store)


def robots_of(store: Store) -> dict[str, WebhookChannel]:
    return {robot.channel: robot for robot in WebhookChannel.objects.filter(store=store)}


def email_recipients(store: Store, briefing_settings: BriefingSettings) -> list[str]:
    """The active members holding the chosen roles who have an address, then the extra addresses; each once."""
    members = (
        Membership.objects.filter(store=store, role__in=briefing_settings.email_roles or [], user__is_active=True)
        .exclude(user__email="")
        .order_by("user__username")
        .values_list("user__email", flat=True)
    )
    seen: dict[str, None] = {}
    for address in [*members, *(briefing_settings.extra_emails or [])]:
        seen.setdefault(address.strip().lower(), None)
    return [a for a in seen if a]


def channels_of(store: Store, briefing_settings: BriefingSettings) -> list[str]:
    """The channels the store's briefing goes out on: e-mail when it has recipients, then each enabled robot."""
    channels = [Channel.EMAIL.value] if email_recipients(store, briefing_settings) else []
    robots = WebhookChannel.objects.filter(store=store, enabled=True).values_list("channel", flat=True)
    return channels + sorted(robots)


def recent_deliveries(store: Store) -> QuerySet[BriefingDelivery]:
    return BriefingDelivery.objects.filter(store=store).order_by("-created_at", "-pk")[:RECENT_DELIVERIES]


def last_briefing_by_channel(store: Store) -> dict[str, BriefingDelivery]:
    """The latest briefing delivery (not test) of each channel."""
    latest: dict[str, BriefingDelivery] = {}
    for delivery in BriefingDelivery.objects.filter(store=store, purpose=Purpose.BRIEFING).order_by("-day", "-pk"):
        latest.setdefault(delivery.channel, delivery)
    return latest


def stores_due(now: datetime) -> list[tuple[Store, date]]:
    """Active stores with the briefing on whose send hour has come today (their time zone): (store, local day)."""
    due = []
    for briefing_settings in BriefingSettings.objects.filter(
        enabled=True, store__status=StoreStatus.ACTIVE
    ).select_related("store"):
        day, hour = local_day_and_hour(now, briefing_settings.store.time_zone)
        if hour >= briefing_settings.send_hour:
            due.append((briefing_settings.store, day))
    return due
