"""One store's dashboard: plan against actual by day, week or month, the variance split, the stages."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from django.db import connection
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from alerts.models import Alert
from alerts.selectors import open_alerts
from core.formula import Input, Round
from funnel.choices import PlanStatus
from funnel.domain.advice import DayActual
from funnel.formulas import AOV, ATTAINMENT, CONVERSION
from funnel.models import Plan
from funnel.selectors import ADVICE_HISTORY_DAYS
from promotions.models import Promotion
from rollups.models import DayRollup, Grain, PeriodRollup, RollupRun
from rollups.selectors import stage_status
from stores.days import store_yesterday
from stores.models import Store

from ..domain import (
    BUCKET_SUMS,
    CHART_FIGURES,
    CHART_TARGETS,
    Shade,
    bucket_of,
    bucket_spans,
    event_shades,
    month_end,
    month_start,
    shade_labels,
    waterfall,
)
from ..domain import Grain as ChartGrain
from .operations import operations_panels, promotion_shades, store_promotions
from .portfolio import stage_names

CHART_SERIES = ("uv", "orders", "gmv", "conversion", "aov", "target_uv", "target_orders", "target_gmv")
CHART_SERIES += ("target_conversion", "target_aov")
TABLE_FIGURES = (
    "uv",
    "orders",
    "gmv",
    "ad_spend",
    "target_uv",
    "target_orders",
    "target_gmv",
    "conversion",
    "aov",
    "orders_attainment",
    "gmv_attainment",
    "gmv_variance",
    "uv_effect",
    "conversion_effect",
    "aov_effect",
)
PERIOD_FIGURES = ("days", "days_elapsed", "period_target_gmv", "projected_gmv", "pace_gmv", "as_of")
DAY_WINDOW = 90


def chart_window(grain: ChartGrain, yesterday: date, plan: Plan | None) -> tuple[date, date]:
    """Days: the last 90; weeks and months: the plan's period (the last 26 weeks / 12 months without a plan)."""
    if grain == "day":
        return yesterday - timedelta(days=DAY_WINDOW - 1), yesterday
    if plan is not None:
        return bucket_of(plan.period_start, grain)[0], bucket_of(plan.period_end, grain)[1]
    if grain == "week":
        return bucket_of(yesterday - timedelta(weeks=25), grain)[0], bucket_of(yesterday, grain)[1]
    first = month_start(month_start(yesterday) - timedelta(days=330))
    return first, month_end(yesterday)


def shades(plan: Plan | None, promotions: list[Promotion], first: date, last: date) -> list[Shade]:
    """Stretches a chart shades: the plan's heavier event days and the store's promotions."""
    marks = event_shades(plan.event_weights, first, last, _("Platform event")) if plan is not None else []
    shown = [p for p in promotions if p.start_date <= last and p.end_date >= first]
    return marks + promotion_shades(shown, _("Promotion"))


def drill_end(start: date, end: date, yesterday: date) -> date:
    """The days behind a figure: a period that has begun counts to yesterday; a future one shows its targets."""
    return min(end, yesterday) if start <= yesterday else end


def _share(name: str, actual: str, target: str) -> str:
    """An actual as a share of its target, as SQL: ATTAINMENT's definition and places (ROUND instead of its column's
    CAST, which no column holds here: a share far above 1 of a tiny target is shown, not a numeric overflow)."""
    return ATTAINMENT.bound(name, Round(4), actual=Input(actual), target=Input(target)).sql()


def _chart_sql(grain: ChartGrain) -> str:
    """The chart's periods from the day rollups, one row each with data: the sums, conversion and AOV of the sums
    and of their targets, and each chart's share of target (funnel.formulas' definitions, written as SQL, so that
    no figure is computed again in Python). Days keep the day view's own figures and add the period table's."""
    table = DayRollup._meta.db_table
    targets = (
        f"{CONVERSION.sql({'orders': 'target_orders', 'uv': 'target_uv'})} AS target_conversion, "
        f"{AOV.sql({'gmv': 'target_gmv', 'orders': 'target_orders'})} AS target_aov"
    )
    where = "store_id = %s AND date >= %s AND date <= %s"
    if grain == "day":
        figures = ", ".join(dict.fromkeys(("stage", *TABLE_FIGURES)))
        inner = f"SELECT date, date AS start, {figures}, {targets} FROM {table} WHERE {where}"  # noqa: S608
    else:
        start = {
            "week": "date - (extract(isodow FROM date)::int - 1)",  # its Monday, as domain.bucket_of
            "month": "date - (extract(day FROM date)::int - 1)",
        }
        sums = ", ".join(f"sum({name}) AS {name}" for name in BUCKET_SUMS)
        inner = (
            f"SELECT start, {', '.join(BUCKET_SUMS)}, {CONVERSION.sql()} AS conversion, {AOV.sql()} AS aov, {targets} "
            f"FROM (SELECT {start[grain]} AS start, {sums} FROM {table} WHERE {where} GROUP BY 1) sums"  # noqa: S608
        )
    shares = ", ".join(f"{_share(f'{key}_share', key, target)} AS {key}_share" for key, target in CHART_TARGETS)
    return f"SELECT *, {shares} FROM ({inner}) ratios ORDER BY start"  # noqa: S608


def chart_rows(store: Store, grain: ChartGrain, first: date, last: date) -> list[dict[str, Any]]:
    """The periods of [first, last] that have days, in date order (one query; see :func:`_chart_sql`)."""
    with connection.cursor() as cursor:
        cursor.execute(_chart_sql(grain), [store.pk, first, last])
        names = [column.name for column in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _chart(
    rows: list[dict[str, Any]], grain: ChartGrain, window: tuple[date, date], marks: list[Shade], yesterday: date
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The charts' data (every period of the window, data or not) and the periods themselves."""
    found = {row["start"]: row for row in rows}
    empty = dict.fromkeys(CHART_FIGURES)
    periods = []
    for start, end in bucket_spans(grain, *window):
        periods.append({**found.get(start, empty), "start": start, "end": end, "to": drill_end(start, end, yesterday)})
    spans = [(p["start"], p["end"]) for p in periods]
    label = {"day": "%Y-%m-%d", "week": "%Y-%m-%d", "month": "%Y-%m"}[grain]
    series = {name: [None if p[name] is None else float(p[name]) for p in periods] for name in CHART_SERIES}
    return {
        "grain": grain,
        "labels": [p["start"].strftime(label) for p in periods],
        "from": [p["start"].isoformat() for p in periods],
        "to": [p["to"].isoformat() for p in periods],
        "series": series,
        "shades": shade_labels(marks, spans),
    }, periods


def period_table(
    store: Store, grain: ChartGrain, first: date, last: date, yesterday: date, days: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """The period table, newest first: the days up to yesterday (``days``: the day rows of :func:`chart_rows`), or
    the week / month rollups with their pace."""
    if grain == "day":
        return [{"start": d["date"], "to": d["date"], **d} for d in reversed(days) if d["date"] <= yesterday]
    rows = PeriodRollup.objects.filter(
        store=store, grain=grain, period_start__gte=first, period_end__lte=last, period_start__lte=yesterday
    ).order_by("-period_start")
    return [
        {"start": r["period_start"], "to": drill_end(r["period_start"], r["period_end"], yesterday), **r}
        for r in rows.values("period_start", "period_end", *TABLE_FIGURES, *PERIOD_FIGURES)
    ]


def variance_splits(store: Store, yesterday: date, plan: Plan | None) -> list[dict[str, Any]]:
    """The GMV variance of the current month and of the plan period split into UV, conversion and AOV effects."""
    scopes = Q(grain=Grain.MONTH, period_start=month_start(yesterday))
    if plan is not None:
        scopes |= Q(grain=Grain.PLAN, period_start=plan.period_start)
    rows = PeriodRollup.objects.filter(Q(store=store) & scopes).values(
        "grain",
        "period_start",
        "period_end",
        "as_of",
        "gmv",
        "target_gmv",
        "gmv_variance",
        "uv_effect",
        "conversion_effect",
        "aov_effect",
        "gmv_attainment",
        "pace_orders",
    )
    found = []
    for row in sorted(rows, key=lambda r: r["grain"] != Grain.MONTH):
        found.append(
            {
                **row,
                "label": _("This month") if row["grain"] == Grain.MONTH else _("Plan period"),
                "to": drill_end(row["period_start"], row["period_end"], yesterday),
                "steps": waterfall(
                    row["target_gmv"], row["uv_effect"], row["conversion_effect"], row["aov_effect"], row["gmv"]
                ),
            }
        )
    return found


def timeline(plan: Plan | None, today: date) -> dict[str, Any] | None:
    """The plan's stages in proportion to their length, with where today falls."""
    if plan is None:
        return None
    names, total = stage_names(), (plan.period_end - plan.period_start).days + 1
    stages = []
    for stage in sorted(plan.stages.all(), key=lambda s: s.number):
        stages.append(
            {
                "number": stage.number,
                "name": names.get(stage.number, ""),
                "start": stage.start_date,
                "end": stage.end_date,
                "days": (stage.end_date - stage.start_date).days + 1,
                "current": stage.start_date <= today <= stage.end_date,
                "bestseller_count": stage.bestseller_count,
                "bestseller_sales": stage.bestseller_sales,
                "listed_items": stage.listed_items,
            }
        )
    elapsed = min(max((today - plan.period_start).days, 0), total)
    return {"stages": stages, "position": round(100 * elapsed / total, 1), "days": total, "today": today}


def last_rollup(store: Store) -> datetime | None:
    """When the store's latest finished rollup ended."""
    run = RollupRun.objects.filter(store=store, status=RollupRun.Status.DONE, finished_at__isnull=False)
    return run.order_by("-finished_at").values_list("finished_at", flat=True).first()


def current_plan(store: Store, yesterday: date) -> Plan | None:
    """The active plan covering the store's today (or, on the day after it ended, yesterday), with its stages: the
    plan ``funnel.selectors.active_plan`` gives for today, else for yesterday, read in one query."""
    today = yesterday + timedelta(days=1)
    plans = list(
        Plan.objects.filter(store=store, status=PlanStatus.ACTIVE, period_start__lte=today, period_end__gte=yesterday)
        .order_by(*Plan._meta.ordering, "pk")
        .prefetch_related("stages")
    )
    for day in (today, yesterday):
        found = next((p for p in plans if p.period_start <= day <= p.period_end), None)
        if found is not None:
            return found
    return None


def chart_promotions(store: Store, first: date, last: date) -> list[Promotion]:
    """The promotions a chart shades, their dates only, in the order :func:`store_promotions` gives (one query)."""
    found = Promotion.objects.filter(store=store, start_date__lte=last, end_date__gte=first)
    return list(found.only("id", "start_date", "end_date").order_by("start_date", "name"))


def store_chart(
    store: Store, grain: ChartGrain, *, now: datetime | None = None, panels: bool = False
) -> dict[str, Any]:
    """The store dashboard's charts: plan against actual per period of the window, and the GMV variance split of
    the month and the plan period; what the page draws and its JSON serves, in a fixed number of queries. With
    ``panels`` the promotions are read with their details for the operations panels too, else their dates only."""
    yesterday = store_yesterday(store, now or timezone.now())
    plan = current_plan(store, yesterday)
    first, last = chart_window(grain, yesterday, plan)
    today = yesterday + timedelta(days=1)
    promotions = store_promotions(store, first, last, today) if panels else chart_promotions(store, first, last)
    rows = chart_rows(store, grain, first, last)
    chart, periods = _chart(rows, grain, (first, last), shades(plan, promotions, first, last), yesterday)
    return {
        "grain": grain,
        "yesterday": yesterday,
        "today": today,
        "first": first,
        "last": last,
        "plan": plan,
        "promotions": promotions,
        "chart_rows": rows,
        "chart": chart,
        "periods": periods,
        "variance": variance_splits(store, yesterday, plan),
    }


def _stage_status(store: Store, board: dict[str, Any]):
    """The stage status of the store's today, from what the charts read where they hold it: the plan (when it
    covers today), the day rows (the day grain's 90 days hold the advice's 56) and the month's orders pace."""
    today, plan = board["today"], board["plan"]
    covers = plan is not None and plan.period_start <= today <= plan.period_end
    known: dict[str, Any] = {"plan": plan if covers else None}
    if board["grain"] == "day":
        history = today - timedelta(days=ADVICE_HISTORY_DAYS)
        known["days"] = [
            DayActual(r["date"], r["uv"], r["orders"], r["target_orders"])
            for r in board["chart_rows"]
            if history <= r["date"] < today
        ]
    month = next((v for v in board["variance"] if v["grain"] == Grain.MONTH), None)
    known["pace"] = month["pace_orders"] if month else None
    return stage_status(store, today, **known)


def store_dashboard(store: Store, grain: ChartGrain, *, now: datetime | None = None) -> dict[str, Any]:
    """Everything the store dashboard shows, in a fixed number of queries whatever the range."""
    board = store_chart(store, grain, now=now, panels=True)
    yesterday, today, plan = board["yesterday"], board["today"], board["plan"]
    return {
        **board,
        "rows": period_table(store, grain, board["first"], board["last"], yesterday, board["chart_rows"]),
        "timeline": timeline(plan, today),
        "status": _stage_status(store, board),
        "last_rollup_at": last_rollup(store),
        **operations_panels(store, plan, board["promotions"], today),
    }


RECOMPUTE_DAYS = 400


def recompute_span(store: Store, *, now: datetime | None = None) -> tuple[date, date]:
    """What "recompute now" rebuilds: the active plan's period, or the last 400 days without one."""
    yesterday = store_yesterday(store, now or timezone.now())
    plan = current_plan(store, yesterday)
    if plan is not None:
        return plan.period_start, plan.period_end
    return yesterday - timedelta(days=RECOMPUTE_DAYS - 1), yesterday


def store_open_alerts(store: Store) -> list[Alert]:
    """The store's open alerts, most severe first."""
    return list(open_alerts([store.pk]))
