"""Each figure has one home (funnel.formulas): change nothing but its definition, recreate the rollup views from
the code's SQL as the migrations create them, and the views' figures and the Python that computes the same figure
(the store chart's weeks, the days page's total, the portfolio's totals, the chart tables' shares) move together.
Were either side to keep a formula of its own, its figure would stay where it was."""

from __future__ import annotations

import importlib
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

import pytest
from django.db import connection

from dashboards.domain import metric_rows, sums, totals
from dashboards.selectors import portfolio_rows, store_dashboard
from funnel import formulas
from funnel.models import DailyMetric
from rollups import sql
from rollups.models import DayRollup
from rollups.services import store_rollup_build
from tests.factories import StoreFactory

from .days import day_figures

pytestmark = pytest.mark.django_db
DAY_VIEW = importlib.import_module("rollups.migrations.0009_day_view_ranks_platform_exports")
PERIOD_VIEW = importlib.import_module("rollups.migrations.0010_projected_gmv_as_the_formula_rounds_it")
NOW = datetime(2026, 3, 9, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))  # yesterday: Sunday 8 March
WEEK = [date(2026, 3, 2) + timedelta(days=i) for i in range(7)]  # Monday to Sunday, all with actuals
REST = [date(2026, 3, 9) + timedelta(days=i) for i in range(23)]  # the rest of March: targets only
UV, ORDERS = [300 + 10 * i for i in range(7)], [7 + i for i in range(7)]
GMV = [Decimal(1000 + 120 * i) for i in range(7)]


def views_recreate() -> None:
    """Both views from the code's SQL now, as the migrations replace them."""
    with connection.schema_editor() as editor:
        DAY_VIEW._replace(editor, sql.day_view())
        PERIOD_VIEW._replace(editor, sql.period_view())


def rounded(value: Decimal, places: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


@pytest.fixture
def shop():
    shop = StoreFactory(code="one-home")
    targets = {"target_uv": 320, "target_orders": 8, "target_gmv": Decimal(1000)}
    day_figures(
        shop,
        [(day, {"uv": UV[i], "orders": ORDERS[i], "gmv": GMV[i], **targets}) for i, day in enumerate(WEEK)]
        + [(day, targets) for day in REST],
    )
    store_rollup_build(shop, date(2026, 3, 1), date(2026, 3, 31), as_of=date(2026, 3, 8))
    return shop


def conversions(shop) -> dict[str, list[Decimal]]:
    """The first day's and the week's conversion, each as SQL computed it and as Python did."""
    board = store_dashboard(shop, "week", now=NOW)
    days = list(DayRollup.objects.filter(store=shop, date__in=WEEK).values())
    return {
        "day": [
            DayRollup.objects.get(store=shop, date=WEEK[0]).conversion,
            DailyMetric.objects.get(store=shop, date=WEEK[0]).conversion,
        ],
        "week": [board["rows"][0]["conversion"], board["periods"][0]["conversion"], sums(days)["conversion"]],
    }


def test_a_changed_conversion_moves_the_views_and_the_python_alike(shop, monkeypatch):
    assert conversions(shop) == {
        "day": [rounded(Decimal(7) / 300, 6)] * 2,
        "week": [rounded(Decimal(sum(ORDERS)) / sum(UV), 6)] * 3,
    }

    monkeypatch.setattr(formulas.CONVERSION, "expression", formulas.orders / (formulas.uv + formulas.orders))
    views_recreate()

    assert conversions(shop) == {
        "day": [rounded(Decimal(7) / 307, 6)] * 2,
        "week": [rounded(Decimal(sum(ORDERS)) / (sum(UV) + sum(ORDERS)), 6)] * 3,
    }


def attainments(shop) -> dict[str, list[Decimal]]:
    """Yesterday's orders attainment, the month's GMV attainment and pace and the week's orders attainment: what
    the views computed for the store, and what Python computes from the sums (the portfolio's totals of this one
    store, the chart table's share of the week); the 7 days' attainment only Python computes."""
    [row] = portfolio_rows([shop], now=NOW)
    total = totals([row])
    board = store_dashboard(shop, "week", now=NOW)
    [share] = metric_rows(board["periods"][:1], "orders", "target_orders")
    return {
        "yesterday": [row["attainment_yesterday"], total["attainment_yesterday"]],
        "month": [row["attainment_mtd"], total["attainment_mtd"]],
        "pace": [row["pace_gmv"], total["pace_gmv"]],
        "week": [board["rows"][0]["orders_attainment"], share["share"]],
        "7 days": [row["attainment_7d"], total["attainment_7d"]],
    }


def test_a_changed_attainment_moves_the_views_and_the_python_alike(shop, monkeypatch):
    gmv = sum(GMV)  # 9,520 in the 8 days of March to date: 36,890 at that rate over 31 days
    projected, whole_month = gmv / 8 * 31, Decimal(1000 * len(WEEK + REST))
    assert attainments(shop) == {
        "yesterday": [rounded(Decimal(13) / 8, 4)] * 2,
        "month": [rounded(gmv / 7000, 4)] * 2,
        "pace": [rounded(projected / whole_month, 4)] * 2,
        "week": [rounded(Decimal(sum(ORDERS)) / 56, 4)] * 2,
        "7 days": [rounded(Decimal(sum(ORDERS)) / 56, 4)] * 2,
    }

    monkeypatch.setattr(formulas.ATTAINMENT, "expression", formulas.actual / (formulas.actual + formulas.target))
    views_recreate()

    assert attainments(shop) == {
        "yesterday": [rounded(Decimal(13) / 21, 4)] * 2,
        "month": [rounded(gmv / (gmv + 7000), 4)] * 2,
        "pace": [rounded(projected / (projected + whole_month), 4)] * 2,
        "week": [rounded(Decimal(sum(ORDERS)) / (sum(ORDERS) + 56), 4)] * 2,
        "7 days": [rounded(Decimal(sum(ORDERS)) / (sum(ORDERS) + 56), 4)] * 2,
    }
