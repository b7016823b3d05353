"""Send the morning briefing now, without waiting for the schedule (the embedded default has no beat)."""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from briefings.choices import Channel, DeliveryStatus
from briefings.models import BriefingSettings
from briefings.services import deliveries_create, delivery_send_again
from briefings.tasks import briefing_deliver
from stores.models import Store


class Command(BaseCommand):
    help = (
        "Send the morning briefing of the given stores (default: every store with the briefing switched on) on each "
        "of their channels. A delivery already sent that day is not sent again unless --again is given."
    )

    def add_arguments(self, parser):
        parser.add_argument("--store", action="append", default=[], metavar="CODE", help="a store's code; repeatable")
        parser.add_argument("--day", help="the day the briefing is for (YYYY-MM-DD); default: today in each store")
        parser.add_argument("--channel", action="append", choices=Channel.values, default=[], help="repeatable")
        parser.add_argument("--again", action="store_true", help="send again what was already sent or failed")

    def handle(self, *args, **options):
        day = self._day(options["day"])
        stores = self._stores(options["store"])
        if not stores:
            self.stdout.write("No store has the morning briefing switched on.")
            return
        for store in stores:
            store_day = day or timezone.now().astimezone(ZoneInfo(store.time_zone)).date()
            deliveries = deliveries_create(store, store_day, options["channel"] or None)
            if not deliveries:
                self.stdout.write(f"{store.code} {store_day}: no channel set (no e-mail recipient, no robot).")
            for delivery in deliveries:
                label = Channel(delivery.channel).label
                if delivery.status == DeliveryStatus.SENT and not options["again"]:
                    self.stdout.write(f"{store.code} {store_day} {label}: already sent at {delivery.sent_at:%H:%M}.")
                    continue
                if delivery.status != DeliveryStatus.PENDING:
                    delivery.status = DeliveryStatus.FAILED  # a sent one asked --again goes the same way
                    delivery.save(update_fields=["status"])
                    delivery = delivery_send_again(delivery)
                briefing_deliver(delivery.pk)
                delivery.refresh_from_db()
                self.stdout.write(f"{store.code} {store_day} {label}: {self._outcome(delivery)}")

    @staticmethod
    def _day(text: str | None) -> date | None:
        if not text:
            return None
        try:
            return date.fromisoformat(text)
        except ValueError:
            raise CommandError(f"--day must be a date like 2026-11-11, not {text!r}.") from None

    @staticmethod
    def _stores(codes: list[str]) -> list[Store]:
        if codes:
            found = {s.code: s for s in Store.objects.filter(code__in=codes)}
            unknown = [c for c in codes if c not in found]
            if unknown:
                raise CommandError(f"Unknown store code(s): {', '.join(unknown)}.")
            return [found[c] for c in dict.fromkeys(codes)]
        ids = BriefingSettings.objects.filter(enabled=True).values("store_id")
        return list(Store.objects.filter(pk__in=ids).order_by("code"))

    @staticmethod
    def _outcome(delivery) -> str:
        attempts = f"{delivery.attempts} attempt{'s' if delivery.attempts != 1 else ''}"
        if delivery.status == DeliveryStatus.SENT:
            return f"sent ({attempts})."
        if delivery.status == DeliveryStatus.FAILED:
            return f"FAILED after {attempts}: {delivery.last_error}"
        when = timezone.localtime(delivery.next_retry_at).strftime("%H:%M") if delivery.next_retry_at else "soon"
        return f"not sent yet ({attempts}: {delivery.last_error}); next attempt at {when} by the worker."
