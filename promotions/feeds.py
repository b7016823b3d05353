"""Calendar subscriptions: each user's secret feed key, and the .ics calendar of a store's promotions.

Calendar apps fetch a URL on their own and cannot log in, so the URL carries a secret key
(``<prefix>.<secret>``, as API keys: only the prefix and a SHA-256 hash are stored). The key is a user's,
not a store's: each fetch reads only stores the user can see at that moment, so leaving a store ends its
feed too. One live key per user; rotating revokes the old one.

The .ics is written with ``icalendar`` rather than by hand: it folds long lines at 75 octets without
splitting a UTF-8 character (every Chinese name would be at risk), escapes TEXT per RFC 5545 and
writes all-day DATE values.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from accounts.keys import generate_key, key_matches, split_prefix
from core import numbers, text
from core.dates import shift

from .models import CalendarFeedToken
from .selectors import PromotionPlan

UID_DOMAIN = "promotions.opsplan"
LAST_USE_WRITE_SECONDS = 3600


def feed_key_rotate(user: Any) -> str:
    """A new feed key for ``user`` (the old one stops working); the key is returned once, never stored."""
    new = generate_key()
    with transaction.atomic():
        CalendarFeedToken.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())
        CalendarFeedToken.objects.create(user=user, prefix=new.prefix, hashed_key=new.hashed)
    return new.key


def feed_key_revoke(user: Any) -> int:
    """Stop every subscription made with the user's key; returns how many keys were revoked."""
    return CalendarFeedToken.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())


def feed_key_live(user: Any) -> CalendarFeedToken | None:
    return CalendarFeedToken.objects.filter(user=user, revoked_at__isnull=True).first()


def feed_user(key: str) -> Any | None:
    """The active user a live key belongs to, or None."""
    prefix = split_prefix(key)
    if prefix is None:
        return None
    token = (
        CalendarFeedToken.objects.select_related("user")
        .filter(prefix=prefix, revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None or not key_matches(key, token.hashed_key):
        return None
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > LAST_USE_WRITE_SECONDS:
        CalendarFeedToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


def _event(uid: str, summary: str, start: date, end: date, stamp: datetime, description: str, url: str) -> Event:
    event = Event()
    event.add("uid", f"{uid}@{UID_DOMAIN}")
    event.add("dtstamp", stamp)
    event.add("dtstart", start)  # a date: VALUE=DATE, an all-day event
    event.add("dtend", shift(end, 1))  # DTEND of an all-day event is exclusive
    event.add("summary", summary)
    event.add("description", description)
    event.add("url", url)
    event.add("transp", "TRANSPARENT")  # promotions do not make anyone busy
    return event


def store_calendar(store: Any, plans: Sequence[PromotionPlan], base_url: str) -> bytes:
    """The store's promotions and their deadlines (stock decision, factory order-by) as an iCalendar file.

    UIDs derive from the promotion's id, so a calendar app updates events in place across fetches;
    DTSTAMP is the promotion's last change."""
    calendar = Calendar()
    calendar.add("prodid", "-//opsplan//promotion calendar//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", _("Promotions · %(store)s") % {"store": store.name})
    for plan in plans:
        promotion = plan.promotion
        url = base_url + promotion.get_absolute_url()
        stamp = promotion.updated_at
        phases = text.joined(
            f"{phase.get_kind_display()} {phase.start_date:%Y-%m-%d} – {phase.end_date:%Y-%m-%d}"
            for phase in promotion.phases.all()
        )
        details = [
            text.labelled(_("Kind"), promotion.get_kind_display()),
            text.labelled(_("Status"), promotion.get_status_display()),
            text.labelled(_("SKUs"), numbers.count(len(plan.rows))),
        ]
        if phases:
            details.append(text.labelled(_("Phases"), phases))
        if plan.at_risk:
            details.append(
                _("Stock short by %(units)s units at the start.") % {"units": numbers.count(plan.total_shortfall)}
            )
        summary = promotion.name + (" ⚠" if plan.at_risk else "")
        description = "\n".join(details)
        calendar.add_component(
            _event(
                f"promotion-{promotion.pk}", summary, promotion.start_date, promotion.end_date, stamp, description, url
            )
        )
        decision = _("Stock decision: %(name)s") % {"name": promotion.name}
        calendar.add_component(
            _event(
                f"promotion-{promotion.pk}-decision",
                decision,
                plan.decision_deadline,
                plan.decision_deadline,
                stamp,
                description,
                url,
            )
        )
        if plan.order_by is not None:
            order = _("Factory order-by: %(name)s") % {"name": promotion.name}
            calendar.add_component(
                _event(
                    f"promotion-{promotion.pk}-order-by", order, plan.order_by, plan.order_by, stamp, description, url
                )
            )
    return calendar.to_ical()
