"""Charts write numbers as the pages do: static/js/charts.js against core/numbers.py, value by value, in
Chinese and English (separators, money, negative money, percentages, 万/亿 and k/M)."""

from decimal import Decimal

import pytest
from django.utils import translation
from playwright.sync_api import Page

from core import numbers

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

VALUES = [
    0,
    7,
    -4,
    999.5,
    1234.5,
    9999,
    10000,
    23111,
    25000,
    388264.8,
    -330021.59,
    3882647.99999998,
    123456789,
    -2500000,
    3_000_000_000,
    0.0225,
    -0.001,
]


def python_formats(language: str) -> list[list[str]]:
    with translation.override(language):
        return [
            [
                numbers.count(v),
                numbers.money(v),
                numbers.signed_money(v),
                numbers.pct(v, 2),
                numbers.compact(v),
                numbers.compact(v, currency=True),
                numbers.grouped(v, 1),
                numbers.signed_compact(v, currency=True),
            ]
            for v in (Decimal(str(v)) for v in VALUES)
        ]


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_charts_write_every_figure_as_the_pages_do(live_server, page: Page, language):
    page.context.set_extra_http_headers({"Accept-Language": language})
    page.goto(f"{live_server.url}/accounts/login/")
    page.add_script_tag(url=f"{live_server.url}/static/js/charts.js")
    written = page.evaluate(
        """values => values.map(v => {
            const f = window.opsplanCharts.format;
            return [f.count(v), f.money(v), f.signedMoney(v), f.pct(v, 2), f.compact(v, false), f.compact(v, true),
                    f.grouped(v, 1), f.signedCompact(v, true)];
        })""",
        VALUES,
    )
    assert written == python_formats(language)


def test_axis_ticks_of_a_percentage_keep_the_places_they_need(live_server, page: Page):
    page.goto(f"{live_server.url}/accounts/login/")
    page.add_script_tag(url=f"{live_server.url}/static/js/charts.js")
    ticks = page.evaluate(
        "ticks => ticks.map(window.opsplanCharts.format.pctTick)", [0.022, 0.0221, 0.0222, 0.1, -0.005]
    )
    assert ticks == ["2.2%", "2.21%", "2.22%", "10%", "−0.5%"]
    count_axis = page.evaluate("window.opsplanCharts.valueAxis('count').minInterval")
    assert count_axis == 1  # whole numbers only: never 0, 1, 1, 2, 2
