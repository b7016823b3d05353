"""The rollup and portfolio endpoints: the caller's stores only, the shared filtersets, in the schema."""

from __future__ import annotations

from datetime import timedelta

import pytest

from rollups.models import DayRollup, PeriodRollup
from tests.factories import api_client_with_key

from .conftest import yesterday_of

pytestmark = pytest.mark.django_db


def codes(response) -> set[str]:
    assert response.status_code == 200, response.content
    return {row["store"] if "store" in row else row["code"] for row in response.json()["results"]}


def test_day_rollups_are_the_callers_stores_only(api, manager, shop, rival):
    api.force_authenticate(manager)
    assert codes(api.get("/api/v1/day-rollups/?page_size=1000")) == {"tmall-shop"}
    assert codes(api.get("/api/v1/day-rollups/?store=rival-shop")) == set()
    other = DayRollup.objects.filter(store=rival).first()
    assert api.get(f"/api/v1/day-rollups/{other.pk}/").status_code == 404


def test_day_rollups_filter_by_store_and_dates(api, manager, shop):
    api.force_authenticate(manager)
    yesterday = yesterday_of(shop)
    first = yesterday - timedelta(days=6)
    body = api.get(f"/api/v1/day-rollups/?store=tmall-shop&date_from={first}&date_to={yesterday}").json()
    assert body["count"] == 7
    row = body["results"][-1]
    assert row["date"] == yesterday.isoformat() and row["store"] == "tmall-shop"
    day = DayRollup.objects.get(store=shop, date=yesterday)
    assert row["orders"] == day.orders and row["gmv"] == str(day.gmv) and row["uv_effect"] == str(day.uv_effect)
    assert api.get("/api/v1/day-rollups/?date_from=not-a-date").status_code == 400


def test_period_rollups_filter_by_grain_and_overlap(api, manager, shop):
    api.force_authenticate(manager)
    yesterday = yesterday_of(shop)
    months = api.get(f"/api/v1/period-rollups/?store=tmall-shop&grain=month&date_from={yesterday}&date_to={yesterday}")
    [month] = months.json()["results"]
    assert month["period_start"] == yesterday.replace(day=1).isoformat()
    stored = PeriodRollup.objects.get(store=shop, grain="month", period_start=yesterday.replace(day=1))
    assert month["pace_gmv"] == str(stored.pace_gmv) and month["projected_gmv"] == str(stored.projected_gmv)
    grains = {r["grain"] for r in api.get("/api/v1/period-rollups/?page_size=1000").json()["results"]}
    assert grains == {"week", "month", "stage", "plan"}
    assert api.get("/api/v1/period-rollups/?grain=year").status_code == 400


def test_the_portfolio_endpoint_gives_the_pages_rows_for_the_callers_stores(api, manager, shop, rival):
    api.force_authenticate(manager)
    body = api.get("/api/v1/portfolio/").json()
    [row] = body["results"]
    assert row["code"] == "tmall-shop" and row["platform"] == "tmall"
    assert row["yesterday"] == yesterday_of(shop).isoformat()
    assert row["recommendation"] in {"advance", "hold", "behind", "not_enough_data", "no_plan"} and row["reasons"]
    assert set(row) >= {"orders_7d", "target_orders_7d", "gmv_mtd", "pace_gmv", "open_alerts", "last_rollup_at"}
    assert api.get("/api/v1/portfolio/?platform=jd").json()["results"] == []


def test_an_api_client_reads_the_stores_it_is_bound_to(rival, shop):
    _client, key = api_client_with_key("bi-tool", rival)
    from rest_framework.test import APIClient

    api = APIClient(HTTP_AUTHORIZATION=f"Token {key}")
    assert codes(api.get("/api/v1/portfolio/")) == {"rival-shop"}
    assert codes(api.get("/api/v1/day-rollups/?page_size=5")) == {"rival-shop"}


def test_the_endpoints_are_read_only_and_closed_to_visitors(api, manager, shop):
    assert api.get("/api/v1/day-rollups/").status_code in (401, 403)
    assert api.get("/api/v1/portfolio/").status_code in (401, 403)
    api.force_authenticate(manager)
    # No write is declared: StoreAccess refuses before DRF would answer 405.
    assert api.post("/api/v1/day-rollups/", {}).status_code in (403, 405)
    assert api.delete(f"/api/v1/day-rollups/{DayRollup.objects.first().pk}/").status_code in (403, 405)


def test_the_endpoints_are_in_the_schema(api, manager):
    api.force_authenticate(manager)
    schema = api.get("/api/schema/?format=json").json()
    for path in ("/api/v1/day-rollups/", "/api/v1/period-rollups/", "/api/v1/portfolio/"):
        assert path in schema["paths"], path
    params = {p["name"] for p in schema["paths"]["/api/v1/period-rollups/"]["get"]["parameters"]}
    assert {"store", "grain", "date_from", "date_to", "page", "page_size"} <= params
