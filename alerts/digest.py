"""The daily alerts e-mail: each ops manager gets one message listing their stores' new open alerts.

The message is bilingual: the body is rendered in Simplified Chinese, then in English, one after the
other (the same for the subject, joined with " / "); a language that renders the same text as the
other (no translation yet) is left out. A manager's language is not known, and managers share stores.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from smtplib import SMTPException
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from accounts.choices import Role
from stores.models import Membership

from .choices import AlertState, EventKind
from .models import Alert, AlertEvent
from .selectors import SEVERITY_RANK

logger = logging.getLogger(__name__)
LANGUAGES = ("zh-hans", "en")
SEPARATOR = "\n\n" + "-" * 40 + "\n\n"


@dataclass(frozen=True)
class DigestResult:
    emails: int  # messages sent
    alerts: int  # alerts marked e-mailed


def _bilingual(template: str, context: dict[str, Any], separator: str) -> str:
    texts: list[str] = []
    for language in LANGUAGES:
        with translation.override(language):
            text = render_to_string(template, context).strip()
        if text not in texts:
            texts.append(text)
    return separator.join(texts)


def _message(alerts: list[Alert]) -> tuple[str, str]:
    stores: dict[int, dict[str, Any]] = {}
    for alert in alerts:
        stores.setdefault(alert.store_id, {"store": alert.store, "alerts": []})["alerts"].append(alert)
    context = {
        "count": len(alerts),
        "stores": list(stores.values()),
        "site_url": getattr(settings, "SITE_URL", "").rstrip("/"),
    }
    subject = _bilingual("alerts/email_subject.txt", context, " / ").replace("\n", " ")
    return subject, _bilingual("alerts/email_body.txt", context, SEPARATOR) + "\n"


def alerts_digest_send(now: datetime | None = None) -> DigestResult:
    """E-mail every ops manager (active, with an address) their stores' open alerts not e-mailed yet.

    An alert is marked e-mailed (emailed_at, event "emailed") once every manager it was addressed to
    got it; an alert whose e-mail failed for someone stays unmarked and goes out again next time.
    Stores without such a manager keep their alerts unmarked until they have one.
    """
    now = now or timezone.now()
    with transaction.atomic():
        # Locked, so a second digest running at the same time waits and then finds nothing left to send.
        alerts = list(
            Alert.objects.select_for_update(of=("self",))
            .filter(state=AlertState.OPEN, emailed_at__isnull=True)
            .select_related("store")
            .annotate(severity_rank=SEVERITY_RANK)
            .order_by("store__name", "store_id", "severity_rank", "-last_seen", "pk")
        )
        if not alerts:
            return DigestResult(0, 0)
        by_store: dict[int, list[Alert]] = defaultdict(list)
        for alert in alerts:
            by_store[alert.store_id].append(alert)
        managers: dict[int, tuple[Any, list[int]]] = {}
        for membership in (
            Membership.objects.filter(store_id__in=by_store, role=Role.OPS_MANAGER, user__is_active=True)
            .exclude(user__email="")
            .select_related("user")
            .order_by("user_id", "store_id")
        ):
            managers.setdefault(membership.user_id, (membership.user, []))[1].append(membership.store_id)
        sent: dict[int, list[str]] = defaultdict(list)
        failed: set[int] = set()
        emails = 0
        for user, store_ids in managers.values():
            theirs = [a for store_id in store_ids for a in by_store[store_id]]
            subject, body = _message(theirs)
            try:
                send_mail(subject, body, None, [user.email])
            except (SMTPException, OSError):
                logger.exception("Could not e-mail the alerts digest to user %s", user.pk)
                failed.update(a.pk for a in theirs)
                continue
            emails += 1
            for alert in theirs:
                sent[alert.pk].append(user.get_username())
        done = [pk for pk in sent if pk not in failed]
        Alert.objects.filter(pk__in=done).update(emailed_at=now)
        AlertEvent.objects.bulk_create(
            AlertEvent(alert_id=pk, at=now, event=EventKind.EMAILED, note=", ".join(sorted(sent[pk]))) for pk in done
        )
    return DigestResult(emails, len(done))
