"""Every kind of source key gets a human, translated name; none shows as its internal key."""

import pytest
from django.utils import translation

from funnel.sources import source_label, source_labels
from tests.factories import StoreFactory, UserFactory, api_client_with_key


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.mark.parametrize(
    "key,english,chinese",
    [
        ("service_log", "Customer-service log", "客服日志"),
        ("system", "opsplan (automatic)", "系统自动"),
        ("client:7", "API client #7", "API 客户端 #7"),
        ("user:9", "User #9", "用户 #9"),
        ("factory_order:12", "Factory order #12", "工厂订单 #12"),
        ("demo:opening", "Demo data: opening stock", "演示数据：期初库存"),
        ("demo:sales", "Demo data", "演示数据"),
        ("export:tmall", "Tmall back-office export", "天猫后台导出"),
        ("export:nowhere", "Other source (export:nowhere)", "其他来源（export:nowhere）"),
        ("client:abc", "Other source (client:abc)", "其他来源（client:abc）"),
    ],
)
def test_each_kind_of_source_key_has_a_translated_name(key, english, chinese):
    assert source_label(key) == english
    with translation.override("zh-hans"):
        assert source_label(key) == chinese


@pytest.mark.django_db
def test_api_clients_and_people_are_named_by_their_names_in_two_queries(django_assert_num_queries):
    client, _key = api_client_with_key("erp-sync", StoreFactory())
    person = UserFactory(username="wang")
    keys = {f"client:{client.pk}", f"user:{person.pk}", "service_log", "demo:opening"}
    with django_assert_num_queries(2):
        labels = source_labels(keys)
    assert labels == {
        f"client:{client.pk}": "API client erp-sync",
        f"user:{person.pk}": "wang",
        "service_log": "Customer-service log",
        "demo:opening": "Demo data: opening stock",
    }


@pytest.mark.django_db
def test_keys_without_names_to_look_up_cost_no_query(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert source_labels(["service_log"]) == {"service_log": "Customer-service log"}
