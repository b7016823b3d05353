"""The daily sales push per SKU, held to the metrics contract (docs/API.md), against PostgreSQL."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from funnel.models import IdempotencyRecord
from inventory.models import StockMovement
from inventory.selectors import on_hand_by_product
from tests.factories import MembershipFactory, ProductFactory, StockMovementFactory, api_client_with_key

URL = "/api/v1/inventory/sales/daily/"
pytestmark = pytest.mark.django_db
DAY = "2026-10-20"


@pytest.fixture
def products(own_store, other_store):
    made = {code: ProductFactory(store=own_store, code=code) for code in ("SH-T001", "SH-T002")}
    for product in made.values():
        StockMovementFactory(product=product, quantity=50)
    ProductFactory(store=other_store, code="SH-T001")
    return made


def record(**overrides):
    base = {"store": "own-store", "sku": "SH-T001", "date": DAY, "quantity": 5}
    base.update(overrides)
    return {k: v for k, v in base.items() if v is not None}


def push(api, records, **headers):
    return api.post(URL, {"records": records}, format="json", **headers)


def stock(products, code="SH-T001") -> int:
    product = products[code]
    return on_hand_by_product([product.pk])[product.pk]


def test_no_key_gets_401(api, products):
    assert push(api, [record()]).status_code == 401


def test_a_logged_in_person_cannot_push(api, products, own_store):
    api.force_authenticate(MembershipFactory(store=own_store, role="ops_manager").user)
    assert push(api, [record()]).status_code == 403
    assert not StockMovement.objects.filter(kind="sale").exists()


def test_a_push_creates_sales_and_answers_counts(token_api, products):
    response = push(token_api, [record(), record(sku="SH-T002", quantity=2, returns=1)])
    assert response.status_code == 200
    assert response.json() == {"created": 2, "updated": 0, "unchanged": 0, "warnings": []}
    assert stock(products) == 45 and stock(products, "SH-T002") == 49


def test_resending_the_same_payload_changes_nothing(token_api, products):
    push(token_api, [record(returns=1)])
    response = push(token_api, [record(returns=1)])
    assert response.json() == {"created": 0, "updated": 1 - 1, "unchanged": 1, "warnings": []}
    assert stock(products) == 46


def test_pushing_a_day_again_replaces_its_total(token_api, products):
    push(token_api, [record(quantity=5)])
    response = push(token_api, [record(quantity=9)])
    assert response.json()["updated"] == 1
    assert stock(products) == 41


def test_overselling_is_written_and_warned(token_api, products):
    response = push(token_api, [record(quantity=53)])
    assert response.status_code == 200
    [warning] = response.json()["warnings"]
    assert warning["sku"] == "SH-T001" and warning["on_hand"] == -3 and warning["message"]


def test_a_date_one_day_ahead_is_accepted_two_days_is_not(token_api, products):
    today = timezone.localdate()
    assert push(token_api, [record(date=(today + timedelta(days=1)).isoformat())]).status_code == 200
    response = push(token_api, [record(date=(today + timedelta(days=2)).isoformat())])
    assert response.status_code == 400 and response.json()["errors"][0]["field"] == "date"


@pytest.mark.parametrize(
    "change,field",
    [
        ({"quantity": -1}, "quantity"),
        ({"quantity": 1.5}, "quantity"),
        ({"quantity": "3"}, "quantity"),
        ({"quantity": None}, "quantity"),
        ({"returns": -2}, "returns"),
        ({"date": "20.10.2026"}, "date"),
        ({"date": "2026-02-30"}, "date"),
        ({"sku": "NO-SUCH"}, "sku"),
        ({"sku": 12}, "sku"),
        ({"colour": "red"}, "colour"),
    ],
)
def test_a_bad_record_gets_400_naming_index_and_field_and_nothing_is_written(token_api, products, change, field):
    response = push(token_api, [record(sku="SH-T002"), record(**change)])
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert {"index": 1, "field": field} == {k: errors[0][k] for k in ("index", "field")}
    assert not StockMovement.objects.filter(kind="sale").exists()


def test_every_bad_record_is_listed(token_api, products):
    response = push(token_api, [record(quantity=-1), record(sku="SH-T002"), record(sku="NOPE", date="x")])
    assert response.status_code == 400
    assert [(e["index"], e["field"]) for e in response.json()["errors"]] == [(0, "quantity"), (2, "date"), (2, "sku")]


def test_the_same_store_sku_and_date_twice_gets_400(token_api, products):
    response = push(token_api, [record(), record(quantity=3)])
    assert response.status_code == 400
    assert response.json()["errors"][0]["index"] == 1


def test_an_unknown_store_gets_403_with_the_offending_indexes(token_api, products):
    response = push(token_api, [record(), record(store="nope")])
    assert response.status_code == 403
    assert [e["index"] for e in response.json()["errors"]] == [1]


def test_a_store_the_client_may_not_write_to_looks_the_same_as_an_unknown_one(token_api, products):
    forbidden = push(token_api, [record(store="other-store")])
    unknown = push(token_api, [record(store="nope")])
    assert forbidden.status_code == unknown.status_code == 403
    assert forbidden.json()["errors"][0]["message"] == unknown.json()["errors"][0]["message"]


def test_bad_values_and_forbidden_stores_together_get_400_listing_both(token_api, products):
    response = push(token_api, [record(quantity=-1), record(store="other-store")])
    assert response.status_code == 400
    assert len(response.json()["errors"]) == 2


@pytest.mark.parametrize("body", [b"{", b"[]", b'{"records": {}}', b'{"records": [], "x": 1}'])
def test_malformed_json_or_shape_gets_400(token_api, products, body):
    response = token_api.generic("POST", URL, body, content_type="application/json")
    assert response.status_code == 400 and response.json()["errors"]


def test_an_empty_records_list_gets_400(token_api, products):
    assert push(token_api, []).status_code == 400


def test_a_wrong_content_type_gets_415(token_api, products):
    response = token_api.generic("POST", URL, json.dumps({"records": [record()]}), content_type="text/plain")
    assert response.status_code == 415


def test_more_than_ten_thousand_records_gets_413(token_api, products):
    assert push(token_api, [record()] * 10_001).status_code == 413
    assert not StockMovement.objects.filter(kind="sale").exists()


def test_a_body_over_the_size_limit_gets_413(token_api, products, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 500
    response = push(token_api, [record(date=f"2026-10-{d:02d}") for d in range(1, 29)])
    assert response.status_code == 413


def test_ten_thousand_records_are_accepted_in_one_request(token_api, own_store):
    ProductFactory.create_batch(100, store=own_store)
    codes = list(own_store.products.values_list("code", flat=True))
    start = timezone.localdate() - timedelta(days=120)
    records = [
        {"store": "own-store", "sku": code, "date": (start + timedelta(days=d)).isoformat(), "quantity": d % 5}
        for code in codes
        for d in range(100)
    ]
    response = push(token_api, records)
    assert response.status_code == 200 and response.json()["created"] == 10_000
    assert StockMovement.objects.filter(kind="sale").count() == 10_000


def test_a_retry_with_the_same_key_replays_the_first_response_without_writing(token_api, products):
    first = push(token_api, [record()], HTTP_IDEMPOTENCY_KEY="sales-1")
    StockMovement.objects.filter(kind="sale").update(quantity=-1)
    again = push(token_api, [record()], HTTP_IDEMPOTENCY_KEY="sales-1")
    assert again.status_code == first.status_code == 200 and again.json() == first.json()
    assert stock(products) == 49


def test_the_same_key_with_a_different_body_gets_422(token_api, products):
    push(token_api, [record()], HTTP_IDEMPOTENCY_KEY="k1")
    assert push(token_api, [record(quantity=6)], HTTP_IDEMPOTENCY_KEY="k1").status_code == 422
    assert stock(products) == 45


def test_a_metrics_key_reused_for_sales_is_a_different_body(token_api, products):
    metrics = {"records": [{"store": "own-store", "date": DAY, "uv": 10, "orders": 1}]}
    assert token_api.post("/api/v1/metrics/daily/", metrics, format="json", HTTP_IDEMPOTENCY_KEY="k").status_code == 200
    assert push(token_api, [record()], HTTP_IDEMPOTENCY_KEY="k").status_code == 422
    assert IdempotencyRecord.objects.count() == 1


def test_a_failed_request_does_not_burn_its_key(token_api, products):
    assert push(token_api, [record(quantity=-1)], HTTP_IDEMPOTENCY_KEY="k2").status_code == 400
    assert push(token_api, [record()], HTTP_IDEMPOTENCY_KEY="k2").status_code == 200


def test_a_key_over_255_characters_gets_400(token_api, products):
    assert push(token_api, [record()], HTTP_IDEMPOTENCY_KEY="k" * 256).status_code == 400


def test_too_many_requests_get_429_with_retry_after(token_api, products, monkeypatch):
    from django.core.cache import cache

    from stores.scoping import IngestRateThrottle

    monkeypatch.setattr(IngestRateThrottle, "THROTTLE_RATES", {"ingest": "2/minute"})
    cache.clear()
    statuses = [push(token_api, [record()]).status_code for _ in range(3)]
    cache.clear()
    assert statuses == [200, 200, 429]


def test_reading_back_shows_only_stores_the_caller_may_read(token_api, products, other_store):
    push(token_api, [record(returns=2)])
    _, other_key = api_client_with_key("other-pusher", other_store)
    other = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    other.credentials(HTTP_AUTHORIZATION=f"Token {other_key}")
    push(other, [record(store="other-store", quantity=1)])
    body = token_api.get(URL, {"store": "own-store"}).json()
    assert sorted((r["kind"], r["units"]) for r in body["results"]) == [("return", 2), ("sale", 5)]
    assert {r["store"] for r in token_api.get(URL).json()["results"]} == {"own-store"}


def test_the_endpoint_and_its_errors_are_in_the_schema(api):
    schema = api.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    post = schema["paths"][URL]["post"]
    assert {"200", "400", "403", "413", "415", "422", "429"} <= set(post["responses"])
