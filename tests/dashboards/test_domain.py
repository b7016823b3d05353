"""The dashboards' pure arithmetic, without a database."""

from datetime import date
from decimal import Decimal

from dashboards.domain import (
    buckets,
    event_shades,
    metric_rows,
    shade_labels,
    subtotals,
    sums,
    totals,
    waterfall,
)


def day(d: date, uv=None, orders=None, gmv=None, t_uv=None, t_orders=None, t_gmv=None) -> dict:
    return {
        "date": d,
        "uv": uv,
        "orders": orders,
        "gmv": gmv,
        "target_uv": t_uv,
        "target_orders": t_orders,
        "target_gmv": t_gmv,
    }


def test_weeks_sum_their_days_and_derive_conversion_and_aov_from_the_sums():
    days = [
        day(date(2026, 3, 2), 100, 2, Decimal(300), 100, 2, Decimal(200)),  # Monday
        day(date(2026, 3, 8), 300, 10, Decimal(1000), 100, 2, Decimal(200)),  # Sunday, same week
        day(date(2026, 3, 9), None, None, None, 100, 2, Decimal(200)),  # a future day: target only
    ]
    weeks = buckets(days, "week")
    assert [(w["start"], w["end"]) for w in weeks] == [
        (date(2026, 3, 2), date(2026, 3, 8)),
        (date(2026, 3, 9), date(2026, 3, 15)),
    ]
    assert weeks[0]["uv"] == 400 and weeks[0]["orders"] == 12 and weeks[0]["gmv"] == Decimal(1300)
    assert weeks[0]["conversion"] == Decimal("0.030000")
    assert weeks[0]["aov"] == Decimal("108.33")
    assert weeks[0]["target_conversion"] == Decimal("0.020000")
    assert weeks[1]["orders"] is None and weeks[1]["target_orders"] == 2


def test_months_bucket_by_calendar_month():
    months = buckets([day(date(2026, 1, 31), orders=1), day(date(2026, 2, 1), orders=2)], "month")
    assert [(m["start"], m["end"], m["orders"]) for m in months] == [
        (date(2026, 1, 1), date(2026, 1, 31), 1),
        (date(2026, 2, 1), date(2026, 2, 28), 2),
    ]


def test_heavier_days_become_shades_and_consecutive_ones_merge():
    weights = {"2026-11-10": 1.5, "2026-11-11": 5, "2026-11-12": 1.2, "2026-06-18": 2.5, "2026-03-01": 1.0}
    shades = event_shades(weights, date(2026, 6, 1), date(2026, 12, 31), "event")
    assert [(s.start, s.end) for s in shades] == [
        (date(2026, 6, 18), date(2026, 6, 18)),
        (date(2026, 11, 10), date(2026, 11, 12)),
    ]


def test_shades_map_onto_the_chart_periods_they_touch():
    shades = event_shades({"2026-11-11": 5}, date(2026, 1, 1), date(2026, 12, 31), "Double 11")
    periods = [(date(2026, 11, 2), date(2026, 11, 8)), (date(2026, 11, 9), date(2026, 11, 15))]
    assert shade_labels(shades, periods) == [
        {"from": 1, "to": 1, "label": "Double 11", "kind": "event", "start": "2026-11-11", "end": "2026-11-11"}
    ]
    assert shade_labels(shades, periods[:1]) == []


def test_totals_take_attainment_and_pace_of_the_sums_not_the_average_of_ratios():
    rows = [
        {
            "platform": "tmall",
            "platform_label": "Tmall",
            "orders_yesterday": 10,
            "target_orders_yesterday": 10,
            "projected_gmv": Decimal(100),
            "period_target_gmv": Decimal(100),
            "open_alerts": 1,
        },
        {
            "platform": "jd",
            "platform_label": "JD",
            "orders_yesterday": 30,
            "target_orders_yesterday": 10,
            "projected_gmv": Decimal(50),
            "period_target_gmv": Decimal(300),
            "open_alerts": 0,
        },
        {
            "platform": "tmall",
            "platform_label": "Tmall",
            "orders_yesterday": None,
            "target_orders_yesterday": None,
            "projected_gmv": None,
            "period_target_gmv": None,
            "open_alerts": 2,
        },
    ]
    total = totals(rows)
    assert total["stores"] == 3
    assert total["orders_yesterday"] == 40 and total["attainment_yesterday"] == Decimal("2.0000")
    assert total["pace_gmv"] == Decimal("0.3750")
    assert total["open_alerts"] == 3
    by_platform = subtotals(rows, "platform", "platform_label")
    assert [(p["platform_label"], p["stores"], p["orders_yesterday"], p["open_alerts"]) for p in by_platform] == [
        ("Tmall", 2, 10, 3),
        ("JD", 1, 30, 0),
    ]


def test_the_waterfall_walks_from_target_through_the_effects_to_actual():
    steps = waterfall(Decimal(1000), Decimal(-200), Decimal(50), Decimal(-30), Decimal(820))
    assert [(s["step"], s["base"], s["value"]) for s in steps] == [
        ("target", 0, 1000),
        ("uv", 800, -200),
        ("conversion", 800, 50),
        ("aov", 820, -30),
        ("actual", 0, 820),
    ]
    assert waterfall(None, 1, 1, 1, 1) == []


def test_sums_and_metric_rows():
    rows = [{"orders": 2, "uv": 100}, {"orders": 3, "uv": None}]
    assert sums(rows)["orders"] == 5 and sums(rows)["uv"] == 100 and sums(rows)["gmv"] is None
    table = metric_rows(
        [{"start": date(2026, 1, 1), "to": date(2026, 1, 1), "orders": 5, "target_orders": 4}],
        "orders",
        "target_orders",
    )
    assert table[0]["share"] == Decimal("1.2500")


def test_buckets_fill_every_period_of_a_window():
    days = buckets([day(date(2026, 3, 3), orders=4)], "day", date(2026, 3, 1), date(2026, 3, 4))
    assert [(d["start"], d["orders"]) for d in days] == [
        (date(2026, 3, 1), None),
        (date(2026, 3, 2), None),
        (date(2026, 3, 3), 4),
        (date(2026, 3, 4), None),
    ]
