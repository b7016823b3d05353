"""The rollup statements: the day rows as a view, the period segments set-based from them (INSERT … SELECT), the
periods as a view over the segments.

The figures (conversion, AOV, attainment, effects, pace …) are funnel.formulas' definitions written as SQL: they
are defined there, not here.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime, timedelta

from funnel import formulas
from funnel.counted import ACTUAL_COLUMNS, ranked_actuals
from funnel.models import METRIC_FIELDS

from .models import Grain, RollupRun


def _week_of(d: str) -> str:
    """The Monday of date ``d``'s week. date_part (a double) rather than EXTRACT (a numeric since PostgreSQL 14):
    a third of the segment grouping."""
    return f"({d} - CAST(date_part('isodow', {d}) AS integer) + 1)"


def _month_of(d: str) -> str:
    """The first day of date ``d``'s month."""
    return f"({d} - CAST(date_part('day', {d}) AS integer) + 1)"


def _day_id(s: str, d: str) -> str:
    """A number unique per store id ``s`` and date ``d``."""
    return f"(CAST({s} AS bigint) * 1000000 + ({d} - DATE '2000-01-01'))"


def _decimal(x: str, p: int, s: int) -> str:
    """``x`` as a decimal of ``p`` digits, ``s`` after the point (what a column of that type holds)."""
    return f"CAST({x} AS numeric({p}, {s}))"


def work_mem(cursor, amount: str) -> None:
    """Let the current transaction sort and group in more memory."""
    cursor.execute("SELECT set_config('work_mem', %s, true)", [amount])


def _in(ids: Sequence[int]) -> str:
    return ", ".join(["%s"] * len(ids))


# The figures' inputs as the statements name them below the SELECT that names every column as the models do; the
# outer SELECT reads the effects from the columns the inner one computed them into.
_INNER = {
    "target_uv": "t_uv",
    "target_orders": "t_orders",
    "target_gmv": "t_gmv",
    "target_ad_spend": "t_ad",
    "days_elapsed": "elapsed",
    "period_target_orders": "period_t_orders",
    "period_target_gmv": "period_t_gmv",
}
_OUTER = {**_INNER, formulas.UV_EFFECT.name: "uv_eff", formulas.CONVERSION_EFFECT.name: "conv_eff"}
# The figures of a day or a period (funnel.formulas), in FIGURE_COLUMNS' order; the effects are computed one
# SELECT below the others so that the AOV effect can take the other two away from the variance.
DAY_FIGURES = (
    formulas.CONVERSION,
    formulas.AOV,
    formulas.ROI,
    formulas.ORDERS_VARIANCE,
    formulas.GMV_VARIANCE,
    formulas.ORDERS_ATTAINMENT,
    formulas.GMV_ATTAINMENT,
    formulas.UV_EFFECT,
    formulas.CONVERSION_EFFECT,
    formulas.AOV_EFFECT,
)
PERIOD_FIGURES = (formulas.PROJECTED_ORDERS, formulas.PROJECTED_GMV, formulas.PACE_ORDERS, formulas.PACE_GMV)


def _effects() -> str:
    """The inner SELECT's effects, under the names the outer one reads them by."""
    return ",\n    ".join(
        f"{figure.sql(_INNER)} AS {_OUTER[figure.name]}" for figure in (formulas.UV_EFFECT, formulas.CONVERSION_EFFECT)
    )


def _figures() -> str:
    """The figures of a day or a period from its sums (uv … t_ad) and effects, in FIGURE_COLUMNS' order and
    types."""
    figures = ",\n    ".join(f"{figure.sql(_OUTER)} AS {figure.name}" for figure in DAY_FIGURES)
    return f"""
    uv, pv, orders, gmv, ad_spend, refunds, t_uv AS target_uv, t_orders AS target_orders, t_gmv AS target_gmv,
    t_ad AS target_ad_spend,
    {figures}
    """


FIGURE_COLUMNS = (
    "uv, pv, orders, gmv, ad_spend, refunds, target_uv, target_orders, target_gmv, target_ad_spend, conversion, "
    "aov, roi, orders_variance, gmv_variance, orders_attainment, gmv_attainment, uv_effect, conversion_effect, "
    "aov_effect"
)


def _ranked_targets(where: str) -> str:
    """Each store-day's target: the day target of the latest-starting active plan (the highest id among plans
    starting the same day)."""
    return f"""
        SELECT store_id, date, plan_id, stage, uv, orders, gmv, ad_spend FROM (
            SELECT p.store_id, dt.date, dt.plan_id, dt.stage, dt.uv, dt.orders, dt.gmv, dt.ad_spend,
                   ROW_NUMBER() OVER (PARTITION BY p.store_id, dt.date ORDER BY p.period_start DESC, p.id DESC) AS rank
            FROM funnel_dailytarget dt JOIN funnel_plan p ON p.id = dt.plan_id
            WHERE p.status = 'active' {"AND " + where if where else ""}
        ) ranked WHERE rank = 1
    """


_JOINED = """a.source, a.paying_buyers, a.new_buyers, a.returning_buyers, t.plan_id, t.stage,
    a.uv, a.pv, a.orders, a.gmv, a.ad_spend, a.refunds, t.uv AS t_uv, t.orders AS t_orders, t.gmv AS t_gmv,
    t.ad_spend AS t_ad"""


def day_view() -> str:
    """The body of the ``rollups_dayrollup`` view: one row per store-day with actuals or a target of an active
    plan, its actuals against its target and the figures that follow (the same as a period's, for one day).

    Days with actuals and days with only a target are two arms of a UNION ALL, so that a query's filter on store
    and date reaches the metrics and the targets (a FULL JOIN would hide it behind COALESCE): reading one store's
    days reads that store's rows only."""
    day_id = _day_id("store_id", "date")
    return f"""
    SELECT {day_id} AS id, store_id, date, source, paying_buyers, new_buyers, returning_buyers, plan_id, stage,
           {_figures()}, CURRENT_TIMESTAMP AS computed_at
    FROM (
        SELECT joined.*, {_effects()} FROM (
            SELECT a.store_id, a.date, {_JOINED}
            FROM ({ranked_actuals("")}) a
            LEFT JOIN ({_ranked_targets("")}) t ON t.store_id = a.store_id AND t.date = a.date
            UNION ALL
            SELECT t.store_id, t.date, NULL, NULL, NULL, NULL, t.plan_id, t.stage, NULL, NULL, NULL, NULL, NULL, NULL,
                   t.uv, t.orders, t.gmv, t.ad_spend
            FROM ({_ranked_targets("")}) t
            WHERE NOT EXISTS (SELECT 1 FROM funnel_dailymetric m WHERE m.store_id = t.store_id AND m.date = t.date)
        ) joined
    ) effects
    """


def _day_sums(days: str, ids: str) -> str:
    """The day rows of some stores and dates as build_segments sums them (parameters: those of ``days``; ids; then
    those of ``days`` four times): actuals FULL JOIN targets. ``days`` picks the store-days (see
    :func:`_store_days`); ``ids`` are the stores.

    Choosing among a store-day's sources, or among overlapping active plans, takes a window over every row, and
    in the common case there is nothing to choose. So the statement first looks, in the same snapshot, whether
    any store-day of these stores has two sources or two active plans, and ranks only then: of each UNION ALL,
    the arm that does not apply is skipped once, not row by row."""
    metrics = days.format(store="m.store_id", day="m.date")
    targets = days.format(store="p.store_id", day="dt.date")
    return f"""
        WITH choice AS (
            SELECT EXISTS (
                SELECT 1 FROM funnel_dailymetric m WHERE {metrics} GROUP BY m.store_id, m.date HAVING COUNT(*) > 1
            ) AS sources,
            EXISTS (
                SELECT 1 FROM funnel_plan p JOIN funnel_plan q
                  ON q.store_id = p.store_id AND q.id <> p.id AND q.status = 'active'
                 AND q.period_start <= p.period_end AND p.period_start <= q.period_end
                WHERE p.status = 'active' AND p.store_id IN ({ids})
            ) AS plans
        ),
        actuals AS (
            SELECT m.store_id, m.date, {", ".join(f"m.{c}" for c in METRIC_FIELDS)}
            FROM funnel_dailymetric m WHERE {metrics} AND NOT (SELECT sources FROM choice)
            UNION ALL
            SELECT store_id, date, {ACTUAL_COLUMNS} FROM ({ranked_actuals(metrics)}) r
            WHERE (SELECT sources FROM choice)
        ),
        targets AS (
            SELECT p.store_id, dt.date, dt.plan_id, dt.stage, dt.uv, dt.orders, dt.gmv, dt.ad_spend
            FROM funnel_dailytarget dt JOIN funnel_plan p ON p.id = dt.plan_id
            WHERE p.status = 'active' AND {targets} AND NOT (SELECT plans FROM choice)
            UNION ALL
            SELECT store_id, date, plan_id, stage, uv, orders, gmv, ad_spend FROM ({_ranked_targets(targets)}) r
            WHERE (SELECT plans FROM choice)
        )
        SELECT COALESCE(a.store_id, t.store_id) AS store_id, COALESCE(a.date, t.date) AS date, t.plan_id, t.stage,
               a.uv, a.pv, a.orders, a.gmv, a.ad_spend, a.refunds,
               t.uv AS t_uv, t.orders AS t_orders, t.gmv AS t_gmv, t.ad_spend AS t_ad
        FROM actuals a FULL JOIN targets t ON t.store_id = a.store_id AND t.date = a.date
    """


def grain_window(grain: str, first: date, last: date) -> tuple[date, date]:
    """The days a calendar grain's periods touching [first, last] cover: whole weeks or whole months."""
    if grain == "week":
        return first - timedelta(days=first.weekday()), last + timedelta(days=6 - last.weekday())
    next_month = (last.replace(day=1) + timedelta(days=32)).replace(day=1)
    return first.replace(day=1), next_month - timedelta(days=1)


# A segment's sums: the day rows' columns (as _day_sums names them) and the segment table's.
_SUMMED = ("uv", "pv", "orders", "gmv", "ad_spend", "refunds", "t_uv", "t_orders", "t_gmv", "t_ad")
SEGMENT_SUMS = (
    "uv", "pv", "orders", "gmv", "ad_spend", "refunds", "target_uv", "target_orders", "target_gmv", "target_ad_spend"
)  # fmt: skip


def store_days(windows: Mapping[tuple[date, date], Sequence[int]]) -> tuple[str, list]:
    """A filter on store-days: for each window [first, last], those days of the stores listed for it; and its
    parameters. The filter names its columns ``{store}`` and ``{day}``, for each statement to fill in."""
    clauses, params = [], []
    for (first, last), store_ids in windows.items():
        clauses.append(f"({{store}} IN ({_in(store_ids)}) AND {{day}} >= %s AND {{day}} <= %s)")
        params += [*store_ids, first, last]
    return f"({' OR '.join(clauses)})", params


def _segments_replace(
    cursor, windows: Mapping[tuple[date, date], Sequence[int]], as_of: date, now: datetime
) -> tuple[str, list]:
    """Delete the segments of ``windows`` (see :func:`build_segments`); returns the INSERT … SELECT of their new ones
    and its parameters, for the caller to run as it is or inside a statement of its own."""
    days, params = store_days(windows)
    cursor.execute(f"DELETE FROM rollups_periodsegment WHERE {days.format(store='store_id', day='first_day')}", params)
    store_ids = [store_id for ids in windows.values() for store_id in ids]
    sums = ", ".join(f"SUM(d.{c})" for c in _SUMMED)
    insert = f"""
        INSERT INTO rollups_periodsegment (store_id, week, month, plan_id, stage, past, first_day, last_day, as_of,
            computed_at, {", ".join(SEGMENT_SUMS)})
        SELECT d.store_id, {_week_of("d.date")}, {_month_of("d.date")}, d.plan_id, d.stage,
               d.date <= %s, MIN(d.date), MAX(d.date), %s, %s, {sums}
        FROM ({_day_sums(days, _in(store_ids))}) d
        GROUP BY 1, 2, 3, 4, 5, 6
        """
    return insert, [as_of, as_of, now, *params, *store_ids, *(params * 4)]


def build_segments(
    cursor,
    store_ids: Sequence[int],
    days: tuple[date, date],
    as_of: date,
    now: datetime,
) -> int:
    """Replace the period segments of ``store_ids`` in ``days`` (rollups_periodsegment): one DELETE and one
    INSERT … SELECT. A segment sums the days of one store that share a week, a month, the plan stage their
    target came from and whether they are past ``as_of`` (about 130 a store-year). The periods (the
    ``rollups_periodrollup`` view) add segments up when read.

    ``days`` must begin and end on week or month boundaries (``services.rollup_window`` widens a change to whole
    weeks and months): a segment never crosses one, so the segments whose first day lies in ``days`` are exactly
    those of its days, and none is counted twice."""
    cursor.execute(*_segments_replace(cursor, {days: store_ids}, as_of, now))
    return cursor.rowcount


def build_segments_windows(
    cursor, windows: Mapping[tuple[date, date], Sequence[int]], as_of: date, now: datetime
) -> dict[int, int]:
    """:func:`build_segments` for stores whose windows differ (the nightly chunk: most share one, a store with
    older changed days has its own): ``windows`` maps each window to its stores, one statement still replaces
    them all. Returns the segments written, by store."""
    insert, params = _segments_replace(cursor, windows, as_of, now)
    cursor.execute(
        f"WITH written AS ({insert} RETURNING store_id) SELECT store_id, count(*) FROM written GROUP BY store_id",
        params,
    )
    return dict(cursor.fetchall())


def runs_start(cursor, spans: Sequence[tuple[int, date, date]], started: datetime) -> dict[int, int]:
    """Open a rollup run, running, for each (store id, first day, last day), in one statement: a run per store of
    a chunk, without a model instance each. Returns the run ids by store id."""
    store_ids, firsts, lasts = zip(*spans, strict=True) if spans else ((), (), ())
    cursor.execute(
        "INSERT INTO rollups_rolluprun (store_id, date_from, date_to, status, rows, started_at) "
        "SELECT s, f, t, %s, 0, %s FROM unnest(%s::bigint[], %s::date[], %s::date[]) AS w(s, f, t) "
        "RETURNING store_id, id",
        [RollupRun.Status.RUNNING, started, list(store_ids), list(firsts), list(lasts)],
    )
    return dict(cursor.fetchall())


def runs_done(cursor, rows: Mapping[int, int], finished: datetime) -> None:
    """Close rollup runs (run id -> the segment rows it wrote) as done, in one statement, where Django's
    bulk_update would build a CASE of a branch per run in Python."""
    cursor.execute(
        "UPDATE rollups_rolluprun r SET status = %s, rows = w.n, finished_at = %s "
        "FROM unnest(%s::bigint[], %s::integer[]) AS w(id, n) WHERE r.id = w.id",
        [RollupRun.Status.DONE, finished, list(rows), list(rows.values())],
    )


def period_view() -> str:
    """The body of the ``rollups_periodrollup`` view: every week, month, plan stage and plan period of a store,
    added up from its segments when read: sums to the segments' ``as_of``, targets to date and for the whole
    period, variance, attainment, effects and pace. A stage or plan period holds the days whose target came from
    it. A filter on store, grain and dates reaches the segments: one store's periods read that store's segments
    only."""
    sums = ", ".join(f"SUM(CASE WHEN g.past THEN g.{c} END) AS {d}" for c, d in zip(SEGMENT_SUMS, _SUMMED, strict=True))
    sums += ", SUM(g.target_orders) AS period_t_orders, SUM(g.target_gmv) AS period_t_gmv"
    sums += ", MAX(g.as_of) AS as_of, MAX(g.computed_at) AS computed_at"
    grain_no = "CASE grain " + " ".join(f"WHEN '{g}' THEN {n}" for n, g in enumerate(Grain.values)) + " END"
    period_id = _day_id(f"(store_id * 10 + {grain_no})", "period_start")
    elapsed_end = "CASE WHEN period_end < as_of THEN period_end ELSE as_of END"
    paced = ",\n           ".join(f"{figure.sql(_INNER)} AS {figure.name}" for figure in PERIOD_FIGURES)
    return f"""
    SELECT {period_id} AS id, store_id, grain, period_start, period_end, stage, as_of, days,
           elapsed AS days_elapsed, {_figures()},
           period_t_orders AS period_target_orders, period_t_gmv AS period_target_gmv,
           {paced},
           computed_at
    FROM (
        SELECT sums.*, (period_end - period_start) + 1 AS days,
               CASE WHEN period_start > as_of THEN 0 ELSE ({elapsed_end} - period_start) + 1 END AS elapsed,
               {_effects()}
        FROM (
            SELECT 'week' AS grain, g.store_id, g.week AS period_start, (g.week + 6) AS period_end,
                   CAST(NULL AS integer) AS stage, {sums}
            FROM rollups_periodsegment g
            GROUP BY g.store_id, g.week
            UNION ALL
            SELECT 'month', g.store_id, g.month, CAST(g.month + interval '1 month - 1 day' AS date), NULL, {sums}
            FROM rollups_periodsegment g
            GROUP BY g.store_id, g.month
            UNION ALL
            SELECT 'stage', g.store_id, sp.start_date, sp.end_date, sp.number, {sums}
            FROM rollups_periodsegment g JOIN funnel_stageplan sp ON sp.plan_id = g.plan_id AND sp.number = g.stage
            GROUP BY g.store_id, sp.start_date, sp.end_date, sp.number
            UNION ALL
            SELECT 'plan', g.store_id, p.period_start, p.period_end, NULL, {sums}
            FROM rollups_periodsegment g JOIN funnel_plan p ON p.id = g.plan_id
            GROUP BY g.store_id, p.period_start, p.period_end
        ) sums
    ) timed
    """
