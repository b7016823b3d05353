"""The morning briefing's settings in headless Chromium, in Chinese: the ops manager sets a signed DingTalk robot
(a local receiver that checks the signature as DingTalk does), sends a test message and sees it sent."""

from __future__ import annotations

import re
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from briefings.models import BriefingDelivery, WebhookChannel
from tests.briefings.receivers import start_receiver
from tests.factories import PASSWORD, MembershipFactory, StoreFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SECRET = "SEC9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"


@pytest.fixture
def shop(db):
    store = StoreFactory(code="tmall-flagship", name="山禾天猫旗舰店 Shanhe Tmall", platform="tmall")
    MembershipFactory(user=UserFactory(username="wang", email="wang@example.com"), store=store, role="ops_manager")
    return store


@pytest.fixture
def receiver(settings):
    settings.BRIEFING_WEBHOOK_ALLOW_LOOPBACK = True
    receiver, server = start_receiver()
    receiver.secrets = {"dingtalk": SECRET}
    yield receiver
    server.shutdown()
    server.server_close()


def test_the_manager_sets_a_signed_dingtalk_robot_and_its_test_message_arrives(live_server, page: Page, shop, receiver):
    page.goto(f"{live_server.url}/accounts/login/")
    page.locator("#id_username").fill("wang")
    page.locator("#id_password").fill(PASSWORD)
    page.locator("button.btn-primary[type=submit]").click()

    page.goto(f"{live_server.url}/stores/{shop.code}/")
    page.get_by_test_id("store-briefing-link").click()
    expect(page.get_by_role("heading", name="晨报", exact=True)).to_be_visible()

    # An hour still ahead today in the store's time zone, unless it is 23:00 there already (then: due now).
    hour = min(timezone.now().astimezone(ZoneInfo(shop.time_zone)).hour + 1, 23)
    settings_form = page.get_by_test_id("briefing-settings-form")
    settings_form.get_by_label("发送时间").select_option(label=f"{hour:02d}:00")
    settings_form.get_by_role("button", name="保存").click()
    expect(page.get_by_text("已保存晨报设置。")).to_be_visible()
    next_send = page.get_by_test_id("briefing-next")
    expect(next_send).to_contain_text(re.compile(rf"{hour:02d}:00|现在"))

    card = page.get_by_test_id("robot-dingtalk")
    card.get_by_label("Webhook 地址").fill(receiver.url("/dingtalk/robot/send?access_token=dt0123456789abcd"))
    card.get_by_label("加签密钥").fill(SECRET)
    card.get_by_role("button", name="保存").click()
    expect(page.get_by_text("已保存钉钉群机器人。")).to_be_visible()
    expect(card).to_contain_text("access_token=…abcd")
    expect(card.get_by_label("加签密钥")).to_have_value("")
    assert SECRET not in page.content() and "dt0123456789abcd" not in page.content()

    card.get_by_test_id("test-dingtalk").click()
    expect(page.get_by_text("测试消息已通过钉钉群机器人发送。")).to_be_visible()
    row = page.get_by_test_id("briefing-deliveries").locator("tbody tr").first
    expect(row).to_contain_text("钉钉群机器人")
    expect(row).to_contain_text("测试消息")
    expect(row).to_contain_text("已发送")

    [received] = receiver.received
    assert received.query["access_token"] == ["dt0123456789abcd"] and "sign" in received.query
    assert received.body["msgtype"] == "markdown" and "测试消息" in received.body["markdown"]["title"]
    assert BriefingDelivery.objects.get().status == "sent"
    assert WebhookChannel.objects.get().channel == "dingtalk"
