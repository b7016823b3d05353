"""The day rollups become a view: each store-day's actuals against its active plan's target, computed when read.

Writing a 30-column row for every store-day was most of a full rollup's time (docs/benchmarks.md); the periods are
now summed straight from the metrics and targets. The view's SQL is ``rollups.sql.day_view`` as of this migration,
copied here so that the migration does not change when that code does. Reversing it drops the view and creates
the empty table again: ``manage.py rollup --from … --to …`` fills it with what the code of that time computes.
"""

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
           SELECT store_id, date, source, uv, pv, orders, refunds, paying_buyers, new_buyers, returning_buyers, gmv, ad_spend FROM (
               SELECT m.store_id, m.date, m.source, m.uv, m.pv, m.orders, m.refunds, m.paying_buyers, m.new_buyers, m.returning_buyers, m.gmv, m.ad_spend,
                      ROW_NUMBER() OVER (
                          PARTITION BY m.store_id, m.date
                          ORDER BY CASE WHEN (m.source = 'service_log') = (s.source_policy = 'service_log') THEN 0 ELSE 1 END, m.updated_at DESC, m.source
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


def view_create(apps, schema_editor):
    schema_editor.execute("DROP TABLE rollups_dayrollup")
    schema_editor.execute(f"CREATE VIEW rollups_dayrollup AS {POSTGRES}")


def table_create(apps, schema_editor):
    schema_editor.execute("DROP VIEW rollups_dayrollup")
    schema_editor.create_model(apps.get_model("rollups", "DayRollup"))


class Migration(migrations.Migration):

    dependencies = [
        ("funnel", "0003_stage_templates_from_playbook"),
        ("rollups", "0005_day_rollup_holds_the_actuals"),
        ("stores", "0002_store_source_policy"),
    ]

    operations = [
        migrations.RunPython(view_create, table_create),
        migrations.AlterModelOptions(
            name="dayrollup",
            options={
                "managed": False,
                "ordering": ["store_id", "date"],
                "verbose_name": "day rollup",
                "verbose_name_plural": "day rollups",
            },
        ),
    ]
