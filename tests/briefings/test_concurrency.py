"""Two morning runs at the same moment (two beat ticks, two workers) on real PostgreSQL still send each channel's
briefing once: the deliveries are unique per store, channel and day, and a delivery is locked while it is sent."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from briefings.models import BriefingDelivery
from briefings.services import briefing_settings_save, robot_save
from briefings.tasks import briefings_send_due
from tests.factories import MembershipFactory, StoreFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_runs_at_once_send_each_channel_once(receiver):
    store = StoreFactory(code="race-shop")
    MembershipFactory(user=UserFactory(username="race", email="race@example.com"), store=store)
    briefing_settings_save(store, send_hour=0, email_roles=[])
    robot_save(store, "wecom", url=receiver.url("/wecom/cgi-bin/webhook/send?key=k1"))
    robot_save(store, "feishu", url=receiver.url("/feishu/open-apis/bot/v2/hook/h1"))
    start, errors = threading.Barrier(2), []

    def run():
        try:
            start.wait(timeout=10)
            briefings_send_due()
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert sorted(r.path.split("/")[1] for r in receiver.received) == ["feishu", "wecom"]
    assert sorted(BriefingDelivery.objects.values_list("channel", "status", "attempts")) == [
        ("feishu", "sent", 1),
        ("wecom", "sent", 1),
    ]
