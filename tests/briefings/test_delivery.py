"""The briefing delivered over real HTTP to a local receiver and by real SMTP to a local server: the payloads, the
signatures checked as the platforms check them, success read from the answer, retries with backoff, failures kept
and shown, and one sending per store, channel and day."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from accounts.choices import Role
from briefings.choices import DeliveryStatus, Purpose
from briefings.models import BriefingDelivery, WebhookChannel
from briefings.selectors import stores_due
from briefings.services import briefing_settings_save, deliveries_create, delivery_attempt, robot_save
from briefings.tasks import briefing_deliver, briefings_send_due
from tests.dashboards.conftest import store_with_history
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

DINGTALK_SECRET = "SECb2f4c6d8e0a1b3c5d7e9f0a2b4c6d8e0a1b3c5d7e9f0a2b4c6d8e0a1b3c5d7"
FEISHU_SECRET = "fs-3kPq9mZt7wXy"


@pytest.fixture
def manager(db):
    return UserFactory(username="li-manager", email="li@example.com")


@pytest.fixture
def shop(manager):
    store = store_with_history("tmall-shanhe", manager=manager, orders=20, name="山禾天猫店 Shanhe")
    briefing_settings_save(store, send_hour=0, email_roles=[Role.OPS_MANAGER], extra_emails=["boss@example.com"])
    return store


@pytest.fixture
def robots(shop, receiver):
    receiver.secrets = {"dingtalk": DINGTALK_SECRET, "feishu": FEISHU_SECRET}
    robot_save(shop, "wecom", url=receiver.url("/wecom/cgi-bin/webhook/send?key=wk-1234"))
    robot_save(shop, "dingtalk", url=receiver.url("/dingtalk/robot/send?access_token=dt-5678"), secret=DINGTALK_SECRET)
    robot_save(shop, "feishu", url=receiver.url("/feishu/open-apis/bot/v2/hook/fs-9abc"), secret=FEISHU_SECRET)
    return receiver


def _by_platform(receiver):
    return {r.path.strip("/").split("/")[0]: r for r in receiver.received}


def test_the_three_robots_get_their_formats_over_http_signed_where_asked(shop, robots, mailbox):
    result = briefings_send_due()
    assert result["queued"] == 4  # e-mail and the three robots
    got = _by_platform(robots)
    assert set(got) == {"wecom", "dingtalk", "feishu"}
    wecom = got["wecom"].body
    assert wecom["msgtype"] == "markdown" and "山禾天猫店" in wecom["markdown"]["content"]
    assert got["wecom"].query == {"key": ["wk-1234"]}
    dingtalk = got["dingtalk"]
    assert dingtalk.body["msgtype"] == "markdown" and "山禾天猫店" in dingtalk.body["markdown"]["title"]
    assert {"access_token", "timestamp", "sign"} <= set(dingtalk.query)  # checked by the receiver as DingTalk does
    feishu = got["feishu"].body
    assert feishu["msg_type"] == "interactive" and {"timestamp", "sign"} <= set(feishu)
    assert feishu["card"]["elements"][0]["tag"] == "markdown"
    for r in got.values():
        assert r.headers["Content-Type"].startswith("application/json")
    deliveries = BriefingDelivery.objects.filter(store=shop)
    assert {(d.channel, d.status, d.attempts) for d in deliveries} == {
        ("email", "sent", 1),
        ("wecom", "sent", 1),
        ("dingtalk", "sent", 1),
        ("feishu", "sent", 1),
    }


def test_the_robots_message_carries_the_landing_figures(shop, robots):
    from core.numbers import money, pct
    from dashboards.selectors import store_briefings

    briefings_send_due()
    text = _by_platform(robots)["wecom"].body["markdown"]["content"]
    [b] = store_briefings([shop], timezone.now().astimezone(__import__("zoneinfo").ZoneInfo(shop.time_zone)).date())
    assert money(b.day.gmv) in text and pct(b.day.gmv_attainment) in text
    assert money(b.month.gmv) in text and "成交额" in text and "GMV" in text  # bilingual by default


def test_a_wrong_dingtalk_secret_is_refused_by_the_receiver_and_not_counted_as_sent(shop, robots, settings):
    settings.BRIEFING_MAX_ATTEMPTS = 2
    robot_save(shop, "dingtalk", secret="SECnot-the-right-one")
    [delivery] = deliveries_create(shop, timezone.localdate(), ["dingtalk"])
    briefing_deliver(delivery.pk)
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.FAILED and delivery.attempts == 2
    assert delivery.last_error == "errcode 310000: sign not match"


def test_the_morning_run_twice_sends_once(shop, robots, mailbox):
    briefings_send_due()
    briefings_send_due()
    assert len(robots.received) == 3 and len(mailbox.messages) == 1
    assert BriefingDelivery.objects.filter(store=shop, purpose=Purpose.BRIEFING).count() == 4
    out = StringIO()
    call_command("send_briefing", "--store", shop.code, stdout=out)
    assert out.getvalue().count("already sent") == 4 and len(robots.received) == 3


def test_a_failing_receiver_is_retried_with_backoff_then_shown_as_failed(shop, robots, settings, client, manager):
    settings.BRIEFING_MAX_ATTEMPTS = 3
    answers = iter([(500, {"error": "internal"}), (200, {"errcode": 45009, "errmsg": "api freq out of limit"})] * 3)
    robots.answer = lambda received: next(answers)
    WebhookChannel.objects.filter(store=shop).exclude(channel="wecom").delete()
    [delivery] = deliveries_create(shop, timezone.localdate(), ["wecom"])
    now = timezone.now()

    first = delivery_attempt(delivery.pk, now)
    assert (first.status, first.attempts, first.last_error) == ("pending", 1, "HTTP 500")
    assert first.next_retry_at == now + timedelta(seconds=settings.BRIEFING_RETRY_BASE_SECONDS)
    assert delivery_attempt(delivery.pk, now + timedelta(seconds=1)).attempts == 1  # not due yet: nothing sent
    assert len(robots.received) == 1

    second = delivery_attempt(delivery.pk, first.next_retry_at)
    assert (second.status, second.attempts) == ("pending", 2)
    assert second.last_error == "errcode 45009: api freq out of limit"  # an HTTP 200 that is a refusal
    assert second.next_retry_at == first.next_retry_at + timedelta(seconds=2 * settings.BRIEFING_RETRY_BASE_SECONDS)

    briefing_deliver(delivery.pk, after_attempt=2)  # the countdown's task
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.next_retry_at) == ("failed", 3, None)
    assert delivery.last_error == "HTTP 500" and len(robots.received) == 3

    client.force_login(manager)
    page = client.get(f"/briefings/{shop.code}/").content.decode()
    assert page.count('data-status="failed"') == 1 and "HTTP 500" in page
    assert 'data-testid="last-delivery"' in page  # the robot's card says its last briefing failed


def test_a_failure_in_eager_mode_is_retried_right_away_up_to_the_limit(shop, robots, settings):
    settings.BRIEFING_MAX_ATTEMPTS = 4
    robots.answer = lambda received: (500, {})
    [delivery] = deliveries_create(shop, timezone.localdate(), ["feishu"])
    briefing_deliver.delay(delivery.pk)
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.last_error) == ("failed", 4, "HTTP 500")
    assert len(robots.received) == 4


def test_the_email_arrives_over_smtp_as_html_with_the_figures_table_and_a_text_part(shop, mailbox, manager):
    from core.numbers import money
    from dashboards.selectors import store_briefings

    briefings_send_due()
    [message] = mailbox.messages
    assert sorted(mailbox.envelopes[0].rcpt_tos) == ["boss@example.com", "li@example.com"]
    assert "晨报" in message["Subject"] and "Morning briefing" in message["Subject"]
    html = message.get_body(("html",)).get_content()
    text = message.get_body(("plain",)).get_content()
    [b] = store_briefings([shop], BriefingDelivery.objects.get(channel="email").day)
    assert "<table" in html and 'data-briefing="figures"' in html
    assert f"<td>{money(b.day.gmv)}</td>" in html and f"<td>{money(b.month.gmv)}</td>" in html
    assert "成交额" in html and "GMV" in html and money(b.day.gmv) in text
    assert "<td>" not in text


def test_the_schedule_waits_for_the_store_hour_in_the_store_time_zone(shop):
    briefing_settings_save(shop, send_hour=9)
    early = datetime(2026, 12, 7, 0, 30, tzinfo=UTC)  # 08:30 in Shanghai
    assert stores_due(early) == []
    [(store, day)] = stores_due(early + timedelta(hours=1))
    assert store == shop and day.isoformat() == "2026-12-07"
    briefing_settings_save(shop, enabled=False)
    assert stores_due(early + timedelta(hours=1)) == []


def test_send_briefing_sends_on_demand_and_says_what_it_did(shop, robots, mailbox):
    out = StringIO()
    call_command("send_briefing", "--store", shop.code, "--day", "2026-12-01", "--channel", "dingtalk", stdout=out)
    assert out.getvalue().strip() == f"{shop.code} 2026-12-01 DingTalk group robot: sent (1 attempt)."
    assert BriefingDelivery.objects.get().day.isoformat() == "2026-12-01"
    out = StringIO()
    call_command(
        "send_briefing", "--store", shop.code, "--day", "2026-12-01", "--channel", "dingtalk", "--again", stdout=out
    )
    assert "sent (1 attempt)" in out.getvalue() and len(robots.received) == 2


def test_send_briefing_refuses_an_unknown_store_or_day(shop):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="Unknown store"):
        call_command("send_briefing", "--store", "nope")
    with pytest.raises(CommandError, match="--day"):
        call_command("send_briefing", "--day", "2026-13-01")


def test_members_by_role_and_extra_addresses_receive_the_email(shop, mailbox):
    cs = MembershipFactory(user=UserFactory(username="cs", email="cs@example.com"), store=shop, role="customer_service")
    MembershipFactory(user=UserFactory(username="viewer", email="v@example.com"), store=shop, role="viewer")
    briefing_settings_save(shop, email_roles=["customer_service"], extra_emails=[])
    briefings_send_due()
    assert mailbox.envelopes[0].rcpt_tos == [cs.user.email]
