"""The log says, on saving and in its list of days, whether a day's entry is the figure the dashboards count and, if
another source's counts instead, which and why: under each source policy, in English and in Chinese."""

from datetime import timedelta

from funnel.domain.records import validate_records
from funnel.services.metrics import metrics_ingest
from orders.selectors import log_countings, recent_log_days
from orders.services import service_log_save
from rollups.models import DayRollup
from stores.choices import SourcePolicy
from tests.factories import api_client_with_key
from tests.orders.figures import DAY_FIGURES, DAY_VALUES, signed_in


def api_figure(store, day, name="erp-sync"):
    """An API client's figures for ``day``, pushed the way the ingest endpoint writes them."""
    client, _key = api_client_with_key(name, store)
    record = {"store": store.code, "date": day.isoformat(), "uv": 1200, "orders": 30, "gmv": "2900.00"}
    clean, errors = validate_records([record], {store.code: day + timedelta(days=1)})
    assert errors == []
    metrics_ingest(client, clean, {store.code: store.pk})
    return client


def prefer(store, policy):
    store.source_policy = policy
    store.save(update_fields=["source_policy"])


def save_page(user, store, day, language="en", data=None):
    url = f"/orders/{store.code}/?date={day.isoformat()}"
    response = signed_in(user, language).post(url, data or DAY_FIGURES, follow=True)
    assert response.redirect_chain == [(url, 302)]
    return response.content.decode()


def element(page, marker, end="</tr>"):
    """The markup from ``marker`` to the end of its element."""
    start = page.index(marker)
    return page[start : page.index(end, start)]


def counted_source(store, day):
    return DayRollup.objects.get(store=store, date=day).source


def test_on_a_store_that_prefers_api_figures_a_day_an_api_client_reported_is_saved_but_said_not_to_count(
    clerk, own_store, day
):
    api_figure(own_store, day)
    page = save_page(clerk, own_store, day)
    reason = f"this store prefers API figures (API client erp-sync has reported {day:%B} {day.day})"
    assert (
        f"Saved the log of {own_store.name} for {day.isoformat()}, but it is not the counted figure: {reason}."
    ) in page
    assert "alert-warning" in page
    assert "It is the figure the dashboards count" not in page
    assert 'data-counted="false"' in element(page, f'data-date="{day.isoformat()}"')
    assert f"Not counted: {reason}" in element(page, f'data-testid="reason-{day.isoformat()}"')
    assert f"Not counted: {reason}" in element(page, 'data-testid="log-counting"', "</p>")  # the day's card
    assert counted_source(own_store, day).startswith("client:")  # the dashboards say the same


def test_the_same_in_chinese_names_the_client_and_the_day_and_never_its_internal_key(clerk, own_store, day):
    client = api_figure(own_store, day)
    page = save_page(clerk, own_store, day, language="zh-hans")
    reason = f"本店优先采用 API 数据（API 客户端 erp-sync 已上报 {day.month}月{day.day}日）"
    assert f"已保存 {own_store.name} {day.isoformat()} 的日志，但看板未采用这份数据：{reason}。" in page
    assert f"未采用：{reason}" in page
    assert f"client:{client.pk}" not in page


def test_on_a_store_that_prefers_api_figures_a_day_no_client_reported_counts_and_says_so(clerk, own_store, day):
    api_figure(own_store, day - timedelta(days=1))  # another day only
    page = save_page(clerk, own_store, day)
    assert f"Saved the log of {own_store.name} for {day.isoformat()}. It is the figure the dashboards count." in page
    assert 'data-counted="true"' in element(page, f'data-date="{day.isoformat()}"')
    assert f'data-testid="reason-{day.isoformat()}"' not in page
    assert "The dashboards count this log's figures." in element(page, 'data-testid="log-counting"', "</p>")
    assert counted_source(own_store, day) == "service_log"


def test_on_a_store_that_prefers_the_log_it_counts_even_where_an_api_client_reported(clerk, own_store, day):
    prefer(own_store, SourcePolicy.SERVICE_LOG)
    api_figure(own_store, day)
    page = save_page(clerk, own_store, day, language="zh-hans")
    assert f"已保存 {own_store.name} {day.isoformat()} 的日志，看板采用的就是这份数据。" in page
    assert "未采用" not in page
    assert counted_source(own_store, day) == "service_log"


def test_a_correction_that_still_does_not_count_says_so_and_keeps_the_history(clerk, own_store, day):
    api_figure(own_store, day)
    save_page(clerk, own_store, day)
    page = save_page(clerk, own_store, day, data={**DAY_FIGURES, "orders": "12", "shipped_24h": "10"})
    assert (
        f"Saved the changes to {day.isoformat()} (the previous figures are kept in the history), but the log is "
        "not the counted figure: this store prefers API figures"
    ) in page
    again = save_page(clerk, own_store, day, data={**DAY_FIGURES, "orders": "12", "shipped_24h": "10"})
    assert f"Nothing changed for {day.isoformat()}; the log is not the counted figure" in again


def test_changing_the_policy_changes_what_the_list_says_at_once(clerk, own_store, day):
    api_figure(own_store, day)
    service_log_save(own_store, day, DAY_VALUES, clerk)
    today = day + timedelta(days=1)
    [row] = [r for r in recent_log_days(own_store, today) if r.day == day]
    assert not row.counting.counted
    prefer(own_store, SourcePolicy.SERVICE_LOG)
    [row] = [r for r in recent_log_days(own_store, today) if r.day == day]
    assert row.counting.counted


def test_days_not_logged_have_no_counting_and_the_counting_of_a_range_is_two_queries(
    clerk, own_store, day, django_assert_num_queries
):
    api_figure(own_store, day)
    service_log_save(own_store, day, DAY_VALUES, clerk)
    service_log_save(own_store, day - timedelta(days=2), DAY_VALUES, clerk)
    rows = {r.day: r for r in recent_log_days(own_store, day + timedelta(days=1))}
    assert rows[day - timedelta(days=1)].counting is None
    assert rows[day - timedelta(days=2)].counting.counted and not rows[day].counting.counted
    with django_assert_num_queries(2):
        countings = log_countings(own_store, day - timedelta(days=13), day)
    assert set(countings) == {day, day - timedelta(days=2)}
