import pytest


@pytest.mark.django_db
def test_healthz_reports_database_and_in_process_tasks(client, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "broker": "in-process"}


@pytest.mark.django_db
def test_healthz_reports_a_reachable_broker(client, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    assert client.get("/healthz").json()["broker"] == "ok"


@pytest.mark.django_db
def test_healthz_says_degraded_when_the_broker_is_down(client, settings):
    from opsplan.celery import app

    settings.CELERY_TASK_ALWAYS_EAGER = False
    original = app.conf.broker_url
    app.conf.broker_url = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    try:
        body = client.get("/healthz").json()
    finally:
        app.conf.broker_url = original
    assert body == {"status": "degraded", "database": "ok", "broker": "down"}


@pytest.mark.django_db
def test_healthz_says_when_to_retry_when_the_database_is_down(client, monkeypatch):
    monkeypatch.setattr("opsplan.views.database_status", lambda: "down")
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response["Retry-After"] == "5"


def test_every_503_says_when_to_retry(rf):
    from django.http import HttpResponse

    from core.unavailable import RetryAfterMiddleware

    answered = RetryAfterMiddleware(lambda request: HttpResponse(status=503))(rf.get("/"))
    kept = RetryAfterMiddleware(lambda request: HttpResponse(status=503, headers={"Retry-After": "60"}))(rf.get("/"))
    assert (answered["Retry-After"], kept["Retry-After"]) == ("5", "60")
