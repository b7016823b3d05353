"""Concurrent pushes of the same rows through a live server: nothing lost, nothing duplicated."""

from __future__ import annotations

import json
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta

import pytest

from funnel.models import DailyMetric
from tests.factories import StoreFactory, api_client_with_key

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture(autouse=True)
def _every_push_at_once(settings):
    """No push cap (API_PUSH_CONCURRENCY): these tests are about concurrent writes in the database, so every push
    must run at once; the cap's 429 is tested in tests/funnel/test_api_metrics_contract.py."""
    settings.API_PUSH_CONCURRENCY = 0


def post(url: str, key: str, records: list[dict]) -> dict:
    body = json.dumps({"records": records}).encode()
    request = urllib.request.Request(
        url,
        data=body,
        method="POST",
        headers={"Authorization": f"Token {key}", "Content-Type": "application/json", "Accept-Language": "en"},
    )
    with urllib.request.urlopen(request, timeout=60) as response:
        return json.loads(response.read())


def test_overlapping_concurrent_pushes_neither_lose_nor_duplicate_rows(live_server):
    stores = [StoreFactory(code=f"c-{i}") for i in range(2)]
    _, key_a = api_client_with_key("client-a", *stores)
    _, key_b = api_client_with_key("client-b", *stores)
    start = date(2024, 1, 1)

    def batch(offset: int, size: int = 300) -> list[dict]:
        return [
            {"store": store.code, "date": (start + timedelta(days=offset + d)).isoformat(), "uv": 100, "orders": 5}
            for store in stores
            for d in range(size)
        ]

    url = f"{live_server.url}/api/v1/metrics/daily/"
    # Eight pushes at once: each client sends four batches overlapping each other by half.
    jobs = [(key, batch(offset)) for key in (key_a, key_b) for offset in (0, 150, 0, 150)]
    with ThreadPoolExecutor(max_workers=8) as pool:
        answers = list(pool.map(lambda job: post(url, *job), jobs))
    per_client = {}
    for (key, _records), answer in zip(jobs, answers, strict=True):
        counts = per_client.setdefault(key, {"created": 0, "updated": 0, "unchanged": 0})
        for name in counts:
            counts[name] += answer[name]
    distinct_days = 450
    for counts in per_client.values():
        assert counts["created"] == distinct_days * len(stores)
        assert counts["updated"] == 0
        assert counts["created"] + counts["unchanged"] == 4 * 300 * len(stores)
    assert DailyMetric.objects.count() == 2 * distinct_days * len(stores)
