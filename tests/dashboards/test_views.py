"""Dashboard pages: who sees what, the drill-down, recompute now, and query counts that do not grow."""

from __future__ import annotations

import re
import uuid
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import MembershipFactory, UserFactory

from .conftest import stock_and_promotions, store_with_history, yesterday_of

pytestmark = pytest.mark.django_db

# Pinned: session, user, the stores, then a fixed number of bulk reads whatever the number of stores.
PORTFOLIO_QUERIES = 11
# The store dashboard: 10 for the plan-versus-actual parts (session, user, the store and the user's role in it, the
# plan and its stages, the charts' periods, the variance split, the last rollup, the open alerts),
# 16 for the products' planning figures, the promotions with their stock tables, and the best-sellers' sales; the
# staffing panel reads at most 11 (roles, policy, norms, plans and their stages, day targets, promotions and their
# phases, assignments, time off, planned headcount) whatever the number of people or days.
STAFFING_PANEL_QUERIES = 11
# 2: the week and month grains read the weeks or months of the period table, and the stage status reads its days
# (the day grain has both in the charts' day rows; the plan and the month pace come from the charts' reads).
STORE_QUERIES = 10 + 16 + STAFFING_PANEL_QUERIES + 2
# The store dashboard's JSON: session, user, store, role, the plan and its stages, the dates of the promotions the
# charts shade, the charts' periods, the variance split.
STORE_DATA_QUERIES = 9


def yesterday_of_code(code: str):
    from stores.models import Store

    return yesterday_of(Store.objects.get(code=code))


def queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured.captured_queries)


@pytest.fixture
def designer(shop):
    return MembershipFactory(user=UserFactory(username="mei"), store=shop, role="designer").user


def test_the_portfolio_lists_the_users_stores_with_totals_and_platform_subtotals(client, manager, shop, rival):
    store_with_history("jd-shop", platform="jd", manager=manager)
    client.force_login(manager)
    page = client.get("/dashboards/").content.decode()
    assert "tmall-shop" in page and "jd-shop" in page and "rival-shop" not in page
    assert 'data-testid="portfolio-totals"' in page and "Total, 2 stores" in page
    assert 'data-testid="platform-subtotals"' in page and ">Tmall<" in page and ">JD<" in page
    yesterday = yesterday_of(shop)
    assert f"/dashboards/tmall-shop/days/?from={yesterday}&amp;to={yesterday}" in page


def test_portfolio_queries_do_not_grow_with_the_number_of_stores(client, manager, django_assert_max_num_queries):
    for i in range(3):
        store_with_history(f"shop-{i}", manager=manager, days=7)
    client.force_login(manager)
    few = queries(client, "/dashboards/")
    for i in range(3, 10):
        store_with_history(f"shop-{i}", manager=manager, days=7, platform="jd" if i % 2 else "douyin")
    many = queries(client, "/dashboards/")
    assert many == few
    with django_assert_max_num_queries(PORTFOLIO_QUERIES):
        assert client.get("/dashboards/").content.decode().count('data-testid="portfolio-row-') == 10


def test_store_dashboard_queries_do_not_grow_with_the_data(client, manager, django_assert_max_num_queries):
    stock_and_promotions(store_with_history("short-shop", manager=manager, days=5), products=1)
    stock_and_promotions(store_with_history("long-shop", manager=manager, days=80), products=12)
    client.force_login(manager)
    for grain in ("day", "week", "month"):
        short = queries(client, f"/dashboards/short-shop/?grain={grain}")
        long = queries(client, f"/dashboards/long-shop/?grain={grain}")
        assert short == long, grain
        with django_assert_max_num_queries(STORE_QUERIES):
            client.get(f"/dashboards/long-shop/?grain={grain}")
    short, long = (yesterday_of_code(code) for code in ("short-shop", "long-shop"))
    assert queries(client, f"/dashboards/short-shop/days/?from={short - timedelta(days=5)}&to={short}") == queries(
        client, f"/dashboards/long-shop/days/?from={long - timedelta(days=80)}&to={long}"
    )


def test_another_stores_pages_are_not_found(client, manager, shop, rival):
    client.force_login(manager)
    assert client.get("/dashboards/rival-shop/").status_code == 404
    assert client.get("/dashboards/rival-shop/days/").status_code == 404
    assert client.post("/dashboards/rival-shop/recompute/").status_code == 404


def test_a_designer_sees_the_dashboard_but_may_not_recompute(client, shop, designer):
    client.force_login(designer)
    page = client.get("/dashboards/tmall-shop/")
    assert page.status_code == 200 and 'data-testid="recompute"' not in page.content.decode()
    assert client.get("/dashboards/tmall-shop/days/").status_code == 200
    assert client.post("/dashboards/tmall-shop/recompute/").status_code == 403
    assert client.get(f"/dashboards/tmall-shop/recompute/{uuid.uuid4()}/").status_code == 403


def test_visitors_are_sent_to_log_in(client, shop):
    for url in ("/dashboards/", "/dashboards/tmall-shop/", "/dashboards/tmall-shop/days/"):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_store_dashboard_has_charts_with_tables_variance_timeline_and_alerts(client, manager, shop):
    client.force_login(manager)
    page = client.get("/dashboards/tmall-shop/").content.decode()
    for testid in (
        "chart-uv",
        "chart-orders",
        "chart-gmv",
        "chart-conversion",
        "chart-aov",
        "timeline",
        "variance-table",
        "waterfall-month",
        "waterfall-plan",
        "period-table",
        "last-rollup",
        "recompute",
    ):
        assert f'data-testid="{testid}"' in page, testid
    assert page.count("<details><summary>Table</summary>") == 5
    assert 'id="dashboard-data"' in page and 'id="variance-data"' in page
    assert "No products yet." in page and "No promotion in the next 60 days." in page
    week = client.get("/dashboards/tmall-shop/?grain=week").content.decode()
    assert 'aria-current="page">Week<' in week and "Projected GMV" in week
    assert client.get("/dashboards/tmall-shop/?grain=year").status_code == 200  # falls back to days


def test_the_drill_down_lists_each_sources_record_and_which_counted(client, manager, shop):
    client.force_login(manager)
    yesterday = yesterday_of(shop)
    first = yesterday - timedelta(days=1)
    page = client.get(f"/dashboards/tmall-shop/days/?from={first}&to={yesterday}").content.decode()
    for day in (first, yesterday):
        assert f'data-testid="day-{day}"' in page
        assert f'data-testid="record-{day}-service_log"' in page
        assert re.search(rf'data-testid="record-{day}-client:\d+"', page)
    assert page.count(">counted</span>") == 2 and page.count(">not counted</span>") == 2
    assert "API client tmall-shop-erp" in page and "Customer-service log" in page
    assert "Total of 2 days" in page


def test_the_drill_down_refuses_a_bad_range(client, manager, shop):
    client.force_login(manager)
    assert client.get("/dashboards/tmall-shop/days/?from=2026-13-01&to=x").status_code == 400
    assert client.get("/dashboards/tmall-shop/days/?from=2026-03-02&to=2026-03-01").status_code == 400
    assert client.get("/dashboards/tmall-shop/days/?from=2024-01-01&to=2026-01-01").status_code == 400


def test_an_ops_manager_recomputes_and_htmx_polls_the_progress(client, manager, shop):
    client.force_login(manager)
    response = client.post("/dashboards/tmall-shop/recompute/", HTTP_HX_REQUEST="true")
    fragment = response.content.decode()
    assert response.status_code == 200 and 'data-state="SUCCESS"' in fragment  # eager: done at once
    assert "Reload to see the new figures." in fragment
    assert 'hx-trigger="every 1s"' not in fragment  # a finished task is not polled any more
    [task] = client.session["dashboards:recompute-tasks"]["tmall-shop"]
    polled = client.get(f"/dashboards/tmall-shop/recompute/{task}/")
    assert polled.status_code == 200 and 'data-state="SUCCESS"' in polled.content.decode()
    assert client.get(f"/dashboards/tmall-shop/recompute/{uuid.uuid4()}/").status_code == 404  # not this session's


def test_recompute_without_htmx_redirects_to_the_dashboard_showing_the_progress(client, manager, shop):
    client.force_login(manager)
    response = client.post("/dashboards/tmall-shop/recompute/")
    assert response.status_code == 302 and "?task=" in response["Location"]
    page = client.get(response["Location"]).content.decode()
    assert 'data-testid="recompute-progress"' in page and 'data-state="SUCCESS"' in page
    assert client.get("/dashboards/tmall-shop/recompute/").status_code == 405


def test_a_running_recompute_is_polled_with_a_progress_bar(client, manager, shop, monkeypatch):
    from dashboards import views

    client.force_login(manager)
    task = str(uuid.uuid4())
    session = client.session
    session["dashboards:recompute-tasks"] = {"tmall-shop": [task]}
    session.save()
    monkeypatch.setattr(
        views,
        "task_progress",
        lambda task_id: {
            "task_id": task_id,
            "state": "PROGRESS",
            "step": 1,
            "steps": 2,
            "percent": 50,
            "waiting": False,
            "running": True,
            "rows": None,
        },
    )
    fragment = client.get(f"/dashboards/tmall-shop/recompute/{task}/").content.decode()
    assert 'hx-trigger="every 1s"' in fragment and f"/recompute/{task}/" in fragment
    assert 'aria-valuenow="50"' in fragment and "1 of 2 steps done" in fragment


def test_open_alerts_show_on_the_store_dashboard_and_count_in_the_portfolio(client, manager, shop):
    from django.utils import timezone

    from alerts.models import Alert

    now = timezone.now()
    alert = Alert.objects.create(
        store=shop, kind="late_shipping", key="x", title="Orders shipped late", first_seen=now, last_seen=now
    )
    client.force_login(manager)
    page = client.get("/dashboards/tmall-shop/").content.decode()
    assert 'data-testid="open-alerts"' in page and alert.get_absolute_url() in page
    portfolio = client.get("/dashboards/").content.decode()
    assert 'href="/dashboards/tmall-shop/#alerts">1</a>' in portfolio


def test_a_recompute_that_cannot_run_says_so(client, manager, shop, monkeypatch):
    from celery import current_app

    from core.tasks import STORE_REFRESH_TASK

    def broken(*args, **kwargs):
        raise ConnectionError("no broker")

    monkeypatch.setattr(current_app.tasks[STORE_REFRESH_TASK], "delay", broken)
    client.force_login(manager)
    fragment = client.post("/dashboards/tmall-shop/recompute/", HTTP_HX_REQUEST="true").content.decode()
    assert 'data-state="FAILURE"' in fragment and "The recompute failed" in fragment
    response = client.post("/dashboards/tmall-shop/recompute/", follow=True)
    assert "The recompute failed" in response.content.decode()


def test_the_store_dashboard_shows_best_sellers_stock_risks_and_promotion_deadlines(client, manager, shop):
    stock_and_promotions(shop)
    client.force_login(manager)
    page = client.get("/dashboards/tmall-shop/").content.decode()
    bestsellers = page.split('data-testid="bestsellers"')[1].split("</table>")[0]
    assert "tmall-shop-0" in bestsellers and "tmall-shop-1" in bestsellers and "tmall-shop-2" not in bestsellers
    assert ">28<" in bestsellers  # 7 days × 4 units since the stage began
    risks = page.split('data-testid="stock-risks"')[1].split("</table>")[0]
    assert "Out of stock, still listed: delist" in risks and "tmall-shop-0" in risks
    promotions = page.split('data-testid="upcoming-promotions"')[1].split("</table>")[0]
    assert "双11 Double 11" in promotions
    start = yesterday_of(shop) + timedelta(days=6)
    assert (start - timedelta(days=7)).isoformat() in promotions  # the stock decision deadline
    assert 'class="badge text-bg-danger"' in promotions  # the sold-out SKU falls short
    weeks = client.get("/dashboards/tmall-shop/?grain=week").content.decode()  # the plan's period, ahead too
    assert re.search(r'"kind":\s*"promotion"', weeks)  # the charts shade the promotion


def test_the_store_dashboard_shows_required_against_on_roster_and_links_to_the_gap_report(client, manager):
    from staffing.models import Assignment, Person, StaffRole

    store = store_with_history("staffed-shop", manager=manager, days=5)
    person = Person.objects.create(name="黄晓燕", start_date=yesterday_of(store) - timedelta(days=300))
    Assignment.objects.create(person=person, store=store, role=StaffRole.objects.get(code="logistics"))
    client.force_login(manager)
    page = client.get("/dashboards/staffed-shop/").content.decode()
    assert 'data-testid="staffing-panel"' in page and 'data-testid="staffing-month"' in page
    assert re.search(r"Logistics</th><td class=\"num\">[\d.]+</td><td class=\"num\">1.00</td>", page)
    assert "/staffing/staffed-shop/gap/" in page


def test_the_dashboard_json_is_the_chart_data_the_page_draws(client, manager, shop):
    import json

    stock_and_promotions(shop)
    client.force_login(manager)
    kinds = set()
    for grain in ("day", "week", "month"):
        page = client.get(f"/dashboards/tmall-shop/?grain={grain}").content.decode()
        embedded = re.search(r'<script id="dashboard-data" type="application/json">(.*?)</script>', page, re.S)
        variance = re.search(r'<script id="variance-data" type="application/json">(.*?)</script>', page, re.S)
        response = client.get(f"/dashboards/tmall-shop/data/?grain={grain}")
        assert response.status_code == 200
        assert response["Content-Type"] == "application/json"
        data = response.json()
        assert data["chart"] == json.loads(embedded.group(1))
        assert data["variance"] == json.loads(variance.group(1))
        assert (data["store"], data["grain"], data["yesterday"]) == ("tmall-shop", grain, str(yesterday_of(shop)))
        kinds.update(s["kind"] for s in data["chart"]["shades"])
    assert "promotion" in kinds


def test_the_dashboard_json_reads_as_many_queries_whatever_the_data(client, manager, django_assert_max_num_queries):
    store_with_history("short-shop", manager=manager, days=5)
    store_with_history("long-shop", manager=manager, days=80)
    client.force_login(manager)
    for grain in ("day", "week", "month"):
        assert queries(client, f"/dashboards/short-shop/data/?grain={grain}") == queries(
            client, f"/dashboards/long-shop/data/?grain={grain}"
        )
        with django_assert_max_num_queries(STORE_DATA_QUERIES):
            client.get(f"/dashboards/long-shop/data/?grain={grain}")


def test_another_stores_dashboard_json_is_not_found(client, manager, rival):
    client.force_login(manager)
    assert client.get(f"/dashboards/{rival.code}/data/").status_code == 404
