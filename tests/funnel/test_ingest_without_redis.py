"""With Redis down, pushes still land; the rollup waits for the night (its ranges stay dirty)."""

import pytest

from opsplan.celery import app
from stores.days import dirty_ranges

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
NOWHERE = "redis://127.0.0.1:1/0"  # nothing listens on port 1


def test_a_push_succeeds_and_stays_dirty_while_redis_is_down(token_api, own_store, settings):
    settings.ROLLUP_ON_WRITE = True
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": NOWHERE}}
    broker, eager = app.conf.broker_url, app.conf.task_always_eager
    app.conf.broker_url, app.conf.task_always_eager = NOWHERE, False
    app.conf.broker_connection_retry_on_startup, app.conf.broker_connection_max_retries = False, 0
    try:
        response = token_api.post(
            "/api/v1/metrics/daily/",
            {"records": [{"store": "own-store", "date": "2026-11-01", "uv": 10, "orders": 1}]},
            format="json",
        )
    finally:
        app.conf.broker_url, app.conf.task_always_eager = broker, eager
    assert response.status_code == 200, response.content
    assert response.json()["created"] == 1
    assert [(first.isoformat(), last.isoformat()) for _s, first, last in dirty_ranges()] == [
        ("2026-11-01", "2026-11-01")
    ]
