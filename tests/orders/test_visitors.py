"""Visitors (UV) in the customer-service log: entered, checked, kept, uploaded, and counted into the dashboards'
conversion, so that a store without an API client has a conversion too."""

from datetime import timedelta

import pytest

from funnel.choices import SERVICE_LOG_SOURCE
from funnel.models import DailyMetric, DailyMetricRevision
from imports.choices import ImportStatus
from imports.models import ImportJob
from opsplan.tasks import import_job
from orders.domain import COLUMNS
from orders.models import ServiceLog, ServiceLogRevision
from rollups.services import store_rollup_build
from tests.orders.figures import DAY_FIGURES, signed_in


def log_url(store, day):
    return f"/orders/{store.code}/?date={day.isoformat()}"


def list_row(page, day):
    row = page[page.index(f'data-date="{day.isoformat()}"') :]
    return row[: row.index("</tr>")]


def test_visitors_are_saved_into_the_log_and_the_funnel_metric_and_shown_again(clerk, own_store, day):
    client = signed_in(clerk, "zh-hans")
    client.post(log_url(own_store, day), {**DAY_FIGURES, "uv": "12000"})
    assert ServiceLog.objects.get(store=own_store, date=day).uv == 12000
    assert DailyMetric.objects.get(store=own_store, date=day, source=SERVICE_LOG_SOURCE).uv == 12000
    page = client.get(log_url(own_store, day)).content.decode()
    assert 'name="uv" value="12000"' in page
    assert "访客数（UV）" in page
    assert '<td class="num">12,000</td>' in list_row(page, day)


def test_visitors_may_be_left_empty(clerk, own_store, day):
    client = signed_in(clerk)
    client.post(log_url(own_store, day), {**DAY_FIGURES, "uv": ""})
    assert ServiceLog.objects.get(store=own_store, date=day).uv is None
    assert DailyMetric.objects.get(store=own_store, date=day).uv is None
    assert '<td class="num">–</td>' in list_row(client.get(log_url(own_store, day)).content.decode(), day)


@pytest.mark.parametrize(
    "uv,english,chinese",
    [
        ("-1", "Must not be negative.", "不能为负数。"),
        ("abc", "Enter a whole number, e.g. 12.", "请输入整数，例如 12。"),
        ("12.5", "Enter a whole number, e.g. 12.", "请输入整数，例如 12。"),
        ("2147483648", "This number is too large.", "数字过大。"),
        ("99999999999999999999999", "This number is too large.", "数字过大。"),
    ],
)
def test_bad_visitors_are_a_clear_error_and_change_nothing(clerk, own_store, day, uv, english, chinese):
    signed_in(clerk).post(log_url(own_store, day), DAY_FIGURES)
    before = (
        list(ServiceLog.objects.values()),
        list(DailyMetric.objects.values()),
        ServiceLogRevision.objects.count(),
        DailyMetricRevision.objects.count(),
    )
    changed = {**DAY_FIGURES, "orders": "12", "shipped_24h": "10", "uv": uv}
    for language, message in (("en", english), ("zh-hans", chinese)):
        response = signed_in(clerk, language).post(log_url(own_store, day), changed)
        page = response.content.decode()
        assert response.status_code == 200
        errors = page[page.index('id="id_uv_errors"') :]
        assert message in errors[: errors.index("</ul>")]
    after = (
        list(ServiceLog.objects.values()),
        list(DailyMetric.objects.values()),
        ServiceLogRevision.objects.count(),
        DailyMetricRevision.objects.count(),
    )
    assert after == before


def upload_job(store, user, header, cells):
    content = (",".join(header) + "\n" + ",".join(cells) + "\n").encode()
    return ImportJob.objects.create(store=store, created_by=user, file_name="days.csv", content=content, language="en")


def test_an_upload_with_a_visitors_column_imports_them_and_one_without_it_still_imports(clerk, own_store, day):
    figures = [day.isoformat(), "10", "965.00", "1", "8", "2", "0", "0", "", "", "", ""]
    with_uv = import_job(upload_job(own_store, clerk, COLUMNS, [*figures, "480"]).pk)
    assert with_uv.status == ImportStatus.DONE and ServiceLog.objects.get(date=day).uv == 480
    earlier = day - timedelta(days=1)
    without = [name for name in COLUMNS if name != "uv"]
    job = import_job(upload_job(own_store, clerk, without, [earlier.isoformat(), *figures[1:]]).pk)
    assert job.status == ImportStatus.DONE, job.errors
    assert ServiceLog.objects.get(date=earlier).uv is None


def test_a_bad_visitors_cell_fails_the_upload_on_its_row_and_column(clerk, own_store, day):
    cells = [day.isoformat(), "10", "965.00", "1", "8", "2", "0", "0", "", "", "", "", "-5"]
    job = import_job(upload_job(own_store, clerk, COLUMNS, cells).pk)
    assert job.status == ImportStatus.FAILED
    assert job.errors == [{"row": 2, "column": "uv", "message": "Must not be negative."}]
    assert not ServiceLog.objects.exists()


def test_a_logged_day_with_visitors_gives_the_dashboard_its_conversion_after_a_rollup(member, own_store, day):
    manager = member("ops_manager")  # logs orders and sees the dashboard
    client = signed_in(manager)
    client.post(log_url(own_store, day), DAY_FIGURES)  # 10 orders from 480 visitors: 2.08%
    week = f"/dashboards/{own_store.code}/?grain=week"
    assert "2.08%" not in period_table(client.get(week).content.decode())  # the weeks wait for the rollup
    store_rollup_build(own_store, day - timedelta(days=day.weekday()), day + timedelta(days=6 - day.weekday()))
    assert '<td class="num">2.08%</td>' in period_table(client.get(week).content.decode())


def period_table(page):
    table = page[page.index('data-testid="period-table"') :]
    return table[: table.index("</table>")]
