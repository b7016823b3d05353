"""The briefing settings page: only the store's ops manager sets it; addresses and secrets go in sealed and never
come back out in full, on any page or API answer; test messages go out at once and their outcome is shown."""

from __future__ import annotations

import pytest
from django.urls import reverse

from briefings.models import BriefingDelivery, BriefingSettings, WebhookChannel
from briefings.services import robot_save
from tests.accounts.test_access_matrix import API, PAGES, _api_methods, _kwarg_names
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

TOKEN = "7c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d"
SECRET = "SECd41d8cd98f00b204e9800998ecf8427ed41d8cd98f00b204e9800998ecf8427"
DINGTALK = f"https://oapi.dingtalk.com/robot/send?access_token={TOKEN}"


@pytest.fixture
def manager(own_store):
    return MembershipFactory(user=UserFactory(username="wang", email="wang@example.com"), store=own_store).user


def _url(store, name="settings"):
    return reverse(f"briefings:{name}", kwargs={"store": store.code})


def test_the_manager_sets_the_schedule_and_recipients(client, manager, own_store):
    client.force_login(manager)
    response = client.post(
        _url(own_store),
        {
            "part": "settings",
            "enabled": "on",
            "send_hour": "7",
            "language": "zh-hans",
            "email_roles": ["ops_manager", "customer_service"],
            "extra_emails": "Boss@Example.com, ops@example.com\nops@example.com",
        },
    )
    assert response.status_code == 302
    saved = BriefingSettings.objects.get(store=own_store)
    assert (saved.send_hour, saved.language) == (7, "zh-hans")
    assert saved.email_roles == ["ops_manager", "customer_service"]
    assert saved.extra_emails == ["boss@example.com", "ops@example.com"]
    page = client.get(_url(own_store)).content.decode()
    assert "wang@example.com, boss@example.com, ops@example.com" in page


def test_bad_addresses_and_hours_are_refused_with_nothing_saved(client, manager, own_store):
    client.force_login(manager)
    response = client.post(
        _url(own_store), {"part": "settings", "send_hour": "24", "language": "en", "extra_emails": "not-an-address"}
    )
    assert response.status_code == 200
    form = response.context["settings_form"]
    assert set(form.errors) == {"send_hour", "extra_emails"}
    assert "not-an-address" in form.errors["extra_emails"][0]
    assert not BriefingSettings.objects.exists()


def test_a_robot_is_stored_sealed_and_shown_masked_and_its_secret_never(client, manager, own_store):
    client.force_login(manager)
    response = client.post(
        _url(own_store),
        {"part": "dingtalk", "dingtalk-url": DINGTALK, "dingtalk-secret": SECRET, "dingtalk-enabled": "on"},
    )
    assert response.status_code == 302
    robot = WebhookChannel.objects.get(store=own_store, channel="dingtalk")
    assert TOKEN not in robot.sealed_url and SECRET not in robot.sealed_secret
    assert robot.credentials() == (DINGTALK, SECRET)
    page = client.get(_url(own_store)).content.decode()
    assert f"https://oapi.dingtalk.com/robot/send?access_token=…{TOKEN[-4:]}" in page
    assert TOKEN not in page and SECRET not in page and TOKEN[:-4] not in page

    # Saved again without retyping: both are kept.
    client.post(
        _url(own_store), {"part": "dingtalk", "dingtalk-url": "", "dingtalk-secret": "", "dingtalk-enabled": ""}
    )
    robot.refresh_from_db()
    assert robot.credentials() == (DINGTALK, SECRET) and not robot.enabled


def test_the_secret_appears_on_no_page_and_in_no_api_answer(client, manager, own_store):
    robot_save(own_store, "dingtalk", url=DINGTALK, secret=SECRET)
    robot_save(own_store, "feishu", url=f"https://open.feishu.cn/open-apis/bot/v2/hook/{TOKEN}", secret=SECRET)
    manager.is_superuser = manager.is_staff = True  # sees every page, the admin too
    manager.save()
    client.force_login(manager)
    checked = 0
    for name, (route, _callback) in {**PAGES, **API}.items():
        if _kwarg_names(route) - {"store"} or (name in API and "get" not in _api_methods(_callback)):
            continue
        url = reverse(name, kwargs={"store": own_store.code} if "store" in _kwarg_names(route) else {})
        response = client.get(url)
        body = response.content.decode(errors="replace") if hasattr(response, "content") else ""
        assert TOKEN not in body and SECRET not in body, name
        checked += 1
    robot = WebhookChannel.objects.get(channel="dingtalk")
    for url in ("/admin/briefings/webhookchannel/", f"/admin/briefings/webhookchannel/{robot.pk}/change/"):
        response = client.get(url)
        assert response.status_code == 200 and TOKEN[-4:] in response.content.decode()
        assert TOKEN not in response.content.decode() and SECRET not in response.content.decode()
        assert robot.sealed_url not in response.content.decode()
    assert checked > 60


@pytest.mark.parametrize(
    "url",
    [
        "http://oapi.dingtalk.com/robot/send?access_token=x",
        "https://evil.example/robot/send?access_token=x",
        "https://oapi.dingtalk.com.evil.example/robot/send?access_token=x",
        "http://127.0.0.1:8080/robot/send?access_token=x",  # loopback is for tests only
        "http://10.1.2.3/robot/send?access_token=x",
    ],
)
def test_an_address_off_the_platform_is_refused_with_nothing_saved(client, manager, own_store, url):
    client.force_login(manager)
    response = client.post(_url(own_store), {"part": "dingtalk", "dingtalk-url": url, "dingtalk-enabled": "on"})
    assert response.status_code == 200
    form = next(r["form"] for r in response.context["robots"] if r["form"].channel == "dingtalk")
    assert list(form.errors) == ["url"]
    assert not WebhookChannel.objects.exists()


def test_another_stores_manager_gets_404_and_a_member_who_is_not_manager_gets_403(client, own_store, other_store):
    stranger = MembershipFactory(user=UserFactory(username="zhao"), store=other_store).user
    cs = MembershipFactory(user=UserFactory(username="cs"), store=own_store, role="customer_service").user
    data = {
        "part": "wecom",
        "wecom-url": "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k",
        "wecom-enabled": "on",
    }
    for user, status in ((stranger, 404), (cs, 403)):
        client.force_login(user)
        assert client.get(_url(own_store)).status_code == status
        assert client.post(_url(own_store), data).status_code == status
        assert client.post(_url(own_store, "test_send"), {"channel": "wecom"}).status_code == status
    assert not WebhookChannel.objects.exists() and not BriefingDelivery.objects.exists()


def test_the_test_button_sends_at_once_and_says_so(client, manager, own_store, receiver):
    client.force_login(manager)
    client.post(
        _url(own_store),
        {"part": "wecom", "wecom-url": receiver.url("/wecom/cgi-bin/webhook/send?key=wk-1"), "wecom-enabled": "on"},
    )
    response = client.post(_url(own_store, "test_send"), {"channel": "wecom"}, follow=True)
    assert "Test message sent on the WeCom group robot." in response.content.decode()
    [received] = receiver.received
    assert received.body["msgtype"] == "markdown" and "own" not in received.query.get("key", [""])[0]
    delivery = BriefingDelivery.objects.get()
    assert (delivery.purpose, delivery.status, delivery.channel) == ("test", "sent", "wecom")

    receiver.answer = lambda r: (200, {"errcode": 93000, "errmsg": "invalid webhook url"})
    response = client.post(_url(own_store, "test_send"), {"channel": "wecom"}, follow=True)
    assert "failed: errcode 93000: invalid webhook url" in response.content.decode()


def test_a_failed_delivery_can_be_sent_again(client, manager, own_store, receiver, django_capture_on_commit_callbacks):
    from django.utils import timezone

    robot_save(own_store, "wecom", url=receiver.url("/wecom/cgi-bin/webhook/send?key=wk-1"))
    failed = BriefingDelivery.objects.create(
        store=own_store, channel="wecom", day=timezone.localdate(), status="failed", attempts=5, last_error="HTTP 500"
    )
    client.force_login(manager)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(_url(own_store, "send_again"), {"delivery": failed.pk})
    failed.refresh_from_db()
    assert (failed.status, failed.attempts) == ("sent", 1) and len(receiver.received) == 1
    assert client.post(_url(own_store, "send_again"), {"delivery": "999999"}).status_code == 404
