"""Contract tests: one or more for every line of docs/API.md, against PostgreSQL."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from funnel.models import DailyMetric, DailyMetricRevision
from tests.factories import MembershipFactory, UserFactory, api_client_with_key

URL = "/api/v1/metrics/daily/"
pytestmark = pytest.mark.django_db


def today() -> date:
    return timezone.localdate()


def record(**overrides):
    base = {
        "store": "own-store",
        "date": "2026-11-11",
        "uv": 1830,
        "pv": 6120,
        "orders": 41,
        "gmv": "5289.00",
        "ad_spend": "96.50",
        "refunds": 2,
    }
    base.update(overrides)
    return {k: v for k, v in base.items() if v is not None or k in ("pv",)}


def push(api, records, **headers):
    return api.post(URL, {"records": records}, format="json", **headers)


def raw(api, body: bytes | str, content_type="application/json", **headers):
    return api.generic("POST", URL, body, content_type=content_type, **headers)


# --- Authentication ---------------------------------------------------------------------------


def test_no_key_gets_401(api, own_store):
    assert push(api, [record()]).status_code == 401


def test_a_wrong_key_gets_401(api, own_store, pusher):
    api.credentials(HTTP_AUTHORIZATION=f"Token {pusher[1]}x")
    assert push(api, [record()]).status_code == 401


def test_a_revoked_key_gets_401(api, own_store, pusher):
    from accounts.services import api_key_issue

    api_key_issue(pusher[0])
    api.credentials(HTTP_AUTHORIZATION=f"Token {pusher[1]}")
    assert push(api, [record()]).status_code == 401


def test_only_a_hash_of_the_key_is_stored(pusher):
    client, key = pusher
    stored = client.keys.get()
    assert key not in {stored.hashed_key, stored.prefix} and len(stored.hashed_key) == 64


def test_a_logged_in_person_cannot_push(api, own_store):
    user = MembershipFactory(store=own_store, role="ops_manager").user
    api.force_authenticate(user)
    assert push(api, [record()]).status_code == 403
    assert not DailyMetric.objects.exists()


# --- Push: success, upsert, response shape ------------------------------------------------------


def test_a_push_creates_records_and_answers_counts(token_api, own_store):
    response = token_api.post(URL, {"records": [record()]}, format="json")
    assert response.status_code == 200
    assert response.json() == {"created": 1, "updated": 0, "unchanged": 0}
    row = DailyMetric.objects.get()
    assert (row.uv, row.pv, row.orders, str(row.gmv), str(row.ad_spend), row.refunds) == (
        1830,
        6120,
        41,
        "5289.00",
        "96.50",
        2,
    )
    assert row.date == date(2026, 11, 11)


def test_resending_the_same_payload_changes_nothing(token_api, own_store):
    push(token_api, [record()])
    before = DailyMetric.objects.values().get()
    response = push(token_api, [record()])
    assert response.json() == {"created": 0, "updated": 0, "unchanged": 1}
    assert DailyMetric.objects.values().get() == before
    assert not DailyMetricRevision.objects.exists()


def test_pushing_a_key_again_replaces_its_values_and_keeps_the_old_ones_as_a_revision(token_api, own_store):
    push(token_api, [record()])
    response = push(token_api, [record(orders=45, gmv="5800.00", pv=None)])
    assert response.json() == {"created": 0, "updated": 1, "unchanged": 0}
    row = DailyMetric.objects.get()
    assert (row.orders, str(row.gmv), row.pv) == (45, "5800.00", None)
    revision = DailyMetricRevision.objects.get()
    assert revision.values["orders"] == 41 and revision.values["gmv"] == "5289.00" and revision.values["pv"] == 6120


def test_mixed_batch_counts_created_updated_unchanged(token_api, own_store):
    push(token_api, [record(date="2026-11-01"), record(date="2026-11-02")])
    response = push(
        token_api, [record(date="2026-11-01"), record(date="2026-11-02", uv=2000), record(date="2026-11-03")]
    )
    assert response.json() == {"created": 1, "updated": 1, "unchanged": 1}


def test_records_are_keyed_by_source_so_two_clients_keep_their_own_rows(token_api, own_store):
    _, other_key = api_client_with_key("second-pusher", own_store)
    other = APIClient()
    other.credentials(HTTP_AUTHORIZATION=f"Token {other_key}")
    push(token_api, [record()])
    assert push(other, [record(orders=40)]).json() == {"created": 1, "updated": 0, "unchanged": 0}
    assert DailyMetric.objects.count() == 2


def test_money_may_be_a_number_with_two_decimals(token_api, own_store):
    response = raw(
        token_api,
        '{"records": [{"store": "own-store", "date": "2026-11-11", "uv": 10, "orders": 1, '
        '"gmv": 99.95, "ad_spend": 0}]}',
    )
    assert response.status_code == 200
    assert str(DailyMetric.objects.get().gmv) == "99.95"


def test_only_required_fields_are_enough(token_api, own_store):
    response = push(token_api, [{"store": "own-store", "date": "2026-11-11", "uv": 0, "orders": 0}])
    assert response.status_code == 200


def test_a_date_one_day_ahead_is_accepted(token_api, own_store):
    tomorrow = (today() + timedelta(days=1)).isoformat()
    assert push(token_api, [record(date=tomorrow)]).status_code == 200


def test_ten_thousand_records_in_one_request_are_accepted(token_api, own_store, settings):
    settings.BUSINESS_DATE_MIN = date(1990, 1, 1)  # 10,000 consecutive days of one store reach back before 2000
    start = date(1990, 1, 1)
    records = [record(date=(start + timedelta(days=i)).isoformat()) for i in range(10_000)]
    response = push(token_api, records)
    assert response.status_code == 200, response.content[:500]
    assert response.json()["created"] == 10_000
    assert DailyMetric.objects.count() == 10_000


# --- Errors: 400 lists every bad record, nothing written -----------------------------------------

BAD_RECORDS = [
    ("missing uv", {"uv": None}, "uv"),
    ("missing orders", {"orders": None}, "orders"),
    ("missing date", {"date": None}, "date"),
    ("missing store", {"store": None}, "store"),
    ("uv as string", {"uv": "1830"}, "uv"),
    ("orders as float", {"orders": 4.5}, "orders"),
    ("bool count", {"refunds": True}, "refunds"),
    ("negative uv", {"uv": -1, "orders": 0, "pv": 0}, "uv"),
    ("negative refunds", {"refunds": -2}, "refunds"),
    ("negative money", {"gmv": "-1.00"}, "gmv"),
    ("three decimals", {"ad_spend": "96.505"}, "ad_spend"),
    ("money not a number", {"gmv": "lots"}, "gmv"),
    ("money as list", {"gmv": [1]}, "gmv"),
    ("orders above uv", {"orders": 2000}, "orders"),
    ("pv below uv", {"pv": 100}, "pv"),
    ("date not iso", {"date": "11/11/2026"}, "date"),
    ("impossible date", {"date": "2026-02-30"}, "date"),
    ("unknown field", {"visitors": 5}, "visitors"),
    ("buyers above orders", {"paying_buyers": 50}, "paying_buyers"),
    ("new+returning above buyers", {"paying_buyers": 10, "new_buyers": 6, "returning_buyers": 6}, "new_buyers"),
]


@pytest.mark.parametrize("name,change,field", BAD_RECORDS, ids=[b[0] for b in BAD_RECORDS])
def test_a_bad_record_gets_400_naming_index_and_field_and_nothing_is_written(token_api, own_store, name, change, field):
    records = [record(date="2026-11-01"), record(date="2026-11-02"), record(**{"date": "2026-11-03", **change})]
    response = push(token_api, records)
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert {"index": 2, "field": field} in [{"index": e["index"], "field": e["field"]} for e in errors]
    assert all(e["message"] for e in errors)
    assert not DailyMetric.objects.exists()


def test_every_bad_record_is_listed(token_api, own_store):
    records = [record(date="2026-11-01", uv=-1), record(date="2026-11-02"), record(date="2026-11-03", orders="x")]
    errors = push(token_api, records).json()["errors"]
    assert sorted({e["index"] for e in errors}) == [0, 2]


def test_a_date_more_than_one_day_in_the_future_gets_400(token_api, own_store):
    later = (today() + timedelta(days=2)).isoformat()
    response = push(token_api, [record(date=later)])
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "date"


def test_the_future_is_judged_in_the_store_time_zone(token_api, own_store):
    own_store.time_zone = "Pacific/Kiritimati"  # UTC+14: its "tomorrow" is further ahead than Shanghai's
    own_store.save()
    local_today = timezone.localtime(timezone.now(), __import__("zoneinfo").ZoneInfo("Pacific/Kiritimati")).date()
    assert push(token_api, [record(date=(local_today + timedelta(days=1)).isoformat())]).status_code == 200


def test_the_same_store_and_date_twice_in_one_request_gets_400(token_api, own_store):
    response = push(token_api, [record(), record(uv=2000)])
    assert response.status_code == 400
    assert response.json()["errors"] == [
        {"index": 1, "field": "date", "message": "the same store and date as record 0"}
    ]
    assert not DailyMetric.objects.exists()


@pytest.mark.parametrize(
    "body", ["{not json", '{"records": [', "[]", '"records"', '{"records": {}}', '{"rows": []}', "", "null"]
)
def test_malformed_json_or_shape_gets_400_in_the_error_format(token_api, own_store, body):
    response = raw(token_api, body)
    assert response.status_code == 400
    assert response.json()["errors"][0]["message"]


def test_an_empty_records_list_gets_400(token_api, own_store):
    assert push(token_api, []).status_code == 400


def test_a_record_that_is_not_an_object_gets_400(token_api, own_store):
    response = push(token_api, [record(), "oops"])
    assert response.status_code == 400
    assert response.json()["errors"][0]["index"] == 1


def test_invalid_utf8_gets_400(token_api, own_store):
    response = raw(token_api, b'{"records": [{"store": "\xff\xfe"}]}')
    assert response.status_code == 400
    assert response.json()["errors"][0]["message"]


def test_a_signed_in_user_sending_unparseable_json_gets_400_in_the_error_format(member, own_store):
    # The CSRF check of session authentication parses the body before the view runs; the answer keeps the
    # contract's shape all the same.
    browser = APIClient(enforce_csrf_checks=True, HTTP_ACCEPT_LANGUAGE="en")
    browser.force_login(member("ops_manager"))
    token = "k" * 32
    browser.cookies["csrftoken"] = token
    response = raw(browser, b"\x18<\xf0'", HTTP_X_CSRFTOKEN=token)
    assert response.status_code == 400
    assert response.json()["errors"][0]["message"]
    assert not DailyMetric.objects.exists()


def test_a_wrong_content_type_gets_415(token_api, own_store):
    response = raw(token_api, json.dumps({"records": [record()]}), content_type="text/plain")
    assert response.status_code == 415
    assert not DailyMetric.objects.exists()


# --- Errors: 403 for unknown and forbidden stores -------------------------------------------------


def test_an_unknown_store_gets_403_with_the_offending_indexes(token_api, own_store):
    response = push(token_api, [record(), record(store="no-such-store")])
    assert response.status_code == 403
    assert [(e["index"], e["field"]) for e in response.json()["errors"]] == [(1, "store")]
    assert not DailyMetric.objects.exists()


def test_a_store_the_client_may_not_write_to_looks_the_same_as_an_unknown_one(token_api, own_store, other_store):
    forbidden = push(token_api, [record(store=other_store.code)])
    unknown = push(token_api, [record(store="no-such-store")])
    assert forbidden.status_code == unknown.status_code == 403
    assert forbidden.json()["errors"][0]["message"] == unknown.json()["errors"][0]["message"]
    assert not DailyMetric.objects.exists()


def test_bad_values_and_forbidden_stores_together_get_400_listing_both(token_api, own_store):
    response = push(token_api, [record(uv=-5), record(store="nope", date="2026-11-02")])
    assert response.status_code == 400
    assert {(e["index"], e["field"]) for e in response.json()["errors"]} >= {(0, "uv"), (1, "store")}


# --- Errors: 413 ---------------------------------------------------------------------------------


def test_more_than_ten_thousand_records_gets_413(token_api, own_store):
    records = [{"store": "own-store", "date": "2026-11-11", "uv": 1, "orders": 0}] * 10_001
    response = push(token_api, records)
    assert response.status_code == 413
    assert not DailyMetric.objects.exists()


def test_a_body_over_the_size_limit_gets_413(token_api, own_store, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = raw(token_api, json.dumps({"records": [record(date=f"2026-10-{d:02d}") for d in range(1, 30)]}))
    assert response.status_code == 413
    assert response.json()["errors"][0]["message"]
    assert not DailyMetric.objects.exists()


# --- Idempotency-Key -----------------------------------------------------------------------------


def test_a_retry_with_the_same_key_and_body_replays_the_first_response_without_writing(token_api, own_store):
    first = push(token_api, [record()], HTTP_IDEMPOTENCY_KEY="push-2026-11-11")
    DailyMetric.objects.update(orders=7)  # proves the retry does not write again
    again = push(token_api, [record()], HTTP_IDEMPOTENCY_KEY="push-2026-11-11")
    assert again.status_code == first.status_code == 200
    assert again.json() == first.json() == {"created": 1, "updated": 0, "unchanged": 0}
    assert DailyMetric.objects.get().orders == 7


def test_the_same_key_with_a_different_body_gets_422(token_api, own_store):
    push(token_api, [record()], HTTP_IDEMPOTENCY_KEY="k1")
    response = push(token_api, [record(orders=42)], HTTP_IDEMPOTENCY_KEY="k1")
    assert response.status_code == 422
    assert DailyMetric.objects.get().orders == 41


def test_keys_are_per_client(token_api, own_store):
    _, other_key = api_client_with_key("second-pusher", own_store)
    other = APIClient()
    other.credentials(HTTP_AUTHORIZATION=f"Token {other_key}")
    push(token_api, [record()], HTTP_IDEMPOTENCY_KEY="same")
    assert push(other, [record(orders=3)], HTTP_IDEMPOTENCY_KEY="same").status_code == 200


def test_a_key_over_255_characters_gets_400(token_api, own_store):
    assert push(token_api, [record()], HTTP_IDEMPOTENCY_KEY="k" * 256).status_code == 400
    assert push(token_api, [record()], HTTP_IDEMPOTENCY_KEY="k" * 255).status_code == 200


def test_a_failed_request_does_not_burn_its_key(token_api, own_store):
    assert push(token_api, [record(uv=-1)], HTTP_IDEMPOTENCY_KEY="k2").status_code == 400
    assert push(token_api, [record()], HTTP_IDEMPOTENCY_KEY="k2").status_code == 200


# --- 429 -----------------------------------------------------------------------------------------


def test_too_many_requests_get_429_with_retry_after(token_api, own_store, monkeypatch):
    from django.core.cache import cache

    from stores.scoping import IngestRateThrottle

    monkeypatch.setattr(IngestRateThrottle, "THROTTLE_RATES", {"ingest": "2/minute"})
    cache.clear()
    statuses = [push(token_api, [record()]).status_code for _ in range(3)]
    response = push(token_api, [record()])
    cache.clear()
    assert statuses == [200, 200, 429]
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0


def test_a_push_while_every_push_slot_is_taken_gets_429_with_retry_after_and_writes_nothing(
    token_api, own_store, settings, tmp_path
):
    from core.slots import push_slot_acquire, push_slot_release

    settings.API_PUSH_CONCURRENCY, settings.API_PUSH_RETRY_AFTER, settings.API_PUSH_SLOT_DIR = 2, 3, str(tmp_path)
    held = [push_slot_acquire(), push_slot_acquire()]
    assert None not in held and push_slot_acquire() is None
    try:
        response = push(token_api, [record()])
    finally:
        for fd in held:
            push_slot_release(fd)
    assert response.status_code == 429
    assert response["Retry-After"] == "3"
    assert not DailyMetric.objects.exists()
    # Slots free again, and a push gives its own slot back when it is done.
    assert push(token_api, [record()]).status_code == 200
    assert push(token_api, [record(uv=1900)]).status_code == 200
    fds = [push_slot_acquire(), push_slot_acquire()]
    assert None not in fds
    for fd in fds:
        push_slot_release(fd)


# --- Read them back ------------------------------------------------------------------------------


def test_reading_back_is_paginated_newest_first_and_filtered(token_api, own_store):
    push(token_api, [record(date=f"2026-10-{d:02d}") for d in range(1, 11)])
    response = token_api.get(
        URL, {"store": "own-store", "date_from": "2026-10-03", "date_to": "2026-10-08", "page_size": 4}
    )
    body = response.json()
    assert response.status_code == 200
    assert body["count"] == 6
    assert [r["date"] for r in body["results"]] == ["2026-10-08", "2026-10-07", "2026-10-06", "2026-10-05"]
    assert body["next"]
    first = body["results"][0]
    assert first["conversion"] == "0.022404" and first["aov"] == "129.00"


def test_reading_back_shows_only_stores_the_caller_may_read(api, own_store, other_store):
    _, own_key = api_client_with_key("a", own_store)
    _, other_key = api_client_with_key("b", other_store)
    for key, code in ((own_key, own_store.code), (other_key, other_store.code)):
        api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
        push(api, [record(store=code)])
    api.credentials(HTTP_AUTHORIZATION=f"Token {own_key}")
    assert {r["store"] for r in api.get(URL).json()["results"]} == {own_store.code}
    assert api.get(URL, {"store": other_store.code}).json()["count"] == 0
    viewer = MembershipFactory(user=UserFactory(username="v"), store=other_store, role="viewer").user
    api.credentials()
    api.force_authenticate(viewer)
    assert {r["store"] for r in api.get(URL).json()["results"]} == {other_store.code}


def test_reading_back_requires_authentication(api, own_store):
    assert api.get(URL).status_code == 401


def test_a_push_marks_the_store_days_for_the_next_rollup(token_api, own_store):
    from stores.days import dirty_ranges

    push(token_api, [record(date="2026-11-01"), record(date="2026-11-05")])
    assert dirty_ranges() == [(own_store.pk, date(2026, 11, 1), date(2026, 11, 5))]


def test_re_sending_unchanged_records_marks_nothing_for_the_rollup(token_api, own_store):
    from stores.days import dirty_ranges
    from stores.models import DirtyRange

    push(token_api, [record(date="2026-11-01"), record(date="2026-11-02")])
    DirtyRange.objects.all().delete()
    push(token_api, [record(date="2026-11-01"), record(date="2026-11-02")])
    assert dirty_ranges() == []
    response = push(token_api, [record(date="2026-11-01"), record(date="2026-11-02", orders=40)])
    assert response.json() == {"created": 0, "updated": 1, "unchanged": 1}
    assert dirty_ranges() == [(own_store.pk, date(2026, 11, 2), date(2026, 11, 2))]
