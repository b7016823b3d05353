"""The rollup statements: set-based INSERT ... SELECT over all days of the given stores and range.

They run on PostgreSQL and on the embedded SQLite; the few date expressions that differ come from
``Dialect``. Arithmetic multiplies by 1.0 before dividing so that integers never divide as integers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db import connection

from funnel.choices import SERVICE_LOG_SOURCE
from funnel.models import METRIC_FIELDS


@dataclass(frozen=True)
class Dialect:
    month_start: str
    month_end: str
    week_start: str
    week_end: str
    days_between: str  # "{a}" and "{b}" are dates; the number of days from a to b

    def span(self, a: str, b: str) -> str:
        return self.days_between.format(a=a, b=b)


POSTGRES = Dialect(
    month_start="CAST(date_trunc('month', d.date) AS date)",
    month_end="CAST(date_trunc('month', d.date) + interval '1 month - 1 day' AS date)",
    week_start="CAST(date_trunc('week', d.date) AS date)",
    week_end="CAST(date_trunc('week', d.date) + interval '6 days' AS date)",
    days_between="({b} - {a})",
)
SQLITE = Dialect(
    month_start="date(d.date, 'start of month')",
    month_end="date(d.date, 'start of month', '+1 month', '-1 day')",
    week_start="date(d.date, 'weekday 0', '-6 days')",
    week_end="date(d.date, 'weekday 0')",
    days_between="CAST(julianday({b}) - julianday({a}) AS INTEGER)",
)


def dialect() -> Dialect:
    return POSTGRES if connection.vendor == "postgresql" else SQLITE


def work_mem(cursor, amount: str) -> None:
    """Let the current transaction sort and group in more memory (PostgreSQL; SQLite has no such limit)."""
    if connection.vendor == "postgresql":
        cursor.execute("SELECT set_config('work_mem', %s, true)", [amount])


def _in(ids: Sequence[int]) -> str:
    return ", ".join(["%s"] * len(ids))


# Effects of the GMV variance, with target conversion = To/Tu and target AOV = Tg/To:
#   UV effect         = (Ua - Tu) * Tg / Tu
#   conversion effect = (Oa - Ua * To / Tu) * Tg / To
#   AOV effect        = the rest, so the three always sum to the variance exactly.
_FIGURES = """
    uv, pv, orders, gmv, ad_spend, refunds, t_uv, t_orders, t_gmv, t_ad,
    CASE WHEN uv > 0 THEN orders * 1.0 / uv END,
    CASE WHEN orders > 0 THEN gmv * 1.0 / orders END,
    CASE WHEN ad_spend > 0 THEN gmv * 1.0 / ad_spend END,
    orders - t_orders, gmv - t_gmv,
    CASE WHEN t_orders > 0 THEN orders * 1.0 / t_orders END,
    CASE WHEN t_gmv > 0 THEN gmv * 1.0 / t_gmv END,
    uv_eff, conv_eff, (gmv - t_gmv) - uv_eff - conv_eff
"""
_EFFECTS = """
    ROUND(CASE WHEN {tu} > 0 AND {to} > 0 AND {ua} IS NOT NULL AND {ga} IS NOT NULL
               THEN ({ua} - {tu}) * {tg} * 1.0 / {tu} END, 2) AS uv_eff,
    ROUND(CASE WHEN {tu} > 0 AND {to} > 0 AND {ua} IS NOT NULL AND {ga} IS NOT NULL
               THEN ({oa} - {ua} * {to} * 1.0 / {tu}) * {tg} * 1.0 / {to} END, 2) AS conv_eff
"""
ACTUAL_COLUMNS = ", ".join(METRIC_FIELDS)
FIGURE_COLUMNS = (
    "uv, pv, orders, gmv, ad_spend, refunds, target_uv, target_orders, target_gmv, target_ad_spend, conversion, "
    "aov, roi, orders_variance, gmv_variance, orders_attainment, gmv_attainment, uv_effect, conversion_effect, "
    "aov_effect"
)


def build_days(cursor, store_ids: Sequence[int], first: date, last: date, now: datetime) -> int:
    """DayRollup, one row per store-day with actuals or a target of an active plan, in one statement: the
    actuals are the row of the preferred kind of source, then the latest one; the target is the latest-starting
    active plan's. Each input is read once, in (store, date) order, and each store-day written once."""
    ids = _in(store_ids)
    cursor.execute(
        f"DELETE FROM rollups_dayrollup WHERE store_id IN ({ids}) AND date >= %s AND date <= %s",
        [*store_ids, first, last],
    )
    effects = _EFFECTS.format(ua="a.uv", oa="a.orders", ga="a.gmv", tu="t.uv", to="t.orders", tg="t.gmv")
    cursor.execute(
        f"""
        INSERT INTO rollups_dayrollup (store_id, date, source, paying_buyers, new_buyers, returning_buyers,
            plan_id, stage, {FIGURE_COLUMNS}, computed_at)
        WITH actuals AS (
            SELECT store_id, date, source, {ACTUAL_COLUMNS} FROM (
                SELECT m.store_id, m.date, m.source, {", ".join(f"m.{c}" for c in METRIC_FIELDS)},
                       ROW_NUMBER() OVER (
                           PARTITION BY m.store_id, m.date
                           ORDER BY CASE WHEN (m.source = %s) = (s.source_policy = %s) THEN 0 ELSE 1 END,
                                    m.updated_at DESC, m.source
                       ) AS rank
                FROM funnel_dailymetric m JOIN stores_store s ON s.id = m.store_id
                WHERE m.store_id IN ({ids}) AND m.date >= %s AND m.date <= %s
            ) ranked WHERE rank = 1
        ),
        targets AS (
            SELECT store_id, date, plan_id, stage, uv, orders, gmv, ad_spend FROM (
                SELECT p.store_id, dt.date, dt.plan_id, dt.stage, dt.uv, dt.orders, dt.gmv, dt.ad_spend,
                       ROW_NUMBER() OVER (PARTITION BY p.store_id, dt.date
                                          ORDER BY p.period_start DESC, p.id DESC) AS rank
                FROM funnel_dailytarget dt JOIN funnel_plan p ON p.id = dt.plan_id
                WHERE p.status = 'active' AND p.store_id IN ({ids}) AND dt.date >= %s AND dt.date <= %s
            ) ranked WHERE rank = 1
        ),
        joined AS (
            SELECT COALESCE(a.store_id, t.store_id) AS store_id, COALESCE(a.date, t.date) AS date, a.source,
                   a.paying_buyers, a.new_buyers, a.returning_buyers, t.plan_id, t.stage,
                   a.uv, a.pv, a.orders, a.gmv, a.ad_spend, a.refunds,
                   t.uv AS t_uv, t.orders AS t_orders, t.gmv AS t_gmv, t.ad_spend AS t_ad, {effects}
            FROM actuals a FULL JOIN targets t ON t.store_id = a.store_id AND t.date = a.date
        )
        SELECT store_id, date, source, paying_buyers, new_buyers, returning_buyers, plan_id, stage,
               {_FIGURES}, %s
        FROM joined
        """,
        [SERVICE_LOG_SOURCE, SERVICE_LOG_SOURCE, *store_ids, first, last, *store_ids, first, last, now],
    )
    return cursor.rowcount


def grain_window(grain: str, first: date, last: date) -> tuple[date, date]:
    """The days a calendar grain's periods touching [first, last] cover: whole weeks or whole months."""
    if grain == "week":
        return first - timedelta(days=first.weekday()), last + timedelta(days=6 - last.weekday())
    next_month = (last.replace(day=1) + timedelta(days=32)).replace(day=1)
    return first.replace(day=1), next_month - timedelta(days=1)


_SUMS = """
    SUM(CASE WHEN d.date <= %s THEN d.uv END) AS uv,
    SUM(CASE WHEN d.date <= %s THEN d.pv END) AS pv,
    SUM(CASE WHEN d.date <= %s THEN d.orders END) AS orders,
    SUM(CASE WHEN d.date <= %s THEN d.gmv END) AS gmv,
    SUM(CASE WHEN d.date <= %s THEN d.ad_spend END) AS ad_spend,
    SUM(CASE WHEN d.date <= %s THEN d.refunds END) AS refunds,
    SUM(CASE WHEN d.date <= %s THEN d.target_uv END) AS t_uv,
    SUM(CASE WHEN d.date <= %s THEN d.target_orders END) AS t_orders,
    SUM(CASE WHEN d.date <= %s THEN d.target_gmv END) AS t_gmv,
    SUM(CASE WHEN d.date <= %s THEN d.target_ad_spend END) AS t_ad,
    SUM(d.target_orders) AS period_t_orders, SUM(d.target_gmv) AS period_t_gmv
"""


def _period_sums(grain: str, ids: str, sql: Dialect) -> str:
    """The SELECT of one grain's per-period sums; its parameters are (window or span params, as_of × 10).

    Weeks and months group the day rows by their calendar period in one pass. Stages and plans are a few
    periods per store: their bounds come from the plan, and each period sums the store's days inside it."""
    if grain in ("week", "month"):
        start, end = (sql.week_start, sql.week_end) if grain == "week" else (sql.month_start, sql.month_end)
        return f"""
            SELECT d.store_id, {start} AS period_start, {end} AS period_end, CAST(NULL AS integer) AS stage, {_SUMS}
            FROM rollups_dayrollup d
            WHERE d.store_id IN ({ids}) AND d.date >= %s AND d.date <= %s
            GROUP BY d.store_id, {start}, {end}
        """
    if grain == "stage":
        spans = f"""
            SELECT DISTINCT p.store_id, sp.start_date AS period_start, sp.end_date AS period_end, sp.number AS stage
            FROM funnel_stageplan sp JOIN funnel_plan p ON p.id = sp.plan_id
            WHERE p.store_id IN ({ids}) AND sp.end_date >= %s AND sp.start_date <= %s AND EXISTS (
                SELECT 1 FROM rollups_dayrollup x
                WHERE x.store_id = p.store_id AND x.date >= %s AND x.date <= %s
                  AND x.date >= sp.start_date AND x.date <= sp.end_date AND x.plan_id = p.id AND x.stage = sp.number)
        """
    else:
        spans = f"""
            SELECT DISTINCT p.store_id, p.period_start, p.period_end, CAST(NULL AS integer) AS stage
            FROM funnel_plan p
            WHERE p.store_id IN ({ids}) AND p.period_end >= %s AND p.period_start <= %s AND EXISTS (
                SELECT 1 FROM rollups_dayrollup x
                WHERE x.store_id = p.store_id AND x.date >= %s AND x.date <= %s
                  AND x.date >= p.period_start AND x.date <= p.period_end AND x.plan_id = p.id)
        """
    return f"""
        SELECT s.store_id, s.period_start, s.period_end, s.stage, {_SUMS}
        FROM ({spans}) s JOIN rollups_dayrollup d
          ON d.store_id = s.store_id AND d.date >= s.period_start AND d.date <= s.period_end
        GROUP BY s.store_id, s.period_start, s.period_end, s.stage
    """


def build_periods(
    cursor, grain: str, store_ids: Sequence[int], first: date, last: date, as_of: date, now: datetime
) -> int:
    """PeriodRollup of one grain for every period that touches [first, last] and has days: sums to ``as_of``,
    targets to date and for the whole period, variance, attainment, effects and pace. One INSERT … SELECT
    that reads each day row of the range once."""
    sql, ids = dialect(), _in(store_ids)
    cursor.execute(
        f"DELETE FROM rollups_periodrollup WHERE store_id IN ({ids}) AND grain = %s "
        "AND period_end >= %s AND period_start <= %s",
        [*store_ids, grain, first, last],
    )
    if grain in ("week", "month"):
        window_start, window_end = grain_window(grain, first, last)
        sums_params = [*([as_of] * 10), *store_ids, window_start, window_end]
    else:
        sums_params = [*([as_of] * 10), *store_ids, first, last, first, last]
    elapsed_end = "CASE WHEN period_end < %s THEN period_end ELSE %s END"
    effects = _EFFECTS.format(ua="uv", oa="orders", ga="gmv", tu="t_uv", to="t_orders", tg="t_gmv")
    cursor.execute(
        f"""
        INSERT INTO rollups_periodrollup (store_id, grain, period_start, period_end, stage, as_of, days,
            days_elapsed, {FIGURE_COLUMNS}, period_target_orders, period_target_gmv, projected_orders,
            projected_gmv, pace_orders, pace_gmv, computed_at)
        WITH sums AS ({_period_sums(grain, ids, sql)}),
        timed AS (
            SELECT sums.*, {sql.span("period_start", "period_end")} + 1 AS days,
                   CASE WHEN period_start > %s THEN 0
                        ELSE {sql.span("period_start", elapsed_end)} + 1 END AS elapsed,
                   {effects}
            FROM sums
        )
        SELECT store_id, %s, period_start, period_end, stage, %s, days, elapsed, {_FIGURES},
               period_t_orders, period_t_gmv,
               CASE WHEN elapsed > 0 THEN orders * 1.0 / elapsed * days END,
               CASE WHEN elapsed > 0 THEN ROUND(gmv * 1.0 / elapsed * days, 2) END,
               CASE WHEN elapsed > 0 AND period_t_orders > 0 THEN orders * 1.0 / elapsed * days / period_t_orders END,
               CASE WHEN elapsed > 0 AND period_t_gmv > 0 THEN gmv * 1.0 / elapsed * days / period_t_gmv END,
               %s
        FROM timed
        """,
        [*sums_params, as_of, as_of, as_of, grain, as_of, now],
    )
    return cursor.rowcount
