"""The stage recommendation with its reasons on every surface (portfolio, store dashboard, stage-status API,
portfolio API, schema), in Chinese and English, and never "advance" beside an open behind-plan alert."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import translation
from django.utils.html import escape

from alerts.choices import AlertKind, AlertState
from alerts.models import Alert
from alerts.services import alerts_evaluate
from funnel.domain.advice import ReasonCode
from rollups.selectors import stage_status
from stores.days import store_yesterday

from .conftest import store_with_history

pytestmark = pytest.mark.django_db
LANGUAGES = ["zh-hans", "en"]
VERDICTS = {"zh-hans": {"behind": "落后于计划", "advance": "进入下一阶段"}, "en": {"behind": "Behind plan"}}


@pytest.fixture
def stores(manager):
    """A store far behind its plan, one well ahead of it, and one whose history is 5 days short."""
    return [
        store_with_history("weak-shop", manager=manager, orders=1),
        store_with_history("strong-shop", manager=manager, orders=40),
        store_with_history("new-shop", manager=manager, days=5, orders=40),
    ]


def texts(store, language: str) -> list[str]:
    with translation.override(language):
        return stage_status(store).reason_texts


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_portfolio_shows_each_recommendation_with_its_reasons(client, manager, stores, language):
    client.force_login(manager)
    page = client.get("/dashboards/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    for store in stores:
        row = page[page.index(f'data-testid="portfolio-row-{store.code}"') :]
        row = row[: row.index("</tr>")]
        reasons = texts(store, language)
        assert reasons
        for text in reasons:
            assert escape(text) in row, text
    weak = page[page.index('data-testid="portfolio-row-weak-shop"') :]
    assert VERDICTS[language]["behind"] in weak[: weak.index("</tr>")]


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_store_dashboard_shows_the_recommendation_with_its_reasons(client, manager, stores, language):
    client.force_login(manager)
    for store in stores:
        page = client.get(f"/dashboards/{store.code}/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
        assert 'data-testid="recommendation-reasons"' in page
        for text in texts(store, language):
            assert escape(text) in page, text


def test_a_new_store_says_how_many_of_the_14_days_it_has(client, manager, stores):
    client.force_login(manager)
    page = client.get("/dashboards/new-shop/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "数据尚不足" in page
    assert "目前只有 5 天实际数据，至少需要 14 天" in page
    page = client.get("/dashboards/new-shop/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Not enough data yet" in page and "Only 5 of the 14 days of actuals needed" in page


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_stage_status_endpoint_gives_the_reasons_as_data_and_text(api, manager, stores, language):
    api.force_authenticate(manager)
    weak = stores[0]
    body = api.get("/api/v1/stores/weak-shop/stage-status/", HTTP_ACCEPT_LANGUAGE=language).json()
    assert body["recommendation"] == "behind"
    assert body["recommendation_label"] == VERDICTS[language]["behind"]
    assert body["as_of"] == (store_yesterday(weak) + timedelta(days=1)).isoformat()
    assert body["min_days"] == 14 and body["days_in_stage"] >= 14
    first = body["reasons"][0]
    assert first["code"] == ReasonCode.BEHIND_AVERAGE
    assert set(first["params"]) == {"days", "avg_orders", "avg_target", "attainment", "threshold"}
    assert first["params"]["attainment"] < 0.8
    assert [r["text"] for r in body["reasons"]] == texts(weak, language)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_portfolio_endpoint_gives_each_stores_reasons(api, manager, stores, language):
    api.force_authenticate(manager)
    rows = {r["code"]: r for r in api.get("/api/v1/portfolio/", HTTP_ACCEPT_LANGUAGE=language).json()["results"]}
    for store in stores:
        status = stage_status(store)
        row = rows[store.code]
        assert row["recommendation"] == status.recommendation
        assert [r["code"] for r in row["reasons"]] == [str(r.code) for r in status.reasons]
        assert [r["params"] for r in row["reasons"]] == [dict(r.params) for r in status.reasons]
        assert [r["text"] for r in row["reasons"]] == texts(store, language)


def test_wherever_the_schema_has_a_recommendation_it_documents_its_reasons(client):
    schema = client.get("/api/schema/?format=json").json()["components"]["schemas"]
    with_recommendation = [name for name, s in schema.items() if "recommendation" in s.get("properties", {})]
    assert {"StageStatus", "PortfolioRow"} <= set(with_recommendation)
    for name in with_recommendation:
        reasons = schema[name]["properties"]["reasons"]
        assert reasons["type"] == "array" and reasons["items"] == {"$ref": "#/components/schemas/AdviceReason"}, name
    reason = schema["AdviceReason"]["properties"]
    enum = reason["code"]["allOf"][0]["$ref"].rsplit("/", 1)[-1]
    assert set(schema[enum]["enum"]) == {c.value for c in ReasonCode}
    assert "days_in_stage" in reason["params"]["description"]


def test_no_store_with_an_open_behind_plan_alert_is_told_to_advance(manager, stores):
    for store in stores:
        alerts_evaluate(store, store_yesterday(store))
        behind = Alert.objects.filter(store=store, kind=AlertKind.BEHIND_PLAN, state=AlertState.OPEN).exists()
        status = stage_status(store)
        assert (status.recommendation == "behind") == behind, store.code
        assert not (behind and status.recommendation == "advance")
    assert [stage_status(s).recommendation for s in stores] == ["behind", "advance", "not_enough_data"]
