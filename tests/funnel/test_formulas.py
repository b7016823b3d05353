"""The funnel's figures give the same numbers in PostgreSQL and in Python: over a few thousand generated inputs,
with missing values, zeros and the half-cent ties where rounding modes part."""

from __future__ import annotations

import random
from decimal import Decimal

import pytest
from django.db import connection

from funnel import formulas

pytestmark = pytest.mark.django_db
FIGURES = [
    formulas.CONVERSION,
    formulas.AOV,
    formulas.ROI,
    formulas.ATTAINMENT,
    formulas.ORDERS_ATTAINMENT,
    formulas.GMV_ATTAINMENT,
    formulas.ORDERS_VARIANCE,
    formulas.GMV_VARIANCE,
    formulas.UV_EFFECT,
    formulas.CONVERSION_EFFECT,
    formulas.AOV_EFFECT,
    formulas.PROJECTED_ORDERS,
    formulas.PROJECTED_GMV,
    formulas.PACE_ORDERS,
    formulas.PACE_GMV,
]
# The inputs as the rollups' columns hold them.
TYPES = {
    "uv": "integer",
    "orders": "integer",
    "gmv": "numeric(14, 2)",
    "ad_spend": "numeric(14, 2)",
    "target_uv": "integer",
    "target_orders": "integer",
    "target_gmv": "numeric(14, 2)",
    "days": "integer",
    "days_elapsed": "integer",
    "period_target_orders": "integer",
    "period_target_gmv": "numeric(14, 2)",
    "actual": "numeric(14, 2)",
    "target": "numeric(14, 2)",
}
# Ties under half-to-even and half-up: AOV 0.025, attainment 1/32 = 0.03125, conversion 1/1,600,000 … 5e-7.
TIES = [
    {"gmv": Decimal("0.05"), "orders": 2, "uv": 1_600_000},
    {"orders": 1, "target_orders": 32, "actual": Decimal("0.01"), "target": Decimal("0.32")},
    {"gmv": Decimal("0.15"), "ad_spend": Decimal("2.00"), "days": 2, "days_elapsed": 1},
]


def generated(count: int, seed: int = 20260309) -> list[dict[str, object]]:
    rng = random.Random(seed)

    def money(top: int) -> Decimal:
        return Decimal(rng.randint(0, top * 100)) / 100

    rows = []
    for _ in range(count):
        uv = rng.randint(0, 20_000)
        orders = rng.randint(0, uv // 5)
        days = rng.randint(28, 31)
        row = {
            "uv": uv,
            "orders": orders,
            "gmv": money(orders * 400),
            "ad_spend": money(5_000),
            "target_uv": rng.randint(0, 20_000),
            "target_orders": rng.randint(0, 4_000),
            "target_gmv": money(400_000),
            "days": days,
            "days_elapsed": rng.randint(0, days),
            "period_target_orders": rng.randint(0, 100_000),
            "period_target_gmv": money(4_000_000),
            "actual": money(5_000),
            "target": money(5_000),
        }
        rows.append({k: None if rng.random() < 0.05 else v for k, v in row.items()})
    return rows


def in_postgres(rows: list[dict[str, object]]) -> list[tuple]:
    inputs = ", ".join(f"CAST(%s AS {kind}) AS {name}" for name, kind in TYPES.items())
    figures = ", ".join(figure.sql() for figure in FIGURES)
    found = []
    with connection.cursor() as cursor:
        for row in rows:
            cursor.execute(f"SELECT {figures} FROM (SELECT {inputs}) v", [row.get(name) for name in TYPES])
            found.append(cursor.fetchone())
    return found


def test_every_figure_is_the_same_in_postgresql_and_in_python():
    rows = TIES + generated(1500)
    for row, from_sql in zip(rows, in_postgres(rows), strict=True):
        assert tuple(figure(row) for figure in FIGURES) == from_sql, row


def test_the_ties_round_half_away_from_zero():
    aov, attainment, roi = (formulas.AOV(TIES[0]), formulas.ATTAINMENT(TIES[1]), formulas.ROI(TIES[2]))
    assert (aov, attainment, roi) == (Decimal("0.03"), Decimal("0.0313"), Decimal("0.08"))
    assert formulas.CONVERSION(TIES[0]) == Decimal("0.000001")
