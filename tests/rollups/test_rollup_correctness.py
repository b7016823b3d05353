"""The rollups against an independent computation in pandas over a generated year of data.

The rollup runs as SQL in the database; this test recomputes every figure of every day, week,
month, stage and plan period from the raw metrics and targets with pandas and compares them.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

import numpy as np
import pandas as pd
import pytest

from demo.history import Growth, daily_history
from funnel.choices import SERVICE_LOG_SOURCE
from funnel.domain.records import validate_records
from funnel.models import DailyMetric, DailyTarget
from funnel.services.metrics import metrics_ingest
from funnel.services.plans import plan_activate, plan_create_from_template, plan_save
from rollups.models import DayRollup, PeriodRollup
from rollups.services import stores_rollup_build
from tests.factories import StoreFactory, UserFactory, api_client_with_key

pytestmark = pytest.mark.django_db
FIRST, LAST = date(2025, 11, 1), date(2026, 10, 31)
AS_OF = date(2026, 9, 15)  # part of the year is "future": pace and to-date sums matter


@pytest.fixture
def world():
    manager = UserFactory(username="mgr")
    shops = [
        StoreFactory(code="shop-a", platform="tmall"),
        StoreFactory(code="shop-b", platform="jd", source_policy="service_log"),
    ]
    client, _ = api_client_with_key("erp", *shops)
    growth = Growth(
        uv_start=80,
        uv_end=900,
        conversion_start=0.015,
        conversion_end=0.035,
        aov=150,
        ad_spend_per_uv=0.3,
        paid_from_day=60,
    )
    for shop in shops:
        records = daily_history(shop.code, growth, FIRST, AS_OF)
        clean, errors = validate_records(records, {shop.code: LAST})
        assert not errors
        metrics_ingest(client, clean, {shop.code: shop.pk})
        plan = plan_create_from_template(shop, manager, name="y", period_start=FIRST, period_end=LAST, as_of=FIRST)
        plan = plan_save(
            plan.pk,
            manager,
            lock_version=plan.lock_version,
            plan_values={
                "weekday_weights": [0.9, 0.9, 1, 1, 1.1, 1.3, 1.2],
                "month_weights": [1, 0.6, 1, 1, 1, 1.2, 1, 1, 1, 1, 1.5, 1.3],
            },
            stage_values={4: {"conversion": Decimal("0.03"), "aov": Decimal("140")}},
        )
        plan_activate(plan, manager)
    # Customer service logged some days of shop B too: that store prefers the log when both report.
    now = datetime(2026, 9, 16, 12, 0, tzinfo=pd.Timestamp.now(tz="UTC").tzinfo)
    DailyMetric.objects.bulk_create(
        DailyMetric(
            store=shops[1],
            date=FIRST + timedelta(days=d),
            source=SERVICE_LOG_SOURCE,
            orders=d % 7,
            gmv=Decimal(d % 7 * 120),
            created_at=now,
            updated_at=now,
        )
        for d in range(0, 300, 3)
    )
    stores_rollup_build(shops, FIRST, LAST, as_of=AS_OF)
    return shops, client


def expected_days(shops, client) -> pd.DataFrame:
    metrics = pd.DataFrame(
        DailyMetric.objects.filter(store__in=shops).values(
            "store_id", "date", "source", "uv", "pv", "orders", "gmv", "ad_spend", "refunds"
        )
    )
    prefers_log = {s.pk: s.source_policy == "service_log" for s in shops}
    metrics["rank"] = [
        0 if (src == SERVICE_LOG_SOURCE) == prefers_log[sid] else 1
        for sid, src in zip(metrics.store_id, metrics.source, strict=True)
    ]
    actual = metrics.sort_values(["store_id", "date", "rank"]).groupby(["store_id", "date"]).head(1)
    targets = pd.DataFrame(
        DailyTarget.objects.filter(plan__store__in=shops).values(
            "plan__store_id", "date", "stage", "uv", "orders", "gmv", "ad_spend"
        )
    ).rename(
        columns={"plan__store_id": "store_id", "uv": "t_uv", "orders": "t_orders", "gmv": "t_gmv", "ad_spend": "t_ad"}
    )
    days = actual.merge(targets, on=["store_id", "date"], how="outer")
    for col in ("gmv", "ad_spend", "t_gmv", "t_ad"):
        days[col] = days[col].astype(float)
    return days


def with_figures(frame: pd.DataFrame) -> pd.DataFrame:
    f = frame.copy()
    f["conversion"] = f.orders / f.uv.where(f.uv > 0)
    f["aov"] = f.gmv / f.orders.where(f.orders > 0)
    f["orders_variance"] = f.orders - f.t_orders
    f["gmv_variance"] = f.gmv - f.t_gmv
    f["orders_attainment"] = f.orders / f.t_orders.where(f.t_orders > 0)
    f["uv_effect"] = (f.uv - f.t_uv) * f.t_gmv / f.t_uv
    f["conversion_effect"] = (f.orders - f.uv * f.t_orders / f.t_uv) * f.t_gmv / f.t_orders
    f["aov_effect"] = f.gmv - f.orders * f.t_gmv / f.t_orders
    # The split needs a target with visitors and orders (a target conversion and AOV) and actual UV and GMV.
    undefined = ~((f.t_uv > 0) & (f.t_orders > 0) & f.uv.notna() & f.gmv.notna())
    f.loc[undefined, ["uv_effect", "conversion_effect", "aov_effect"]] = np.nan
    return f


FIGURES = {
    "orders": 0,
    "uv": 0,
    "gmv": 0.01,
    "target_orders": 0,
    "target_gmv": 0.01,
    "conversion": 1e-5,
    "aov": 0.01,
    "orders_variance": 0,
    "gmv_variance": 0.01,
    "orders_attainment": 1e-4,
    "uv_effect": 0.02,
    "conversion_effect": 0.02,
    "aov_effect": 0.05,
}
RENAME = {"t_orders": "target_orders", "t_gmv": "target_gmv"}


def compare(expected: pd.DataFrame, actual: pd.DataFrame, keys: list[str]) -> None:
    merged = expected.rename(columns=RENAME).merge(
        actual, on=keys, suffixes=("_exp", "_got"), how="outer", indicator=True
    )
    assert (merged["_merge"] == "both").all(), merged[merged["_merge"] != "both"][keys].head()
    for name, tolerance in FIGURES.items():
        exp = merged[f"{name}_exp"].astype(float)
        got = merged[f"{name}_got"].astype(float)
        both_missing = exp.isna() & got.isna()
        close = np.isclose(exp, got, atol=tolerance, rtol=0 if tolerance == 0 else 1e-6)
        bad = merged[~(both_missing | close)]
        assert bad.empty, f"{name}: {bad[[*keys, f'{name}_exp', f'{name}_got']].head().to_string()}"


def test_every_day_figure_matches_pandas(world):
    shops, client = world
    expected = with_figures(expected_days(shops, client))
    got = pd.DataFrame(DayRollup.objects.filter(store__in=shops).values("store_id", "date", *FIGURES))
    assert len(got) == len(expected) == 2 * 365
    compare(expected, got, ["store_id", "date"])


@pytest.mark.parametrize("grain", ["week", "month", "stage", "plan"])
def test_every_period_figure_matches_pandas(world, grain):
    shops, client = world
    days = expected_days(shops, client)
    days["date"] = pd.to_datetime(days["date"])
    if grain == "week":
        days["period_start"] = days.date - pd.to_timedelta(days.date.dt.day_of_week, unit="D")
    elif grain == "month":
        days["period_start"] = days.date.dt.to_period("M").dt.start_time
    elif grain == "stage":
        starts = days.groupby(["store_id", "stage"]).date.transform("min")
        days["period_start"] = starts
    else:
        days["period_start"] = pd.Timestamp(FIRST)
    to_date = days[days.date <= pd.Timestamp(AS_OF)]
    sums = to_date.groupby(["store_id", "period_start"])[["uv", "orders", "gmv", "t_uv", "t_orders", "t_gmv"]].sum(
        min_count=1
    )
    expected = with_figures(sums.reset_index())
    expected["period_start"] = expected.period_start.dt.date
    whole = days.groupby(["store_id", "period_start"]).t_orders.sum().reset_index(name="period_target_orders")
    whole["period_start"] = whole.period_start.dt.date
    got = pd.DataFrame(
        PeriodRollup.objects.filter(store__in=shops, grain=grain).values(
            "store_id", "period_start", "period_target_orders", "days", "days_elapsed", "pace_orders", *FIGURES
        )
    )
    elapsed = got[got.days_elapsed > 0]
    compare(expected, elapsed, ["store_id", "period_start"])
    totals = whole.merge(got, on=["store_id", "period_start"], suffixes=("_exp", "_got"))
    assert len(totals) == len(got)
    assert (totals.period_target_orders_exp == totals.period_target_orders_got).all()
    run_rate = elapsed.orders.astype(float) / elapsed.days_elapsed * elapsed.days / elapsed.period_target_orders
    assert np.allclose(run_rate, elapsed.pace_orders.astype(float), atol=1e-4, equal_nan=True)


def test_the_variance_split_sums_to_the_variance_everywhere(world):
    for model in (DayRollup, PeriodRollup):
        rows = model.objects.exclude(uv_effect=None).values_list(
            "gmv_variance", "uv_effect", "conversion_effect", "aov_effect"
        )
        assert rows
        assert all(v == u + c + a for v, u, c, a in rows)


def test_rolling_up_again_changes_nothing(world):
    shops, _ = world
    before = list(
        PeriodRollup.objects.order_by("pk").values(
            "store_id", "grain", "period_start", "orders", "gmv_variance", "pace_orders"
        )
    )
    stores_rollup_build(shops, FIRST, LAST, as_of=AS_OF)
    after = list(
        PeriodRollup.objects.order_by("store_id", "grain", "period_start").values(
            "store_id", "grain", "period_start", "orders", "gmv_variance", "pace_orders"
        )
    )
    key = lambda r: (r["store_id"], r["grain"], r["period_start"])  # noqa: E731
    assert sorted(before, key=key) == after
