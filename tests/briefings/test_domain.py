"""The pure parts of the briefing's delivery: addresses allowed, masks, signatures, payloads, answers, retries."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, quote_plus, urlsplit

import pytest

from briefings.domain import (
    RobotMessage,
    WebhookAddressError,
    dingtalk_signed_url,
    feishu_payload,
    next_send_at,
    retry_delay,
    url_mask,
    webhook_answer_error,
    webhook_request,
    webhook_url_check,
)

WECOM = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa"
DINGTALK = "https://oapi.dingtalk.com/robot/send?access_token=3f9c1e77a0b4d2c5e6f7a8b9c0d1a1b2"
FEISHU = "https://open.feishu.cn/open-apis/bot/v2/hook/0b7d2f6e-51a4-4c5b-9f0e-7c1d2e3f4a5b"
MESSAGE = RobotMessage(title="晨报 · 测试店", markdown="**昨日** 成交额 ¥1,234.00")


@pytest.mark.parametrize(("channel", "url"), [("wecom", WECOM), ("dingtalk", DINGTALK), ("feishu", FEISHU)])
def test_each_platforms_own_robot_address_is_accepted(channel, url):
    assert webhook_url_check(channel, url, allow_loopback=False) == url


@pytest.mark.parametrize(
    ("channel", "url"),
    [
        ("dingtalk", DINGTALK.replace("https", "http")),  # not https
        ("dingtalk", DINGTALK.replace("oapi.dingtalk.com", "oapi.dingtalk.com.evil.example")),
        ("dingtalk", DINGTALK.replace("oapi.dingtalk.com", "oapi.dingtalk.com:8443")),
        ("dingtalk", DINGTALK.replace("https://", "https://me:pw@")),
        ("dingtalk", "https://oapi.dingtalk.com/robot/send"),  # no token
        ("dingtalk", WECOM),  # another platform's
        ("wecom", "https://qyapi.weixin.qq.com/cgi-bin/other?key=x"),
        ("feishu", "https://open.feishu.cn/open-apis/bot/v2/hook/"),
        ("feishu", "http://127.0.0.1:8080/feishu/hook"),  # loopback, not allowed here
        ("feishu", "file:///etc/passwd"),
        ("wecom", "https://qyapi.weixin.qq.com\\@evil.example/cgi-bin/webhook/send?key=x"),
        ("wecom", ""),
    ],
)
def test_anything_else_is_refused(channel, url):
    with pytest.raises(WebhookAddressError):
        webhook_url_check(channel, url, allow_loopback=False)


@pytest.mark.parametrize("url", ["http://10.0.0.5/hook", "http://192.168.1.1/", "http://169.254.169.254/latest"])
def test_allowing_loopback_allows_loopback_only_never_the_network(url):
    assert webhook_url_check("wecom", "http://127.0.0.1:9999/wecom/x", allow_loopback=True)
    with pytest.raises(WebhookAddressError):
        webhook_url_check("wecom", url, allow_loopback=True)


def test_a_mask_keeps_the_host_and_the_last_four_characters_only():
    assert url_mask(DINGTALK) == "https://oapi.dingtalk.com/robot/send?access_token=…a1b2"
    assert url_mask(FEISHU) == "https://open.feishu.cn/open-apis/bot/v2/hook/…4a5b"
    assert "693a91f6" not in url_mask(WECOM)


def test_a_signed_dingtalk_address_carries_timestamp_and_sign_as_dingtalk_computes_them():
    secret = "SEC0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
    url = dingtalk_signed_url(DINGTALK, secret, 1700000000123)
    query = parse_qs(urlsplit(url).query)  # URL-decoded, as DingTalk reads it
    expected = base64.b64encode(
        hmac.new(secret.encode(), f"1700000000123\n{secret}".encode(), hashlib.sha256).digest()
    ).decode()
    assert query["access_token"] == ["3f9c1e77a0b4d2c5e6f7a8b9c0d1a1b2"]
    assert query["timestamp"] == ["1700000000123"] and query["sign"] == [expected]
    assert urlsplit(url).query.endswith("&sign=" + quote_plus(expected))  # base64's + / = URL-encoded


def test_a_signed_feishu_card_carries_timestamp_and_sign_in_its_body():
    payload = feishu_payload(MESSAGE, "feishu-secret", 1700000000)
    expected = base64.b64encode(hmac.new(b"1700000000\nfeishu-secret", b"", hashlib.sha256).digest()).decode()
    assert payload["timestamp"] == "1700000000" and payload["sign"] == expected
    assert payload["msg_type"] == "interactive"
    assert payload["card"]["header"]["title"]["content"] == MESSAGE.title
    assert feishu_payload(MESSAGE).keys() == {"msg_type", "card"}


def test_wecom_and_dingtalk_get_markdown():
    now = datetime(2026, 12, 7, 0, 0, tzinfo=UTC)
    wecom = json.loads(webhook_request("wecom", WECOM, "", MESSAGE, now).body)
    assert wecom["msgtype"] == "markdown" and MESSAGE.markdown in wecom["markdown"]["content"]
    request = webhook_request("dingtalk", DINGTALK, "", MESSAGE, now)
    assert request.url == DINGTALK  # no secret, no signature
    dingtalk = json.loads(request.body)
    assert dingtalk["msgtype"] == "markdown" and dingtalk["markdown"]["title"] == MESSAGE.title


def test_wecom_markdown_is_cut_to_its_4096_bytes():
    long = RobotMessage(title="晨报", markdown="待办\n" * 3000)
    content = json.loads(webhook_request("wecom", WECOM, "", long, datetime.now(UTC)).body)["markdown"]["content"]
    assert len(content.encode()) <= 4096


@pytest.mark.parametrize(
    ("channel", "status", "body", "accepted"),
    [
        ("wecom", 200, {"errcode": 0, "errmsg": "ok"}, True),
        ("wecom", 200, {"errcode": 93000, "errmsg": "invalid webhook url"}, False),
        ("dingtalk", 200, {"errcode": 310000, "errmsg": "sign not match"}, False),
        ("dingtalk", 500, {"errcode": 0}, False),
        ("feishu", 200, {"code": 0, "msg": "success"}, True),
        ("feishu", 200, {"code": 19021, "msg": "sign match fail"}, False),
        ("feishu", 200, {"StatusCode": 0, "StatusMessage": "success"}, True),
    ],
)
def test_success_is_read_from_the_answer_not_from_http_200(channel, status, body, accepted):
    error = webhook_answer_error(channel, status, json.dumps(body).encode())
    assert (error is None) is accepted
    assert webhook_answer_error(channel, 200, b"<html>ok</html>") is not None


def test_retries_back_off_exponentially_up_to_an_hour():
    assert [retry_delay(n, 60).total_seconds() for n in (1, 2, 3, 4)] == [60, 120, 240, 480]
    assert retry_delay(20, 60) == timedelta(hours=1)


def test_the_next_send_is_today_at_the_hour_in_the_store_zone_until_sent():
    now = datetime(2026, 12, 6, 23, 0, tzinfo=UTC)  # 07:00 on the 7th in Shanghai
    assert next_send_at(now, "Asia/Shanghai", 8, sent_today=False).isoformat() == "2026-12-07T08:00:00+08:00"
    assert next_send_at(now, "Asia/Shanghai", 8, sent_today=True).isoformat() == "2026-12-08T08:00:00+08:00"
