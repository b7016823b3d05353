"""Redis down (broker, cache and result backend unreachable): pages render, the API answers, "recompute now" is
queued for the next rollup instead of failing, and /healthz says degraded, naming the broker.

A push with Redis down is tested in tests/funnel/test_ingest_without_redis.py, /healthz alone in
tests/opsplan/test_healthz.py; this covers the rest of what a person or a client meets while Redis is away.
"""

from __future__ import annotations

import time
import uuid
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from core.dates import local_date
from funnel.models import DailyMetric, Plan
from imports.choices import ImportStatus
from imports.models import ImportJob
from opsplan.celery import app
from orders.domain import COLUMNS
from orders.models import ServiceLog
from stores.models import DirtyRange
from tests.dashboards.conftest import store_with_history
from tests.factories import MembershipFactory, UserFactory

pytestmark = [pytest.mark.faults, pytest.mark.django_db]
NOWHERE = "redis://127.0.0.1:1/0"  # nothing listens on port 1


@pytest.fixture
def redis_down(settings):
    """The cache, the broker and the result backend all point at a dead port; tasks are not run in-process."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": NOWHERE}}
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.ROLLUP_ON_WRITE = True
    saved = {
        k: getattr(app.conf, k)
        for k in (
            "broker_url",
            "task_always_eager",
            "broker_connection_retry_on_startup",
            "broker_connection_max_retries",
            "result_backend",
        )
    }
    app.conf.broker_url, app.conf.task_always_eager = NOWHERE, False
    app.conf.broker_connection_retry_on_startup, app.conf.broker_connection_max_retries = False, 0
    app.conf.result_backend = NOWHERE
    _forget_connections()
    try:
        yield
    finally:
        for k, v in saved.items():
            setattr(app.conf, k, v)
        _forget_connections()


def _forget_connections() -> None:
    """Drop the broker connections and result backend Celery caches, so the next tests connect afresh."""
    app._local.__dict__.pop("backend", None)  # the result backend is cached per thread
    # As Celery does after a fork: forget the pools without closing them, since a producer taken from the
    # old pool elsewhere must still be able to give its connection back.
    app._pool = None
    app.amqp._producer_pool = None


@pytest.fixture
def manager(db):
    user = UserFactory(username="redis-down-manager")
    store_with_history("tmall-shop", manager=user)
    return user


@pytest.fixture
def browser(manager):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(manager)
    return client


def test_pages_render_while_redis_is_down(browser, redis_down):
    plan = Plan.objects.get(store__code="tmall-shop", status="active")
    for path in (
        "/stores/",
        "/dashboards/",
        "/dashboards/tmall-shop/",
        "/dashboards/tmall-shop/days/",
        "/plans/",
        f"/stores/tmall-shop/plans/{plan.pk}/",
    ):
        response = browser.get(path)
        assert response.status_code == 200, (path, response.status_code)


def test_api_reads_are_served_unthrottled_while_the_cache_is_down(browser, redis_down):
    response = browser.get("/api/v1/metrics/daily/?store=tmall-shop")
    assert response.status_code == 200
    assert response.json()["count"] == DailyMetric.objects.filter(store__code="tmall-shop").count() > 0


def test_recompute_now_is_queued_for_the_next_rollup(browser, redis_down):
    DirtyRange.objects.all().delete()
    response = browser.post("/dashboards/tmall-shop/recompute/", follow=True)
    assert response.status_code == 200
    page = response.content.decode()
    assert "task queue is unreachable" in page and "queued" in page
    assert DirtyRange.objects.filter(store__code="tmall-shop").exists()


def test_recompute_now_from_htmx_answers_a_queued_fragment(browser, redis_down):
    response = browser.post("/dashboards/tmall-shop/recompute/", HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert 'data-state="QUEUED"' in response.content.decode()


def test_the_progress_of_a_recompute_cannot_be_read_but_the_dashboard_still_renders(browser, redis_down):
    task = str(uuid.uuid4())
    session = browser.session
    session["dashboards:recompute-tasks"] = {"tmall-shop": [task]}
    session.save()
    page = browser.get(f"/dashboards/tmall-shop/?task={task}")
    assert page.status_code == 200
    assert 'data-state="UNKNOWN"' in page.content.decode()
    fragment = browser.get(f"/dashboards/tmall-shop/recompute/{task}/")
    assert fragment.status_code == 200 and 'data-state="UNKNOWN"' in fragment.content.decode()


def test_healthz_says_degraded_naming_the_broker(client, redis_down):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "degraded", "database": "ok", "broker": "down"}


def test_recompute_now_gives_up_on_redis_quickly(browser, redis_down):
    started = time.monotonic()
    browser.post("/dashboards/tmall-shop/recompute/", HTTP_HX_REQUEST="true")
    assert time.monotonic() - started < 10


def test_a_service_log_upload_is_imported_in_process_when_it_cannot_be_queued(
    redis_down, own_store, django_capture_on_commit_callbacks
):
    clerk = MembershipFactory(user=UserFactory(username="clerk"), store=own_store, role="customer_service").user
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(clerk)
    day = local_date(own_store.time_zone, timezone.now()) - timedelta(days=1)
    figures = ["10", "965.00", "1", "0", "8", "2", "0", "4.80", "4.90", "4.70", "99.20"]
    content = ",".join(COLUMNS) + "\n" + day.isoformat() + "," + ",".join(figures) + "\n"
    upload = SimpleUploadedFile("days.csv", content.encode(), content_type="text/csv")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/orders/{own_store.code}/upload/", {"file": upload})
    assert response.status_code == 302
    assert ImportJob.objects.get().status == ImportStatus.DONE
    assert ServiceLog.objects.filter(store=own_store, date=day).exists()
