"""A believable daily history for a demo store: growth through the funnel stages, weekly and yearly
seasonality, the Double 11 spike, 618 and 12.12, the Spring Festival lull. Pure and deterministic."""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

# Chinese New Year (the courier lull falls around it).
SPRING_FESTIVAL = {2025: date(2025, 1, 29), 2026: date(2026, 2, 17), 2027: date(2027, 2, 6)}


@dataclass(frozen=True)
class Growth:
    """A store's traffic at its launch and at the end of the history, with its shop's numbers."""

    uv_start: float
    uv_end: float
    conversion_start: float
    conversion_end: float
    aov: float
    ad_spend_per_uv: float  # CNY per visitor once paid traffic starts
    paid_from_day: int  # days after the start when paid traffic begins


def event_multiplier(day: date) -> float:
    """How much busier a day is than an ordinary one, from the platform calendar."""
    m, d = day.month, day.day
    if m == 11 and d == 11:
        return 5.0
    if m == 11 and 1 <= d <= 10:
        return 1.3 + 0.08 * d  # pre-sale warm-up
    if m == 11 and 12 <= d <= 14:
        return 1.4
    if m == 12 and d == 12:
        return 2.5
    if m == 6 and 16 <= d <= 18:
        return 2.2
    if (m, d) in {(3, 14), (5, 20), (8, 18)}:
        return 1.5
    festival = SPRING_FESTIVAL.get(day.year)
    if festival and -7 <= (day - festival).days <= 7:
        return 0.35
    return 1.0


def weekday_multiplier(day: date) -> float:
    return (0.95, 0.93, 0.95, 0.98, 1.05, 1.12, 1.1)[day.weekday()]


def daily_history(code: str, growth: Growth, first: date, last: date) -> list[dict]:
    """One record per day from ``first`` to ``last`` in the ingest's record format."""
    days = (last - first).days + 1
    records = []
    for i in range(days):
        day = first + timedelta(days=i)
        rng = random.Random(f"{code}:{day.isoformat()}")
        progress = i / max(days - 1, 1)
        # Logistic growth: slow start, faster middle, flattening as the stage fills.
        shape = 1 / (1 + math.exp(-8 * (progress - 0.5)))
        base_uv = growth.uv_start + (growth.uv_end - growth.uv_start) * shape
        event = event_multiplier(day)
        uv = max(1, round(base_uv * event * weekday_multiplier(day) * rng.uniform(0.88, 1.12)))
        conversion = growth.conversion_start + (growth.conversion_end - growth.conversion_start) * shape
        conversion *= 1.15 if event > 2 else 1.0
        orders = min(uv, _poisson(rng, uv * conversion))
        aov = growth.aov * (0.85 if event > 2 else 1.0) * rng.uniform(0.9, 1.1)
        gmv = Decimal(orders * aov).quantize(Decimal("0.01"))
        paid = i >= growth.paid_from_day
        ad_spend = Decimal(uv * growth.ad_spend_per_uv * rng.uniform(0.8, 1.2) if paid else 0).quantize(Decimal("0.01"))
        buyers = orders - sum(1 for _ in range(orders) if rng.random() < 0.04)
        returning = round(buyers * min(0.35, 0.05 + 0.3 * progress))
        records.append(
            {
                "store": code,
                "date": day.isoformat(),
                "uv": uv,
                "pv": round(uv * rng.uniform(2.6, 3.8)),
                "orders": orders,
                "gmv": str(gmv),
                "ad_spend": str(ad_spend),
                "refunds": sum(1 for _ in range(orders) if rng.random() < 0.05),
                "paying_buyers": buyers,
                "new_buyers": buyers - returning,
                "returning_buyers": returning,
            }
        )
    return records


def _poisson(rng: random.Random, mean: float) -> int:
    if mean > 30:
        return max(0, round(rng.gauss(mean, math.sqrt(mean))))
    limit, k, p = math.exp(-mean), 0, 1.0
    while True:
        p *= rng.random()
        if p <= limit:
            return k
        k += 1
