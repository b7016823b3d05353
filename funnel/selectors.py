"""Reads of the funnel: trailing actuals, the sources that count, the stage advice, plan summaries and comparisons."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.db import connection
from django.db.models import QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.utils.translation import gettext_lazy as _

from funnel.choices import PlanStatus
from funnel.counted import ranked_actuals
from funnel.domain.advice import Advice, DayActual, advise
from funnel.domain.arithmetic import implied
from funnel.domain.compare import compare_row
from funnel.domain.status import ConversionAnomaly, StageRange, conversion_anomalies
from funnel.formulas import AOV
from funnel.models import (
    METRIC_FIELDS,
    METRIC_MONEY_FIELDS,
    DailyMetric,
    DailyMetricRevision,
    Plan,
    StagePlan,
)
from stores.models import Store


def store_trailing_aov(store: Store, as_of: date, days: int = 90) -> Decimal | None:
    """The store's AOV over the last ``days`` days of the actuals that count (``funnel.counted``), or None without
    sales. One query."""
    counted = ranked_actuals("m.store_id = %s AND m.date >= %s AND m.date < %s")
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT SUM(gmv), SUM(orders) FROM ({counted}) a WHERE gmv IS NOT NULL",
            [store.pk, as_of - timedelta(days=days), as_of],
        )
        gmv, orders = cursor.fetchone()
    return AOV({"gmv": gmv, "orders": orders})


def counted_sources(store: Store, first: date, last: date) -> dict[date, str]:
    """The source whose figures count on each day of [first, last] that has figures: the choice the store's
    source policy makes (``funnel.counted``), the same as the rollups' and the dashboards', and current at once.
    One query."""
    counted = ranked_actuals("m.store_id = %s AND m.date >= %s AND m.date <= %s")
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT date, source FROM ({counted}) a", [store.pk, first, last])
        return dict(cursor.fetchall())


def active_plan(store: Store, as_of: date) -> Plan | None:
    return next(iter(active_plans([store], as_of, as_of)[store.pk]), None)


def active_plans(stores: Sequence[Store], first: date, last: date) -> dict[int, list[Plan]]:
    """Each store's active plans covering some day from ``first`` to ``last``, with their stages, the one
    :func:`active_plan` picks first on a day they share: two queries however many stores."""
    found: dict[int, list[Plan]] = {store.pk: [] for store in stores}
    for plan in (
        Plan.objects.filter(
            store_id__in=list(found), status=PlanStatus.ACTIVE, period_start__lte=last, period_end__gte=first
        )
        .order_by("-period_start", "-version", "pk")
        .prefetch_related("stages")
    ):
        found[plan.store_id].append(plan)
    return found


def plans_for_store(store: Store) -> QuerySet[Plan]:
    return Plan.objects.filter(store=store).select_related("based_on").order_by("-period_start", "status", "-version")


def _range(stage: StagePlan) -> StageRange:
    return StageRange(stage.number, stage.uv_min, stage.uv_max, stage.orders_min, stage.orders_max)


ADVICE_HISTORY_DAYS = 56  # the 28 days the advice looks at, and the 28 before them for the anomalies' median


def plan_advice(
    plan: Plan | None, as_of: date, days: Sequence[DayActual], month_pace: Decimal | None
) -> tuple[StagePlan | None, StagePlan | None, list[ConversionAnomaly], Advice]:
    """The current and next stage of ``plan`` on ``as_of`` (the store's today), the conversion anomalies of the
    last 28 days and the advice, from ``days`` (the store-days before ``as_of``, at least the last 56) and the
    month pace. The stage status of one store and the portfolio of many both decide here."""
    found = conversion_anomalies([(d.date, d.uv, d.orders) for d in days if d.orders is not None])
    anomalies = [a for a in found if as_of - timedelta(days=28) <= a.date < as_of]
    current = following = None
    if plan is not None:
        stages = sorted(plan.stages.all(), key=lambda s: s.number)
        current = next((s for s in stages if s.start_date <= as_of <= s.end_date), stages[-1])
        following = next((s for s in stages if s.number == current.number + 1), None)
    advice = advise(
        as_of,
        _range(current) if current else None,
        _range(following) if following else None,
        current.start_date if current else None,
        days,
        month_pace,
        anomalies,
    )
    return current, following, anomalies, advice


@dataclass(frozen=True)
class StageRow:
    stage: StagePlan
    uv: int
    gmv: Decimal
    ad_spend: Decimal
    roi: Decimal | None
    days: int


def stage_rows(plan: Plan) -> list[StageRow]:
    """Each stage with what its targets imply per day."""
    rows = []
    for stage in plan.stages.order_by("number"):
        per_day = implied(stage.orders_per_day, stage.conversion, stage.aov, stage.paid_share, stage.cpc)
        days = (stage.end_date - stage.start_date).days + 1
        rows.append(StageRow(stage, per_day.uv, per_day.gmv, per_day.ad_spend, per_day.roi, days))
    return rows


def plan_months(plan: Plan) -> list[dict[str, Any]]:
    """The plan's day targets summed per month (one query)."""
    return list(
        plan.daily_targets.annotate(month=TruncMonth("date"))
        .values("month")
        .annotate(uv=Sum("uv"), orders=Sum("orders"), gmv=Sum("gmv"), ad_spend=Sum("ad_spend"))
        .order_by("month")
    )


def plan_totals(plan: Plan) -> dict[str, Any]:
    return plan.daily_targets.aggregate(uv=Sum("uv"), orders=Sum("orders"), gmv=Sum("gmv"), ad_spend=Sum("ad_spend"))


# What the comparison shows of a stage (per day) and of a month, with how each is written.
COMPARED_STAGE_FIGURES = (
    ("orders_per_day", "decimal", _("Orders/day")),
    ("uv", "count", _("UV/day")),
    ("gmv", "money", _("GMV/day")),
    ("ad_spend", "money", _("Ad spend/day")),
)
COMPARED_MONTH_FIGURES = (
    ("orders", "count", _("Orders")),
    ("uv", "count", _("UV")),
    ("gmv", "money", _("GMV")),
    ("ad_spend", "money", _("Ad spend")),
)


def _stage_figures(row: StageRow | None) -> dict[str, Any] | None:
    if row is None:
        return None
    return {"orders_per_day": row.stage.orders_per_day, "uv": row.uv, "gmv": row.gmv, "ad_spend": row.ad_spend}


def plans_compare(a: Plan, b: Plan) -> dict[str, Any]:
    """Side by side: stage targets and implied figures per day, month totals and the plans' totals, each figure
    of A and B with B's difference from A."""
    a_stages, b_stages = {r.stage.number: r for r in stage_rows(a)}, {r.stage.number: r for r in stage_rows(b)}
    a_months, b_months = {m["month"]: m for m in plan_months(a)}, {m["month"]: m for m in plan_months(b)}
    months = sorted(a_months.keys() | b_months.keys())
    return {
        "stages": [
            compare_row(n, _stage_figures(a_stages.get(n)), _stage_figures(b_stages.get(n)), COMPARED_STAGE_FIGURES)
            for n in sorted(a_stages.keys() | b_stages.keys())
        ],
        "months": [compare_row(m, a_months.get(m), b_months.get(m), COMPARED_MONTH_FIGURES) for m in months],
        "total": compare_row(None, plan_totals(a), plan_totals(b), COMPARED_MONTH_FIGURES),
        "month_figures": {m: (a_months.get(m), b_months.get(m)) for m in months},
    }


def metrics_known_at(store: Store, date_from: date, date_to: date, at: datetime) -> list[dict[str, Any]]:
    """Each source's figures for the store's days as they were known at ``at``.

    A row updated after ``at`` is replaced by the revision that was current then; a row first
    reported after ``at`` is left out. Two queries, whatever the range.
    """
    rows = list(
        DailyMetric.objects.filter(store=store, date__gte=date_from, date__lte=date_to, created_at__lte=at)
        .order_by("date", "source")
        .values("id", "date", "source", "updated_at", *METRIC_FIELDS)
    )
    later = [row["id"] for row in rows if row["updated_at"] > at]
    known: dict[int, dict[str, Any]] = {}
    for revision in DailyMetricRevision.objects.filter(
        metric_id__in=later, known_from__lte=at, superseded_at__gt=at
    ).values("metric_id", "values"):
        known[revision["metric_id"]] = revision["values"]
    result = []
    for row in rows:
        if row["id"] in known:
            row = {**row, **{k: _typed(k, v) for k, v in known[row["id"]].items()}}
        result.append({k: v for k, v in row.items() if k not in ("id", "updated_at")})
    return result


def _typed(name: str, value: Any) -> Any:
    return Decimal(value) if name in METRIC_MONEY_FIELDS and value is not None else value
