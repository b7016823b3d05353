"""Pure dashboard arithmetic: totals, day buckets and shaded periods. No ORM, no request, no now().

The figures of summed rows (conversion, AOV, attainment, pace) are funnel.formulas' definitions, the ones the
rollup views compute; a row read from a view keeps the view's own.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any, Literal

from funnel.formulas import AOV, ATTAINMENT, CONVERSION, GMV_ATTAINMENT, ORDERS_ATTAINMENT

Grain = Literal["day", "week", "month"]
GRAINS: tuple[Grain, ...] = ("day", "week", "month")
Number = int | Decimal | None

# Day figures summed into a bucket; conversion and AOV follow from the sums.
BUCKET_SUMS = ("uv", "orders", "gmv", "target_uv", "target_orders", "target_gmv")
# The five charts: each figure against its target; a period's ``<figure>_share`` is the actual's share of target.
CHART_TARGETS = (
    ("uv", "target_uv"),
    ("orders", "target_orders"),
    ("gmv", "target_gmv"),
    ("conversion", "target_conversion"),
    ("aov", "target_aov"),
)
CHART_FIGURES = (
    *BUCKET_SUMS,
    "conversion",
    "target_conversion",
    "aov",
    "target_aov",
    *(f"{key}_share" for key, _target in CHART_TARGETS),
)


def add(a: Number, b: Number) -> Number:
    """Sum where a missing value does not erase a known one (None + None stays None)."""
    if a is None:
        return b
    if b is None:
        return a
    return a + b


def month_start(day: date) -> date:
    return day.replace(day=1)


def month_end(day: date) -> date:
    return (day.replace(day=1) + timedelta(days=32)).replace(day=1) - timedelta(days=1)


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def bucket_of(day: date, grain: Grain) -> tuple[date, date]:
    """The first and last day of the day / ISO week / month holding ``day``."""
    if grain == "week":
        start = week_start(day)
        return start, start + timedelta(days=6)
    if grain == "month":
        return month_start(day), month_end(day)
    return day, day


def bucket_spans(grain: Grain, first: date, last: date) -> list[tuple[date, date]]:
    """Every day, week or month from the one holding ``first`` to the one holding ``last``, as (first, last day)."""
    spans = []
    day = first
    while day <= last:
        spans.append(bucket_of(day, grain))
        day = spans[-1][1] + timedelta(days=1)
    return spans


def with_ratios(row: dict[str, Any]) -> dict[str, Any]:
    """Adds actual and target conversion and AOV (sales = UV × conversion × AOV) to summed figures."""
    targets = {"uv": row.get("target_uv"), "orders": row.get("target_orders"), "gmv": row.get("target_gmv")}
    row["conversion"] = CONVERSION(uv=row.get("uv"), orders=row.get("orders"))
    row["target_conversion"] = CONVERSION(targets)
    row["aov"] = AOV(gmv=row.get("gmv"), orders=row.get("orders"))
    row["target_aov"] = AOV(targets)
    return row


def sums(rows: Iterable[Mapping[str, Any]], names: Sequence[str] = BUCKET_SUMS) -> dict[str, Any]:
    """The rows' figures added up (a figure no row has stays None), with conversion and AOV of the sums."""
    total: dict[str, Any] = dict.fromkeys(names)
    for row in rows:
        for name in names:
            total[name] = add(total[name], row.get(name))
    return with_ratios(total)


def buckets(
    days: Iterable[Mapping[str, Any]], grain: Grain, first: date | None = None, last: date | None = None
) -> list[dict[str, Any]]:
    """Day rows ({"date", uv, orders, gmv and their targets}) summed per day, week or month, in date order;
    with ``first`` and ``last``, every period between them is there, with or without days."""
    found: dict[date, dict[str, Any]] = {}

    def period(day: date) -> dict[str, Any]:
        start, end = bucket_of(day, grain)
        return found.setdefault(start, {"start": start, "end": end, **dict.fromkeys(BUCKET_SUMS)})

    if first is not None and last is not None:
        for start, _end in bucket_spans(grain, first, last):
            period(start)
    for day in sorted(days, key=lambda d: d["date"]):
        row = period(day["date"])
        for name in BUCKET_SUMS:
            row[name] = add(row[name], day.get(name))
    return [with_ratios(found[start]) for start in sorted(found)]


@dataclass(frozen=True)
class Shade:
    """A stretch of days a chart shades: a platform event the plan weighs heavier (later: promotions)."""

    start: date
    end: date
    label: str
    kind: str = "event"


def event_shades(event_weights: Mapping[str, Any], first: date, last: date, label: str) -> list[Shade]:
    """The plan's heavier days (weight > 1) inside [first, last], consecutive days merged into one shade."""
    days = sorted(
        d
        for d in (date.fromisoformat(k) for k, w in (event_weights or {}).items() if float(w) > 1)
        if first <= d <= last
    )
    shades: list[Shade] = []
    for day in days:
        if shades and shades[-1].end == day - timedelta(days=1):
            shades[-1] = Shade(shades[-1].start, day, label)
        else:
            shades.append(Shade(day, day, label))
    return shades


def shade_labels(shades: Sequence[Shade], periods: Sequence[tuple[date, date]]) -> list[dict[str, Any]]:
    """Each shade as the indexes of the first and last chart period it touches (for an ECharts markArea)."""
    marks = []
    for shade in shades:
        touched = [i for i, (start, end) in enumerate(periods) if start <= shade.end and end >= shade.start]
        if touched:
            marks.append(
                {
                    "from": touched[0],
                    "to": touched[-1],
                    "label": shade.label,
                    "kind": shade.kind,
                    "start": shade.start.isoformat(),
                    "end": shade.end.isoformat(),
                }
            )
    return marks


# Portfolio figures that add up across stores; the ratios are recomputed from the sums.
TOTAL_FIELDS = (
    "orders_yesterday",
    "target_orders_yesterday",
    "orders_7d",
    "target_orders_7d",
    "gmv_mtd",
    "target_gmv_mtd",
    "projected_gmv",
    "period_target_gmv",
    "open_alerts",
)


def with_attainment(row: dict[str, Any]) -> dict[str, Any]:
    """Attainment and pace of summed store figures: the pace of a sum is its projection's attainment of the sum of
    the period targets, as a store's is of its own (funnel.formulas.PACE_GMV)."""
    row["attainment_yesterday"] = ORDERS_ATTAINMENT(
        orders=row.get("orders_yesterday"), target_orders=row.get("target_orders_yesterday")
    )
    row["attainment_7d"] = ORDERS_ATTAINMENT(orders=row.get("orders_7d"), target_orders=row.get("target_orders_7d"))
    row["attainment_mtd"] = GMV_ATTAINMENT(gmv=row.get("gmv_mtd"), target_gmv=row.get("target_gmv_mtd"))
    row["pace_gmv"] = ATTAINMENT(actual=row.get("projected_gmv"), target=row.get("period_target_gmv"))
    return row


def totals(rows: Iterable[Mapping[str, Any]]) -> dict[str, Any]:
    """The sums of the stores' figures, with attainment and pace of the sums (not averages of ratios)."""
    total: dict[str, Any] = dict.fromkeys(TOTAL_FIELDS)
    stores = 0
    for row in rows:
        stores += 1
        for name in TOTAL_FIELDS:
            total[name] = add(total[name], row.get(name))
    total["stores"] = stores
    return with_attainment(total)


def subtotals(rows: Sequence[Mapping[str, Any]], key: str, label_key: str) -> list[dict[str, Any]]:
    """Totals per value of ``key`` (e.g. per platform), in order of first appearance in ``rows``."""
    groups: dict[Any, list[Mapping[str, Any]]] = {}
    labels: dict[Any, Any] = {}
    for row in rows:
        groups.setdefault(row[key], []).append(row)
        labels.setdefault(row[key], row[label_key])
    return [{key: value, label_key: labels[value], **totals(members)} for value, members in groups.items()]


def waterfall(target: Number, uv: Number, conversion: Number, aov: Number, actual: Number) -> list[dict[str, Any]]:
    """The steps from the target GMV to the actual GMV: each effect floats from where the one before ended."""
    if target is None or actual is None or None in (uv, conversion, aov):
        return []
    steps, level = [], Decimal(target)
    steps.append({"step": "target", "base": Decimal(0), "value": level})
    for name, effect in (("uv", uv), ("conversion", conversion), ("aov", aov)):
        effect = Decimal(effect)
        steps.append({"step": name, "base": min(level, level + effect), "value": effect})
        level += effect
    steps.append({"step": "actual", "base": Decimal(0), "value": Decimal(actual)})
    return steps


def metric_rows(periods: Sequence[Mapping[str, Any]], key: str, target_key: str) -> list[dict[str, Any]]:
    """One chart's table alternative: each period's actual, target and actual as a share of target (the period's
    own ``<key>_share`` where its reader computed it)."""
    share = f"{key}_share"
    return [
        {
            "start": p["start"],
            "to": p["to"],
            "actual": p.get(key),
            "target": p.get(target_key),
            "share": p[share] if share in p else ATTAINMENT(actual=p.get(key), target=p.get(target_key)),
        }
        for p in periods
    ]
