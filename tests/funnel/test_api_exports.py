"""The platform export import as an API endpoint: multipart only, preview without writing, all-or-nothing import
through the same service as the page, the API client's stores only."""

import json
from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile

from funnel.models import DailyMetric
from tests.funnel.import_files import sycm_csv, unknown_csv

FIRST = date(2026, 11, 1)
URL = "/api/v1/metrics/exports/"


def send(api, store, content, path=URL, **extra):
    body = {"store": store, "file": SimpleUploadedFile("sycm.csv", content, content_type="text/csv"), **extra}
    return api.post(path, body, format="multipart")


def test_a_preview_says_what_the_file_holds_and_writes_nothing(token_api, own_store):
    response = send(token_api, own_store.code, sycm_csv(FIRST, 3), URL + "preview/")
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["platform"], body["tool"], body["days"], body["ready"]) == ("tmall", "sycm", 3, True)
    assert (body["first_day"], body["last_day"]) == ("2026-11-01", "2026-11-03")
    assert body["mapping"]["支付子订单数"] == "orders" and body["errors"] == []
    assert not DailyMetric.objects.exists()


def test_an_import_writes_the_days_once_and_again_changes_nothing(token_api, own_store, pusher):
    first = send(token_api, own_store.code, sycm_csv(FIRST, 3))
    assert first.status_code == 200, first.content
    assert first.json() | {} == {
        "store": own_store.code,
        "platform": "tmall",
        "source": "export:tmall",
        "first_day": "2026-11-01",
        "last_day": "2026-11-03",
        "created": 3,
        "updated": 0,
        "unchanged": 0,
    }
    assert set(DailyMetric.objects.values_list("source", "api_client_id")) == {("export:tmall", pusher[0].pk)}
    again = send(token_api, own_store.code, sycm_csv(FIRST, 3))
    assert (again.json()["created"], again.json()["unchanged"]) == (0, 3)


def test_a_file_with_a_bad_row_is_refused_whole_with_the_rows_line(token_api, own_store):
    response = send(token_api, own_store.code, sycm_csv(FIRST, 3, bad_line=1))
    assert response.status_code == 400
    assert [e["index"] for e in response.json()["errors"]] == [5]
    assert not DailyMetric.objects.exists()


def test_a_mapping_and_platform_are_taken_from_the_form(token_api, own_store):
    mapping = {"日期": "date", "访客数": "uv", "成交订单数": "orders", "成交金额": "gmv", "店铺自定义列": "refunds"}
    response = send(token_api, own_store.code, unknown_csv(FIRST, 2), platform="douyin", mapping=json.dumps(mapping))
    assert response.status_code == 200, response.content
    assert list(DailyMetric.objects.values_list("source", "refunds").order_by("date")) == [
        ("export:douyin", 7),
        ("export:douyin", 8),
    ]
    bad = send(token_api, own_store.code, unknown_csv(FIRST, 2), mapping="[1, 2]")
    assert bad.status_code == 400 and bad.json()["errors"][0]["field"] == "mapping"


def test_another_stores_code_is_forbidden_and_json_is_not_taken(token_api, other_store, own_store):
    assert send(token_api, other_store.code, sycm_csv(FIRST, 2)).status_code == 403
    assert send(token_api, "no-such-store", sycm_csv(FIRST, 2)).status_code == 403
    as_json = token_api.post(URL, {"store": own_store.code}, format="json")
    assert as_json.status_code == 415 and "errors" in as_json.json()
    assert not DailyMetric.objects.exists()


def test_a_person_cannot_import_through_the_api(client, member, own_store):
    client.force_login(member("ops_manager"))
    response = client.post(URL, {"store": own_store.code, "file": SimpleUploadedFile("a.csv", sycm_csv(FIRST, 2))})
    assert response.status_code == 403 and not DailyMetric.objects.exists()
