"""The period view computes the projected GMV as funnel.formulas defines it, rounding the guarded run rate as every
rounded figure is written (``ROUND(CASE WHEN elapsed > 0 THEN … END, 2)`` instead of ``CASE WHEN elapsed > 0 THEN
ROUND(…, 2) END``): the same value and type, from the one definition the other figures come from. The view's SQL is
``rollups.sql.period_view`` as of this migration, copied here so that the migration does not change when that code
does.

The segments the view reads do not change, so nothing is marked for a rollup. Reversing it puts back the view of
0007.
"""

import importlib

from django.db import migrations

POSTGRES = """
    SELECT (CAST((store_id * 10 + CASE grain WHEN 'week' THEN 0 WHEN 'month' THEN 1 WHEN 'stage' THEN 2 WHEN 'plan' THEN 3 END) AS bigint) * 1000000 + (period_start - DATE '2000-01-01')) AS id, store_id, grain, period_start, period_end, stage, as_of, days,
           elapsed AS days_elapsed, 
    uv, pv, orders, gmv, ad_spend, refunds, t_uv AS target_uv, t_orders AS target_orders, t_gmv AS target_gmv,
    t_ad AS target_ad_spend,
    CAST(CASE WHEN uv > 0 THEN orders * 1.0 / uv END AS numeric(9, 6)) AS conversion,
    CAST(CASE WHEN orders > 0 THEN gmv * 1.0 / orders END AS numeric(14, 2)) AS aov,
    CAST(CASE WHEN ad_spend > 0 THEN gmv * 1.0 / ad_spend END AS numeric(12, 2)) AS roi,
    orders - t_orders AS orders_variance,
    gmv - t_gmv AS gmv_variance,
    CAST(CASE WHEN t_orders > 0 THEN orders * 1.0 / t_orders END AS numeric(9, 4)) AS orders_attainment,
    CAST(CASE WHEN t_gmv > 0 THEN gmv * 1.0 / t_gmv END AS numeric(9, 4)) AS gmv_attainment,
    uv_eff AS uv_effect,
    conv_eff AS conversion_effect,
    (gmv - t_gmv) - uv_eff - conv_eff AS aov_effect
    ,
           period_t_orders AS period_target_orders, period_t_gmv AS period_target_gmv,
           CAST(CASE WHEN elapsed > 0 THEN orders * 1.0 / elapsed * days END AS numeric(14, 1)) AS projected_orders,
           ROUND(CASE WHEN elapsed > 0 THEN gmv * 1.0 / elapsed * days END, 2) AS projected_gmv,
           CAST(CASE WHEN elapsed > 0 AND period_t_orders > 0 THEN orders * 1.0 / elapsed * days / period_t_orders END AS numeric(9, 4)) AS pace_orders,
           CAST(CASE WHEN elapsed > 0 AND period_t_gmv > 0 THEN gmv * 1.0 / elapsed * days / period_t_gmv END AS numeric(9, 4)) AS pace_gmv,
           computed_at
    FROM (
        SELECT sums.*, (period_end - period_start) + 1 AS days,
               CASE WHEN period_start > as_of THEN 0 ELSE (CASE WHEN period_end < as_of THEN period_end ELSE as_of END - period_start) + 1 END AS elapsed,
               ROUND(CASE WHEN t_uv > 0 AND t_orders > 0 AND uv IS NOT NULL AND gmv IS NOT NULL THEN (uv - t_uv) * t_gmv * 1.0 / t_uv END, 2) AS uv_eff,
    ROUND(CASE WHEN t_uv > 0 AND t_orders > 0 AND uv IS NOT NULL AND gmv IS NOT NULL THEN (orders - uv * t_orders * 1.0 / t_uv) * t_gmv * 1.0 / t_orders END, 2) AS conv_eff
        FROM (
            SELECT 'week' AS grain, g.store_id, g.week AS period_start, (g.week + 6) AS period_end,
                   CAST(NULL AS integer) AS stage, SUM(CASE WHEN g.past THEN g.uv END) AS uv, SUM(CASE WHEN g.past THEN g.pv END) AS pv, SUM(CASE WHEN g.past THEN g.orders END) AS orders, SUM(CASE WHEN g.past THEN g.gmv END) AS gmv, SUM(CASE WHEN g.past THEN g.ad_spend END) AS ad_spend, SUM(CASE WHEN g.past THEN g.refunds END) AS refunds, SUM(CASE WHEN g.past THEN g.target_uv END) AS t_uv, SUM(CASE WHEN g.past THEN g.target_orders END) AS t_orders, SUM(CASE WHEN g.past THEN g.target_gmv END) AS t_gmv, SUM(CASE WHEN g.past THEN g.target_ad_spend END) AS t_ad, SUM(g.target_orders) AS period_t_orders, SUM(g.target_gmv) AS period_t_gmv, MAX(g.as_of) AS as_of, MAX(g.computed_at) AS computed_at
            FROM rollups_periodsegment g
            GROUP BY g.store_id, g.week
            UNION ALL
            SELECT 'month', g.store_id, g.month, CAST(g.month + interval '1 month - 1 day' AS date), NULL, SUM(CASE WHEN g.past THEN g.uv END) AS uv, SUM(CASE WHEN g.past THEN g.pv END) AS pv, SUM(CASE WHEN g.past THEN g.orders END) AS orders, SUM(CASE WHEN g.past THEN g.gmv END) AS gmv, SUM(CASE WHEN g.past THEN g.ad_spend END) AS ad_spend, SUM(CASE WHEN g.past THEN g.refunds END) AS refunds, SUM(CASE WHEN g.past THEN g.target_uv END) AS t_uv, SUM(CASE WHEN g.past THEN g.target_orders END) AS t_orders, SUM(CASE WHEN g.past THEN g.target_gmv END) AS t_gmv, SUM(CASE WHEN g.past THEN g.target_ad_spend END) AS t_ad, SUM(g.target_orders) AS period_t_orders, SUM(g.target_gmv) AS period_t_gmv, MAX(g.as_of) AS as_of, MAX(g.computed_at) AS computed_at
            FROM rollups_periodsegment g
            GROUP BY g.store_id, g.month
            UNION ALL
            SELECT 'stage', g.store_id, sp.start_date, sp.end_date, sp.number, SUM(CASE WHEN g.past THEN g.uv END) AS uv, SUM(CASE WHEN g.past THEN g.pv END) AS pv, SUM(CASE WHEN g.past THEN g.orders END) AS orders, SUM(CASE WHEN g.past THEN g.gmv END) AS gmv, SUM(CASE WHEN g.past THEN g.ad_spend END) AS ad_spend, SUM(CASE WHEN g.past THEN g.refunds END) AS refunds, SUM(CASE WHEN g.past THEN g.target_uv END) AS t_uv, SUM(CASE WHEN g.past THEN g.target_orders END) AS t_orders, SUM(CASE WHEN g.past THEN g.target_gmv END) AS t_gmv, SUM(CASE WHEN g.past THEN g.target_ad_spend END) AS t_ad, SUM(g.target_orders) AS period_t_orders, SUM(g.target_gmv) AS period_t_gmv, MAX(g.as_of) AS as_of, MAX(g.computed_at) AS computed_at
            FROM rollups_periodsegment g JOIN funnel_stageplan sp ON sp.plan_id = g.plan_id AND sp.number = g.stage
            GROUP BY g.store_id, sp.start_date, sp.end_date, sp.number
            UNION ALL
            SELECT 'plan', g.store_id, p.period_start, p.period_end, NULL, SUM(CASE WHEN g.past THEN g.uv END) AS uv, SUM(CASE WHEN g.past THEN g.pv END) AS pv, SUM(CASE WHEN g.past THEN g.orders END) AS orders, SUM(CASE WHEN g.past THEN g.gmv END) AS gmv, SUM(CASE WHEN g.past THEN g.ad_spend END) AS ad_spend, SUM(CASE WHEN g.past THEN g.refunds END) AS refunds, SUM(CASE WHEN g.past THEN g.target_uv END) AS t_uv, SUM(CASE WHEN g.past THEN g.target_orders END) AS t_orders, SUM(CASE WHEN g.past THEN g.target_gmv END) AS t_gmv, SUM(CASE WHEN g.past THEN g.target_ad_spend END) AS t_ad, SUM(g.target_orders) AS period_t_orders, SUM(g.target_gmv) AS period_t_gmv, MAX(g.as_of) AS as_of, MAX(g.computed_at) AS computed_at
            FROM rollups_periodsegment g JOIN funnel_plan p ON p.id = g.plan_id
            GROUP BY g.store_id, p.period_start, p.period_end
        ) sums
    ) timed
    """

PREVIOUS = importlib.import_module("rollups.migrations.0007_periods_from_segments")


def _replace(schema_editor, body: str) -> None:
    schema_editor.execute("DROP VIEW rollups_periodrollup")
    schema_editor.execute(f"CREATE VIEW rollups_periodrollup AS {body}")


def view_replace(apps, schema_editor):
    _replace(schema_editor, POSTGRES)


def view_restore(apps, schema_editor):
    _replace(schema_editor, PREVIOUS.POSTGRES)


class Migration(migrations.Migration):

    dependencies = [
        ("rollups", "0009_day_view_ranks_platform_exports"),
    ]

    operations = [
        migrations.RunPython(view_replace, view_restore),
    ]
