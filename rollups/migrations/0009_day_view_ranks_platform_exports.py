"""The day view ranks platform exports (``export:<platform>`` sources) by the store's source policy, which gains a
third choice, "platform exports first" (stores.choices.SOURCE_RANKS; docs/sources.md). The view's SQL is
``rollups.sql.day_view`` as of this migration, copied here so that the migration does not change when that code
does; it also carries the new ``refund_amount`` metric through the ranking of a day's sources.

No store has export rows yet and the two older policies keep API clients and the customer-service log in the same
order, so no day counts differently: nothing is marked for a rollup. Reversing it puts back the view of 0006.
"""

import importlib

from django.db import migrations

POSTGRES = """
    SELECT (CAST(store_id AS bigint) * 1000000 + (date - DATE '2000-01-01')) AS id, store_id, date, source, paying_buyers, new_buyers, returning_buyers, plan_id, stage,
           
    uv, pv, orders, gmv, ad_spend, refunds, t_uv AS target_uv, t_orders AS target_orders, t_gmv AS target_gmv,
    t_ad AS target_ad_spend,
    CAST(CASE WHEN uv > 0 THEN orders * 1.0 / uv END AS numeric(9, 6)) AS conversion,
    CAST(CASE WHEN orders > 0 THEN gmv * 1.0 / orders END AS numeric(14, 2)) AS aov,
    CAST(CASE WHEN ad_spend > 0 THEN gmv * 1.0 / ad_spend END AS numeric(12, 2)) AS roi,
    orders - t_orders AS orders_variance, gmv - t_gmv AS gmv_variance,
    CAST(CASE WHEN t_orders > 0 THEN orders * 1.0 / t_orders END AS numeric(9, 4)) AS orders_attainment,
    CAST(CASE WHEN t_gmv > 0 THEN gmv * 1.0 / t_gmv END AS numeric(9, 4)) AS gmv_attainment,
    uv_eff AS uv_effect, conv_eff AS conversion_effect, (gmv - t_gmv) - uv_eff - conv_eff AS aov_effect
    , CURRENT_TIMESTAMP AS computed_at
    FROM (
        SELECT joined.*, 
    ROUND(CASE WHEN t_uv > 0 AND t_orders > 0 AND uv IS NOT NULL AND gmv IS NOT NULL
               THEN (uv - t_uv) * t_gmv * 1.0 / t_uv END, 2) AS uv_eff,
    ROUND(CASE WHEN t_uv > 0 AND t_orders > 0 AND uv IS NOT NULL AND gmv IS NOT NULL
               THEN (orders - uv * t_orders * 1.0 / t_uv) * t_gmv * 1.0 / t_orders END, 2) AS conv_eff
 FROM (
            SELECT a.store_id, a.date, a.source, a.paying_buyers, a.new_buyers, a.returning_buyers, t.plan_id, t.stage,
    a.uv, a.pv, a.orders, a.gmv, a.ad_spend, a.refunds, t.uv AS t_uv, t.orders AS t_orders, t.gmv AS t_gmv,
    t.ad_spend AS t_ad
            FROM (
        SELECT store_id, date, source, uv, pv, orders, refunds, paying_buyers, new_buyers, returning_buyers, gmv, ad_spend, refund_amount FROM (
            SELECT m.store_id, m.date, m.source, m.uv, m.pv, m.orders, m.refunds, m.paying_buyers, m.new_buyers, m.returning_buyers, m.gmv, m.ad_spend, m.refund_amount,
                   ROW_NUMBER() OVER (
                       PARTITION BY m.store_id, m.date
                       ORDER BY CASE s.source_policy WHEN 'service_log' THEN CASE WHEN m.source = 'service_log' THEN 0 WHEN substr(m.source, 1, 7) = 'export:' THEN 1 ELSE 2 END WHEN 'exports' THEN CASE WHEN m.source = 'service_log' THEN 2 WHEN substr(m.source, 1, 7) = 'export:' THEN 0 ELSE 1 END ELSE CASE WHEN m.source = 'service_log' THEN 2 WHEN substr(m.source, 1, 7) = 'export:' THEN 1 ELSE 0 END END, m.updated_at DESC, m.source
                   ) AS rank
            FROM funnel_dailymetric m JOIN stores_store s ON s.id = m.store_id
            
        ) ranked WHERE rank = 1
    ) a
            LEFT JOIN (
        SELECT store_id, date, plan_id, stage, uv, orders, gmv, ad_spend FROM (
            SELECT p.store_id, dt.date, dt.plan_id, dt.stage, dt.uv, dt.orders, dt.gmv, dt.ad_spend,
                   ROW_NUMBER() OVER (PARTITION BY p.store_id, dt.date ORDER BY p.period_start DESC, p.id DESC) AS rank
            FROM funnel_dailytarget dt JOIN funnel_plan p ON p.id = dt.plan_id
            WHERE p.status = 'active' 
        ) ranked WHERE rank = 1
    ) t ON t.store_id = a.store_id AND t.date = a.date
            UNION ALL
            SELECT t.store_id, t.date, NULL, NULL, NULL, NULL, t.plan_id, t.stage, NULL, NULL, NULL, NULL, NULL, NULL,
                   t.uv, t.orders, t.gmv, t.ad_spend
            FROM (
        SELECT store_id, date, plan_id, stage, uv, orders, gmv, ad_spend FROM (
            SELECT p.store_id, dt.date, dt.plan_id, dt.stage, dt.uv, dt.orders, dt.gmv, dt.ad_spend,
                   ROW_NUMBER() OVER (PARTITION BY p.store_id, dt.date ORDER BY p.period_start DESC, p.id DESC) AS rank
            FROM funnel_dailytarget dt JOIN funnel_plan p ON p.id = dt.plan_id
            WHERE p.status = 'active' 
        ) ranked WHERE rank = 1
    ) t
            WHERE NOT EXISTS (SELECT 1 FROM funnel_dailymetric m WHERE m.store_id = t.store_id AND m.date = t.date)
        ) joined
    ) effects
    """

PREVIOUS = importlib.import_module("rollups.migrations.0006_day_rollups_as_a_view")


def _replace(schema_editor, body: str) -> None:
    schema_editor.execute("DROP VIEW rollups_dayrollup")
    schema_editor.execute(f"CREATE VIEW rollups_dayrollup AS {body}")


def view_replace(apps, schema_editor):
    _replace(schema_editor, POSTGRES)


def view_restore(apps, schema_editor):
    _replace(schema_editor, PREVIOUS.POSTGRES)


class Migration(migrations.Migration):

    dependencies = [
        ("funnel", "0005_export_mappings_and_refund_amount"),
        ("rollups", "0008_verbose_names"),
        ("stores", "0003_source_policy_ranks_platform_exports"),
    ]

    operations = [
        migrations.RunPython(view_replace, view_restore),
    ]
